/* fb-task-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-task-record"

#include "config.h"

#include "fb-task-record.h"

G_DEFINE_BOXED_TYPE (FbTaskRecord, fb_task_record, fb_task_record_ref, fb_task_record_unref)

/**
 * fb_task_record_new:
 *
 * Returns: (transfer full): a pending record, queued now
 */
FbTaskRecord *
fb_task_record_new (guint64 index,
                    gint64  input)
{
  FbTaskRecord *self = g_new0 (FbTaskRecord, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->index = index;
  self->input = input;
  self->cpu = -1;
  self->queued_us = g_get_monotonic_time ();

  return self;
}

FbTaskRecord *
fb_task_record_ref (FbTaskRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fb_task_record_unref (FbTaskRecord *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->output);
      g_clear_error (&self->error);
      g_free (self);
    }
}

/**
 * fb_task_record_get_wait_us:
 *
 * Returns: how long the task waited between entering the pool and starting
 *   (its dispatch latency), or -1 if it never started
 */
gint64
fb_task_record_get_wait_us (const FbTaskRecord *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (self->started_us == 0)
    return -1;

  return MAX (0, self->started_us - self->queued_us);
}

/**
 * fb_task_record_get_run_us:
 *
 * Returns: how long the task ran, or -1 if it did not finish
 */
gint64
fb_task_record_get_run_us (const FbTaskRecord *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (self->started_us == 0 || self->finished_us == 0)
    return -1;

  return MAX (0, self->finished_us - self->started_us);
}
