"""Snapshot tests of one small diff in each format, backed by targeted asserts."""

from __future__ import annotations

import json

import pytest

from .conftest import FIXTURE_PLANS
from .goldtest import compare_gold


@pytest.mark.parametrize("fmt, ext", [("html", "html"), ("md", "md"), ("json", "json"), ("text", "txt")])
def test_alpha_beta_snapshot(cli, fmt, ext):
    result = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", fmt)
    assert result.exit_code == 0, result.output
    compare_gold(f"alpha-beta.{ext}", result.stdout)


def test_snapshot_targeted_html(cli):
    html = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "html").stdout
    # Plan text with < and & is escaped, never markup.
    assert "Russia &amp; Ukraine will meet monthly &lt;in Geneva&gt;." in html
    assert "<in Geneva>" not in html
    # The redline marks the edit with <del>/<ins>, and the change is called out.
    assert "<del>600,000 personnel</del><ins>800,000 personnel in peacetime</ins>" in html
    assert "number: 600,000 → 800,000" in html
    # Stable anchors for every clause of both plans.
    for anchor in ("alpha-2", "beta-2", "alpha-9", "beta-9"):
        assert f'id="{anchor}"' in html
    # One self-contained file: no external resources at all.
    assert "<link" not in html and "src=" not in html
    assert "default-src 'none'" in html


def test_snapshot_targeted_markdown(cli):
    md = cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "md").stdout
    assert "Russia \\& Ukraine will meet monthly \\<in Geneva\\>." in md
    assert "~~600,000 personnel~~ **800,000 personnel in peacetime**" in md


def test_snapshot_targeted_json(cli):
    data = json.loads(cli("diff", "alpha", "beta", "--plans-dir", FIXTURE_PLANS, "--format", "json").stdout)
    added = next(p for p in data["pairs"] if p["status"] == "added")
    assert added["ops"] == [["insert", "A joint security commission of Russia & Ukraine will meet monthly <in Geneva>."]]
