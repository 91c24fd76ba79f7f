"""A rights-based local climate action brief: fixed sections, completeness checks and export.

The capstone gathers a learner's work from chapters 2-7 into one brief for one place. This module is
the plumbing only. It never writes a section and never computes a number: that is the learner's work.

A brief (:class:`Brief`) has

* six fixed sections (:data:`SECTIONS`), each a text of at least :data:`MIN_WORDS` words;
* a table of the numbers it quotes (:data:`NUMBER_COLUMNS`), each with the dataset it comes from: a
  ``source`` that is a resource name of the course data package (``datasets/datapackage.json``);
* an indicator set in the chapter 6 schema (:mod:`rightsclimate.indicators`);
* the chosen steps: action ids of the authored table ``load("adaptation_candidate_actions")``, whose
  costs are HYPOTHETICAL scenario numbers, and the budget they must fit.

:func:`brief_problems` lists every problem at once, per part, in plain words. :func:`export_html` writes an
accessible standalone HTML file; :func:`export_pdf` prints that file to PDF with a headless Chromium
when one is installed (the course's CI installs Debian's ``chromium``).
"""

from __future__ import annotations

import html
import math
import numbers
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SECTIONS = {
    "context": "Context and obligations",
    "hazards": "Hazards and who is most at risk",
    "indicators": "Indicators with baselines and targets",
    "steps": "Chosen steps",
    "partners": "Partners and participation",
    "monitoring": "Monitoring and remedy",
}
MIN_WORDS = 60  # enough for three or four plain sentences; a heading or a stub is not a section
NUMBER_COLUMNS = ["label", "value", "unit", "year", "source"]
# Text a template leaves in a section; a section that still holds one is not written yet.
PLACEHOLDER_PATTERNS = (
    r"your text here",
    r"write (your|the) .{0,40}here",
    r"lorem ipsum",
    r"\bTODO\b",
    r"\bTBD\b",
    r"\bXXX\b",
    r"YOUR (ANSWER|TEXT) HERE",
    r"\b(insert|add|enter|type|put|write)\s+(your\s+|the\s+|a\s+)?(own\s+)?(text|answer|section|content|words)\b[^.\n]{0,20}\bhere\b",
    r"\b(text|answer|section|content)\s+goes here\b",
    r"(^|\n)\s*[\[(]?to be (completed|written|added|done|confirmed)\b",  # as the text of a line, not a clause
    r"\bTBC\b",
    r"^\s*\[?placeholder\b",  # a section that starts as one; "a placeholder target" inside a sentence is fine
    r"<[^<>\n]{0,40}\b(your|text|answer)\b[^<>\n]{0,40}>",
    r"\[[^\[\]\n]{0,40}\b(insert|your|text|answer)\b[^\[\]\n]{0,40}\]",
    r"\b(\w+)(\s+\1\b){4,}",  # one word five times in a row: filler
)
COST_NOTE = (
    "Costs are HYPOTHETICAL scenario numbers from the course's authored table adaptation_candidate_actions, "
    "not estimates for any real place."
)


@dataclass
class Brief:
    """One place's brief: title, sections, the numbers it quotes, indicators and the chosen steps."""

    place: str
    sections: dict[str, str]
    numbers: pd.DataFrame
    indicators: pd.DataFrame
    plan: list[str] = field(default_factory=list)
    budget: float = 0.0
    author: str = ""


# --------------------------------------------------------------------------------------------
# checks (each returns a list of problems in plain words; an empty list means complete)
# --------------------------------------------------------------------------------------------
def word_count(text: str) -> int:
    """Words in a text (runs of letters or digits; markdown symbols do not count)."""
    return len(re.findall(r"[^\W_]+(?:['’-][^\W_]+)*", text or ""))


def placeholder_in(text: str) -> str | None:
    """The template text left in ``text`` (e.g. 'YOUR TEXT HERE'), or None."""
    for pattern in PLACEHOLDER_PATTERNS:
        found = re.search(pattern, text or "", flags=re.IGNORECASE)
        if found:
            return found.group(0)
    return None


def section_problems(sections: object, *, min_words: int = MIN_WORDS) -> list[str]:
    """What is missing in the six sections: absent, not text, placeholder text, or too short."""
    if not isinstance(sections, dict):
        return [f"the sections must be a dictionary (section key -> text), not {type(sections).__name__}"]
    problems = []
    unknown = sorted(set(map(str, sections)) - set(SECTIONS))
    if unknown:
        problems.append(f"unknown section key(s) {unknown}; the sections are {list(SECTIONS)}")
    for key, title in SECTIONS.items():
        text = sections.get(key)
        if text is None:
            problems.append(f"section '{key}' ({title}) is missing")
        elif not isinstance(text, str):
            problems.append(f"section '{key}' ({title}) must be text, not {type(text).__name__}")
        elif placeholder := placeholder_in(text):
            problems.append(f"section '{key}' ({title}) still holds the template text {placeholder!r}")
        elif (n := word_count(text)) < min_words:
            problems.append(f"section '{key}' ({title}) has {n} words; write at least {min_words}")
    return problems


def known_sources() -> set[str]:
    """The resource names of the course data package: the only accepted ``source`` keys."""
    from rightsclimate.data import list_datasets

    return set(list_datasets()["name"])


def source_keys(cell: object) -> list[str]:
    """'a; b' -> ['a', 'b']: a number computed from two datasets names both."""
    if cell is None or (isinstance(cell, float) and math.isnan(cell)) or cell is pd.NA:
        return []
    return [part.strip() for part in str(cell).split(";") if part.strip()]


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))


def number_problems(table: object, sources: set[str] | None = None) -> list[str]:
    """Problems in the table of quoted numbers: each row needs a label, a finite value and known sources."""
    if not isinstance(table, pd.DataFrame):
        return [f"the numbers must be a DataFrame with columns {NUMBER_COLUMNS}, not {type(table).__name__}"]
    missing = [c for c in ("label", "value", "source") if c not in table.columns]
    if missing:
        return [f"the numbers table has no column(s) {missing}; its columns should be {NUMBER_COLUMNS}"]
    if table.empty:
        return ["the numbers table is empty: a brief without numbers from the data cannot show its evidence"]
    sources = known_sources() if sources is None else sources
    problems = []
    for row, (label, value, source) in enumerate(
        zip(table["label"], table["value"], table["source"], strict=True), start=1
    ):
        name = f"row {row} ({label!r})"
        if not isinstance(label, str) or not label.strip():
            problems.append(f"row {row}: every number needs a label saying what it is")
        if not _is_number(value):
            problems.append(f"{name}: value {value!r} is not a finite number computed from the data")
        keys = source_keys(source)
        if not keys:
            problems.append(f"{name}: no source; name the dataset the number comes from, e.g. 'city_daily_weather'")
        unknown = [k for k in keys if k not in sources]
        if unknown:
            problems.append(
                f"{name}: source(s) {unknown} are not datasets of the course package; use resource names "
                "such as 'kr_heat_illness_daily_by_province' (rightsclimate.data.list_datasets() lists them)"
            )
    return problems


def plan_cost(plan: object, actions: pd.DataFrame, *, cost: str = "cost_hypothetical") -> float:
    """Total cost of the chosen action ids, taken from the authored table (not from the learner's copy)."""
    ids = [str(a) for a in plan]
    table = actions.set_index("action_id")
    unknown = [a for a in ids if a not in table.index]
    if unknown:
        raise ValueError(f"action id(s) {unknown} are not in the candidate-action table")
    return float(table.loc[ids, cost].sum())


def plan_problems(plan: object, budget: object, actions: pd.DataFrame) -> list[str]:
    """Problems with the chosen steps: none chosen, unknown or repeated ids, or over the budget."""
    if isinstance(plan, str) or not isinstance(plan, (list, tuple)):
        return [f"the plan must be a list of action ids such as ['H01', 'H02'], not {plan!r}"]
    if not _is_number(budget) or float(budget) < 0:
        return [f"the budget must be a number of (hypothetical) cost units, 0 or more, not {budget!r}"]
    if not plan:
        return ["the plan has no steps; choose at least one action"]
    problems = []
    ids = [str(a) for a in plan]
    repeated = sorted({a for a in ids if ids.count(a) > 1})
    if repeated:
        problems.append(f"action(s) {repeated} are chosen twice; each step counts once")
    unknown = [a for a in ids if a not in set(actions["action_id"])]
    if unknown:
        return [*problems, f"action id(s) {unknown} are not in the candidate-action table"]
    total = plan_cost(list(dict.fromkeys(ids)), actions)
    if total > float(budget) + 1e-9:
        problems.append(
            f"the plan costs {total:g} units, more than the budget of {float(budget):g}; "
            "a plan the council cannot pay for protects nobody"
        )
    return problems


def indicator_problems(table: object) -> list[str]:
    """The chapter 6 rules (:func:`rightsclimate.indicators.validate_indicator_set`) as plain sentences."""
    from rightsclimate.indicators import validate_indicator_set

    try:
        return [str(p) for p in validate_indicator_set(table)]
    except (TypeError, ValueError) as err:
        return [str(err)]


def brief_problems(brief: Brief, actions: pd.DataFrame | None = None) -> dict[str, list[str]]:
    """Every problem of a brief, per part: sections, numbers, indicators, plan."""
    if not isinstance(brief, Brief):
        raise TypeError(f"expected a rightsclimate.brief.Brief, not {type(brief).__name__}")
    if actions is None:
        from rightsclimate.data import load

        actions = load("adaptation_candidate_actions")
    problems = {
        "sections": section_problems(brief.sections),
        "numbers": number_problems(brief.numbers),
        "indicators": indicator_problems(brief.indicators),
        "plan": plan_problems(brief.plan, brief.budget, actions),
    }
    if not isinstance(brief.place, str) or not brief.place.strip():
        problems["sections"].insert(0, "the brief needs the name of its place")
    return problems


# --------------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------------
def _paragraphs(text: str) -> str:
    """Plain text to HTML: blank lines separate paragraphs; lines starting '- ' are list items (an indented
    line continues the item above); **bold** is kept. Everything else is escaped."""
    out = []
    for block in re.split(r"\n\s*\n", (text or "").strip()):
        lines: list[str] = []
        items: list[str] = []
        for raw in block.splitlines():
            line = raw.strip()
            if not line:
                continue
            if line.startswith(("- ", "* ")):
                if lines:
                    out.append(f"<p>{_inline(' '.join(lines))}</p>")
                    lines = []
                items.append(line[2:])
            elif items and raw[:1].isspace():
                items[-1] += " " + line
            else:
                if items:
                    out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
                    items = []
                lines.append(line)
        if lines:
            out.append(f"<p>{_inline(' '.join(lines))}</p>")
        if items:
            out.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
    return "\n".join(out)


def _inline(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))


def _cell(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "not given"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0")
    # Long dataset names break after an underscore instead of widening the table past the page.
    return html.escape(str(value)).replace("_", "_<wbr>")


def _table(frame: pd.DataFrame, caption: str, columns: dict[str, str]) -> str:
    present = [c for c in columns if c in frame.columns]
    head = "".join(f'<th scope="col">{html.escape(columns[c])}</th>' for c in present)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame[present].itertuples(index=False)
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


_CSS = """
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:48em;margin:2em auto;padding:0 1em;color:#1a1a1a}
table{border-collapse:collapse;margin:1em 0;width:100%;font-size:0.9em}
caption{text-align:left;font-weight:bold;margin-bottom:0.3em}
th,td{border:1px solid #767676;padding:0.3em 0.5em;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.note{font-style:italic}
@media print{body{margin:0;max-width:none}}
"""


def brief_html(brief: Brief, actions: pd.DataFrame | None = None) -> str:
    """The brief as one accessible standalone HTML page (headings per section, captioned tables, sources)."""
    from rightsclimate.data import citation, licence

    if actions is None:
        from rightsclimate.data import load

        actions = load("adaptation_candidate_actions")
    place = html.escape(brief.place)
    parts = [f"<header><h1>A rights-based local climate action brief: {place}</h1>"]
    if brief.author:
        parts.append(f"<p>Prepared by {html.escape(brief.author)}.</p>")
    parts.append("</header><main>")
    for number, (key, title) in enumerate(SECTIONS.items(), start=1):
        parts.append(
            f'<section id="{key}" aria-labelledby="{key}-h"><h2 id="{key}-h">{number}. {html.escape(title)}</h2>'
        )
        parts.append(_paragraphs(brief.sections.get(key, "") if isinstance(brief.sections, dict) else ""))
        if key == "indicators" and isinstance(brief.indicators, pd.DataFrame):
            columns = {
                "type": "Type", "indicator": "Indicator", "unit": "Unit", "duty_bearer": "Duty bearer",
                "baseline": "Baseline", "baseline_year": "Baseline year", "target": "Target",
                "target_year": "Target year", "source": "Source",
            }  # fmt: skip
            parts.append(_table(brief.indicators, f"Indicators for {brief.place}: baselines and targets", columns))
        if key == "steps" and isinstance(brief.plan, (list, tuple)) and brief.plan:
            chosen = actions.set_index("action_id").reindex([str(a) for a in brief.plan]).reset_index()
            columns = {"action_id": "Id", "action": "Step", "target_group": "Who it is for",
                       "cost_hypothetical": "Cost (hypothetical units)", "who_decides": "Who decides"}  # fmt: skip
            total = pd.to_numeric(chosen["cost_hypothetical"], errors="coerce").sum()
            parts.append(_table(chosen, f"Chosen steps: {total:g} of {float(brief.budget):g} units", columns))
            parts.append(f'<p class="note">{html.escape(COST_NOTE)}</p>')
        parts.append("</section>")
    if isinstance(brief.numbers, pd.DataFrame) and not brief.numbers.empty:
        parts.append('<section id="numbers" aria-labelledby="numbers-h"><h2 id="numbers-h">Numbers in this brief</h2>')
        columns = {"label": "What", "value": "Value", "unit": "Unit", "year": "Year", "source": "Dataset"}
        parts.append(_table(brief.numbers, "Every number quoted, with the dataset it was computed from", columns))
        parts.append("</section>")
    quoted = brief.numbers if isinstance(brief.numbers, pd.DataFrame) and "source" in brief.numbers else None
    keys = sorted({k for s in quoted["source"] for k in source_keys(s)}) if quoted is not None else []
    if brief.plan:
        keys = sorted({*keys, "adaptation_candidate_actions"})
    items = []
    for key in keys:
        try:
            items.append(f"<li><code>{html.escape(key)}</code>: {html.escape(citation(key))} "
                         f"Licence: {html.escape(licence(key))}.</li>")  # fmt: skip
        except Exception:  # an unknown key is listed as such; brief_problems reports it
            items.append(f"<li><code>{html.escape(key)}</code>: not a dataset of the course package.</li>")
    parts.append(
        f'<section id="sources" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2><ul>{"".join(items)}</ul></section>'
    )
    parts.append("</main>")
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Climate action brief: {place}</title><style>{_CSS}</style></head>"
        f"<body>{''.join(parts)}</body></html>\n"
    )


def export_html(brief: Brief, path: str | os.PathLike, actions: pd.DataFrame | None = None) -> Path:
    """Write the brief as a standalone HTML file (UTF-8) and return its path."""
    path = Path(path)
    path.write_text(brief_html(brief, actions), encoding="utf-8")
    return path


def find_chromium() -> str | None:
    """A Chromium or Chrome executable: $RIGHTSCLIMATE_CHROMIUM, else one on the PATH, else None."""
    candidates = [os.environ.get("RIGHTSCLIMATE_CHROMIUM", "")]
    candidates += ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
    for name in candidates:
        if name and (found := shutil.which(name)):
            return found
    return None


def export_pdf(
    brief: Brief, path: str | os.PathLike, actions: pd.DataFrame | None = None, *, timeout: float = 120
) -> Path:
    """Print the brief's HTML to PDF with a headless Chromium (works offline). Returns the path.

    Raises ``RuntimeError`` saying what to do when no Chromium is installed (export_html works anywhere;
    a browser's "Print to PDF" then gives the same result).
    """
    browser = find_chromium()
    if browser is None:
        raise RuntimeError(
            "PDF export needs Chromium or Chrome (none found on the PATH; set RIGHTSCLIMATE_CHROMIUM to its path). "
            "Use export_html(brief, 'brief.html') instead and print that file to PDF from any browser."
        )
    path = Path(path).resolve()
    with tempfile.TemporaryDirectory() as folder:
        page = export_html(brief, Path(folder) / "brief.html", actions)
        command = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer", f"--print-to-pdf={path}"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.append("--no-sandbox")  # Chromium refuses to run its sandbox as root (e.g. in containers)
        command += [f"--user-data-dir={Path(folder) / 'profile'}", page.as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0 or not path.exists() or path.stat().st_size == 0:
        raise RuntimeError(f"Chromium could not print the brief to PDF (exit {done.returncode}): {done.stderr[-500:]}")
    return path
