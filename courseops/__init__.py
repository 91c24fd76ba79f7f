"""Course operations for instructors, apart from the learner-facing toolkit.

Command-line tools (run from the repository root; ``--help`` for options):

- ``python -m courseops.release``     regenerate ``exercises/release/`` from ``exercises/source/``
- ``python -m courseops.grade ID``    pre-check and autograde collected submissions, reporting broken ones
- ``python -m courseops.gradecheck``  end-to-end grading check of every assignment in a scratch course
- ``python -m courseops.report``      HTML grade report from the gradebook
- ``python -m courseops.leakguard``   no solution or hidden test in the release or the built book

Library modules: ``paths`` (where things are), ``nbgrader_cli`` (run nbgrader commands), ``course``
(course folders and nbgrader's Python API), ``notebooks`` (cell roles and regions), ``gradebook``
(reading scores).
"""
