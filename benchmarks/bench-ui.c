/* bench-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the window behaves when it matters. Not a test: run it under Xvfb
 * (benchmarks/bench-desktop does) and read the figures.
 *
 *   bench-ui [N]           N tiny tasks (default 1,000,000) in each mode; a
 *                          16 ms timer asks the main loop for a turn, and the
 *                          gaps between its turns are what a user would feel
 *                          as stutter
 *   bench-ui --frames N    N tiny tasks in each mode while the window draws
 *                          every frame; the gaps between GdkFrameClock frame
 *                          times, as JSON
 *   bench-ui --idle S      the live per-core chart shown for S seconds at a
 *                          one-second interval, no run; the CPU time the
 *                          process used, as JSON
 *   bench-ui --sample-cost S [--busy]
 *                          the same chart fed made-up samples of an idle
 *                          machine with 2 cores, a second apart in the
 *                          chart's time, for S seconds: each sample as
 *                          soon as the one before is painted; the CPU time
 *                          per sample, as JSON: what --idle measures once a
 *                          second, with less noise to compare changes by
 *                          (the same data every run, so that instruction
 *                          counts under callgrind compare exactly); with
 *                          --busy, of cores 0 to 100 % busy, whose lines
 *                          cross the whole plot
 */

#include "config.h"

#include <stdlib.h>

#include "bench-util.h"
#include "fb-cpu-chart.h"
#include "fb-window.h"

typedef struct
{
  gint64  last;
  GArray *gaps;
} Ticks;

static void
tick (Ticks  *ticks,
      gint64  now)
{
  if (ticks->last > 0)
    {
      gint64 gap = now - ticks->last;
      g_array_append_val (ticks->gaps, gap);
    }
  ticks->last = now;
}

static gboolean
timer_cb (gpointer user_data)
{
  tick (user_data, g_get_monotonic_time ());
  return G_SOURCE_CONTINUE;
}

static gboolean
frame_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  tick (user_data, gdk_frame_clock_get_frame_time (clock));
  return G_SOURCE_CONTINUE;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted,
               guint   percent)
{
  guint n = sorted->len;

  if (n == 0)
    return 0;
  return g_array_index (sorted, gint64, MIN (n - 1, (guint64) n * percent / 100)) / 1e3;
}

static void
done_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
wait_seconds (double seconds)
{
  gboolean done = FALSE;

  g_timeout_add_once ((guint) (seconds * 1000), done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static FbWindow *
make_window (void)
{
  FbWindow *window = g_object_new (FB_TYPE_WINDOW, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
count_cb (GdkFrameClock *clock,
          gpointer       user_data)
{
  (*(guint *) user_data)++;
}

static int
run_idle (double seconds)
{
  FbWindow *window = make_window ();
  GdkFrameClock *clock;
  guint paints = 0, layouts = 0;
  gint64 cpu0;

  fb_run_view_set_sample_interval (fb_window_get_run_view (window), 1000);
  fb_window_set_page (window, "run");

  /* Start-up and the first drawing are not what is measured. */
  wait_seconds (3);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "paint", G_CALLBACK (count_cb), &paints);
  g_signal_connect (clock, "layout", G_CALLBACK (count_cb), &layouts);
  cpu0 = bench_cpu_time_us ();
  wait_seconds (seconds);

  g_signal_handlers_disconnect_by_data (clock, &paints);
  g_signal_handlers_disconnect_by_data (clock, &layouts);
  g_print ("{\"seconds\": %.1f, \"cpu_s\": %.4f, \"paints\": %u, \"layouts\": %u}\n",
           seconds, (bench_cpu_time_us () - cpu0) / 1e6, paints, layouts);
  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}

typedef struct
{
  FbCpuCounters *counters;
  guint32        seed;
  guint          n_read;
  gboolean       busy;
} MadeUp;

/* Counters a second apart, each core 0 to 3 % busy (or 0 to 100 %), the
 * same every run. */
static FbCpuCounters *
read_made_up (gpointer user_data)
{
  MadeUp *made_up = user_data;
  FbCpuCounters *counters = made_up->counters;

  made_up->n_read++;
  counters->time_us += G_USEC_PER_SEC;
  for (guint i = 0; i < counters->n_cores; i++)
    {
      guint64 busy;

      made_up->seed = made_up->seed * 1103515245 + 12345;
      busy = (made_up->seed >> 16) % (made_up->busy ? 1001 : 31);
      counters->cores[i].user += busy;
      counters->cores[i].idle += 1000 - busy;
      counters->total.user += busy;
      counters->total.idle += 1000 - busy;
    }

  return fb_cpu_counters_copy (counters);
}

static gboolean
sample_cb (gpointer user_data)
{
  FbCpuSample *sample = fb_cpu_sampler_sample_now (user_data);

  if (sample != NULL)
    fb_cpu_sample_unref (sample);
  return G_SOURCE_CONTINUE;
}

/* Apart, so that callgrind can count this and nothing else:
 *   valgrind --tool=callgrind --toggle-collect=drive_samples bench-ui --sample-cost 20 */
static G_GNUC_NO_INLINE void
drive_samples (FbCpuSampler *sampler,
               double        seconds,
               guint        *paints)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);

  while (g_get_monotonic_time () < end)
    {
      guint before = *paints;

      sample_cb (sampler);
      while (*paints == before)
        g_main_context_iteration (NULL, TRUE);
    }
}

static int
run_sample_cost (double   seconds,
                 gboolean busy)
{
  FbWindow *window = make_window ();
  FbRunView *run_view = fb_window_get_run_view (window);
  FbCpuSampler *sampler = fb_cpu_chart_get_sampler (FB_CPU_CHART (fb_run_view_get_cpu_chart (run_view)));
  MadeUp made_up = { fb_cpu_counters_new (2), 1, 0, busy };
  GdkFrameClock *clock;
  guint n_samples, paints = 0;
  gint64 cpu0;

  /* The sampler's own timer stays out of the way; a minute of samples
   * fills the chart's window. */
  fb_run_view_set_sample_interval (run_view, 5000);
  fb_window_set_page (window, "run");
  for (guint i = 0; i < 2; i++)
    made_up.counters->cores[i] = (FbCpuTimes) { .user = 1000, .idle = 1000 };
  made_up.counters->total = (FbCpuTimes) { .user = 2000, .idle = 2000 };
  fb_cpu_sampler_set_reader (sampler, read_made_up, &made_up, NULL);
  for (guint i = 0; i < 62; i++)
    sample_cb (sampler);
  wait_seconds (3);

  /* A sample, its frame, the next one. */
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (count_cb), &paints);
  cpu0 = bench_cpu_time_us ();
  n_samples = made_up.n_read;
  drive_samples (sampler, seconds, &paints);
  n_samples = made_up.n_read - n_samples;

  g_print ("{\"samples\": %u, \"paints\": %u, \"cpu_ms_per_sample\": %.3f}\n",
           n_samples, paints, (bench_cpu_time_us () - cpu0) / 1e3 / MAX (n_samples, 1));
  g_signal_handlers_disconnect_by_data (clock, &paints);
  gtk_window_destroy (GTK_WINDOW (window));
  fb_cpu_counters_free (made_up.counters);
  return EXIT_SUCCESS;
}

static void
set_tiny_workload (FbWindow *window,
                   guint64   n_tasks)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();

  fb_workload_set_name (workload, "Tiny tasks");
  fb_workload_set_kernel (workload, "square");
  fb_workload_set_tasks (workload, n_tasks);
  fb_workload_set_workers (workload, 2);
  fb_editor_view_set_workload (fb_window_get_editor (window), workload);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static int
run_tasks (guint64  n_tasks,
           gboolean frames)
{
  Ticks ticks = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  FbWindow *window = make_window ();
  gint64 start, elapsed;

  set_tiny_workload (window, n_tasks);

  if (frames)
    gtk_widget_add_tick_callback (GTK_WIDGET (window), frame_cb, &ticks, NULL);
  else
    g_timeout_add (16, timer_cb, &ticks);

  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  while (g_strcmp0 (fb_window_get_page (window), "results") != 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_array_sort (ticks.gaps, compare);
  if (frames)
    g_print ("{\"tasks\": %" G_GUINT64_FORMAT ", \"seconds\": %.2f, \"frames\": %u, "
             "\"frame_gap_p50_ms\": %.1f, \"frame_gap_p99_ms\": %.1f, \"frame_gap_max_ms\": %.1f}\n",
             n_tasks, elapsed / 1e6, ticks.gaps->len,
             percentile_ms (ticks.gaps, 50), percentile_ms (ticks.gaps, 99), percentile_ms (ticks.gaps, 100));
  else
    g_print ("%" G_GUINT64_FORMAT " tasks in each mode, %.2f s in all; frame timer (16 ms) gaps: "
             "median %.1f ms, 99th %.1f ms, longest %.1f ms over %u frames\n",
             n_tasks, elapsed / 1e6,
             percentile_ms (ticks.gaps, 50), percentile_ms (ticks.gaps, 99), percentile_ms (ticks.gaps, 100),
             ticks.gaps->len);

  g_array_unref (ticks.gaps);
  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("forkbench-bench-ui-XXXXXX", NULL);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_init ();
  adw_init ();

  if (argc > 2 && g_str_equal (argv[1], "--idle"))
    return run_idle (g_ascii_strtod (argv[2], NULL));
  if (argc > 2 && g_str_equal (argv[1], "--sample-cost"))
    return run_sample_cost (g_ascii_strtod (argv[2], NULL), argc > 3 && g_str_equal (argv[3], "--busy"));
  if (argc > 2 && g_str_equal (argv[1], "--frames"))
    return run_tasks (g_ascii_strtoull (argv[2], NULL, 10), TRUE);

  return run_tasks (argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000, FALSE);
}
