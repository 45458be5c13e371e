/* fb-amdahl.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Amdahl's law says what a sweep's speedups mean: if a fraction f of the
 * work can only run on one worker, N workers are at most
 * 1 / (f + (1 - f) / N) times faster, and no number of them more than
 * 1 / f. Fitting f to the measured speedups turns a table into one figure
 * a learner can reason with.
 */

#define G_LOG_DOMAIN "fb-amdahl"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "fb-amdahl.h"

/**
 * fb_amdahl_speedup:
 * @serial_fraction: the part of the work that runs on one worker, 0..1
 * @workers: how many workers
 *
 * Returns: how many times faster than one worker Amdahl's law allows
 */
double
fb_amdahl_speedup (double serial_fraction,
                   guint  workers)
{
  g_return_val_if_fail (workers > 0, 0);

  return 1.0 / (serial_fraction + (1.0 - serial_fraction) / workers);
}

/**
 * fb_amdahl_fit:
 * @workers: (array length=n): the worker count of each point
 * @speedup: (array length=n): the speedup measured at each point
 * @n: how many points
 * @serial_fraction: (out) (optional): the fitted serial fraction, 0..1
 * @residual: (out) (optional): the root mean square of the measured
 *   speedups less the fitted ones
 *
 * Fits s(N) = 1 / (f + (1 - f) / N) by least squares on its linear form,
 * 1/s - 1/N = f (1 - 1/N), through the origin, and clamps f to 0..1:
 * superlinear speedups (caches warming up) would otherwise give a negative
 * serial fraction, which means nothing.
 *
 * Returns: %TRUE if there was something to fit: at least two points, one
 *   of them with more than one worker, and every speedup finite and
 *   positive. On %FALSE, nothing is set.
 */
gboolean
fb_amdahl_fit (const guint  *workers,
               const double *speedup,
               guint         n,
               double       *serial_fraction,
               double       *residual)
{
  gboolean parallel = FALSE;
  double sxx = 0, sxy = 0, sse = 0;
  double f;

  if (n < 2 || workers == NULL || speedup == NULL)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (workers[i] == 0 || !isfinite (speedup[i]) || speedup[i] <= 0)
        return FALSE;
      parallel |= workers[i] > 1;
    }

  if (!parallel)
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      double x = 1.0 - 1.0 / workers[i];
      double y = 1.0 / speedup[i] - 1.0 / workers[i];

      sxx += x * x;
      sxy += x * y;
    }

  f = CLAMP (sxy / sxx, 0.0, 1.0);

  for (guint i = 0; i < n; i++)
    {
      double d = speedup[i] - fb_amdahl_speedup (f, workers[i]);

      sse += d * d;
    }

  if (serial_fraction != NULL)
    *serial_fraction = f;
  if (residual != NULL)
    *residual = sqrt (sse / n);

  return TRUE;
}

static char *
format_percent (double fraction)
{
  double percent = fraction * 100;

  /* Under one percent, a whole number would read "0%" and contradict the
   * point of the sentence. */
  if (percent < 0.95)
    /* TRANSLATORS: a percentage under one, such as "0.1%" */
    return g_strdup_printf (_("%.1f%%"), percent);
  /* TRANSLATORS: a percentage, such as "12%" */
  return g_strdup_printf (_("%.0f%%"), percent);
}

/**
 * fb_amdahl_describe:
 * @serial_fraction: what fb_amdahl_fit() found, 0..1
 * @max_workers: the largest worker count the sweep tried
 *
 * Returns: (transfer full): what the serial fraction means, in a sentence
 *   a learner understands: the most any number of workers can gain, and
 *   what @max_workers can reach
 */
char *
fb_amdahl_describe (double serial_fraction,
                    guint  max_workers)
{
  g_autofree char *percent = NULL;
  double f = CLAMP (serial_fraction, 0.0, 1.0);
  double at_max;

  g_return_val_if_fail (max_workers > 0, NULL);

  percent = format_percent (f);
  at_max = fb_amdahl_speedup (f, max_workers);

  if (f < 0.005)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: %s is a percentage, such as "0.1%"; %u is how many
                                          * workers a sweep tried; %.1f is how many times the speed of one
                                          * worker they reached */
                                         "Almost none of the work ran serially (%s): it scales almost perfectly "
                                         "up to the %u worker tested, which reaches %.1f times the speed of one.",
                                         "Almost none of the work ran serially (%s): it scales almost perfectly "
                                         "up to the %u workers tested, which reach %.1f times the speed of one.",
                                         max_workers),
                            percent, max_workers, at_max);

  if (f > 0.9)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: %s is a percentage, such as "95%"; %u is how many
                                          * workers a sweep tried; %.1f is how many times the speed of one
                                          * worker they reach at most */
                                         "About %s of the work ran serially: it barely gains from more workers, "
                                         "and %u worker reaches at most %.1f times the speed of one.",
                                         "About %s of the work ran serially: it barely gains from more workers, "
                                         "and %u workers reach at most %.1f times the speed of one.",
                                         max_workers),
                            percent, max_workers, at_max);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: %s is a percentage, such as "12%"; the first %.1f is
                                        * the most that any number of workers can gain; %u is how many workers
                                        * a sweep tried, and the last %.1f how many times faster they are at
                                        * most */
                                       "About %s of the work ran serially: no number of workers can make it "
                                       "more than %.1f times faster, and %u worker reaches at most %.1f times.",
                                       "About %s of the work ran serially: no number of workers can make it "
                                       "more than %.1f times faster, and %u workers reach at most %.1f times.",
                                       max_workers),
                          percent, 1.0 / f, max_workers, at_max);
}
