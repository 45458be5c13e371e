/* fb-cpu-load.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The arithmetic under every chart of Forkbench: what a core did between
 * two readings of its cumulative counters. Kept apart from libgtop so that
 * it can be checked on recorded counters, including the odd ones (a
 * counter that goes backwards, a core that goes offline).
 */

#define G_LOG_DOMAIN "fb-cpu-load"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "fb-cpu-load.h"

FbCpuCounters *
fb_cpu_counters_new (guint n_cores)
{
  FbCpuCounters *self = g_new0 (FbCpuCounters, 1);

  g_return_val_if_fail (n_cores <= FB_CPU_MAX_CORES, self);

  self->n_cores = n_cores;
  self->cores = g_new0 (FbCpuTimes, MAX (n_cores, 1));
  return self;
}

FbCpuCounters *
fb_cpu_counters_copy (const FbCpuCounters *self)
{
  FbCpuCounters *copy = fb_cpu_counters_new (self->n_cores);

  copy->time_us = self->time_us;
  copy->total = self->total;
  memcpy (copy->cores, self->cores, self->n_cores * sizeof (FbCpuTimes));
  return copy;
}

void
fb_cpu_counters_free (FbCpuCounters *self)
{
  if (self == NULL)
    return;

  g_free (self->cores);
  g_free (self);
}

static guint64
times_sum (const FbCpuTimes *t)
{
  return t->user + t->nice + t->sys + t->idle + t->iowait + t->irq + t->softirq;
}

static const FbCpuLoad unknown = { -1, -1, -1 };

/**
 * fb_cpu_times_load:
 *
 * Returns: %TRUE with @load set to what the core did between the two
 *   readings, or %FALSE with @load unknown when they cannot say
 */
gboolean
fb_cpu_times_load (const FbCpuTimes *before,
                   const FbCpuTimes *after,
                   FbCpuLoad        *load)
{
  guint64 total, busy;

  *load = unknown;

  /* A core that was offline in either reading has no counters to compare:
   * one that just came online would otherwise show everything since boot. */
  if (times_sum (before) == 0 || times_sum (after) == 0)
    return FALSE;

  /* A counter that went backwards (a wrap, a reset, a hot-plugged core
   * starting over) says nothing about this interval. */
  if (after->user < before->user || after->nice < before->nice ||
      after->sys < before->sys || after->idle < before->idle ||
      after->iowait < before->iowait || after->irq < before->irq ||
      after->softirq < before->softirq)
    return FALSE;

  total = times_sum (after) - times_sum (before);
  if (total == 0)
    return FALSE;

  busy = (after->user - before->user) + (after->nice - before->nice) +
         (after->sys - before->sys) + (after->irq - before->irq) +
         (after->softirq - before->softirq);

  load->busy = (double) busy / total;
  load->iowait = (double) (after->iowait - before->iowait) / total;
  load->idle = (double) (after->idle - before->idle) / total;
  return TRUE;
}

gboolean
fb_cpu_load_is_known (const FbCpuLoad *load)
{
  return load->busy >= 0;
}

static gboolean
parse_times (const char  *line,
             FbCpuTimes  *times)
{
  guint64 values[7] = { 0 };
  char *end = (char *) line;
  guint n = 0;

  /* user nice system idle iowait irq softirq, then steal and guests,
   * which are not ours to count. */
  while (n < G_N_ELEMENTS (values))
    {
      const char *start = end;

      while (*start == ' ')
        start++;
      if (!g_ascii_isdigit (*start))
        break;
      values[n++] = g_ascii_strtoull (start, &end, 10);
    }

  if (n < 4)
    return FALSE;

  times->user = values[0];
  times->nice = values[1];
  times->sys = values[2];
  times->idle = values[3];
  times->iowait = values[4];
  times->irq = values[5];
  times->softirq = values[6];
  return TRUE;
}

/**
 * fb_cpu_counters_parse_proc_stat:
 * @text: the contents of a /proc/stat
 *
 * Reads recorded counters, for tests and benchmarks. Cores missing from
 * the text (offline) are left all zero.
 *
 * Returns: (transfer full): the counters, or %NULL with @error set
 */
FbCpuCounters *
fb_cpu_counters_parse_proc_stat (const char  *text,
                                 GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(FbCpuCounters) self = NULL;
  gboolean have_total = FALSE;
  guint n_cores = 0;

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "cpu") && g_ascii_isdigit (lines[i][3]))
      {
        guint64 index = g_ascii_strtoull (lines[i] + 3, NULL, 10);

        if (index >= FB_CPU_MAX_CORES)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                         "Core %" G_GUINT64_FORMAT " is past the %d cores Forkbench reads",
                         index, FB_CPU_MAX_CORES);
            return NULL;
          }
        n_cores = MAX (n_cores, (guint) index + 1);
      }

  self = fb_cpu_counters_new (n_cores);

  for (guint i = 0; lines[i]; i++)
    {
      const char *line = lines[i];

      if (!g_str_has_prefix (line, "cpu"))
        continue;

      if (line[3] == ' ')
        have_total = parse_times (line + 3, &self->total);
      else if (g_ascii_isdigit (line[3]))
        {
          char *end;
          guint64 index = g_ascii_strtoull (line + 3, &end, 10);

          if (!parse_times (end, &self->cores[index]))
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The line of core %" G_GUINT64_FORMAT " has too few counters", index);
              return NULL;
            }
        }
    }

  if (!have_total)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "There is no “cpu” line with the machine's counters");
      return NULL;
    }

  return g_steal_pointer (&self);
}
