"""`clausediff build`: the committed reports match the plans, and building is deterministic."""

from __future__ import annotations

import shutil

from .conftest import ROOT


def test_committed_reports_are_up_to_date(cli, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = cli("build", "--check")
    assert result.exit_code == 0, result.stderr


def test_build_twice_is_byte_identical_and_check_finds_staleness(cli, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    monkeypatch.chdir(tmp_path)
    assert cli("build").exit_code == 0
    first = {p: p.read_bytes() for p in (tmp_path / "reports").rglob("*") if p.is_file()}
    assert cli("build").exit_code == 0
    second = {p: p.read_bytes() for p in (tmp_path / "reports").rglob("*") if p.is_file()}
    assert first == second
    names = {p.relative_to(tmp_path / "reports").as_posix() for p in first}
    assert {"index.html", "README.md", "matrix.html", "matrix.md", "ja/index.html", "ja/matrix.md"} <= names
    for step in ("us-28-point--e3-counterproposal", "us-28-point--us-ua-19-point", "us-ua-19-point--ua-us-20-point",
                 "ru-memorandum--us-28-point", "ru-memorandum--ua-us-20-point", "ru-memorandum--ua-memorandum"):
        assert f"diff/{step}.html" in names and f"ja/diff/{step}.md" in names
    assert sum(n.startswith("history/") and n.endswith(".html") for n in names) == 16

    # A changed plan makes the reports stale, and --check names them and exits 1.
    plan = tmp_path / "plans" / "us-28-point.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("600,000", "650,000"), encoding="utf-8")
    (tmp_path / "reports" / "stray.md").write_text("left over\n")
    result = cli("build", "--check")
    assert result.exit_code == 1
    assert "diff/us-28-point--e3-counterproposal.html: stale" in result.stderr
    assert "stray.md: not produced by the plans (left over)" in result.stderr


def test_build_is_independent_of_locale_and_timezone(tmp_path):
    import os
    import subprocess
    import sys

    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    outputs = []
    for env in ({"LANG": "C", "LC_ALL": "C", "TZ": "UTC"}, {"LANG": "ja_JP.UTF-8", "LC_ALL": "ja_JP.UTF-8", "TZ": "Asia/Tokyo", "PYTHONHASHSEED": "123"}):
        out = tmp_path / f"out-{len(outputs)}"
        full_env = {**os.environ, **env, "PYTHONIOENCODING": "utf-8"}
        subprocess.run([sys.executable, "-m", "clausediff", "build", "--reports-dir", str(out)], cwd=tmp_path, env=full_env, check=True, capture_output=True)
        outputs.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outputs[0] == outputs[1]
