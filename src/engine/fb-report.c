/* fb-report.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every figure of a report comes from the task records: nobody times
 * anything twice. What was not measured (a core's utilization without a
 * monitor, a speedup without a run on one worker) is said to be missing or
 * estimated, never made up.
 */

#define G_LOG_DOMAIN "fb-report"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "fb-pool.h"
#include "fb-report.h"

G_DEFINE_BOXED_TYPE (FbReport, fb_report, fb_report_ref, fb_report_unref)

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of sorted values. */
static double
percentile (const gint64 *sorted,
            gsize         n,
            double        p)
{
  gsize rank;

  if (n == 0)
    return 0;

  rank = (gsize) ceil (p / 100.0 * n);
  return sorted[CLAMP (rank, 1, n) - 1];
}

/* How long a task would have taken alone, on one worker. A task that used
 * the CPU for a good part of the share of a core it could get (all of one,
 * or cores / workers when there are more workers than cores) was CPU-bound,
 * and its CPU time is what it needs alone: the rest of its wall time it
 * waited for a core. A task that used less mostly waited for something else
 * (a sleep, a disk, a lock), and waiting takes its wall time. */
static gint64
serial_estimate_us (const FbTaskRecord *record,
                    double              core_share)
{
  gint64 run = fb_task_record_get_run_us (record);

  if (run < 0)
    return 0;

  return record->cpu_us >= 0.5 * core_share * run ? record->cpu_us : run;
}

/**
 * fb_report_new:
 * @records: (element-type FbTaskRecord): the run's records, in task order;
 *   a reference is taken
 *
 * Returns: (transfer full): the report of a run, its speedup estimated
 *   until fb_report_set_baseline() gives it a run on one worker
 */
FbReport *
fb_report_new (FbPoolKind  kind,
               guint       workers,
               guint       chunksize,
               guint64     tasks_total,
               GPtrArray  *records)
{
  FbReport *self;
  g_autofree gint64 *latencies = NULL;
  gint64 first = G_MAXINT64, last = 0, serial_us = 0, cpu_us = 0;
  gsize n_latencies = 0;
  double core_share;

  g_return_val_if_fail (records != NULL, NULL);

  self = g_new0 (FbReport, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->workers = workers;
  self->chunksize = chunksize;
  self->tasks_total = tasks_total;
  self->records = g_ptr_array_ref (records);

  latencies = g_new (gint64, MAX (records->len, 1));
  core_share = MIN (1.0, (double) g_get_num_processors () / MAX (workers, 1));

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);
      gint64 wait;

      if (record == NULL)
        continue;

      if (record->status == FB_TASK_SUCCEEDED)
        self->tasks_ok++;
      else if (record->status == FB_TASK_FAILED)
        self->tasks_failed++;

      first = MIN (first, record->queued_us);
      if (record->finished_us > 0)
        last = MAX (last, record->finished_us);
      if ((wait = fb_task_record_get_wait_us (record)) >= 0)
        latencies[n_latencies++] = wait;

      serial_us += serial_estimate_us (record, core_share);
      cpu_us += record->cpu_us;
      self->ipc_bytes += record->ipc_bytes;
    }

  self->interrupted = self->tasks_ok + self->tasks_failed < tasks_total;

  if (last > first)
    self->wall_s = (last - first) / 1e6;
  if (self->wall_s > 0)
    {
      self->throughput_tps = (self->tasks_ok + self->tasks_failed) / self->wall_s;
      self->speedup = serial_us / 1e6 / self->wall_s;
      self->cores_busy = cpu_us / 1e6 / self->wall_s;
    }
  self->efficiency = workers > 0 ? self->speedup / workers : 0;
  self->cpu_s = cpu_us / 1e6;

  qsort (latencies, n_latencies, sizeof (gint64), compare_gint64);
  self->latency_p50_us = percentile (latencies, n_latencies, 50);
  self->latency_p95_us = percentile (latencies, n_latencies, 95);
  self->latency_p99_us = percentile (latencies, n_latencies, 99);

  return self;
}

FbReport *
fb_report_ref (FbReport *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fb_report_unref (FbReport *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->records, g_ptr_array_unref);
      g_clear_pointer (&self->cpu_per_core, g_array_unref);
      g_free (self);
    }
}

/**
 * fb_report_set_baseline:
 * @one_worker: the same workload run on one worker, in the same mode
 *
 * Makes the speedup a measured one.
 */
void
fb_report_set_baseline (FbReport *self,
                        FbReport *one_worker)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (one_worker != NULL);

  if (self->wall_s <= 0 || one_worker->wall_s <= 0)
    return;

  self->speedup = one_worker->wall_s / self->wall_s;
  self->speedup_measured = TRUE;
  self->efficiency = self->workers > 0 ? self->speedup / self->workers : 0;
}

/**
 * fb_report_get_mean_task_us:
 *
 * Returns: how long a task ran, on average
 */
double
fb_report_get_mean_task_us (FbReport *self)
{
  gint64 sum = 0;
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (self->records, i);
      gint64 run = record ? fb_task_record_get_run_us (record) : -1;

      if (run >= 0)
        {
          sum += run;
          n++;
        }
    }

  return n > 0 ? (double) sum / n : 0;
}

static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  /* Six significant digits are plenty, and keep the output readable. */
  json_builder_add_double_value (builder, isfinite (value) ? round (value * 1e6) / 1e6 : 0);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/**
 * fb_report_to_json:
 * @with_results: whether to add every task's result
 *
 * Returns: (transfer full): the report as the object of the `runs` array
 *   of `forkbench-cli --format json` (a contract: see ARCHITECTURE.md)
 */
JsonNode *
fb_report_to_json (FbReport *self,
                   gboolean  with_results)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, fb_pool_kind_to_string (self->kind));
  add_int (builder, "workers", self->workers);
  add_int (builder, "chunksize", self->chunksize);
  add_int (builder, "tasks", (gint64) self->tasks_total);
  add_int (builder, "tasks_ok", (gint64) self->tasks_ok);
  add_int (builder, "tasks_failed", (gint64) self->tasks_failed);
  json_builder_set_member_name (builder, "interrupted");
  json_builder_add_boolean_value (builder, self->interrupted);
  add_double (builder, "wall_s", self->wall_s);
  add_double (builder, "throughput_tps", self->throughput_tps);
  add_double (builder, "speedup", self->speedup);
  json_builder_set_member_name (builder, "speedup_measured");
  json_builder_add_boolean_value (builder, self->speedup_measured);
  add_double (builder, "efficiency", self->efficiency);

  json_builder_set_member_name (builder, "latency_us");
  json_builder_begin_object (builder);
  add_double (builder, "p50", self->latency_p50_us);
  add_double (builder, "p95", self->latency_p95_us);
  add_double (builder, "p99", self->latency_p99_us);
  json_builder_end_object (builder);

  add_double (builder, "cpu_s", self->cpu_s);
  add_double (builder, "cores_busy", self->cores_busy);

  json_builder_set_member_name (builder, "cpu_per_core");
  if (self->cpu_per_core != NULL)
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->cpu_per_core->len; i++)
        {
          double value = g_array_index (self->cpu_per_core, double, i);

          /* A core that was offline for part of the run has no figure. */
          if (isnan (value))
            json_builder_add_null_value (builder);
          else
            json_builder_add_double_value (builder, round (value * 1e4) / 1e4);
        }
      json_builder_end_array (builder);
    }
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "peak_rss_bytes");
  if (self->peak_rss_bytes > 0)
    json_builder_add_int_value (builder, (gint64) self->peak_rss_bytes);
  else
    json_builder_add_null_value (builder);

  add_int (builder, "ipc_bytes", (gint64) self->ipc_bytes);
  add_int (builder, "respawns", (gint64) self->respawns);

  json_builder_set_member_name (builder, "failures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (self->records, i);

      if (record == NULL || record->status != FB_TASK_FAILED)
        continue;

      json_builder_begin_object (builder);
      add_int (builder, "task", (gint64) record->index);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, record->error ? record->error->message : "");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (with_results)
    {
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->records->len; i++)
        {
          FbTaskRecord *record = g_ptr_array_index (self->records, i);

          if (record != NULL && record->status == FB_TASK_SUCCEEDED)
            json_builder_add_int_value (builder, record->value);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "output");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->records->len; i++)
        {
          FbTaskRecord *record = g_ptr_array_index (self->records, i);

          if (record != NULL && record->output != NULL)
            json_builder_add_string_value (builder, record->output);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
