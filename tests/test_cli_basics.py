"""The foundation commands, run in-process through typer's runner."""

from __future__ import annotations

import json

from .conftest import FIXTURE_PLANS


def test_plans_lists_fixture_plans_with_lineage(cli):
    result = cli("plans", "--plans-dir", FIXTURE_PLANS)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["id", "date", "parties", "kind", "clauses", "completeness", "lineage"]
    beta = next(line for line in lines if line.startswith("beta"))
    assert "2025-02-20" in beta and "Testland, Otherland" in beta and "supersedes alpha" in beta
    assert beta.split()[-4] == "9"  # clause count column (before completeness and lineage)


def test_plans_in_japanese(cli):
    result = cli("plans", "--plans-dir", FIXTURE_PLANS, "--lang", "ja")
    assert result.exit_code == 0
    assert "alpha を改訂" in result.stdout
    assert "改訂案" in result.stdout


def test_show_groups_by_category_and_filters(cli):
    result = cli("show", "beta", "--plans-dir", FIXTURE_PLANS, "--category", "nuclear")
    assert result.exit_code == 0
    assert "## Nuclear [nuclear]" in result.stdout
    assert "4. The Zaporizhzhia nuclear power plant may be restarted" in result.stdout
    assert "Sovereignty" not in result.stdout


def test_show_unknown_plan_is_one_line_exit_2(cli):
    result = cli("show", "gama", "--plans-dir", FIXTURE_PLANS)
    assert result.exit_code == 2
    assert result.stderr.strip() == 'unknown plan "gama"; `clausediff plans` lists them'


def test_show_unknown_category_suggests(cli):
    result = cli("show", "beta", "--plans-dir", FIXTURE_PLANS, "--category", "nucelar")
    assert result.exit_code == 2
    assert result.stderr.strip() == 'unknown category "nucelar" (did you mean "nuclear"?)'


def test_categories_counts_clauses_per_plan(cli):
    result = cli("categories", "--plans-dir", FIXTURE_PLANS)
    assert result.exit_code == 0
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[2:]}
    assert rows["sovereignty"][-2:] == ["2", "2"]  # alpha 1, 6; beta 1, 5
    assert rows["implementation"][-2:] == ["1", "1"]
    assert len(rows) == 16


def test_validate_clean_exits_0(cli):
    result = cli("validate", "--plans-dir", FIXTURE_PLANS)
    assert result.exit_code == 0
    assert result.stderr.strip() == "2 plan file(s) OK"
    ja = cli("validate", "--plans-dir", FIXTURE_PLANS, "--lang", "ja")
    assert ja.stderr.strip() == "案のファイル2件：問題なし"


def test_schema_is_generated_from_the_model(cli):
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    clause = schema["$defs"]["Clause"]
    assert clause["additionalProperties"] is False
    assert set(schema["required"]) >= {"id", "title", "parties", "date", "kind", "completeness", "sources", "clauses"}
    assert clause["properties"]["status"]["enum"] == ["text", "reported", "bracketed"]


def test_plans_dir_from_environment(cli, monkeypatch):
    monkeypatch.setenv("CLAUSEDIFF_PLANS", str(FIXTURE_PLANS))
    result = cli("plans")
    assert result.exit_code == 0
    assert "alpha" in result.stdout


def test_every_command_help_has_an_example(cli):
    from clausediff.cli import app
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:
        result = cli(name, "--help")
        assert result.exit_code == 0
        assert "Example: clausediff" in result.stdout, name
