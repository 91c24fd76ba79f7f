"""Three costs nbgrader pays again for every submission, paid once per grading run instead.

The sandboxed grader runs nbgrader's own steps in the grading process for every learner: the first
half of autograde before the sandbox (:class:`pipeline.Prepare`), the second half after it
(:class:`pipeline.Record`). Once the learners' kernels are warm, these host steps are about half of a
submission's cost, and most of it is repeated set-up, not work:

* **SQL compilation.** SQLAlchemy keeps compiled statements on the *engine*; nbgrader's ``Gradebook``
  creates a new engine every time it is opened (several times per submission), so every query is
  compiled again. :func:`faster_nbgrader` lets Gradebooks of the same database share one engine.
  ``Gradebook.close()`` still disposes it, which only closes its pooled connections: the next
  Gradebook reconnects and finds the compiled statements kept.
* **Table checks.** Every ``Gradebook`` opened lists the database's tables and runs
  ``create_all``, which checks each of them again (about 17 queries). Inside the block, once a
  gradebook has found all of them for an engine, later ones skip both: no table is dropped while
  a grading run holds the gradebook.
* **Schema checks.** nbgrader checks each cell's nbgrader metadata with ``jsonschema.validate``, which
  first validates the *schema itself* against the JSON Schema meta-schema, for every cell. Here the
  schema is checked once and its validator kept; each cell is validated exactly as before (same
  validator class, same ``best_match`` error).

All are confined to :func:`faster_nbgrader` (a context manager around a grading run); the results
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


class _KnownTables:
    """What ``Gradebook.__init__`` asks of ``inspect(engine)``, for a database already checked in this run."""

    def __init__(self, names: list[str]):
        self._names = names

    def get_table_names(self) -> list[str]:
        return list(self._names)


class _RememberTables:
    """SQLAlchemy's inspector; once the gradebook's tables exist, their names are kept for the engine."""

    def __init__(self, inspector, engine, tables: dict):
        self._inspector, self._engine, self._tables = inspector, engine, tables

    def get_table_names(self) -> list[str]:
        names = self._inspector.get_table_names()
        if names:
            self._tables[id(self._engine)] = names
        return names

    def __getattr__(self, name):
        return getattr(self._inspector, name)


_LOCK = threading.Lock()


@contextlib.contextmanager
def faster_nbgrader() -> Iterator[None]:
    """Within this block, nbgrader Gradebooks share engines per database URL and cell metadata
    schemas are checked once. Restores nbgrader's own functions on exit."""
    import jsonschema
    import nbgrader.api as api
    import nbgrader.nbgraderformat.common as common

    with _LOCK:
        create_engine, checker, inspect = api.create_engine, common.jsonschema, api.inspect
        engines: dict[tuple, object] = {}
        tables: dict[int, list[str]] = {}  # id(engine) -> its table names, once they all exist

        def shared_engine(url, *args, **kwargs):
            key = (str(url), args, tuple(sorted(kwargs.items())))
            if key not in engines:
                engines[key] = create_engine(url, *args, **kwargs)
            return engines[key]

        def checked_once(engine):
            if id(engine) in tables:
                return _KnownTables(tables[id(engine)])
            return _RememberTables(inspect(engine), engine, tables)

        metadata = api.Base.metadata
        created: set[int] = set()  # id(engine) of the databases whose tables create_all has made

        def create_all_once(bind, **kwargs):
            if id(bind) not in created:
                type(metadata).create_all(metadata, bind=bind, **kwargs)
                created.add(id(bind))

        api.create_engine, common.jsonschema = shared_engine, _KeptValidators(jsonschema)
        api.inspect, metadata.create_all = checked_once, create_all_once
    try:
        yield
    finally:
        with _LOCK:
            api.create_engine, common.jsonschema, api.inspect = create_engine, checker, inspect
            del metadata.create_all  # the class's method again
        for engine in engines.values():
            engine.dispose()
