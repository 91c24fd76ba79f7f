"""Sandboxed autograding: ``courseops grade ASSIGNMENT [ASSIGNMENT ...]`` (or ``python -m courseops.safegrade``).

The package holds the pipeline (prepare, execute, record: :mod:`.pipeline`), the runner that executes
notebooks inside the sandbox (:mod:`.runner`), the static tamper scan (:mod:`.tamper`), the bubblewrap
sandbox (:mod:`.sandbox`), and the warm workers (:mod:`.warm`, with :mod:`.template` running inside
the sandbox). See book/appendices/safe_grading.md.
"""

from __future__ import annotations

from courseops.sandboxgrade.pipeline import (
    OVERRIDE_FLAG,
    Outcome,
    SandboxUnavailable,
    grade_assignment,
    grade_assignments,
    main,
    summary_table,
)

__all__ = ["OVERRIDE_FLAG", "Outcome", "SandboxUnavailable", "grade_assignment", "grade_assignments", "main", "summary_table"]
