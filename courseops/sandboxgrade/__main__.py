"""``python -m courseops.sandboxgrade ASSIGNMENT`` (the same as ``courseops grade ASSIGNMENT``)."""

from courseops.sandboxgrade.pipeline import main

raise SystemExit(main())
