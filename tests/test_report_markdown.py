"""Markdown reports parsed by a real CommonMark/GFM parser: tables keep their shape, redlines their marks,
and plan text with Markdown syntax stays literal."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from clausediff.align import diff_plans
from clausediff.load import load_library
from clausediff.report import markdown

from .conftest import FIXTURE_PLANS, ROOT

HOSTILE = ROOT / "tests" / "hostile" / "plans"


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def tables(tokens):
    """For each table: the number of cells in each row."""
    out, current, cells = [], None, 0
    for tok in tokens:
        if tok.type == "table_open":
            current = []
        elif tok.type == "tr_open":
            cells = 0
        elif tok.type in ("th_open", "td_open"):
            cells += 1
        elif tok.type == "tr_close" and current is not None:
            current.append(cells)
        elif tok.type == "table_close":
            out.append(current)
            current = None
    return out


def inline_children(tokens):
    for tok in tokens:
        if tok.type == "inline":
            yield from tok.children or []


@pytest.fixture(scope="module", params=[(FIXTURE_PLANS, "alpha", "beta"), (HOSTILE, "evil-old", "evil-new")], ids=["fixture", "hostile"])
def rendered(request):
    plans_dir, old, new = request.param
    lib = load_library(plans_dir)
    result = diff_plans(lib.plans[old], lib.plans[new])
    return result, markdown.render_diff(result, taxonomy=lib.taxonomy)


def test_tables_keep_their_column_count(rendered):
    _, md = rendered
    found = tables(parser().parse(md))
    assert found, "no tables parsed"
    for rows in found:
        assert len(set(rows)) == 1, rows  # every row has the header's cell count


def test_redline_marks_survive_parsing(rendered):
    result, md = rendered
    tokens = parser().parse(md)
    kinds = [c.type for c in inline_children(tokens)]
    deletes = sum(1 for p in result.pairs if p.old and p.new and p.status not in ("unchanged", "moved") for t, _ in p.ops if t == "delete")
    inserts = sum(1 for p in result.pairs if p.old and p.new and p.status not in ("unchanged", "moved") for t, _ in p.ops if t == "insert")
    assert kinds.count("s_open") == deletes
    # Inserted runs are bold; the only other bold text is clause ids in tables and change call-outs.
    redline_strong = 0
    for tok in tokens:
        if tok.type == "inline" and tok.content.startswith("Redline:"):
            redline_strong += sum(1 for c in tok.children if c.type == "strong_open")
    assert redline_strong == inserts


def test_plan_text_syntax_is_literal(rendered):
    result, md = rendered
    html = parser().render(md)
    if "evil" not in result.old.id:
        return
    assert "<script>" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in html
    assert "<h1>Not a heading" not in html and "# Not a heading" in html
    assert "*not emphasis*" in html and "`not code`" in html and "[not](a link)" in html
    assert "<em>not emphasis</em>" not in html and "<code>" not in html
    assert 'href="javascript' not in html
    # Every heading in the document is one the template made.
    heads = [t for t in parser().parse(md) if t.type == "heading_open"]
    assert len(heads) == 1 + 1 + len({p.primary for p in result.pairs}) + len(result.pairs) + 1
