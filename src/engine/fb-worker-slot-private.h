/* fb-worker-slot-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a worker process is doing, in memory it shares with its pool: a
 * worker writes it before each task without a system call, and the pool
 * reads it when the worker dies (which task it held) or takes too long
 * (which task timed out). One cache line per worker. */
typedef struct
{
  gint64 seq;           /* the unit being run, or -1 when idle */
  gint64 pos;           /* the task within the unit */
  gint64 started_ns;    /* when that task started (CLOCK_MONOTONIC, in ns:
                         * Python's clock, read without arithmetic) */
  gint64 slack_ns;      /* how much before the task's start started_ns may
                         * be: 0 for forkbench-worker; the python harness
                         * says when a task started once a millisecond, as
                         * a write here costs it as much as a small call */
  gint64 reserved[4];
} FbWorkerSlot;

G_STATIC_ASSERT (sizeof (FbWorkerSlot) == 64);

G_END_DECLS
