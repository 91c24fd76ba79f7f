"""Course operations for instructors, apart from the learner-facing toolkit (``rightsclimate``).

One command, run in the course folder (the one holding ``nbgrader_config.py``) or below it:
``courseops SUBCOMMAND`` (or ``python -m courseops SUBCOMMAND``); ``courseops --help`` lists them.
Each subcommand module also keeps its own entry point, e.g. ``python -m courseops.gradecheck``.

Layout, top to bottom; a module imports only from layers below it (``[tool.importlinter]`` in
pyproject.toml, checked by tests/test_import_layers.py, which also forbids any import circle):

- ``cli``: the ``courseops`` command; finds the course, dispatches, exit codes 0/1/2.
- commands: ``release``, ``grade`` (plain), ``sandboxgrade`` (sandboxed package; ``safegrade`` is its old
  name), ``feedback``, ``handgrade`` (``scores``), ``lmsexport``, ``report``, ``gradecheck`` (``check``),
  ``leakguard``, ``bundle``, ``personalise``.
- ``course``: a course folder and nbgrader's Python API bound to it.
- ``gradebook`` (the only module that opens the database) and ``precheck`` (the one pre-check and
  missing/renamed-notebook policy shared by both graders).
- helpers: ``nbgrader_cli`` (run nbgrader), ``notebooks`` (cell roles and regions), ``setupcell``.
- ``paths``: finding the course and reading its settings as nbgrader resolves them.
"""
