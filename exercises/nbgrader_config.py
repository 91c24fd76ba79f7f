"""nbgrader configuration for the "Rights, Climate & the SDGs" course.

Run every ``nbgrader`` command from this folder (``cd exercises``): nbgrader reads this file from the
current directory. The course root is the folder that holds this file, so the repository works
wherever it is cloned. See book/appendices/instructor_guide.md for the whole workflow.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

COURSE_ROOT = os.path.dirname(os.path.abspath(__file__))

# --- Course directory -------------------------------------------------------------------------
c.CourseDirectory.course_id = "rights-climate-sdgs"
c.CourseDirectory.root = COURSE_ROOT
# The gradebook lives next to this file (it holds learner data: never commit it; see .gitignore).
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(COURSE_ROOT, "gradebook.db")
# Never copy notebook checkpoints or caches into releases or submissions.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".DS_Store", "brief.html", "brief.pdf"]

# --- What learners see in the released notebooks ----------------------------------------------
c.ClearSolutions.code_stub = {
    "python": '# YOUR CODE HERE\nraise NotImplementedError("Replace this line with your code.")',
}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE (write in full sentences; see the question for what to cover)"

# --- Autograding --------------------------------------------------------------------------------
# Each assignment notebook runs in about 10 s; the timeout only stops runaway learner code.
c.Execute.timeout = 120
c.ExecutePreprocessor.timeout = 120
# Keep feedback readable and the gradebook small when learner code prints a lot.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50
# If a learner deletes a locked test cell, put it back before grading instead of skipping it.
c.OverwriteCells.add_missing_cells = True
