"""Run one benchmark stage in this process and print one JSON line.

    python -m benchmarks.worker STAGE DIR [--profile SECONDS]

``DIR`` is a directory written by :func:`benchmarks.synth.write_pair`.  Stages:

* ``load``    - ``load_library(DIR)``: both plans and the taxonomy, validated;
* ``align``   - ``diff_plans(old, new)`` (plans loaded first, untimed); also scores the
  alignment against ``truth.json`` and pickles the result for the next stages;
* ``redline`` - ``diff_ops`` over every aligned pair (old texts joined, new texts joined,
  as ``diff_plans`` does);
* ``html``, ``md`` - ``renderer(fmt).render_diff(result, lang="en", taxonomy=taxonomy)``;
* ``compare`` - the redline step of clausediff vs ``redlines`` vs plain ``difflib``
  on ``--pairs`` synthetic clause pairs (DIR unused).

Only the stage itself is timed.  Memory: the peak RSS of this process during the
stage (Linux: VmHWM, reset just before the stage through /proc/self/clear_refs),
and how far that peak rose above the RSS the stage started from (its inputs, the
interpreter and the imports).  Small stages are repeated (up to 5 runs or ~1 s)
and the median is reported; memory is from the first run.

With ``--profile SECONDS`` the first run is made under cProfile, stopped after
SECONDS if still running, and the 25 heaviest functions by cumulative time are
printed instead of the JSON line.
"""

from __future__ import annotations

import argparse
import gc
import io
import json
import pickle
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

RESULT_FILE = "result.pkl"


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _peak_kb() -> int:
    hwm = _status_kb("VmHWM")
    return hwm if hwm is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _clear_caches() -> None:
    """Empty clausediff's lru_caches so that a repeated run is as cold as the first."""
    for name, module in list(sys.modules.items()):
        if name == "clausediff" or name.startswith("clausediff."):
            for value in list(vars(module).values()):
                if callable(getattr(value, "cache_clear", None)) and hasattr(value, "cache_info"):
                    value.cache_clear()


def measure(run: Callable[[], Any], budget: float = 1.0, max_runs: int = 5) -> tuple[dict, Any]:
    gc.collect()
    rss_before = _status_kb("VmRSS") or 0
    exact = _reset_peak()
    c0, t0 = time.process_time(), time.perf_counter()
    first = run()
    times = [time.perf_counter() - t0]
    cpus = [time.process_time() - c0]
    peak = _peak_kb()
    while sum(times) < budget and len(times) < max_runs:
        _clear_caches()
        c0, t0 = time.process_time(), time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return {
        "seconds": statistics.median(times),
        "cpu_seconds": statistics.median(cpus),
        "runs": len(times),
        "peak_kb": peak,
        "delta_kb": max(0, peak - rss_before) if exact else None,
        "rss_before_kb": rss_before,
        "peak_exact": exact,
    }, first


def _texts(result) -> list[tuple[str, str]]:
    old = {c.id: c.text for c in result.old.clauses}
    new = {c.id: c.text for c in result.new.clauses}
    return [(" ".join(old[i] for i in p.old), " ".join(new[j] for j in p.new)) for p in result.pairs if p.old and p.new]


def score(result, truth: dict) -> dict:
    """Precision/recall of the (old id, new id) edges, and how many truth groups got their status."""
    pred = {(o, n) for p in result.pairs for o in p.old for n in p.new}
    true = {(o, n) for g in truth["groups"] for o in g["old"] for n in g["new"]}
    hit = len(pred & true)
    by_sides = {(tuple(p.old), tuple(p.new)): p.status for p in result.pairs}
    exact = sum(by_sides.get((tuple(g["old"]), tuple(g["new"]))) == g["status"] for g in truth["groups"])
    return {
        "precision": hit / len(pred) if pred else 1.0,
        "recall": hit / len(true) if true else 1.0,
        "edges_pred": len(pred),
        "edges_true": len(true),
        "status_ok": exact / len(truth["groups"]) if truth["groups"] else 1.0,
        "by_status": result.summary()["by_status"],
    }


def _fragments(opcodes) -> int:
    """Runs of consecutive non-equal opcodes: one change mark each (as count_fragments counts)."""
    runs, inside = 0, False
    for op in opcodes:
        changed = op[0] != "equal"
        if changed and not inside:
            runs += 1
        inside = changed
    return runs


def compare(count: int, seed: int, repeat: int) -> dict:
    from difflib import SequenceMatcher

    from clausediff.textdiff import count_fragments, diff_ops

    from .synth import redline_pairs

    pairs = redline_pairs(count, seed)
    tools: list[tuple[str, Callable[[str, str], Any], Callable[[Any], int]]] = [
        ("clausediff diff_ops", diff_ops, count_fragments),
    ]
    try:
        from redlines import Redlines

        def redlines_ops(a: str, b: str):
            return Redlines(a, b).opcodes

        def redlines_md(a: str, b: str):
            return Redlines(a, b).output_markdown

        tools.append(("redlines (opcodes)", redlines_ops, _fragments))
        tools.append(("redlines (+ output_markdown)", redlines_md, None))
    except Exception as exc:  # pragma: no cover - bench-only dependency missing
        tools.append((f"redlines: n/a ({type(exc).__name__})", None, None))

    def difflib_words(a: str, b: str):
        return SequenceMatcher(None, a.split(), b.split(), autojunk=False).get_opcodes()

    tools.append(("difflib SequenceMatcher (words)", difflib_words, _fragments))
    rows = []
    for name, func, frag in tools:
        if func is None:
            rows.append({"tool": name, "seconds": None})
            continue
        best = None
        outputs = None
        for _ in range(repeat):
            _clear_caches()  # clausediff memoises tokenize/normalize: every run starts cold
            t0 = time.perf_counter()
            out = [func(a, b) for a, b in pairs]
            dt = time.perf_counter() - t0
            best = dt if best is None else min(best, dt)
            outputs = outputs or out
        row = {"tool": name, "seconds": best, "pairs": len(pairs)}
        if frag is not None:
            row["fragments"] = statistics.fmean(frag(o) for o in outputs)
        rows.append(row)
    words = statistics.fmean(len(a.split()) + len(b.split()) for a, b in pairs) / 2
    return {"rows": rows, "pairs": len(pairs), "mean_words": words}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.worker")
    ap.add_argument("stage", choices=["load", "align", "redline", "html", "md", "compare"])
    ap.add_argument("directory", type=Path)
    ap.add_argument("--profile", type=float, default=None, metavar="SECONDS")
    ap.add_argument("--pairs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    stage, directory = args.stage, args.directory

    if stage == "compare":
        print(json.dumps(compare(args.pairs, args.seed, args.repeat)))
        return 0

    from .synth import read_truth

    truth = read_truth(directory)
    info: dict[str, Any] = {"stage": stage}
    if stage == "load":
        from clausediff.load import load_library

        def run():
            return load_library(directory)
    elif stage == "align":
        from clausediff.align import diff_plans
        from clausediff.load import load_library

        library = load_library(directory)
        old, new = library.plans[truth["old"]], library.plans[truth["new"]]

        def run():
            return diff_plans(old, new)
    else:
        with open(directory / RESULT_FILE, "rb") as f:
            result = pickle.load(f)
        if stage == "redline":
            from clausediff.textdiff import diff_ops

            pairs = _texts(result)
            info["pairs"] = len(pairs)

            def run():
                return [diff_ops(a, b) for a, b in pairs]
        else:
            from clausediff.load import load_taxonomy

            taxonomy = load_taxonomy(directory)
            try:
                from clausediff.report import renderer

                module = renderer(stage)
            except Exception as exc:
                print(json.dumps({**info, "ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}))
                return 0

            def run():
                return module.render_diff(result, lang="en", taxonomy=taxonomy)

    if args.profile:
        return _profile(run, args.profile)
    try:
        stats, first = measure(run)
    except Exception as exc:
        print(json.dumps({**info, "ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}))
        return 0
    info.update(stats, ok=True)
    if stage == "align":
        info.update(score(first, truth))
        with open(directory / RESULT_FILE, "wb") as f:
            pickle.dump(first, f, protocol=pickle.HIGHEST_PROTOCOL)
    elif stage in ("html", "md"):
        info["chars"] = len(first) if isinstance(first, str) else None
    print(json.dumps(info))
    return 0


def _profile(run: Callable[[], Any], seconds: float) -> int:
    import cProfile
    import pstats
    import signal

    class Budget(Exception):
        pass

    def stop(*_):
        raise Budget()

    signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    finished = True
    prof.enable()
    try:
        run()
    except Budget:
        finished = False
    finally:
        prof.disable()
        signal.setitimer(signal.ITIMER_REAL, 0)
    wall = time.perf_counter() - t0
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(25)
    state = "finished" if finished else f"stopped after the {seconds:g} s budget"
    print(f"# profile: {wall:.1f} s under cProfile, {state}")
    print(out.getvalue().strip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
