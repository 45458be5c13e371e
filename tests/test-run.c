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
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = fb_run_execute_finish (FB_RUN (object), result, &wait->error);
  wait->done = TRUE;
}

static void
run_to_end (FbRun        *run,
            GCancellable *cancellable,
            Wait         *wait)
{
  fb_run_execute_async (run, cancellable, done_cb, wait);
  fb_test_wait (&wait->done);
}

static void
test_both_modes (void)
{
  g_autoptr(FbWorkload) workload =
    load ("{\"forkbench\": 1, \"name\": \"Squares\", \"kernel\": \"square\", "
          "\"inputs\": [3, 4, 5, 6, 6, 7, 87, 8, 8], \"workers\": 5}");
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
          record->error = g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED, "crashed");
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
} VerdictCase;

static const VerdictCase verdicts[] = {
  { "gil", 100000, 100000, 40, 100000, 100000, 0, TRUE, 0,
    "Processes finished 4.0 times sooner than threads: each thread waited for the interpreter lock, "
    "so the threads kept 1.0 cores busy and the processes 4.0." },
  { "echo", 20000, 5000, 8 << 20, 2000, 2000, 0, FALSE, 0,
    "Threads finished 10.0 times sooner than processes: every task's data (67.1\u00a0MB in all) had to be "
    "copied to another process and back, while threads share memory." },
  { "sleep", 250000, 10, 40, 250000, 10, 0, FALSE, 0,
    "Processes and threads finished in about the same time (500.0 ms and 500.0 ms): the tasks spent "
    "their time waiting, and both kinds of pool wait side by side." },
  { "square", 40, 2, 40, 2, 2, 0, FALSE, 0,
    "Threads finished 20.0 times sooner than processes: each task runs for about 40 µs, less than it "
    "takes to hand it to another process; a larger chunk size shares that cost among more tasks." },
  { "fault", 20000, 10, 40, 2000, 10, 0, FALSE, 1,
    "In both modes, 1 task failed: in processes, each crash ended only its own worker, which the pool "
    "replaced; in threads, the crash was reported instead, because a real one would have ended the whole "
    "program. Threads finished 10.0 times sooner than processes (4.0 ms against 40.0 ms)." },
};

static void
test_verdict (gconstpointer data)
{
  const VerdictCase *c = data;
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  g_autoptr(FbReport) processes = NULL;
  g_autoptr(FbReport) threads = NULL;
  g_autofree char *verdict = NULL;

  fb_workload_set_name (workload, "Case");
  fb_workload_set_kernel (workload, c->kernel);
  fb_workload_set_workers (workload, 4);
  run = fb_run_new (workload);

  processes = fake_report (FB_POOL_PROCESSES, 4, 8, c->p_run, c->p_cpu, c->p_ipc, c->n_failed);
  /* Serialized threads run one at a time, as if on one worker. */
  threads = fake_report (FB_POOL_THREADS, c->threads_serialized ? 1 : 4, 8, c->t_run, c->t_cpu, c->t_ipc,
                         c->n_failed);
  threads->workers = 4;
  fb_run_add_report (run, processes);
  fb_run_add_report (run, threads);

  verdict = fb_run_dup_verdict (run);
  g_assert_cmpstr (verdict, ==, c->verdict);
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

  json = fb_run_to_json (run, FALSE);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Run/both-modes", test_both_modes);
  g_test_add_func ("/Forkbench/Run/interpreter-lock-serializes", test_interpreter_lock_serializes);
  for (guint i = 0; i < G_N_ELEMENTS (verdicts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/Run/verdict/%s", verdicts[i].kernel);
      g_test_add_data_func (path, &verdicts[i], test_verdict);
    }
  g_test_add_func ("/Forkbench/Run/verdict-crash", test_verdict_crash);
  g_test_add_func ("/Forkbench/Run/sweep-measures", test_sweep_measures);
  g_test_add_func ("/Forkbench/Run/scaling-beyond-cores", test_scaling_beyond_cores);
  g_test_add_func ("/Forkbench/Run/cancel-keeps-partial", test_cancel_keeps_partial);
  g_test_add_func ("/Forkbench/Run/bad-workload-runs-nothing", test_bad_workload_runs_nothing);

  return g_test_run ();
}
