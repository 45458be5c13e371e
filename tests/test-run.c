/* test-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run as the app and the command line see it: its steps in order, its
 * reports computed from the records, a sweep's measured speedups, a
 * cancelled run's partial report, and a verdict that names what happened.
 */

#include "config.h"

#include <string.h>

#include <libglib-testing/signal-logger.h>

#include "fb-run-private.h"
#include "fb-test-util.h"

static FbWorkload *
load (const char *json)
{
  g_autoptr(GError) error = NULL;
  FbWorkload *workload = fb_workload_new_from_data (json, -1, "test.json", &error);

  g_assert_no_error (error);
  return workload;
}

typedef struct
{
  gboolean  ok;
  GError   *error;
} Wait;

static void
run_to_end (FbRun        *run,
            GCancellable *cancellable,
            Wait         *wait)
{
  wait->ok = fb_test_execute_run_full (run, cancellable, &wait->error);
}

/* Nine squares on five workers. */
static FbWorkload *
load_squares (void)
{
  return load ("{\"forkbench\": 1, \"name\": \"Squares\", \"kernel\": \"square\", "
               "\"inputs\": [3, 4, 5, 6, 6, 7, 87, 8, 8], \"workers\": 5}");
}

typedef struct
{
  guint seen[2][9];
  guint late;
  gulong late_id;
} Batches;

static void
count_tasks_cb (FbRun     *run,
                GPtrArray *records,
                Batches   *batches)
{
  /* The processes' step is the first, and has no report yet. */
  FbPoolKind kind = fb_run_get_reports (run)->len == 0 ? FB_POOL_PROCESSES : FB_POOL_THREADS;

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpuint (record->index, <, 9);
      g_assert_cmpint (record->value, ==, record->input * record->input);
      batches->seen[kind][record->index]++;
    }
}

static void
count_late_cb (FbRun     *run,
               GPtrArray *records,
               Batches   *batches)
{
  batches->late += records->len;
}

/* A handler connected as the threads step starts sees all of it. */
static void
connect_late_cb (FbRun      *run,
                 FbPoolKind  kind,
                 guint       workers,
                 guint       step,
                 guint       n_steps,
                 Batches    *batches)
{
  if (kind == FB_POOL_THREADS && batches->late_id == 0)
    batches->late_id = g_signal_connect (run, "tasks-finished", G_CALLBACK (count_late_cb), batches);
}

/* ::tasks-finished gives every task of each step once, in batches. */
static void
test_tasks_finished (void)
{
  g_autoptr(FbWorkload) workload = load_squares ();
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(FbRun) late_run = fb_run_new (workload);
  Batches batches = { 0 };
  Wait wait = { 0 }, late_wait = { 0 };

  g_signal_connect (run, "tasks-finished", G_CALLBACK (count_tasks_cb), &batches);
  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    for (guint i = 0; i < 9; i++)
      g_assert_cmpuint (batches.seen[kind][i], ==, 1);

  /* With no handler before it, the run connects to the step's map once
   * ::step-started has one. */
  g_signal_connect (late_run, "step-started", G_CALLBACK (connect_late_cb), &batches);
  run_to_end (late_run, NULL, &late_wait);
  g_assert_no_error (late_wait.error);
  g_assert_true (late_wait.ok);
  g_assert_cmpuint (batches.late, ==, 9);

  g_assert_finalize_object (g_steal_pointer (&run));
  g_assert_finalize_object (g_steal_pointer (&late_run));
}

static void
test_both_modes (void)
{
  g_autoptr(FbWorkload) workload = load_squares ();
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  static const gint64 squares[] = { 9, 16, 25, 36, 36, 49, 7569, 64, 64 };
  Wait wait = { 0 };
  GPtrArray *reports;

  gt_signal_logger_connect (logger, run, "step-started");
  gt_signal_logger_connect (logger, run, "step-finished");
  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  /* Processes, then threads, each started then finished, nothing else. */
  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    {
      FbPoolKind started_kind = -1;
      guint workers = 0, step = 0, n_steps = 0;
      FbReport *report = NULL;

      gt_signal_logger_assert_emission_pop (logger, run, "step-started", &started_kind, &workers, &step, &n_steps);
      g_assert_cmpint (started_kind, ==, kind);
      g_assert_cmpuint (workers, ==, 5);
      g_assert_cmpuint (step, ==, (guint) kind);
      g_assert_cmpuint (n_steps, ==, 2);

      gt_signal_logger_assert_emission_pop (logger, run, "step-finished", &report);
      g_assert_cmpint (report->kind, ==, kind);
      fb_report_unref (report);
    }
  gt_signal_logger_assert_no_emissions (logger);

  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);
  for (guint i = 0; i < reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (reports, i);
      gint64 first = G_MAXINT64, last = 0;

      g_assert_cmpuint (report->tasks_total, ==, 9);
      g_assert_cmpuint (report->tasks_ok, ==, 9);
      g_assert_cmpuint (report->tasks_failed, ==, 0);
      g_assert_false (report->interrupted);
      g_assert_false (report->speedup_measured);

      for (guint t = 0; t < report->records->len; t++)
        {
          FbTaskRecord *record = g_ptr_array_index (report->records, t);

          g_assert_cmpint (record->value, ==, squares[t]);
          first = MIN (first, record->queued_us);
          last = MAX (last, record->finished_us);
        }

      /* The report's figures are the records', not timed again. */
      g_assert_cmpfloat_with_epsilon (report->wall_s, (last - first) / 1e6, 1e-9);
      g_assert_cmpfloat_with_epsilon (report->throughput_tps, 9 / report->wall_s, 1e-6);
      g_assert_cmpfloat (report->latency_p50_us, <=, report->latency_p99_us);
      if (report->kind == FB_POOL_PROCESSES)
        g_assert_cmpuint (report->ipc_bytes, >, 0);
      else
        g_assert_cmpuint (report->ipc_bytes, ==, 0);
    }

  g_assert_nonnull (fb_run_get_machine (run));
  g_assert_cmpuint (fb_machine_get_n_logical_cores (fb_run_get_machine (run)), ==, g_get_num_processors ());

  g_clear_pointer (&logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&run));
}

static void
test_interpreter_lock_serializes (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Lock\", \"kernel\": \"gil\", \"params\": {\"ms\": 60}, "
          "\"tasks\": 8, \"workers\": 2, \"mode\": \"threads\"}");
  g_autoptr(FbRun) run = fb_run_new (workload);
  FbReport *threads;
  Wait wait = { 0 };

  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);

  /* Threads took turns on the lock: together they never kept more than one
   * core busy, however many cores there are. */
  threads = fb_run_get_report (run, FB_POOL_THREADS, 0);
  g_assert_cmpuint (threads->tasks_ok, ==, 8);
  g_assert_cmpfloat (threads->cores_busy, <=, 1.05);
  g_assert_cmpfloat (threads->cpu_s, >=, 8 * 0.060 * 0.95);
}

/* A report made of @n tasks that each ran @run_us, used @cpu_us of CPU and
 * sent @ipc bytes, one after another on each of @workers workers. */
static FbReport *
fake_report (FbPoolKind kind,
             guint      workers,
             guint      n,
             gint64     run_us,
             gint64     cpu_us,
             guint64    ipc,
             guint      n_failed)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_task_record_unref);
  FbReport *report;

  for (guint i = 0; i < n; i++)
    {
      FbTaskRecord *record = fb_task_record_new (i, i);

      record->queued_us = 1000;
      record->started_us = 1000 + (i / workers) * run_us;
      record->finished_us = record->started_us + run_us;
      record->cpu_us = cpu_us;
      record->ipc_bytes = ipc;
      record->worker_slot = i % workers;
      if (i < n_failed)
        {
          record->status = FB_TASK_FAILED;
          fb_task_record_take_error (record, g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED, "crashed"));
        }
      else
        record->status = FB_TASK_SUCCEEDED;
      g_ptr_array_add (records, record);
    }

  report = fb_report_new (kind, workers, 1, n, records);
  report->respawns = kind == FB_POOL_PROCESSES ? n_failed : 0;
  return report;
}

typedef struct
{
  const char *kernel;
  /* processes: run, cpu, ipc; threads: run, cpu, ipc (per task, 8 tasks on 4 workers) */
  gint64      p_run, p_cpu, p_ipc, t_run, t_cpu, t_ipc;
  gboolean    threads_serialized;
  guint       n_failed;
  const char *verdict;
  /* For the python kernel: 1 with its GIL, 2 free-threaded. */
  guint       python;
  const char *name;
} VerdictCase;

static const VerdictCase verdicts[] = {
  { "gil", 100000, 100000, 40, 100000, 100000, 0, TRUE, 0,
    "Processes finished 4.0 times sooner than threads: each thread waited for the interpreter lock, "
    "so the threads kept 1.0 cores busy and the processes 4.0." },
  /* The lock's lesson did not show (a busy machine): no claim of no lock. */
  { "gil", 100000, 100000, 40, 100000, 100000, 0, FALSE, 0,
    "Processes and threads finished in about the same time (200.0\u00a0ms and 200.0\u00a0ms).", 0, "gil-even" },
  { "echo", 20000, 5000, 8 << 20, 2000, 2000, 0, FALSE, 0,
    "Threads finished 10.0 times sooner than processes: every task's data (67.1\u00a0MB in all) had to be "
    "copied to another process and back, while threads share memory." },
  { "sleep", 250000, 10, 40, 250000, 10, 0, FALSE, 0,
    "Processes and threads finished in about the same time (500.0\u00a0ms and 500.0\u00a0ms): the tasks spent "
    "their time waiting, and both kinds of pool wait side by side." },
  /* Tasks too short to tell did not wait, though they kept the cores idle. */
  { "square", 40, 2, 40, 40, 2, 0, FALSE, 0,
    "Processes and threads finished in about the same time (80\u00a0µs and 80\u00a0µs): with no interpreter lock "
    "and little data to send, both ran side by side.", 0, "square-even" },
  { "square", 40, 2, 40, 2, 2, 0, FALSE, 0,
    "Threads finished 20.0 times sooner than processes: each task runs for about 40\u00a0µs, less than it "
    "takes to hand it to another process; a larger chunk size shares that cost among more tasks." },
  { "fault", 20000, 10, 40, 2000, 10, 0, FALSE, 1,
    "In both modes, 1 task failed: in processes, each crash ended only its own worker, which the pool "
    "replaced; in threads, the crash was reported instead, because a real one would have ended the whole "
    "program. Threads finished 10.0 times sooner than processes (4.0\u00a0ms against 40.0\u00a0ms)." },
  { "python", 100000, 100000, 40, 100000, 50000, 0, TRUE, 0,
    "Processes finished 4.0 times sooner than threads: each thread waited for the interpreter lock, "
    "so the threads kept 0.5 cores busy and the processes 4.0.", 1, "python-gil" },
  { "python", 100000, 100000, 40, 100000, 100000, 0, FALSE, 0,
    "Processes and threads finished in about the same time (200.0\u00a0ms and 200.0\u00a0ms): the interpreter runs "
    "without a GIL, so its threads ran side by side as the processes did.", 2, "python-free-threaded" },
  { "python", 100000, 100000, 40, 100000, 100000, 0, FALSE, 0,
    "Processes and threads finished in about the same time (200.0\u00a0ms and 200.0\u00a0ms).", 1, "python-even" },
};

/* The verdict of a run of @kernel on @workers workers that gave these two
 * reports. */
static char *
verdict_of (const char *kernel,
            guint       workers,
            FbReport   *processes,
            FbReport   *threads)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;

  fb_workload_set_name (workload, "Case");
  fb_workload_set_kernel (workload, kernel);
  fb_workload_set_workers (workload, workers);
  run = fb_run_new (workload);
  fb_run_add_report (run, processes);
  fb_run_add_report (run, threads);

  return fb_run_dup_verdict (run);
}

/* Both modes ran in CPython: 3.11 with its GIL, or 3.13 without. */
static void
set_python (FbReport *processes,
            FbReport *threads,
            gboolean  gil_enabled)
{
  FbPythonInfo python = {
    .interpreter = (char *) "python3",
    .path = (char *) "/usr/bin/python3",
    .implementation = (char *) "cpython",
    .version = (char *) (gil_enabled ? "3.11.2" : "3.13.1"),
    .gil_enabled = gil_enabled,
  };

  fb_report_set_python (processes, &python);
  fb_report_set_python (threads, &python);
}

static void
test_verdict (gconstpointer data)
{
  const VerdictCase *c = data;
  g_autoptr(FbReport) processes = NULL;
  g_autoptr(FbReport) threads = NULL;
  g_autofree char *verdict = NULL;

  processes = fake_report (FB_POOL_PROCESSES, 4, 8, c->p_run, c->p_cpu, c->p_ipc, c->n_failed);
  /* Serialized threads run one at a time, as if on one worker. */
  threads = fake_report (FB_POOL_THREADS, c->threads_serialized ? 1 : 4, 8, c->t_run, c->t_cpu, c->t_ipc,
                         c->n_failed);
  threads->workers = 4;
  if (c->python > 0)
    set_python (processes, threads, c->python == 1);

  verdict = verdict_of (c->kernel, 4, processes, threads);
  g_assert_cmpstr (verdict, ==, c->verdict);
}

/* Python threads that kept almost no core busy lost their time handing
 * tasks out, not waiting for the lock while the function ran. */
static void
test_verdict_python_tiny (void)
{
  g_autoptr(FbReport) processes = fake_report (FB_POOL_PROCESSES, 4, 8, 300, 5, 40, 0);
  g_autoptr(FbReport) threads = fake_report (FB_POOL_THREADS, 4, 8, 1200, 5, 0, 0);
  g_autofree char *verdict = NULL;

  set_python (processes, threads, TRUE);
  verdict = verdict_of ("python", 4, processes, threads);
  g_assert_cmpstr (verdict, ==,
                   "Processes finished 4.0 times sooner than threads (600\u00a0µs against 2.4\u00a0ms), but the "
                   "threads kept only 0.02 cores busy, a task running for about 300\u00a0µs: the time went to "
                   "handing tasks out, which their one interpreter does a task at a time, under its lock. A "
                   "larger chunk size shares that cost among more tasks.");

  /* Had the function kept a core busy, the lock would be the lesson. */
  threads->cores_busy = 0.9;
  processes->cores_busy = 3.6;
  g_clear_pointer (&verdict, g_free);
  verdict = verdict_of ("python", 4, processes, threads);
  g_assert_true (g_str_has_prefix (verdict, "Processes finished 4.0 times sooner than threads: each thread waited "
                                            "for the interpreter lock"));
}

/* A task or two per worker: starting the processes is what the threads
 * saved, and a larger chunk size would change nothing. */
static void
test_verdict_start_up (void)
{
  g_autoptr(FbReport) processes = fake_report (FB_POOL_PROCESSES, 4, 4, 40, 2, 40, 0);
  g_autoptr(FbReport) threads = fake_report (FB_POOL_THREADS, 4, 4, 4, 2, 0, 0);
  g_autoptr(FbReport) more = fake_report (FB_POOL_PROCESSES, 4, 8, 40, 2, 40, 0);
  g_autofree char *verdict = NULL;

  verdict = verdict_of ("print", 4, processes, threads);
  g_assert_cmpstr (verdict, ==,
                   "Threads finished 10.0 times sooner than processes: each task runs for about 40\u00a0µs, and "
                   "with no more tasks than workers, the processes' time went mostly to starting them, which "
                   "takes far longer than starting a thread.");

  /* With more tasks than workers, handing them out is the cost. */
  g_clear_pointer (&verdict, g_free);
  verdict = verdict_of ("print", 4, more, threads);
  g_assert_true (g_str_has_suffix (verdict, "a larger chunk size shares that cost among more tasks."));
}

/* A run stopped part way says what finished, and compares nothing. */
static void
test_verdict_stopped (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) both = NULL;
  g_autoptr(FbRun) first = NULL;
  g_autoptr(FbReport) processes = fake_report (FB_POOL_PROCESSES, 4, 8, 100000, 100000, 40, 0);
  g_autoptr(FbReport) threads = fake_report (FB_POOL_THREADS, 4, 3, 100000, 100000, 0, 0);
  g_autoptr(FbReport) none = fake_report (FB_POOL_PROCESSES, 4, 0, 100000, 100000, 40, 0);
  g_autofree char *verdict = NULL;
  g_autofree char *nothing = NULL;

  fb_workload_set_name (workload, "Case");
  fb_workload_set_kernel (workload, "spin");
  fb_workload_set_workers (workload, 4);

  threads->tasks_total = 8;
  threads->interrupted = TRUE;
  both = fb_run_new (workload);
  fb_run_add_report (both, processes);
  fb_run_add_report (both, threads);
  verdict = fb_run_dup_verdict (both);
  g_assert_cmpstr (verdict, ==, "Processes ran 8 tasks in 200.0\u00a0ms on 4 workers: 4.0 times as fast as one worker "
                   "would be (estimated from the tasks' own times). The threads were stopped after 3 tasks of 8.");

  none->tasks_total = 8;
  none->interrupted = TRUE;
  first = fb_run_new (workload);
  fb_run_add_report (first, none);
  nothing = fb_run_dup_verdict (first);
  g_assert_cmpstr (nothing, ==, "The processes were stopped before any task finished.");
}

/* More workers than cores: CPU-bound tasks take turns on the cores, each
 * on one for only part of its time, and did not wait for anything else. */
static void
test_verdict_oversubscribed (void)
{
  guint workers = 2 * g_get_num_processors ();
  /* Each task on a CPU for 40 % of its 100 ms: most of the half a core it could get. */
  g_autoptr(FbReport) processes = fake_report (FB_POOL_PROCESSES, workers, 2 * workers, 100000, 40000, 40, 0);
  g_autoptr(FbReport) threads = fake_report (FB_POOL_THREADS, workers, 2 * workers, 100000, 40000, 0, 0);
  g_autofree char *verdict = verdict_of ("spin", workers, processes, threads);

  g_assert_cmpstr (verdict, ==, "Processes and threads finished in about the same time (200.0\u00a0ms and "
                   "200.0\u00a0ms): with no interpreter lock and little data to send, both ran side by side.");
}

/* A task that hangs until its timeout is told apart from the others, whose
 * times it would otherwise swamp. */
static void
test_verdict_timeout (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  g_autoptr(FbReport) processes = fake_report (FB_POOL_PROCESSES, 2, 6, 1000, 1000, 40, 0);
  FbTaskRecord *hung = g_ptr_array_index (processes->records, 2);
  g_autofree char *verdict = NULL;

  fb_workload_set_name (workload, "Case");
  fb_workload_set_kernel (workload, "fault");
  fb_workload_set_workers (workload, 2);
  fb_workload_set_mode (workload, FB_RUN_MODE_PROCESSES);

  hung->finished_us = hung->started_us + 2000000;
  hung->status = FB_TASK_FAILED;
  fb_task_record_take_error (hung, g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT, "timed out"));
  processes->tasks_ok--;
  processes->tasks_failed++;
  processes->wall_s = 2.002;

  run = fb_run_new (workload);
  fb_run_add_report (run, processes);
  verdict = fb_run_dup_verdict (run);
  g_assert_cmpstr (verdict, ==, "Processes ran 6 tasks in 2.00\u00a0s on 2 workers: 1 task ran until its timeout "
                   "stopped it, after 2.00\u00a0s, and the others ran for about 1.0\u00a0ms each. 1 of 6 tasks failed.");
}

/* A sweep whose steps had failures says so beside its speedups. */
static void
test_verdict_sweep_failures (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  g_autofree char *verdict = NULL;

  fb_workload_set_name (workload, "Case");
  fb_workload_set_kernel (workload, "fault");
  run = fb_run_new_sweep (workload, 2);
  for (guint w = 1; w <= 2; w++)
    {
      g_autoptr(FbReport) processes = fake_report (FB_POOL_PROCESSES, w, 8, 100000, 100000, 40, 1);
      g_autoptr(FbReport) threads = fake_report (FB_POOL_THREADS, w, 8, 100000, 100000, 0, w - 1);

      fb_run_add_report (run, processes);
      fb_run_add_report (run, threads);
    }

  verdict = fb_run_dup_verdict (run);
  g_assert_true (g_str_has_suffix (verdict, " 3 tasks failed over the sweep's steps (2 in processes, 1 in threads)."));
}

/* A sweep whose steps are over in microseconds makes no claim of speedup. */
static void
test_verdict_sweep_too_short (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *scaling = NULL;

  fb_workload_set_name (workload, "Case");
  fb_workload_set_kernel (workload, "square");
  run = fb_run_new_sweep (workload, 2);
  for (guint w = 1; w <= 2; w++)
    {
      /* 8 tasks of 20 µs on one worker, of 5 µs on two: "4 times" as fast. */
      g_autoptr(FbReport) threads = fake_report (FB_POOL_THREADS, w, 8, w == 1 ? 20 : 5, 5, 0, 0);

      fb_run_add_report (run, threads);
    }

  verdict = fb_run_dup_verdict (run);
  g_assert_cmpstr (verdict, ==, "Every step of the threads took under 10\u00a0ms, too short for a speedup to say much: "
                   "give the workload more tasks, or longer ones.");
  scaling = fb_run_dup_scaling (run, FB_POOL_THREADS);
  g_assert_null (scaling);
}

static void
test_verdict_crash (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Crash\", \"kernel\": \"fault\", \"params\": {\"task\": 1}, "
          "\"tasks\": 4, \"workers\": 2}");
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autofree char *verdict = NULL;
  Wait wait = { 0 };

  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);

  g_assert_cmpuint (fb_run_get_report (run, FB_POOL_PROCESSES, 0)->tasks_failed, ==, 1);
  g_assert_cmpuint (fb_run_get_report (run, FB_POOL_PROCESSES, 0)->respawns, ==, 1);
  g_assert_cmpuint (fb_run_get_report (run, FB_POOL_THREADS, 0)->tasks_failed, ==, 1);

  verdict = fb_run_dup_verdict (run);
  g_assert_true (g_str_has_prefix (verdict, "In both modes, 1 task failed: in processes, each crash ended only "
                                            "its own worker, which the pool replaced"));
}

/* Counts agree in number: a count of one reads in the singular, in the
 * sentences of one mode and in those of a sweep. */
static void
test_verdict_counts_of_one (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  g_autoptr(FbRun) sweep = NULL;
  g_autoptr(FbReport) only = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *best = NULL;

  fb_workload_set_name (workload, "One");
  fb_workload_set_kernel (workload, "square");
  fb_workload_set_mode (workload, FB_RUN_MODE_THREADS);
  fb_workload_set_workers (workload, 1);

  run = fb_run_new (workload);
  only = fake_report (FB_POOL_THREADS, 1, 1, 2000, 2000, 0, 1);
  fb_run_add_report (run, only);
  verdict = fb_run_dup_verdict (run);
  g_assert_true (g_str_has_prefix (verdict, "Threads ran 1 task in "));
  g_assert_nonnull (strstr (verdict, " on 1 worker: one worker ran the tasks one after another."));
  g_assert_true (g_str_has_suffix (verdict, " 1 of 1 task failed."));

  /* One worker was the fastest: adding workers only slowed the run. */
  sweep = fb_run_new_sweep (workload, 2);
  for (guint w = 1; w <= 2; w++)
    {
      g_autoptr(FbReport) report = fake_report (FB_POOL_THREADS, w, 4, 10000, 10000, 0, 0);

      report->speedup = w == 1 ? 1.0 : 0.5;
      report->efficiency = report->speedup / w;
      report->speedup_measured = TRUE;
      fb_run_add_report (sweep, report);
    }
  best = fb_run_dup_verdict (sweep);
  g_assert_cmpstr (best, ==, "Threads reached a speedup of 1.00 with 1 worker (efficiency 1.00).");
}

static void
test_sweep_measures (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Sleep\", \"kernel\": \"sleep\", \"params\": {\"ms\": 30}, "
          "\"tasks\": 6, \"mode\": \"threads\"}");
  g_autoptr(FbRun) run = fb_run_new_sweep (workload, 3);
  Wait wait = { 0 };
  GPtrArray *reports;

  g_assert_true (fb_run_is_sweep (run));
  g_assert_cmpuint (fb_run_get_n_steps (run), ==, 3);
  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);

  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      FbReport *report = g_ptr_array_index (reports, i);
      FbReport *one = g_ptr_array_index (reports, 0);

      g_assert_cmpint (report->kind, ==, FB_POOL_THREADS);
      g_assert_cmpuint (report->workers, ==, i + 1);
      g_assert_true (report->speedup_measured);
      /* Measured means: one worker's wall time over this one's. */
      g_assert_cmpfloat_with_epsilon (report->speedup, one->wall_s / report->wall_s, 1e-9);
      g_assert_cmpfloat_with_epsilon (report->efficiency, report->speedup / report->workers, 1e-9);
    }
}

/* Past the machine's cores, the fit reads sharing as serial work, and the
 * sentence says so; within them it does not. */
static void
test_scaling_beyond_cores (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Spin\", \"kernel\": \"spin\", \"params\": {\"ms\": 10}, "
          "\"tasks\": 8, \"mode\": \"processes\"}");
  static const double speedups[] = { 1.0, 1.9, 1.9, 1.95 };
  struct {
    guint        cores;
    gboolean     caveat;
  } cases[] = { { 2, TRUE }, { 8, FALSE } };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(FbRun) run = fb_run_new_sweep (workload, 4);
      g_autoptr(FbMachine) machine = fb_machine_new_from_files ("/nonexistent", "/nonexistent", "6.1",
                                                                cases[c].cores);
      g_autofree char *sentence = NULL;
      g_autofree char *cores = g_strdup_printf ("This machine has %u logical cores", cases[c].cores);

      fb_run_set_machine (run, machine);
      for (guint w = 1; w <= 4; w++)
        {
          g_autoptr(FbReport) report = fake_report (FB_POOL_PROCESSES, w, 8, 10000, 10000, 0, 0);

          report->speedup = speedups[w - 1];
          report->speedup_measured = TRUE;
          fb_run_add_report (run, report);
        }

      sentence = fb_run_dup_scaling (run, FB_POOL_PROCESSES);
      g_assert_nonnull (sentence);
      g_assert_nonnull (strstr (sentence, "of the work ran serially"));
      g_assert_true ((strstr (sentence, cores) != NULL) == cases[c].caveat);

      /* Threads did not run: nothing to say. */
      g_assert_null (fb_run_dup_scaling (run, FB_POOL_THREADS));
    }
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_keeps_partial (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Long\", \"kernel\": \"sleep\", \"params\": {\"ms\": 50}, "
          "\"tasks\": 200, \"workers\": 2, \"mode\": \"both\"}");
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) json = NULL;
  Wait wait = { 0 };
  FbReport *report;

  g_timeout_add (400, cancel_cb, cancellable);
  run_to_end (run, cancellable, &wait);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);

  /* The step that was running keeps what finished; the next never ran. */
  g_assert_cmpuint (fb_run_get_reports (run)->len, ==, 1);
  report = g_ptr_array_index (fb_run_get_reports (run), 0);
  g_assert_true (report->interrupted);
  g_assert_cmpuint (report->tasks_ok, >, 0);
  g_assert_cmpuint (report->tasks_ok, <, 200);
  g_assert_cmpuint (report->records->len, ==, report->tasks_ok);

  json = fb_run_to_json (run, FB_REPORT_JSON_DEFAULT);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "interrupted"));
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

static void
test_bad_workload_runs_nothing (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  Wait wait = { 0 };

  fb_workload_set_name (workload, "Bad");
  fb_workload_set_kernel (workload, "spin");
  fb_workload_set_params (workload, g_variant_new_parsed ("{'ms': <int64 -5>}"));
  run = fb_run_new (workload);

  run_to_end (run, NULL, &wait);
  g_assert_error (wait.error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM);
  g_clear_error (&wait.error);
  g_assert_cmpuint (fb_run_get_reports (run)->len, ==, 0);
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

static FbWorkload *
memory_workload (gint64 mb,
                 guint  tasks,
                 guint  workers)
{
  FbWorkload *workload = fb_workload_new ();

  fb_workload_set_name (workload, "Memory");
  fb_workload_set_kernel (workload, "memory");
  fb_workload_set_params (workload, g_variant_new_parsed ("{'mb': <int64 %x>, 'passes': <int64 1>}", mb));
  fb_workload_set_tasks (workload, tasks);
  fb_workload_set_workers (workload, workers);
  fb_workload_set_mode (workload, FB_RUN_MODE_PROCESSES);
  return workload;
}

/* A run whose tasks would hold more than the machine's memory at once is
 * refused before any worker starts; one that fits runs. */
static void
test_too_big_runs_nothing (void)
{
  g_autoptr(FbWorkload) huge = memory_workload (1024, 1024, 1024);
  /* On 2 workers it fits; swept up to 1024, it does not. */
  g_autoptr(FbWorkload) huge_sweep = memory_workload (1024, 1024, 2);
  g_autoptr(FbWorkload) small = memory_workload (1, 2, 2);
  FbRun *refused[] = { fb_run_new (huge), fb_run_new_sweep (huge_sweep, 1024) };
  g_autoptr(FbRun) fits = fb_run_new (small);
  Wait wait = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(FbRun) run = refused[i];

      run_to_end (run, NULL, &wait);
      g_assert_false (wait.ok);
      g_assert_error (wait.error, FB_RUN_ERROR, FB_RUN_ERROR_TOO_BIG);
      g_assert_true (g_str_has_prefix (wait.error->message, "This run would hold 1.0"));
      g_assert_nonnull (strstr (wait.error->message, "TiB at once (1024 tasks of 1.0"));
      g_assert_nonnull (strstr (wait.error->message, "nothing ran"));
      g_clear_error (&wait.error);
      g_assert_cmpuint (fb_run_get_reports (run)->len, ==, 0);
      g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
    }

  run_to_end (fits, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  g_assert_cmpuint (((FbReport *) g_ptr_array_index (fb_run_get_reports (fits), 0))->tasks_ok, ==, 2);
}

static char *
to_string (FbRun             *run,
           FbReportJsonFlags  flags)
{
  g_autoptr(JsonNode) node = fb_run_to_json (run, flags);

  return json_to_string (node, TRUE);
}

static FbRun *
read_back (const char  *data,
           GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_true (json_parser_load_from_data (parser, data, -1, NULL));
  return fb_run_new_from_json (json_parser_get_root (parser), "saved.json", error);
}

static void
assert_same_records (FbReport *a,
                     FbReport *b)
{
  g_assert_cmpuint (a->records->len, ==, b->records->len);
  for (guint i = 0; i < a->records->len; i++)
    {
      FbTaskRecord *x = g_ptr_array_index (a->records, i);
      FbTaskRecord *y = g_ptr_array_index (b->records, i);

      g_assert_cmpuint (x->index, ==, y->index);
      g_assert_cmpint (x->input, ==, y->input);
      g_assert_cmpint (x->status, ==, y->status);
      g_assert_cmpint (x->value, ==, y->value);
      g_assert_cmpint (x->queued_us, ==, y->queued_us);
      g_assert_cmpint (x->started_us, ==, y->started_us);
      g_assert_cmpint (x->finished_us, ==, y->finished_us);
      g_assert_cmpint (x->cpu_us, ==, y->cpu_us);
      g_assert_cmpint (x->worker_pid, ==, y->worker_pid);
      g_assert_cmpint (x->worker_tid, ==, y->worker_tid);
      g_assert_cmpuint (x->worker_slot, ==, y->worker_slot);
      g_assert_cmpint (x->cpu, ==, y->cpu);
      g_assert_cmpuint (x->ipc_bytes, ==, y->ipc_bytes);
      g_assert_cmpstr (fb_task_record_get_output (x), ==, fb_task_record_get_output (y));
      g_assert_cmpstr (fb_task_record_get_error (x) ? fb_task_record_get_error (x)->message : NULL, ==, fb_task_record_get_error (y) ? fb_task_record_get_error (y)->message : NULL);
    }
}

/* A run saved with its records reads back as the same run: the same
 * figures, records, verdict, JSON and CSV, crash and printed output
 * included. */
static void
test_read_back (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Crash\", \"kernel\": \"fault\", \"params\": {\"task\": 2}, "
          "\"tasks\": 6, \"workers\": 2}");
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(FbRun) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *json = NULL, *json_back = NULL;
  g_autofree char *csv = NULL, *csv_back = NULL;
  g_autofree char *verdict = NULL, *verdict_back = NULL;
  Wait wait = { 0 };

  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);

  saved = to_string (run, FB_REPORT_JSON_RECORDS);
  back = read_back (saved, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_false (fb_run_is_sweep (back));
  g_assert_true (fb_workload_equal (fb_run_get_workload (run), fb_run_get_workload (back)));
  g_assert_cmpstr (fb_machine_get_cpu_model (fb_run_get_machine (run)), ==,
                   fb_machine_get_cpu_model (fb_run_get_machine (back)));
  g_assert_cmpuint (fb_machine_get_n_logical_cores (fb_run_get_machine (run)), ==,
                    fb_machine_get_n_logical_cores (fb_run_get_machine (back)));
  g_assert_cmpuint (fb_run_get_reports (back)->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    assert_same_records (g_ptr_array_index (fb_run_get_reports (run), i),
                         g_ptr_array_index (fb_run_get_reports (back), i));
  g_assert_cmpuint (fb_run_get_report (back, FB_POOL_PROCESSES, 0)->tasks_failed, ==, 1);
  g_assert_cmpuint (fb_run_get_report (back, FB_POOL_PROCESSES, 0)->respawns, ==, 1);

  json = to_string (run, FB_REPORT_JSON_RESULTS);
  json_back = to_string (back, FB_REPORT_JSON_RESULTS);
  g_assert_cmpstr (json, ==, json_back);
  csv = fb_run_to_csv (run, TRUE);
  csv_back = fb_run_to_csv (back, TRUE);
  g_assert_cmpstr (csv, ==, csv_back);
  verdict = fb_run_dup_verdict (run);
  verdict_back = fb_run_dup_verdict (back);
  g_assert_cmpstr (verdict, ==, verdict_back);
}

/* Saved without records, a run keeps its figures and which task failed
 * and why, and a sweep stays a sweep with the same fit. */
static void
test_read_back_sweep (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Sleep\", \"kernel\": \"sleep\", \"params\": {\"ms\": 20}, "
          "\"tasks\": 4}");
  g_autoptr(FbRun) run = fb_run_new_sweep (workload, 2);
  g_autoptr(FbRun) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  Wait wait = { 0 };

  run_to_end (run, NULL, &wait);
  g_assert_no_error (wait.error);

  saved = to_string (run, FB_REPORT_JSON_DEFAULT);
  back = read_back (saved, &error);
  g_assert_no_error (error);

  g_assert_true (fb_run_is_sweep (back));
  g_assert_cmpuint (fb_run_get_reports (back)->len, ==, 4);
  g_assert_cmpuint (fb_run_get_report (back, FB_POOL_THREADS, 2)->records->len, ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) a = fb_report_to_json (g_ptr_array_index (fb_run_get_reports (run), i), 0);
      g_autoptr(JsonNode) b = fb_report_to_json (g_ptr_array_index (fb_run_get_reports (back), i), 0);

      g_assert_true (json_node_equal (a, b));
    }

  /* The fit reads the saved (rounded) wall times. */
  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    {
      double f, f_back;

      g_assert_true (fb_run_fit_amdahl (run, kind, &f, NULL, NULL));
      g_assert_true (fb_run_fit_amdahl (back, kind, &f_back, NULL, NULL));
      g_assert_cmpfloat_with_epsilon (f, f_back, 1e-4);
    }
}

typedef struct
{
  const char *name;
  const char *json;
  const char *message;
} BadRun;

#define WORKLOAD "\"workload\": {\"forkbench\": 1, \"name\": \"S\", \"kernel\": \"square\", \"tasks\": 2}, \"machine\": {}"
#define REPORT(x) "{\"mode\": \"threads\", \"workers\": 2, \"chunksize\": 1, \"tasks\": 2, " \
                  "\"tasks_ok\": 1, \"tasks_failed\": 1, \"interrupted\": false, \"wall_s\": 0.5, " \
                  "\"throughput_tps\": 4, \"speedup\": 1, \"speedup_measured\": false, \"efficiency\": 0.5, " \
                  "\"latency_us\": {\"p50\": 1, \"p95\": 2, \"p99\": 3}, \"cpu_s\": 0.1, \"cores_busy\": 0.2, " \
                  "\"cpu_per_core\": null, \"peak_rss_bytes\": null, \"ipc_bytes\": 0, \"respawns\": 0" x "}"
#define FAILURES ", \"failures\": [{\"task\": 1, \"error\": \"boom\"}]"

static const BadRun bad_runs[] = {
  { "array", "[1, 2]", "saved.json: not a Forkbench run: expected a JSON object" },
  { "workload-file", "{\"forkbench\": 1, \"name\": \"S\", \"kernel\": \"square\"}",
    "saved.json: not a Forkbench run: it needs a \"workload\", a \"machine\" and \"runs\"" },
  { "bad-workload", "{\"workload\": {\"forkbench\": 1, \"name\": \"S\", \"kernel\": \"nope\"}, "
    "\"machine\": {}, \"runs\": []}", "saved.json: workload" },
  { "runs-object", "{" WORKLOAD ", \"runs\": {}}", "saved.json.runs: expected an array" },
  { "mode", "{" WORKLOAD ", \"runs\": [{\"mode\": \"fibers\"}]}",
    "saved.json: runs[0].mode: expected \"processes\" or \"threads\"" },
  { "workers", "{" WORKLOAD ", \"runs\": [{\"mode\": \"threads\", \"workers\": 0}]}",
    "saved.json: runs[0].workers: 0 is out of range" },
  { "wall-text", "{" WORKLOAD ", \"runs\": [" REPORT (FAILURES ", \"wall_s\": \"fast\"") "]}",
    "saved.json: runs[0].wall_s: expected a number" },
  { "ok-over-tasks", "{" WORKLOAD ", \"runs\": [" REPORT (FAILURES ", \"tasks_ok\": 3") "]}",
    "saved.json: runs[0].tasks_ok: 3 is out of range" },
  { "no-failures", "{" WORKLOAD ", \"runs\": [" REPORT ("") "]}",
    "saved.json: runs[0].failures: expected an array" },
  { "failure-no-error", "{" WORKLOAD ", \"runs\": [" REPORT (", \"failures\": [{\"task\": 1}]") "]}",
    "saved.json: runs[0].failures: each failure needs an \"error\" string" },
  { "record-short", "{" WORKLOAD ", \"runs\": [" REPORT (FAILURES ", \"records\": [[1, 2, \"ok\"]]") "]}",
    "saved.json: runs[0].records[0]: expected [task, input, status" },
  { "record-status", "{" WORKLOAD ", \"runs\": [" REPORT (FAILURES ", \"records\": "
    "[[0, 0, \"great\", 0, 1, 2, 3, 0, 0, 0, 0, 0, 0, null, null]]") "]}",
    "saved.json: runs[0].records[0]: expected [task, input, status" },
  { "core-over-one", "{" WORKLOAD ", \"runs\": [" REPORT (FAILURES ", \"cpu_per_core\": [0.5, 7]") "]}",
    "saved.json: runs[0].cpu_per_core: 7 is not between 0 and 1" },
};

static void
test_read_back_refuses (gconstpointer data)
{
  const BadRun *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRun) run = read_back (bad->json, &error);

  g_assert_null (run);
  g_assert_nonnull (error);
  g_assert_true (error->domain == FB_RUN_ERROR || error->domain == FB_WORKLOAD_ERROR);
  if (!g_str_has_prefix (error->message, bad->message))
    g_error ("expected \"%s…\", got \"%s\"", bad->message, error->message);
}

/* The smallest valid report reads back, with its failure as a record. */
static void
test_read_back_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRun) run = read_back ("{" WORKLOAD ", \"runs\": [" REPORT (FAILURES) "]}", &error);
  FbReport *report;
  FbTaskRecord *record;

  g_assert_no_error (error);
  report = fb_run_get_report (run, FB_POOL_THREADS, 0);
  g_assert_nonnull (report);
  g_assert_cmpfloat (report->wall_s, ==, 0.5);
  g_assert_cmpuint (report->records->len, ==, 1);
  record = g_ptr_array_index (report->records, 0);
  g_assert_cmpuint (record->index, ==, 1);
  g_assert_cmpint (record->status, ==, FB_TASK_FAILED);
  g_assert_error (fb_task_record_get_error (record), FB_RUN_ERROR, FB_RUN_ERROR_TASK_FAILED);
  g_assert_cmpstr (fb_task_record_get_error (record)->message, ==, "boom");
  g_assert_cmpuint (fb_machine_get_n_logical_cores (fb_run_get_machine (run)), ==, 1);
}

/* JSON kept as it came, such as a Python result: only strict JSON is kept,
 * and it is written out unchanged, where json-glib would wrap or cut it. */
static void
test_json_raw (void)
{
  static const char * const valid[] = {
    "0", "-0.5e+3", "1e22", "1E-10", "18446744073709551617", "\"a\\u0000b\"", "\"\\ud800\"",
    "[1, {\"a\": null}, true, false, \"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]", " {} ", "[]", "\"\u00e9\"",
  };
  static const char * const invalid[] = {
    "", " ", "0x10", "01", "-", "1.", ".5", "1e", "+1", "[1,]", "[1 2]", "{\"a\" 1}", "{\"a\": 1,}",
    "{'a': 1}", "{a: 1}", "/* c */ 1", "1 // c", "1 2", "tru", "nul", "NaN", "Infinity", "\"a",
    "\"\\x\"", "\"\\u12\"", "\"\t\"", "\"\xff\"", "[", "]", "{\"a\": [}",
  };
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(JsonNode) node = fb_json_raw_new (valid[i]);

      if (node == NULL)
        g_error ("%s was refused", valid[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(JsonNode) node = fb_json_raw_new (invalid[i]);

      if (node != NULL)
        g_error ("%s was taken for JSON", invalid[i]);
    }

  /* Nesting as deep as Python's json module writes, and no deeper. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (deep, ']');
  g_assert_null (fb_json_raw_new (deep->str));

  /* Written as it came, among json-glib's values, doubles as numbers. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "results");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, fb_json_raw_new ("18446744073709551617"));
  json_builder_add_value (builder, fb_json_raw_new ("[1e22, \"a\\u0000b\"]"));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "big");
  json_builder_add_double_value (builder, 1e22);
  json_builder_set_member_name (builder, "whole");
  json_builder_add_double_value (builder, 2);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, "\"q\"\\\n\001");
  json_builder_set_member_name (builder, "none");
  json_builder_begin_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  text = fb_format_json (root);
  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"results\" : [\n"
                   "    18446744073709551617,\n"
                   "    [1e22, \"a\\u0000b\"]\n"
                   "  ],\n"
                   "  \"big\" : 1e+22,\n"
                   "  \"whole\" : 2.0,\n"
                   "  \"text\" : \"\\\"q\\\"\\\\\\n\\u0001\",\n"
                   "  \"none\" : {}\n"
                   "}\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Run/both-modes", test_both_modes);
  g_test_add_func ("/Forkbench/Run/tasks-finished", test_tasks_finished);
  g_test_add_func ("/Forkbench/Run/interpreter-lock-serializes", test_interpreter_lock_serializes);
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/Run/verdict/%s",
                                               verdicts[i].name ? verdicts[i].name : verdicts[i].kernel);
      g_test_add_data_func (path, &verdicts[i], test_verdict);
    }
  g_test_add_func ("/Forkbench/Run/verdict-crash", test_verdict_crash);
  g_test_add_func ("/Forkbench/Run/verdict-python-tiny", test_verdict_python_tiny);
  g_test_add_func ("/Forkbench/Run/verdict-start-up", test_verdict_start_up);
  g_test_add_func ("/Forkbench/Run/verdict-stopped", test_verdict_stopped);
  g_test_add_func ("/Forkbench/Run/verdict-timeout", test_verdict_timeout);
  g_test_add_func ("/Forkbench/Run/verdict-oversubscribed", test_verdict_oversubscribed);
  g_test_add_func ("/Forkbench/Run/verdict-sweep-failures", test_verdict_sweep_failures);
  g_test_add_func ("/Forkbench/Run/verdict-sweep-too-short", test_verdict_sweep_too_short);
  g_test_add_func ("/Forkbench/Run/verdict-counts-of-one", test_verdict_counts_of_one);
  g_test_add_func ("/Forkbench/Run/sweep-measures", test_sweep_measures);
  g_test_add_func ("/Forkbench/Run/scaling-beyond-cores", test_scaling_beyond_cores);
  g_test_add_func ("/Forkbench/Run/cancel-keeps-partial", test_cancel_keeps_partial);
  g_test_add_func ("/Forkbench/Run/too-big-runs-nothing", test_too_big_runs_nothing);
  g_test_add_func ("/Forkbench/Run/bad-workload-runs-nothing", test_bad_workload_runs_nothing);
  g_test_add_func ("/Forkbench/Run/json-raw", test_json_raw);
  g_test_add_func ("/Forkbench/Run/read-back", test_read_back);
  g_test_add_func ("/Forkbench/Run/read-back-sweep", test_read_back_sweep);
  g_test_add_func ("/Forkbench/Run/read-back-minimal", test_read_back_minimal);
  for (guint i = 0; i < G_N_ELEMENTS (bad_runs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/Run/read-back-refuses/%s", bad_runs[i].name);
      g_test_add_data_func (path, &bad_runs[i], test_read_back_refuses);
    }

  return g_test_run ();
}
