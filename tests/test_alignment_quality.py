"""The quality bar: automatic matching alone reproduces the plan files' explicit links."""

from __future__ import annotations

from clausediff.evaluate import evaluate, micro
from clausediff.load import load_plans

from .conftest import SHIPPED_PLANS


def test_auto_matching_reproduces_links_and_beats_baselines():
    results = evaluate(load_plans(SHIPPED_PLANS))
    precision, recall = micro(results["clausediff"])
    assert precision >= 0.95 and recall >= 0.95, (precision, recall)
    for baseline in ("positional", "difflib"):
        p, r = micro(results[baseline])
        assert recall > r, baseline
    assert len(results["clausediff"]) >= 4  # every linked plan pair is measured
