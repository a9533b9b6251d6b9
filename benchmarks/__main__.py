"""Benchmarks for clausediff: time, peak memory and alignment quality at scale.

The one command (from the repository root; ``redlines`` is the bench-only extra):

    pip install -e '.[bench]' && python -m benchmarks --sizes 100,1000,5000,10000 --out benchmarks/out/results.md

``--quick`` runs N = 100 and 1,000 only, with fewer repetitions (about a minute).

What it does:

1. For every N it writes a seeded synthetic plan pair (:mod:`benchmarks.synth`: an
   old plan of N clauses and a revision of it with known reworded, modified,
   moved, split, merged, added and removed clauses) into a self-contained plans
   directory, then runs each stage in a fresh process (:mod:`benchmarks.worker`):
   load (both plans), align (``diff_plans``), redline (``diff_ops`` over all
   aligned pairs), HTML render, Markdown render; and the end-to-end CLI,
   ``clausediff diff OLD.yaml NEW.yaml --plans-dir DIR --format html -o OUT.html``.
   Wall time and peak RSS of each, and the precision/recall of the alignment
   against the synthetic truth.
2. The redline step against ``redlines`` and plain ``difflib`` on the same clause
   pairs: throughput, ratio, change fragments per pair.
3. ``clausediff --help`` and the shipped-plan diff
   ``clausediff diff us-28-point ua-us-20-point --format html`` (median of 5).

A stage that runs longer than ``--timeout`` seconds (default 300) is stopped; the
stages that need its output and the larger sizes are skipped, and the stage is
profiled (cProfile, cumulative time, top 25) for ``--profile-budget`` seconds.
``--profile N`` profiles the align stage at size N in any case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from . import synth

REPO = Path(__file__).resolve().parent.parent
STAGES = ("load", "align", "redline", "html", "md")
NEEDS_ALIGN = ("redline", "html", "md")


# --------------------------------------------------------------------------- processes


@dataclass
class Run:
    wall: float
    cpu: float
    maxrss_kb: int
    rc: int | None
    stdout: str
    stderr: str
    timed_out: bool


def run_child(cmd: list[str], timeout: float, cwd: Path | None = None, launcher: bool = False) -> Run:
    """Run ``cmd`` to completion: wall time and the child's own peak RSS.

    With ``launcher`` the command runs under :mod:`benchmarks.peak`, a small process
    that times it and reads its rusage; otherwise wait4 gives them here (fine for the
    workers, which measure their stage themselves).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAUSEDIFF_")}
    env["PYTHONPATH"] = str(REPO) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    report = None
    if launcher:
        fd, report = tempfile.mkstemp(prefix="clausediff-bench-", suffix=".json")
        os.close(fd)
        cmd = [sys.executable, "-m", "benchmarks.peak", report] + cmd
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd, env=env,
                                start_new_session=True)
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            try:
                os.killpg(proc.pid, 9)  # the launcher and what it started
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        maxrss, rc, cpu = usage.ru_maxrss, proc.returncode, usage.ru_utime + usage.ru_stime
        if report:
            try:
                with open(report, encoding="utf-8") as f:
                    data = json.load(f)
                wall, cpu, maxrss, rc = data["wall"], data["cpu"], data["maxrss_kb"], data["rc"]
            except (OSError, ValueError, KeyError):
                pass
            finally:
                os.unlink(report)
        out.seek(0)
        err.seek(0)
        return Run(wall, cpu, maxrss, rc, out.read().decode("utf-8", "replace"),
                   err.read().decode("utf-8", "replace"), killed.is_set())


def cli_command() -> list[str]:
    """The installed ``clausediff`` script next to this interpreter (not a pyenv shim), else ``-m``."""
    script = Path(sys.executable).parent / "clausediff"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [sys.executable, "-m", "clausediff"]


def worker(stage: str, directory: Path, timeout: float, *extra: str) -> dict:
    run = run_child([sys.executable, "-m", "benchmarks.worker", stage, str(directory), *extra], timeout, cwd=REPO)
    if run.timed_out:
        return {"ok": False, "timeout": True, "error": f"timeout > {timeout:g} s"}
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if run.rc != 0 or not lines:
        tail = (run.stderr.strip().splitlines() or ["no output"])[-1]
        return {"ok": False, "error": f"exit {run.rc}: {tail}"[:300]}
    info = json.loads(lines[-1])
    info["process_maxrss_kb"] = run.maxrss_kb
    return info


def profile(stage: str, directory: Path, budget: float) -> str:
    run = run_child([sys.executable, "-m", "benchmarks.worker", stage, str(directory), "--profile", str(budget)],
                    budget + 600, cwd=REPO)
    return run.stdout.strip() or run.stderr.strip()


# --------------------------------------------------------------------------- formatting


def fmt_time(seconds: float | None) -> str:
    if seconds is None:
        return "n/a"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s" if seconds < 100 else f"{seconds:.0f} s"


def fmt_mb(kb: int | None) -> str:
    return "?" if kb is None else f"{kb / 1024:.0f} MB"


def cell(info: dict | None) -> str:
    if info is None:
        return "skipped"
    if not info.get("ok"):
        return "n/a (" + info.get("error", "failed").replace("|", "/") + ")"
    text = f"{fmt_time(info['seconds'])} · {fmt_mb(info.get('peak_kb'))}"
    if info.get("delta_kb") is not None:
        text += f" (+{info['delta_kb'] / 1024:.0f})"
    return text


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = {"l": "---", "r": "---:", "c": ":---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(marks[a] for a in align) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def machine() -> str:
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    mem = ""
    try:
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        mem = f", {pages / 2**30:.0f} GiB RAM"
    except (ValueError, OSError):
        pass

    def version(dist: str) -> str:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(dist)
        except PackageNotFoundError:
            return "not installed"

    import hashlib

    digest = hashlib.sha256()
    sources = sorted((REPO / "clausediff").rglob("*.py"))
    for path in sources:
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    newest = max((p.stat().st_mtime for p in sources), default=0)
    code = (f"- code: clausediff sources sha256 {digest.hexdigest()[:12]} ({len(sources)} files, newest "
            f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(newest))})\n")
    return code + (
        f"- machine: {os.cpu_count()} CPUs ({usable} usable), {model}{mem}\n"
        f"- platform: {platform.platform()}\n"
        f"- python: {platform.python_implementation()} {platform.python_version()} ({sys.executable})\n"
        f"- packages: clausediff {version('clausediff')}, pydantic {version('pydantic')}, "
        f"PyYAML {version('PyYAML')}, jinja2 {version('jinja2')}, redlines {version('redlines')}"
    )


def _load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def say(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the runs


def bench_sizes(sizes: list[int], workdir: Path, seed: int, timeout: float, cli_runs: int,
                profile_budget: float, profile_sizes: set[int], keep_going: bool) -> tuple[str, str, list[str]]:
    rows, data_rows, cpu_rows, profiles = [], [], [], []
    stop_reason = None
    for n in sizes:
        if stop_reason and not keep_going:
            rows.append([f"{n:,}"] + [f"skipped ({stop_reason})"] + [""] * 8)
            cpu_rows.append([f"{n:,}"] + ["skipped"] * 6)
            continue
        directory = workdir / f"n{n}"
        say(f"N={n:,}: generating ...")
        t0 = time.perf_counter()
        pair = synth.generate(n, seed)
        old_path, new_path, edges = synth.write_pair(pair, directory)
        gen = time.perf_counter() - t0
        words = sum(len(c["text"].split()) for c in pair.old["clauses"])
        data_rows.append([
            f"{n:,}", f"{len(pair.old['clauses']):,} / {len(pair.new['clauses']):,}", f"{words / n:.0f}",
            f"{_size(old_path)} + {_size(new_path)}",
            f"{len(edges):,}",
            ", ".join(f"{k} {v}" for k, v in _status_counts(pair.groups).items()),
            fmt_time(gen),
        ])
        results: dict[str, dict | None] = {}
        for stage in STAGES:
            if stage in NEEDS_ALIGN and not (results.get("align") or {}).get("ok"):
                results[stage] = None
                continue
            say(f"N={n:,}: {stage} ...")
            results[stage] = worker(stage, directory, timeout)
            if results[stage].get("timeout"):
                stop_reason = f"{stage} took > {timeout:g} s at N={n:,}"
                say(f"  {stop_reason}; profiling it for {profile_budget:g} s ...")
                profiles.append(f"### {stage}, N = {n:,} (timed out after {timeout:g} s)\n\n```\n"
                                + profile(stage, directory, profile_budget) + "\n```")
        if n in profile_sizes and not any("align, N = " + f"{n:,}" in p for p in profiles):
            say(f"N={n:,}: profiling align for up to {profile_budget:g} s ...")
            profiles.append(f"### align, N = {n:,}\n\n```\n" + profile("align", directory, profile_budget) + "\n```")
        cli: dict | None = None
        if (results.get("align") or {}).get("ok") or keep_going:
            say(f"N={n:,}: CLI end to end ...")
            out = workdir / f"report-{n}.html"  # the CLI refuses to write inside the plans directory
            cmd = cli_command() + ["diff", str(old_path), str(new_path), "--plans-dir", str(directory),
                                   "--format", "html", "-o", str(out)]
            runs = [run_child(cmd, timeout, launcher=True) for _ in range(cli_runs if n <= 1000 else 1)]
            bad = next((r for r in runs if r.timed_out or r.rc != 0), None)
            if bad is None:
                cli = {"ok": True, "seconds": statistics.median(r.wall for r in runs),
                       "cpu_seconds": statistics.median(r.cpu for r in runs),
                       "peak_kb": max(r.maxrss_kb for r in runs)}
            elif bad.timed_out:
                cli = {"ok": False, "error": f"timeout > {timeout:g} s"}
            else:
                cli = {"ok": False, "error": f"exit {bad.rc}: " + (bad.stderr.strip().splitlines() or [""])[-1][:200]}
        align = results.get("align") or {}
        quality = ["n/a"] * 3
        if align.get("ok"):
            quality = [f"{align['precision']:.3f}", f"{align['recall']:.3f}", f"{align['status_ok']:.1%}"]
        redline = results.get("redline")
        redline_cell = cell(redline)
        if redline and redline.get("ok"):
            redline_cell += f", {redline['pairs']:,} pairs"
        rows.append([f"{n:,}", cell(results["load"]), cell(results["align"]), redline_cell, cell(results["html"]),
                     cell(results["md"]), cell(cli)]
                    + quality)
        cpu_rows.append([f"{n:,}"] + [_cpu_cell(results.get(s)) for s in STAGES] + [_cpu_cell(cli)])
        say("  " + " | ".join(rows[-1]))
    header = ["N", "load", "align (diff_plans)", "redline (diff_ops)", "HTML render", "Markdown render",
              "CLI end to end (html)", "precision", "recall", "status agreement"]
    data_header = ["N", "clauses old / new", "words per clause", "YAML size", "truth edges", "truth groups",
                   "generation"]
    cpu_table = table(["N", "load", "align", "redline", "HTML", "Markdown", "CLI end to end"], cpu_rows)
    return table(header, rows) + "\n\n" + STAGE_NOTE + "\n\nCPU time (user + system) of the same runs, less "\
        "sensitive to other load on the machine than wall time:\n\n" + cpu_table, \
        table(data_header, data_rows, "lrrrrll"[:7]), profiles


def _cpu_cell(info: dict | None) -> str:
    if info is None:
        return "skipped"
    if not info.get("ok") or info.get("cpu_seconds") is None:
        return "n/a"
    return fmt_time(info["cpu_seconds"])


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 2**20:.1f} MB" if size >= 2**20 else f"{size / 1024:.0f} KB"


def _status_counts(groups: list[dict]) -> dict[str, int]:
    order = ["unchanged", "reworded", "modified", "moved", "split", "merged", "added", "removed"]
    counts = {k: 0 for k in order}
    for g in groups:
        counts[g["status"]] += 1
    return {k: v for k, v in counts.items() if v}


def bench_redline(pairs: int, seed: int, repeat: int, timeout: float) -> str:
    say(f"redline comparison on {pairs:,} pairs ...")
    run = run_child([sys.executable, "-m", "benchmarks.worker", "compare", ".", "--pairs", str(pairs),
                     "--seed", str(seed), "--repeat", str(repeat)], timeout * 3, cwd=REPO)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return "redline comparison failed: " + (run.stderr.strip().splitlines() or ["no output"])[-1]
    data = json.loads(lines[-1])
    base = next((r["seconds"] for r in data["rows"] if r["tool"].startswith("clausediff") and r["seconds"]), None)
    rows = []
    for r in data["rows"]:
        if not r.get("seconds"):
            rows.append([r["tool"], "n/a", "n/a", "n/a", "n/a"])
            continue
        throughput = r["pairs"] / r["seconds"]
        ratio = f"{base / r['seconds']:.2f}×" if base else "n/a"
        frags = f"{r['fragments']:.2f}" if "fragments" in r else "—"
        rows.append([r["tool"], fmt_time(r["seconds"]), f"{throughput:,.0f}", ratio, frags])
    note = (f"{data['pairs']:,} clause pairs that differ (reworded, modified, split and merged groups of synthetic "
            f"N = 1,000 plans, seeds {seed}, {seed + 1}, ...; {data['mean_words']:.0f} words per side on average); "
            f"best of {repeat} run{'s' if repeat > 1 else ''}.  Ratio = throughput relative to clausediff (above 1 = faster than clausediff).  "
            "Fragments = change marks a reader sees per pair: clausediff's count_fragments; for the others, runs of "
            "consecutive non-equal opcodes.")
    return table(["redline step", "time", "pairs/s", "throughput vs clausediff", "fragments per pair"], rows) + "\n\n" + note


def bench_cli(runs: int, timeout: float) -> str:
    cmd = cli_command()
    out = Path(tempfile.mkdtemp(prefix="clausediff-bench-cli-"))
    cases = [
        ("clausediff --help", cmd + ["--help"]),
        ("clausediff diff us-28-point ua-us-20-point --format html", cmd + ["diff", "us-28-point", "ua-us-20-point",
         "--plans-dir", str(REPO / "plans"), "--format", "html", "-o", str(out / "d.html")]),
        ("clausediff diff us-28-point ua-us-20-point --format md", cmd + ["diff", "us-28-point", "ua-us-20-point",
         "--plans-dir", str(REPO / "plans"), "--format", "md", "-o", str(out / "d.md")]),
        ("clausediff diff us-28-point ua-us-20-point --format text", cmd + ["diff", "us-28-point", "ua-us-20-point",
         "--plans-dir", str(REPO / "plans"), "--format", "text", "-o", str(out / "d.txt")]),
    ]
    rows = []
    for name, c in cases:
        say(f"{name} x{runs} ...")
        results = [run_child(c, timeout, launcher=True) for _ in range(runs)]
        bad = next((r for r in results if r.rc != 0 or r.timed_out), None)
        if bad:
            err = (bad.stderr.strip().splitlines() or ["timeout" if bad.timed_out else ""])[-1][:200]
            rows.append([f"`{name}`", f"n/a (exit {bad.rc}: {err})", "", "", ""])
            continue
        walls = sorted(r.wall for r in results)
        rows.append([f"`{name}`", fmt_time(statistics.median(walls)), fmt_time(walls[0]), fmt_time(walls[-1]),
                     fmt_mb(max(r.maxrss_kb for r in results))])
    shutil.rmtree(out, ignore_errors=True)
    nopyc = ", and compiling every uncached source: PYTHONDONTWRITEBYTECODE is set" if os.environ.get(
        "PYTHONDONTWRITEBYTECODE") else ""
    note = (f"Median of {runs} runs of `{' '.join(cmd)}` in a subprocess (wall time including interpreter start"
            f"{nopyc}); peak RSS of the command from "
            "wait4 in a small launcher (`benchmarks/peak.py`, ~10 MB floor).  The shipped-plan diffs use "
            "`--plans-dir plans` and `-o FILE`.")
    return table(["command", "median", "min", "max", "peak RSS"], rows) + "\n\n" + note


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", help="comma-separated clause counts [default 100,1000,5000,10000; --quick: 100,1000]")
    ap.add_argument("--quick", action="store_true", help="N = 100, 1000; fewer repetitions and redline pairs")
    ap.add_argument("--out", type=Path, help="also write the report (Markdown) to this file")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=300, help="seconds allowed per stage (default 300)")
    ap.add_argument("--pairs", type=int, help="clause pairs for the redline comparison [2000; --quick: 500]")
    ap.add_argument("--profile", default="", metavar="N[,N...]", help="also profile the align stage at these sizes")
    ap.add_argument("--profile-budget", type=float, default=120, help="seconds of profiling per profile (default 120)")
    ap.add_argument("--keep-going", action="store_true", help="run larger sizes even after a stage timed out")
    ap.add_argument("--workdir", type=Path, help="keep the generated plans here (default: a temp dir, removed)")
    ap.add_argument("--skip", default="", help="comma-separated parts to skip: sizes, redline, cli")
    args = ap.parse_args(argv)

    sizes = list(synth.iter_sizes(args.sizes or ("100,1000" if args.quick else "100,1000,5000,10000")))
    pairs = args.pairs or (500 if args.quick else 2000)
    repeat = 1 if args.quick else 3
    cli_runs = 3 if args.quick else 5
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="clausediff-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)

    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    load_start = _load()
    t0 = time.perf_counter()
    parts = [f"# clausediff benchmarks\n\n{machine()}\n- run: {started}, `python -m benchmarks "
             + " ".join(argv if argv is not None else sys.argv[1:]) + f"`; load average {load_start}"]
    try:
        if "sizes" not in skip:
            main_table, data_table, profiles = bench_sizes(
                sizes, workdir, args.seed, args.timeout, cli_runs, args.profile_budget,
                set(synth.iter_sizes(args.profile)) if args.profile else set(), args.keep_going)
            parts.append("## Pipeline stages by plan size\n\n" + main_table.replace("{timeout}", f"{args.timeout:g}"))
            parts.append("### Synthetic data\n\n" + data_table + "\n\n" + DATA_NOTE)
            if profiles:
                parts.append("## Profiles (cProfile, sorted by cumulative time)\n\n" + "\n\n".join(profiles))
        if "redline" not in skip:
            parts.append("## Redline step vs redlines and difflib\n\n" + bench_redline(pairs, args.seed, repeat,
                                                                                          args.timeout))
        if "cli" not in skip:
            parts.append("## CLI start-up and shipped plans\n\n" + bench_cli(cli_runs, args.timeout))
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    parts.append(f"_Total benchmark time: {time.perf_counter() - t0:.0f} s; load average at the start "
                 f"{load_start}, at the end {_load()} (above {os.cpu_count()} means other work competed for the CPUs "
                 "and wall times are inflated; compare CPU times)._")
    report = "\n\n".join(parts) + "\n"
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, "utf-8")
        say(f"wrote {args.out}")
    return 0


STAGE_NOTE = """\
Each cell: wall time · peak RSS of the process during that stage (+ how many MB the stage \
added above the RSS it started from).  Every stage runs in a fresh Python process \
(`python -m benchmarks.worker STAGE DIR`); only the stage is timed, its inputs are prepared \
first (load: nothing; align: the loaded plans; redline/render: the unpickled `DiffResult`). \
Stages under ~1 s are repeated up to 5 times with clausediff's caches emptied between runs \
and the median is shown.  *align* is all of `diff_plans`, which includes its own redlines and \
substantive-change detection; *redline* is `diff_ops` alone over every aligned pair (texts \
of a group joined, as `diff_plans` does).  Renders are \
`renderer(fmt).render_diff(result, lang="en", taxonomy=taxonomy)`.  *CLI end to end*: \
`clausediff diff OLD.yaml NEW.yaml --plans-dir DIR --format html -o OUT.html` in a subprocess, \
median of 5 (3 with --quick) up to N = 1,000, one run above; its memory is the whole process's \
peak RSS.  *precision/recall*: over the (old clause, new clause) edges of the aligned groups vs \
the synthetic truth; *status agreement*: share of truth groups found with exactly the same \
clauses and the expected status.  Per-stage timeout: {timeout} s."""

DATA_NOTE = """\
Old plan of N clauses (20–120 words each) built from the shipped plans' phrases; the new plan \
`supersedes` it, renumbered 1..M.  Truth groups by kind (fractions of N: reworded 16%, \
modified 12%, moved 6%, split 5%, merged 6% of the old clauses, removed 6%, added 6% of N, \
the rest unchanged); see `benchmarks/synth.py`.  Seeded: the same N and seed give the same files."""


if __name__ == "__main__":
    sys.exit(main())
