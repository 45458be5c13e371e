/* fb-report.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "fb-python.h"
#include "fb-task-record.h"
#include "fb-types.h"

G_BEGIN_DECLS

/**
 * FbReportJsonFlags:
 * @FB_REPORT_JSON_DEFAULT: the figures and the failures
 * @FB_REPORT_JSON_RESULTS: every task's result and printed output, as
 *   `forkbench-cli --results` adds them
 * @FB_REPORT_JSON_RECORDS: every task's record (times, worker, result,
 *   output, error), enough to read the report back
 */
typedef enum /*< flags >*/
{
  FB_REPORT_JSON_DEFAULT = 0,
  FB_REPORT_JSON_RESULTS = 1 << 0,
  FB_REPORT_JSON_RECORDS = 1 << 1,
} FbReportJsonFlags;

/**
 * FB_REPORT_BYTES_UNKNOWN:
 *
 * A size that was not measured.
 */
#define FB_REPORT_BYTES_UNKNOWN G_MAXUINT64

/**
 * FbReport:
 * @kind: processes or threads
 * @workers: how many workers
 * @chunksize: how many tasks a worker took at once
 * @tasks_total: how many tasks the run had
 * @tasks_ok: how many succeeded
 * @tasks_failed: how many failed
 * @interrupted: whether the run was stopped before every task was done
 * @wall_s: from the first task entering the pool to the last one finishing
 * @throughput_tps: tasks done per second of @wall_s
 * @speedup: how many times sooner than one worker
 * @speedup_measured: %TRUE when @speedup compares with a run on one worker,
 *   %FALSE when it is estimated from the serial sum of the tasks' times
 * @efficiency: @speedup per worker
 * @latency_p50_us: median time from entering the pool to starting
 * @latency_p95_us: its 95th percentile
 * @latency_p99_us: its 99th percentile
 * @cpu_s: CPU time the tasks used, in all
 * @cores_busy: @cpu_s / @wall_s: how many cores the tasks kept busy
 * @cpu_per_core: (nullable) (element-type gdouble): each core's mean
 *   utilization over the run, 0..1, or %NULL when it was not measured
 * @peak_rss_bytes: the memory the step added at its peak: the worker
 *   processes' peak resident memory added up, and what the process that
 *   runs the pool grew by (all that threads take, as they share it), or
 *   %FB_REPORT_BYTES_UNKNOWN
 * @ipc_bytes: bytes that crossed between processes
 * @respawns: how many workers died and were replaced
 * @records: (element-type FbTaskRecord): every task's record, in task order
 * @python: (nullable): the interpreter that ran the tasks of the python
 *   kernel: its version, and whether its GIL was enabled
 *
 * What one run in one mode learned, computed from its task records and
 * nothing else.
 */
typedef struct
{
  FbPoolKind  kind;
  guint       workers;
  guint       chunksize;
  guint64     tasks_total;
  guint64     tasks_ok;
  guint64     tasks_failed;
  gboolean    interrupted;
  double      wall_s;
  double      throughput_tps;
  double      speedup;
  gboolean    speedup_measured;
  double      efficiency;
  double      latency_p50_us;
  double      latency_p95_us;
  double      latency_p99_us;
  double      cpu_s;
  double      cores_busy;
  GArray     *cpu_per_core;
  guint64     peak_rss_bytes;
  guint64     ipc_bytes;
  guint64     respawns;
  GPtrArray  *records;
  FbPythonInfo *python;
  /*< private >*/
  gatomicrefcount ref_count;
} FbReport;

#define FB_TYPE_REPORT (fb_report_get_type ())

GType      fb_report_get_type          (void) G_GNUC_CONST;
FbReport  *fb_report_new               (FbPoolKind   kind,
                                        guint        workers,
                                        guint        chunksize,
                                        guint64      tasks_total,
                                        GPtrArray   *records);
FbReport  *fb_report_ref               (FbReport    *self);
void       fb_report_unref             (FbReport    *self);
void       fb_report_set_baseline      (FbReport    *self,
                                        FbReport    *one_worker);
void       fb_report_set_python        (FbReport    *self,
                                        const FbPythonInfo *python);
JsonNode  *fb_report_to_json           (FbReport    *self,
                                        FbReportJsonFlags flags);
FbReport  *fb_report_new_from_json     (JsonNode    *node,
                                        const char  *where,
                                        GError     **error);
double     fb_report_get_mean_task_us  (FbReport    *self);
gboolean   fb_report_has_per_core      (FbReport    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbReport, fb_report_unref)

G_END_DECLS
