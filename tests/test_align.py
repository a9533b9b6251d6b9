"""The aligner on the small fixture plans: every status, every flag, links and the JSON contract."""

from __future__ import annotations

import json

import pytest

from clausediff.align import diff_plans, hungarian
from clausediff.load import load_library

from .conftest import FIXTURE_PLANS


@pytest.fixture(scope="module")
def lib():
    return load_library(FIXTURE_PLANS)


@pytest.fixture(scope="module")
def result(lib):
    return diff_plans(lib.plans["alpha"], lib.plans["beta"])


def _pair(result, old=None, new=None):
    for p in result.pairs:
        if (old is None or p.old == old) and (new is None or p.new == new):
            return p
    raise AssertionError(f"no pair {old} -> {new}")


def test_unchanged(result):
    p = _pair(result, ["1"], ["1"])
    assert (p.status, p.flags, p.changes) == ("unchanged", [], [])


def test_modified_number_via_link(result):
    p = _pair(result, ["2"], ["2"])
    assert p.status == "modified"
    assert p.basis == "link"
    assert p.changes == [{"kind": "number", "old": "600,000", "new": "800,000"}]


def test_reworded_renumbered_recategorised(result):
    p = _pair(result, ["4"], ["3"])
    assert p.status == "reworded"
    assert p.changes == []
    assert set(p.flags) == {"renumbered", "recategorised"}


def test_modality_change_is_modified(result):
    p = _pair(result, ["5"], ["4"])
    assert p.status == "modified"
    assert p.changes == [{"kind": "modality", "old": "will", "new": "may"}]


def test_split_and_merged(result):
    assert _pair(result, ["6"]).status == "split"
    assert _pair(result, ["6"]).new == ["5", "6"]
    assert _pair(result, new=["7"]).status == "merged"
    assert _pair(result, new=["7"]).old == ["7", "8"]


def test_moved_out_of_order_unchanged_text(result):
    p = _pair(result, ["3"], ["8"])
    assert p.status == "moved"


def test_added_and_removed_shown_in_full(result, lib):
    removed = _pair(result, ["9"], [])
    added = _pair(result, [], ["9"])
    assert (removed.status, added.status) == ("removed", "added")
    assert removed.ops == [("delete", lib.plans["alpha"].clause("9").text)]
    assert added.ops == [("insert", lib.plans["beta"].clause("9").text)]


def test_every_clause_in_exactly_one_pair(result, lib):
    olds = [i for p in result.pairs for i in p.old]
    news = [i for p in result.pairs for i in p.new]
    assert sorted(olds) == sorted(c.id for c in lib.plans["alpha"].clauses)
    assert sorted(news) == sorted(c.id for c in lib.plans["beta"].clauses)


def test_no_links_still_finds_the_linked_pair(lib):
    r = diff_plans(lib.plans["alpha"], lib.plans["beta"], use_links=False)
    p = _pair(r, ["2"], ["2"])
    assert p.basis == "auto" and p.status == "modified"


def test_higher_min_similarity_leaves_weak_matches_unmatched(lib):
    loose = diff_plans(lib.plans["alpha"], lib.plans["beta"], use_links=False)
    strict = diff_plans(lib.plans["alpha"], lib.plans["beta"], use_links=False, min_similarity=1.05)
    count = lambda r, s: sum(p.status == s for p in r.pairs)  # noqa: E731
    assert count(strict, "added") > count(loose, "added")
    assert count(strict, "removed") > count(loose, "removed")
    # Identical texts still match: similarity 1 plus the category bonus clears 1.05.
    assert count(strict, "unchanged") == 1


def test_swapping_old_and_new_swaps_added_removed_split_merged(lib):
    forward = diff_plans(lib.plans["alpha"], lib.plans["beta"]).summary()["by_status"]
    backward = diff_plans(lib.plans["beta"], lib.plans["alpha"]).summary()["by_status"]
    assert forward["added"] == backward["removed"] and forward["removed"] == backward["added"]
    assert forward["split"] == backward["merged"] and forward["merged"] == backward["split"]


def test_japanese_redline_uses_text_ja(lib):
    r = diff_plans(lib.plans["alpha"], lib.plans["beta"], lang="ja")
    p = _pair(r, ["2"], ["2"])
    assert ("delete", "60万人") in p.ops or any(t == "delete" and "60万人" in x for t, x in p.ops)
    assert {"kind": "number", "old": "60万人", "new": "80万人"} in p.changes


def test_json_contract(cli):
    out = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["old"] == {"id": "alpha", "title": "Alpha test plan", "date": "2025-01-10"}
    assert set(data) == {"old", "new", "pairs", "summary"}
    pair = next(p for p in data["pairs"] if p["old"] == ["2"])
    assert set(pair) == {"status", "old", "new", "categories", "similarity", "basis", "flags", "changes", "ops"}
    assert pair["ops"][0] == ["equal", "The armed forces of Ukraine will be capped at "]
    assert data["summary"]["by_category"]["armed-forces"] == {"modified": 1}
    added = next(p for p in data["pairs"] if p["status"] == "added")
    assert added["old"] == [] and added["basis"] is None


def test_diff_exit_code_like_diff(cli):
    same = cli("diff", "alpha", "alpha", "--plans-dir", FIXTURE_PLANS, "--exit-code")
    differ = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--exit-code")
    plain = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS)
    bad = cli("diff", "alpha", "nope", "--plans-dir", FIXTURE_PLANS, "--exit-code")
    assert (same.exit_code, differ.exit_code, plain.exit_code, bad.exit_code) == (0, 1, 0, 2)


def test_diff_category_and_status_filters(cli):
    out = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "json", "-c", "sovereignty", "-s", "split")
    pairs = json.loads(out.stdout)["pairs"]
    assert [(p["status"], p["old"]) for p in pairs] == [("split", ["6"])]


def test_diff_text_format_marks(cli):
    out = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "text")
    assert "[-600,000 personnel-]{+800,000 personnel in peacetime+}" in out.stdout
    assert "! number: 600,000 -> 800,000" in out.stdout


def test_hungarian_beats_greedy():
    # Greedy would take the 0.9 and leave 0.1; the optimum is 0.8 + 0.8.
    assert hungarian([[0.9, 0.8], [0.8, 0.1]]) == [(0, 1), (1, 0)]


def test_deterministic_json(cli):
    a = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "json").stdout
    b = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "json").stdout
    assert a == b
