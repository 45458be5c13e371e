#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure what a Python task costs beyond its own work, through
Forkbench's process pool and through multiprocessing.Pool.map.

The same function (square, in this file) runs n times on W workers with
the same chunk size, once through FbPool's python kernel in processes
(bench-python, with this very interpreter, keeping every task's record in
order as a run does) and once with Pool(W).map(square, range(n),
chunksize=c). Each side's start-up is left out: Pool.map is timed on a
started pool, and bench-python starts its map once its interpreters are
ready. A task's overhead is the worker time it took beyond the function's
own:

    overhead per task = (wall * W - n * t_function) / n

where t_function is what one call costs in this process, in a loop.
The two sides take turns, --repeat times each, so that what else the
machine does weighs on both alike; each figure is the median of its
side's runs. The CPU time each side's parent process took is given too
(Pool.map's handler threads, Forkbench's pool). One JSON object is printed.

Usage: python-overhead.py --bench PATH [--workers W] [--quick] [--repeat R]
Standard library only; Python >= 3.8.
"""

import argparse
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import time

# (chunk size, tasks) for each comparison; --quick divides the tasks by 10.
CASES = [(1, 20_000), (100, 400_000), (1000, 2_000_000)]

if sys.platform.startswith("linux"):
    MP = multiprocessing.get_context("fork")
else:
    MP = multiprocessing.get_context()


def square(x):
    """The task: return x*x."""
    return x * x


def function_seconds(n):
    """What n calls of square cost in this process, in a loop."""
    start = time.perf_counter()
    for i in range(n):
        square(i)
    return time.perf_counter() - start


def pool_map_wall(workers, n, chunksize):
    """Seconds of Pool.map on a started pool, start-up excluded, and the
    CPU seconds this process took meanwhile."""
    with MP.Pool(workers) as pool:
        # One round trip first, so that every worker is up.
        pool.map(square, range(workers), chunksize=1)
        start = time.perf_counter()
        cpu = time.process_time()
        result = pool.map(square, range(n), chunksize=chunksize)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - start
    assert result[-1] == (n - 1) ** 2
    return wall, cpu


def forkbench_wall(bench, workers, n, chunksize):
    """The wall and parent CPU seconds of the same map through Forkbench's
    processes."""
    out = subprocess.run([bench, "--file", os.path.abspath(__file__), "--function", "square",
                          "--interpreter", sys.executable, "--workers", str(workers),
                          "--tasks", str(n), "--chunksize", str(chunksize), "--repeat", "1"],
                         check=True, stdout=subprocess.PIPE).stdout
    result = json.loads(out)
    return result["wall_s"], result["parent_cpu_s"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", required=True, help="the build's benchmarks/bench-python")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--quick", action="store_true", help="a tenth of the tasks, 3 repeats")
    args = parser.parse_args()
    repeat = args.repeat or (3 if args.quick else 5)
    divisor = 10 if args.quick else 1

    cases = []
    for chunksize, tasks in CASES:
        n = max(1, tasks // divisor)
        t_function = statistics.median(function_seconds(n) for _ in range(3)) / n
        pool_runs, our_runs = [], []
        for _ in range(repeat):
            pool_runs.append(pool_map_wall(args.workers, n, chunksize))
            our_runs.append(forkbench_wall(args.bench, args.workers, n, chunksize))
        pool, pool_cpu = (statistics.median(r[k] for r in pool_runs) for k in (0, 1))
        ours, our_cpu = (statistics.median(r[k] for r in our_runs) for k in (0, 1))
        pool_us = max(pool * args.workers / n - t_function, 0) * 1e6
        ours_us = max(ours * args.workers / n - t_function, 0) * 1e6
        cases.append({"chunksize": chunksize, "tasks": n, "function_us": t_function * 1e6,
                      "pool_map_wall_s": pool, "forkbench_wall_s": ours,
                      "pool_map_parent_cpu_s": pool_cpu, "forkbench_parent_cpu_s": our_cpu,
                      "pool_map_overhead_us": pool_us, "forkbench_overhead_us": ours_us,
                      "ratio": pool_us / ours_us if ours_us > 0 else float("inf")})

    json.dump({"python": sys.version.split()[0], "workers": args.workers, "repeat": repeat,
               "cases": cases}, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
