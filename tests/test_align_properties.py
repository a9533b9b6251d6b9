"""Property tests of the aligner over generated plans (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clausediff.align import diff_plans
from clausediff.model import Plan
from clausediff.textdiff import apply_ops

CATEGORIES = ["territory", "armed-forces", "sanctions", "nuclear", "humanitarian"]
WORDS = ["Ukraine", "Russia", "NATO", "army", "capped", "600,000", "800,000", "sanctions", "lifted",
         "will", "not", "may", "prisoners", "exchanged", "plant", "restarted", "border", "Donbas",
         "elections", "100 days", "$100 billion", "fund", "ウクライナ", "兵力は", "60万人"]

texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join)
clause = st.fixed_dictionaries({"text": texts, "categories": st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True)})


def make_plan(pid: str, clauses: list[dict], date: str = "2025-01-01") -> Plan:
    return Plan.model_validate({
        "id": pid, "title": pid, "parties": ["P"], "date": dt.date.fromisoformat(date), "kind": "proposal",
        "completeness": "full", "sources": [{"title": "S", "publisher": "P", "url": "https://example.org"}],
        "clauses": [{"id": str(i + 1), **c} for i, c in enumerate(clauses)],
    })


plans = st.lists(clause, min_size=1, max_size=12)
SETTINGS = settings(max_examples=int(__import__("os").environ.get("CLAUSEDIFF_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plans, plans)
def test_every_clause_in_exactly_one_pair_and_ops_rebuild(old_c, new_c):
    old, new = make_plan("old", old_c), make_plan("new", new_c, "2025-02-01")
    result = diff_plans(old, new)
    assert sorted(i for p in result.pairs for i in p.old) == sorted(c.id for c in old.clauses)
    assert sorted(i for p in result.pairs for i in p.new) == sorted(c.id for c in new.clauses)
    for p in result.pairs:
        a, b = apply_ops(p.ops)
        assert a == " ".join(old.clause(i).text for i in p.old)
        assert b == " ".join(new.clause(i).text for i in p.new)


@SETTINGS
@given(plans)
def test_identical_plans_are_all_unchanged(c):
    result = diff_plans(make_plan("a", c), make_plan("b", c))
    assert {p.status for p in result.pairs} == {"unchanged"}
    assert all(len(p.old) == len(p.new) == 1 and p.old == p.new for p in result.pairs)


@SETTINGS
@given(plans, plans)
def test_swapping_old_and_new_mirrors_the_statuses(old_c, new_c):
    a, b = make_plan("a", old_c), make_plan("b", new_c)
    fwd = diff_plans(a, b).summary()["by_status"]
    back = diff_plans(b, a).summary()["by_status"]
    mirror = {"added": "removed", "removed": "added", "split": "merged", "merged": "split"}
    assert {mirror.get(s, s): n for s, n in fwd.items()} == back


@SETTINGS
@given(plans, plans)
def test_alignment_is_deterministic(old_c, new_c):
    a, b = make_plan("a", old_c), make_plan("b", new_c)
    assert diff_plans(a, b).to_json() == diff_plans(a, b).to_json()
