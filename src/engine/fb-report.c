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

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "fb-pool.h"
#include "fb-format.h"
#include "fb-report.h"
#include "fb-run.h"

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
  self->peak_rss_bytes = FB_REPORT_BYTES_UNKNOWN;
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
      g_clear_pointer (&self->python, fb_python_info_free);
      g_free (self);
    }
}

/**
 * fb_report_set_python:
 * @python: the interpreter that ran the python kernel's tasks
 *
 * Keeps what the interpreter was with the report. A thread pool of the
 * python kernel is one interpreter, and while its GIL is enabled it runs
 * one thread at a time, as one core would: a task that waited for the GIL
 * waited for that core, so the estimated speedup counts its CPU time, not
 * its wall time, as what it would need alone.
 */
void
fb_report_set_python (FbReport           *self,
                      const FbPythonInfo *python)
{
  gint64 serial_us = 0;

  g_return_if_fail (self != NULL);
  g_return_if_fail (python != NULL);

  g_clear_pointer (&self->python, fb_python_info_free);
  self->python = fb_python_info_copy (python);

  if (self->kind != FB_POOL_THREADS || !python->gil_enabled || self->speedup_measured || self->wall_s <= 0)
    return;

  for (guint i = 0; i < self->records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (self->records, i);

      if (record != NULL)
        serial_us += serial_estimate_us (record, 1.0 / MAX (self->workers, 1));
    }

  self->speedup = serial_us / 1e6 / self->wall_s;
  self->efficiency = self->workers > 0 ? self->speedup / self->workers : 0;
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
 * fb_report_has_per_core:
 *
 * Returns: whether any core has a figure in @cpu_per_core: none has when
 *   the step was not monitored, or was too short for the cores' counters
 *   to measure
 */
gboolean
fb_report_has_per_core (FbReport *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; self->cpu_per_core != NULL && i < self->cpu_per_core->len; i++)
    if (!isnan (g_array_index (self->cpu_per_core, double, i)))
      return TRUE;
  return FALSE;
}

/**
 * fb_report_get_mean_task_us:
 *
 * Returns: how long a task ran, on average: a task that succeeded, when
 *   any did, as a task that hung until its timeout says nothing of the
 *   others
 */
double
fb_report_get_mean_task_us (FbReport *self)
{
  gint64 sum[2] = { 0, 0 };
  guint n[2] = { 0, 0 };

  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (self->records, i);
      gint64 run = record ? fb_task_record_get_run_us (record) : -1;

      if (run >= 0)
        {
          guint ok = record->status == FB_TASK_SUCCEEDED;

          sum[ok] += run;
          n[ok]++;
        }
    }

  if (n[1] > 0)
    return (double) sum[1] / n[1];
  return n[0] > 0 ? (double) sum[0] / n[0] : 0;
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

static const char * const status_names[] = {
  [FB_TASK_PENDING] = "pending",
  [FB_TASK_SUCCEEDED] = "ok",
  [FB_TASK_FAILED] = "failed",
  [FB_TASK_CANCELLED] = "cancelled",
};

/* A record as one row: [task, input, status, value, queued_us, started_us,
 * finished_us, cpu_us, pid, tid, slot, cpu, ipc_bytes, output, error]. */
static void
add_record (JsonBuilder        *builder,
            const FbTaskRecord *record)
{
  const char *output = fb_task_record_get_output (record);
  const GError *error = fb_task_record_get_error (record);

  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, (gint64) record->index);
  json_builder_add_int_value (builder, record->input);
  json_builder_add_string_value (builder, status_names[record->status]);
  json_builder_add_int_value (builder, record->value);
  json_builder_add_int_value (builder, record->queued_us);
  json_builder_add_int_value (builder, record->started_us);
  json_builder_add_int_value (builder, record->finished_us);
  json_builder_add_int_value (builder, record->cpu_us);
  json_builder_add_int_value (builder, record->worker_pid);
  json_builder_add_int_value (builder, record->worker_tid);
  json_builder_add_int_value (builder, record->worker_slot);
  json_builder_add_int_value (builder, record->cpu);
  json_builder_add_int_value (builder, (gint64) record->ipc_bytes);
  if (output != NULL)
    json_builder_add_string_value (builder, output);
  else
    json_builder_add_null_value (builder);
  if (error != NULL)
    json_builder_add_string_value (builder, error->message);
  else
    json_builder_add_null_value (builder);
  json_builder_end_array (builder);
}

/**
 * fb_report_to_json:
 * @flags: what to add to the figures
 *
 * Returns: (transfer full): the report as the object of the `runs` array
 *   of `forkbench-cli --format json` (a contract: see ARCHITECTURE.md)
 */
/* A task's result: its value, or its JSON as it came when it has one
 * (Python's own, which json-glib cannot always carry exactly). */
static void
add_value (JsonBuilder        *builder,
           const FbTaskRecord *record)
{
  const char *value_json = fb_task_record_get_value_json (record);
  JsonNode *node;

  if (value_json != NULL && (node = fb_json_raw_new (value_json)) != NULL)
    json_builder_add_value (builder, node);
  else if (value_json != NULL)
    json_builder_add_string_value (builder, value_json);
  else
    json_builder_add_int_value (builder, record->value);
}

static void
add_python (JsonBuilder        *builder,
            const FbPythonInfo *python)
{
  json_builder_set_member_name (builder, "python");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "interpreter");
  json_builder_add_string_value (builder, python->interpreter);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, python->path);
  json_builder_set_member_name (builder, "implementation");
  json_builder_add_string_value (builder, python->implementation);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, python->version);
  json_builder_set_member_name (builder, "gil_enabled");
  json_builder_add_boolean_value (builder, python->gil_enabled);
  json_builder_end_object (builder);
}

JsonNode *
fb_report_to_json (FbReport          *self,
                   FbReportJsonFlags  flags)
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

          /* A core that was offline for part of the run has no figure,
           * and no core has one for a step too short to measure. */
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
  if (self->peak_rss_bytes != FB_REPORT_BYTES_UNKNOWN)
    json_builder_add_int_value (builder, (gint64) self->peak_rss_bytes);
  else
    json_builder_add_null_value (builder);

  add_int (builder, "ipc_bytes", (gint64) self->ipc_bytes);
  add_int (builder, "respawns", (gint64) self->respawns);

  if (self->python != NULL)
    add_python (builder, self->python);

  json_builder_set_member_name (builder, "failures");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (self->records, i);
      const GError *error;
      const char *traceback;

      if (record == NULL || record->status != FB_TASK_FAILED)
        continue;

      error = fb_task_record_get_error (record);
      traceback = fb_task_record_get_traceback (record);
      json_builder_begin_object (builder);
      add_int (builder, "task", (gint64) record->index);
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error != NULL ? error->message : "");
      if (traceback != NULL)
        {
          json_builder_set_member_name (builder, "traceback");
          json_builder_add_string_value (builder, traceback);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (flags & FB_REPORT_JSON_RESULTS)
    {
      json_builder_set_member_name (builder, "results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->records->len; i++)
        {
          FbTaskRecord *record = g_ptr_array_index (self->records, i);

          if (record != NULL && record->status == FB_TASK_SUCCEEDED)
            add_value (builder, record);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);

      json_builder_set_member_name (builder, "output");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->records->len; i++)
        {
          FbTaskRecord *record = g_ptr_array_index (self->records, i);
          const char *output = record != NULL ? fb_task_record_get_output (record) : NULL;

          if (output != NULL)
            json_builder_add_string_value (builder, output);
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_array (builder);
    }

  if (flags & FB_REPORT_JSON_RECORDS)
    {
      json_builder_set_member_name (builder, "records");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->records->len; i++)
        {
          FbTaskRecord *record = g_ptr_array_index (self->records, i);

          if (record != NULL)
            add_record (builder, record);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Reading a report back. Every value is checked: the file may have been
 * damaged or written by something else, and saying where beats a crash. */

typedef struct
{
  const char  *where;
  JsonObject  *object;
  GError     **error;
} Reader;

static gboolean G_GNUC_PRINTF (3, 4)
invalid (Reader     *r,
         const char *member,
         const char *format,
         ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (r->error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID, "%s.%s: %s", r->where, member, what);
  return FALSE;
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
read_double (Reader     *r,
             const char *member,
             double      min,
             double     *out)
{
  JsonNode *node = json_object_get_member (r->object, member);
  double value;

  if (!is_number (node))
    return invalid (r, member, _("expected a number"));
  value = json_node_get_double (node);
  if (!isfinite (value) || value < min)
    /* TRANSLATORS: a number from the file */
    return invalid (r, member, _("%g is out of range"), value);
  *out = value;
  return TRUE;
}

static gboolean
read_int (Reader     *r,
          const char *member,
          gint64      min,
          gint64      max,
          gint64     *out)
{
  JsonNode *node = json_object_get_member (r->object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (r, member, _("expected a whole number"));
  *out = json_node_get_int (node);
  if (*out < min || *out > max)
    /* TRANSLATORS: a number from the file */
    return invalid (r, member, _("%lld is out of range"), (long long) *out);
  return TRUE;
}

static gboolean
read_boolean (Reader     *r,
              const char *member,
              gboolean   *out)
{
  JsonNode *node = json_object_get_member (r->object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return invalid (r, member,
                    /* TRANSLATORS: true and false are JSON values: do not translate them */
                    _("expected true or false"));
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gint64
row_int (JsonArray *row,
         guint      i,
         gboolean  *ok)
{
  JsonNode *node = json_array_get_element (row, i);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      *ok = FALSE;
      return 0;
    }
  return json_node_get_int (node);
}

static const char *
row_string (JsonArray *row,
            guint      i,
            gboolean  *ok)
{
  JsonNode *node = json_array_get_element (row, i);

  if (JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_string (node);
}

#define N_RECORD_COLUMNS 15

static FbTaskRecord *
read_record (JsonNode *node)
{
  g_autoptr(FbTaskRecord) record = NULL;
  JsonArray *row;
  const char *status, *output, *error;
  gboolean ok = TRUE;
  guint s;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (row = json_node_get_array (node)) != N_RECORD_COLUMNS)
    return NULL;

  record = fb_task_record_new ((guint64) row_int (row, 0, &ok), row_int (row, 1, &ok));
  status = row_string (row, 2, &ok);
  record->value = row_int (row, 3, &ok);
  record->queued_us = row_int (row, 4, &ok);
  record->started_us = row_int (row, 5, &ok);
  record->finished_us = row_int (row, 6, &ok);
  record->cpu_us = row_int (row, 7, &ok);
  record->worker_pid = (gint32) CLAMP (row_int (row, 8, &ok), 0, G_MAXINT32);
  record->worker_tid = (gint32) CLAMP (row_int (row, 9, &ok), 0, G_MAXINT32);
  record->worker_slot = (guint16) CLAMP (row_int (row, 10, &ok), 0, G_MAXUINT16);
  record->cpu = (gint16) CLAMP (row_int (row, 11, &ok), -1, G_MAXINT16);
  record->ipc_bytes = (guint32) CLAMP (row_int (row, 12, &ok), 0, G_MAXUINT32);
  output = row_string (row, 13, &ok);
  error = row_string (row, 14, &ok);

  if (!ok || status == NULL || (gint64) record->index < 0)
    return NULL;

  for (s = 0; s < G_N_ELEMENTS (status_names); s++)
    if (g_str_equal (status, status_names[s]))
      break;
  if (s == G_N_ELEMENTS (status_names))
    return NULL;
  record->status = s;

  fb_task_record_take_output (record, g_strdup (output));
  if (error != NULL)
    fb_task_record_take_error (record, g_error_new_literal (FB_RUN_ERROR, FB_RUN_ERROR_TASK_FAILED, error));
  else if (record->status == FB_TASK_FAILED)
    return NULL;

  return g_steal_pointer (&record);
}

/* The records of a report saved without them: its failures, which say
 * which task failed and why, but not when. */
static GPtrArray *
read_failures (Reader *r)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_task_record_unref);
  JsonNode *node = json_object_get_member (r->object, "failures");
  JsonArray *failures;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      invalid (r, "failures", _("expected an array"));
      return NULL;
    }

  failures = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (failures); i++)
    {
      JsonNode *element = json_array_get_element (failures, i);
      Reader failure = { r->where, NULL, r->error };
      FbTaskRecord *record;
      const char *message;
      gint64 task;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          invalid (r, "failures", _("expected objects"));
          return NULL;
        }
      failure.object = json_node_get_object (element);
      if (!read_int (&failure, "task", 0, G_MAXINT64, &task))
        return NULL;
      message = json_object_get_string_member_with_default (failure.object, "error", NULL);
      if (message == NULL)
        {
          invalid (r, "failures",
                   /* TRANSLATORS: "error" is the name of a JSON member: do not translate it */
                   _("each failure needs an \"error\" string"));
          return NULL;
        }

      record = fb_task_record_new ((guint64) task, 0);
      record->queued_us = 0;
      record->status = FB_TASK_FAILED;
      fb_task_record_take_error (record, g_error_new_literal (FB_RUN_ERROR, FB_RUN_ERROR_TASK_FAILED, message));
      g_ptr_array_add (records, record);
    }

  return g_steal_pointer (&records);
}

/**
 * fb_report_new_from_json:
 * @node: a report as fb_report_to_json() writes it
 * @where: what to call it in errors, such as "run.json: runs[1]"
 *
 * Reads a report back with the figures it was saved with. Its records are
 * the saved ones when it was saved with %FB_REPORT_JSON_RECORDS, or else
 * only its failures.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with
 *   %FB_RUN_ERROR_INVALID saying which value is wrong
 */
FbReport *
fb_report_new_from_json (JsonNode    *node,
                         const char  *where,
                         GError     **error)
{
  g_autoptr(FbReport) self = NULL;
  g_autoptr(GPtrArray) records = NULL;
  Reader r = { where, NULL, error };
  gint64 workers = 0, chunksize = 0, tasks = 0, ok = 0, failed = 0, ipc = 0, respawns = 0;
  gboolean interrupted = FALSE;
  const char *mode;
  JsonNode *member;
  FbPoolKind kind;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (where != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   /* TRANSLATORS: %s says which report, such as "run.json: runs[1]" */
                   _("%s: expected an object"), where);
      return NULL;
    }
  r.object = json_node_get_object (node);

  mode = json_object_get_string_member_with_default (r.object, "mode", "");
  if (g_str_equal (mode, "processes"))
    kind = FB_POOL_PROCESSES;
  else if (g_str_equal (mode, "threads"))
    kind = FB_POOL_THREADS;
  else
    {
      invalid (&r, "mode",
               /* TRANSLATORS: "processes" and "threads" are values in a file: do not translate them */
               _("expected \"processes\" or \"threads\""));
      return NULL;
    }

  if (!read_int (&r, "workers", 1, FB_POOL_MAX_WORKERS, &workers) ||
      !read_int (&r, "chunksize", 0, G_MAXUINT, &chunksize) ||
      !read_int (&r, "tasks", 0, G_MAXINT64, &tasks) ||
      !read_int (&r, "tasks_ok", 0, tasks, &ok) ||
      !read_int (&r, "tasks_failed", 0, tasks - ok, &failed) ||
      !read_boolean (&r, "interrupted", &interrupted))
    return NULL;

  member = json_object_get_member (r.object, "records");
  if (member != NULL)
    {
      JsonArray *rows;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          invalid (&r, "records", _("expected an array"));
          return NULL;
        }

      rows = json_node_get_array (member);
      records = g_ptr_array_new_full (json_array_get_length (rows), (GDestroyNotify) fb_task_record_unref);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          FbTaskRecord *record = read_record (json_array_get_element (rows, i));

          if (record == NULL)
            {
              g_autofree char *item = g_strdup_printf ("records[%u]", i);

              invalid (&r, item,
                       /* TRANSLATORS: the names in brackets are the fields of a row in a
                        * file: do not translate them */
                       _("expected [task, input, status, value, queued_us, started_us, "
                         "finished_us, cpu_us, pid, tid, slot, cpu, ipc_bytes, output, error]"));
              return NULL;
            }
          g_ptr_array_add (records, record);
        }
    }
  else if ((records = read_failures (&r)) == NULL)
    return NULL;

  self = g_new0 (FbReport, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->peak_rss_bytes = FB_REPORT_BYTES_UNKNOWN;
  self->kind = kind;
  self->workers = (guint) workers;
  self->chunksize = (guint) chunksize;
  self->tasks_total = (guint64) tasks;
  self->tasks_ok = (guint64) ok;
  self->tasks_failed = (guint64) failed;
  self->interrupted = interrupted;
  self->records = g_steal_pointer (&records);

  if (!read_double (&r, "wall_s", 0, &self->wall_s) ||
      !read_double (&r, "throughput_tps", 0, &self->throughput_tps) ||
      !read_double (&r, "speedup", 0, &self->speedup) ||
      !read_boolean (&r, "speedup_measured", &self->speedup_measured) ||
      !read_double (&r, "efficiency", 0, &self->efficiency) ||
      !read_double (&r, "cpu_s", 0, &self->cpu_s) ||
      !read_double (&r, "cores_busy", 0, &self->cores_busy) ||
      !read_int (&r, "ipc_bytes", 0, G_MAXINT64, &ipc) ||
      !read_int (&r, "respawns", 0, G_MAXINT64, &respawns))
    return NULL;
  self->ipc_bytes = (guint64) ipc;
  self->respawns = (guint64) respawns;

  member = json_object_get_member (r.object, "latency_us");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (&r, "latency_us",
               /* TRANSLATORS: p50, p95 and p99 are the names of JSON members: do not translate them */
               _("expected an object with p50, p95 and p99"));
      return NULL;
    }
  else
    {
      Reader latency = { where, json_node_get_object (member), error };

      if (!read_double (&latency, "p50", 0, &self->latency_p50_us) ||
          !read_double (&latency, "p95", 0, &self->latency_p95_us) ||
          !read_double (&latency, "p99", 0, &self->latency_p99_us))
        return NULL;
    }

  member = json_object_get_member (r.object, "peak_rss_bytes");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      gint64 peak;

      if (!read_int (&r, "peak_rss_bytes", 0, G_MAXINT64, &peak))
        return NULL;
      self->peak_rss_bytes = (guint64) peak;
    }

  member = json_object_get_member (r.object, "python");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      JsonObject *python = json_node_get_object (member);

      self->python = g_new0 (FbPythonInfo, 1);
      self->python->interpreter = g_strdup (json_object_get_string_member_with_default (python, "interpreter", ""));
      self->python->path = g_strdup (json_object_get_string_member_with_default (python, "path", ""));
      self->python->implementation = g_strdup (json_object_get_string_member_with_default (python, "implementation", ""));
      self->python->version = g_strdup (json_object_get_string_member_with_default (python, "version", ""));
      self->python->gil_enabled = json_object_get_boolean_member_with_default (python, "gil_enabled", TRUE);
    }
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      /* TRANSLATORS: null is a JSON value: do not translate it */
      invalid (&r, "python", _("expected an object or null"));
      return NULL;
    }

  member = json_object_get_member (r.object, "cpu_per_core");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *cores = json_node_get_array (member);

      self->cpu_per_core = g_array_sized_new (FALSE, FALSE, sizeof (double), json_array_get_length (cores));
      for (guint i = 0; i < json_array_get_length (cores); i++)
        {
          JsonNode *core = json_array_get_element (cores, i);
          double value = NAN;

          if (is_number (core))
            value = json_node_get_double (core);
          else if (!JSON_NODE_HOLDS_NULL (core))
            {
              invalid (&r, "cpu_per_core",
                       /* TRANSLATORS: null is a JSON value: do not translate it */
                       _("expected numbers or null"));
              return NULL;
            }
          if (!isnan (value) && !(value >= 0 && value <= 1))
            {
              /* TRANSLATORS: a number from the file */
              invalid (&r, "cpu_per_core", _("%g is not between 0 and 1"), value);
              return NULL;
            }
          g_array_append_val (self->cpu_per_core, value);
        }
    }
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      invalid (&r, "cpu_per_core",
               /* TRANSLATORS: null is a JSON value: do not translate it */
               _("expected an array or null"));
      return NULL;
    }

  return g_steal_pointer (&self);
}
