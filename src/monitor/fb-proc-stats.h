/* fb-proc-stats.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * FbProcStats:
 * @pid: the process
 * @tid: the thread, or 0 for the whole process
 * @cpu_time_us: CPU time it used since it started
 * @rss_bytes: its resident memory (the process's, for a thread)
 * @last_cpu: the core it ran on last, or -1 when the system does not say
 *
 * The resources of a worker: a process, or a thread of this process.
 */
typedef struct
{
  gint64  pid;
  gint64  tid;
  gint64  cpu_time_us;
  guint64 rss_bytes;
  gint    last_cpu;
} FbProcStats;

gboolean fb_proc_stats_read (gint64       pid,
                             gint64       tid,
                             FbProcStats *stats);

G_END_DECLS
