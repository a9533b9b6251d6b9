"""Run a command; write its wall time, exit status and own peak RSS as JSON.

    python -m benchmarks.peak OUT.json CMD [ARG...]

Why a launcher: on Linux a child started with vfork (as ``subprocess`` does)
inherits its parent's peak RSS in ``ru_maxrss``, so a large benchmark driver
would inflate every measurement.  This process stays small (~10 MB), which is
then the floor of the number reported.  The wall time excludes this launcher's
own start-up.
"""

import json
import os
import subprocess
import sys
import time


def main() -> int:
    out, cmd = sys.argv[1], sys.argv[2:]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss,
                   "rc": proc.returncode}, f)
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
