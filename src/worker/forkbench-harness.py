# SPDX-License-Identifier: GPL-3.0-or-later
"""forkbench-harness: the worker of Forkbench's python kernel.

Forkbench runs it with the interpreter a workload names, in one of three ways:

  forkbench-harness.py --check FILE FUNCTION
      imports FILE and looks for FUNCTION in it, then prints one line of
      JSON: what the interpreter is, or what is wrong with the file.

  forkbench-harness.py --slot N --parent PID FILE FUNCTION
      a worker process of the process pool: it speaks the protocol of
      forkbench-worker (src/engine/fb-protocol-private.h) on its stdin and
      stdout, and calls FUNCTION(input) for every task.

  forkbench-harness.py --lanes N --parent PID FILE FUNCTION
      the thread pool: one interpreter whose N threads call FUNCTION, each
      a worker lane of its own, so that they share the interpreter's GIL.

FILE and FUNCTION come on the command line, so the CALL frames the pool
sends are skipped. Only the standard library is used: the interpreter may
be any Python 3.8 or later, free-threaded builds included.

It is not meant to be run by hand.
"""

import array
import importlib.util
import io
import json
import mmap
import os
import signal
import struct
import sys
import threading
import time
import traceback

VERSION = 2
CALL, UNIT, HELLO, RESULTS, STARTED, RESULTS_BARE = 1, 2, 16, 17, 18, 19
OK_BARE, OK, FAILED = 4, 1, 2
# FB_KERNEL_ERROR_FAILED, as the pool's records say.
KERNEL_ERROR_FAILED = 5

SHM_FD = 3
MAX_WORKERS = 1024
SLOT_WORDS = 8
# A slot's words: seq, pos, started_ns, slack_ns (fb-worker-slot-private.h).
SLOT_SLACK = 3
FLUSH_INTERVAL_NS = 1000 * 1000
MAX_RESULTS_FRAME = 1024 * 1024
MAX_OUTPUT = 64 * 1024
CHECK_TIMEOUT_S = 30
MIN_PYTHON = (3, 8)
# The name multiprocessing gives the main program in the processes it
# starts: the file runs as it would in a multiprocessing child, and a pool
# a task starts itself can find the file's functions.
MODULE_NAME = "__mp_main__"
# A result's JSON beyond this fails its task rather than the protocol.
MAX_VALUE_JSON = 16 * 1024 * 1024
MAX_TRACEBACK_FRAMES = 100

INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
BIG_ENDIAN = sys.byteorder == "big"
# The struct, array and memoryview code of a 64-bit integer: "l" where a
# C long has 64 bits, as Python converts a number past 2**30 (a clock in
# ns) to a long in half the time it takes to a long long.
I64_CODE = "l" if struct.calcsize("l") == 8 else "q"

FRAME = struct.Struct("<IB")
TASK = struct.Struct("<QqI")
UNIT_HEAD = struct.Struct("<IQI")
RESULTS_HEAD = struct.Struct("<QIIqqqi")
BARE = struct.Struct("<BqI")
FULL = struct.Struct("<BqII")
U32 = struct.Struct("<I")
STARTED_BODY = struct.Struct("<QIq")


def load_module(path):
    """Imports the file as multiprocessing imports the main program in a
    child it starts: named __mp_main__, so that its
    `if __name__ == "__main__":` part does not run, and standing for
    __main__, without a spec, so that the processes a task starts itself
    import it again from its path."""
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec.loader.exec_module(module)
    module.__spec__ = None
    # Importing multiprocessing made __mp_main__ the harness again.
    sys.modules[MODULE_NAME] = sys.modules["__main__"] = module
    return module


def load_function(path, name):
    return getattr(load_module(path), name)


def without_module(line):
    """An exception's line without the module name of the file's own
    exception classes, as Python shows those of a main program."""
    prefix = MODULE_NAME + "."
    return line[len(prefix):] if line.startswith(prefix) else line


def last_line(exc):
    lines = traceback.format_exception_only(type(exc), exc)
    return without_module(lines[-1].strip()) if lines else type(exc).__name__


def interpreter_info():
    is_gil_enabled = getattr(sys, "_is_gil_enabled", None)
    return {
        "implementation": sys.implementation.name,
        "version": "%d.%d.%d" % sys.version_info[:3],
        "executable": sys.executable,
        "gil_enabled": bool(is_gil_enabled()) if is_gil_enabled else True,
    }


def nul_line(source):
    """The line of the first NUL byte: Python refuses one without a line."""
    return source[:source.index(b"\0")].count(b"\n") + 1 if b"\0" in source else 0


def check(path, name):
    """Says in one line of JSON on stdout what the pool needs to know before
    it runs anything: a syntax error and its line, an import that fails, a
    missing function, or the interpreter's version and whether it has a GIL."""
    out = os.fdopen(os.dup(1), "w")
    # What the file prints while it is imported goes to stderr.
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    def answer(**fields):
        out.write(json.dumps(fields) + "\n")
        out.flush()

    if sys.version_info < MIN_PYTHON:
        return answer(ok=False, problem="version", version="%d.%d.%d" % tuple(sys.version_info[:3]))

    try:
        with open(path, "rb") as f:
            source = f.read()
    except OSError as e:
        return answer(ok=False, problem="file", message=e.strerror or str(e))

    try:
        compile(source, path, "exec", dont_inherit=True)
    except SyntaxError as e:
        return answer(ok=False, problem="syntax", line=e.lineno or nul_line(source),
                      message="%s: %s" % (type(e).__name__, e.msg))
    except ValueError as e:
        return answer(ok=False, problem="syntax", line=nul_line(source), message=str(e))

    def too_long(signum, frame):
        raise TimeoutError("importing the file took longer than %d s" % CHECK_TIMEOUT_S)

    signal.signal(signal.SIGALRM, too_long)
    # Said first, so that an import that ends the interpreter is told as such.
    answer(stage="import")
    signal.alarm(CHECK_TIMEOUT_S)
    try:
        module = load_module(path)
    except BaseException as e:
        return answer(ok=False, problem="import", message=last_line(e),
                      traceback=traceback.format_exc())
    finally:
        signal.alarm(0)

    if not hasattr(module, name):
        return answer(ok=False, problem="function")
    function = getattr(module, name)
    if not callable(function):
        return answer(ok=False, problem="callable", type=type(function).__name__)

    return answer(ok=True, **interpreter_info())


class TaskOutput:
    """sys.stdout while tasks run: what a task prints is kept with the
    task, by the thread that runs it; anything else goes to stderr."""

    def __init__(self):
        self.local = threading.local()
        self.encoding = "utf-8"
        self.errors = "replace"

    def write(self, text):
        parts = getattr(self.local, "parts", None)
        if parts is None:
            return sys.stderr.write(text)
        parts.append(text)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def fileno(self):
        raise io.UnsupportedOperation("a task's output is kept with the task and has no file descriptor")

    @property
    def buffer(self):
        return TaskOutputBuffer(self)

    def isatty(self):
        return False

    def writable(self):
        return True


class TaskOutputBuffer:
    """sys.stdout.buffer while tasks run: bytes, kept as text with the task."""

    def __init__(self, output):
        self.output = output

    def write(self, data):
        self.output.write(bytes(data).decode("utf-8", "replace"))
        return len(data)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def writable(self):
        return True


def encode_value(value):
    """The value field and, unless the value is a whole number that fits in
    64 bits, its JSON text (its repr as a JSON string when it has none)."""
    if type(value) is int and INT64_MIN <= value <= INT64_MAX:
        return value, None
    if type(value) is bool:
        return int(value), b"true" if value else b"false"
    try:
        text = json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        try:
            text = json.dumps(repr(value))
        except BaseException as e:
            text = json.dumps("<unprintable %s: %s>" % (type(value).__name__, last_line(e)))
    return 0, text.encode("utf-8", "replace")


def pack_column(numbers):
    """64-bit integers, little-endian, in one call."""
    if BIG_ENDIAN:
        return struct.pack("<%dq" % len(numbers), *numbers)
    return struct.pack("@%d%s" % (len(numbers), I64_CODE), *numbers)


def put_bytes(parts, data):
    parts.append(U32.pack(len(data)))
    parts.append(data)


def take_printed(printed):
    if not printed:
        return b""
    out = "".join(printed).encode("utf-8", "replace")[:MAX_OUTPUT]
    del printed[:]
    return out


def success_result(result, printed):
    """A result that is not a bare value: its status, value, error code,
    and what follows them (error, output, and the value's JSON)."""
    value, text = encode_value(result)
    parts = []
    if text is not None and len(text) > MAX_VALUE_JSON:
        put_bytes(parts, ("The result is %.1f MB as JSON, more than the %d MB Forkbench keeps of a result"
                          % (len(text) / 1e6, MAX_VALUE_JSON // (1024 * 1024))).encode("utf-8"))
        put_bytes(parts, take_printed(printed))
        put_bytes(parts, b"")
        return FAILED, 0, KERNEL_ERROR_FAILED, b"".join(parts)
    put_bytes(parts, b"")
    put_bytes(parts, take_printed(printed))
    put_bytes(parts, text or b"")
    return OK, value, 0, b"".join(parts)


def failure_result(exc, printed):
    """A task that raised: the exception's last line is its error, and its
    traceback (without the harness's own frame) goes in the payload."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_globals is globals():
        tb = tb.tb_next
    message = last_line(exc).encode("utf-8", "replace")[:MAX_OUTPUT]
    # The frames nearest the error: a deep recursion has a million.
    details = "".join(without_module(line) for line in
                      traceback.format_exception(type(exc), exc, tb, limit=-MAX_TRACEBACK_FRAMES))
    parts = []
    put_bytes(parts, message)
    put_bytes(parts, take_printed(printed))
    put_bytes(parts, details.encode("utf-8", "replace")[:MAX_OUTPUT])
    return FAILED, 0, KERNEL_ERROR_FAILED, b"".join(parts)


def start_run():
    """A run of tasks: its values, end times and special results, and its
    start in CPU and in wall time."""
    return [], [], {}, time.thread_time_ns(), time.monotonic_ns()


def unit_inputs(body, n):
    """The inputs of a UNIT frame's tasks. Tasks without payloads (the pool
    sends payloads only to the echo kernel) are 20 bytes each, and their
    inputs are picked out with strided copies rather than a call per
    task; a payload is skipped, as Python has no use for it."""
    tasks = body[UNIT_HEAD.size:]
    if len(tasks) != n * TASK.size:
        inputs = []
        offset = UNIT_HEAD.size
        for _ in range(n):
            index, value_in, payload_len = TASK.unpack_from(body, offset)
            offset += TASK.size + payload_len
            inputs.append(value_in)
        return inputs
    column = bytearray(8 * n)
    for k in range(8):
        column[k::8] = tasks[8 + k::TASK.size]
    inputs = array.array(I64_CODE)
    inputs.frombytes(column)
    if BIG_ENDIAN:
        inputs.byteswap()
    return inputs




class Worker:
    def __init__(self, function, out_fd, slots, lanes):
        self.function = function
        self.out_fd = out_fd
        self.slots = slots
        self.lanes = lanes
        self.write_lock = threading.Lock()
        self.output = TaskOutput()
        self.last_flush = 0
        sys.stdout = self.output
        # A process a task forks (a multiprocessing.Pool of its own) prints
        # where a multiprocessing child would, to the real stdout (stderr
        # here), rather than into a copy of its task's output nobody reads.
        os.register_at_fork(after_in_child=lambda: setattr(sys, "stdout", sys.__stdout__))
        for lane in range(lanes):
            slots[lane * SLOT_WORDS + SLOT_SLACK] = FLUSH_INTERVAL_NS

    def write(self, data):
        view = memoryview(data)
        with self.write_lock:
            while view:
                try:
                    n = os.write(self.out_fd, view)
                except InterruptedError:
                    continue
                except OSError:
                    # The pool is gone: there is nobody to work for.
                    os._exit(0)
                view = view[n:]

    def run_unit(self, body, lane, pending):
        """Runs the tasks of a UNIT frame in order, as forkbench-worker does:
        the tasks of one RESULTS frame ran back to back from its base time.
        Frames go to @pending, written when the caller flushes.

        This loop is what a task costs beyond its function, so it does as
        little per task as it can: it says which task runs, notes the result
        and the time (in nanoseconds, as the clock gives it), and builds the
        RESULTS frame for all of them at once. Only a task that prints,
        raises or returns something other than a whole number of 64 bits
        has its result encoded on its own."""
        call_id, seq, n = UNIT_HEAD.unpack_from(body, 0)
        inputs = unit_inputs(body, n)
        function = self.function
        slots = self.slots
        base = lane * SLOT_WORDS
        slot_pos, slot_started = base + 1, base + 2
        monotonic = time.monotonic_ns
        int_type = int

        # What the function prints lands here, for the task that printed it.
        printed = []
        self.output.local.parts = printed

        # The run so far: each task's value, the time it finished, and the
        # tasks whose result is not a bare value.
        first = 0
        values, times, special, cpu_start, run_start = start_run()
        now = run_start
        flush_at = self.last_flush + FLUSH_INTERVAL_NS

        # Say which unit runs, then before each task which task, for the
        # pool to blame it should we die. Since when is said at the start
        # and then once per FLUSH_INTERVAL_NS, the slot's slack: a write to
        # shared memory costs as much as a call of a small function, and
        # the pool only needs to know that the task started no earlier than
        # that and at most the slack later, to stop it when it takes too long.
        slots[base] = -1
        slots[slot_started] = now
        slots[slot_pos] = 0
        slots[base] = seq

        for i, value_in in enumerate(inputs):
            slots[slot_pos] = i
            try:
                result = function(value_in)
            except BaseException as e:
                special[i - first] = failure_result(e, printed)
                result = 0
            else:
                # Whether a whole number fits in 64 bits is found out when
                # the results are packed.
                if printed or type(result) is not int_type:
                    special[i - first] = success_result(result, printed)
                    result = 0
            now = monotonic()
            # Called as methods, which Python calls faster than bound ones.
            values.append(result)
            times.append(now)

            if now > flush_at:
                if i + 1 < n:
                    self.end_run(pending, seq, first, run_start, cpu_start, values, times, special)
                    self.flush(pending, lane, seq)
                    first = i + 1
                    values, times, special, cpu_start, run_start = start_run()
                    now = run_start
                # The next task starts now.
                slots[slot_started] = now
                flush_at = now + FLUSH_INTERVAL_NS

        self.output.local.parts = None
        slots[base] = -1
        self.end_run(pending, seq, first, run_start, cpu_start, values, times, special)
        return seq

    def end_run(self, pending, seq, first, run_start, cpu_start, values, times, special):
        """Appends the RESULTS frame of a run of tasks to @pending: the run
        started at @run_start and its tasks finished at @times (ns)."""
        cpu = (time.thread_time_ns() - cpu_start) // 1000
        start_us = run_start // 1000
        count = len(values)
        end_us = times[-1] // 1000 if times else start_us
        body = None
        kind = RESULTS
        if not special:
            try:
                # Every task returned a bare value: two columns, copied
                # whole, the pool working out each task's wall time.
                body = pack_column(values) + pack_column(times)
                kind = RESULTS_BARE
            except (struct.error, OverflowError, TypeError):
                # A whole number too big for 64 bits goes as JSON, below.
                pass
        if body is None:
            starts = [start_us]
            starts += [t // 1000 for t in times]
            walls = [min(b - a, 0xFFFFFFFF) for a, b in zip(starts, starts[1:])]
            parts = []
            for k in range(count):
                result = special.get(k)
                if result is None and INT64_MIN <= values[k] <= INT64_MAX:
                    parts.append(BARE.pack(OK_BARE, values[k], walls[k]))
                    continue
                if result is None:
                    result = success_result(values[k], [])
                status, value, code, rest = result
                parts.append(FULL.pack(status, value, walls[k], code))
                parts.append(rest)
            body = b"".join(parts)
        head = RESULTS_HEAD.pack(seq, first, count, start_us, end_us - start_us, cpu, -1)
        pending.append(FRAME.pack(1 + len(head) + len(body), kind))
        pending.append(head)
        pending.append(body)

    def flush(self, pending, lane, seq):
        if pending:
            self.write(b"".join(pending))
            del pending[:]
        self.last_flush = time.monotonic_ns()


class LaneWorker(Worker):
    """One interpreter, several threads: each takes the next unit from the
    queue the reader fills, and says which lane took it before its results."""

    def __init__(self, function, out_fd, slots, lanes):
        super().__init__(function, out_fd, slots, lanes)
        self.queue = []
        self.cond = threading.Condition()
        self.closed = False
        self.threads = []
        for lane in range(lanes):
            thread = threading.Thread(target=self.lane_main, args=(lane,), name="fb-lane-%d" % lane,
                                      daemon=True)
            self.threads.append(thread)

    def start(self):
        for thread in self.threads:
            thread.start()

    def push(self, body):
        with self.cond:
            self.queue.append(body)
            self.cond.notify()

    def close(self):
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        for thread in self.threads:
            thread.join()

    def lane_main(self, lane):
        try:
            self.serve_lane(lane)
        except BaseException:
            # A lane that stopped would leave its units hanging: the pool
            # sees the interpreter die instead, and runs them again.
            die_now("a lane failed:\n" + traceback.format_exc())

    def serve_lane(self, lane):
        tid = threading.get_native_id() if hasattr(threading, "get_native_id") else os.getpid()
        while True:
            with self.cond:
                while not self.queue and not self.closed:
                    self.cond.wait()
                if not self.queue:
                    return
                body = self.queue.pop(0)
            pending = []
            seq = UNIT_HEAD.unpack_from(body, 0)[1]
            started = STARTED_BODY.pack(seq, lane, tid)
            pending.append(FRAME.pack(1 + len(started), STARTED))
            pending.append(started)
            self.run_unit(body, lane, pending)
            self.flush(pending, lane, seq)


def die_now(message):
    sys.stderr.write("forkbench-harness: %s\n" % message)
    sys.stderr.flush()
    os._exit(3)


def map_slots():
    try:
        shared = mmap.mmap(SHM_FD, MAX_WORKERS * 64, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        return memoryview(shared).cast(I64_CODE)
    except (OSError, ValueError):
        # Started by hand, with no pool: still works, just unobserved.
        return memoryview(bytearray(MAX_WORKERS * 64)).cast(I64_CODE)


def die_with_parent(parent):
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError, ImportError):
        pass
    if parent > 0 and os.getppid() != parent:
        os._exit(0)


def serve(slot, lanes, parent, path, name):
    # Close whatever the app left open beyond the memfd, before a task
    # could touch it.
    os.closerange(SHM_FD + 1, 65536)
    die_with_parent(parent)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError):
        pass
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    # The pool stops its workers. A Ctrl-C at a terminal reaches every
    # process of the foreground group: it is for the pool to handle, and a
    # worker dying of it too would fail the task it was running.
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    # Keep the protocol on its own descriptor: anything else that writes to
    # stdout (a task's child, a C library) goes to stderr instead.
    out_fd = os.dup(1)
    os.dup2(2, 1)
    # And off stdin: a task that reads it (input()) gets an end of file at
    # once, as in a multiprocessing worker, rather than waiting on the pool.
    in_fd = os.dup(0)
    null_fd = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null_fd, 0)
    os.close(null_fd)

    try:
        function = load_function(path, name)
    except BaseException:
        sys.stderr.write("forkbench-harness: could not load %s from %s:\n%s"
                         % (name, path, traceback.format_exc()))
        sys.stderr.flush()
        os._exit(2)

    slots = map_slots()
    if lanes > 1 or slot < 0:
        worker = LaneWorker(function, out_fd, slots, lanes)
    else:
        # A process worker uses its own slot as lane 0.
        worker = Worker(function, out_fd, slots[slot * SLOT_WORDS:], 1)

    hello = struct.pack("<Iq", VERSION, os.getpid())
    worker.write(FRAME.pack(1 + len(hello), HELLO) + hello)

    if isinstance(worker, LaneWorker):
        worker.start()

    buffer = bytearray()
    pending = []
    # Read into the same memory every time: a new 256 KiB object per read
    # is mapped from the kernel and unmapped again, page by page.
    chunk = bytearray(256 * 1024)
    chunk_view = memoryview(chunk)
    while True:
        try:
            got = os.readv(in_fd, [chunk])
        except InterruptedError:
            continue
        if not got:
            break
        buffer += chunk_view[:got]
        pos = 0
        while len(buffer) - pos >= 5:
            length, kind = FRAME.unpack_from(buffer, pos)
            if length < 1 or length > 64 * 1024 * 1024:
                sys.stderr.write("forkbench-harness: a frame of %d bytes is outside the protocol's limits\n"
                                 % length)
                os._exit(2)
            if len(buffer) - pos - 4 < length:
                break
            body = bytes(buffer[pos + 5:pos + 4 + length])
            pos += 4 + length
            if kind == UNIT:
                if isinstance(worker, LaneWorker):
                    worker.push(body)
                else:
                    worker.run_unit(body, 0, pending)
                    if time.monotonic_ns() - worker.last_flush > FLUSH_INTERVAL_NS or len(pending) > 3 * 64:
                        worker.flush(pending, 0, 0)
            elif kind != CALL:
                sys.stderr.write("forkbench-harness: a frame of unknown type %d arrived\n" % kind)
                os._exit(2)
        del buffer[:pos]
        # Nothing more to read for now: send what is done.
        worker.flush(pending, 0, 0)

    if isinstance(worker, LaneWorker):
        worker.close()
    worker.flush(pending, 0, 0)


def main(argv):
    if len(argv) == 4 and argv[1] == "--check":
        check(argv[2], argv[3])
        return 0

    slot, lanes, parent = 0, 1, 0
    args = argv[1:]
    while len(args) > 2 and args[0].startswith("--"):
        option, value = args[0], args[1]
        if option == "--slot":
            slot = int(value)
        elif option == "--lanes":
            lanes = int(value)
            slot = -1
        elif option == "--parent":
            parent = int(value)
        else:
            break
        args = args[2:]

    if len(args) != 2 or os.isatty(0) or not 0 < lanes <= MAX_WORKERS or slot >= MAX_WORKERS:
        sys.stderr.write("forkbench-harness: this program is started by Forkbench's process pool, not by hand\n")
        return 2

    serve(slot, lanes, parent, args[0], args[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
