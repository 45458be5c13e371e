/* fb-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures as people read them, the same in the command line, the app and
 * the verdicts.
 */

#define G_LOG_DOMAIN "fb-format"

#include "config.h"

#include "fb-format.h"

/**
 * fb_format_seconds:
 *
 * Returns: (transfer full): "2.05 s", or "418.3 ms" under a second
 */
char *
fb_format_seconds (double seconds)
{
  if (seconds >= 1)
    return g_strdup_printf ("%.2f s", seconds);
  return g_strdup_printf ("%.1f ms", seconds * 1000);
}

/**
 * fb_format_us:
 *
 * Returns: (transfer full): a duration given in microseconds: "1.54 s",
 *   "3.7 ms" or "358 µs"
 */
char *
fb_format_us (double us)
{
  if (us >= 1e6)
    return g_strdup_printf ("%.2f s", us / 1e6);
  if (us >= 1e3)
    return g_strdup_printf ("%.1f ms", us / 1e3);
  return g_strdup_printf ("%.0f µs", us);
}

/**
 * fb_format_rate:
 *
 * Returns: (transfer full): tasks per second: "7.6 /s", "47.4 k/s", "11.46 M/s"
 */
char *
fb_format_rate (double per_second)
{
  if (per_second >= 1e6)
    return g_strdup_printf ("%.2f M/s", per_second / 1e6);
  if (per_second >= 1e3)
    return g_strdup_printf ("%.1f k/s", per_second / 1e3);
  return g_strdup_printf ("%.1f /s", per_second);
}

/**
 * fb_format_quantity:
 *
 * Returns: (transfer full): a count to read at a glance: "5.7", "47.4 k",
 *   "11.46 M"
 */
char *
fb_format_quantity (double value)
{
  if (value >= 1e6)
    return g_strdup_printf ("%.2f M", value / 1e6);
  if (value >= 1e3)
    return g_strdup_printf ("%.1f k", value / 1e3);
  return g_strdup_printf ("%.1f", value);
}

/**
 * fb_format_bytes:
 *
 * Returns: (transfer full): a size, or "—" when it is not known (0)
 */
char *
fb_format_bytes (guint64 bytes)
{
  return bytes > 0 ? g_format_size (bytes) : g_strdup ("—");
}
