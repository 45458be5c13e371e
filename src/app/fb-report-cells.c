/* fb-report-cells.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A report's figures as the cells of a grid, in words: the results of a
 * run and the comparison of two runs show them alike.
 */

#define G_LOG_DOMAIN "fb-report-cells"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "fb-report-cells.h"

static const FbReportRow rows[] = {
  { "wall", N_("Wall time") },
  { "speedup", N_("Speedup over one worker") },
  { "efficiency", N_("Efficiency (speedup per worker)") },
  { "throughput", N_("Throughput") },
  { "latency", N_("Wait to start (median, 95th, 99th)") },
  { "cores", N_("Cores the tasks kept busy") },
  { "per-core", N_("Each core busy, all programs") },
  { "memory", N_("Peak memory added") },
  { "ipc", N_("Data sent between processes") },
  { "failed", N_("Failed tasks") },
};

/**
 * fb_report_rows:
 * @n_rows: (out): how many
 *
 * Returns: (array length=n_rows): the rows a report is shown in, in order;
 *   their titles are to be translated with _()
 */
const FbReportRow *
fb_report_rows (guint *n_rows)
{
  *n_rows = G_N_ELEMENTS (rows);
  return rows;
}

/**
 * fb_report_dup_cell:
 * @id: a row's id
 *
 * Returns: (transfer full): @r's figure for the row @id, in words
 */
char *
fb_report_dup_cell (FbReport   *r,
                    const char *id)
{
  /* A step stopped before any task finished has no times to tell. */
  if (r->tasks_ok + r->tasks_failed == 0 &&
      (g_str_equal (id, "wall") || g_str_equal (id, "speedup") || g_str_equal (id, "efficiency") ||
       g_str_equal (id, "throughput") || g_str_equal (id, "latency") || g_str_equal (id, "cores")))
    return g_strdup ("—");

  if (g_str_equal (id, "wall"))
    return fb_format_seconds (r->wall_s);
  if (g_str_equal (id, "speedup"))
    return r->speedup_measured ? g_strdup_printf ("%.2f", r->speedup)
                               : g_strdup_printf (_("%.2f (estimated)"), r->speedup);
  if (g_str_equal (id, "efficiency"))
    return g_strdup_printf ("%.2f", r->efficiency);
  if (g_str_equal (id, "throughput"))
    {
      g_autofree char *rate = fb_format_quantity (r->throughput_tps);
      return g_strdup_printf (_("%s tasks/s"), rate);
    }
  if (g_str_equal (id, "latency"))
    {
      g_autofree char *p50 = fb_format_us (r->latency_p50_us);
      g_autofree char *p95 = fb_format_us (r->latency_p95_us);
      g_autofree char *p99 = fb_format_us (r->latency_p99_us);
      return g_strdup_printf ("%s, %s, %s", p50, p95, p99);
    }
  if (g_str_equal (id, "cores"))
    return g_strdup_printf ("%.2f", r->cores_busy);
  if (g_str_equal (id, "per-core"))
    {
      g_autoptr(GString) str = g_string_new (NULL);

      if (r->cpu_per_core == NULL)
        return g_strdup (_("not measured"));
      if (!fb_report_has_per_core (r))
        return g_strdup (_("too short to measure"));
      for (guint i = 0; i < r->cpu_per_core->len && i < 16; i++)
        {
          double busy = g_array_index (r->cpu_per_core, double, i);

          if (isnan (busy))
            g_string_append_printf (str, "%s—", i ? " " : "");
          else
            g_string_append_printf (str, "%s%.0f%%", i ? " " : "", busy * 100);
        }
      if (r->cpu_per_core->len > 16)
        g_string_append_printf (str, _(" and %u more"), r->cpu_per_core->len - 16);
      return g_string_free (g_steal_pointer (&str), FALSE);
    }
  if (g_str_equal (id, "memory"))
    return fb_format_bytes (r->peak_rss_bytes);
  if (g_str_equal (id, "ipc"))
    return r->ipc_bytes > 0 ? g_format_size (r->ipc_bytes) : g_strdup (_("none"));
  if (g_str_equal (id, "failed"))
    return g_strdup_printf ("%" G_GUINT64_FORMAT, r->tasks_failed);

  g_return_val_if_reached (NULL);
}

/**
 * fb_report_cell_label_new:
 * @header: whether it heads a row or column
 *
 * Returns: (transfer floating): a label of a results grid
 */
GtkWidget *
fb_report_cell_label_new (const char *text,
                          gboolean    header,
                          float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), !header);
  if (header)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}
