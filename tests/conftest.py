from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_PLANS = FIXTURES / "plans"
SHIPPED_PLANS = ROOT / "plans"


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch):
    # Tests must not depend on the developer's own settings.
    monkeypatch.delenv("CLAUSEDIFF_PLANS", raising=False)
    monkeypatch.delenv("CLAUSEDIFF_LANG", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run the CLI in-process: cli("plans", "--plans-dir", ...) -> Result (stdout and stderr apart)."""
    from clausediff.cli import app

    def run(*args: str, input: str | None = None):
        return runner.invoke(app, [str(a) for a in args], input=input)

    return run
