/* fb-task-record.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-types.h"

G_BEGIN_DECLS

/**
 * FbTaskRecord:
 * @index: the task's position in its map (0 for a single submit)
 * @input: the task's input
 * @status: how the task ended
 * @value: the kernel's result, when @status is %FB_TASK_SUCCEEDED
 * @queued_us: when the task entered the pool (CLOCK_MONOTONIC, µs)
 * @started_us: when a worker started it, or 0
 * @finished_us: when it finished, or 0
 * @cpu_us: the CPU time the worker spent on it
 * @worker_pid: the process that ran it
 * @worker_tid: the thread that ran it (the pid, for a worker process)
 * @worker_slot: which of the pool's workers ran it, from 0
 * @cpu: the core it finished on, or -1 when unknown
 * @ipc_bytes: bytes that crossed a process boundary for it (0 for threads)
 *
 * The timeline and outcome of one task. The pool fills records once and
 * never changes them after they are delivered; reports, charts and benchmarks
 * all read these, so nothing is timed twice. Times are CLOCK_MONOTONIC, the
 * same clock in every process of the machine.
 *
 * What few tasks have (what a task printed, why it failed, a result that is
 * not a whole number, a traceback) is kept beside the record rather than in
 * it: fb_task_record_get_output() and the functions after it. A run keeps
 * millions of records, and four pointers that are nearly always %NULL
 * would make each 40% larger.
 */
typedef struct
{
  guint64       index;
  gint64        input;
  gint64        value;
  gint64        queued_us;
  gint64        started_us;
  gint64        finished_us;
  gint64        cpu_us;
  /* The narrower fields together and as narrow as what they hold, so
   * that a run of millions of records holds no padding: a pid fits in 32
   * bits, a task's frames in 4 GiB, a worker's slot in 16 bits as the
   * pool has at most 1024, and a core's number in 16 bits as Linux counts
   * at most 8192. */
  gint32        worker_pid;
  gint32        worker_tid;
  guint32       ipc_bytes;
  FbTaskStatus  status;
  guint16       worker_slot;
  gint16        cpu;
  /*< private >*/
  guint32       block_pos;
} FbTaskRecord;

G_STATIC_ASSERT (sizeof (gpointer) != 8 || sizeof (FbTaskRecord) == 80);

#define FB_TYPE_TASK_RECORD (fb_task_record_get_type ())

GType         fb_task_record_get_type        (void) G_GNUC_CONST;
FbTaskRecord *fb_task_record_new             (guint64             index,
                                              gint64              input);
FbTaskRecord *fb_task_record_ref             (FbTaskRecord       *self);
void          fb_task_record_unref           (FbTaskRecord       *self);
gint64        fb_task_record_get_wait_us     (const FbTaskRecord *self);
gint64        fb_task_record_get_run_us      (const FbTaskRecord *self);
const char   *fb_task_record_get_output      (const FbTaskRecord *self);
const GError *fb_task_record_get_error       (const FbTaskRecord *self);
const char   *fb_task_record_get_value_json  (const FbTaskRecord *self);
const char   *fb_task_record_get_traceback   (const FbTaskRecord *self);
void          fb_task_record_take_output     (FbTaskRecord       *self,
                                              char               *output);
void          fb_task_record_take_error      (FbTaskRecord       *self,
                                              GError             *error);
void          fb_task_record_take_value_json (FbTaskRecord       *self,
                                              char               *value_json);
void          fb_task_record_take_traceback  (FbTaskRecord       *self,
                                              char               *traceback);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbTaskRecord, fb_task_record_unref)

G_END_DECLS
