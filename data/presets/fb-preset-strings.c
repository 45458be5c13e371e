/* fb-preset-strings.c: the presets' names and descriptions, for xgettext.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Made by tools/preset-strings from the JSON files beside it; not compiled.
 */

static const char *preset_strings[] = {
  /* TRANSLATORS: the name of the preset cpu-bound.json */
  N_("CPU-bound work in C"),
  /* TRANSLATORS: what the preset cpu-bound.json shows */
  N_("Sixteen tasks each count the primes below about a million, in C, on four workers: pure computation, like pool.map(count_primes, ...) on CPU-heavy work. Threads keep every core busy just as processes do, because C code has no interpreter lock; the same loop in pure Python would make threads take turns (see the preset \"CPU-bound work under a GIL\")."),
  /* TRANSLATORS: the name of the preset fault-isolation.json */
  N_("A crashing task"),
  /* TRANSLATORS: what the preset fault-isolation.json shows */
  N_("Ten tasks on four workers, and task 3 crashes with a segmentation fault. In processes only task 3 fails: its worker is replaced and the other nine finish; in threads the crash is reported as an error instead of really happening, because a real one would end the whole program, every thread with it."),
  /* TRANSLATORS: the name of the preset four-processes-print.json */
  N_("Four processes print their numbers"),
  /* TRANSLATORS: what the preset four-processes-print.json shows */
  N_("Four workers each print a different number, \"Number: 0\" to \"Number: 3\", like starting multiprocessing.Process(target=print_number, args=(i,)) for i in range(4) and joining them. All four run at the same time and may finish in any order, but each task's output is kept with it, so the lines never get mixed up."),
  /* TRANSLATORS: the name of the preset gil-bound.json */
  N_("CPU-bound work under a GIL"),
  /* TRANSLATORS: what the preset gil-bound.json shows */
  N_("Eight tasks each burn 250 ms of CPU while holding one lock per process, the way CPython holds its global interpreter lock (GIL) while it runs Python code. Threads take turns on the one lock, so they need about 2 s however many workers you give them; four processes each have their own lock and run side by side, which is why multiprocessing is the answer for CPU-bound Python."),
  /* TRANSLATORS: the name of the preset hang-with-timeout.json */
  N_("A hanging task and a timeout"),
  /* TRANSLATORS: what the preset hang-with-timeout.json shows */
  N_("Six tasks on two worker processes, each allowed 2 seconds (timeout_ms 2000), and task 2 never returns. After 2 s the pool stops only the worker stuck on task 2, reports that task as timed out, starts a new worker and finishes the rest; in Python, result.get(timeout=2) only stops your waiting, and the stuck worker runs on until you call pool.terminate()."),
  /* TRANSLATORS: the name of the preset io-bound.json */
  N_("I/O-bound waiting"),
  /* TRANSLATORS: what the preset io-bound.json shows */
  N_("Thirty-two tasks each wait 250 ms without using the CPU, standing in for a network request or a disk read, on eight workers. Both modes overlap the waiting and finish in about 1 s instead of 8 s; threads get there with less start-up cost and memory, which is why they are the usual advice for I/O-bound Python."),
  /* TRANSLATORS: the name of the preset ipc-cost.json */
  N_("The cost of sending data"),
  /* TRANSLATORS: what the preset ipc-cost.json shows */
  N_("Two hundred tasks each send a 4 MiB payload to a worker and get it back, as pool.map(f, big_objects) does when Python pickles every argument and result. Processes pay to copy each payload into another process and back again; threads share memory and only pass a reference, so they finish far sooner."),
  /* TRANSLATORS: the name of the preset one-process.json */
  N_("One process"),
  /* TRANSLATORS: what the preset one-process.json shows */
  N_("One worker runs one task that prints \"Number: 0\", like the original example's p = multiprocessing.Process(target=fun); p.start(); p.join(), whose child prints a line. In processes the line comes from a separate program with its own memory, in threads (threading.Thread) from inside this one; for a single small task the visible difference is little more than start-up time."),
  /* TRANSLATORS: the name of the preset pool-apply-async.json */
  N_("One apply_async per task"),
  /* TRANSLATORS: what the preset pool-apply-async.json shows */
  N_("Like results = [pool.apply_async(worker, args=(i,)) for i in range(10)] with Pool(processes=4), then [r.get() for r in results]: ten tasks handed out one at a time to four workers, results collected in order. The original example's worker returns num * 2, giving [0, 2, 4, ..., 18]; no kernel in C doubles, so the closest one, square, runs instead and you get [0, 1, 4, ..., 81]. The preset \"One apply_async per task, in Python\" runs the example's own worker."),
  /* TRANSLATORS: the name of the preset pool-map-square-list.json */
  N_("Square a list with pool.map"),
  /* TRANSLATORS: what the preset pool-map-square-list.json shows */
  N_("with mp.Pool(5) as pool: pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8]) returns [9, 16, 25, 36, 36, 49, 7569, 64, 64], in the order of the inputs even though five workers share the nine tasks. The original example's square also calls time.sleep(2); that sleep is left out here, so the result is what matters."),
  /* TRANSLATORS: the name of the preset pool-map-square.json */
  N_("Square ten numbers with pool.map"),
  /* TRANSLATORS: what the preset pool-map-square.json shows */
  N_("pool.map(square, range(10)) with Pool(processes=4): four workers square 0 to 9 and you get [0, 1, 4, 9, 16, 25, 36, 49, 64, 81] back in order. The tasks are so small that both modes finish almost at once; what you see is mostly the cost of starting workers and passing results back."),
  /* TRANSLATORS: the name of the preset python-apply-async.json */
  N_("One apply_async per task, in Python"),
  /* TRANSLATORS: what the preset python-apply-async.json shows */
  N_("The lesson's own worker(num), which returns num * 2, as results = [pool.apply_async(worker, args=(i,)) for i in range(10)] with Pool(processes=4) and then [r.get() for r in results]: ten calls handed out one at a time to four workers, and [0, 2, 4, ..., 18] back in the order they were asked for. In processes each worker is a Python interpreter; in threads, four threads of one interpreter call the function."),
  /* TRANSLATORS: the name of the preset python-cpu-bound.json */
  N_("CPU-bound Python: sums of squares"),
  /* TRANSLATORS: what the preset python-cpu-bound.json shows */
  N_("Eight tasks each add up the squares below 2,500,000 in a pure Python loop, on four workers. Four interpreters run side by side, one per core; four threads of one interpreter take turns on its global interpreter lock (GIL), so they take about as long as one. This is why multiprocessing is the answer for CPU-bound Python, unless a free-threaded interpreter (python3.13t or later) is chosen as the interpreter."),
  /* TRANSLATORS: the name of the preset python-print.json */
  N_("Four Python processes print their numbers"),
  /* TRANSLATORS: what the preset python-print.json shows */
  N_("The lesson's print_number(number), which prints \"Number: \" and its number, on four workers, as four multiprocessing.Process(target=print_number, args=(i,)) for i in range(4). They run at the same time and may finish in any order, but what each task printed is kept with it, so the lines never get mixed up. The function returns None, which the results show as null."),
  /* TRANSLATORS: the name of the preset python-sleepers.json */
  N_("Two 3-second sleepers in Python"),
  /* TRANSLATORS: what the preset python-sleepers.json shows */
  N_("The lesson's task1(3), which prints \"Sleeping for 3 seconds\", calls time.sleep(3) and prints \"Finished sleeping: 3\", run twice side by side. Both finish in about 3 seconds, not 6: sleeping needs no CPU and releases the GIL, so threads wait together just as processes do. What each task printed is kept with it."),
  /* TRANSLATORS: the name of the preset python-square-list.json */
  N_("Square a list in Python"),
  /* TRANSLATORS: what the preset python-square-list.json shows */
  N_("The lesson's own Python: square(n) returns n ** 2, and pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8]) on five workers returns [9, 16, 25, 36, 36, 49, 7569, 64, 64], in the order of the inputs. In processes each worker is a Python interpreter; in threads, five threads of one interpreter call the function."),
  /* TRANSLATORS: the name of the preset shared-array-square.json */
  N_("Square a shared array"),
  /* TRANSLATORS: what the preset shared-array-square.json shows */
  N_("Seven workers each square one element of multiprocessing.Array('i', [2, 3, 4, 5, 6, 7, 8]) in place, leaving [4, 9, 16, 25, 36, 49, 64]. Processes need that shared-memory array to see each other's changes; threads share all their memory already, so for them a plain list would do."),
  /* TRANSLATORS: the name of the preset sleepers-different-lengths.json */
  N_("Sleepers of different lengths"),
  /* TRANSLATORS: what the preset sleepers-different-lengths.json shows */
  N_("Four tasks sleep 500, 200, 100 and 300 ms on four workers: the original example's work_log jobs (A 5 s, B 2 s, C 1 s, D 3 s) scaled down to a tenth. The run ends when the longest one does, after about 0.5 s rather than the 1.1 s of their sum, with processes and threads alike."),
  /* TRANSLATORS: the name of the preset tiny-tasks-chunked.json */
  N_("Tiny tasks in chunks of 1,000"),
  /* TRANSLATORS: what the preset tiny-tasks-chunked.json shows */
  N_("The same 200,000 squares with chunksize 1000: each worker takes 1,000 tasks at a time, so the cost of sending work and results is paid 200 times instead of 200,000. Compare its throughput with the unchunked preset; it is also why Python's pool.map picks a chunk size for you when you do not pass one."),
  /* TRANSLATORS: the name of the preset tiny-tasks.json */
  N_("Tiny tasks, one at a time"),
  /* TRANSLATORS: what the preset tiny-tasks.json shows */
  N_("Squares 200,000 numbers on four workers, one task per hand-over (chunksize 1), like pool.map(square, range(200000), chunksize=1). Each square takes far less time than sending it to a worker and getting the result back, so that overhead is what you measure, above all with processes; try a larger chunk size, or run the chunked version of this preset."),
  /* TRANSLATORS: the name of the preset two-three-second-sleepers.json */
  N_("Two 3-second sleepers"),
  /* TRANSLATORS: what the preset two-three-second-sleepers.json shows */
  N_("Two tasks each do the equivalent of time.sleep(3), like the original example's two mp.Process(target=task1, args=(3,)) started together and then joined. They finish in about 3 seconds, not 6, because they wait at the same time; threads do the same, since sleeping needs no CPU."),
};
