/* fb-throughput-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tasks completed per second by the process pool and by the thread pool,
 * overlaid on the same axes from the start of each run, so that the two
 * modes compare at a glance. The y axis grows to a round number over the
 * highest rate.
 */

#define G_LOG_DOMAIN "fb-throughput-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fb-throughput-chart.h"

#define N_KINDS     2
#define LINE_WIDTH  2.0
#define HEADROOM    1.05   /* the highest rate stays clear of the top */

struct _FbThroughputChart
{
  FbChart   parent_instance;

  /* Owned */
  FbSeries *series[N_KINDS];   /* by FbPoolKind */

  /* Prepared */
  GArray   *points[N_KINDS];   /* FbChartPoint */
};

G_DEFINE_FINAL_TYPE (FbThroughputChart, fb_throughput_chart, FB_TYPE_CHART)

/* The colours of the kinds: the same on every chart of a kind. */
static const int kind_colors[N_KINDS] = { 0, 1 };

static const char *
kind_label (FbPoolKind kind)
{
  return kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads");
}

static void
update_legend (FbThroughputChart *self)
{
  FbChartLegendEntry entries[N_KINDS];
  guint n = 0;

  for (guint kind = 0; kind < N_KINDS; kind++)
    if (self->series[kind] != NULL)
      entries[n++] = (FbChartLegendEntry) { kind_label (kind), kind_colors[kind], FB_CHART_SWATCH_LINE };

  fb_chart_set_legend (FB_CHART (self), entries, n);
}

/* FbChart */

static gboolean
fb_throughput_chart_get_extent (FbChart *chart,
                                double  *t_min,
                                double  *t_max)
{
  FbThroughputChart *self = FB_THROUGHPUT_CHART (chart);
  gboolean found = FALSE;

  /* Runs are aligned at their start: from 0 to the end of the longest. */
  *t_min = 0;
  *t_max = 0;

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      double t;

      if (self->series[kind] != NULL && fb_series_get_last (self->series[kind], &t, NULL))
        {
          *t_max = found ? MAX (*t_max, t) : t;
          found = TRUE;
        }
    }

  return found;
}

static void
fb_throughput_chart_get_y_range (FbChart *chart,
                                 double   t_from,
                                 double   t_to,
                                 double  *y_min,
                                 double  *y_max)
{
  FbThroughputChart *self = FB_THROUGHPUT_CHART (chart);
  double peak = 0;

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      guint length = self->series[kind] != NULL ? fb_series_get_length (self->series[kind]) : 0;

      for (guint i = 0; i < length; i++)
        {
          double t, value;

          fb_series_get (self->series[kind], i, &t, &value);
          if (t >= t_from && t <= t_to && value > peak)
            peak = value;
        }
    }

  *y_min = 0;
  *y_max = peak > 0 ? peak * HEADROOM : 1;
}

static void
fb_throughput_chart_prepare (FbChart *chart,
                             int      plot_width,
                             int      plot_height)
{
  FbThroughputChart *self = FB_THROUGHPUT_CHART (chart);

  for (guint kind = 0; kind < N_KINDS; kind++)
    fb_chart_prepare_points (chart, self->series[kind], plot_width, plot_height, self->points[kind]);
}

static void
fb_throughput_chart_draw_plot (FbChart             *chart,
                               cairo_t             *cr,
                               const FbChartColors *colors,
                               int                  plot_width,
                               int                  plot_height)
{
  FbThroughputChart *self = FB_THROUGHPUT_CHART (chart);

  for (guint kind = 0; kind < N_KINDS; kind++)
    fb_chart_stroke_points (chart, cr, &g_array_index (self->points[kind], FbChartPoint, 0), self->points[kind]->len,
                            fb_chart_colors_lookup (colors, kind_colors[kind]), LINE_WIDTH);
}

static char *
format_rate (double rate)
{
  return fb_chart_format_number (rate, rate >= 100 ? 0 : rate >= 10 ? 1 : 2);
}

static char *
dup_kind_description (FbSeries   *series,
                      FbPoolKind  kind)
{
  g_autofree char *now_text = NULL;
  g_autofree char *peak_text = NULL;
  guint length = fb_series_get_length (series);
  double now = 0, peak = 0;

  for (guint i = 0; i < length; i++)
    {
      double value;

      fb_series_get (series, i, NULL, &value);
      peak = MAX (peak, value);
    }
  fb_series_get_last (series, NULL, &now);

  now_text = format_rate (now);
  peak_text = format_rate (peak);

  if (kind == FB_POOL_PROCESSES)
    /* Translators: in the throughput chart's description */
    return g_strdup_printf (_("processes %s tasks/s now, peak %s"), now_text, peak_text);
  else
    /* Translators: in the throughput chart's description */
    return g_strdup_printf (_("threads %s tasks/s now, peak %s"), now_text, peak_text);
}

static char *
fb_throughput_chart_dup_description (FbChart *chart)
{
  FbThroughputChart *self = FB_THROUGHPUT_CHART (chart);
  g_autoptr(GString) parts = g_string_new (NULL);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_autofree char *part = NULL;

      if (self->series[kind] == NULL || fb_series_get_length (self->series[kind]) == 0)
        continue;

      part = dup_kind_description (self->series[kind], kind);
      if (parts->len > 0)
        g_string_append (parts, "; ");
      g_string_append (parts, part);
    }

  if (parts->len == 0)
    return g_strdup (_("Throughput: no tasks yet"));

  /* Translators: the throughput chart's description, then each mode's rates */
  return g_strdup_printf (_("Throughput: %s"), parts->str);
}

/* GObject */

static void
fb_throughput_chart_finalize (GObject *object)
{
  FbThroughputChart *self = (FbThroughputChart *)object;

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_clear_pointer (&self->series[kind], fb_series_unref);
      g_clear_pointer (&self->points[kind], g_array_unref);
    }

  G_OBJECT_CLASS (fb_throughput_chart_parent_class)->finalize (object);
}

static char *
fb_throughput_chart_dup_readout (FbChart *chart,
                                 double   t)
{
  FbThroughputChart *self = FB_THROUGHPUT_CHART (chart);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_autofree char *rate = NULL;
      double sample_t, value;

      if (!fb_chart_series_nearest (self->series[kind], t, &sample_t, &value))
        continue;

      rate = format_rate (value);
      if (text->len > 0)
        g_string_append (text, "; ");
      /* Translators: the rate under the pointer: "Processes at 1.5 s: 5300 tasks/s" */
      g_string_append_printf (text, _("%s at %.1f s: %s tasks/s"), kind_label (kind), sample_t, rate);
    }

  if (text->len == 0)
    return NULL;
  g_string_append_c (text, '.');
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
fb_throughput_chart_class_init (FbThroughputChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FbChartClass *chart_class = FB_CHART_CLASS (klass);

  object_class->finalize = fb_throughput_chart_finalize;

  chart_class->get_extent = fb_throughput_chart_get_extent;
  chart_class->get_y_range = fb_throughput_chart_get_y_range;
  chart_class->prepare = fb_throughput_chart_prepare;
  chart_class->draw_plot = fb_throughput_chart_draw_plot;
  chart_class->dup_description = fb_throughput_chart_dup_description;
  chart_class->dup_readout = fb_throughput_chart_dup_readout;
}

static void
fb_throughput_chart_init (FbThroughputChart *self)
{
  for (guint kind = 0; kind < N_KINDS; kind++)
    self->points[kind] = g_array_new (FALSE, FALSE, sizeof (FbChartPoint));

  fb_chart_set_title (FB_CHART (self), _("Throughput"));
  fb_chart_set_y_unit (FB_CHART (self), _("tasks/s"));
  /* From the start of the runs to the end of the longest. */
  fb_chart_set_follow (FB_CHART (self), TRUE, 0);
}

/* Public */

/**
 * fb_throughput_chart_new:
 *
 * Returns: (transfer floating): a chart of no series yet
 */
FbThroughputChart *
fb_throughput_chart_new (void)
{
  return g_object_new (FB_TYPE_THROUGHPUT_CHART, NULL);
}

/**
 * fb_throughput_chart_get_series:
 *
 * Returns: (transfer none) (nullable): the series of @kind
 */
FbSeries *
fb_throughput_chart_get_series (FbThroughputChart *self,
                                FbPoolKind         kind)
{
  g_return_val_if_fail (FB_IS_THROUGHPUT_CHART (self), NULL);
  g_return_val_if_fail (kind == FB_POOL_PROCESSES || kind == FB_POOL_THREADS, NULL);

  return self->series[kind];
}

/**
 * fb_throughput_chart_set_series:
 * @kind: which mode ran
 * @series: (nullable): tasks per second, over seconds since the run started
 *
 * Shows the rate of a run of @kind. A series has no signal: whoever pushes
 * values to it calls fb_chart_invalidate() after.
 */
void
fb_throughput_chart_set_series (FbThroughputChart *self,
                                FbPoolKind         kind,
                                FbSeries          *series)
{
  g_return_if_fail (FB_IS_THROUGHPUT_CHART (self));
  g_return_if_fail (kind == FB_POOL_PROCESSES || kind == FB_POOL_THREADS);

  if (self->series[kind] == series)
    return;

  g_clear_pointer (&self->series[kind], fb_series_unref);
  if (series != NULL)
    self->series[kind] = fb_series_ref (series);

  update_legend (self);
  fb_chart_invalidate (FB_CHART (self));
}
