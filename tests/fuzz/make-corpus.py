#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the seed corpora of the protocol's fuzz targets:

  corpus/results   what a worker sends the parent (fuzz-results)
  corpus/tasks     what the parent sends a worker (fuzz-tasks)

Each seed is a stream of frames as src/engine/fb-protocol-private.h
describes them: real exchanges first, then hostile ones (wrong lengths,
unknown types, truncated frames, counts far beyond the bytes). Files the
fuzzers found (regression-*) are left as they are.

  tests/fuzz/make-corpus.py [CORPUS-DIRECTORY]
"""

import os
import struct
import sys

VERSION = 2
CALL, UNIT, HELLO, RESULTS, STARTED, RESULTS_BARE = 1, 2, 16, 17, 18, 19
OK, FAILED, CANCELLED, OK_BARE = 1, 2, 3, 4
PID = 4242

# The units fuzz-results has in flight, in order: (seq, tasks, payloads).
# Task i of a unit with payloads was sent b"task-%d" % i.
UNITS = [(1, 1, False), (2, 3, True), (3, 100, False), (5, 2, True)]


def frame(kind, body):
    return struct.pack("<IB", len(body) + 1, kind) + body


def string(data):
    if isinstance(data, str):
        data = data.encode()
    return struct.pack("<I", len(data)) + data


# What a worker sends.

def hello(version=VERSION, pid=PID):
    return frame(HELLO, struct.pack("<Iq", version, pid))


def result(status=OK, value=0, wall_us=10, error_code=0, error=b"", output=b"", payload=b""):
    head = struct.pack("<BqI", status, value, wall_us)
    if status == OK_BARE:
        return head
    return head + struct.pack("<I", error_code) + string(error) + string(output) + string(payload)


def bare(value, wall_us=3):
    return result(OK_BARE, value, wall_us)


def results(seq, first, items, base_us=1_000_000, run_wall_us=None, run_cpu_us=None, cpu=1, n=None):
    wall = run_wall_us if run_wall_us is not None else 10 * len(items)
    cpu_us = run_cpu_us if run_cpu_us is not None else wall
    count = n if n is not None else len(items)
    header = struct.pack("<QIIqqqi", seq, first, count, base_us, wall, cpu_us, cpu)
    return frame(RESULTS, header + b"".join(items))


def results_bare(seq, first, values, walls=None, base_us=1_000_000, cpu=-1, n=None):
    """The python harness's two columns: every value, then when each task
    ended (ns), the tasks running back to back from base_us."""
    walls = walls if walls is not None else [3] * len(values)
    count = n if n is not None else len(values)
    header = struct.pack("<QIIqqqi", seq, first, count, base_us, sum(walls), sum(walls), cpu)
    ends, end_us = [], base_us
    for wall in walls:
        end_us += wall
        ends.append(end_us * 1000 + 999)
    return frame(RESULTS_BARE, header + struct.pack("<%dq" % len(values), *values)
                 + struct.pack("<%dq" % len(ends), *ends))


def started(seq, lane, tid=PID + 1):
    return frame(STARTED, struct.pack("<QIq", seq, lane, tid))


def echo(i):
    return result(OK, 6 + len(str(i)), 12, payload=b"task-%d" % i)


def before(seq):
    """A HELLO, and every unit in flight before @seq reported in whole."""
    out = hello()
    for unit_seq, n, payloads in UNITS:
        if unit_seq >= seq:
            break
        out += results(unit_seq, 0, [echo(i) if payloads else bare(i) for i in range(n)])
    return out


def whole_run():
    """Every unit in flight, reported as a worker does: some in one frame,
    the long one streamed in several."""
    out = hello()
    out += results(1, 0, [bare(1)])
    out += results(2, 0, [echo(0), echo(1)])
    out += results(2, 2, [echo(2)])
    out += results(3, 0, [bare(i * i) for i in range(40)])
    out += results(3, 40, [bare(i * i) for i in range(40, 80)])
    out += results(3, 80, [bare(i * i) for i in range(80, 100)])
    out += results(5, 0, [result(FAILED, 0, 50, error_code=3, error="Task 0 failed: boom",
                                 output="Number: 0\n"),
                          result(CANCELLED, 0, 1)])
    return out


def results_seeds():
    seeds = {
        "hello.bin": hello(),
        "one-bare.bin": hello() + results(1, 0, [bare(49)]),
        "one-ok-with-output.bin": hello() + results(1, 0, [result(OK, 7, 20, output="Number: 7\n")]),
        "one-failed.bin": hello() + results(1, 0, [result(FAILED, 0, 20, error_code=2,
                                                          error="Parameter “ms” is wrong",
                                                          output="partial\n")]),
        "one-cancelled.bin": hello() + results(1, 0, [result(CANCELLED)]),
        "echo-payloads.bin": hello() + results(1, 0, [bare(1)]) + results(2, 0, [echo(i) for i in range(3)]),
        "payload-changed.bin": hello() + results(1, 0, [bare(1)])
        + results(2, 0, [echo(0), result(OK, 1, 5, payload=b"task-X"), result(OK, 1, 5)]),
        "whole-run.bin": whole_run(),
        "streamed-one-by-one.bin": hello() + results(1, 0, [bare(1)])
        + b"".join(results(2, i, [echo(i)]) for i in range(3))
        + b"".join(results(3, i, [bare(i)], base_us=2_000_000 + i) for i in range(100)),
        "partial-frame.bin": whole_run()[:-7],
        "invalid-utf8.bin": hello() + results(1, 0, [result(FAILED, 0, 1, error=b"\xff\xfe bad \xc3",
                                                            output=b"\x80\x80")]),
        "zero-times.bin": hello() + results(1, 0, [bare(1, 0)], run_wall_us=0, run_cpu_us=0),
        "empty-frame-of-results.bin": hello() + results(1, 0, []) + results(1, 0, [bare(1)]),
        # Hostile: each must be refused in words, never crash.
        "wrong-version.bin": hello(version=1),
        "no-hello.bin": results(1, 0, [bare(1)]),
        "frame-too-long.bin": hello() + struct.pack("<IB", 0xFFFFFFF0, RESULTS),
        "frame-of-zero-bytes.bin": hello() + struct.pack("<I", 0),
        "unknown-type.bin": hello() + frame(99, b"\0" * 16),
        "unit-not-sent.bin": before(5) + results(4, 0, [bare(1)]),
        "first-past-the-end.bin": before(2) + results(2, 4, [bare(1)]),
        "too-many-results.bin": before(2) + results(2, 1, [bare(1), bare(2), bare(3)]),
        "count-wraps-around.bin": before(2) + results(2, 1, [bare(1)], n=0xFFFFFFFF),
        "huge-count.bin": before(3) + results(3, 0, [bare(1)], n=0x7FFFFFFF),
        "truncated-result.bin": hello() + frame(RESULTS, struct.pack("<QIIqqqi", 1, 0, 1, 0, 10, 10, 0)
                                                + struct.pack("<Bq", OK_BARE, 42)[:5]),
        "truncated-header.bin": hello() + frame(RESULTS, struct.pack("<QII", 1, 0, 1)),
        "more-than-results.bin": hello() + frame(RESULTS, struct.pack("<QIIqqqi", 1, 0, 1, 0, 10, 10, 0)
                                                 + bare(1) + b"extra"),
        "unknown-status.bin": hello() + results(1, 0, [result(9, 1, 1, error="what")]),
        "string-longer-than-frame.bin": hello()
        + results(1, 0, [struct.pack("<BqII", FAILED, 0, 1, 0) + struct.pack("<I", 0xFFFFFFFF) + b"abc"]),
        "negative-run-time.bin": hello() + results(1, 0, [bare(1)], run_wall_us=-5),
        "time-overflows.bin": before(3) + results(3, 0, [bare(1, 0xFFFFFFFF)] * 3, base_us=(1 << 63) - 2),
        "cpu-share-overflows.bin": before(3) + results(3, 0, [bare(1, 0xFFFFFFFF), bare(2, 7)],
                                                     run_wall_us=(1 << 62), run_cpu_us=(1 << 62)),
        "task-longer-than-run.bin": before(2) + results(2, 0, [echo(0), result(OK, 1, 4000, payload=b"task-1")],
                                                      run_wall_us=100, run_cpu_us=90),
        # The python harness: bare columns, values as JSON, tracebacks,
        # and lanes that say which thread took a unit.
        "python-bare-columns.bin": hello() + results(1, 0, [bare(1)])
        + results_bare(3, 0, list(range(60))) + results_bare(3, 60, list(range(60, 100))),
        "python-json-and-traceback.bin": hello()
        + results(1, 0, [result(OK, 0, 20, payload=b'{"a": [1, 2.5, "x"]}')])
        + results(2, 0, [echo(0), echo(1), echo(2)])
        + results(3, 0, [result(FAILED, 0, 5, error_code=5, error="ZeroDivisionError: division by zero",
                                payload=b'Traceback (most recent call last):\n  File "t.py", line 2, in f\n')]),
        "python-lanes.bin": hello() + started(1, 0) + started(2, 1) + results(1, 0, [bare(1)])
        + results(2, 0, [echo(i) for i in range(3)]),
        "started-unknown-unit.bin": hello() + started(9, 0),
        "started-bad-lane.bin": hello() + started(1, 7),
        "started-truncated.bin": hello() + frame(STARTED, struct.pack("<Q", 1)),
        "bare-columns-short.bin": hello() + frame(RESULTS_BARE, struct.pack("<QIIqqqi", 1, 0, 1, 0, 3, 3, -1)
                                                  + struct.pack("<q", 7)),
        "bare-count-wraps.bin": before(3) + results_bare(3, 0, [1, 2], n=0xFFFFFFFF),
        "bare-ends-out-of-range.bin": before(3) + frame(RESULTS_BARE, struct.pack("<QIIqqqi", 3, 0, 4, 1_000_000, 5, 5, -1)
                                                       + struct.pack("<4q", 1, 2, 3, 4)
                                                       + struct.pack("<4q", 999_000_000, (1 << 63) - 1,
                                                                     -(1 << 63), 0)),
        "reported-twice.bin": before(2) + results(2, 0, [echo(0), result(OK, 1, 1, output="once")])
        + results(2, 0, [echo(0), result(OK, 1, 1, output="twice")]),
    }
    return seeds


# What the parent sends.

def gvariant_offset_size(body, count):
    for size, limit in ((1, 0xFF), (2, 0xFFFF), (4, 0xFFFFFFFF)):
        if body + count * size <= limit:
            return size
    return 8


def pad(data, alignment):
    return data + b"\0" * (-len(data) % alignment)


def gvariant_value(value):
    """A value and its type string, for the types the kernels take."""
    if isinstance(value, bool):
        return (b"\1" if value else b"\0"), b"b"
    if isinstance(value, int):
        return struct.pack("<q", value), b"x"
    if isinstance(value, str):
        return value.encode() + b"\0", b"s"
    if isinstance(value, list) and all(isinstance(v, int) for v in value):
        return b"".join(struct.pack("<q", v) for v in value), b"ax"
    if isinstance(value, list):
        body = b""
        ends = []
        for v in value:
            body += v.encode() + b"\0"
            ends.append(len(body))
        size = gvariant_offset_size(len(body), len(ends)) if ends else 0
        return body + b"".join(e.to_bytes(size, "little") for e in ends), b"as"
    raise TypeError(value)


def vardict(params):
    """A GVariant a{sv}, serialised as GLib does."""
    body = b""
    ends = []
    for key, value in params.items():
        data, signature = gvariant_value(value)
        entry = pad(key.encode() + b"\0", 8)
        key_end = len(key.encode()) + 1
        entry += data + b"\0" + signature
        size = gvariant_offset_size(len(entry), 1)
        entry += key_end.to_bytes(size, "little")
        body = pad(body, 8) + entry
        ends.append(len(body))
    if not ends:
        return b""
    size = gvariant_offset_size(len(body), len(ends))
    return body + b"".join(e.to_bytes(size, "little") for e in ends)


def call(call_id, kernel, params=None, raw_params=None, shm_offset=0, shared_len=0):
    data = raw_params if raw_params is not None else vardict(params or {})
    return frame(CALL, struct.pack("<I", call_id) + string(kernel) + string(data)
                 + struct.pack("<QQ", shm_offset, shared_len))


def task(index, value, payload=b""):
    return struct.pack("<Qq", index, value) + string(payload)


def unit(call_id, seq, tasks, n=None):
    count = n if n is not None else len(tasks)
    return frame(UNIT, struct.pack("<IQI", call_id, seq, count) + b"".join(tasks))


def tasks_seeds():
    square = call(0, "square")
    echo_call = call(1, "echo", {"bytes": 16})
    seeds = {
        "square.bin": square + unit(0, 1, [task(i, i) for i in range(4)]),
        "sleep-with-params.bin": call(0, "sleep", {"ms": 5}) + unit(0, 1, [task(0, 1)]),
        "primes.bin": call(2, "primes", {"limit": 1000}) + unit(2, 7, [task(i, i) for i in range(3)]),
        "echo-payloads.bin": echo_call + unit(1, 1, [task(i, i, b"payload-%d" % i) for i in range(5)]),
        "print.bin": call(0, "print") + unit(0, 1, [task(0, 3)]),
        "shared-array.bin": call(0, "shared-array", {"values": [1, 2, 3, 4]}, shm_offset=4096, shared_len=4)
        + unit(0, 1, [task(i, i) for i in range(4)]),
        "fault-choice.bin": call(0, "fault", {"task": 2, "how": "exit"}) + unit(0, 1, [task(0, 0)]),
        "command-argv.bin": call(0, "command", {"argv": ["true", "--version"]}) + unit(0, 1, [task(0, 0)]),
        "several-calls-and-units.bin": square + echo_call + unit(0, 1, [task(0, 0)])
        + unit(1, 2, [task(1, 1, b"x" * 40)]) + unit(0, 3, [task(i, i) for i in range(2, 30)])
        + call(0, "spin", {"ms": 1}) + unit(0, 4, [task(30, 30)]),
        "call-replaced.bin": square + call(0, "memory", {"mb": 1, "passes": 1}) + unit(0, 1, [task(0, 0)]),
        "empty-unit.bin": square + unit(0, 1, []),
        "partial-frame.bin": square + unit(0, 1, [task(i, i) for i in range(8)])[:-9],
        # Parameters the worker refuses as a task error, not a protocol one.
        "unknown-kernel.bin": call(0, "no-such-kernel") + unit(0, 1, [task(0, 0)]),
        "unknown-param.bin": call(0, "square", {"size": 3}) + unit(0, 1, [task(0, 0)]),
        "param-of-wrong-type.bin": call(0, "sleep", {"ms": "long"}) + unit(0, 1, [task(0, 0)]),
        "param-out-of-range.bin": call(0, "spin", {"ms": -4}) + unit(0, 1, [task(0, 0)]),
        "shared-length-wrong.bin": call(0, "shared-array", {"values": [1, 2]}, shm_offset=4096, shared_len=9)
        + unit(0, 1, [task(0, 0)]),
        "params-not-gvariant.bin": call(0, "sleep", raw_params=b"\xff" * 23) + unit(0, 1, [task(0, 0)]),
        "params-offsets-lie.bin": call(0, "sleep", raw_params=vardict({"ms": 5})[:-1] + b"\xf0")
        + unit(0, 1, [task(0, 0)]),
        # Hostile: each must be refused in words, never crash.
        "unit-before-call.bin": unit(0, 1, [task(0, 0)]),
        "unit-for-unknown-call.bin": square + unit(7, 1, [task(0, 0)]),
        "call-id-too-large.bin": call(0x7FFFFFFF, "square"),
        "call-longer-than-fields.bin": frame(CALL, struct.pack("<I", 0) + string("square")
                                                + string(b"") + struct.pack("<QQ", 0, 0) + b"!"),
        "call-truncated.bin": frame(CALL, struct.pack("<I", 0) + string("square")),
        "kernel-longer-than-frame.bin": frame(CALL, struct.pack("<II", 0, 0xFFFFFFF0) + b"square"),
        "too-many-tasks.bin": square + unit(0, 1, [task(0, 0)], n=(1 << 20) + 1),
        "count-beyond-bytes.bin": square + unit(0, 1, [task(0, 0)], n=0xFFFFFFFF),
        "task-truncated.bin": square + unit(0, 1, [task(0, 0), task(1, 1)[:11]], n=2),
        "payload-longer-than-frame.bin": echo_call
        + unit(1, 1, [struct.pack("<QqI", 0, 0, 0x10000000) + b"short"]),
        "unit-longer-than-tasks.bin": square + unit(0, 1, [task(0, 0), b"trailing"], n=1),
        "unknown-type.bin": square + frame(42, b"\0" * 8),
        "results-sent-to-a-worker.bin": frame(RESULTS, struct.pack("<QIIqqqi", 1, 0, 0, 0, 0, 0, 0)),
        "frame-too-long.bin": struct.pack("<IB", 0xFFFFFFF0, UNIT),
        "frame-of-zero-bytes.bin": square + struct.pack("<I", 0),
    }
    return seeds


def write(directory, seeds):
    os.makedirs(directory, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    corpus = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus")
    write(os.path.join(corpus, "results"), results_seeds())
    write(os.path.join(corpus, "tasks"), tasks_seeds())


if __name__ == "__main__":
    main()
