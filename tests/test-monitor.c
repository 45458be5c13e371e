/* test-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The measurement under every chart: recorded counters give known values,
 * odd counters give no garbage, the series keep what charts need within
 * bounded memory, and on this machine a busy core reads busy.
 */

#include "config.h"

#include <math.h>
#include <sched.h>
#include <string.h>

#include <libglib-testing/signal-logger.h>

#include "fb-monitor.h"
#include "fb-test-util.h"

static FbCpuCounters *
load_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "monitor", name, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  FbCpuCounters *counters;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  counters = fb_cpu_counters_parse_proc_stat (text, &error);
  g_assert_no_error (error);
  return counters;
}

#define assert_load(load, b, i) \
  G_STMT_START { \
    g_assert_cmpfloat_with_epsilon ((load).busy, (b), 1e-9); \
    g_assert_cmpfloat_with_epsilon ((load).idle, (i), 1e-9); \
  } G_STMT_END

static void
test_known_deltas (void)
{
  g_autoptr(FbCpuCounters) a = load_fixture ("stat-a");
  g_autoptr(FbCpuCounters) b = load_fixture ("stat-b");
  FbCpuLoad load;

  g_assert_cmpuint (a->n_cores, ==, 2);
  g_assert_cmpuint (a->cores[1].idle, ==, 4100);

  /* user +50, system +30, idle +20 */
  g_assert_true (fb_cpu_times_load (&a->cores[0], &b->cores[0], &load));
  assert_load (load, 0.8, 0.2);
  g_assert_cmpfloat (load.iowait, ==, 0);

  /* user +10, irq +5, softirq +5, idle +90: interrupts are busy time */
  g_assert_true (fb_cpu_times_load (&a->cores[1], &b->cores[1], &load));
  assert_load (load, 20.0 / 110, 90.0 / 110);

  g_assert_true (fb_cpu_times_load (&a->total, &b->total, &load));
  assert_load (load, 100.0 / 210, 110.0 / 210);
}

static void
test_unknowns (void)
{
  g_autoptr(FbCpuCounters) a = load_fixture ("stat-a");
  g_autoptr(FbCpuCounters) b = load_fixture ("stat-b");
  g_autoptr(FbCpuCounters) back = load_fixture ("stat-backwards");
  FbCpuTimes zero = { 0 };
  FbCpuLoad load;

  /* No time passed: nothing to say. */
  g_assert_false (fb_cpu_times_load (&a->cores[0], &a->cores[0], &load));
  g_assert_false (fb_cpu_load_is_known (&load));
  g_assert_cmpfloat (load.busy, ==, -1);

  /* A counter went backwards (a wrap, a reset): no garbage for that core,
   * the others are still right. */
  g_assert_false (fb_cpu_times_load (&b->cores[0], &back->cores[0], &load));
  g_assert_false (fb_cpu_load_is_known (&load));
  g_assert_true (fb_cpu_times_load (&b->cores[1], &back->cores[1], &load));
  assert_load (load, 20.0 / 90, 70.0 / 90);

  /* Offline before or after: its counters read zero. */
  g_assert_false (fb_cpu_times_load (&zero, &b->cores[0], &load));
  g_assert_false (fb_cpu_times_load (&b->cores[0], &zero, &load));
}

static void
test_parse_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "monitor", "stat-no-total", NULL);
  g_autofree char *text = NULL;

  g_file_get_contents (path, &text, NULL, NULL);
  g_assert_null (fb_cpu_counters_parse_proc_stat (text, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  g_assert_null (fb_cpu_counters_parse_proc_stat ("cpu 1 2 3 4\ncpu1024 1 2 3 4\n", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "Core 1024 is past the 1024 cores Forkbench reads");
}

/* A sampler fed from recorded counters, one file per reading. */
typedef struct
{
  const char * const *files;
  guint               next;
  gint64              time_us;
} Recording;

static FbCpuCounters *
read_recording (gpointer user_data)
{
  Recording *rec = user_data;
  FbCpuCounters *counters;

  if (rec->files[rec->next] == NULL)
    return NULL;

  counters = load_fixture (rec->files[rec->next++]);
  rec->time_us += 500000;
  counters->time_us = rec->time_us;
  return counters;
}

static void
test_sampler_recorded (void)
{
  static const char * const files[] = { "stat-a", "stat-b", "stat-backwards", "stat-offline", "stat-online", NULL };
  Recording rec = { files, 0, 1000000 };
  g_autoptr(FbCpuSampler) sampler = fb_cpu_sampler_new ();
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(FbCpuSample) baseline = NULL;
  FbCpuSample *sample = NULL;
  double t, value;

  fb_cpu_sampler_set_reader (sampler, read_recording, &rec, NULL);
  gt_signal_logger_connect (logger, sampler, "sample");

  /* The first reading is a baseline, not a value. */
  baseline = fb_cpu_sampler_sample_now (sampler);
  g_assert_null (baseline);
  gt_signal_logger_assert_no_emissions (logger);

  for (guint i = 1; i < 5; i++)
    {
      g_autoptr(FbCpuSample) returned = fb_cpu_sampler_sample_now (sampler);

      g_assert_nonnull (returned);
      gt_signal_logger_assert_emission_pop (logger, sampler, "sample", &sample);
      g_assert_true (sample == returned);
      g_assert_cmpint (sample->interval_us, ==, 500000);
      g_assert_cmpfloat_with_epsilon (sample->t, i * 0.5, 1e-9);

      switch (i)
        {
        case 1:
          g_assert_cmpuint (sample->n_cores, ==, 2);
          assert_load (sample->cores[0], 0.8, 0.2);
          break;
        case 2:
          g_assert_false (fb_cpu_load_is_known (&sample->cores[0]));
          g_assert_true (fb_cpu_load_is_known (&sample->cores[1]));
          break;
        case 3:
          /* cpu1 went offline: one core left, and it is right. */
          g_assert_cmpuint (sample->n_cores, ==, 1);
          assert_load (sample->cores[0], 80.0 / 140, 60.0 / 140);
          break;
        case 4:
          /* cpu1 came back: no baseline yet, so no value, not its counters since boot. */
          g_assert_cmpuint (sample->n_cores, ==, 2);
          g_assert_true (fb_cpu_load_is_known (&sample->cores[0]));
          g_assert_false (fb_cpu_load_is_known (&sample->cores[1]));
          break;
        default:
          g_assert_not_reached ();
        }
      fb_cpu_sample_unref (sample);
    }
  gt_signal_logger_assert_no_emissions (logger);

  /* The series hold the samples, the machine's total and each core's. */
  g_assert_cmpuint (fb_series_get_length (fb_cpu_sampler_get_series (sampler, -1)), ==, 4);
  g_assert_cmpuint (fb_cpu_sampler_get_n_cores (sampler), ==, 2);
  g_assert_true (fb_series_get (fb_cpu_sampler_get_series (sampler, 0), 0, &t, &value));
  g_assert_cmpfloat_with_epsilon (value, 0.8, 1e-9);
  g_assert_null (fb_cpu_sampler_get_series (sampler, 2));

  /* A recording that ends gives no sample, not a crash. */
  g_assert_null (fb_cpu_sampler_sample_now (sampler));
  g_clear_pointer (&logger, gt_signal_logger_free);
}

/* Stopped and started again, as the app's run page is when it is hidden
 * and shown: the series break where nothing was measured, and the next
 * sample covers only the time since the start. */
static void
test_sampler_pause (void)
{
  static const char * const files[] = { "stat-a", "stat-b", "stat-a", "stat-b", NULL };
  Recording rec = { files, 0, 1000000 };
  g_autoptr(FbCpuSampler) sampler = fb_cpu_sampler_new ();
  g_autoptr(FbCpuSample) baseline = NULL;
  g_autoptr(FbCpuSample) before = NULL;
  g_autoptr(FbCpuSample) after = NULL;
  FbSeries *total;
  double t, value;

  fb_cpu_sampler_set_reader (sampler, read_recording, &rec, NULL);
  baseline = fb_cpu_sampler_sample_now (sampler);
  before = fb_cpu_sampler_sample_now (sampler);
  g_assert_nonnull (before);

  fb_cpu_sampler_start (sampler);
  fb_cpu_sampler_stop (sampler);
  /* Twenty seconds pass unseen. */
  rec.time_us += 20 * G_USEC_PER_SEC;
  fb_cpu_sampler_start (sampler);
  fb_cpu_sampler_stop (sampler);

  total = fb_cpu_sampler_get_series (sampler, -1);
  g_assert_cmpuint (fb_series_get_length (total), ==, 2);
  g_assert_true (fb_series_get (total, 1, &t, &value));
  g_assert_cmpfloat (value, <, 0);
  g_assert_cmpfloat_with_epsilon (t, 21.0, 1e-9);
  g_assert_true (fb_series_get (fb_cpu_sampler_get_series (sampler, 0), 1, &t, &value));
  g_assert_cmpfloat (value, <, 0);

  /* The next sample is half a second from the start, not 20.5 s. */
  after = fb_cpu_sampler_sample_now (sampler);
  g_assert_nonnull (after);
  g_assert_cmpint (after->interval_us, ==, 500000);
  g_assert_cmpfloat_with_epsilon (after->t, 21.5, 1e-9);
}

static FbCpuCounters *
make_big (guint64 step)
{
  FbCpuCounters *counters = fb_cpu_counters_new (FB_CPU_MAX_CORES);

  counters->total = (FbCpuTimes) { step * 1024, 0, 0, step * 1024, 0, 0, 0 };
  for (guint i = 0; i < FB_CPU_MAX_CORES; i++)
    counters->cores[i] = (FbCpuTimes) { step * i, 0, 0, step * (FB_CPU_MAX_CORES - i), 0, 0, 0 };
  return counters;
}

static void
test_1024_cores (void)
{
  g_autoptr(FbCpuCounters) a = make_big (1);
  g_autoptr(FbCpuCounters) b = make_big (3);
  g_autoptr(GString) text = g_string_new ("cpu  10 0 0 10 0 0 0\n");
  g_autoptr(FbCpuCounters) parsed = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < FB_CPU_MAX_CORES; i++)
    {
      FbCpuLoad load;

      g_assert_true (fb_cpu_times_load (&a->cores[i], &b->cores[i], &load) || i == 0);
      if (i > 0)
        g_assert_cmpfloat_with_epsilon (load.busy, i / 1024.0, 1e-9);
    }

  for (guint i = 0; i < FB_CPU_MAX_CORES; i++)
    g_string_append_printf (text, "cpu%u %u 0 0 %u 0 0 0 0 0 0\n", i, i + 1, 1000 - (i % 1000));
  parsed = fb_cpu_counters_parse_proc_stat (text->str, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->n_cores, ==, 1024);
  g_assert_cmpuint (parsed->cores[1023].user, ==, 1024);
}

static void
test_series (void)
{
  g_autoptr(FbSeries) series = fb_series_new (5);
  double min[4], max[4], t, v;

  g_assert_cmpuint (fb_series_get_capacity (series), ==, 5);
  g_assert_false (fb_series_get_last (series, &t, &v));

  /* Bounded: the newest replace the oldest, in order. */
  for (guint i = 0; i < 12; i++)
    fb_series_push (series, i, i * 10);
  g_assert_cmpuint (fb_series_get_length (series), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (fb_series_get (series, i, &t, &v));
      g_assert_cmpfloat (t, ==, 7 + i);
      g_assert_cmpfloat (v, ==, (7 + i) * 10);
    }
  g_assert_false (fb_series_get (series, 5, &t, &v));
  g_assert_true (fb_series_get_last (series, &t, &v));
  g_assert_cmpfloat (v, ==, 110);

  /* Downsampling keeps each column's min and max; empty columns are NAN. */
  fb_series_clear (series);
  fb_series_push (series, 0.1, 5);
  fb_series_push (series, 0.2, -3);
  fb_series_push (series, 0.4, 9);
  fb_series_push (series, 3.9, 1);
  fb_series_push (series, 7.0, 100);  /* outside the span */
  g_assert_cmpuint (fb_series_downsample (series, 0, 4, 4, min, max), ==, 2);
  g_assert_cmpfloat (min[0], ==, -3);
  g_assert_cmpfloat (max[0], ==, 9);
  g_assert_true (isnan (min[1]) && isnan (max[1]));
  g_assert_true (isnan (min[2]));
  g_assert_cmpfloat (min[3], ==, 1);
  g_assert_cmpfloat (max[3], ==, 1);

  /* A span with no width draws nothing. */
  g_assert_cmpuint (fb_series_downsample (series, 2, 2, 4, min, max), ==, 0);
}

/* Live, on this machine. */

typedef struct
{
  gint stop;
} Spinner;

static gpointer
spin_on_cpu0 (gpointer data)
{
  Spinner *spinner = data;
  cpu_set_t set;
  volatile guint64 x = 0;

  CPU_ZERO (&set);
  CPU_SET (0, &set);
  g_assert_cmpint (sched_setaffinity (0, sizeof set, &set), ==, 0);

  while (!g_atomic_int_get (&spinner->stop))
    x++;

  return NULL;
}

static void
sample_cb (FbCpuSampler *sampler,
           FbCpuSample  *sample,
           GPtrArray    *samples)
{
  g_ptr_array_add (samples, fb_cpu_sample_ref (sample));
}

/* How many cores' worth other programs keep busy, over a quarter of a
 * second: the live tests read the whole machine, and on a shared machine
 * a reading that is off may be someone else's work, not a bug. */
static double
others_load (void)
{
  g_autoptr(FbCpuCounters) before = fb_cpu_read_system_counters ();
  g_autoptr(FbCpuCounters) after = NULL;
  FbCpuLoad load;

  g_usleep (250000);
  after = fb_cpu_read_system_counters ();
  if (before == NULL || after == NULL || !fb_cpu_times_load (&before->total, &after->total, &load))
    return 0;
  return load.busy * after->n_cores;
}

/* Fails the test unless @ok, or skips it when other programs are busy
 * enough to explain the reading. */
#define assert_live(ok, what) \
  G_STMT_START { \
    if (!(ok)) \
      { \
        double others = others_load (); \
        if (others > 0.3) \
          { \
            g_test_skip_printf ("%s, but other programs use %.0f %% of a core: " \
                                "the machine is too busy to check live readings", \
                                what, others * 100); \
            return; \
          } \
        g_assert_true (ok); \
      } \
  } G_STMT_END

static void
test_live_pinned_spinner (void)
{
  g_autoptr(FbCpuSampler) sampler = fb_cpu_sampler_new ();
  g_autoptr(GPtrArray) samples = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_cpu_sample_unref);
  Spinner spinner = { 0 };
  GThread *thread;
  FbCpuSample *second;
  double other_min = 1;

  if (g_get_num_processors () < 2)
    {
      g_test_skip ("needs two cores");
      return;
    }

  thread = g_thread_new ("spinner", spin_on_cpu0, &spinner);
  g_usleep (20000);

  fb_cpu_sampler_set_interval (sampler, 200);
  g_signal_connect (sampler, "sample", G_CALLBACK (sample_cb), samples);
  fb_cpu_sampler_start (sampler);
  while (samples->len < 4)
    g_main_context_iteration (NULL, TRUE);
  fb_cpu_sampler_stop (sampler);

  g_atomic_int_set (&spinner.stop, 1);
  g_thread_join (thread);

  /* Within two samples, core 0 reads busy... */
  second = g_ptr_array_index (samples, 1);
  g_assert_cmpfloat (second->cores[0].busy, >, 0.8);
  g_assert_cmpfloat (second->total.busy, >, 0.4);

  /* ...and the other core, which nothing of ours uses, reads well below
   * it: at least once, as other programs on the machine may use it too. */
  for (guint i = 0; i < samples->len; i++)
    {
      FbCpuSample *sample = g_ptr_array_index (samples, i);

      g_assert_cmpfloat (sample->cores[0].busy, >, 0.8);
      other_min = MIN (other_min, sample->cores[1].busy);
    }
  assert_live (other_min < 0.5, "the core nothing of ours used read busy");
}

/* Runs @workload to its end under a monitor. */
static FbRun *
run_monitored (FbWorkload    *workload,
               FbRunMonitor **monitor_out,
               double        *others_out)
{
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(FbRunMonitor) monitor = NULL;

  monitor = fb_run_monitor_new (run, NULL);
  if (others_out != NULL)
    *others_out = fb_test_execute_run_measured (run);
  else
    fb_test_execute_run (run);

  if (monitor_out != NULL)
    *monitor_out = g_steal_pointer (&monitor);
  return g_steal_pointer (&run);
}

static FbRun *
run_preset (const char    *id,
            FbRunMode      mode,
            guint          workers,
            FbRunMonitor **monitor_out,
            double        *others_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = fb_workload_new_from_preset (id, &error);

  g_assert_no_error (error);
  fb_workload_set_mode (workload, mode);
  fb_workload_set_workers (workload, workers);
  return run_monitored (workload, monitor_out, others_out);
}

/* A step of some 50 ms: the cores' counters, which tick every 10 ms, moved
 * a few times each, too few to say how busy a core was, and no figure is
 * made up from them. */
static void
test_live_short_step (void)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = NULL;
  FbReport *report;

  fb_workload_set_kernel (workload, "sleep");
  fb_workload_set_params (workload, g_variant_new_parsed ("{'ms': <int64 25>}"));
  fb_workload_set_tasks (workload, 4);
  fb_workload_set_workers (workload, 2);
  fb_workload_set_mode (workload, FB_RUN_MODE_THREADS);
  run = run_monitored (workload, NULL, NULL);
  report = fb_run_get_report (run, FB_POOL_THREADS, 2);

  if (report->wall_s >= 0.15)
    {
      g_test_skip ("Four sleeps of 25 ms on two threads took 0.15 s or more here: the step is not a short one");
      return;
    }
  g_assert_nonnull (report->cpu_per_core);
  g_assert_cmpuint (report->cpu_per_core->len, ==, g_get_num_processors ());
  for (guint i = 0; i < report->cpu_per_core->len; i++)
    g_assert_true (isnan (g_array_index (report->cpu_per_core, double, i)));
  g_assert_false (fb_report_has_per_core (report));
}

static void
test_live_cpu_bound (void)
{
  g_autoptr(FbRun) run = NULL;
  g_autoptr(FbRunMonitor) monitor = NULL;
  FbReport *report;
  GArray *workers;

  if (g_get_num_processors () != 2)
    {
      g_test_skip ("written for a machine of two cores");
      return;
    }

  /* Two process workers of CPU-bound work keep both cores mostly busy. */
  run = run_preset ("cpu-bound", FB_RUN_MODE_PROCESSES, 2, &monitor, NULL);
  report = fb_run_get_report (run, FB_POOL_PROCESSES, 2);
  g_assert_nonnull (report->cpu_per_core);
  g_assert_cmpuint (report->cpu_per_core->len, ==, 2);
  g_assert_cmpfloat (g_array_index (report->cpu_per_core, double, 0), >, 0.6);
  g_assert_cmpfloat (g_array_index (report->cpu_per_core, double, 1), >, 0.6);
  g_assert_true (fb_report_has_per_core (report));
  g_assert_cmpuint (report->peak_rss_bytes, >, 0);

  /* Each worker process, as the step ended: its CPU time, memory and core. */
  workers = fb_run_monitor_get_workers (monitor);
  g_assert_cmpuint (workers->len, ==, 2);
  for (guint i = 0; i < workers->len; i++)
    {
      FbProcStats *stats = &g_array_index (workers, FbProcStats, i);

      g_assert_cmpint (stats->pid, !=, getpid ());
      g_assert_cmpint (stats->cpu_time_us, >, 100000);
      g_assert_cmpuint (stats->rss_bytes, >, 0);
      g_assert_cmpint (stats->last_cpu, >=, 0);
      g_assert_cmpint (stats->last_cpu, <, 2);
    }
}

static void
test_live_gil_bound (void)
{
  g_autoptr(FbRun) run = NULL;
  FbReport *report;
  double sum = 0, others = 0;

  if (g_get_num_processors () != 2)
    {
      g_test_skip ("written for a machine of two cores");
      return;
    }

  /* Two thread workers under the interpreter lock: one core's worth in all. */
  run = run_preset ("gil-bound", FB_RUN_MODE_THREADS, 2, NULL, &others);
  report = fb_run_get_report (run, FB_POOL_THREADS, 2);
  g_assert_nonnull (report->cpu_per_core);
  for (guint i = 0; i < report->cpu_per_core->len; i++)
    sum += g_array_index (report->cpu_per_core, double, i);
  g_assert_cmpfloat (sum, >, 0.7);
  if (sum >= 1.4 && others > 0.3)
    {
      g_test_skip_printf ("%.2f cores read busy under the interpreter lock, but other programs "
                          "used %.2f: the machine is too busy to check live readings", sum, others);
      return;
    }
  g_assert_cmpfloat (sum, <, 1.4);
  g_assert_cmpuint (report->peak_rss_bytes, !=, FB_REPORT_BYTES_UNKNOWN);
}

/* What a step took in memory is what it added: worker processes, all of
 * theirs; threads, what they made the process they share grow by, not the
 * process itself. */
static void
test_live_memory_added (void)
{
  const gsize ballast_size = 64 * 1024 * 1024;
  g_autofree char *ballast = g_malloc (ballast_size);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  g_autoptr(FbRunMonitor) monitor = NULL;
  FbReport *processes, *threads;

  /* This process holds 64 MB before the run, as the app holds its windows. */
  memset (ballast, 1, ballast_size);

  workload = fb_workload_new_from_data ("{\"forkbench\": 1, \"name\": \"Naps\", \"kernel\": \"sleep\", \"params\": {\"ms\": 20},"
                                        " \"tasks\": 8, \"workers\": 4, \"mode\": \"both\"}", -1, "naps.json", &error);
  g_assert_no_error (error);
  run = fb_run_new (workload);
  monitor = fb_run_monitor_new (run, NULL);
  fb_test_execute_run (run);

  processes = fb_run_get_report (run, FB_POOL_PROCESSES, 4);
  threads = fb_run_get_report (run, FB_POOL_THREADS, 4);
  g_assert_cmpuint (processes->peak_rss_bytes, >, 0);
  g_assert_cmpuint (processes->peak_rss_bytes, !=, FB_REPORT_BYTES_UNKNOWN);
  /* Threads may well need no page the process did not have already. */
  g_assert_cmpuint (threads->peak_rss_bytes, <, ballast_size / 4);
  g_assert_cmpuint (threads->peak_rss_bytes, <, processes->peak_rss_bytes);
  g_assert_cmpint (ballast[ballast_size - 1], ==, 1);
}

static void
test_throughput_from_records (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload =
    fb_workload_new_from_data ("{\"forkbench\": 1, \"name\": \"t\", \"kernel\": \"sleep\", "
                               "\"params\": {\"ms\": 50}, \"tasks\": 20, \"workers\": 2, \"mode\": \"threads\"}",
                               -1, "t.json", &error);
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(FbCpuSampler) sampler = fb_cpu_sampler_new ();
  g_autoptr(FbRunMonitor) monitor = NULL;
  FbSeries *series;
  double counted = 0;

  g_assert_no_error (error);
  fb_cpu_sampler_set_interval (sampler, 100);
  monitor = fb_run_monitor_new (run, sampler);
  fb_test_execute_run (run);

  /* Every task counted once, in the interval it finished in. */
  series = fb_run_monitor_get_throughput (monitor, FB_POOL_THREADS);
  g_assert_cmpuint (fb_series_get_length (series), >=, 4);
  for (guint i = 0; i < fb_series_get_length (series); i++)
    {
      double t, tps;

      fb_series_get (series, i, &t, &tps);
      counted += tps * 0.1;
    }
  g_assert_cmpfloat_with_epsilon (counted, 20, 1e-6);
  g_assert_cmpuint (fb_series_get_length (fb_run_monitor_get_throughput (monitor, FB_POOL_PROCESSES)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Monitor/known-deltas", test_known_deltas);
  g_test_add_func ("/Forkbench/Monitor/unknowns", test_unknowns);
  g_test_add_func ("/Forkbench/Monitor/parse-errors", test_parse_errors);
  g_test_add_func ("/Forkbench/Monitor/sampler-recorded", test_sampler_recorded);
  g_test_add_func ("/Forkbench/Monitor/sampler-pause", test_sampler_pause);
  g_test_add_func ("/Forkbench/Monitor/1024-cores", test_1024_cores);
  g_test_add_func ("/Forkbench/Monitor/series", test_series);
  g_test_add_func ("/Forkbench/Monitor/throughput-from-records", test_throughput_from_records);
  g_test_add_func ("/Forkbench/Monitor/live/pinned-spinner", test_live_pinned_spinner);
  g_test_add_func ("/Forkbench/Monitor/live/short-step", test_live_short_step);
  g_test_add_func ("/Forkbench/Monitor/live/cpu-bound", test_live_cpu_bound);
  g_test_add_func ("/Forkbench/Monitor/live/gil-bound", test_live_gil_bound);
  g_test_add_func ("/Forkbench/Monitor/live/memory-added", test_live_memory_added);

  return g_test_run ();
}
