"""``python -m courseops.safegrade ASSIGNMENT``: kept for older scripts; the grader is the package
:mod:`courseops.sandboxgrade` (``courseops grade``)."""

from __future__ import annotations

from courseops.sandboxgrade.pipeline import *  # noqa: F403
from courseops.sandboxgrade.pipeline import main

if __name__ == "__main__":
    raise SystemExit(main())
