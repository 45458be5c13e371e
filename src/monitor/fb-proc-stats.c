/* fb-proc-stats.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-proc-stats"

#include "config.h"

#include <string.h>

#include <glibtop.h>
#include <glibtop/procmem.h>
#include <glibtop/proctime.h>

#include "fb-proc-stats.h"

/* The core a task last ran on: field 39 of /proc/PID/task/TID/stat, which
 * libgtop does not give. */
static gint
read_last_cpu (gint64 pid,
               gint64 tid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/task/%" G_GINT64_FORMAT "/stat",
                                           pid, tid > 0 ? tid : pid);
  g_autofree char *contents = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after_name;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !(after_name = strrchr (contents, ')')))
    return -1;

  /* Fields after the name start with the state, field 3. */
  fields = g_strsplit (after_name + 2, " ", 40);
  if (g_strv_length (fields) < 37)
    return -1;

  return (gint) g_ascii_strtoll (fields[36], NULL, 10);
}

/**
 * fb_proc_stats_read:
 * @pid: a process
 * @tid: one of its threads, or 0 for the process
 *
 * Returns: %FALSE when the process (or thread) is gone
 */
gboolean
fb_proc_stats_read (gint64       pid,
                    gint64       tid,
                    FbProcStats *stats)
{
  glibtop_proc_time time;
  glibtop_proc_mem mem;
  gint64 which = tid > 0 ? tid : pid;

  g_return_val_if_fail (stats != NULL, FALSE);

  memset (stats, 0, sizeof *stats);
  stats->pid = pid;
  stats->tid = tid;
  stats->last_cpu = -1;

  glibtop_init ();
  glibtop_get_proc_time (&time, (pid_t) which);
  if (time.flags == 0)
    return FALSE;

  if (time.frequency > 0)
    stats->cpu_time_us = (gint64) (time.rtime * G_USEC_PER_SEC / time.frequency);

  glibtop_get_proc_mem (&mem, (pid_t) pid);
  stats->rss_bytes = mem.resident;
  stats->last_cpu = read_last_cpu (pid, tid);

  return TRUE;
}
