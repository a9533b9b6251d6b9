"""Property-based tests (hypothesis) over generated plans and texts:

* a valid plan, however odd its text, loads, diffs and renders in every format, and the HTML
  it makes has no markup but the template's;
* an invalid plan always exits 2 with one line per problem, each naming the file, never a traceback;
* redline ops rebuild both texts exactly;
* the same text in NFC and NFD is unchanged; the key order of a plan file changes nothing.
"""

from __future__ import annotations

import os
import random
import tempfile
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from clausediff.align import compare, diff_plans, history
from clausediff.cli import app
from clausediff.load import load_library
from clausediff.report import html, jsonfmt, markdown, textfmt
from clausediff.textdiff import apply_ops, diff_ops

from .conftest import FIXTURE_PLANS

# Modest by default so the suite stays fast; CLAUSEDIFF_EXAMPLES=1000 for a long hunt.
EXAMPLES = int(os.environ.get("CLAUSEDIFF_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
CATEGORIES = ["territory", "armed-forces", "sanctions", "nuclear", "humanitarian", "justice", "implementation"]

# Pieces of text that have broken renderers somewhere: markup, template syntax, Markdown, entities,
# bidi controls, combining marks, other scripts, full-width digits.
HOSTILE = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}", "{% for x in y %}", "{#", "**bold**",
    "_it_", "[x](javascript:alert(1))", "`code`", "| pipe |", "# head", "\n- item\n", "\n1. one\n", "> quote", "&amp;",
    "&#60;", "<!--", "]]>", "\\", "~~", "---", "\u202e", "\u200f", "e\u0301", "é", "６００，０００", "600,000",
    "ウクライナ軍は", "60万人", "Границы", "مرحبا ١٠٠", "평화", "👨‍👩‍👧", "\t", "  ", "army", "will", "not",
]
# Any character a YAML file can carry and a plan may hold: no surrogates, no control characters.
CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")


def _not_blank(text: str) -> bool:
    return not all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in text)


texts = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(CHARS, min_size=1, max_size=12)), min_size=1, max_size=8).map(
    "".join
).filter(_not_blank)
short_texts = st.text(CHARS, min_size=1, max_size=20).filter(_not_blank)

clauses = st.lists(
    st.fixed_dictionaries(
        {"text": texts, "categories": st.lists(st.sampled_from(CATEGORIES), min_size=1, max_size=2, unique=True)},
        optional={
            "note": texts,
            "tags": st.lists(st.sampled_from(["army-size", "snap-back", "g8"]), max_size=2, unique=True),
            "status": st.sampled_from(["text", "reported", "bracketed"]),
            "text_ja": texts,
        },
    ),
    min_size=1,
    max_size=6,
)
plan_fields = st.fixed_dictionaries(
    {"title": texts, "parties": st.lists(short_texts, min_size=1, max_size=3)},
    optional={"summary": texts, "short_title": short_texts, "title_ja": texts},
)
sources = st.lists(
    st.fixed_dictionaries({"title": texts, "publisher": short_texts, "url": st.sampled_from([
        "https://example.org/a?x=<b>&y=\"q\"", "http://example.org/", "https://例え.jp/パス", "https://example.org/a)b\\",
    ])}),
    min_size=1,
    max_size=2,
)


def _plan(pid: str, fields: dict, srcs: list, cls: list, date: str, **extra) -> dict:
    return {
        "id": pid, **fields, "date": date, "kind": "proposal", "completeness": "partial", "sources": srcs,
        "clauses": [{"id": str(i + 1), **c} for i, c in enumerate(cls)], **extra,
    }


def _write(directory: Path, plan: dict, rnd: random.Random | None = None) -> Path:
    def shuffle(value):
        if isinstance(value, dict):
            items = list(value.items())
            if rnd is not None:
                rnd.shuffle(items)
            return {k: shuffle(v) for k, v in items}
        if isinstance(value, list):
            return [shuffle(v) for v in value]
        return value

    path = directory / f"{plan['id']}.yaml"
    path.write_text(yaml.safe_dump(shuffle(plan), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    handle_startendtag = handle_starttag


def _tags(document: str) -> _Tags:
    parser = _Tags()
    parser.feed(document)
    parser.close()
    return parser


@lru_cache(maxsize=None)
def _template_tags() -> frozenset[str]:
    """Every tag the templates make, from the benign fixture reports."""
    lib = load_library(FIXTURE_PLANS)
    old, new = lib.plans["alpha"], lib.plans["beta"]
    tags: set[str] = set()
    for document in (
        html.render_diff(diff_plans(old, new), taxonomy=lib.taxonomy),
        html.render_matrix(compare([old, new], lib.taxonomy), taxonomy=lib.taxonomy),
        html.render_history(history("armed-forces", [old, new]), taxonomy=lib.taxonomy),
    ):
        tags |= set(_tags(document).tags)
    return frozenset(tags)


def _assert_inert(document: str, scripts: int) -> None:
    found = _tags(document)
    assert set(found.tags) <= _template_tags(), set(found.tags) - _template_tags()
    assert found.tags.count("script") == scripts
    for name, value in found.attrs:
        assert not name.startswith("on") and name not in ("src", "srcdoc", "style"), (name, value)
        if name == "href":
            assert value.startswith(("http://", "https://", "#")), value


@SETTINGS
@given(plan_fields, sources, clauses, plan_fields, clauses, st.booleans())
def test_valid_plans_load_diff_and_render_without_error(fields_a, srcs, clauses_a, fields_b, clauses_b, linked):
    extra = {"supersedes": "gen-old"} if linked else {}
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _write(directory, _plan("gen-old", fields_a, srcs, clauses_a, "2025-01-01"))
        _write(directory, _plan("gen-new", fields_b, srcs, clauses_b, "2025-02-01", **extra))
        lib = load_library(directory)
    old, new = lib.plans["gen-old"], lib.plans["gen-new"]
    for lang in ("en", "ja"):
        result = diff_plans(old, new, lang=lang)
        assert sorted(i for p in result.pairs for i in p.old) == sorted(c.id for c in old.clauses)
        assert sorted(i for p in result.pairs for i in p.new) == sorted(c.id for c in new.clauses)
        page = html.render_diff(result, taxonomy=lib.taxonomy, lang=lang)
        _assert_inert(page, scripts=1)
        markdown.render_diff(result, taxonomy=lib.taxonomy, lang=lang)
        jsonfmt.render_diff(result)
        textfmt.render_diff(result, lang=lang)
        matrix = compare([old, new], lib.taxonomy)
        _assert_inert(html.render_matrix(matrix, taxonomy=lib.taxonomy, lang=lang), scripts=0)
        markdown.render_matrix(matrix, taxonomy=lib.taxonomy, lang=lang)
        hist = history(old.clauses[0].primary, [old, new], lang=lang)
        _assert_inert(html.render_history(hist, taxonomy=lib.taxonomy, lang=lang), scripts=0)
        markdown.render_history(hist, taxonomy=lib.taxonomy, lang=lang)
        for p in result.pairs:  # the redline of every pair rebuilds both sides
            from clausediff.align import clause_text

            olds = " ".join(clause_text(old.clause(i), lang)[0] for i in p.old)
            news = " ".join(clause_text(new.clause(i), lang)[0] for i in p.new)
            assert apply_ops(p.ops) == (olds, news)


# ----------------------------------------------------------------------------- invalid plans


def _mutations(plan: dict) -> list:
    """Ways to break a valid plan, each a function of the plan dict (which it changes)."""

    def drop(*path):
        def go(p):
            target = p
            for key in path[:-1]:
                target = target[key]
            del target[path[-1]]
        return go

    def put(value, *path):
        def go(p):
            target = p
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = value
        return go

    out = [drop(k) for k in ("title", "parties", "date", "kind", "completeness", "sources", "clauses")]
    out += [drop("clauses", 0, k) for k in ("id", "text", "categories")]
    for bad in ([1, 2], {"a": 1}, None, True, 3.5):
        out += [put(bad, "title"), put(bad, "clauses", 0, "text"), put(bad, "clauses"), put(bad, "date")]
    out += [
        put("javascript:alert(1)", "sources", 0, "url"), put("data:text/html,x", "sources", 0, "url"),
        put("ftp://example.org", "sources", 0, "url"), put("", "sources", 0, "url"),
        put("   ", "clauses", 0, "text"), put("\u200b\u2060", "clauses", 0, "text"), put("", "clauses", 0, "text"),
        put([], "clauses"), put([], "sources"), put([], "parties"), put([], "clauses", 0, "categories"),
        put("nowhere", "clauses", 0, "categories", 0), put("x", "clauses", 0, "catgories"), put("x", "titel"),
        put("2025-02-30", "date"), put("soon", "date"), put("treaty", "kind"), put("Not A Slug", "id"),
        put(plan["id"], "supersedes"), put("final", "clauses", 0, "status"), put("a/b", "clauses", 0, "id"),
        put("x" * 65, "clauses", 0, "id"), put({"nowhere": ["1"]}, "clauses", 0, "links"),
        put("<script>", "clauses", 0, "section"), put("a\x1bb", "title"), put("a\x00b", "clauses", 0, "text"),
    ]
    if len(plan["clauses"]) > 1:
        out += [put(plan["clauses"][0]["id"], "clauses", 1, "id"), put(plan["clauses"][0]["id"].upper() + ".", "clauses", 1, "id")]
    return out


def _assert_exit_2_naming(result, path: Path) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no message"
    for line in lines:
        assert line.startswith(f"{path}:"), line
    assert "Traceback" not in result.output


@SETTINGS
@given(plan_fields, sources, clauses, st.data())
def test_invalid_plans_exit_2_with_a_message_naming_the_file(fields, srcs, cls, data):
    plan = _plan("broken", fields, srcs, cls, "2025-01-01")
    mutations = _mutations(plan)
    for mutate in data.draw(st.lists(st.sampled_from(mutations), min_size=1, max_size=3)):
        try:
            mutate(plan)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed what this one changes; the plan is broken anyway
    with tempfile.TemporaryDirectory() as tmp:
        path = _write(Path(tmp), plan)
        for args in (["validate", path], ["show", path], ["diff", path, "alpha"]):
            result = CliRunner().invoke(app, [str(a) for a in args] + ["--plans-dir", str(FIXTURE_PLANS)])
            _assert_exit_2_naming(result, path)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_exit_2_naming_the_file(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "noise.yaml"
        path.write_bytes(raw)
        result = CliRunner().invoke(app, ["validate", str(path), "--plans-dir", str(FIXTURE_PLANS)])
        _assert_exit_2_naming(result, path)


@SETTINGS
@given(st.data())
def test_damaged_plan_files_are_accepted_or_refused_cleanly(data):
    # Delete, insert or replace a few bytes anywhere in a valid plan file.
    raw = bytearray((FIXTURE_PLANS / "alpha.yaml").read_bytes())
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(raw)))
        action = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = data.draw(st.one_of(st.binary(min_size=1, max_size=4), st.sampled_from([b"\t", b"\r", b":", b"- ", b"&a ", b"*a", b"\"", b"'", b"[", b"{", b"\x00", b"\xff", b"\xef\xbb\xbf", b"!!python/object "])))
        if action == "delete":
            del raw[at:at + len(chunk)]
        elif action == "insert":
            raw[at:at] = chunk
        else:
            raw[at:at + len(chunk)] = chunk
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "alpha.yaml"
        path.write_bytes(bytes(raw))
        result = CliRunner().invoke(app, ["validate", str(path), "--plans-dir", str(FIXTURE_PLANS)])
        if result.exit_code != 0:
            _assert_exit_2_naming(result, path)


# ----------------------------------------------------------------------------- redlines and Unicode

any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)
wordy_text = st.lists(st.sampled_from(HOSTILE + ["the", "army", "is", "capped", "at", ",", ".", " ", "\n"]), max_size=25).map("".join)


@settings(max_examples=8 * EXAMPLES, deadline=None)
@given(st.one_of(any_text, wordy_text), st.one_of(any_text, wordy_text))
def test_redline_ops_rebuild_both_texts(old, new):
    ops = diff_ops(old, new)
    assert apply_ops(ops) == (old, new)
    assert all(tag in ("equal", "delete", "insert") and text for tag, text in ops)


@settings(max_examples=4 * EXAMPLES, deadline=None)
@given(wordy_text, st.data())
def test_redline_of_a_small_edit_rebuilds_both_texts(text, data):
    words = text.split(" ")
    at = data.draw(st.integers(0, len(words)))
    edited = " ".join(words[:at] + [data.draw(st.sampled_from(HOSTILE))] + words[at + 1:])
    assert apply_ops(diff_ops(text, edited)) == (text, edited)


decomposable = st.lists(
    st.sampled_from(["é", "ñ", "Å", "ガ", "パ", "평화", "й", "ё", "ї", "ệ", "ǖ", "ﬁ", "Ⅻ", "６", " ", "army ", "の", "إ", "آ"]),
    min_size=1, max_size=12,
).map("".join).filter(_not_blank)


@SETTINGS
@given(st.lists(decomposable, min_size=1, max_size=5))
def test_nfc_and_nfd_spellings_of_a_plan_are_unchanged(texts_):
    cls = [{"text": f"{i} {t}", "text_ja": f"{i} {t}", "categories": ["territory"]} for i, t in enumerate(texts_)]
    fields = {"title": "T", "parties": ["P"]}
    srcs = [{"title": "S", "publisher": "P", "url": "https://example.org"}]
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        _write(directory, _plan("nfc", fields, srcs, [{**c, "text": unicodedata.normalize("NFC", c["text"])} for c in cls], "2025-01-01"))
        nfd = _plan("nfd", fields, srcs, [{**c, "text": unicodedata.normalize("NFD", c["text"]),
                                             "text_ja": unicodedata.normalize("NFD", c["text_ja"])} for c in cls], "2025-02-01",
                    supersedes="nfc")
        _write(directory, nfd)
        lib = load_library(directory)
    for lang in ("en", "ja"):
        result = diff_plans(lib.plans["nfc"], lib.plans["nfd"], lang=lang)
        assert {p.status for p in result.pairs} == {"unchanged"}
        assert not result.changed()


@SETTINGS
@given(plan_fields, sources, clauses, clauses, st.randoms(use_true_random=False))
def test_key_order_does_not_change_the_output(fields, srcs, clauses_a, clauses_b, rnd):
    outputs = []
    for shuffler in (None, rnd):
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp)
            _write(directory, _plan("gen-old", fields, srcs, clauses_a, "2025-01-01"), shuffler)
            _write(directory, _plan("gen-new", fields, srcs, clauses_b, "2025-02-01", supersedes="gen-old"), shuffler)
            lib = load_library(directory)
        result = diff_plans(lib.plans["gen-old"], lib.plans["gen-new"])
        outputs.append((
            html.render_diff(result, taxonomy=lib.taxonomy),
            markdown.render_diff(result, taxonomy=lib.taxonomy),
            jsonfmt.render_diff(result),
        ))
    assert outputs[0] == outputs[1]
