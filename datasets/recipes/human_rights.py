"""Human-rights treaty tables: the 18 core UN instruments and their ratification in Asia-Pacific.

* ``human_rights_instruments``: the nine core treaties and nine optional protocols (authored by the
  project from the OHCHR list of core instruments; only facts checked against that list and the UN
  Treaty Collection: name, year and resolution of adoption by the General Assembly, monitoring body).
* ``treaty_ratification``: state party / signatory / no action for every Asia-Pacific regional member
  that is a UN member, for each of the 18 instruments (status as of about mid-2022).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry

from ._common import PROJECT_AUTHORED, Resource, raw_path
from .asia_pacific_countries import GEO_AREA, asia_pacific_table, regional_iso3, un_names

OHCHR_CORE = "https://www.ohchr.org/en/core-international-human-rights-instruments-and-their-monitoring-bodies"
UNTC_CHAPTER_IV = "https://treaties.un.org/Pages/Treaties.aspx?id=4&subid=A&clang=_en"

# code, full name, short description, year adopted by the UN General Assembly, GA resolution,
# parent instrument (protocols only), monitoring (treaty) body, file stem in the raw folder
INSTRUMENTS = [
    (
        "ICERD",
        "International Convention on the Elimination of All Forms of Racial Discrimination",
        "Prohibits racial discrimination and obliges states to eliminate it in all its forms, including in civil, political, economic, social and cultural rights.",
        1965,
        "2106 (XX)",
        None,
        "Committee on the Elimination of Racial Discrimination (CERD)",
        "icerd",
    ),
    (
        "ICCPR",
        "International Covenant on Civil and Political Rights",
        "Civil and political rights: life, liberty, fair trial, privacy, expression, assembly, association, participation in public affairs, equality before the law.",
        1966,
        "2200A (XXI)",
        None,
        "Human Rights Committee (CCPR)",
        "iccpr",
    ),
    (
        "ICCPR-OP1",
        "Optional Protocol to the International Covenant on Civil and Political Rights",
        "Lets the Human Rights Committee receive complaints (communications) from individuals about violations of the Covenant.",
        1966,
        "2200A (XXI)",
        "ICCPR",
        "Human Rights Committee (CCPR)",
        "iccpr_op1",
    ),
    (
        "ICCPR-OP2",
        "Second Optional Protocol to the International Covenant on Civil and Political Rights, aiming at the abolition of the death penalty",
        "Commits states parties not to carry out executions and to abolish the death penalty.",
        1989,
        "44/128",
        "ICCPR",
        "Human Rights Committee (CCPR)",
        "iccpr_op2",
    ),
    (
        "ICESCR",
        "International Covenant on Economic, Social and Cultural Rights",
        "Economic, social and cultural rights: work, social security, an adequate standard of living (food, housing, water), health, education, cultural life.",
        1966,
        "2200A (XXI)",
        None,
        "Committee on Economic, Social and Cultural Rights (CESCR)",
        "icescr",
    ),
    (
        "ICESCR-OP",
        "Optional Protocol to the International Covenant on Economic, Social and Cultural Rights",
        "Lets the Committee on Economic, Social and Cultural Rights receive complaints from individuals and groups about violations of the Covenant.",
        2008,
        "63/117",
        "ICESCR",
        "Committee on Economic, Social and Cultural Rights (CESCR)",
        "icescr_op",
    ),
    (
        "CEDAW",
        "Convention on the Elimination of All Forms of Discrimination against Women",
        "Prohibits discrimination against women and obliges states to secure women's equality in political and public life, education, employment, health, family life and rural life.",
        1979,
        "34/180",
        None,
        "Committee on the Elimination of Discrimination against Women (CEDAW)",
        "cedaw",
    ),
    (
        "OP-CEDAW",
        "Optional Protocol to the Convention on the Elimination of All Forms of Discrimination against Women",
        "Lets the CEDAW Committee receive complaints from individuals and groups and conduct inquiries into grave or systematic violations.",
        1999,
        "54/4",
        "CEDAW",
        "Committee on the Elimination of Discrimination against Women (CEDAW)",
        "op_cedaw",
    ),
    (
        "CAT",
        "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
        "Prohibits torture absolutely and obliges states to prevent, investigate and punish it and not to return people to where they risk torture.",
        1984,
        "39/46",
        None,
        "Committee against Torture (CAT)",
        "cat",
    ),
    (
        "OPCAT",
        "Optional Protocol to the Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
        "Sets up regular visits to places of detention by an international subcommittee and national preventive mechanisms.",
        2002,
        "57/199",
        "CAT",
        "Subcommittee on Prevention of Torture (SPT)",
        "opcat",
    ),
    (
        "CRC",
        "Convention on the Rights of the Child",
        "Rights of every child (under 18): non-discrimination, best interests, survival and development, being heard; health, education, protection from exploitation, birth registration.",
        1989,
        "44/25",
        None,
        "Committee on the Rights of the Child (CRC)",
        "crc",
    ),
    (
        "OP-CRC-AC",
        "Optional Protocol to the Convention on the Rights of the Child on the involvement of children in armed conflict",
        "Raises the protection of children from recruitment and use in hostilities.",
        2000,
        "54/263",
        "CRC",
        "Committee on the Rights of the Child (CRC)",
        "op_crc_ac",
    ),
    (
        "OP-CRC-SC",
        "Optional Protocol to the Convention on the Rights of the Child on the sale of children, child prostitution and child pornography",
        "Requires states to prohibit and criminalise the sale of children, child prostitution and child pornography.",
        2000,
        "54/263",
        "CRC",
        "Committee on the Rights of the Child (CRC)",
        "op_crc_sc",
    ),
    (
        "OP-CRC-IC",
        "Optional Protocol to the Convention on the Rights of the Child on a communications procedure",
        "Lets the Committee on the Rights of the Child receive complaints from or on behalf of children.",
        2011,
        "66/138",
        "CRC",
        "Committee on the Rights of the Child (CRC)",
        "op_crc_ic",
    ),
    (
        "ICMW",
        "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
        "Rights of migrant workers and their families, in regular or irregular situations, throughout migration: equal treatment at work, social security, protection from abuse.",
        1990,
        "45/158",
        None,
        "Committee on Migrant Workers (CMW)",
        "icmw",
    ),
    (
        "CPED",
        "International Convention for the Protection of All Persons from Enforced Disappearance",
        "Prohibits enforced disappearance and obliges states to prevent, investigate and punish it and to give victims the right to the truth and reparation.",
        2006,
        "61/177",
        None,
        "Committee on Enforced Disappearances (CED)",
        "cped",
    ),
    (
        "CRPD",
        "Convention on the Rights of Persons with Disabilities",
        "Rights of persons with disabilities on an equal basis with others: accessibility, equal recognition before the law, independent living, inclusive education, health, work, participation; safety in risk situations.",
        2006,
        "61/106",
        None,
        "Committee on the Rights of Persons with Disabilities (CRPD)",
        "crpd",
    ),
    (
        "OP-CRPD",
        "Optional Protocol to the Convention on the Rights of Persons with Disabilities",
        "Lets the CRPD Committee receive complaints from individuals and groups and conduct inquiries.",
        2006,
        "61/106",
        "CRPD",
        "Committee on the Rights of Persons with Disabilities (CRPD)",
        "op_crpd",
    ),
]
CODES = [row[0] for row in INSTRUMENTS]
STATUS_DIR = "human_rights/un_core_treaties_ratification_status"
STATUS_FILES = [f"{STATUS_DIR}/hr_status_{row[7]}.csv" for row in INSTRUMENTS]


def instruments_table() -> pd.DataFrame:
    out = pd.DataFrame(
        INSTRUMENTS,
        columns=["code", "name", "description", "year_adopted", "ga_resolution", "parent", "treaty_body", "_stem"],
    ).drop(columns="_stem")
    out["kind"] = out["parent"].map(lambda p: "core treaty" if pd.isna(p) else "optional protocol")
    out["year_adopted"] = out["year_adopted"].astype("Int64")
    out["parent"] = out["parent"].astype("string")
    out = out[["code", "name", "kind", "description", "year_adopted", "ga_resolution", "parent", "treaty_body"]]
    out["kind"] = pd.Categorical(out["kind"], categories=["core treaty", "optional protocol"])
    assert len(out) == 18 and out["code"].is_unique
    assert (out["kind"] == "core treaty").sum() == 9
    assert set(out["parent"].dropna()) <= set(out.loc[out["kind"] == "core treaty", "code"])
    return out.sort_values("code", ignore_index=True)


def _build_instruments(raw: Path) -> pd.DataFrame:  # noqa: ARG001 - authored, no raw file
    return instruments_table()


def current_iso2(code: str) -> str:
    """A retired ISO 3166 alpha-2 code mapped to its successor via pycountry (ISO 3166-3): 'TP' -> 'TL'."""
    if pycountry.countries.get(alpha_2=code) is not None:
        return code
    historic = pycountry.historic_countries.get(alpha_2=code)
    if historic is not None and len(getattr(historic, "alpha_4", "")) == 4:
        successor = historic.alpha_4[2:]
        if pycountry.countries.get(alpha_2=successor) is not None:
            return successor
    return code  # left as is; it will not match the Asia-Pacific list


def _read_status(raw: Path, relative: str) -> pd.DataFrame:
    # keep_default_na=False: Namibia's ISO2 code "NA" must stay a code, not become missing
    table = pd.read_csv(raw_path(raw, relative), dtype=str, keep_default_na=False)
    if "note" not in table.columns:  # hr_status_op_crc_ic.csv has no note column
        table["note"] = ""
    return table


def ratification_table(raw: Path) -> pd.DataFrame:
    countries = asia_pacific_table()
    countries = countries[countries["iso3"].isin(regional_iso3())]
    frames = []
    for (code, *_rest), relative in zip(INSTRUMENTS, STATUS_FILES, strict=True):
        table = _read_status(raw, relative)
        status = table["status"].str.strip()
        if not status.isin(["state party", "signatory state", "no action"]).all():
            raise ValueError(f"{relative}: unexpected status {set(status)}")
        flags = {
            "state party": table["state party"],
            "signatory state": table["signatory"],
            "no action": table["no action"],
        }
        # Where the compiler's 0/1 flags disagree with its status text (or a year sits with a 0 flag),
        # the status text decides and the row's note says so.
        agree = pd.Series(True, index=table.index)
        for label, flag in flags.items():
            agree &= flag == (status == label).map({True: "1", False: "0"})
        year = table["year ratification or accession"].str.strip()
        agree &= (year != "") == (status == "state party")
        note = table["note"].str.strip()
        flag_text = (
            "source flags disagree (state party="
            + table["state party"]
            + ", signatory="
            + table["signatory"]
            + ", no action="
            + table["no action"]
            + ", year="
            + year
            + "); status text used"
        )
        note = note.where(agree, (note + "; " + flag_text).str.lstrip("; "))
        frames.append(
            pd.DataFrame(
                {
                    "country_iso2": table["iso2"].str.strip().map(current_iso2),
                    "member": table["member"],
                    "instrument": code,
                    "status": status,
                    "ratification_year": year,
                    "note": note,
                }
            )
        )
    status = pd.concat(frames, ignore_index=True)
    merged = status.merge(
        countries[["iso3", "iso2", "name"]],
        left_on="country_iso2",
        right_on="iso2",
        how="inner",
        validate="many_to_one",
    )
    out = pd.DataFrame(
        {
            "country_iso3": merged["iso3"],
            "country_iso2": merged["iso2"],
            "country": merged["iso3"].map(un_names(raw)),
            "instrument": merged["instrument"],
            "state_party": (merged["status"] == "state party").astype("boolean"),
            "ratification_year": pd.to_numeric(merged["ratification_year"].replace("", pd.NA)).astype("Int64"),
            "signatory": (merged["status"] == "signatory state").astype("boolean"),
            "no_action": (merged["status"] == "no action").astype("boolean"),
            "status": merged["status"],
            "note": merged["note"].replace("", pd.NA),
        }
    )
    # The compiler counts a few states as parties because the United Kingdom's ratification covered them
    # while the UK administered them ("tied to the UK's"). UN review documents (and, for ICERD, the UN Treaty
    # Collection's participant list) treat them as not parties: the table follows them and flags the rows
    # status_uncertain. Every such compiler note must be handled.
    tied = out["note"].str.contains(r"tied to (?:the )?UK", case=False, na=False)
    handled = pd.Series(list(zip(out["country_iso2"], out["instrument"], strict=True)), index=out.index).isin(
        set(UNTC_CORRECTIONS)
    )
    if (tied & ~handled).any():
        unhandled = out.loc[tied & ~handled, ["country", "instrument"]].to_dict("records")
        raise ValueError(
            f"compiler notes tie these entries to the UK's ratification; add them to UNTC_CORRECTIONS: {unhandled}"
        )
    out["status_uncertain"] = pd.Series(False, index=out.index, dtype="boolean")
    for (iso2, code), why in UNTC_CORRECTIONS.items():
        row = (out["country_iso2"] == iso2) & (out["instrument"] == code)
        assert row.sum() == 1 and bool(out.loc[row, "state_party"].iloc[0]), (iso2, code)
        out.loc[row, ["state_party", "signatory", "no_action"]] = [False, False, True]
        out.loc[row, "status"] = "no action"
        out.loc[row, "note"] = why
        out.loc[row, "status_uncertain"] = True
    # a year belongs only to states parties
    out.loc[~out["state_party"], "ratification_year"] = pd.NA
    for (iso2, code), (year, why) in YEAR_CORRECTIONS.items():
        row = (out["country_iso2"] == iso2) & (out["instrument"] == code)
        assert row.sum() == 1 and bool(out.loc[row, "state_party"].iloc[0]), (iso2, code)
        out.loc[row, "ratification_year"] = year
        out.loc[row, "note"] = why
    out = out[[c for c in out.columns if c != "note"] + ["note"]]
    out["instrument"] = pd.Categorical(out["instrument"], categories=sorted(CODES))
    out["status"] = pd.Categorical(out["status"], categories=["state party", "signatory state", "no action"])
    out = out.sort_values(["country_iso3", "instrument"], ignore_index=True)
    assert not out.duplicated(["country_iso3", "instrument"]).any()
    per_country = out.groupby("country_iso3", observed=True).size()
    assert (per_country == 18).all(), per_country[per_country != 18]
    assert out.loc[out["state_party"], "ratification_year"].notna().all()
    return out


# Entries the compilation counts as parties through the United Kingdom's ratification, made while the UK was
# responsible for the territory's international relations. UN review documents (and, for ICERD, the UN Treaty
# Collection's participant list) treat these states as not parties. The table follows them and keeps
# status_uncertain True: the compilation differs and, for the ICCPR, the Human Rights Committee holds that
# Covenant protection devolves with territory (General Comment No. 26, para. 4).
_UK = (
    "Status corrected by the course to no action. The compilation counted {state} a party from {year} through "
    "the United Kingdom's ratification, made while the UK was responsible for its international relations. "
)
_GC26 = "Uncertain: the Human Rights Committee holds that Covenant protection devolves with territory (General Comment No. 26, para. 4)."
UNTC_CORRECTIONS = {
    ("BN", "ICERD"): _UK.format(state="Brunei Darussalam", year=1969)
    + "The UN Treaty Collection's ICERD participant list has no entry for Brunei Darussalam, and in its 2014 UPR "
    "response (A/HRC/27/11/Add.1) Brunei named CEDAW and the CRC as the core treaties it is party to. "
    "Uncertain: the sources differ.",
    ("SB", "ICCPR"): _UK.format(state="Solomon Islands", year=1976)
    + "At its 2011 UPR, Solomon Islands listed its commitments under the CRC, ICERD and ICESCR, not the ICCPR "
    "(OHCHR summary), and Amnesty International recommended that it ratify the ICCPR. " + _GC26,
    ("TV", "ICCPR"): _UK.format(state="Tuvalu", year=1976)
    + "At its 2008 UPR Tuvalu was described as party to only CEDAW and the CRC, and states recommended that it "
    "ratify the ICCPR; they did so again in 2018. " + _GC26,
    ("TV", "ICESCR"): _UK.format(state="Tuvalu", year=1976)
    + "At its 2008 and 2018 UPRs states recommended that Tuvalu ratify the ICESCR, and the Pacific Community's "
    "Regional Rights Resource Team names Solomon Islands and Papua New Guinea as the only Pacific states that "
    "have ratified it. Uncertain: the sources differ.",
}

# Where the course checked the entries in UNTC_CORRECTIONS (cited in the descriptor's sources).
UNCERTAIN_SOURCES = [
    {
        "title": "Brunei Darussalam, UPR: views on conclusions and recommendations (A/HRC/27/11/Add.1, 2014)",
        "path": "https://undocs.org/A/HRC/27/11/Add.1",
    },
    {
        "title": "OHCHR, Universal Periodic Review highlights, Solomon Islands, 4 May 2011",
        "path": "https://www.ohchr.org/EN/HRBodies/UPR/Pages/Highlights4May2011pm.aspx",
    },
    {
        "title": "International Service for Human Rights, Review of Tuvalu under the UPR (11 December 2008)",
        "path": "http://archived2013.ishr.ch/archive-upr/436-review-of-tuvalu-under-the-upr",
    },
    {
        "title": "UK statement at the 30th UPR session on Tuvalu (9 May 2018)",
        "path": "https://www.gov.uk/government/news/universal-periodic-review-30-tuvalu",
    },
    {
        "title": "Commonwealth Human Rights Initiative, Tuvalu should adopt recommendations in UN Review (10 May 2018)",
        "path": "https://m.scoop.co.nz/stories/WO1805/S00065/chri-tuvalu-should-adopt-recommendations-in-un-review.htm",
    },
    {
        "title": "Pacific Community RRRT, Why should Pacific Island Countries sign ICESCR?",
        "path": "https://rrrt.spc.int/publications-media/featured-articles/item/690-why-should-pacific-island-countries-sign-icescr",
    },
    {
        "title": "Human Rights Committee, General Comment No. 26 (1997): continuity of obligations",
        "path": "http://hrlibrary.umn.edu/gencomm/hrcom26.htm",
    },
]

# Years the compilation has wrong, corrected from a UN source (the note column says which and why).
YEAR_CORRECTIONS = {
    ("PH", "CEDAW"): (
        1981,
        "Year corrected by the course: the compilation has 1987; UN Women Asia-Pacific's CEDAW country page "
        "gives signature on 15 July 1980 and ratification on 5 August 1981.",
    ),
}


def _build_ratification(raw: Path) -> pd.DataFrame:
    return ratification_table(raw)


INSTRUMENTS_RESOURCE = Resource(
    name="human_rights_instruments",
    title="The 18 core international human-rights instruments",
    description=(
        "The nine core UN human-rights treaties and their nine optional protocols, as listed by OHCHR: code "
        "(the codes used in `treaty_ratification` and `sdg_human_rights_crosswalk`), full name, a one-line "
        "description written by the project, the year and resolution by which the UN General Assembly "
        "adopted it, the parent treaty for optional protocols (empty for the nine core treaties) and the "
        "treaty body that monitors it. Authored by the project from the OHCHR list of core instruments and the "
        "UN Treaty Collection, Chapter IV. Note: the Committee on Economic, Social and Cultural Rights was set "
        "up by ECOSOC, not by the Covenant itself; OPCAT is monitored by the Subcommittee on Prevention of "
        "Torture."
    ),
    raw_files=[],
    sources=[
        {
            "title": "OHCHR, The core international human rights instruments and their monitoring bodies",
            "path": OHCHR_CORE,
        },
        {"title": "United Nations Treaty Collection, Chapter IV: Human Rights", "path": UNTC_CHAPTER_IV},
    ],
    licenses=[PROJECT_AUTHORED],
    citation=(
        "OHCHR, The core international human rights instruments and their monitoring bodies "
        f"({OHCHR_CORE}); table compiled by the Rights, Climate & the SDGs project."
    ),
    derivation=(
        "Typed once in datasets/recipes/human_rights.py from the OHCHR list of core instruments: names as "
        "OHCHR gives them, year and General Assembly resolution of adoption, parent treaty and monitoring "
        "body. Descriptions are the project's own one-line summaries of the instrument's scope. The recipe "
        "checks there are 18 instruments, 9 core treaties and that every protocol's parent is a core treaty."
    ),
    fields={
        "code": ("Short code used throughout the package (e.g. ICESCR, OP-CRC-SC)", None),
        "name": ("Full name of the instrument", None),
        "kind": ("core treaty or optional protocol", None),
        "description": ("What the instrument covers, in one plain sentence (project's summary)", None),
        "year_adopted": ("Year the UN General Assembly adopted it", "year"),
        "ga_resolution": ("UN General Assembly resolution adopting it", None),
        "parent": ("For optional protocols, the code of the treaty it belongs to; empty for core treaties", None),
        "treaty_body": ("The committee (treaty body) that monitors it", None),
    },
    build=_build_instruments,
    primary_key=["code"],
    constraints={"year_adopted": {"minimum": 1965, "maximum": 2011}},
    authored_by_project=True,
)

RATIFICATION_RESOURCE = Resource(
    name="treaty_ratification",
    title="Ratification of the 18 core human-rights instruments by Asia-Pacific countries (about mid-2022)",
    description=(
        "For each Asia-Pacific regional ESCAP member that is a UN member state and each of the 18 core "
        "instruments (codes as in `human_rights_instruments`): whether it is a state party (by ratification, "
        "accession or succession), the year it became one, whether it has only signed, or taken no action. "
        "Status as of about mid-2022: later ratifications are not included. ESCAP associate members (American "
        "Samoa, Cook Islands, French Polynesia, Guam, Hong Kong, Macao, New Caledonia, Niue, Northern Mariana "
        "Islands) are not UN member states and are absent from the source, even where a treaty applies to them "
        "through another state or (Cook Islands, Niue) they have acted themselves. "
        f"The compilation counts {len(UNTC_CORRECTIONS)} entries as parties through the United Kingdom's ratification "
        "for territories it was then responsible for (Brunei Darussalam/ICERD, Solomon Islands/ICCPR, Tuvalu/ICCPR "
        "and ICESCR). UN review documents treat these states as not parties, so the course records them as 'no "
        f"action' and flags them `status_uncertain` ({len(UNTC_CORRECTIONS)} rows; the reason is in `note`). "
        "Check a country's current status on the UN Treaty Collection before using it in advocacy."
    ),
    raw_files=[*STATUS_FILES, GEO_AREA],
    sources=[
        {"title": "United Nations Treaty Collection, Chapter IV: Human Rights", "path": UNTC_CHAPTER_IV},
        {
            "title": "world-politics-datalab/humanrights-treaties-ratification-status @ fdb779e6a4a121c3024b4a72e72833a448a2b62d",
            "path": "https://github.com/world-politics-datalab/humanrights-treaties-ratification-status/tree/fdb779e6a4a121c3024b4a72e72833a448a2b62d",
        },
        *UNCERTAIN_SOURCES,
    ],
    licenses=[
        {
            "name": "UN-Treaty-Collection-public-facts",
            "title": "Facts from the public UN Treaty Collection (the compilation's GitHub repository has no licence file); cite both",
            "path": "https://treaties.un.org/",
        }
    ],
    citation=(
        "United Nations Treaty Collection, Chapter IV: Human Rights, status as of about mid-2022 "
        "(https://treaties.un.org/Pages/Treaties.aspx?id=4), compiled by World Politics Datalab, "
        "humanrights-treaties-ratification-status (GitHub, commit fdb779e)."
    ),
    derivation=(
        "Read the 18 files human_rights/un_core_treaties_ratification_status/hr_status_<treaty>.csv (193 UN "
        "member states each) with empty cells kept as text so Namibia's code 'NA' is not read as missing; "
        "hr_status_op_crc_ic.csv has no note column (treated as empty). Joined on ISO alpha-2 to the "
        "course's Asia-Pacific list (asia_pacific_table(), regional members only); South Sudan's malformed "
        "code 'S' in the OP-CRC-IC file falls outside the region and is dropped with the other non-regional "
        "rows. Timor-Leste appears under its retired code 'TP' (East Timor); retired codes are mapped to their successors with pycountry's ISO 3166-3 table ('TP' -> 'TL'), never by hand. state_party, signatory and no_action are derived from the `status` text, which is always one "
        "of 'state party', 'signatory state', 'no action'. Where the compiler's own 0/1 flags or the "
        "presence of a year disagree with that text, the status text is used and `note` records the "
        "disagreement (in the region: DPRK/CRC, Kazakhstan/ICCPR-OP1 and Brunei Darussalam/ICERD). Rows whose "
        "compiler note ties the state's status to the United Kingdom's ratification (Brunei Darussalam/ICERD "
        "1969, Solomon Islands/ICCPR 1976, Tuvalu/ICCPR and ICESCR 1976) are set to 'no action' with no year, "
        "because UN review documents (Universal Periodic Review reports and responses) and, for ICERD, the UN "
        "Treaty Collection's participant list treat these states as not parties; `status_uncertain` is True on "
        "exactly these rows and `note` gives the sources. The recipe fails if a new compiler note of this kind "
        "appears without a decision. ratification_year is the year of "
        "ratification, accession or succession, missing (never 0) for non-parties. One year is corrected "
        "against a UN source where the compilation is wrong (Philippines/CEDAW: 1981, not 1987; see `note`). "
        "Each country has exactly "
        "18 rows (checked); the compiler's notes are kept in `note`."
    ),
    fields={
        "country_iso3": ("ISO 3166-1 alpha-3 code", None),
        "country_iso2": ("ISO 3166-1 alpha-2 code", None),
        "country": ("The UN's name for the country (un_name in asia_pacific_countries)", None),
        "instrument": ("Instrument code, as in human_rights_instruments", None),
        "state_party": ("True if a state party (ratification, accession or succession)", None),
        "ratification_year": ("Year of ratification, accession or succession; missing if not a party", "year"),
        "signatory": ("True if signed but not (yet) ratified", None),
        "no_action": ("True if neither signed nor ratified", None),
        "status": ("state party, signatory state or no action (as compiled from the UN Treaty Collection)", None),
        "status_uncertain": (
            "True where the sources differ: the compilation counted the state a party through the United Kingdom's ratification for a territory it was then responsible for, while UN review documents treat it as not a party. The row follows the UN documents (no action); `note` gives the sources",
            None,
        ),
        "note": (
            "Compiler's note (e.g. the name under which the UN Treaty Collection lists the state) and any flag inconsistency found by the recipe",
            None,
        ),
    },
    build=_build_ratification,
    primary_key=["country_iso3", "instrument"],
    constraints={"ratification_year": {"minimum": 1945, "maximum": 2022}},
)

RESOURCES = [INSTRUMENTS_RESOURCE, RATIFICATION_RESOURCE]
