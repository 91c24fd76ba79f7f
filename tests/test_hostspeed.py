"""courseops.sandboxgrade.hostspeed: the set-up costs nbgrader repeats per submission, paid once.

The scores graded with it are compared with plain nbgrader's in tests/test_safegrade_*.py and in
benchmarks/grading_speed.py; here: it checks cell metadata exactly as nbgrader does, Gradebooks of one
database share an engine (and its compiled statements) only inside the block, and nbgrader's own
functions are back afterwards.
"""

from __future__ import annotations

import jsonschema
import nbgrader.api as api
import nbgrader.nbgraderformat.common as common
import pytest
from nbformat.v4 import new_code_cell
from nbgrader.nbgraderformat import MetadataValidator

from courseops.sandboxgrade.hostspeed import faster_nbgrader

GOOD = {"grade": True, "grade_id": "part1", "locked": False, "points": 2, "schema_version": 3, "solution": True, "task": False}


def error_of(metadata: dict) -> str | None:
    cell = new_code_cell("x = 1", metadata={"nbgrader": metadata})
    try:
        MetadataValidator().validate_cell(cell)
    except jsonschema.ValidationError as err:
        return err.message
    return None


@pytest.mark.parametrize(
    "metadata",
    [
        GOOD,
        {**GOOD, "points": "two"},  # wrong type
        {k: v for k, v in GOOD.items() if k != "grade_id"},  # missing key
        {**GOOD, "extra": 1},  # unknown key
    ],
)
def test_cell_checks_match_nbgrader_exactly(metadata):
    plain = error_of(metadata)
    with faster_nbgrader():
        kept = error_of(metadata)
        again = error_of(metadata)
    assert kept == plain == again
    assert (plain is None) == (metadata is GOOD)


def test_gradebooks_share_an_engine_only_inside_the_block(tmp_path):
    url = f"sqlite:///{tmp_path / 'gradebook.db'}"
    with faster_nbgrader():
        with api.Gradebook(url) as first:
            first.add_student("learner01")
        with api.Gradebook(url) as second:
            assert second.engine is first.engine
            assert [s.id for s in second.students] == ["learner01"]  # disposed once, reconnects
    with api.Gradebook(url) as outside, api.Gradebook(url) as other:
        assert outside.engine is not other.engine
        assert [s.id for s in outside.students] == ["learner01"]


def test_a_gradebook_opened_again_skips_the_table_check(tmp_path):
    from sqlalchemy import event

    url = f"sqlite:///{tmp_path / 'new.db'}"
    with faster_nbgrader():
        with api.Gradebook(url) as first:  # a new database: its tables are created as usual
            first.add_student("learner01")
        with api.Gradebook(url):  # the first to find them all keeps their names
            statements = []
            event.listen(first.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        with api.Gradebook(url) as third:
            assert [s.id for s in third.students] == ["learner01"]
    assert not any("sqlite_master" in q or "PRAGMA" in q for q in statements), statements
    with api.Gradebook(f"sqlite:///{tmp_path / 'other.db'}") as other:  # outside: nbgrader's own check
        assert other.students == []


def test_nbgrader_functions_are_restored_even_after_an_error():
    create_engine, checker, inspect = api.create_engine, common.jsonschema, api.inspect
    with pytest.raises(RuntimeError), faster_nbgrader():
        assert api.create_engine is not create_engine and common.jsonschema is not checker
        assert api.inspect is not inspect and "create_all" in vars(api.Base.metadata)
        raise RuntimeError("a grading run that fails")
    assert api.create_engine is create_engine and common.jsonschema is checker and api.inspect is inspect
    assert "create_all" not in vars(api.Base.metadata)  # the class's own method again
