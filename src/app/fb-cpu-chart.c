/* fb-cpu-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How busy the cores were, from an FbCpuSampler: a thin line per core and
 * a thick one for the whole machine, from 0 to 100 %. Past 16 cores lines
 * are a tangle, so each core becomes a row of a heat map (up to the 1,024
 * libgtop reads), under the line of the whole machine. Bands behind the
 * plot show which mode ran when.
 */

#define G_LOG_DOMAIN "fb-cpu-chart"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "fb-cpu-chart.h"

#define CORE_LINE_WIDTH   1.5
#define TOTAL_LINE_WIDTH  3.0
#define HEAT_MAP_COLOR    0      /* the first series colour, blue */
#define MAX_LISTED_CORES  16     /* in the description */
#define MIN_BAND_LABEL    24     /* pixels of band under which it has no label */

typedef struct
{
  char   *label;
  double  t_start;
  double  t_end;       /* NAN while it runs */
} Mark;

typedef struct
{
  double       x0;
  double       x1;
  PangoLayout *label;  /* nullable */
} Band;

struct _FbCpuChart
{
  FbChart          parent_instance;

  /* Owned */
  FbCpuSampler    *sampler;
  GArray          *marks;          /* Mark */

  /* Prepared */
  GArray          *total_points;   /* FbChartPoint */
  GPtrArray       *core_points;    /* GArray of FbChartPoint, one per core */
  GArray          *bands;          /* Band */
  cairo_surface_t *heat_map;       /* A8: a pixel per column and row of cores */

  gulong           sample_handler;
  guint            n_cores;        /* those the legend shows */
  guint            uses_heat_map : 1;
};

enum {
  PROP_0,
  PROP_SAMPLER,
  PROP_USES_HEAT_MAP,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (FbCpuChart, fb_cpu_chart, FB_TYPE_CHART)

static void
mark_clear (gpointer data)
{
  Mark *mark = data;

  g_clear_pointer (&mark->label, g_free);
}

static void
band_clear (gpointer data)
{
  Band *band = data;

  g_clear_object (&band->label);
}

static FbSeries *
get_series (FbCpuChart *self,
            int         core)
{
  return self->sampler != NULL ? fb_cpu_sampler_get_series (self->sampler, core) : NULL;
}

/* The legend and the layout follow the number of cores. */
static void
update_cores (FbCpuChart *self,
              guint       n_cores)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (FbChartLegendEntry));
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  FbChartLegendEntry entry;
  gboolean uses_heat_map = n_cores > FB_CPU_CHART_MAX_LINES;

  if (self->n_cores == n_cores)
    return;

  self->n_cores = n_cores;

  entry = (FbChartLegendEntry) { _("All cores"), FB_CHART_COLOR_FOREGROUND, FB_CHART_SWATCH_THICK_LINE };
  g_array_append_val (entries, entry);

  if (uses_heat_map)
    {
      /* Translators: the legend of a heat map with a row per core */
      char *text = g_strdup_printf (_("Cores 0–%u, bottom to top"), n_cores - 1);

      g_ptr_array_add (texts, text);
      entry = (FbChartLegendEntry) { text, HEAT_MAP_COLOR, FB_CHART_SWATCH_GRADIENT };
      g_array_append_val (entries, entry);
    }
  else if (n_cores > 4)
    {
      /* Many cores: "Cores" then their numbers, which take less room. */
      entry = (FbChartLegendEntry) { _("Cores"), 0, FB_CHART_SWATCH_NONE };
      g_array_append_val (entries, entry);

      for (guint i = 0; i < n_cores; i++)
        {
          char *text = g_strdup_printf ("%u", i);

          g_ptr_array_add (texts, text);
          entry = (FbChartLegendEntry) { text, (int) i, FB_CHART_SWATCH_LINE };
          g_array_append_val (entries, entry);
        }
    }
  else
    {
      for (guint i = 0; i < n_cores; i++)
        {
          char *text = g_strdup_printf (_("Core %u"), i);

          g_ptr_array_add (texts, text);
          entry = (FbChartLegendEntry) { text, (int) i, FB_CHART_SWATCH_LINE };
          g_array_append_val (entries, entry);
        }
    }

  fb_chart_set_legend (FB_CHART (self), (const FbChartLegendEntry *) (gpointer) entries->data, entries->len);

  if (self->uses_heat_map != uses_heat_map)
    {
      self->uses_heat_map = uses_heat_map;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USES_HEAT_MAP]);
    }
}

static void
sample_cb (FbCpuChart  *self,
           FbCpuSample *sample)
{
  g_assert (FB_IS_CPU_CHART (self));
  g_assert (sample != NULL);

  update_cores (self, sample->n_cores);
  fb_chart_invalidate (FB_CHART (self));
}

/* Preparing */

static void
prepare_bands (FbCpuChart *self,
               int         plot_width)
{
  FbChart *chart = FB_CHART (self);

  g_array_set_size (self->bands, 0);

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);
      Band band = { 0 };

      band.x0 = MAX (0, fb_chart_x_for_time (chart, mark->t_start));
      /* Still running: up to the right edge. */
      band.x1 = isnan (mark->t_end) ? plot_width : MIN (plot_width, fb_chart_x_for_time (chart, mark->t_end));
      if (band.x1 <= band.x0 || band.x0 >= plot_width || band.x1 <= 0)
        continue;

      /* A band says which mode it was when its whole name fits: a name cut
       * to "P…" says nothing, and the legend and the readout still do. */
      if (band.x1 - band.x0 >= MIN_BAND_LABEL)
        {
          int label_width;

          band.label = fb_chart_create_label (chart, mark->label);
          pango_layout_get_pixel_size (band.label, &label_width, NULL);
          if (label_width > band.x1 - band.x0 - 8)
            g_clear_object (&band.label);
        }

      g_array_append_val (self->bands, band);
    }
}

/* A sample tells what a core did since the one before: its value holds for
 * the columns back to the previous sample. Before the first sample of the
 * window, as far back as samples are apart. An unknown value leaves its
 * columns empty. */
static void
fill_heat_row (float        *row,
               const double *values,
               int           n_columns)
{
  int first = -1, second = -1, stop;
  double held = -1;

  for (int col = 0; col < n_columns && second < 0; col++)
    if (!isnan (values[col]))
      {
        if (first < 0)
          first = col;
        else
          second = col;
      }

  if (first < 0)
    return;

  stop = second < 0 ? first : MAX (0, first - (second - first) + 1);

  for (int col = n_columns - 1; col >= stop; col--)
    {
      if (!isnan (values[col]))
        held = values[col];
      if (held >= 0)
        row[col] = MAX (row[col], (float) held);
    }
}

static void
prepare_heat_map (FbCpuChart *self,
                  guint       n_cores,
                  int         plot_width,
                  int         plot_height)
{
  g_autofree double *min_values = g_new (double, plot_width);
  g_autofree double *max_values = g_new (double, plot_width);
  g_autofree float *cells = NULL;
  guint n_rows = MIN (n_cores, (guint) plot_height);
  double t_from, t_to;
  guchar *data;
  int stride;

  g_clear_pointer (&self->heat_map, cairo_surface_destroy);
  if (n_rows == 0)
    return;

  fb_chart_get_visible_window (FB_CHART (self), &t_from, &t_to);

  cells = g_new (float, (gsize) n_rows * plot_width);
  for (gsize i = 0; i < (gsize) n_rows * plot_width; i++)
    cells[i] = -1;

  /* Core 0 is the bottom row. When cores outnumber the pixel rows, a row
   * shows the busiest of its cores, so that no busy core is hidden. */
  for (guint core = 0; core < n_cores; core++)
    {
      FbSeries *series = get_series (self, (int) core);
      guint row = n_rows - 1 - (guint) ((guint64) core * n_rows / n_cores);

      if (series == NULL)
        continue;

      fb_series_downsample (series, t_from, t_to, plot_width, min_values, max_values);
      fill_heat_row (cells + (gsize) row * plot_width, max_values, plot_width);
    }

  self->heat_map = cairo_image_surface_create (CAIRO_FORMAT_A8, plot_width, n_rows);
  cairo_surface_flush (self->heat_map);
  data = cairo_image_surface_get_data (self->heat_map);
  stride = cairo_image_surface_get_stride (self->heat_map);

  for (guint row = 0; row < n_rows; row++)
    for (int col = 0; col < plot_width; col++)
      {
        float busy = cells[(gsize) row * plot_width + col];

        data[(gsize) row * stride + col] = busy < 0 ? 0 : (guchar) lround (CLAMP (busy, 0, 1) * 255);
      }

  cairo_surface_mark_dirty (self->heat_map);
}

static void
fb_cpu_chart_prepare (FbChart *chart,
                      int      plot_width,
                      int      plot_height)
{
  FbCpuChart *self = FB_CPU_CHART (chart);
  guint n_cores = self->sampler != NULL ? fb_cpu_sampler_get_n_cores (self->sampler) : 0;

  prepare_bands (self, plot_width);
  fb_chart_prepare_points (chart, get_series (self, -1), plot_width, plot_height, self->total_points);

  if (n_cores > FB_CPU_CHART_MAX_LINES)
    {
      g_ptr_array_set_size (self->core_points, 0);
      prepare_heat_map (self, n_cores, plot_width, plot_height);
      return;
    }

  g_clear_pointer (&self->heat_map, cairo_surface_destroy);
  while (self->core_points->len < n_cores)
    g_ptr_array_add (self->core_points, g_array_new (FALSE, FALSE, sizeof (FbChartPoint)));
  g_ptr_array_set_size (self->core_points, n_cores);

  for (guint i = 0; i < n_cores; i++)
    fb_chart_prepare_points (chart, get_series (self, (int) i), plot_width, plot_height,
                             g_ptr_array_index (self->core_points, i));
}

/* Drawing */

static void
fb_cpu_chart_draw_plot (FbChart             *chart,
                        cairo_t             *cr,
                        const FbChartColors *colors,
                        int                  plot_width,
                        int                  plot_height)
{
  FbCpuChart *self = FB_CPU_CHART (chart);

  for (guint i = 0; i < self->bands->len; i++)
    {
      const Band *band = &g_array_index (self->bands, Band, i);
      GdkRGBA fill = colors->foreground;
      GdkRGBA edge = colors->foreground;

      fill.alpha *= i % 2 == 0 ? 0.06 : 0.11;
      edge.alpha *= 0.3;

      gdk_cairo_set_source_rgba (cr, &fill);
      cairo_rectangle (cr, band->x0, 0, band->x1 - band->x0, plot_height);
      cairo_fill (cr);

      gdk_cairo_set_source_rgba (cr, &edge);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, floor (band->x0) + 0.5, 0);
      cairo_line_to (cr, floor (band->x0) + 0.5, plot_height);
      cairo_stroke (cr);

      if (band->label != NULL)
        {
          gdk_cairo_set_source_rgba (cr, &colors->dim);
          cairo_move_to (cr, band->x0 + 4, 2);
          pango_cairo_show_layout (cr, band->label);
        }
    }

  if (self->heat_map != NULL)
    {
      cairo_pattern_t *pattern = cairo_pattern_create_for_surface (self->heat_map);

      cairo_save (cr);
      cairo_scale (cr,
                   (double) plot_width / cairo_image_surface_get_width (self->heat_map),
                   (double) plot_height / cairo_image_surface_get_height (self->heat_map));
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
      gdk_cairo_set_source_rgba (cr, fb_chart_colors_lookup (colors, HEAT_MAP_COLOR));
      cairo_mask (cr, pattern);
      cairo_restore (cr);
      cairo_pattern_destroy (pattern);
    }

  for (guint i = 0; i < self->core_points->len; i++)
    {
      GArray *points = g_ptr_array_index (self->core_points, i);

      fb_chart_stroke_points (chart, cr, &g_array_index (points, FbChartPoint, 0), points->len,
                              fb_chart_colors_lookup (colors, (int) i), CORE_LINE_WIDTH);
    }

  /* Over a heat map, a halo keeps the total readable. */
  if (self->heat_map != NULL)
    fb_chart_stroke_points (chart, cr, &g_array_index (self->total_points, FbChartPoint, 0), self->total_points->len,
                            &colors->background, TOTAL_LINE_WIDTH + 3);

  fb_chart_stroke_points (chart, cr, &g_array_index (self->total_points, FbChartPoint, 0), self->total_points->len,
                          &colors->foreground, TOTAL_LINE_WIDTH);
}

/* FbChart */

static void
widen_rows (GArray *points,
            double *top,
            double *bottom)
{
  for (guint i = 0; i < points->len; i++)
    {
      const FbChartPoint *p = &g_array_index (points, FbChartPoint, i);

      *top = MIN (*top, p->y_hi);
      *bottom = MAX (*bottom, p->y_lo);
    }
}

static gboolean
fb_cpu_chart_get_ink_rows (FbChart *chart,
                           double  *top,
                           double  *bottom)
{
  FbCpuChart *self = FB_CPU_CHART (chart);
  /* Half the widest line, its halo included, and a pixel of antialiasing. */
  double margin = (TOTAL_LINE_WIDTH + 3) / 2 + 1;

  /* Bands and the heat map fill the plot's height. */
  if (self->bands->len > 0 || self->heat_map != NULL)
    return FALSE;

  *top = G_MAXDOUBLE;
  *bottom = -G_MAXDOUBLE;
  widen_rows (self->total_points, top, bottom);
  for (guint i = 0; i < self->core_points->len; i++)
    widen_rows (g_ptr_array_index (self->core_points, i), top, bottom);

  if (*top > *bottom)
    {
      /* Nothing to draw: an empty band. */
      *top = *bottom = 0;
      return TRUE;
    }

  *top -= margin;
  *bottom += margin;
  return TRUE;
}

static gboolean
fb_cpu_chart_get_extent (FbChart *chart,
                         double  *t_min,
                         double  *t_max)
{
  FbSeries *total = get_series (FB_CPU_CHART (chart), -1);

  return total != NULL
      && fb_series_get (total, 0, t_min, NULL)
      && fb_series_get_last (total, t_max, NULL);
}

static char *
fb_cpu_chart_format_y_tick (FbChart *chart,
                            double   value,
                            double   step,
                            double   axis_max)
{
  /* 0.25 is 25 (the unit, %, is in the caption). */
  return fb_chart_format_number (value * 100, step * 100 >= 1 ? 0 : 1);
}

static char *
format_busy (FbSeries *series)
{
  double busy;

  if (series == NULL || !fb_series_get_last (series, NULL, &busy) || busy < 0)
    return g_strdup (_("unknown"));

  /* Translators: how busy a core was, as in 97% */
  return g_strdup_printf (_("%.0f%%"), busy * 100);
}

static char *
fb_cpu_chart_dup_description (FbChart *chart)
{
  FbCpuChart *self = FB_CPU_CHART (chart);
  FbSeries *total = get_series (self, -1);
  g_autoptr(GString) cores = NULL;
  g_autofree char *head = NULL;
  g_autofree char *total_busy = NULL;
  g_autofree char *summary = NULL;
  guint n_cores, n_listed;

  if (total == NULL || fb_series_get_length (total) == 0)
    return g_strdup (_("CPU use: no samples yet"));

  if (fb_chart_get_follow (chart) && fb_chart_get_span (chart) > 0)
    {
      guint seconds = (guint) round (fb_chart_get_span (chart));

      head = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "CPU use, last %u second",
                                           "CPU use, last %u seconds",
                                           seconds),
                              seconds);
    }
  else if (fb_chart_get_follow (chart))
    head = g_strdup (_("CPU use"));
  else
    {
      double t_from, t_to;

      fb_chart_get_visible_window (chart, &t_from, &t_to);
      head = g_strdup_printf (_("CPU use, from %.0f to %.0f seconds"), t_from, t_to);
    }

  total_busy = format_busy (total);
  /* Translators: the CPU chart's description: "CPU use, last 60 seconds", then the machine's share */
  summary = g_strdup_printf (_("%s: all cores %s"), head, total_busy);

  n_cores = fb_cpu_sampler_get_n_cores (self->sampler);
  if (n_cores == 0)
    return g_steal_pointer (&summary);

  cores = g_string_new (NULL);
  n_listed = MIN (n_cores, MAX_LISTED_CORES);
  for (guint i = 0; i < n_listed; i++)
    {
      g_autofree char *busy = format_busy (get_series (self, (int) i));

      if (i > 0)
        g_string_append (cores, ", ");
      /* Translators: one core in the CPU chart's description, as in "core 3 97%" */
      g_string_append_printf (cores, _("core %u %s"), i, busy);
    }

  if (n_cores > n_listed)
    {
      g_string_append (cores, ", ");
      g_string_append_printf (cores,
                              g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n_cores - n_listed),
                              n_cores - n_listed);
    }

  /* Translators: the CPU chart's description: the summary, then each core */
  return g_strdup_printf (_("%s; %s"), summary, cores->str);
}

static char *
format_busy_at (FbSeries *series,
                double    t)
{
  double busy;

  if (!fb_chart_series_nearest (series, t, NULL, &busy) || busy < 0)
    return g_strdup (_("unknown"));
  return g_strdup_printf (_("%.0f%%"), busy * 100);
}

static char *
fb_cpu_chart_dup_readout (FbChart *chart,
                          double   t)
{
  FbCpuChart *self = FB_CPU_CHART (chart);
  FbSeries *total = get_series (self, -1);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *busy = NULL;
  double sample_t, last_t;
  guint n_cores, n_listed;

  if (!fb_chart_series_nearest (total, t, &sample_t, NULL) || !fb_series_get_last (total, &last_t, NULL))
    return NULL;

  busy = format_busy_at (total, sample_t);
  /* Translators: the values under the pointer: "3.5 s ago: all cores 54%" */
  g_string_append_printf (text, _("%.1f s ago: all cores %s"), MAX (0, last_t - sample_t), busy);

  n_cores = fb_cpu_sampler_get_n_cores (self->sampler);
  n_listed = MIN (n_cores, MAX_LISTED_CORES);
  for (guint i = 0; i < n_listed; i++)
    {
      g_autofree char *core_busy = format_busy_at (get_series (self, (int) i), sample_t);

      g_string_append (text, i == 0 ? "; " : ", ");
      g_string_append_printf (text, _("core %u %s"), i, core_busy);
    }
  if (n_cores > n_listed)
    g_string_append_printf (text,
                            g_dngettext (GETTEXT_PACKAGE, ", and %u more", ", and %u more", n_cores - n_listed),
                            n_cores - n_listed);
  g_string_append_c (text, '.');

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* GObject */

static void
fb_cpu_chart_dispose (GObject *object)
{
  FbCpuChart *self = (FbCpuChart *)object;

  if (self->sampler != NULL)
    g_clear_signal_handler (&self->sample_handler, self->sampler);
  g_clear_object (&self->sampler);

  G_OBJECT_CLASS (fb_cpu_chart_parent_class)->dispose (object);
}

static void
fb_cpu_chart_finalize (GObject *object)
{
  FbCpuChart *self = (FbCpuChart *)object;

  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->total_points, g_array_unref);
  g_clear_pointer (&self->core_points, g_ptr_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  g_clear_pointer (&self->heat_map, cairo_surface_destroy);

  G_OBJECT_CLASS (fb_cpu_chart_parent_class)->finalize (object);
}

static void
fb_cpu_chart_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  FbCpuChart *self = FB_CPU_CHART (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      g_value_set_object (value, self->sampler);
      break;

    case PROP_USES_HEAT_MAP:
      g_value_set_boolean (value, self->uses_heat_map);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_cpu_chart_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  FbCpuChart *self = FB_CPU_CHART (object);

  switch (prop_id)
    {
    case PROP_SAMPLER:
      fb_cpu_chart_set_sampler (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_cpu_chart_class_init (FbCpuChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FbChartClass *chart_class = FB_CHART_CLASS (klass);

  object_class->dispose = fb_cpu_chart_dispose;
  object_class->finalize = fb_cpu_chart_finalize;
  object_class->get_property = fb_cpu_chart_get_property;
  object_class->set_property = fb_cpu_chart_set_property;

  chart_class->get_extent = fb_cpu_chart_get_extent;
  chart_class->format_y_tick = fb_cpu_chart_format_y_tick;
  chart_class->prepare = fb_cpu_chart_prepare;
  chart_class->draw_plot = fb_cpu_chart_draw_plot;
  chart_class->get_ink_rows = fb_cpu_chart_get_ink_rows;
  chart_class->dup_description = fb_cpu_chart_dup_description;
  chart_class->dup_readout = fb_cpu_chart_dup_readout;

  properties [PROP_SAMPLER] =
    g_param_spec_object ("sampler", NULL, NULL,
                         FB_TYPE_CPU_SAMPLER,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbCpuChart:uses-heat-map:
   *
   * Whether the cores are rows of a heat map rather than lines: when
   * there are more than %FB_CPU_CHART_MAX_LINES.
   */
  properties [PROP_USES_HEAT_MAP] =
    g_param_spec_boolean ("uses-heat-map", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_cpu_chart_init (FbCpuChart *self)
{
  self->marks = g_array_new (FALSE, TRUE, sizeof (Mark));
  g_array_set_clear_func (self->marks, mark_clear);
  self->bands = g_array_new (FALSE, TRUE, sizeof (Band));
  g_array_set_clear_func (self->bands, band_clear);
  self->total_points = g_array_new (FALSE, FALSE, sizeof (FbChartPoint));
  self->core_points = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  fb_chart_set_y_range (FB_CHART (self), 0, 1);
  fb_chart_set_y_label (FB_CHART (self), _("Busy"));
  fb_chart_set_y_unit (FB_CHART (self), "%");
  self->n_cores = G_MAXUINT;
  update_cores (self, 0);
  fb_chart_set_title (FB_CHART (self), _("CPU Use"));
}

/* Public */

/**
 * fb_cpu_chart_new:
 *
 * Returns: (transfer floating): a chart of no sampler yet
 */
FbCpuChart *
fb_cpu_chart_new (void)
{
  return g_object_new (FB_TYPE_CPU_CHART, NULL);
}

/**
 * fb_cpu_chart_get_sampler:
 *
 * Returns: (transfer none) (nullable): the sampler the chart shows
 */
FbCpuSampler *
fb_cpu_chart_get_sampler (FbCpuChart *self)
{
  g_return_val_if_fail (FB_IS_CPU_CHART (self), NULL);
  return self->sampler;
}

/**
 * fb_cpu_chart_set_sampler:
 * @sampler: (nullable): where the values come from
 *
 * Shows @sampler's series, and follows its samples.
 */
void
fb_cpu_chart_set_sampler (FbCpuChart   *self,
                          FbCpuSampler *sampler)
{
  g_return_if_fail (FB_IS_CPU_CHART (self));
  g_return_if_fail (sampler == NULL || FB_IS_CPU_SAMPLER (sampler));

  if (self->sampler == sampler)
    return;

  if (self->sampler != NULL)
    g_clear_signal_handler (&self->sample_handler, self->sampler);
  g_set_object (&self->sampler, sampler);

  if (sampler != NULL)
    self->sample_handler = g_signal_connect_object (sampler, "sample", G_CALLBACK (sample_cb),
                                                    self, G_CONNECT_SWAPPED);

  update_cores (self, sampler != NULL ? fb_cpu_sampler_get_n_cores (sampler) : 0);
  fb_chart_invalidate (FB_CHART (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SAMPLER]);
}

/**
 * fb_cpu_chart_mark_mode:
 * @label: what ran, as in "Processes"
 * @t_start: when it started, in the sampler's seconds
 * @t_end: when it ended, or NAN while it runs
 *
 * Shows a band behind the plot over the time @label ran. Marking the same
 * @label and @t_start again updates that band: call it with NAN when a
 * mode starts and with its end when it ends.
 */
void
fb_cpu_chart_mark_mode (FbCpuChart *self,
                        const char *label,
                        double      t_start,
                        double      t_end)
{
  Mark mark;

  g_return_if_fail (FB_IS_CPU_CHART (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (!isnan (t_start));
  g_return_if_fail (isnan (t_end) || t_end >= t_start);

  for (guint i = 0; i < self->marks->len; i++)
    {
      Mark *existing = &g_array_index (self->marks, Mark, i);

      if (existing->t_start == t_start && g_str_equal (existing->label, label))
        {
          existing->t_end = t_end;
          fb_chart_invalidate (FB_CHART (self));
          return;
        }
    }

  mark = (Mark) { g_strdup (label), t_start, t_end };
  g_array_append_val (self->marks, mark);
  fb_chart_invalidate (FB_CHART (self));
}

/**
 * fb_cpu_chart_clear_marks:
 *
 * Removes the bands of fb_cpu_chart_mark_mode().
 */
void
fb_cpu_chart_clear_marks (FbCpuChart *self)
{
  g_return_if_fail (FB_IS_CPU_CHART (self));

  if (self->marks->len == 0)
    return;

  g_array_set_size (self->marks, 0);
  fb_chart_invalidate (FB_CHART (self));
}

/**
 * fb_cpu_chart_get_uses_heat_map:
 *
 * Returns: whether the cores are drawn as rows of a heat map, because
 *   there are more than %FB_CPU_CHART_MAX_LINES of them
 */
gboolean
fb_cpu_chart_get_uses_heat_map (FbCpuChart *self)
{
  g_return_val_if_fail (FB_IS_CPU_CHART (self), FALSE);
  return self->uses_heat_map;
}
