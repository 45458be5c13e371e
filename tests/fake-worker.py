#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A worker that lies: it greets the pool as forkbench-worker does, takes
its first unit of tasks, then answers as FORKBENCH_FAKE says:

  garbage       4 KiB of noise (the same every time, so that a failure
                can be replayed)
  bad-length    a frame longer than the protocol allows
  unknown-type  a frame of a type that does not exist
  unknown-seq   results for a unit it was never sent
  truncated     a result cut short inside its frame
  flood         bytes without end, as fast as the pipe takes them
  silent-exit   nothing, then exits 0 holding the unit
  stall         the first bytes of a plausible results frame, then silence

The pool must fail that worker cleanly every time: never crash, hang or
grow without bound. One more mode tells the truth, in a way of its own:

  slot-slack    says in its slot that its task started 10 s ago, give or
                take 60 s (the slack the python harness uses, larger),
                then squares its first task's input after 0.3 s
"""

import mmap
import os
import random
import struct
import sys
import time

VERSION = 2
HELLO, RESULTS = 16, 17
UNIT = 2


def frame(kind, body):
    return struct.pack("<IB", len(body) + 1, kind) + body


def read_exactly(n):
    data = b""
    while len(data) < n:
        chunk = os.read(0, n - len(data))
        if not chunk:
            sys.exit(0)
        data += chunk
    return data


def read_frame():
    length, kind = struct.unpack("<IB", read_exactly(5))
    return kind, read_exactly(length - 1)


def write(data):
    view = memoryview(data)
    while view:
        view = view[os.write(1, view):]


def main():
    mode = os.environ.get("FORKBENCH_FAKE", "garbage")
    write(frame(HELLO, struct.pack("<Iq", VERSION, os.getpid())))

    while True:
        kind, body = read_frame()
        if kind == UNIT:
            break
    seq = struct.unpack_from("<Q", body, 4)[0]

    header = struct.pack("<QIIqqqi", seq, 0, 1, 0, 10, 10, 0)
    if mode == "slot-slack":
        slot = int(sys.argv[sys.argv.index("--slot") + 1])
        shared = mmap.mmap(3, 1024 * 64)
        now_ns = time.monotonic_ns()
        # seq, pos, started_ns, slack_ns: the seq last, as workers do.
        struct.pack_into("<qqqq", shared, slot * 64, -1, 0, now_ns - 10 * 10**9, 60 * 10**9)
        struct.pack_into("<q", shared, slot * 64, seq)
        time.sleep(0.3)
        value_in = struct.unpack_from("<q", body, 16 + 8)[0]
        base_us = now_ns // 1000
        write(frame(RESULTS, struct.pack("<QIIqqqi", seq, 0, 1, base_us, 300_000, 1, 0)
                    + struct.pack("<BqI", 4, value_in * value_in, 300_000)))
    elif mode == "garbage":
        write(random.Random(1).randbytes(4096))
    elif mode == "bad-length":
        write(struct.pack("<IB", 0xFFFFFFF0, RESULTS))
    elif mode == "unknown-type":
        write(frame(99, b"\0" * 16))
    elif mode == "unknown-seq":
        write(frame(RESULTS, struct.pack("<QIIqqqi", seq + 1000, 0, 1, 0, 10, 10, 0)
                    + struct.pack("<BqI", 4, 42, 10)))
    elif mode == "truncated":
        write(frame(RESULTS, header + struct.pack("<Bq", 4, 42)[:5]))
    elif mode == "flood":
        block = b"\xff" * (1 << 20)
        while True:
            write(block)
    elif mode == "silent-exit":
        sys.exit(0)
    elif mode == "stall":
        write(frame(RESULTS, header + struct.pack("<BqI", 4, 42, 10))[:20])

    # Then wait to be killed, reading whatever comes.
    while True:
        read_frame()


if __name__ == "__main__":
    try:
        main()
    except (BrokenPipeError, ConnectionResetError):
        sys.exit(0)
