"""Two costs nbgrader pays again for every submission, paid once per grading run instead.

The sandboxed grader runs nbgrader's own steps in the grading process for every learner: the first
half of autograde before the sandbox (:class:`pipeline.Prepare`), the second half after it
(:class:`pipeline.Record`). Once the learners' kernels are warm, these host steps are about half of a
submission's cost, and most of it is repeated set-up, not work:

* **SQL compilation.** SQLAlchemy keeps compiled statements on the *engine*; nbgrader's ``Gradebook``
  creates a new engine every time it is opened (several times per submission), so every query is
  compiled again. :func:`faster_nbgrader` lets Gradebooks of the same database share one engine.
  ``Gradebook.close()`` still disposes it, which only closes its pooled connections: the next
  Gradebook reconnects and finds the compiled statements kept.
* **Schema checks.** nbgrader checks each cell's nbgrader metadata with ``jsonschema.validate``, which
  first validates the *schema itself* against the JSON Schema meta-schema, for every cell. Here the
  schema is checked once and its validator kept; each cell is validated exactly as before (same
  validator class, same ``best_match`` error).

Both are confined to :func:`faster_nbgrader` (a context manager around a grading run); the results
are identical (benchmarks/grading_speed.py compares every cell's score with plain nbgrader's).
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator


class _KeptValidators:
    """Stands in for the ``jsonschema`` module inside nbgrader.nbgraderformat.common."""

    def __init__(self, jsonschema):
        self._jsonschema = jsonschema
        self._validators: dict[str, object] = {}
        self.ValidationError = jsonschema.ValidationError

    def validate(self, instance, schema) -> None:
        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            cls = self._jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)  # what jsonschema.validate does first, on every call
            validator = self._validators[key] = cls(schema)
        error = self._jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(self._jsonschema, name)


_LOCK = threading.Lock()


@contextlib.contextmanager
def faster_nbgrader() -> Iterator[None]:
    """Within this block, nbgrader Gradebooks share engines per database URL and cell metadata
    schemas are checked once. Restores nbgrader's own functions on exit."""
    import jsonschema
    import nbgrader.api as api
    import nbgrader.nbgraderformat.common as common

    with _LOCK:
        create_engine, checker = api.create_engine, common.jsonschema
        engines: dict[tuple, object] = {}

        def shared_engine(url, *args, **kwargs):
            key = (str(url), args, tuple(sorted(kwargs.items())))
            if key not in engines:
                engines[key] = create_engine(url, *args, **kwargs)
            return engines[key]

        api.create_engine, common.jsonschema = shared_engine, _KeptValidators(jsonschema)
    try:
        yield
    finally:
        with _LOCK:
            api.create_engine, common.jsonschema = create_engine, checker
        for engine in engines.values():
            engine.dispose()
