"""The shipped plans: structure, lineage and the key facts verified against the sources.

Each assertion is a fact a reader could check in the cited sources; if a plan
file is edited and loses one of them, this fails.
"""

from __future__ import annotations

import re

import pytest

from clausediff.load import load_library

from .conftest import SHIPPED_PLANS


@pytest.fixture(scope="module")
def plans():
    return load_library(SHIPPED_PLANS).plans


def ids(plan):
    return [c.id for c in plan.clauses]


def test_the_plans_and_their_lineage(plans):
    expected = {
        # id: (date, kind, completeness, supersedes, responds_to)
        "us-ua-jeddah": ("2025-03-11", "statement", "full", None, None),
        "ua-memorandum": ("2025-06-01", "memorandum", "partial", None, None),
        "ru-memorandum": ("2025-06-02", "memorandum", "full", None, "ua-memorandum"),
        "us-28-point": ("2025-11-20", "proposal", "full", None, None),
        "e3-counterproposal": ("2025-11-23", "counter-proposal", "full", None, "us-28-point"),
        "us-ua-19-point": ("2025-11-23", "revision", "partial", "us-28-point", None),
        "ua-us-20-point": ("2025-12-23", "framework", "full", "us-ua-19-point", None),
    }
    assert set(plans) == set(expected)
    for pid, (date, kind, completeness, supersedes, responds_to) in expected.items():
        p = plans[pid]
        assert (p.date.isoformat(), p.kind, p.completeness, p.supersedes, p.responds_to) == (
            date, kind, completeness, supersedes, responds_to,
        ), pid
    assert plans["us-28-point"].parties == ["United States"]
    assert plans["ru-memorandum"].parties == ["Russia"]
    assert set(plans["e3-counterproposal"].parties) == {"United Kingdom", "France", "Germany"}


def test_every_plan_cites_at_least_two_http_sources(plans):
    for plan in plans.values():
        assert len(plan.sources) >= 2, plan.id
        assert all(s.url.startswith(("https://", "http://")) for s in plan.sources)


def test_us_28_point_has_every_point(plans):
    top = [i for i in ids(plans["us-28-point"]) if "." not in i]
    assert top == [str(n) for n in range(1, 29)]


def test_ua_us_20_point_has_every_point(plans):
    top = [i for i in ids(plans["ua-us-20-point"]) if "." not in i]
    assert top == [str(n) for n in range(1, 21)]


def test_ru_memorandum_sections_and_item_count(plans):
    ru = plans["ru-memorandum"]
    by_section = {}
    for c in ru.clauses:
        by_section.setdefault(c.section, []).append(c.id)
    assert [s.id for s in ru.sections] == ["I", "II", "II.1", "II.2", "III"]
    assert len(by_section["I"]) == 12 and by_section["I"][0] == "I.1"
    assert by_section["II.1"] == ["II.1.1"]
    assert len(by_section["II.2"]) == 10
    assert len(by_section["III"]) == 9
    # Reported as 31 items: sections I, II.2 (the package) and III; option 1 is one paragraph.
    assert len(by_section["I"]) + len(by_section["II.2"]) + len(by_section["III"]) == 31


def test_sub_points_follow_their_lead_in(plans):
    for plan in plans.values():
        seen = set()
        for cid in ids(plan):
            m = re.fullmatch(r"(\d+)\.([a-z])", cid)
            if m:
                assert m.group(1) in seen, f"{plan.id} {cid} before its lead-in"
            seen.add(cid)


def _text(plans, pid, cid):
    return plans[pid].clause(cid).text


def test_army_cap_figures(plans):
    assert "600,000" in _text(plans, "us-28-point", "6")
    assert "800,000" in _text(plans, "e3-counterproposal", "6")
    assert "peacetime" in _text(plans, "e3-counterproposal", "6")
    assert "800,000" in _text(plans, "ua-us-20-point", "4")
    assert "60万人" in plans["us-28-point"].clause("6").text_ja
    assert "80万人" in plans["e3-counterproposal"].clause("6").text_ja


def test_e3_has_no_counterpart_of_point_3(plans):
    e3 = plans["e3-counterproposal"]
    assert "3" not in ids(e3)
    assert not any("3" in c.links.get("us-28-point", []) for c in e3.clauses)
    # ...and it walks the other points: every E3 clause names its US counterpart.
    assert all(c.links.get("us-28-point") for c in e3.clauses)


def test_us_ua_19_point_is_partial_and_reported(plans):
    p = plans["us-ua-19-point"]
    assert p.completeness == "partial"
    assert all(c.status in ("reported", "bracketed") for c in p.clauses)
    assert all(c.note for c in p.clauses)
    assert p.clause("21").status == "bracketed"  # territory left for the two presidents
    assert "26" not in ids(p)  # the amnesty was dropped
    assert "unknown" in p.summary.lower() or "not published" in p.summary.lower()


def test_us_28_point_key_facts(plans):
    assert "$100 billion" in _text(plans, "us-28-point", "14")
    assert "50%" in _text(plans, "us-28-point", "14")
    assert "50:50" in _text(plans, "us-28-point", "19")
    assert "100 days" in _text(plans, "us-28-point", "25")
    assert "Moscow" in _text(plans, "us-28-point", "10.d")
    assert "START I" in _text(plans, "us-28-point", "17")
    t21a = _text(plans, "us-28-point", "21.a")
    assert all(name in t21a for name in ("Crimea", "Luhansk", "Donetsk"))
    assert "Trump" in _text(plans, "us-28-point", "27")


def test_e3_key_facts(plans):
    assert "NATO" in _text(plans, "e3-counterproposal", "2")
    assert "Article 5" in _text(plans, "e3-counterproposal", "10")
    assert "as soon as possible" in _text(plans, "e3-counterproposal", "25")
    assert "10.d" not in ids(plans["e3-counterproposal"])
    assert "NATO fighter jets" in _text(plans, "e3-counterproposal", "9")


def test_20_point_key_facts(plans):
    assert "Article 5" in _text(plans, "ua-us-20-point", "5")
    assert "$800 billion" in _text(plans, "ua-us-20-point", "9")
    assert "as soon as possible" in _text(plans, "ua-us-20-point", "18")
    assert "Trump" in _text(plans, "ua-us-20-point", "19")
    t14c = _text(plans, "ua-us-20-point", "14.c")
    assert all(r in t14c for r in ("Dnipropetrovsk", "Mykolaiv", "Sumy", "Kharkiv"))
    assert plans["ua-us-20-point"].clause("12").status == "bracketed"
    assert plans["ua-us-20-point"].clause("14").status == "bracketed"


def test_memoranda_key_facts(plans):
    assert "100 days" in _text(plans, "ru-memorandum", "II.2.9")
    assert "6,000" in _text(plans, "ru-memorandum", "III.3")
    assert "30-day" in _text(plans, "ru-memorandum", "III.5")
    assert "30 days" in _text(plans, "ua-memorandum", "III.1")
    assert "2014" in _text(plans, "ua-memorandum", "I.6")


def test_jeddah_key_facts(plans):
    j = plans["us-ua-jeddah"]
    assert "30-day" in j.clause("2").text
    assert "intelligence" in j.clause("4").text


def test_every_clause_has_japanese(plans):
    for plan in plans.values():
        assert plan.title_ja and plan.summary_ja, plan.id
        for c in plan.clauses:
            assert c.text_ja and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", c.text_ja), (plan.id, c.id)


def test_revisions_reuse_the_earlier_wording(plans):
    # A point the E3 kept is our 28-point wording to the letter, so the redline is empty.
    us, e3 = plans["us-28-point"], plans["e3-counterproposal"]
    same = [c.id for c in e3.clauses if c.id in ids(us) and c.text == us.clause(c.id).text]
    assert len(same) >= 15
