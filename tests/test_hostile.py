"""Hostile input: every malformed file is one exact line per problem and exit 2; markup, template
syntax and Markdown in plan text render as inert text; big and odd Unicode text diffs and renders;
reports are written atomically; nothing opens a socket.

The corpus lives in tests/hostile/ (bad/: invalid files, ok/: odd but valid files, circular/: a
supersedes loop, unicode/: mixed scripts, plans/: valid plans full of markup).  Files too big to
commit (50 MB, a million nested brackets, 10,000 clauses, a 100,000-character clause) are written
to tmp_path by the tests.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from clausediff.align import compare, diff_plans, history
from clausediff.load import load_library
from clausediff.report import html, jsonfmt, markdown, textfmt
from clausediff.textdiff import apply_ops

from .conftest import FIXTURE_PLANS, ROOT

HOSTILE = ROOT / "tests" / "hostile"
BAD = HOSTILE / "bad"
EVIL = HOSTILE / "plans"

# ----------------------------------------------------------------------------- bad files

EXPECTED = {
    "alias-laughs": ["alias-laughs.yaml:10: YAML anchors and aliases (&name, *name) are not allowed"],
    "alias-scalar": ["alias-scalar.yaml:10: YAML anchors and aliases (&name, *name) are not allowed"],
    "bad-urls": [
        'bad-urls.yaml:9: field "sources[1].url": "javascript:alert(1)" is not an http(s) URL',
        'bad-urls.yaml:10: field "sources[2].url": "data:text/html,<script>alert(2)</script>" is not an http(s) URL',
        'bad-urls.yaml:11: field "sources[3].url": "JavaScript:alert(3)" is not an http(s) URL',
        'bad-urls.yaml:12: field "sources[4].url": "//evil.example/x" is not an http(s) URL',
        'bad-urls.yaml:13: field "sources[5].url": "file:///etc/passwd" is not an http(s) URL',
        'bad-urls.yaml:14: field "sources[6].url": "https://example.org/a b" is not an http(s) URL',
    ],
    "binary-tag": ["binary-tag.yaml:10: unsupported YAML tag tag:yaml.org,2002:binary"],
    "blank-text": [
        'blank-text.yaml:12: clause "1": field "text" must not be empty or whitespace only',
        'blank-text.yaml:15: clause "2": field "text" must not be empty or whitespace only',
        'blank-text.yaml:18: clause "3": field "text" must not be empty or whitespace only',
    ],
    "clause-not-mapping": ['clause-not-mapping.yaml:11: clause "#1": field "document": expected a mapping, got "Borders are fixed."'],
    "clauses-mapping": ['clauses-mapping.yaml:10: field "clauses": expected a list, got a mapping'],
    "comments-only": ["comments-only.yaml:1: file is empty"],
    "control-char-escaped": ["control-char-escaped.yaml:10: text contains a control character (U+001B)"],
    "control-char-raw": ["control-char-raw.yaml:3: file contains a control character (U+001B)"],
    "custom-tag": ["custom-tag.yaml:10: unsupported YAML tag !include"],
    "date-as-id": ['date-as-id.yaml:11: clause "#1": field "id": write the id in quotes (got the date 2025-01-10)'],
    "empty-clauses": ['empty-clauses.yaml:10: field "clauses" must not be empty'],
    "empty-whitespace": ["empty-whitespace.yaml:1: file is empty"],
    "huge-integer": ['huge-integer.yaml:11: number "' + "9" * 39 + '…" has too many digits; write it in quotes'],
    "id-collisions": [
        'id-collisions.yaml:14: clause "10.A": clause id "10.A" collides with "10.a"',
        'id-collisions.yaml:20: clause "６": clause id "６" collides with "6"',
        'id-collisions.yaml:26: clause "7.": clause id "7." collides with "7"',
        'id-collisions.yaml:32: clause "é": duplicate clause id "é"',  # NFD "é" is NFC "é"
    ],
    "impossible-date": ['impossible-date.yaml:5: invalid date "2025-02-30": day is out of range for month'],
    "long-value": ['long-value.yaml:5: field "date": expected a date (YYYY-MM-DD), got "' + "x" * 59 + '…" (300 characters)'],
    "merge-key": ["merge-key.yaml:12: YAML merge keys (<<) are not allowed"],
    "nesting": ["nesting.yaml:10: data nested more than 50 levels deep"],
    "newline-in-key": ['newline-in-key.yaml:10: unknown key "bad\\nkey"'],
    "not-utf8-latin1": ["not-utf8-latin1.yaml:3: not UTF-8 text (byte 0xe9 at offset 52)"],
    "nul-byte": ["nul-byte.yaml:3: file contains a NUL byte"],
    "nul-escaped": ["nul-escaped.yaml:10: text contains a control character (U+0000)"],
    "python-name-tag": ["python-name-tag.yaml:10: unsupported YAML tag tag:yaml.org,2002:python/name:os.system"],
    "python-object-tag": ["python-object-tag.yaml:10: unsupported YAML tag tag:yaml.org,2002:python/object/apply:os.system"],
    "self-supersedes": ["self-supersedes.yaml:10: supersedes names the plan itself"],
    "set-tag": ["set-tag.yaml:10: unsupported YAML tag tag:yaml.org,2002:set"],
    "surrogate-bytes": ["surrogate-bytes.yaml:3: not UTF-8 text (byte 0xed at offset 73)"],
    "terminal-escape-key": ['terminal-escape-key.yaml:10: unknown key "\\u202eevil\\t"'],
    "top-level-list": ["top-level-list.yaml:2: expected a mapping of fields, got a list"],
    "truncated-utf8": ["truncated-utf8.yaml:14: not UTF-8 text (byte 0xe6 at offset 325)"],
    "utf16": ["utf16.yaml:1: not UTF-8 text (byte 0xff at offset 0); it looks like UTF-16: save it as UTF-8"],
    "wrong-types": [
        'wrong-types.yaml:3: field "title": expected text, got a list',
        'wrong-types.yaml:4: field "parties": expected a list, got "Testland"',
        'wrong-types.yaml:10: field "summary": expected text, got a list',
        'wrong-types.yaml:13: clause "1": field "text": expected text, got 42',
        'wrong-types.yaml:14: clause "1": field "categories[1]": expected text, got 1',
        'wrong-types.yaml:15: clause "1": field "links": expected a mapping, got a list',
        "wrong-types.yaml:16: clause \"1\": field \"status\": \"final\" is not one of 'text', 'reported' or 'bracketed'",
    ],
    "yaml-bad-indent": ["yaml-bad-indent.yaml:11: YAML syntax error at line 11:6: mapping values are not allowed in this context"],
    "yaml-complex-key": ["yaml-complex-key.yaml:10: mapping keys must be plain strings"],
    "yaml-duplicate-key": ['yaml-duplicate-key.yaml:10: duplicate key "title"'],
    "yaml-stray-quote": [
        "yaml-stray-quote.yaml:2: YAML syntax error at line 2:1: while parsing a block mapping; did not find expected key (line 12)"
    ],
    "yaml-tab-indent": [
        "yaml-tab-indent.yaml:11: YAML syntax error at line 11:1: while scanning for the next token; "
        "found character that cannot start any token"
    ],
    "yaml-two-documents": [
        "yaml-two-documents.yaml:2: YAML syntax error at line 2:1: expected a single document in the stream; "
        "but found another document (line 14)"
    ],
}


def _expected(name: str) -> list[str]:
    return [f"tests/hostile/bad/{line}" for line in EXPECTED[name]]


def _assert_clean_failure(result, lines: list[str]) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.stdout == ""
    assert result.stderr.splitlines() == lines
    assert "Traceback" not in result.output


def test_every_bad_file_has_an_expectation():
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_is_one_exact_line_per_problem_and_exit_2(name, cli, monkeypatch):
    monkeypatch.chdir(ROOT)  # messages use paths relative to the working directory
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, BAD / f"{name}.yaml")
    _assert_clean_failure(result, _expected(name))


@pytest.mark.parametrize("command", ["diff", "show", "matrix"])
@pytest.mark.parametrize("name", ["alias-laughs", "not-utf8-latin1", "wrong-types", "yaml-tab-indent", "nesting"])
def test_bad_file_fails_the_same_way_in_every_command(name, command, cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = f"tests/hostile/bad/{name}.yaml"
    args = {"diff": ["diff", path, "alpha"], "show": ["show", path], "matrix": ["matrix", path, "alpha"]}[command]
    result = cli(*args, "--plans-dir", FIXTURE_PLANS)
    _assert_clean_failure(result, _expected(name))


def test_every_error_line_is_a_single_printable_line(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    for name in EXPECTED:
        result = cli("validate", "--plans-dir", FIXTURE_PLANS, BAD / f"{name}.yaml")
        for line in result.stderr.splitlines():
            assert line.startswith(f"tests/hostile/bad/{name}.yaml:")
            assert not re.search(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]", line), line
            assert len(line) < 300, line


def test_unsafe_tags_never_run_code(cli, monkeypatch, tmp_path):
    shutil.copy(BAD / "python-object-tag.yaml", tmp_path)
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, "python-object-tag.yaml")
    assert result.exit_code == 2
    assert not (tmp_path / "clausediff-was-here").exists()


def test_bom_crlf_and_cr_line_ends_are_accepted(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("validate", "--plans-dir", HOSTILE / "ok")
    assert result.exit_code == 0, result.stderr
    plans = load_library(HOSTILE / "ok").plans
    assert sorted(plans) == ["bom", "bom-crlf", "cr-only", "crlf"]
    texts = {p.title for p in plans.values()} | {c.text for p in plans.values() for c in p.clauses}
    assert texts == {"A hostile test plan", "Borders are fixed."}  # no BOM, no stray \r


def test_line_numbers_count_crlf_and_cr_line_ends(cli, monkeypatch, tmp_path):
    text = (BAD / "wrong-types.yaml").read_text(encoding="utf-8")
    (tmp_path / "wrong-types.yaml").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, "wrong-types.yaml")
    assert result.stderr.splitlines() == EXPECTED["wrong-types"]
    (tmp_path / "wrong-types.yaml").write_bytes(text.replace("\n", "\r").encode())
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, "wrong-types.yaml")
    assert result.stderr.splitlines() == EXPECTED["wrong-types"]


def test_circular_supersedes_through_three_plans(cli, monkeypatch):
    monkeypatch.chdir(HOSTILE / "circular")
    result = cli("validate", "--plans-dir", ".")
    _assert_clean_failure(result, [
        "loop-a.yaml:9: circular supersedes: loop-a -> loop-c -> loop-b -> loop-a",
        "loop-b.yaml:9: circular supersedes: loop-b -> loop-a -> loop-c -> loop-b",
        "loop-c.yaml:9: circular supersedes: loop-c -> loop-b -> loop-a -> loop-c",
    ])


def _plan_text(pid: str, extra: str = "", clauses: str | None = None) -> str:
    return (
        f"id: {pid}\ntitle: T\nparties: [P]\ndate: 2025-01-01\nkind: proposal\ncompleteness: full\n"
        'sources:\n  - {title: S, publisher: P, url: "https://example.org"}\n'
        + extra
        + (clauses or 'clauses:\n  - id: "1"\n    text: Borders are fixed.\n    categories: [territory]\n')
    )


def test_a_50_megabyte_file_is_refused_before_it_is_read(cli, monkeypatch, tmp_path):
    path = tmp_path / "huge.yaml"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(_plan_text("huge"))
        line = "# " + "x" * 1022 + "\n"
        for _ in range(50 * 1024):
            handle.write(line)
    size = path.stat().st_size
    assert size > 50 * 1024 * 1024
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, "huge.yaml")
    _assert_clean_failure(result, [f"huge.yaml: file is {size:,} bytes; the limit is 16,777,216 bytes"])
    result = cli("diff", "huge.yaml", "alpha", "--plans-dir", FIXTURE_PLANS)
    _assert_clean_failure(result, [f"huge.yaml: file is {size:,} bytes; the limit is 16,777,216 bytes"])


def test_a_million_nested_brackets_fail_fast(cli, monkeypatch, tmp_path):
    # libyaml needs quadratic time for this (minutes), and its composer overflows the C stack.
    n = 1_000_000
    (tmp_path / "deep.yaml").write_text(_plan_text("deep", "summary: " + "[" * n + "]" * n + "\n"))
    (tmp_path / "deepmap.yaml").write_text(_plan_text("deepmap", "summary: " + "{a: " * 100_000 + "1" + "}" * 100_000 + "\n"))
    (tmp_path / "deepblock.yaml").write_text(_plan_text("deepblock", "summary:\n" + "".join(" " * i + "-\n" for i in range(1, 3000))))
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, "deep.yaml", "deepmap.yaml", "deepblock.yaml")
    _assert_clean_failure(result, [
        "deep.yaml:9: data nested more than 50 levels deep",
        "deepblock.yaml:59: data nested more than 50 levels deep",
        "deepmap.yaml:9: data nested more than 50 levels deep",
    ])


def test_a_thousand_aliases_of_a_long_string_are_refused(cli, monkeypatch, tmp_path):
    # Aliases of a scalar do not multiply memory in Python, but would multiply every report.
    body = "parties: [&p " + "x" * 100_000 + ", " + ", ".join(["*p"] * 1000) + "]\n"
    (tmp_path / "laughs.yaml").write_text(_plan_text("laughs").replace("parties: [P]\n", body))
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, "laughs.yaml")
    _assert_clean_failure(result, ["laughs.yaml:3: YAML anchors and aliases (&name, *name) are not allowed"])


def test_the_taxonomy_gets_the_same_treatment(cli, monkeypatch, tmp_path):
    shutil.copy(FIXTURE_PLANS / "alpha.yaml", tmp_path)
    taxonomy = (ROOT / "plans" / "taxonomy.yaml").read_text(encoding="utf-8")
    (tmp_path / "taxonomy.yaml").write_text(taxonomy.replace("categories:", "x: &a [1]\ny: *a\ncategories:", 1), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("plans", "--plans-dir", ".")
    assert result.exit_code == 2
    assert re.fullmatch(r"taxonomy\.yaml:\d+: YAML anchors and aliases \(&name, \*name\) are not allowed\n", result.stderr)


def test_nfd_link_ids_match_nfc_clause_ids(cli, monkeypatch, tmp_path):
    # Typed on a Mac, a link to clause "é" arrives in NFD; it names the same clause.
    clause = 'clauses:\n  - id: "\u00e9"\n    text: Borders are fixed.\n    categories: [territory]\n'
    link = 'clauses:\n  - id: "1"\n    text: Borders are fixed.\n    categories: [territory]\n    links: {one: ["e\u0301"]}\n'
    (tmp_path / "one.yaml").write_text(_plan_text("one", clauses=clause), encoding="utf-8")
    (tmp_path / "two.yaml").write_text(_plan_text("two", "supersedes: one\n", clauses=link), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", ".")
    assert result.exit_code == 0, result.stderr
    lib = load_library(tmp_path)
    assert lib.plans["two"].clauses[0].links == {"one": ["\u00e9"]}
    assert [p.basis for p in diff_plans(lib.plans["one"], lib.plans["two"]).pairs] == ["link"]


# ----------------------------------------------------------------------------- inert rendering


class _Markup(HTMLParser):
    """Tags, attributes and text of an HTML document, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value) for name, value in attrs)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def _markup(document: str) -> _Markup:
    parser = _Markup()
    parser.feed(document)
    parser.close()
    return parser


EVIL_STRINGS = [
    "<script>alert('title')</script> & {{ 7*7 }} plan",
    '"><img src=x onerror=alert(1)>',
    "{% raw %}{% endraw %} {{ config }} <iframe src=https://evil.example></iframe>",
    "<svg onload=alert(2)>",
    '"><img src=x onerror=alert(4)> {{ 1+1 }}',
    "{% for x in range(3) %}{{ x }}{% endfor %} <a href=\"javascript:alert(5)\">click</a>",
    "New {{ 7*7 }} <em>plan</em>",
]
DANGEROUS_TAGS = {"script", "img", "iframe", "svg", "em", "b", "object", "embed", "link", "base", "style", "meta", "frame", "textarea", "button", "select"}


def _evil():
    lib = load_library(EVIL)
    return lib, lib.plans["evil-old"], lib.plans["evil-new"]


def _benign():
    lib = load_library(FIXTURE_PLANS)
    return lib, lib.plans["alpha"], lib.plans["beta"]


def _html_reports(which, lang: str = "en") -> dict[str, str]:
    lib, old, new = which()
    category = old.clauses[0].primary
    return {
        "diff": html.render_diff(diff_plans(old, new, lang=lang), taxonomy=lib.taxonomy, lang=lang, index_href="../index.html"),
        "matrix": html.render_matrix(compare([old, new], lib.taxonomy), taxonomy=lib.taxonomy, lang=lang, index_href="index.html"),
        "history": html.render_history(history(category, [old, new], lang=lang), taxonomy=lib.taxonomy, lang=lang),
    }


def _allowed_href(href: str) -> bool:
    return (
        href.startswith(("https://", "http://", "#"))
        or re.fullmatch(r"(\.\./)*[a-z0-9/_-]+\.(html|md)(#[\w.-]+)?", href) is not None
    )


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("kind", ["diff", "matrix", "history"])
def test_html_renders_every_hostile_field_as_inert_text(kind, lang):
    evil = _html_reports(_evil, lang)[kind]
    benign = _html_reports(_benign, lang)[kind]
    found, expected = _markup(evil), _markup(benign)
    # The markup is the template's: exactly as many of each dangerous tag as a benign report has.
    for tag in DANGEROUS_TAGS:
        assert found.tags.count(tag) == expected.tags.count(tag), (tag, found.tags.count(tag), expected.tags.count(tag))
    for tag, name, value in found.attrs:
        assert not name.startswith("on"), (tag, name, value)
        assert name not in ("src", "srcdoc", "formaction", "style"), (tag, name, value)
        if name == "href":
            assert _allowed_href(value or ""), value
            assert "javascript" not in (value or "").lower()
    # Nothing in the raw text looks like markup it was not meant to be...
    for raw in ("<script>alert", "<img", "<iframe", "<svg onload", "<em>plan", "<a href=\"javascript", "onerror=alert(1)>"):
        assert raw not in evil, raw
    assert "&lt;script&gt;alert(" in evil
    # ...and a reader sees the plan text exactly as written: escaped, never evaluated as a template.
    text = "".join(found.text)
    shown = [s for s in EVIL_STRINGS if s in text]
    assert "{{ 7*7 }}" in text and "49 plan" not in text
    if kind != "history":
        assert len(shown) >= 5, shown


def test_source_links_keep_their_http_url_escaped_inside_the_attribute():
    evil = _html_reports(_evil)["diff"]
    hrefs = [v for t, n, v in _markup(evil).attrs if t == "a" and n == "href" and v.startswith("http")]
    assert hrefs == ['https://example.org/a?x=<b>&y="q"', "https://example.org/b", "https://example.org/c"]
    assert 'href="https://example.org/a?x=&lt;b&gt;&amp;y=&#34;q&#34;"' in evil


def test_plan_text_is_never_rendered_as_a_template(monkeypatch):
    # If any plan string reached jinja2 as a template, these would be evaluated (49, 2, 012).
    for kind, document in _html_reports(_evil).items():
        text = "".join(_markup(document).text)
        assert "{{ 7*7 }}" in text, kind
    md = markdown.render_diff(diff_plans(*_evil()[1:]), taxonomy=_evil()[0].taxonomy)
    assert r"\{\{ 7\*7 \}\}" in md and r"\{% for x in range(3) %\}\{\{ x \}\}\{% endfor %\}" in md


@pytest.mark.parametrize("kind", ["matrix", "history", "index"])
def test_markdown_matrix_history_and_index_are_inert(kind):
    from markdown_it import MarkdownIt

    lib, old, new = _evil()
    if kind == "matrix":
        md = markdown.render_matrix(compare([old, new], lib.taxonomy), taxonomy=lib.taxonomy)
    elif kind == "history":
        md = markdown.render_history(history("armed-forces", [old, new]), taxonomy=lib.taxonomy)
    else:
        groups = [{"title": "<b>Group</b> *x*", "items": [{"label": old.title, "html": "a.html", "md": "a.md", "note": new.title}]}]
        md = markdown.render_index("# <script>x</script>", groups)
    rendered = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(md)
    found = _markup(rendered)
    assert not {"script", "img", "iframe", "svg", "b", "code", "pre", "style"} & set(found.tags), set(found.tags)
    assert "<em>not emphasis</em>" not in rendered and "<em>plan</em>" not in rendered
    for tag, name, value in found.attrs:
        assert not name.startswith("on") and name != "src"
        if name == "href":
            assert _allowed_href(value or ""), value
    text = "".join(found.text)
    assert "{{ 7*7 }}" in text
    assert "<script>" in text  # shown literally


def test_json_and_text_output_keep_hostile_text_verbatim():
    import json

    lib, old, new = _evil()
    result = diff_plans(old, new)
    data = json.loads(jsonfmt.render_diff(result))
    assert data["old"]["title"] == old.title
    texts = textfmt.render_diff(result, taxonomy=lib.taxonomy)
    assert '<a href="javascript:alert(5)">click</a>' in texts


# ----------------------------------------------------------------------------- big and odd text


def _nfd_copy(directory: Path, src: Path, pid: str, supersedes: str) -> None:
    text = src.read_text(encoding="utf-8").replace("id: unicode-mixed", f"id: {pid}\nsupersedes: {supersedes}")
    (directory / f"{pid}.yaml").write_text(unicodedata.normalize("NFD", text), encoding="utf-8")


def test_mixed_scripts_in_nfc_and_nfd_are_the_same_plan(tmp_path, cli, monkeypatch):
    src = HOSTILE / "unicode" / "unicode-mixed.yaml"
    shutil.copy(src, tmp_path)
    _nfd_copy(tmp_path, src, "unicode-nfd", "unicode-mixed")
    raw = (tmp_path / "unicode-nfd.yaml").read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", raw)  # the copy really is decomposed
    lib = load_library(tmp_path)
    nfc, nfd = lib.plans["unicode-mixed"], lib.plans["unicode-nfd"]
    assert [c.text for c in nfc.clauses] == [c.text for c in nfd.clauses]
    assert [c.id for c in nfc.clauses] == [c.id for c in nfd.clauses]
    for lang in ("en", "ja"):
        result = diff_plans(nfc, nfd, lang=lang)
        assert {p.status for p in result.pairs} == {"unchanged"}, [(p.old, p.status) for p in result.pairs]
        assert all(set(p.flags) <= {"fallback-text"} for p in result.pairs)
    monkeypatch.chdir(tmp_path)
    for fmt in ("html", "md", "json", "text"):
        result = cli("diff", "unicode-mixed", "unicode-nfd", "--format", fmt, "--exit-code", "--plans-dir", ".")
        assert result.exit_code == 0, (fmt, result.stderr)
        assert "Границы фиксируются" in result.stdout and "ザポリージャ" in result.stdout
        assert "يتم تبادل جميع الأسرى" in result.stdout
    for args in (["matrix", "--format", "html"], ["matrix"], ["history", "nuclear", "--format", "html"], ["show", "unicode-nfd"]):
        result = cli(*args, "--plans-dir", ".")
        assert result.exit_code == 0, (args, result.stderr)


def test_full_width_digits_and_edits_in_every_script_diff_and_render(tmp_path):
    src = (HOSTILE / "unicode" / "unicode-mixed.yaml").read_text(encoding="utf-8")
    (tmp_path / "unicode-mixed.yaml").write_text(src, encoding="utf-8")
    edited = (
        src.replace("id: unicode-mixed", "id: unicode-edit\nsupersedes: unicode-mixed")
        .replace("６００，０００", "８００，０００").replace("Границы", "Новые границы")
        .replace("١٠٠", "٢٠٠").replace("５０：５０", "６０：４０").replace("평화", "평화와")
    )
    (tmp_path / "unicode-edit.yaml").write_text(edited, encoding="utf-8")
    lib = load_library(tmp_path)
    old, new = lib.plans["unicode-mixed"], lib.plans["unicode-edit"]
    for lang in ("en", "ja"):
        result = diff_plans(old, new, lang=lang)
        changed = [p for p in result.pairs if p.status != "unchanged"]
        assert len(changed) == 5 if lang == "en" else changed
        for p in result.pairs:
            assert apply_ops(p.ops) == (
                " ".join(old.clause(i).text if lang == "en" else (old.clause(i).text_ja or old.clause(i).text) for i in p.old),
                " ".join(new.clause(i).text if lang == "en" else (new.clause(i).text_ja or new.clause(i).text) for i in p.new),
            )
        html.render_diff(result, taxonomy=lib.taxonomy, lang=lang)
        markdown.render_diff(result, taxonomy=lib.taxonomy, lang=lang)


def _words(n: int, seed: int, rich: bool = False) -> str:
    import random

    rnd = random.Random(seed)
    vocab = ["army", "border", "sanctions", "Ukraine", "Russia", "600,000", "within", "30 days", "the", "and",
             "границы", "ウクライナ", "الأسرى", "<b>", "{{ x }}", "*", "|"]
    if rich:  # prose-like: a thousand distinct words, as a long treaty text would have
        letters = "abcdefghijklmnopqrstuvwxyz"
        vocab += ["".join(rnd.choice(letters) for _ in range(rnd.randint(2, 10))) for _ in range(1000)]
    return " ".join(rnd.choice(vocab) for _ in range(n))


def _long_clause_pair(directory: Path) -> tuple[str, str]:
    text = _words(20_000, 1, rich=True)[:100_000].strip()
    edited = text.replace("army", "navy", 3).replace("600,000", "800,000", 2) + " and one more sentence."
    for pid, body, extra in (("long-old", text, ""), ("long-new", edited, "supersedes: long-old\n")):
        clauses = yaml.safe_dump({"clauses": [{"id": "1", "text": body, "categories": ["armed-forces"]}]},
                                 allow_unicode=True, width=float("inf"))
        (directory / f"{pid}.yaml").write_text(_plan_text(pid, extra, clauses=clauses), encoding="utf-8")
    return text, edited


def test_a_100000_character_clause_diffs_and_renders(tmp_path):
    text, edited = _long_clause_pair(tmp_path)
    assert len(text) >= 99_000
    lib = load_library(tmp_path)
    old, new = lib.plans["long-old"], lib.plans["long-new"]
    assert old.clauses[0].text == text
    result = diff_plans(old, new)
    [pair] = result.pairs
    assert pair.status == "modified"
    assert apply_ops(pair.ops) == (text, edited)
    page = html.render_diff(result, taxonomy=lib.taxonomy)
    md = markdown.render_diff(result, taxonomy=lib.taxonomy)
    assert "&lt;b&gt;" in page and "<b>" not in page.split("<main>")[1]
    assert r"\{\{ x \}\}" in md


def _big_plans(directory: Path, n: int, links: bool) -> None:
    """Two plans of ``n`` clauses; one clause in ten changed in the second."""
    import json  # a JSON string is a YAML double-quoted scalar, and much faster to write than yaml.safe_dump

    cats = ["territory", "armed-forces", "sanctions", "nuclear", "humanitarian", "justice"]
    for pid in ("big-old", "big-new"):
        lines = ["clauses:"]
        for i in range(n):
            text = _words(25, i) + f" {i * 10:,} units"
            if pid == "big-new" and i % 10 == 0:
                text = text.replace("army", "navy") + " changed"
            lines.append(f'  - id: "{i + 1}"\n    text: {json.dumps(text, ensure_ascii=False)}\n    categories: [{cats[i % len(cats)]}]')
            if pid == "big-new" and links:
                lines.append(f'    links: {{big-old: ["{i + 1}"]}}')
        extra = "supersedes: big-old\n" if pid == "big-new" else ""
        text = _plan_text(pid, extra, clauses="\n".join(lines) + "\n")
        if pid == "big-new":
            text = text.replace("date: 2025-01-01", "date: 2025-02-01")
        (directory / f"{pid}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("links", [True, False], ids=["linked", "auto-aligned"])
def test_10000_clauses_load_diff_and_render(tmp_path, links):
    _big_plans(tmp_path, 10_000, links=links)
    lib = load_library(tmp_path)
    old, new = lib.plans["big-old"], lib.plans["big-new"]
    assert len(old.clauses) == len(new.clauses) == 10_000
    result = diff_plans(old, new)
    counts = result.summary()["by_status"]
    assert sum(counts.values()) == 10_000 and counts["unchanged"] == 9_000
    assert len(html.render_diff(result, taxonomy=lib.taxonomy)) > 1_000_000
    markdown.render_diff(result, taxonomy=lib.taxonomy)
    html.render_matrix(compare([old, new], lib.taxonomy), taxonomy=lib.taxonomy)
    markdown.render_history(history("nuclear", [old, new], cache={(old.id, new.id, "en", True): result}), taxonomy=lib.taxonomy)


# ----------------------------------------------------------------------------- writing files


def _copy_fixture_plans(tmp_path: Path) -> Path:
    plans = tmp_path / "plans"
    shutil.copytree(FIXTURE_PLANS, plans)
    return plans


def _tree(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def _temps(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob(".*.tmp"))


def test_output_never_overwrites_a_plan(tmp_path, cli, monkeypatch):
    plans = _copy_fixture_plans(tmp_path)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    shutil.copy(FIXTURE_PLANS / "beta.yaml", outside / "beta.yaml")
    (tmp_path / "link.html").symlink_to(plans / "alpha.yaml")
    before = _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    cases = {
        "plans/alpha.yaml": "plans/alpha.yaml: refusing to write inside the plans directory plans",
        "plans/new-report.html": "plans/new-report.html: refusing to write inside the plans directory plans",
        "link.html": "link.html: refusing to write inside the plans directory plans",
        "elsewhere/beta.yaml": "elsewhere/beta.yaml: refusing to overwrite a YAML file (it may be a plan)",
    }
    for target, message in cases.items():
        for command in (["diff", "alpha", "elsewhere/beta.yaml", "--format", "html"], ["matrix"], ["history", "nuclear"]):
            result = cli(*command, "-o", target, "--plans-dir", "plans")
            _assert_clean_failure(result, [message])
    result = cli("build", "--plans-dir", "plans", "--reports-dir", "plans/reports")
    assert result.exit_code == 2 and "refusing to write inside the plans directory" in result.stderr
    assert _tree(tmp_path) == before


def test_a_failed_command_leaves_no_partial_output(tmp_path, cli, monkeypatch):
    _copy_fixture_plans(tmp_path)
    shutil.copy(BAD / "wrong-types.yaml", tmp_path)
    (tmp_path / "kept.html").write_text("old report\n")
    monkeypatch.chdir(tmp_path)
    for args in (
        ["diff", "wrong-types.yaml", "alpha", "-o", "new.html"],
        ["diff", "alpha", "beta", "-c", "nosuch", "-o", "new.html"],
        ["diff", "alpha", "beta", "-f", "pdf", "-o", "new.html"],
        ["diff", "alpha", "wrong-types.yaml", "-o", "kept.html"],
        ["matrix", "alpha", "gamma", "-o", "new.html"],
        ["history", "nosuch", "-o", "new.html"],
    ):
        result = cli(*args, "--plans-dir", "plans")
        assert result.exit_code == 2, args
        assert result.stdout == ""
    assert not (tmp_path / "new.html").exists()
    assert (tmp_path / "kept.html").read_text() == "old report\n"
    assert _temps(tmp_path) == []


def test_a_failing_write_keeps_the_old_file_and_says_why(tmp_path, cli, monkeypatch):
    _copy_fixture_plans(tmp_path)
    (tmp_path / "out.html").write_text("old report\n")
    monkeypatch.chdir(tmp_path)

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    result = cli("diff", "alpha", "beta", "-f", "html", "-o", "out.html", "--plans-dir", "plans")
    _assert_clean_failure(result, ["out.html: cannot write: No space left on device"])
    assert (tmp_path / "out.html").read_text() == "old report\n"
    assert _temps(tmp_path) == []
    monkeypatch.undo()
    (tmp_path / "file").write_text("x")
    monkeypatch.chdir(tmp_path)
    result = cli("diff", "alpha", "beta", "-o", "file/out.html", "--plans-dir", "plans")
    assert result.exit_code == 2 and result.stderr.startswith("file/out.html: cannot write: ")


def _old_and_new_reports(tmp_path: Path, cli) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    """reports/ built from the fixture plans; then beta edited: (reports dir, old bytes, new bytes)."""
    from clausediff import build

    plans = _copy_fixture_plans(tmp_path)
    reports = tmp_path / "reports"
    assert cli("build", "--plans-dir", plans, "--reports-dir", reports).exit_code == 0
    old = _tree(reports)
    beta = plans / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("Ukraine", "Ukraina"), encoding="utf-8")
    new = {p.path: p.content.encode("utf-8") for p in build.plan_reports(load_library(plans))}
    assert set(new) == set(old)
    changed = [k for k in new if new[k] != old[k]]
    assert len(changed) >= 8
    return reports, old, new


def _only_complete_files(reports: Path, old: dict[str, bytes], new: dict[str, bytes]) -> tuple[int, int]:
    now = _tree(reports)
    assert set(now) == set(old), set(now) ^ set(old)
    assert _temps(reports) == []
    fresh = stale = 0
    for name, data in now.items():
        assert data in (old[name], new[name]), f"{name} is neither the old nor the new report"
        if data != old[name]:
            fresh += 1
        elif data != new[name]:
            stale += 1
    return fresh, stale


def test_build_that_fails_midway_leaves_only_complete_files(tmp_path, cli, monkeypatch):
    reports, old, new = _old_and_new_reports(tmp_path, cli)
    monkeypatch.chdir(tmp_path)
    real_replace, calls = os.replace, []

    def replace_then_fail(src, dst):
        if reports in Path(os.path.abspath(dst)).parents:  # (jinja's bytecode cache renames files too)
            calls.append(dst)
            if len(calls) == 4:
                raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_then_fail)
    result = cli("build", "--plans-dir", "plans", "--reports-dir", "reports")
    monkeypatch.setattr(os, "replace", real_replace)
    failed = Path(os.path.abspath(calls[-1])).relative_to(tmp_path).as_posix()
    _assert_clean_failure(result, [f"{failed}: cannot write: No space left on device"])
    fresh, stale = _only_complete_files(reports, old, new)
    assert fresh == 3 and stale >= 5  # midway: three files new, the rest still old
    # The next build finishes the job.
    assert cli("build", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 0
    assert _tree(reports) == new
    assert cli("build", "--check", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 0


def test_build_whose_renderer_crashes_writes_nothing(tmp_path, cli, monkeypatch):
    reports, old, new = _old_and_new_reports(tmp_path, cli)
    monkeypatch.chdir(tmp_path)
    real, calls = html.render_history, []

    def crash_after_three(*args, **kwargs):
        calls.append(1)
        if len(calls) > 3:
            raise RuntimeError("renderer crashed")
        return real(*args, **kwargs)

    monkeypatch.setattr(html, "render_history", crash_after_three)
    result = cli("build", "--plans-dir", "plans", "--reports-dir", "reports")
    assert result.exit_code != 0 and isinstance(result.exception, RuntimeError)
    assert _tree(reports) == old  # everything is rendered before anything is written


_KILLABLE_BUILD = """
import os, sys, time
real_fsync = os.fsync
count = 0

def fsync(fd):
    # Called by atomic_write after the temporary file is written, before it is renamed.
    global count
    real_fsync(fd)
    count += 1
    if count == int(sys.argv[1]):
        print("writing", flush=True)
        time.sleep(60)

os.fsync = fsync
from clausediff.cli import app
app(["build", "--plans-dir", "plans", "--reports-dir", "reports"])
"""


@pytest.mark.skipif(not hasattr(__import__("signal"), "SIGKILL"), reason="needs SIGKILL")
def test_build_killed_with_sigkill_leaves_old_or_new_files(tmp_path, cli):
    import signal

    reports, old, new = _old_and_new_reports(tmp_path, cli)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE_BUILD, "5"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # the fifth file is written to its temporary file, not renamed
        assert line == "writing\n", proc.stderr.read()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # Killed between writing and renaming: the temporary file is all that is left of that file.
    leftovers = _temps(reports)
    assert len(leftovers) == 1 and re.fullmatch(r"\..+\.(html|md)\.\w{8}\.tmp", leftovers[0])
    for temp in reports.rglob(".*.tmp"):
        temp.unlink()
    fresh, stale = _only_complete_files(reports, old, new)
    assert fresh == 4 and stale >= 4
    # Killed again mid-write, then built to the end: the stale temporary file is cleaned up.
    proc = subprocess.Popen([sys.executable, "-c", _KILLABLE_BUILD, "2"], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline() == "writing\n"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert len(_temps(reports)) == 1
    result = cli("build", "--plans-dir", str(tmp_path / "plans"), "--reports-dir", str(reports))
    assert result.exit_code == 0, result.stderr
    assert _temps(reports) == []
    assert _tree(reports) == new


def test_build_never_deletes_files_it_did_not_write(tmp_path, cli, monkeypatch):
    _copy_fixture_plans(tmp_path)
    (tmp_path / "notes.md").write_text("my notes\n")
    (tmp_path / "plans" / "README.md").write_text("about these plans\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.html").write_text("<p>mine</p>\n")
    monkeypatch.chdir(tmp_path)
    # Reports written into a directory that holds other documents (and the plans).
    result = cli("build", "--plans-dir", "plans", "--reports-dir", ".")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "notes.md").read_text() == "my notes\n"
    assert (tmp_path / "plans" / "README.md").read_text() == "about these plans\n"
    assert (tmp_path / "docs" / "page.html").read_text() == "<p>mine</p>\n"
    # A report no plan produces any more is still removed.
    (tmp_path / "diff" / "gone--away.html").write_bytes((tmp_path / "diff" / "alpha--beta.html").read_bytes())
    result = cli("build", "--plans-dir", "plans", "--reports-dir", ".")
    assert "diff/gone--away.html (removed)" in result.stdout
    assert not (tmp_path / "diff" / "gone--away.html").exists()


# ----------------------------------------------------------------------------- determinism


def _reorder(value, reverse: bool):
    if isinstance(value, dict):
        items = sorted(value.items(), reverse=reverse)
        return {k: _reorder(v, reverse) for k, v in items}
    if isinstance(value, list):
        return [_reorder(v, reverse) for v in value]
    return value


def test_key_order_in_plan_files_does_not_change_any_report(tmp_path, cli, monkeypatch):
    outputs = []
    for reverse in (False, True):
        work = tmp_path / f"run-{reverse}"
        plans = work / "plans"
        plans.mkdir(parents=True)
        for src in FIXTURE_PLANS.glob("*.yaml"):
            data = yaml.safe_load(src.read_text(encoding="utf-8"))
            (plans / src.name).write_text(yaml.safe_dump(_reorder(data, reverse), allow_unicode=True, sort_keys=False), encoding="utf-8")
        monkeypatch.chdir(work)
        assert cli("build", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 0
        diff = cli("diff", "alpha", "beta", "--format", "json", "--plans-dir", "plans").stdout
        outputs.append((_tree(work / "reports"), diff))
    assert outputs[0] == outputs[1]


# ----------------------------------------------------------------------------- no network


def test_no_command_opens_a_socket(tmp_path, cli, monkeypatch):
    opened = []

    def refuse(*args, **kwargs):
        opened.append(args)
        raise OSError("network access attempted")

    for name in ("socket", "create_connection", "getaddrinfo", "socketpair", "create_server"):
        monkeypatch.setattr(socket, name, refuse)
    _copy_fixture_plans(tmp_path)
    monkeypatch.chdir(tmp_path)
    for args in (
        ["diff", "alpha", "beta", "--format", "html", "-o", "diff.html"],
        ["diff", "alpha", "beta", "--format", "md"],
        ["matrix", "--format", "html", "-o", "matrix.html"],
        ["history", "nuclear", "--format", "html", "-o", "history.html"],
        ["build", "--reports-dir", "reports"],
        ["validate"],
    ):
        result = cli(*args, "--plans-dir", "plans")
        assert result.exit_code == 0, (args, result.output, result.exception)
    assert opened == []
    # And the reports load nothing from elsewhere: no src= attribute, no <link>, a strict CSP.
    for page in [tmp_path / "diff.html", tmp_path / "matrix.html", tmp_path / "history.html", *(tmp_path / "reports").rglob("*.html")]:
        found = _markup(page.read_text(encoding="utf-8"))
        assert "link" not in found.tags
        assert not [a for a in found.attrs if a[1] == "src"]
        assert "default-src 'none'" in page.read_text(encoding="utf-8")


# ----------------------------------------------------------------------------- exit codes


def test_exit_codes(cli, tmp_path, monkeypatch):
    plans = _copy_fixture_plans(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert cli("diff", "alpha", "alpha", "--exit-code", "--plans-dir", "plans").exit_code == 0
    assert cli("diff", "alpha", "beta", "--exit-code", "--plans-dir", "plans").exit_code == 1
    assert cli("diff", "alpha", "beta", "--plans-dir", "plans").exit_code == 0
    assert cli("diff", "alpha", "--plans-dir", "plans").exit_code == 2  # usage: a missing argument
    assert cli("diff", "alpha", "gamma", "--plans-dir", "plans").exit_code == 2
    assert cli("build", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 0
    assert cli("build", "--check", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 0
    (plans / "beta.yaml").write_text((plans / "beta.yaml").read_text(encoding="utf-8").replace("Ukraine", "Ukraina"), encoding="utf-8")
    assert cli("build", "--check", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 1
    shutil.copy(BAD / "nul-byte.yaml", plans)
    assert cli("build", "--check", "--plans-dir", "plans", "--reports-dir", "reports").exit_code == 2


def test_an_unreadable_plans_directory_is_one_line_and_exit_2(cli, monkeypatch, tmp_path):
    from clausediff import load

    def denied(directory):
        raise PermissionError(13, "Permission denied", str(directory))

    monkeypatch.setattr(load, "plan_files", denied)
    _copy_fixture_plans(tmp_path)
    monkeypatch.chdir(tmp_path)
    _assert_clean_failure(cli("plans", "--plans-dir", "plans"), ["plans: Permission denied"])


def test_a_terminal_that_is_not_utf8_still_gets_the_report(tmp_path):
    shutil.copy(HOSTILE / "unicode" / "unicode-mixed.yaml", tmp_path)
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "LC_ALL": "C", "LANG": "C"}
    for fmt in ("md", "html", "text", "json"):
        done = subprocess.run(
            [sys.executable, "-m", "clausediff", "diff", "unicode-mixed", "unicode-mixed", "--format", fmt, "--plans-dir", "."],
            cwd=tmp_path, env=env, capture_output=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
        assert "Границы фиксируются".encode() in done.stdout
