/* fb-speedup-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A sweep's speedups against the number of workers, for processes and
 * threads, beside the ideal line where N workers are N times faster. The
 * x axis counts workers instead of seconds.
 */

#define G_LOG_DOMAIN "fb-speedup-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fb-speedup-chart.h"

#define N_KINDS      2
#define LINE_WIDTH   2.0
#define DOT_RADIUS   3.5
#define HEADROOM     1.1

typedef struct
{
  guint  workers;
  double speedup;
} Point;

struct _FbSpeedupChart
{
  FbChart  parent_instance;

  /* Owned */
  GArray  *points[N_KINDS];    /* Point, by FbPoolKind, by workers */
  guint    max_workers;

  /* Prepared, in plot pixels */
  GArray  *pixels[N_KINDS];    /* graphene_point_t */
  double   ideal[4];           /* x0, y0, x1, y1 */
};

G_DEFINE_FINAL_TYPE (FbSpeedupChart, fb_speedup_chart, FB_TYPE_CHART)

static const int kind_colors[N_KINDS] = { 0, 1 };

static const char *
kind_label (FbPoolKind kind)
{
  return kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads");
}

/* FbChart */

static gboolean
fb_speedup_chart_get_extent (FbChart *chart,
                             double  *t_min,
                             double  *t_max)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (chart);

  *t_min = 1;
  *t_max = MAX (2, self->max_workers);
  return self->max_workers > 0;
}

static void
fb_speedup_chart_get_y_range (FbChart *chart,
                              double   t_from,
                              double   t_to,
                              double  *y_min,
                              double  *y_max)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (chart);
  double peak = MAX (2, self->max_workers);

  for (guint kind = 0; kind < N_KINDS; kind++)
    for (guint i = 0; i < self->points[kind]->len; i++)
      peak = MAX (peak, g_array_index (self->points[kind], Point, i).speedup);

  *y_min = 0;
  *y_max = peak * HEADROOM;
}

static char *
fb_speedup_chart_format_x_tick (FbChart *chart,
                                double   value,
                                double   step,
                                double   axis_extent)
{
  /* Workers come whole. */
  if (value < 1 || fabs (value - round (value)) > 1e-6)
    return NULL;
  return g_strdup_printf ("%.0f", value);
}

static char *
fb_speedup_chart_format_y_tick (FbChart *chart,
                                double   value,
                                double   step,
                                double   axis_max)
{
  g_autofree char *number = fb_chart_format_number (value, step < 1 ? 1 : 0);

  /* Translators: a speedup on the chart's axis, as in "2×" */
  return g_strdup_printf (_("%s×"), number);
}

static void
fb_speedup_chart_prepare (FbChart *chart,
                          int      plot_width,
                          int      plot_height)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (chart);
  double n = MAX (2, self->max_workers);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_array_set_size (self->pixels[kind], 0);
      for (guint i = 0; i < self->points[kind]->len; i++)
        {
          const Point *p = &g_array_index (self->points[kind], Point, i);
          graphene_point_t px = GRAPHENE_POINT_INIT (fb_chart_x_for_time (chart, p->workers),
                                                     fb_chart_y_for_value (chart, p->speedup));

          g_array_append_val (self->pixels[kind], px);
        }
    }

  self->ideal[0] = fb_chart_x_for_time (chart, 1);
  self->ideal[1] = fb_chart_y_for_value (chart, 1);
  self->ideal[2] = fb_chart_x_for_time (chart, n);
  self->ideal[3] = fb_chart_y_for_value (chart, n);
}

static void
fb_speedup_chart_draw_plot (FbChart             *chart,
                            cairo_t             *cr,
                            const FbChartColors *colors,
                            int                  plot_width,
                            int                  plot_height)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (chart);
  static const double dash[] = { 6, 4 };

  if (self->max_workers == 0)
    return;

  /* The ideal: N workers, N times faster. */
  cairo_save (cr);
  cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
  cairo_set_line_width (cr, 1.5);
  gdk_cairo_set_source_rgba (cr, fb_chart_colors_lookup (colors, FB_CHART_COLOR_DIM));
  cairo_move_to (cr, self->ideal[0], self->ideal[1]);
  cairo_line_to (cr, self->ideal[2], self->ideal[3]);
  cairo_stroke (cr);
  cairo_restore (cr);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      GArray *pixels = self->pixels[kind];

      if (pixels->len == 0)
        continue;

      gdk_cairo_set_source_rgba (cr, fb_chart_colors_lookup (colors, kind_colors[kind]));
      cairo_set_line_width (cr, LINE_WIDTH);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      for (guint i = 0; i < pixels->len; i++)
        {
          const graphene_point_t *p = &g_array_index (pixels, graphene_point_t, i);

          if (i == 0)
            cairo_move_to (cr, p->x, p->y);
          else
            cairo_line_to (cr, p->x, p->y);
        }
      cairo_stroke (cr);

      for (guint i = 0; i < pixels->len; i++)
        {
          const graphene_point_t *p = &g_array_index (pixels, graphene_point_t, i);

          cairo_new_sub_path (cr);
          cairo_arc (cr, p->x, p->y, DOT_RADIUS, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
}

static const Point *
point_at (FbSpeedupChart *self,
          FbPoolKind      kind,
          guint           workers)
{
  for (guint i = 0; i < self->points[kind]->len; i++)
    if (g_array_index (self->points[kind], Point, i).workers == workers)
      return &g_array_index (self->points[kind], Point, i);
  return NULL;
}

static char *
fb_speedup_chart_dup_readout (FbChart *chart,
                              double   t)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (chart);
  g_autoptr(GString) text = NULL;
  guint workers;

  if (self->max_workers == 0)
    return NULL;

  workers = (guint) CLAMP (round (t), 1, self->max_workers);
  text = g_string_new (NULL);
  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", workers), workers);
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      const Point *p = point_at (self, kind, workers);

      if (p != NULL)
        /* Translators: one mode's speedup under the pointer, as in ", processes 1.93×" */
        g_string_append_printf (text, _(", %s %.2f×"), kind_label (kind), p->speedup);
    }
  /* Translators: the ideal speedup, as in "; ideal 4×" */
  g_string_append_printf (text, _("; ideal %u×."), workers);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
fb_speedup_chart_dup_description (FbChart *chart)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (chart);
  g_autoptr(GString) text = NULL;

  if (self->max_workers == 0)
    return g_strdup (_("Speedup by workers: no sweep yet"));

  text = g_string_new (_("Speedup by workers"));
  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      GArray *points = self->points[kind];

      if (points->len == 0)
        continue;

      g_string_append_printf (text, "; %s:", kind_label (kind));
      for (guint i = 0; i < points->len; i++)
        {
          const Point *p = &g_array_index (points, Point, i);

          /* Translators: one point of the speedup chart, as in " 1.93× with 2" (workers) */
          g_string_append_printf (text, i == 0 ? _(" %.2f× with %u") : _(", %.2f× with %u"), p->speedup, p->workers);
        }
    }
  g_string_append_printf (text, _("; the ideal is %u× with %u."), self->max_workers, self->max_workers);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* GObject */

static void
fb_speedup_chart_finalize (GObject *object)
{
  FbSpeedupChart *self = FB_SPEEDUP_CHART (object);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      g_clear_pointer (&self->points[kind], g_array_unref);
      g_clear_pointer (&self->pixels[kind], g_array_unref);
    }

  G_OBJECT_CLASS (fb_speedup_chart_parent_class)->finalize (object);
}

static void
fb_speedup_chart_class_init (FbSpeedupChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FbChartClass *chart_class = FB_CHART_CLASS (klass);

  object_class->finalize = fb_speedup_chart_finalize;

  chart_class->get_extent = fb_speedup_chart_get_extent;
  chart_class->get_y_range = fb_speedup_chart_get_y_range;
  chart_class->format_x_tick = fb_speedup_chart_format_x_tick;
  chart_class->format_y_tick = fb_speedup_chart_format_y_tick;
  chart_class->prepare = fb_speedup_chart_prepare;
  chart_class->draw_plot = fb_speedup_chart_draw_plot;
  chart_class->dup_readout = fb_speedup_chart_dup_readout;
  chart_class->dup_description = fb_speedup_chart_dup_description;
}

static void
fb_speedup_chart_init (FbSpeedupChart *self)
{
  static const FbChartLegendEntry legend[] = {
    { N_("Processes"), 0, FB_CHART_SWATCH_LINE },
    { N_("Threads"), 1, FB_CHART_SWATCH_LINE },
    { N_("Ideal"), FB_CHART_COLOR_DIM, FB_CHART_SWATCH_DASHED_LINE },
  };
  FbChartLegendEntry entries[G_N_ELEMENTS (legend)];

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      self->points[kind] = g_array_new (FALSE, FALSE, sizeof (Point));
      self->pixels[kind] = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));
    }

  for (guint i = 0; i < G_N_ELEMENTS (legend); i++)
    entries[i] = (FbChartLegendEntry) { _(legend[i].label), legend[i].color, legend[i].swatch };
  fb_chart_set_legend (FB_CHART (self), entries, G_N_ELEMENTS (entries));

  fb_chart_set_title (FB_CHART (self), _("Speedup by Workers"));
  fb_chart_set_y_label (FB_CHART (self), _("Speedup"));
  fb_chart_set_time_window (FB_CHART (self), 1, 2);
}

FbSpeedupChart *
fb_speedup_chart_new (void)
{
  return g_object_new (FB_TYPE_SPEEDUP_CHART, NULL);
}

/**
 * fb_speedup_chart_set_run:
 * @run: (nullable): a finished sweep, or %NULL
 *
 * Shows the speedups @run measured at each worker count, per mode.
 */
void
fb_speedup_chart_set_run (FbSpeedupChart *self,
                          FbRun          *run)
{
  GPtrArray *reports;

  g_return_if_fail (FB_IS_SPEEDUP_CHART (self));
  g_return_if_fail (run == NULL || FB_IS_RUN (run));

  self->max_workers = 0;
  for (guint kind = 0; kind < N_KINDS; kind++)
    g_array_set_size (self->points[kind], 0);

  reports = run != NULL && fb_run_is_sweep (run) ? fb_run_get_reports (run) : NULL;
  for (guint i = 0; reports != NULL && i < reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (reports, i);
      Point p = { report->workers, report->speedup };

      if (report->interrupted || !report->speedup_measured || !(report->speedup > 0))
        continue;
      g_array_append_val (self->points[report->kind], p);
      self->max_workers = MAX (self->max_workers, report->workers);
    }

  fb_chart_set_time_window (FB_CHART (self), 1, MAX (2, self->max_workers));
  fb_chart_invalidate (FB_CHART (self));
}

guint
fb_speedup_chart_get_max_workers (FbSpeedupChart *self)
{
  g_return_val_if_fail (FB_IS_SPEEDUP_CHART (self), 0);
  return self->max_workers;
}
