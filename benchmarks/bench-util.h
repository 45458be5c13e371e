/* bench-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the benchmarks measure the same way.
 */

#pragma once

#include <sys/resource.h>

#include <glib.h>

/* The CPU time this process has used, user and system, in microseconds. */
static inline gint64
bench_cpu_time_us (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}
