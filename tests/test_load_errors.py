"""Every class of mistake in a plan file gives one exact line per problem and exit status 2."""

from __future__ import annotations

import pytest

from clausediff.errors import PlanError
from clausediff.load import load_library, load_plan

from .conftest import FIXTURE_PLANS, FIXTURES

INVALID = FIXTURES / "invalid"

EXPECTED = {
    "yaml-syntax": [
        'yaml-syntax.yaml:11: YAML syntax error at line 11:11: while scanning a quoted scalar; '
        "found unexpected end of stream (line 13)"
    ],
    "missing-field": [
        'missing-field.yaml:1: missing required field "title"',
        'missing-field.yaml:9: clause "1": missing required field "text"',
    ],
    "wrong-type": [
        'wrong-type.yaml:4: field "date": expected a date (YYYY-MM-DD), got "next tuesday"',
        'wrong-type.yaml:12: clause "1": field "categories": expected a list, got "territory"',
    ],
    "unknown-key": [
        'unknown-key.yaml:10: clause "1": missing required field "text"',
        'unknown-key.yaml:11: clause "1": unknown key "txt" (did you mean "text"?)',
    ],
    "duplicate-clause": ['duplicate-clause.yaml:13: clause "1": duplicate clause id "1"'],
    "unknown-category": [
        'unknown-category.yaml:12: clause "6": unknown category "armed-force" (did you mean "armed-forces"?)'
    ],
    "unknown-section": ['unknown-section.yaml:13: clause "I.1": unknown section "II" (did you mean "I"?)'],
    "dangling-refs": [
        'dangling-refs.yaml:9: supersedes: unknown plan "us-29-point"',
        'dangling-refs.yaml:14: clause "1": link to unknown clause "99" of alpha (did you mean "9"?)',
        'dangling-refs.yaml:14: clause "1": link to unknown plan "gamma"',
    ],
    "bad-url": ['bad-url.yaml:8: field "sources[1].url": "javascript:alert(1)" is not an http(s) URL'],
    "empty": ["empty.yaml:1: file is empty"],
    "not-utf8": ["not-utf8.yaml:13: not UTF-8 text (byte 0xe9 at offset 276)"],
    "alias-bomb": ["alias-bomb.yaml:9: YAML anchors and aliases (&name, *name) are not allowed"],
    "stem-mismatch": ['stem-mismatch.yaml:1: plan id "another-id" does not match the file name "stem-mismatch.yaml"'],
}


def _prefixed(name: str) -> list[str]:
    return [f"tests/fixtures/invalid/{line}" for line in EXPECTED[name]]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_file_exact_messages_and_exit_2(name, cli, monkeypatch):
    monkeypatch.chdir(FIXTURES.parent.parent)  # messages use paths relative to the working directory
    result = cli("validate", "--plans-dir", FIXTURE_PLANS, INVALID / f"{name}.yaml")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == _prefixed(name)
    assert "Traceback" not in result.output


def test_every_invalid_fixture_has_an_expectation():
    assert sorted(p.stem for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


def test_library_error_lists_all_problems_of_a_file():
    with pytest.raises(PlanError) as info:
        load_plan(INVALID / "dangling-refs.yaml", plans_dir=FIXTURE_PLANS)
    assert len(info.value.problems) == 3
    assert {p.line for p in info.value.problems} == {9, 14}


def _plan(id_: str, extra: str = "", clauses: str | None = None) -> str:
    return (
        f"id: {id_}\ntitle: T\nparties: [P]\ndate: 2025-01-01\nkind: proposal\ncompleteness: full\n"
        'sources:\n  - {title: S, publisher: P, url: "https://example.org"}\n'
        + extra
        + (clauses or 'clauses:\n  - id: "1"\n    text: Borders are fixed.\n    categories: [territory]\n')
    )


def test_duplicate_plan_ids_across_files(tmp_path, cli, monkeypatch):
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "same.yaml").write_text(_plan("same"))
    (tmp_path / "two" / "same.yaml").write_text(_plan("same"))
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", "one", "one/same.yaml", "two/same.yaml")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ['two/same.yaml:1: duplicate plan id "same" (also in one/same.yaml)']


def test_circular_supersedes(tmp_path, cli, monkeypatch):
    (tmp_path / "a.yaml").write_text(_plan("a", "supersedes: b\n"))
    (tmp_path / "b.yaml").write_text(_plan("b", "supersedes: a\n"))
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", ".")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "a.yaml:9: circular supersedes: a -> b -> a",
        "b.yaml:9: circular supersedes: b -> a -> b",
    ]


def test_ids_that_collide_after_normalisation(tmp_path, cli, monkeypatch):
    clauses = (
        'clauses:\n  - id: "6"\n    text: One.\n    categories: [territory]\n'
        '  - id: "６"\n    text: Two.\n    categories: [territory]\n'
    )
    (tmp_path / "a.yaml").write_text(_plan("a", clauses=clauses), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", ".")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == ['a.yaml:13: clause "６": clause id "６" collides with "6"']


def test_oversized_file_is_refused_before_parsing(tmp_path, cli, monkeypatch):
    from clausediff import yamlfile

    monkeypatch.setattr(yamlfile, "MAX_BYTES", 10_000)  # the taxonomy (~8 kB) still fits
    (tmp_path / "big.yaml").write_text(_plan("big") + "# " + "x" * 20_000 + "\n")
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--plans-dir", ".")
    assert result.exit_code == 2
    size = (tmp_path / "big.yaml").stat().st_size
    assert size > 20_000
    assert result.stderr.splitlines() == [f"big.yaml: file is {size:,} bytes; the limit is 10,000 bytes"]


def test_unquoted_integer_clause_id_is_accepted_float_is_not(tmp_path, cli, monkeypatch):
    ok = 'clauses:\n  - id: 6\n    text: One.\n    categories: [territory]\n'
    bad = 'clauses:\n  - id: 10.1\n    text: One.\n    categories: [territory]\n'
    (tmp_path / "ok.yaml").write_text(_plan("ok", clauses=ok))
    (tmp_path / "bad.yaml").write_text(_plan("bad", clauses=bad))
    monkeypatch.chdir(tmp_path)
    assert cli("validate", "--plans-dir", ".", "ok.yaml").exit_code == 0
    result = cli("validate", "--plans-dir", ".", "bad.yaml")
    assert result.stderr.splitlines() == ['bad.yaml:10: clause "10.1": field "id": write the id in quotes (got the number 10.1)']


def test_valid_fixture_library_loads():
    library = load_library(FIXTURE_PLANS)
    assert list(library.plans) == ["alpha", "beta"]
    assert library.plans["beta"].supersedes == "alpha"
    assert library.plans["alpha"].clause("2").primary == "armed-forces"
