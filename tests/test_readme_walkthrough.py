"""The README's "Adding a new plan version" walkthrough, run as written.

Every ``$ `` line of the section's ``console`` blocks is run in a scratch
directory holding a copy of the shipped plans and the walkthrough's text file;
each must exit 0, and the output lines the README shows under a command
(``...`` stands for lines left out) must appear in what it prints.
"""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from .conftest import ROOT, SHIPPED_PLANS

HEADING = "## Adding a new plan version"


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert HEADING in text, "README has no walkthrough section"
    body = text.split(HEADING, 1)[1]
    nxt = re.search(r"^## ", body, flags=re.M)
    return body[: nxt.start()] if nxt else body


def commands(text: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for every ``$ `` line of the console blocks."""
    out: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)\n```", text, flags=re.S):
        lines = block.split("\n")
        k = 0
        while k < len(lines):
            line = lines[k]
            assert line.startswith("$ "), f"console block line is neither a command nor its output: {line!r}"
            command = line[2:]
            while command.endswith("\\"):
                k += 1
                command = command[:-1] + lines[k]
            k += 1
            expected = []
            while k < len(lines) and not lines[k].startswith("$ "):
                expected.append(lines[k])
                k += 1
            out.append((command, expected))
    return out


def test_walkthrough_text_file_is_the_fixture():
    files = re.findall(r"<!-- walkthrough-file: (\S+) = (\S+) -->\n```text\n(.*?)```", section(), flags=re.S)
    assert files, "the walkthrough shows no text file"
    for _name, fixture, shown in files:
        assert (ROOT / fixture).read_text(encoding="utf-8") == shown


def test_walkthrough_runs(cli, tmp_path, monkeypatch):
    shutil.copytree(SHIPPED_PLANS, tmp_path / "plans")
    for name, fixture in re.findall(r"<!-- walkthrough-file: (\S+) = (\S+) -->", section()):
        shutil.copy(ROOT / fixture, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    steps = commands(section())
    assert [c.split()[:2] for c, _ in steps][:3] == [["clausediff", "import"], ["clausediff", "validate"], ["clausediff", "diff"]]
    outputs = {}
    for command, expected in steps:
        argv = shlex.split(command)
        assert argv[0] == "clausediff", f"the walkthrough runs only clausediff commands: {command}"
        result = cli(*argv[1:])
        printed = result.stdout + result.stderr
        assert result.exit_code == 0, f"{command}\n{printed}"
        for line in expected:
            if line != "...":
                assert line in printed, f"{command}: README shows {line!r}, the command printed:\n{printed}"
        outputs[" ".join(argv[:4])] = result.stdout
    # The report shows the change the draft makes: the army cap goes from 600,000 to 800,000.
    diff = outputs["clausediff diff us-ua-19-point my-draft"]
    assert "600,000 → 800,000" in diff and "800,000 personnel in peacetime" in diff
    assert (tmp_path / "plans" / "my-draft.yaml").is_file()
    assert (tmp_path / "plan.schema.json").is_file()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_walkthrough_quotes_the_measured_agreement(lang):
    from clausediff.categorize import evaluate
    from clausediff.load import load_library

    library = load_library(SHIPPED_PLANS)
    result = evaluate(library.plans.values(), library.taxonomy, lang)
    text = section()
    assert f"{100 * result.agreement:.1f}%" in text, "README's categorisation figure is stale: python -m clausediff.categorize"
    if lang == "en":
        assert f"weakest category ({result.worst()})" in text
