"""Tests for rightsclimate.indicators: the indicator-set schema, each validation rule, cards and figure.

The indicator rows below are SYNTHETIC (made up for the tests); their numbers are not statistics.
One test at the end fills a set with figures taken from the shipped data.
"""

from __future__ import annotations

from html.parser import HTMLParser

import frictionless
import matplotlib
import pandas as pd
import pytest

from rightsclimate import indicators as ind
from rightsclimate.plots import PALETTE
from rightsclimate.selfcheck import CheckFailed

matplotlib.use("Agg")


def _row(**changes) -> dict:
    """A synthetic, valid outcome row; keyword arguments change or (with None) empty a field."""
    row = {
        "right": "right to health",
        "attribute": "prevention of heat-related illness",
        "type": "outcome",
        "indicator": "heat-related illness cases per 100,000 residents, July-August (synthetic)",
        "unit": "cases per 100,000",
        "duty_bearer": "provincial government (health department)",
        "disaggregation": "sex; age group",
        "source": "synthetic test row",
        "sdg_indicator": "3.9.1",
        "baseline": 12.5,
        "baseline_year": 2024,
        "target": 10.0,
        "target_year": 2030,
        "direction": "decrease",
    }
    row.update(changes)
    return row


def _valid_set() -> list[dict]:
    return [
        _row(
            type="structural",
            indicator="State party to ICESCR (synthetic)",
            unit="1 = in place, 0 = not",
            disaggregation=None,
            baseline=1,
            baseline_year=2024,
            target=1,
            target_year=2030,
            direction="maintain",
        ),
        _row(
            type="process",
            indicator="share of registered older residents called on heat-wave days (synthetic)",
            unit="%",
            disaggregation=None,
            baseline=None,
            baseline_year=None,
            target=None,
            target_year=None,
            direction="increase",
        ),
        _row(),
    ]


def _problems(rows) -> list[tuple]:
    return [(p.row, p.field) for p in ind.validate_indicator_set(rows)]


# --- schema -----------------------------------------------------------------------------------
def test_schema_is_frictionless_with_types_required_fields_and_enums():
    schema = ind.indicator_schema()
    assert isinstance(schema, frictionless.Schema)
    assert schema.field_names == ind.COLUMNS
    required = {f.name for f in schema.fields if f.constraints.get("required")}
    assert required == {"right", "attribute", "type", "indicator", "unit", "duty_bearer", "source"}
    assert schema.get_field("type").constraints["enum"] == list(ind.TYPES)
    assert schema.get_field("direction").constraints["enum"] == list(ind.DIRECTIONS)
    assert schema.get_field("baseline").type == "number" and schema.get_field("target").type == "number"
    assert schema.get_field("baseline_year").type == "integer" and schema.get_field("target_year").type == "integer"


def test_schema_validates_a_csv_file_with_frictionless_itself(tmp_path):
    path = tmp_path / "set.csv"
    ind.indicator_set(_valid_set()).to_csv(path, index=False)
    assert frictionless.Resource(path="set.csv", basepath=str(tmp_path), schema=ind.indicator_schema()).validate().valid
    bad = pd.read_csv(path).assign(type=["structural", "process", "impact"])
    bad.to_csv(path, index=False)
    assert (
        not frictionless.Resource(path="set.csv", basepath=str(tmp_path), schema=ind.indicator_schema())
        .validate()
        .valid
    )


# --- the rules, one test each -----------------------------------------------------------------
def test_a_valid_set_has_no_problem_as_list_or_dataframe():
    assert ind.validate_indicator_set(_valid_set()) == []
    assert ind.validate_indicator_set(pd.DataFrame(_valid_set())) == []
    assert ind.validate_indicator_set(ind.indicator_set(_valid_set())) == []


@pytest.mark.parametrize("field", ["right", "attribute", "type", "indicator", "unit", "source"])
def test_required_fields(field):
    rows = _valid_set()
    rows[2][field] = "  "
    problems = ind.validate_indicator_set(rows)
    assert (3, field) in [(p.row, p.field) for p in problems]
    assert any("required" in p.reason for p in problems if p.field == field)


def test_a_missing_required_column_is_reported_once():
    rows = [{k: v for k, v in r.items() if k != "unit"} for r in _valid_set()]
    assert _problems(rows) == [(None, "unit")]


def test_type_must_be_one_of_the_three():
    rows = _valid_set()
    rows[1]["type"] = "impact"
    problems = ind.validate_indicator_set(rows)
    assert [(p.row, p.field) for p in problems if p.row] == [(2, "type")]
    assert "'impact' is not one of structural, process, outcome" in str(problems)


@pytest.mark.parametrize("dropped", ind.TYPES)
def test_set_covers_all_three_types(dropped):
    rows = [r for r in _valid_set() if r["type"] != dropped]
    problems = ind.validate_indicator_set(rows)
    assert [(p.row, p.field) for p in problems] == [(None, "type")]
    assert f"no {dropped} indicator" in problems[0].reason


@pytest.mark.parametrize("duty", [None, "", "TBD", "n/a", "none"])
def test_every_row_names_a_duty_bearer(duty):
    rows = _valid_set()
    rows[0]["duty_bearer"] = duty
    problems = ind.validate_indicator_set(rows)
    assert [(p.row, p.field) for p in problems] == [(1, "duty_bearer")]  # one problem, not two (schema + rule)
    assert "duty bearer" in problems[0].reason


def test_outcome_needs_a_baseline_computed_from_data():
    rows = _valid_set()
    rows[2]["baseline"] = None
    rows[2]["target"] = None
    assert _problems(rows) == [(3, "baseline")]
    rows[2]["baseline"] = "TBD"
    problems = ind.validate_indicator_set(rows)
    assert [str(p) for p in problems] == [
        "row 3, baseline: an outcome indicator needs a baseline computed from data; 'TBD' is not a number"
    ]


def test_process_and_structural_rows_may_have_no_baseline():
    rows = _valid_set()
    rows[0].update(baseline=None, target=None)
    assert rows[1]["baseline"] is None
    assert ind.validate_indicator_set(rows) == []


def test_outcome_needs_a_baseline_year():
    rows = _valid_set()
    rows[2]["baseline_year"] = None
    assert _problems(rows) == [(3, "baseline_year")]


@pytest.mark.parametrize("given", [None, "", "none", "Total", "total; none"])
def test_outcome_needs_at_least_one_disaggregation(given):
    rows = _valid_set()
    rows[2]["disaggregation"] = given
    problems = ind.validate_indicator_set(rows)
    assert [(p.row, p.field) for p in problems] == [(3, "disaggregation")]
    assert "who is left behind" in problems[0].reason


@pytest.mark.parametrize("given", ["sex", "sex; age group", "total; sex", "disability"])
def test_one_real_disaggregation_is_enough(given):
    rows = _valid_set()
    rows[2]["disaggregation"] = given
    assert ind.validate_indicator_set(rows) == []


@pytest.mark.parametrize("field", ["baseline", "target"])
def test_baseline_and_target_must_be_numbers_when_given(field):
    rows = _valid_set()
    rows[1].update(baseline=40.0, baseline_year=2024, target=80.0, target_year=2030)
    assert ind.validate_indicator_set(rows) == []
    rows[1][field] = "about 50"
    problems = ind.validate_indicator_set(rows)
    assert [(p.row, p.field) for p in problems] == [(2, field)]
    assert "'about 50' is not a number" in problems[0].reason


def test_numbers_written_as_text_are_accepted():
    rows = _valid_set()
    rows[2].update(baseline="12.5", baseline_year="2024")
    assert ind.validate_indicator_set(rows) == []


@pytest.mark.parametrize("target_year", [2024, 2020])
def test_target_year_after_baseline_year(target_year):
    rows = _valid_set()
    rows[2]["target_year"] = target_year
    problems = ind.validate_indicator_set(rows)
    assert [(p.row, p.field) for p in problems] == [(3, "target_year")]
    assert "must come after the baseline year (2024)" in problems[0].reason


def test_a_target_needs_a_direction():
    rows = _valid_set()
    rows[2]["direction"] = None
    assert _problems(rows) == [(3, "direction")]
    rows[2]["direction"] = "down"  # not an allowed value
    assert _problems(rows) == [(3, "direction")]


def test_a_target_needs_a_target_year():
    rows = _valid_set()
    rows[2]["target_year"] = None
    assert _problems(rows) == [(3, "target_year")]


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "ok"),
    [
        ("increase", 10.0, 12.0, True),
        ("increase", 10.0, 10.0, False),
        ("increase", 10.0, 8.0, False),
        ("decrease", 10.0, 8.0, True),
        ("decrease", 10.0, 10.0, False),
        ("decrease", 10.0, 12.0, False),
        ("maintain", 10.0, 10.0, True),
        ("maintain", 0.1 + 0.2, 0.3, True),  # equal within 1e-9
        ("maintain", 10.0, 10.001, False),
    ],
)
def test_target_in_the_stated_direction(direction, baseline, target, ok):
    rows = _valid_set()
    rows[2].update(direction=direction, baseline=baseline, target=target)
    problems = ind.validate_indicator_set(rows)
    assert (problems == []) is ok
    if not ok:
        assert [(p.row, p.field) for p in problems] == [(3, "target")]
        assert f"the direction is '{direction}'" in problems[0].reason


@pytest.mark.parametrize(("baseline", "ok"), [(0, True), (1, True), (True, True), (2008, False), (0.5, False)])
def test_structural_baselines_are_0_or_1(baseline, ok):
    rows = _valid_set()
    rows[0].update(baseline=baseline, target=None, direction=None)
    problems = ind.validate_indicator_set(rows)
    assert (problems == []) is ok
    if not ok:
        assert [(p.row, p.field) for p in problems] == [(1, "baseline")]


def test_every_problem_at_once_in_learner_row_order():
    rows = _valid_set()
    rows[0]["duty_bearer"] = "TBD"
    rows[2].update(baseline="TBD", disaggregation="total", target_year=2020, direction="sideways")
    rows.append(_row(type="process", baseline_year=1800, attribute=None))
    problems = ind.validate_indicator_set(rows)
    where = [(p.row, p.field) for p in problems]
    assert where == [
        (1, "duty_bearer"),
        (3, "disaggregation"),
        (3, "baseline"),
        (3, "target_year"),
        (3, "direction"),
        (4, "attribute"),
        (4, "baseline_year"),
    ]
    assert all(p.reason and "\n" not in p.reason for p in problems)


@pytest.mark.parametrize(
    "bad",
    [None, "a string", 42, [1, 2], [], pd.DataFrame(), [{"type": [1, 2]}], [{"baseline": {"a": 1}, "type": "outcome"}]],
)
def test_never_raises_on_bad_input(bad):
    problems = ind.validate_indicator_set(bad)
    assert problems and all(isinstance(p, ind.Problem) for p in problems)


def test_unknown_columns_are_reported_not_ignored():
    rows = _valid_set()
    rows[1]["dutybearer"] = "typo"
    assert (None, "dutybearer") in _problems(rows)


def test_problem_str_reads_as_a_sentence():
    assert str(ind.Problem(3, "baseline", "x")) == "row 3, baseline: x"
    assert str(ind.Problem(None, "type", "y")) == "whole set, type: y"
    assert str(ind.Problem(None, None, "z")) == "whole set: z"


def test_blank_rows_are_reported_once():
    rows = [*_valid_set(), {c: None for c in ind.COLUMNS}]
    assert _problems(rows) == [(4, None)]


# --- indicator_set ----------------------------------------------------------------------------
def test_indicator_set_columns_order_and_dtypes():
    rows = [{k: v for k, v in r.items() if k not in ("sdg_indicator", "direction")} for r in _valid_set()]
    table = ind.indicator_set(list(reversed(rows)))
    assert list(table.columns) == ind.COLUMNS
    assert table["baseline"].dtype == "float64" and table["target"].dtype == "float64"
    assert str(table["baseline_year"].dtype) == "Int64" and str(table["target_year"].dtype) == "Int64"
    assert table["sdg_indicator"].isna().all() and table["direction"].isna().all()
    assert table["type"].tolist() == ["outcome", "process", "structural"]  # row order kept
    assert pd.isna(table.loc[1, "baseline"]) and pd.isna(table.loc[1, "baseline_year"])


def test_indicator_set_rejects_unknown_columns_by_name():
    rows = _valid_set()
    rows[0]["dutybearer"] = "typo"
    with pytest.raises(ValueError, match="dutybearer"):
        ind.indicator_set(rows)


def test_indicator_set_names_values_that_are_not_numbers():
    rows = _valid_set()
    rows[2]["baseline"] = "TBD"
    with pytest.raises(ValueError, match=r"row 3, baseline: 'TBD' is not a number"):
        ind.indicator_set(rows)


# --- check_indicator_set ----------------------------------------------------------------------
def test_check_lists_every_problem(capsys):
    rows = _valid_set()
    rows[0]["duty_bearer"] = None
    rows[2]["baseline"] = "TBD"
    with pytest.raises(CheckFailed) as err:
        ind.check_indicator_set(rows)
    assert "2 problem(s)" in str(err.value)
    assert "row 1, duty_bearer" in str(err.value) and "row 3, baseline" in str(err.value)
    ind.check_indicator_set(_valid_set())
    out = capsys.readouterr().out
    assert "3 indicators" in out and "Not checked" in out


# --- cards ------------------------------------------------------------------------------------
class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_cards_have_one_heading_per_indicator_and_labelled_fields():
    rows = _valid_set()
    rows[1]["indicator"] = "people reached <script>alert(1)</script>"
    html = ind.indicator_cards_html(rows).data
    parser = _Collector()
    parser.feed(html)
    tags = [t for t, _ in parser.tags]
    assert tags.count("h3") == 3 and tags.count("article") == 3
    assert "script" not in tags  # learner text is escaped
    assert tags.count("dt") == tags.count("dd") > 0
    ids = {a["id"] for t, a in parser.tags if t == "h3"}
    assert {a["aria-labelledby"] for t, a in parser.tags if t == "article"} == ids
    assert all("alt" in a for t, a in parser.tags if t == "img")
    assert all(a.get("aria-label") for t, a in parser.tags if t == "section")
    text = " ".join(parser.text)
    assert "in place (1)" in text and "12.5 cases per 100,000 (2024)" in text and "by 2030" in text
    assert "not given" in text  # missing values are said, not left blank
    assert ind.indicator_cards_html(rows, heading_level=4).data.count("<h4") == 3


# --- figure -----------------------------------------------------------------------------------
def test_plot_has_title_axis_labels_and_course_palette():
    ax = ind.plot_baseline_target(ind.indicator_set(_valid_set()))
    assert ax.get_title() and ax.get_xlabel().endswith("(%)") and ax.get_ylabel()
    assert len(ax.get_yticklabels()) == 3
    colours = {line.get_color() for line in ax.get_lines()}
    assert colours <= {PALETTE["blue"], PALETTE["orange"]} and colours
    texts = " ".join(t.get_text().replace("\n", " ") for t in ax.texts)
    assert "12.5 → 10 cases per 100,000" in texts and "no baseline or target" in texts
    assert "in place → in place" in texts  # structural 1 -> 1 in words, not "1 → 1"
    matplotlib.pyplot.close(ax.figure)


# --- real data --------------------------------------------------------------------------------
def test_a_structural_row_filled_from_the_shipped_ratification_table():
    from rightsclimate.data import load

    ratification = load("treaty_ratification")
    kor = ratification[(ratification["country_iso3"] == "KOR") & (ratification["instrument"] == "ICESCR")]
    assert len(kor) == 1
    in_place = int(bool(kor["state_party"].iloc[0]))
    rows = _valid_set()
    rows[0].update(baseline=in_place, target=1, direction="maintain" if in_place else "increase")
    assert ind.validate_indicator_set(rows) == []
