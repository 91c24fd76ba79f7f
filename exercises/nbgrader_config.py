"""nbgrader configuration for the "Rights, Climate & the SDGs" course.

Run every ``nbgrader`` command from this folder (``cd exercises``): nbgrader reads this file from the
current directory. The course root is the folder that holds this file, so the repository works
wherever it is cloned. See book/appendices/instructor_guide.md for the whole workflow.
"""

import importlib.util
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

# --- Quiet restore of hidden tests ---------------------------------------------------------------
# nbgrader stores each test cell's checksum with its hidden tests but learners receive it without them,
# so plain autograding warns "checksum has changed" for every untouched test cell (nbgrader issue 1961).
# This variant of OverwriteCells restores those cells without the false warning; a cell a learner
# really changed is still reported. Scores are the same.
if importlib.util.find_spec("courseops.feedback") is not None:
    c.Autograde.sanitize_preprocessors = [
        "nbgrader.preprocessors.ClearOutput",
        "nbgrader.preprocessors.DeduplicateIds",
        "nbgrader.preprocessors.OverwriteKernelspec",
        "courseops.feedback.RestoreHiddenTestsQuietly",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]

# --- Feedback -----------------------------------------------------------------------------------
# nbgrader puts the hidden tests back into each test cell before grading, and its feedback would show
# them (code, and the message of a hidden test that failed). courseops.feedback.HideHiddenTests keeps
# the visible code and says only whether the hidden tests passed. `courseops feedback` always uses it;
# this line makes plain `nbgrader generate_feedback` use it too wherever the course toolkit is installed.
if importlib.util.find_spec("courseops.feedback") is not None:
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "courseops.feedback.HideHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
