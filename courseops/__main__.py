"""``python -m courseops SUBCOMMAND``: the same as the ``courseops`` command (see :mod:`courseops.cli`)."""

from courseops.cli import main

raise SystemExit(main())
