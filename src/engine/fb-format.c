/* fb-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures as people read them, the same in the command line, the app and
 * the verdicts.
 */

#define G_LOG_DOMAIN "fb-format"

#include "config.h"

#include <glib/gi18n-lib.h>

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
    /* TRANSLATORS: a duration in seconds, such as "2.05 s" */
    return g_strdup_printf (_("%.2f s"), seconds);
  /* TRANSLATORS: a duration in milliseconds, such as "418.3 ms" */
  return g_strdup_printf (_("%.1f ms"), seconds * 1000);
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
    /* TRANSLATORS: a duration in seconds, such as "2.05 s" */
    return g_strdup_printf (_("%.2f s"), us / 1e6);
  if (us >= 1e3)
    /* TRANSLATORS: a duration in milliseconds, such as "418.3 ms" */
    return g_strdup_printf (_("%.1f ms"), us / 1e3);
  /* TRANSLATORS: a duration in microseconds, such as "358 µs" */
  return g_strdup_printf (_("%.0f µs"), us);
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
    /* TRANSLATORS: millions of tasks per second, such as "11.46 M/s" */
    return g_strdup_printf (_("%.2f M/s"), per_second / 1e6);
  if (per_second >= 1e3)
    /* TRANSLATORS: thousands of tasks per second, such as "47.4 k/s" */
    return g_strdup_printf (_("%.1f k/s"), per_second / 1e3);
  /* TRANSLATORS: tasks per second, such as "7.6 /s" */
  return g_strdup_printf (_("%.1f /s"), per_second);
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
    /* TRANSLATORS: a count in millions, such as "11.46 M" */
    return g_strdup_printf (_("%.2f M"), value / 1e6);
  if (value >= 1e3)
    /* TRANSLATORS: a count in thousands, such as "47.4 k" */
    return g_strdup_printf (_("%.1f k"), value / 1e3);
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

/**
 * fb_format_json:
 * @root: a JSON value
 *
 * Returns: (transfer full): @root as `forkbench-cli --format json` prints
 *   it: indented by two spaces, with a final newline
 */
char *
fb_format_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (root != NULL, NULL);

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  return g_strconcat (text, "\n", NULL);
}
