"""The README and docs stay true: excerpts match the files, the CLI reference matches --help."""

from __future__ import annotations

import re

from clausediff.clidoc import render_cli_reference

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_starts_with_the_two_setup_commands():
    blocks = re.findall(r"```sh\n(.*?)\n```", README, flags=re.S)
    assert blocks[0] == "pip install . && clausediff diff us-28-point us-ua-19-point --format md"
    assert blocks[1] == "pip install -e '.[test]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "blocks[0]" in ci and "blocks[1]" in ci  # CI runs exactly these, read from the README


def test_readme_report_excerpt_is_the_real_report():
    for path, excerpt in re.findall(r"<!-- excerpt: (\S+) -->\n```markdown\n(.*?)\n```", README, flags=re.S):
        actual = (ROOT / path).read_text(encoding="utf-8")
        assert actual.startswith(excerpt + "\n"), path


def test_readme_screenshot_exists():
    assert (ROOT / "docs" / "report-screenshot.png").stat().st_size > 20_000


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == render_cli_reference() + "\n", (
        "docs/cli.md is stale: python -m clausediff.clidoc > docs/cli.md"
    )


def test_readme_quality_table_matches_evaluation():
    from clausediff.evaluate import evaluate, table
    from clausediff.load import load_plans

    assert table(evaluate(load_plans(ROOT / "plans"))) in README
