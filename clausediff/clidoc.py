"""The CLI reference (docs/cli.md), generated from the real ``--help`` of every command.

    python -m clausediff.clidoc > docs/cli.md

tests/test_docs.py regenerates it and fails when the committed file is stale.
"""

from __future__ import annotations


def render_cli_reference() -> str:
    import typer.main
    from typer.testing import CliRunner

    from .cli import app

    runner = CliRunner()
    group = typer.main.get_command(app)
    parts = ["# clausediff command reference", "",
             "Generated from `clausediff COMMAND --help` by `python -m clausediff.clidoc > docs/cli.md`; "
             "a test fails when it is out of date.", ""]

    def help_text(args: list[str]) -> str:
        result = runner.invoke(app, args, terminal_width=100, env={"COLUMNS": "100", "NO_COLOR": "1"})
        return result.stdout.rstrip()

    parts += ["```", help_text(["--help"]), "```", ""]
    for name in group.commands:
        parts += [f"## clausediff {name}", "", "```", help_text([name, "--help"]), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render_cli_reference())
