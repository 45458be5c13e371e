/* bench-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What watching costs: the CPU time the sampler takes at 10 Hz, as a share
 * of one core, and how long one sample of 1,024 cores takes to compute
 * from recorded counters. Not a test: figures for benchmarks/run-benchmarks
 * and docs/benchmarks.md.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "bench-util.h"
#include "fb-monitor.h"

typedef struct
{
  FbCpuCounters *snapshots[2];
  guint          next;
} Recorded;

static FbCpuCounters *
read_recorded (gpointer user_data)
{
  Recorded *rec = user_data;
  FbCpuCounters *copy = fb_cpu_counters_copy (rec->snapshots[rec->next++ % 2]);

  /* Counters only grow: make each reading later than the last. */
  for (guint i = 0; i < copy->n_cores; i++)
    {
      copy->cores[i].user += rec->next * 7;
      copy->cores[i].idle += rec->next * 3;
    }
  copy->total.user += rec->next * 7 * copy->n_cores;
  copy->total.idle += rec->next * 3 * copy->n_cores;
  copy->time_us = rec->next * 100000;
  return copy;
}

static gboolean
stop_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCpuSampler) sampler = NULL;
  g_autoptr(FbCpuSampler) big = NULL;
  Recorded rec = { { NULL } };
  gboolean as_json = FALSE, quick = FALSE, done = FALSE;
  double seconds, share, sample_us;
  gint64 wall_start, cpu_start, wall, cpu;
  FbCpuSample *baseline;
  guint n = 0, iterations;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print one JSON object", NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "Sample for 5 s instead of 60", NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  context = g_option_context_new ("- what the monitor costs");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* 1. The live sampler at 10 Hz: this process's CPU time over the run. */
  seconds = quick ? 5 : 60;
  sampler = fb_cpu_sampler_new ();
  fb_cpu_sampler_set_interval (sampler, 100);

  wall_start = g_get_monotonic_time ();
  cpu_start = bench_cpu_time_us ();
  fb_cpu_sampler_start (sampler);
  g_timeout_add ((guint) (seconds * 1000), stop_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  fb_cpu_sampler_stop (sampler);
  cpu = bench_cpu_time_us () - cpu_start;
  wall = g_get_monotonic_time () - wall_start;
  share = (double) cpu / wall;
  n = fb_series_get_length (fb_cpu_sampler_get_series (sampler, -1));

  /* 2. One sample of 1,024 cores, from recorded counters. */
  for (guint s = 0; s < 2; s++)
    {
      rec.snapshots[s] = fb_cpu_counters_new (FB_CPU_MAX_CORES);
      for (guint i = 0; i < FB_CPU_MAX_CORES; i++)
        rec.snapshots[s]->cores[i] = (FbCpuTimes) { 1000 + i, 10, 200, 50000, 5, 1, 1 };
      rec.snapshots[s]->total = (FbCpuTimes) { 2000000, 10000, 200000, 50000000, 5000, 1000, 1000 };
    }
  big = fb_cpu_sampler_new ();
  fb_cpu_sampler_set_reader (big, read_recorded, &rec, NULL);
  /* The first reading is a baseline. */
  baseline = fb_cpu_sampler_sample_now (big);
  g_assert (baseline == NULL);

  iterations = quick ? 500 : 5000;
  wall_start = g_get_monotonic_time ();
  for (guint i = 0; i < iterations; i++)
    {
      FbCpuSample *sample = fb_cpu_sampler_sample_now (big);

      g_assert (sample != NULL && sample->n_cores == FB_CPU_MAX_CORES);
      fb_cpu_sample_unref (sample);
    }
  sample_us = (double) (g_get_monotonic_time () - wall_start) / iterations;

  for (guint s = 0; s < 2; s++)
    fb_cpu_counters_free (rec.snapshots[s]);

  if (as_json)
    g_print ("{\n  \"sampler_10hz_core_share\": %.6f,\n  \"sampler_seconds\": %.1f,\n"
             "  \"sampler_samples\": %u,\n  \"sample_1024_cores_us\": %.2f\n}\n",
             share, wall / 1e6, n, sample_us);
  else
    {
      g_print ("Sampler at 10 Hz for %.0f s: %u samples, %.3f%% of one core\n", wall / 1e6, n, share * 100);
      g_print ("One sample of 1,024 cores from recorded counters: %.1f µs\n", sample_us);
    }

  return 0;
}
