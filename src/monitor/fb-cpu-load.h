/* fb-cpu-load.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The most cores a snapshot holds: libgtop's limit. */
#define FB_CPU_MAX_CORES 1024

/**
 * FbCpuTimes:
 *
 * A core's cumulative counters since boot, in whatever unit the system
 * counts (ticks): only their differences mean anything.
 */
typedef struct
{
  guint64 user;
  guint64 nice;
  guint64 sys;
  guint64 idle;
  guint64 iowait;
  guint64 irq;
  guint64 softirq;
} FbCpuTimes;

/**
 * FbCpuCounters:
 * @time_us: when they were read (CLOCK_MONOTONIC)
 * @n_cores: how many cores, offline ones included up to the highest online
 * @total: the whole machine's counters
 * @cores: (array length=n_cores): each core's; all zero for an offline core
 *
 * One reading of the counters.
 */
typedef struct
{
  gint64      time_us;
  guint       n_cores;
  FbCpuTimes  total;
  FbCpuTimes *cores;
} FbCpuCounters;

/**
 * FbCpuLoad:
 * @busy: the share of the time spent running (user, nice, system, irq, softirq)
 * @iowait: the share spent idle while waiting for I/O
 * @idle: the share spent idle
 *
 * What a core did between two readings, each 0..1; all three are -1 when
 * it is unknown (the first reading, a counter that went backwards, no time
 * passed, or a core that went offline or came online in between).
 */
typedef struct
{
  double busy;
  double iowait;
  double idle;
} FbCpuLoad;

FbCpuCounters *fb_cpu_counters_new             (guint                 n_cores);
FbCpuCounters *fb_cpu_counters_copy            (const FbCpuCounters  *self);
void           fb_cpu_counters_free            (FbCpuCounters        *self);
FbCpuCounters *fb_cpu_counters_parse_proc_stat (const char           *text,
                                                GError              **error);
gboolean       fb_cpu_times_load               (const FbCpuTimes     *before,
                                                const FbCpuTimes     *after,
                                                FbCpuLoad            *load);
gboolean       fb_cpu_load_is_known            (const FbCpuLoad      *load);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCpuCounters, fb_cpu_counters_free)

G_END_DECLS
