"""The capstone brief's plumbing: completeness checks name what is missing, and the exports are readable.

The brief built here is SYNTHETIC (made-up text and numbers, labelled as such); the source keys and the
candidate-action table are the real ones of the course data package.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from rightsclimate import brief as rb
from rightsclimate.data import load
from rightsclimate.indicators import indicator_set

ACTIONS = load("adaptation_candidate_actions")
SENTENCE = "Synthetic test text for one section of the brief, written only to check the plumbing. "


def synthetic_indicators() -> pd.DataFrame:
    common = {"right": "right to health", "attribute": "prevention", "duty_bearer": "city government"}
    return indicator_set([
        {**common, "type": "structural", "indicator": "plan adopted", "unit": "1 = in place", "source": "council",
         "target": 1, "target_year": 2030, "direction": "increase"},
        {**common, "type": "process", "indicator": "people reached", "unit": "persons", "source": "records",
         "target": 500, "target_year": 2030, "direction": "increase"},
        {**common, "type": "outcome", "indicator": "cases per 100,000", "unit": "per 100,000",
         "source": "kr_heat_illness_daily_by_province", "disaggregation": "sex; age group",
         "baseline": 4.0, "baseline_year": 2024, "target": 3.2, "target_year": 2030, "direction": "decrease"},
    ])  # fmt: skip


def synthetic_brief(**changes) -> rb.Brief:
    fields = {
        "place": "Synthetic district",
        "sections": {key: f"**{title}.** " + SENTENCE * 6 for key, title in rb.SECTIONS.items()},
        "numbers": pd.DataFrame(
            {
                "label": ["hot days per year (synthetic)", "cases per 100,000 (synthetic)"],
                "value": [12.5, 4.0],
                "unit": ["days", "per 100,000"],
                "year": ["2016-2025", "2024"],
                "source": [
                    "city_daily_weather",
                    "kr_heat_illness_daily_by_province; kr_resident_population_by_district",
                ],
            }
        ),  # fmt: skip
        "indicators": synthetic_indicators(),
        "plan": ["H01", "H02", "H03"],
        "budget": 40,
        "author": "Test author",
    }
    fields.update(changes)
    return rb.Brief(**fields)


def test_a_complete_brief_has_no_problems():
    assert rb.brief_problems(synthetic_brief(), ACTIONS) == {
        "sections": [],
        "numbers": [],
        "indicators": [],
        "plan": [],
    }


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: s.pop("partners"), "section 'partners' (Partners and participation) is missing"),
        (lambda s: s.update(steps="YOUR TEXT HERE"), "still holds the template text"),
        (lambda s: s.update(context="Too short to count as a section."), "has 7 words; write at least 60"),
        (lambda s: s.update(monitoring=42), "must be text, not int"),
        (lambda s: s.update(extra="x"), "unknown section key(s) ['extra']"),
    ],
)
def test_section_problems_name_the_section(edit, expected):
    sections = dict(synthetic_brief().sections)
    edit(sections)
    problems = rb.section_problems(sections)
    assert any(expected in p for p in problems), problems


def test_word_count_ignores_markdown_symbols():
    assert rb.word_count("**Heat** - it's 12.5 days; *older* people") == 7


def test_unknown_or_missing_source_is_named_with_its_row():
    numbers = synthetic_brief().numbers.copy()
    numbers.loc[1, "source"] = "kr_heat_illness_daily_by_province; my_spreadsheet"
    numbers.loc[0, "value"] = float("nan")
    problems = rb.number_problems(numbers)
    assert any("row 2" in p and "my_spreadsheet" in p for p in problems), problems
    assert any("row 1" in p and "not a finite number" in p for p in problems), problems
    numbers.loc[1, "source"] = ""
    assert any("row 2" in p and "no source" in p for p in rb.number_problems(numbers))
    assert rb.number_problems(numbers.drop(columns="source")) == [
        f"the numbers table has no column(s) ['source']; its columns should be {rb.NUMBER_COLUMNS}"
    ]


def test_known_sources_are_the_package_resources():
    sources = rb.known_sources()
    assert {"adaptation_candidate_actions", "city_daily_weather", "sdg_framework"} <= sources
    assert "my_spreadsheet" not in sources


def test_plan_cost_uses_the_authored_table_and_the_budget_is_enforced():
    assert rb.plan_cost(["H01", "H02", "H03"], ACTIONS) == 40.0  # 20 + 15 + 5 hypothetical units
    assert rb.plan_problems(["H01", "H02", "H03"], 40, ACTIONS) == []
    over = rb.plan_problems(["H01", "H02", "H03"], 39.5, ACTIONS)
    assert over and "costs 40 units, more than the budget of 39.5" in over[0]
    assert "not in the candidate-action table" in rb.plan_problems(["H01", "Z99"], 100, ACTIONS)[0]
    assert "chosen twice" in rb.plan_problems(["H01", "H01"], 100, ACTIONS)[0]
    assert rb.plan_problems([], 40, ACTIONS) == ["the plan has no steps; choose at least one action"]
    assert "list of action ids" in rb.plan_problems("H01", 40, ACTIONS)[0]


def test_an_indicator_set_without_an_outcome_row_is_a_problem():
    table = synthetic_indicators()
    problems = rb.indicator_problems(table[table["type"] != "outcome"])
    assert any("no outcome indicator" in p for p in problems), problems


def test_html_export_has_one_heading_per_section_captioned_tables_and_sources(tmp_path):
    path = rb.export_html(synthetic_brief(), tmp_path / "brief.html", ACTIONS)
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.title.string == "Climate action brief: Synthetic district"
    assert [h.get_text() for h in soup.find_all("h1")] == [
        "A rights-based local climate action brief: Synthetic district"
    ]
    headings = [h.get_text() for h in soup.find_all("h2")]
    assert headings[:6] == [f"{n}. {title}" for n, title in enumerate(rb.SECTIONS.values(), start=1)]
    assert headings[6:] == ["Numbers in this brief", "Sources"]
    for key in rb.SECTIONS:
        assert SENTENCE.strip() in soup.find("section", id=key).get_text()
    captions = [c.get_text() for c in soup.find_all("caption")]
    assert captions[0] == "Indicators for Synthetic district: baselines and targets"
    assert captions[1] == "Chosen steps: 40 of 40 units"
    assert all(th.get("scope") == "col" for th in soup.find_all("th"))
    assert "HYPOTHETICAL" in soup.find("section", id="steps").get_text()
    sources = [li.code.get_text() for li in soup.find("section", id="sources").find_all("li")]
    assert sources == sorted(
        ["adaptation_candidate_actions", "city_daily_weather", "kr_heat_illness_daily_by_province",
         "kr_resident_population_by_district"]
    )  # fmt: skip
    assert "Open-Meteo" in soup.find("section", id="sources").get_text()


def test_html_export_keeps_lists_and_paragraphs(tmp_path):
    sections = dict(synthetic_brief().sections)
    sections["indicators"] = (
        "Synthetic lead-in line:\n- first item\n  continued on an indented line\n- second item\n\nA closing paragraph."
    )
    path = rb.export_html(synthetic_brief(sections=sections), tmp_path / "b.html", ACTIONS)
    section = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("section", id="indicators")
    assert [p.get_text() for p in section.find_all("p")] == ["Synthetic lead-in line:", "A closing paragraph."]
    assert [li.get_text() for li in section.find_all("li")] == [
        "first item continued on an indented line",
        "second item",
    ]


def test_html_export_escapes_learner_text(tmp_path):
    sections = dict(synthetic_brief().sections)
    sections["context"] += " <script>alert(1)</script>"
    text = rb.export_html(synthetic_brief(sections=sections), tmp_path / "b.html", ACTIONS).read_text()
    assert "<script>" not in text and "&lt;script&gt;" in text


@pytest.mark.skipif(rb.find_chromium() is None, reason="no Chromium on this machine (CI installs Debian's chromium)")
def test_pdf_export_gives_a_pdf_with_pages(tmp_path):
    path = rb.export_pdf(synthetic_brief(), tmp_path / "brief.pdf", ACTIONS)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) >= 2  # six sections, three tables: more than one page


def test_pdf_export_without_a_browser_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setattr(rb, "find_chromium", lambda: None)
    with pytest.raises(RuntimeError, match="export_html"):
        rb.export_pdf(synthetic_brief(), tmp_path / "brief.pdf", ACTIONS)


@pytest.mark.parametrize(
    "text",
    ["Section text goes here.", "[Insert your text]", "To be completed.", "TBC.", "Placeholder.", "<your answer>",
     "blah blah blah blah blah", "Add your text here."],
)
def test_template_and_filler_text_is_found(text):
    from rightsclimate.brief import placeholder_in

    assert placeholder_in(f"{text} Real words follow in this part.")


@pytest.mark.parametrize(
    "text",
    ["The 20 % target is a placeholder, not a finding.", "We will write to the council here in Gwangju.",
     "We add cooling centres here because the district is hot.", "The shelter is to be completed by 2027."],
)
def test_plain_prose_is_not_taken_for_a_placeholder(text):
    from rightsclimate.brief import placeholder_in

    assert placeholder_in(text) is None
