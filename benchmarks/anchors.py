#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Measure the Python "anchors" that Forkbench's pools are compared against.

Times the standard library's multiprocessing.Pool and
multiprocessing.pool.ThreadPool on tiny tasks (throughput in tasks per
second), the start-up latency of a process pool, and the speed-up of a
CPU-bound pure-Python task as workers are added.  Each figure is the
median of --repeat runs.  One JSON object is printed on stdout; another
program runs this script and our C benchmarks in the same run and reports
our figures as ratios against these.

Standard library only; Python >= 3.9.
"""

import argparse
import json
import multiprocessing
import multiprocessing.pool
import os
import statistics
import sys
import time

# Default task counts; --quick divides them by 10.
APPLY_TASKS = 20_000
MAP_CHUNK1_TASKS = 20_000
MAP_DEFAULT_TASKS = 2_000_000
THREAD_APPLY_TASKS = 20_000
# Loop length of the CPU-bound task: about 0.1 s of pure Python on a
# current x86-64 core with CPython 3.11.
CPU_ITERS = 1_500_000
CPU_TASKS_PER_WORKER = 4

# Use 'fork' explicitly on Linux: it is the default there before Python
# 3.14 and the cheapest way to start workers, so the comparison is fair to
# Python.  Elsewhere keep the platform default ('fork' is unsafe on macOS).
if sys.platform.startswith("linux"):
    MP = multiprocessing.get_context("fork")
else:
    MP = multiprocessing.get_context()


def square(x):
    """The tiny task: return x*x."""
    return x * x


def cpu_work(n):
    """CPU-bound task: sum i*i for i in range(n) in pure Python."""
    total = 0
    for i in range(n):
        total += i * i
    return total


def progress(msg):
    """Print a progress line to stderr, only when it is a terminal."""
    if sys.stderr.isatty():
        print(msg, file=sys.stderr, flush=True)


def median_of(repeat, run):
    """Median of `repeat` calls of run(), each returning seconds."""
    return statistics.median(run() for _ in range(repeat))


def timed_in_pool(make_pool, body):
    """Time body(pool) on a freshly started pool; start-up is excluded."""
    pool = make_pool()
    try:
        start = time.perf_counter()
        body(pool)
        return time.perf_counter() - start
    finally:
        pool.close()
        pool.join()


def apply_async_all(pool, n):
    """Submit n apply_async(square) calls, then get() all of them."""
    results = [pool.apply_async(square, (i,)) for i in range(n)]
    for r in results:
        r.get()


def measure_pool_apply_async(cfg):
    """Process pool apply_async throughput, tasks/s."""
    n = cfg.scale(APPLY_TASKS)
    t = median_of(cfg.repeat, lambda: timed_in_pool(
        lambda: MP.Pool(cfg.workers), lambda p: apply_async_all(p, n)))
    return n / t


def measure_pool_map_chunk1(cfg):
    """Process pool map(chunksize=1) throughput, tasks/s."""
    n = cfg.scale(MAP_CHUNK1_TASKS)
    t = median_of(cfg.repeat, lambda: timed_in_pool(
        lambda: MP.Pool(cfg.workers),
        lambda p: p.map(square, range(n), chunksize=1)))
    return n / t


def measure_pool_map_default(cfg):
    """Process pool map() throughput with default chunking, tasks/s."""
    n = cfg.scale(MAP_DEFAULT_TASKS)
    t = median_of(cfg.repeat, lambda: timed_in_pool(
        lambda: MP.Pool(cfg.workers), lambda p: p.map(square, range(n))))
    return n / t


def measure_threadpool_apply_async(cfg):
    """Thread pool apply_async throughput, tasks/s."""
    n = cfg.scale(THREAD_APPLY_TASKS)
    t = median_of(cfg.repeat, lambda: timed_in_pool(
        lambda: multiprocessing.pool.ThreadPool(cfg.workers),
        lambda p: apply_async_all(p, n)))
    return n / t


def startup_once(workers):
    """Seconds from Pool() to the first apply_async().get() returning."""
    start = time.perf_counter()
    pool = MP.Pool(workers)
    try:
        pool.apply_async(square, (1,)).get()
        return time.perf_counter() - start
    finally:
        pool.close()
        pool.join()


def measure_pool_startup(cfg):
    """Process pool start-up latency, seconds."""
    return median_of(cfg.repeat, lambda: startup_once(cfg.workers))


def measure_cpu_speedup(cfg):
    """Speed-up and efficiency of a CPU-bound map for 1..W workers."""
    # --quick shortens each task rather than the task count, which is
    # what the speed-up depends on.
    iters = cfg.scale(CPU_ITERS)
    tasks = [iters] * (CPU_TASKS_PER_WORKER * cfg.workers)
    rows = []
    for w in range(1, cfg.workers + 1):
        progress(f"  cpu_speedup: {w} worker(s)")
        wall = median_of(cfg.repeat, lambda: timed_in_pool(
            lambda: MP.Pool(w), lambda p: p.map(cpu_work, tasks, chunksize=1)))
        rows.append({"workers": w, "wall_s": wall})
    t1 = rows[0]["wall_s"]
    for row in rows:
        row["speedup"] = t1 / row["wall_s"]
        row["efficiency"] = row["speedup"] / row["workers"]
    return rows


MEASUREMENTS = {
    "pool_apply_async_tps": measure_pool_apply_async,
    "pool_map_chunk1_tps": measure_pool_map_chunk1,
    "pool_map_default_tps": measure_pool_map_default,
    "threadpool_apply_async_tps": measure_threadpool_apply_async,
    "pool_startup_s": measure_pool_startup,
    "cpu_speedup": measure_cpu_speedup,
}


class Config:
    """Settings shared by all measurements."""

    def __init__(self, workers, repeat, quick):
        self.workers = workers
        self.repeat = repeat
        self.divisor = 10 if quick else 1

    def scale(self, n):
        """Task count n, divided by 10 under --quick (at least 1)."""
        return max(1, n // self.divisor)


def positive_int(text):
    """argparse type: an integer >= 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def parse_args(argv=None):
    """Parse the command line."""
    parser = argparse.ArgumentParser(
        description="Measure Python pool anchors; print one JSON object.")
    parser.add_argument("--workers", type=positive_int,
                        default=os.cpu_count() or 1,
                        help="pool size W (default: os.cpu_count())")
    parser.add_argument("--repeat", type=positive_int, default=None,
                        help="runs per figure, median reported "
                             "(default: 5, or 3 with --quick)")
    parser.add_argument("--quick", action="store_true",
                        help="divide task counts by 10 and repeat 3 times "
                             "(smoke test)")
    parser.add_argument("--only", metavar="NAME[,NAME]",
                        help="run only these measurements: "
                             + ", ".join(MEASUREMENTS))
    args = parser.parse_args(argv)
    if args.repeat is None:
        args.repeat = 3 if args.quick else 5
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in MEASUREMENTS]
        if unknown or not names:
            parser.error(f"--only: unknown measurement(s) {unknown}; "
                         f"choose from {', '.join(MEASUREMENTS)}")
        args.only = names
    else:
        args.only = list(MEASUREMENTS)
    return args


def main(argv=None):
    """Run the selected measurements and print the JSON object."""
    args = parse_args(argv)
    cfg = Config(args.workers, args.repeat, args.quick)
    result = {
        "python": sys.version.split()[0],
        "workers": cfg.workers,
        "repeat": cfg.repeat,
    }
    for name, measure in MEASUREMENTS.items():
        if name in args.only:
            progress(f"{name} ...")
            result[name] = measure(cfg)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
