/* fb-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frame every Forkbench chart shares: a title, a legend, the axes with
 * their units, ticks and grid, over a window of time that can follow the
 * newest data. Subclasses turn their data into arrays in ::prepare, when
 * the data, the window or the size change, and draw those arrays in
 * ::draw_plot. The screen, a PNG and an SVG draw the same pieces on a
 * cairo_t, so that they show the same picture; GTK 4.8 has no GskPath, so
 * the widget draws through gtk_snapshot_append_cairo(). It records the
 * frame once, the grid as rectangles GTK fills and the labels beside the
 * plot, and when the data changes only the data, in a node as large as
 * what it draws: GTK then repaints no more than that.
 */

#define G_LOG_DOMAIN "fb-chart"

#include "config.h"

#include <math.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "fb-chart.h"
#include "fb-chart-private.h"
#include "fb-line-raster.h"

#define PAD                 6.0
#define SMALL_FONT_SCALE    0.85
#define MIN_X_TICK_GAP      80     /* pixels between two time labels, at least */
#define MIN_Y_TICK_GAP      36
#define MAX_LEGEND_SHARE    0.1    /* of the height, for rows below the title */
#define LEGEND_SPACING      14.0
#define TITLE_SPACING       24.0   /* between the title and the legend beside it */
#define LINE_SWATCH_WIDTH   16.0
#define GRADIENT_WIDTH      24.0
#define SWATCH_GAP          4.0
#define PLOT_OVERDRAW       2      /* lines at the edges keep their full width */
#define DEFAULT_SPAN        60.0
#define MIN_WIDTH           200
#define NATURAL_WIDTH       400
#define MIN_HEIGHT          120
#define NATURAL_HEIGHT      220

/* WCAG 2.1 asks 3:1 for the parts of a graphic one needs to understand it. */
#define MIN_CONTRAST        3.0
#define MIN_CONTRAST_HC     4.5

typedef enum
{
  TEXT_TITLE,
  TEXT_NORMAL,
  TEXT_DIM,
} TextKind;

typedef struct
{
  PangoLayout *layout;
  double       x;
  double       y;
  TextKind     kind;
  gboolean     rotated;
} Label;

typedef struct
{
  double         x;
  double         y;          /* the row's middle */
  int            color;
  FbChartSwatch  swatch;
} Swatch;

typedef struct
{
  char          *label;
  int            color;
  FbChartSwatch  swatch;
} LegendEntry;

/* Shaped text, kept from one preparation to the next. */
typedef struct
{
  GHashTable *shown;     /* font hash + text -> PangoLayout, of this preparation */
  GHashTable *previous;  /* of the one before, to reuse */
} LayoutCache;

/* What the frame is laid out for: when none of it changes, nor the title,
 * legend, captions or font, the frame stays as it is. */
typedef struct
{
  int      width;
  int      height;
  double   y_min;
  double   y_max;
  double   t_from;       /* 0 when the ticks count back from now */
  double   t_to;         /* the span, then */
  gboolean from_now;
} FrameKey;

typedef struct
{
  /* Owned */
  char                  *title;
  char                  *y_label;
  char                  *y_unit;
  char                  *description;
  GArray                *legend;        /* LegendEntry */
  GArray                *labels;        /* Label, prepared */
  LayoutCache            frame_layouts; /* the title, legend, ticks and caption */
  LayoutCache            plot_layouts;  /* fb_chart_create_label()'s, in the plot */
  GArray                *swatches;      /* Swatch, prepared */
  GArray                *x_grid;        /* double, from the plot's left */
  GArray                *y_grid;        /* double, from the plot's top */
  GArray                *scratch_min;   /* double, for downsampling */
  GArray                *scratch_max;
  GPtrArray             *line_caches;   /* FbLineCache, one per line drawn */
  PangoFontDescription  *font;          /* the widget's, when prepared */
  PangoFontDescription  *small_font;

  double                 span;          /* follow mode: seconds shown, 0 for all */
  double                 fixed_from;
  double                 fixed_to;
  double                 y_min;
  double                 y_max;

  /* Prepared */
  double                 t_from;
  double                 t_to;
  /* The lines kept in line_caches: their number in the plot being drawn,
   * and the right edge's time they were drawn for. */
  guint                  n_lines;
  double                 lines_t_to;
  double                 lines_shift;
  double                 axis_min;
  double                 axis_max;
  cairo_rectangle_int_t  plot;
  int                    width;
  int                    height;
  guint                  n_prepared_points;
  FrameKey               frame_key;

  FbChartColors          colors;
  GskRenderNode         *frame_node;    /* snapshot_frame()'s, while it stays */
  FbChartPace            description_pace;
  guint                  description_source;

  double                 cursor_t;       /* the time read out, when has_cursor */

  guint                  has_cursor : 1;
  guint                  follow : 1;
  guint                  smooth : 1;
  guint                  dirty : 1;
  guint                  frame_dirty : 1;
  guint                  prepared : 1;
  guint                  colors_valid : 1;
} FbChartPrivate;

enum {
  PROP_0,
  PROP_FOLLOW,
  PROP_SPAN,
  PROP_TITLE,
  PROP_Y_LABEL,
  PROP_Y_UNIT,
  PROP_SMOOTH,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (FbChart, fb_chart, GTK_TYPE_WIDGET)

/* Colours */

/* The GNOME palette, https://developer.gnome.org/hig/reference/palette.html:
 * shade 3 then shade 5 on a light style, shades 2 then 1 on a dark one,
 * so that lines stay apart from the background they are drawn on. */
static const struct {
  const char *light;
  const char *dark;
} palette[FB_CHART_N_SERIES_COLORS] = {
  { "#3584e4", "#62a0ea" },   /* blue */
  { "#ff7800", "#ffa348" },   /* orange */
  { "#33d17a", "#57e389" },   /* green */
  { "#9141ac", "#c061cb" },   /* purple */
  { "#e01b24", "#ed333b" },   /* red */
  { "#f6d32d", "#f8e45c" },   /* yellow */
  { "#986a44", "#b5835a" },   /* brown */
  { "#1a5fb4", "#99c1f1" },
  { "#c64600", "#ffbe6f" },
  { "#26a269", "#8ff0a4" },
  { "#613583", "#dc8add" },
  { "#a51d2d", "#f66151" },
  { "#e5a50a", "#f9f06b" },
  { "#63452c", "#cdab8f" },
};

static double
channel_luminance (double c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
relative_luminance (const GdkRGBA *c)
{
  return 0.2126 * channel_luminance (c->red)
       + 0.7152 * channel_luminance (c->green)
       + 0.0722 * channel_luminance (c->blue);
}

static double
contrast_ratio (const GdkRGBA *a,
                const GdkRGBA *b)
{
  double la = relative_luminance (a);
  double lb = relative_luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static void
rgb_to_hsl (const GdkRGBA *c,
            double        *h,
            double        *s,
            double        *l)
{
  double max = MAX (c->red, MAX (c->green, c->blue));
  double min = MIN (c->red, MIN (c->green, c->blue));
  double d = max - min;

  *l = (max + min) / 2;
  *h = *s = 0;
  if (d <= 0)
    return;

  *s = *l > 0.5 ? d / (2 - max - min) : d / (max + min);
  if (max == c->red)
    *h = fmod ((c->green - c->blue) / d + 6, 6);
  else if (max == c->green)
    *h = (c->blue - c->red) / d + 2;
  else
    *h = (c->red - c->green) / d + 4;
  *h /= 6;
}

static double
hue_to_channel (double p,
                double q,
                double t)
{
  t = t - floor (t);
  if (t < 1.0 / 6)
    return p + (q - p) * 6 * t;
  if (t < 0.5)
    return q;
  if (t < 2.0 / 3)
    return p + (q - p) * (2.0 / 3 - t) * 6;
  return p;
}

static void
hsl_to_rgb (double   h,
            double   s,
            double   l,
            GdkRGBA *c)
{
  double q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  double p = 2 * l - q;

  c->red = hue_to_channel (p, q, h + 1.0 / 3);
  c->green = hue_to_channel (p, q, h);
  c->blue = hue_to_channel (p, q, h - 1.0 / 3);
}

/* Moves a colour's lightness away from the background until the line
 * reads against it: yellow on white, purple on near black. */
static void
ensure_contrast (GdkRGBA       *color,
                 const GdkRGBA *background,
                 gboolean       lighten,
                 double         min_contrast)
{
  double h, s, l;

  rgb_to_hsl (color, &h, &s, &l);
  for (guint i = 0; i < 50 && contrast_ratio (color, background) < min_contrast; i++)
    {
      l = CLAMP (l + (lighten ? 0.02 : -0.02), 0, 1);
      hsl_to_rgb (h, s, l, color);
    }
}

static void
compute_colors (FbChart       *self,
                FbChartColors *colors)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (manager);
  double min_contrast = adw_style_manager_get_high_contrast (manager) ? MIN_CONTRAST_HC : MIN_CONTRAST;
  GtkStyleContext *style_context;
  gboolean has_background;
  GdkRGBA opaque_background;

  /* FIXME: gtk_widget_get_color() replaces these from GTK 4.10; the
   * named colour has no replacement but stays in libadwaita's sheet. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  style_context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gtk_style_context_get_color (style_context, &colors->foreground);
  has_background = gtk_style_context_lookup_color (style_context, "view_bg_color", &colors->background);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* Without libadwaita's sheet, the opposite of the text is close enough. */
  if (!has_background)
    colors->background = (GdkRGBA) { 1 - colors->foreground.red,
                                     1 - colors->foreground.green,
                                     1 - colors->foreground.blue,
                                     1 };

  colors->dark = dark;
  colors->dim = colors->foreground;
  colors->dim.alpha *= 0.7;
  colors->axis = colors->foreground;
  colors->axis.alpha *= 0.5;
  colors->grid = colors->foreground;
  colors->grid.alpha *= 0.15;

  opaque_background = colors->background;
  opaque_background.alpha = 1;

  for (guint i = 0; i < FB_CHART_N_SERIES_COLORS; i++)
    {
      gdk_rgba_parse (&colors->series[i], dark ? palette[i].dark : palette[i].light);
      ensure_contrast (&colors->series[i], &opaque_background, dark, min_contrast);
    }
}

static const FbChartColors *
ensure_colors (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  if (!priv->colors_valid)
    {
      compute_colors (self, &priv->colors);
      priv->colors_valid = TRUE;
      g_clear_pointer (&priv->frame_node, gsk_render_node_unref);
    }

  return &priv->colors;
}

/**
 * fb_chart_colors_lookup:
 * @color: an index in the series colours, or %FB_CHART_COLOR_FOREGROUND
 *
 * Returns: (transfer none): the colour; series colours repeat past the
 *   end of the palette
 */
const GdkRGBA *
fb_chart_colors_lookup (const FbChartColors *colors,
                        int                  color)
{
  g_return_val_if_fail (colors != NULL, NULL);

  if (color == FB_CHART_COLOR_DIM)
    return &colors->dim;
  if (color < 0)
    return &colors->foreground;
  return &colors->series[color % FB_CHART_N_SERIES_COLORS];
}

/* Numbers and times */

/* How many decimals @value needs, up to @max_decimals: 2.5 needs one, 5 none. */
static int
decimals_needed (double value,
                 int    max_decimals)
{
  double scaled = fabs (value);
  int decimals = 0;

  while (decimals < max_decimals && fabs (scaled - round (scaled)) > 1e-6 * MAX (scaled, 1))
    {
      scaled *= 10;
      decimals++;
    }

  return decimals;
}

/**
 * fb_chart_format_number:
 * @value: a number
 * @max_decimals: the most decimals to write
 *
 * Writes @value with the locale's thousands separators, and no more
 * decimals than it needs: "1,250", "2.5".
 *
 * Returns: (transfer full): the text
 */
char *
fb_chart_format_number (double value,
                        int    max_decimals)
{
  if (fabs (value) < 1e-9)
    value = 0;

  /* The ' flag groups thousands as the locale does. */
  return g_strdup_printf ("%'.*f", decimals_needed (value, max_decimals), value);
}

static char *
fb_chart_real_format_y_tick (FbChart *self,
                             double   value,
                             double   step,
                             double   axis_max)
{
  g_autofree char *number = NULL;
  const char *suffix = "";
  double scale = 1;

  if (axis_max >= 1e7)
    {
      scale = 1e6;
      /* Translators: the suffix of millions on a chart's axis, as in 2M */
      suffix = C_("axis", "M");
    }
  else if (axis_max >= 1e4)
    {
      scale = 1e3;
      /* Translators: the suffix of thousands on a chart's axis, as in 20k */
      suffix = C_("axis", "k");
    }

  if (fabs (value) < 1e-9)
    return g_strdup ("0");

  number = fb_chart_format_number (value / scale, decimals_needed (step / scale, 3));
  return g_strconcat (number, suffix, NULL);
}

/* The largest tick count that fits stays a 1, 2, 2.5 or 5 times a power of ten. */
static double
nice_step (double range,
           guint  max_ticks)
{
  double raw = range / MAX (max_ticks, 1);
  double magnitude = pow (10, floor (log10 (raw)));
  double f = raw / magnitude;

  if (f <= 1)
    return magnitude;
  if (f <= 2)
    return 2 * magnitude;
  if (f <= 2.5)
    return 2.5 * magnitude;
  if (f <= 5)
    return 5 * magnitude;
  return 10 * magnitude;
}

static double
time_step (double span,
           guint  max_ticks)
{
  static const double steps[] = {
    0.001, 0.002, 0.005, 0.01, 0.02, 0.05,
    0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 20, 30,
    60, 120, 300, 600, 900, 1200, 1800,
    3600, 7200, 10800, 21600, 43200, 86400,
  };

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (span / steps[i] <= MAX (max_ticks, 1))
      return steps[i];

  return nice_step (span / 86400, max_ticks) * 86400;
}

/* "45 s" on a short axis, "250 ms" on one under a second, "1:30" on one of
 * minutes, "1:00:00" of hours. */
static char *
format_duration (double seconds,
                 double step,
                 double axis_extent)
{
  const char *sign = seconds < 0 ? "−" : "";
  double magnitude = fabs (seconds);

  if (axis_extent >= 3600)
    {
      guint s = (guint) round (magnitude);
      return g_strdup_printf ("%s%u:%02u:%02u", sign, s / 3600, s / 60 % 60, s % 60);
    }
  else if (axis_extent >= 120)
    {
      guint s = (guint) round (magnitude);
      return g_strdup_printf ("%s%u:%02u", sign, s / 60, s % 60);
    }
  else if (axis_extent >= 1)
    {
      g_autofree char *number = fb_chart_format_number (magnitude, decimals_needed (step, 1));
      /* Translators: a time on a chart's axis, in seconds */
      return g_strdup_printf (_("%s%s s"), sign, number);
    }
  else
    {
      g_autofree char *number = fb_chart_format_number (magnitude * 1000, decimals_needed (step * 1000, 1));
      /* Translators: a time on a chart's axis, in milliseconds */
      return g_strdup_printf (_("%s%s ms"), sign, number);
    }
}

/* Layout */

static void
label_clear (gpointer data)
{
  Label *label = data;

  g_clear_object (&label->layout);
}

static void
legend_entry_clear (gpointer data)
{
  LegendEntry *entry = data;

  g_clear_pointer (&entry->label, g_free);
}

static void
layout_cache_init (LayoutCache *cache)
{
  cache->shown = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  cache->previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static void
layout_cache_clear (LayoutCache *cache)
{
  g_clear_pointer (&cache->shown, g_hash_table_unref);
  g_clear_pointer (&cache->previous, g_hash_table_unref);
}

static void
layout_cache_forget (LayoutCache *cache)
{
  g_hash_table_remove_all (cache->shown);
  g_hash_table_remove_all (cache->previous);
}

/* A preparation starts: what it does not show again is dropped after it. */
static void
layout_cache_next (LayoutCache *cache)
{
  GHashTable *swap = cache->previous;

  g_hash_table_remove_all (swap);
  cache->previous = cache->shown;
  cache->shown = swap;
}

/* Text is shaped once and kept while it is shown: a live chart sampled
 * every second mostly draws the same ticks and legend again, and shaping
 * them anew would be most of what it costs. */
static PangoLayout *
layout_cache_get (LayoutCache                *cache,
                  FbChart                    *self,
                  const PangoFontDescription *font,
                  const char                 *text)
{
  g_autofree char *key = g_strdup_printf ("%u\x1f%s", pango_font_description_hash (font), text);
  PangoLayout *layout;
  gpointer old_key, value;

  layout = g_hash_table_lookup (cache->shown, key);
  if (layout != NULL)
    return g_object_ref (layout);

  if (g_hash_table_steal_extended (cache->previous, key, &old_key, &value))
    {
      g_free (old_key);
      layout = value;
    }
  else
    {
      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_font_description (layout, font);
    }

  g_hash_table_insert (cache->shown, g_steal_pointer (&key), layout);
  return g_object_ref (layout);
}

static PangoLayout *
make_layout (FbChart                    *self,
             const PangoFontDescription *font,
             const char                 *text)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  return layout_cache_get (&priv->frame_layouts, self, font, text);
}

/* Forgets every shaped text: the font or the screen changed. */
static void
forget_layouts (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  layout_cache_forget (&priv->frame_layouts);
  layout_cache_forget (&priv->plot_layouts);
}

static void
add_label (FbChart     *self,
           PangoLayout *layout,
           double       x,
           double       y,
           TextKind     kind,
           gboolean     rotated)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  Label label = { g_object_ref (layout), x, y, kind, rotated };

  g_array_append_val (priv->labels, label);
}

static double
swatch_width (FbChartSwatch swatch)
{
  switch (swatch)
    {
    case FB_CHART_SWATCH_LINE:
    case FB_CHART_SWATCH_THICK_LINE:
    case FB_CHART_SWATCH_DASHED_LINE:
      return LINE_SWATCH_WIDTH + SWATCH_GAP;
    case FB_CHART_SWATCH_GRADIENT:
      return GRADIENT_WIDTH + SWATCH_GAP;
    case FB_CHART_SWATCH_NONE:
    default:
      return 0;
    }
}

/* Lays items of @widths out in rows of @avail pixels, the first row
 * starting at @first_x; returns the rows used. */
static guint
flow (const double *widths,
      guint         n,
      double        avail,
      double        first_x,
      double       *xs,
      guint        *rows)
{
  double x = first_x;
  guint row = 0;

  for (guint i = 0; i < n; i++)
    {
      if (x > 0 && x + widths[i] > avail)
        {
          row++;
          x = 0;
        }
      if (xs != NULL)
        xs[i] = x;
      if (rows != NULL)
        rows[i] = row;
      x += widths[i] + LEGEND_SPACING;
    }

  return n > 0 ? row + 1 : 0;
}

/* Places the legend: its first row beside the title (from @first_x, in a
 * row @first_height high at @y), the others below. It is cut short with
 * "and N more" when it would take more than its share of the height.
 * Returns where it ends. */
static double
layout_legend (FbChart                    *self,
               const PangoFontDescription *font,
               double                      y,
               double                      first_x,
               int                         first_height,
               int                         width,
               int                         height)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  g_autoptr(GPtrArray) layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree double *widths = NULL;
  g_autofree double *xs = NULL;
  g_autofree guint *rows = NULL;
  g_autoptr(PangoLayout) more = NULL;
  guint n = priv->legend->len;
  guint shown = n;
  guint max_rows, n_rows;
  double avail = width - 2 * PAD;
  int row_height = 0;

  if (n == 0)
    return y + first_height;

  widths = g_new (double, n + 1);
  xs = g_new (double, n + 1);
  rows = g_new (guint, n + 1);

  for (guint i = 0; i < n; i++)
    {
      const LegendEntry *entry = &g_array_index (priv->legend, LegendEntry, i);
      PangoLayout *layout = make_layout (self, font, entry->label);
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      widths[i] = swatch_width (entry->swatch) + w;
      row_height = MAX (row_height, h);
      g_ptr_array_add (layouts, layout);
    }

  first_height = MAX (first_height, row_height);
  max_rows = 1 + (guint) (height * MAX_LEGEND_SHARE / MAX (row_height, 1));

  while (flow (widths, shown + (more != NULL), avail, first_x, NULL, NULL) > max_rows && shown > 0)
    {
      g_autofree char *text = NULL;
      int w;

      shown--;
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n - shown), n - shown);
      g_clear_object (&more);
      more = make_layout (self, font, text);
      pango_layout_get_pixel_size (more, &w, NULL);
      widths[shown] = w;
    }

  /* "and 18 more" alone says nothing: a chart that small has no legend. */
  if (shown == 0)
    g_clear_object (&more);

  n_rows = flow (widths, shown + (more != NULL), avail, first_x, xs, rows);

  for (guint i = 0; i < shown + (more != NULL); i++)
    {
      double x = PAD + xs[i];
      double row_y = rows[i] == 0 ? y + (first_height - row_height) / 2.0
                                  : y + first_height + (rows[i] - 1) * row_height;

      if (i < shown)
        {
          const LegendEntry *entry = &g_array_index (priv->legend, LegendEntry, i);
          Swatch swatch = { x, row_y + row_height / 2.0, entry->color, entry->swatch };

          if (entry->swatch != FB_CHART_SWATCH_NONE)
            g_array_append_val (priv->swatches, swatch);
          add_label (self, g_ptr_array_index (layouts, i), x + swatch_width (entry->swatch), row_y, TEXT_NORMAL, FALSE);
        }
      else
        add_label (self, more, x, row_y, TEXT_DIM, FALSE);
    }

  return y + first_height + (MAX (n_rows, 1) - 1) * row_height;
}

static char *
dup_caption (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  gboolean has_label = priv->y_label != NULL && priv->y_label[0] != '\0';
  gboolean has_unit = priv->y_unit != NULL && priv->y_unit[0] != '\0';

  if (has_label && has_unit)
    /* Translators: a chart's axis caption: what it shows, then its unit, as in "Busy (%)" */
    return g_strdup_printf (_("%s (%s)"), priv->y_label, priv->y_unit);
  if (has_label)
    return g_strdup (priv->y_label);
  if (has_unit)
    return g_strdup (priv->y_unit);
  return NULL;
}

static void
compute_window (FbChart *self,
                double  *t_from,
                double  *t_to)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbChartClass *klass = FB_CHART_GET_CLASS (self);
  double t_min = 0, t_max = 0;

  if (!priv->follow)
    {
      *t_from = priv->fixed_from;
      *t_to = priv->fixed_to;
      return;
    }

  if (klass->get_extent == NULL || !klass->get_extent (self, &t_min, &t_max))
    t_min = t_max = 0;

  if (priv->span > 0)
    {
      /* Until there is a whole span of data, show the shortest of a few
       * round windows that holds it: a run that just started fills the
       * chart instead of a sliver at its right edge. */
      static const double steps[] = { 5, 10, 20, 30, 60, 120, 300, 600 };
      double span = priv->span;

      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        if (steps[i] >= t_max - t_min)
          {
            span = MIN (steps[i], priv->span);
            break;
          }

      *t_to = t_max;
      *t_from = t_max - span;
    }
  else
    {
      *t_from = t_min;
      *t_to = t_max;
    }

  if (!(*t_to > *t_from))
    *t_to = *t_from + (priv->span > 0 ? priv->span : DEFAULT_SPAN);
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* Lays out the frame (title, legend, axes) for a chart of that size: the
 * plot is what is left. */
static void
layout_frame (FbChart *self,
              int      width,
              int      height,
              double   y_min,
              double   y_max)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbChartClass *klass = FB_CHART_GET_CLASS (self);
  g_autoptr(PangoFontDescription) title_font = NULL;
  g_autoptr(GPtrArray) y_layouts = g_ptr_array_new_with_free_func (unref_if_set);
  g_autoptr(GPtrArray) x_layouts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) x_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(PangoLayout) probe = NULL;
  g_autoptr(PangoLayout) caption = NULL;
  g_autofree char *caption_text = NULL;
  double y = PAD;
  double top, bottom, left, right_limit, span, step, x_step;
  int small_height, plot_height, plot_width, y_tick_width = 0;
  int title_width = 0, title_height = 0;
  guint n_y_ticks;
  int size;

  g_array_set_size (priv->labels, 0);
  g_array_set_size (priv->swatches, 0);

  layout_cache_next (&priv->frame_layouts);
  g_array_set_size (priv->x_grid, 0);
  g_array_set_size (priv->y_grid, 0);
  priv->plot = (cairo_rectangle_int_t) { 0, 0, 0, 0 };

  g_clear_pointer (&priv->font, pango_font_description_free);
  g_clear_pointer (&priv->small_font, pango_font_description_free);
  priv->font = pango_font_description_copy (pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self))));

  size = pango_font_description_get_size (priv->font);
  if (size <= 0)
    size = 10 * PANGO_SCALE;
  priv->small_font = pango_font_description_copy (priv->font);
  if (pango_font_description_get_size_is_absolute (priv->font))
    pango_font_description_set_absolute_size (priv->small_font, size * SMALL_FONT_SCALE);
  else
    pango_font_description_set_size (priv->small_font, (int) (size * SMALL_FONT_SCALE));
  title_font = pango_font_description_copy (priv->font);
  pango_font_description_set_weight (title_font, PANGO_WEIGHT_BOLD);

  /* The title, and the legend beside it and under it */
  if (priv->title != NULL && priv->title[0] != '\0')
    {
      g_autoptr(PangoLayout) layout = make_layout (self, title_font, priv->title);

      pango_layout_set_width (layout, MAX (1, width - 2 * PAD) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &title_width, &title_height);
      add_label (self, layout, PAD, y, TEXT_TITLE, FALSE);
    }

  if (title_height > 0 || priv->legend->len > 0)
    y = layout_legend (self, priv->small_font, y,
                       title_width > 0 ? title_width + TITLE_SPACING : 0, title_height,
                       width, height) + 4;

  /* The plot's height, then the y ticks it has room for. */
  probe = make_layout (self, priv->small_font, "0");
  pango_layout_get_pixel_size (probe, NULL, &small_height);
  top = ceil (y + small_height / 2.0);
  bottom = floor (height - PAD - small_height - 3);
  plot_height = (int) (bottom - top);
  if (plot_height < 8)
    return;

  if (!(y_max > y_min))
    y_max = y_min + 1;
  step = nice_step (y_max - y_min, MAX (1, plot_height / MIN_Y_TICK_GAP));
  priv->axis_min = floor (y_min / step + 1e-9) * step;
  priv->axis_max = ceil (y_max / step - 1e-9) * step;
  n_y_ticks = (guint) round ((priv->axis_max - priv->axis_min) / step) + 1;

  for (guint i = 0; i < n_y_ticks; i++)
    {
      double value = priv->axis_min + i * step;
      g_autofree char *text = klass->format_y_tick (self, value, step, priv->axis_max);
      PangoLayout *layout;
      int w;

      /* No text: no tick there, nor a grid line. */
      if (text == NULL)
        {
          g_ptr_array_add (y_layouts, NULL);
          continue;
        }

      layout = make_layout (self, priv->small_font, text);
      pango_layout_get_pixel_size (layout, &w, NULL);
      y_tick_width = MAX (y_tick_width, w);
      g_ptr_array_add (y_layouts, layout);
    }

  left = PAD + y_tick_width + 6;
  if ((caption_text = dup_caption (self)))
    {
      caption = make_layout (self, priv->small_font, caption_text);
      pango_layout_set_width (caption, plot_height * PANGO_SCALE);
      pango_layout_set_ellipsize (caption, PANGO_ELLIPSIZE_END);
      left += small_height + 4;
    }
  left = ceil (left);

  /* The time ticks: in follow mode they stay in place as time goes by,
   * counted back from "now" at the right edge. */
  span = priv->t_to - priv->t_from;
  plot_width = (int) (width - PAD - left);
  if (plot_width < 8)
    return;

  x_step = time_step (span, MAX (1, plot_width / MIN_X_TICK_GAP));
  if (priv->follow && priv->span > 0)
    {
      for (guint k = 0; priv->t_to - k * x_step >= priv->t_from - 1e-9; k++)
        {
          double t = priv->t_to - k * x_step;
          g_autofree char *text = k == 0 ? g_strdup (C_("chart time", "now"))
                                         : format_duration (-(k * x_step), x_step, span);

          g_array_append_val (x_times, t);
          g_ptr_array_add (x_layouts, make_layout (self, priv->small_font, text));
        }
    }
  else
    {
      double extent = MAX (fabs (priv->t_from), fabs (priv->t_to));

      for (double t = ceil (priv->t_from / x_step - 1e-9) * x_step; t <= priv->t_to + 1e-9; t += x_step)
        {
          g_autofree char *text = klass->format_x_tick != NULL ? klass->format_x_tick (self, t, x_step, extent)
                                                               : format_duration (t, x_step, extent);

          if (text == NULL)
            continue;
          g_array_append_val (x_times, t);
          g_ptr_array_add (x_layouts, make_layout (self, priv->small_font, text));
        }
    }

  /* The plot narrows until the label of the rightmost tick fits. */
  right_limit = width - PAD;
  for (guint i = 0; i < x_times->len; i++)
    {
      double f = (g_array_index (x_times, double, i) - priv->t_from) / span;
      int w;

      pango_layout_get_pixel_size (g_ptr_array_index (x_layouts, i), &w, NULL);
      if (f > 0 && left + f * plot_width + w / 2.0 > right_limit)
        plot_width = (int) MIN (plot_width, (right_limit - w / 2.0 - left) / f);
    }
  if (plot_width < 8)
    return;

  priv->plot = (cairo_rectangle_int_t) { (int) left, (int) top, plot_width, plot_height };

  for (guint i = 0; i < n_y_ticks; i++)
    {
      PangoLayout *layout = g_ptr_array_index (y_layouts, i);
      double py = plot_height - (double) i / (n_y_ticks - 1) * plot_height;
      int w, h;

      if (layout == NULL)
        continue;

      pango_layout_get_pixel_size (layout, &w, &h);
      add_label (self, layout, left - 6 - w, top + py - h / 2.0, TEXT_DIM, FALSE);
      g_array_append_val (priv->y_grid, py);
    }

  for (guint i = 0; i < x_times->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (x_layouts, i);
      double px = (g_array_index (x_times, double, i) - priv->t_from) / span * plot_width;
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      add_label (self, layout, MAX (0, left + px - w / 2.0), bottom + 3, TEXT_DIM, FALSE);
      g_array_append_val (priv->x_grid, px);
    }

  if (caption != NULL)
    {
      int w;

      pango_layout_get_pixel_size (caption, &w, NULL);
      add_label (self, caption, PAD, top + plot_height / 2.0 + w / 2.0, TEXT_DIM, TRUE);
    }
}

static gboolean
frame_key_equal (const FrameKey *a,
                 const FrameKey *b)
{
  return a->width == b->width
      && a->height == b->height
      && a->from_now == b->from_now
      && G_APPROX_VALUE (a->y_min, b->y_min, 1e-9)
      && G_APPROX_VALUE (a->y_max, b->y_max, 1e-9)
      && G_APPROX_VALUE (a->t_from, b->t_from, 1e-6)
      && G_APPROX_VALUE (a->t_to, b->t_to, 1e-6);
}

static void
ensure_prepared (FbChart *self,
                 int      width,
                 int      height)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbChartClass *klass = FB_CHART_GET_CLASS (self);
  const PangoFontDescription *font;
  double y_min = priv->y_min;
  double y_max = priv->y_max;
  FrameKey key;

  /* A new font changes every label: GTK tells widgets of it through CSS,
   * which does not say what changed. */
  font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  if (priv->font == NULL || !pango_font_description_equal (font, priv->font))
    {
      priv->dirty = TRUE;
      priv->frame_dirty = TRUE;
      forget_layouts (self);
    }

  if (priv->prepared && !priv->dirty && priv->width == width && priv->height == height)
    return;

  priv->prepared = TRUE;
  priv->dirty = FALSE;
  priv->width = width;
  priv->height = height;
  priv->n_prepared_points = 0;

  compute_window (self, &priv->t_from, &priv->t_to);
  klass->get_y_range (self, priv->t_from, priv->t_to, &y_min, &y_max);

  /* Following the data, the time ticks count back from the right edge:
   * while the span stays, so do they, and a new sample only moves the
   * data. */
  key.width = width;
  key.height = height;
  key.y_min = y_min;
  key.y_max = y_max;
  key.from_now = priv->follow && priv->span > 0;
  key.t_from = key.from_now ? 0 : priv->t_from;
  key.t_to = key.from_now ? priv->t_to - priv->t_from : priv->t_to;

  if (priv->frame_dirty || !frame_key_equal (&key, &priv->frame_key))
    {
      g_clear_pointer (&priv->frame_node, gsk_render_node_unref);
      layout_frame (self, width, height, y_min, y_max);
      priv->frame_key = key;
      priv->frame_dirty = FALSE;
    }

  /* Following the data, the right edge is at a whole column's time: a
   * new sample moves the data by whole pixels, and the lines drawn before
   * can be moved rather than drawn again. */
  if (key.from_now && priv->plot.width > 0)
    {
      double span = priv->t_to - priv->t_from, column = span / priv->plot.width;

      priv->t_to = ceil (priv->t_to / column - 1e-9) * column;
      priv->t_from = priv->t_to - span;
    }

  layout_cache_next (&priv->plot_layouts);
  if (priv->plot.width > 0 && priv->plot.height > 0 && klass->prepare != NULL)
    klass->prepare (self, priv->plot.width, priv->plot.height);
}

/* Drawing */

static void
draw_swatch (cairo_t             *cr,
             const Swatch        *swatch,
             const FbChartColors *colors)
{
  const GdkRGBA *color = fb_chart_colors_lookup (colors, swatch->color);

  switch (swatch->swatch)
    {
    case FB_CHART_SWATCH_LINE:
    case FB_CHART_SWATCH_THICK_LINE:
      cairo_set_line_width (cr, swatch->swatch == FB_CHART_SWATCH_LINE ? 2.0 : 4.0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_move_to (cr, swatch->x + 2, swatch->y);
      cairo_line_to (cr, swatch->x + LINE_SWATCH_WIDTH - 2, swatch->y);
      cairo_stroke (cr);
      break;

    case FB_CHART_SWATCH_DASHED_LINE:
      {
        static const double dash[] = { 4, 3 };

        cairo_save (cr);
        cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
        cairo_set_line_width (cr, 1.5);
        gdk_cairo_set_source_rgba (cr, color);
        cairo_move_to (cr, swatch->x, swatch->y);
        cairo_line_to (cr, swatch->x + LINE_SWATCH_WIDTH, swatch->y);
        cairo_stroke (cr);
        cairo_restore (cr);
      }
      break;

    case FB_CHART_SWATCH_GRADIENT:
      {
        cairo_pattern_t *gradient = cairo_pattern_create_linear (swatch->x, 0, swatch->x + GRADIENT_WIDTH, 0);

        cairo_pattern_add_color_stop_rgba (gradient, 0, color->red, color->green, color->blue, 0);
        cairo_pattern_add_color_stop_rgba (gradient, 1, color->red, color->green, color->blue, color->alpha);
        cairo_rectangle (cr, swatch->x + 0.5, swatch->y - 4.5, GRADIENT_WIDTH - 1, 9);
        cairo_set_source (cr, gradient);
        cairo_fill_preserve (cr);
        cairo_set_line_width (cr, 1.0);
        gdk_cairo_set_source_rgba (cr, &colors->grid);
        cairo_stroke (cr);
        cairo_pattern_destroy (gradient);
      }
      break;

    case FB_CHART_SWATCH_NONE:
    default:
      break;
    }
}

/* The grid and the axes go under the data, so that a value of 0 stays
 * visible. */
static void
draw_grid (FbChart             *self,
           cairo_t             *cr,
           const FbChartColors *colors)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  const cairo_rectangle_int_t *plot = &priv->plot;

  if (plot->width <= 0 || plot->height <= 0)
    return;

  cairo_save (cr);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  gdk_cairo_set_source_rgba (cr, &colors->grid);
  for (guint i = 0; i < priv->x_grid->len; i++)
    {
      double x = plot->x + floor (g_array_index (priv->x_grid, double, i)) + 0.5;

      cairo_move_to (cr, x, plot->y);
      cairo_line_to (cr, x, plot->y + plot->height);
    }
  for (guint i = 0; i < priv->y_grid->len; i++)
    {
      double y = g_array_index (priv->y_grid, double, i);

      /* The x axis is the bottom line. */
      if (y >= plot->height - 0.5)
        continue;
      cairo_move_to (cr, plot->x, plot->y + floor (y) + 0.5);
      cairo_line_to (cr, plot->x + plot->width, plot->y + floor (y) + 0.5);
    }
  cairo_stroke (cr);

  gdk_cairo_set_source_rgba (cr, &colors->axis);
  cairo_move_to (cr, plot->x - 0.5, plot->y);
  cairo_line_to (cr, plot->x - 0.5, plot->y + plot->height + 0.5);
  cairo_line_to (cr, plot->x + plot->width, plot->y + plot->height + 0.5);
  cairo_stroke (cr);

  cairo_restore (cr);
}

/* The title, the legend, the tick labels and the caption: all outside the
 * plot and the little around it that lines may draw on. */
static void
draw_labels (FbChart             *self,
             cairo_t             *cr,
             const FbChartColors *colors)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  cairo_save (cr);

  for (guint i = 0; i < priv->swatches->len; i++)
    draw_swatch (cr, &g_array_index (priv->swatches, Swatch, i), colors);

  for (guint i = 0; i < priv->labels->len; i++)
    {
      const Label *label = &g_array_index (priv->labels, Label, i);

      switch (label->kind)
        {
        case TEXT_TITLE:
        case TEXT_NORMAL:
          gdk_cairo_set_source_rgba (cr, &colors->foreground);
          break;
        case TEXT_DIM:
        default:
          gdk_cairo_set_source_rgba (cr, &colors->dim);
          break;
        }

      cairo_save (cr);
      cairo_translate (cr, label->x, label->y);
      if (label->rotated)
        cairo_rotate (cr, -G_PI / 2);
      cairo_move_to (cr, 0, 0);
      pango_cairo_show_layout (cr, label->layout);
      cairo_restore (cr);
    }

  cairo_restore (cr);
}

/* Where the data may draw: the plot, and a little around it so that lines
 * at its edges keep their full width. */
static graphene_rect_t *
get_data_bounds (FbChart         *self,
                 graphene_rect_t *bounds)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  const cairo_rectangle_int_t *plot = &priv->plot;

  return graphene_rect_init (bounds,
                             plot->x - PLOT_OVERDRAW, plot->y - PLOT_OVERDRAW,
                             plot->width + 2 * PLOT_OVERDRAW, plot->height + 2 * PLOT_OVERDRAW);
}

/* The plot's data, and the time being read out. */
static void
draw_data (FbChart             *self,
           cairo_t             *cr,
           const FbChartColors *colors)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  const cairo_rectangle_int_t *plot = &priv->plot;
  graphene_rect_t bounds;

  if (plot->width <= 0 || plot->height <= 0)
    return;

  get_data_bounds (self, &bounds);

  cairo_save (cr);
  cairo_rectangle (cr, bounds.origin.x, bounds.origin.y, bounds.size.width, bounds.size.height);
  cairo_clip (cr);
  cairo_translate (cr, plot->x, plot->y);
  /* Cairo's faster antialiasing, and curves cut into segments a quarter of
   * a pixel off at most: at these line widths they look the same as its
   * best, for a third of the cost, and a live chart draws this for every
   * sample. In an image, fb_chart_stroke_points() draws its lines itself,
   * closer to Cairo's best than its fastest is. The screen and a PNG get
   * the same pixels; an SVG keeps its curves. */
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_FAST);
  cairo_set_tolerance (cr, 0.25);
  cairo_set_line_width (cr, 1.0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  /* Following the data, the window moves by whole columns: the lines kept
   * from the last drawing are moved with it, and drawn again only where
   * they changed. */
  priv->n_lines = 0;
  priv->lines_shift = 0;
  if (priv->follow)
    {
      double columns = (priv->t_to - priv->lines_t_to) / (priv->t_to - priv->t_from) * plot->width;

      if (columns >= 0 && fabs (columns - round (columns)) < 1e-6)
        priv->lines_shift = round (columns);
    }
  FB_CHART_GET_CLASS (self)->draw_plot (self, cr, colors, plot->width, plot->height);
  priv->lines_t_to = priv->t_to;
  cairo_restore (cr);

  /* The time being read out, by the pointer or the keyboard. */
  if (priv->has_cursor && priv->cursor_t >= priv->t_from && priv->cursor_t <= priv->t_to)
    {
      double x = plot->x + floor ((priv->cursor_t - priv->t_from) / (priv->t_to - priv->t_from) * plot->width) + 0.5;

      cairo_save (cr);
      gdk_cairo_set_source_rgba (cr, &colors->foreground);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, x, plot->y);
      cairo_line_to (cr, x, plot->y + plot->height);
      cairo_stroke (cr);
      cairo_restore (cr);
    }
}

static int
compare_ints (gconstpointer a,
              gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;

  return x < y ? -1 : x > y;
}

/* The grid and the axes as the rectangles of pixels draw_grid() strokes,
 * so that GTK fills them rather than rasterizing lines. A vertical line
 * stops short of the horizontal ones: one stroke covers a crossing once. */
static void
snapshot_grid (FbChart             *self,
               GtkSnapshot         *snapshot,
               const FbChartColors *colors)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  const cairo_rectangle_int_t *plot = &priv->plot;
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (int));

  for (guint i = 0; i < priv->y_grid->len; i++)
    {
      double y = g_array_index (priv->y_grid, double, i);
      int row;

      if (y >= plot->height - 0.5)
        continue;
      row = plot->y + (int) floor (y);
      g_array_append_val (rows, row);
      gtk_snapshot_append_color (snapshot, &colors->grid,
                                 &GRAPHENE_RECT_INIT (plot->x, row, plot->width, 1));
    }

  g_array_sort (rows, compare_ints);

  for (guint i = 0; i < priv->x_grid->len; i++)
    {
      int column = plot->x + (int) floor (g_array_index (priv->x_grid, double, i));
      int top = plot->y;
      int bottom = plot->y + plot->height;

      if (column >= plot->x && column < plot->x + plot->width)
        for (guint j = 0; j < rows->len; j++)
          {
            int row = g_array_index (rows, int, j);

            if (row > top)
              gtk_snapshot_append_color (snapshot, &colors->grid,
                                         &GRAPHENE_RECT_INIT (column, top, 1, row - top));
            top = MAX (top, row + 1);
          }

      if (bottom > top)
        gtk_snapshot_append_color (snapshot, &colors->grid,
                                   &GRAPHENE_RECT_INIT (column, top, 1, bottom - top));
    }

  gtk_snapshot_append_color (snapshot, &colors->axis,
                             &GRAPHENE_RECT_INIT (plot->x - 1, plot->y, 1, plot->height + 1));
  gtk_snapshot_append_color (snapshot, &colors->axis,
                             &GRAPHENE_RECT_INIT (plot->x, plot->y + plot->height, plot->width, 1));
}

/* What stays while only the data changes, as nodes: the grid, and the
 * labels around the plot. GTK repaints what changed between two frames,
 * and the data changes each sample: a Cairo node over the plot would be
 * repainted with it, into a surface of its own; color nodes and nodes
 * beside it are not. */
static GskRenderNode *
snapshot_frame (FbChart             *self,
                const FbChartColors *colors,
                int                  width,
                int                  height)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  graphene_rect_t parts[4];
  guint n_parts = 0;

  if (priv->plot.width > 0 && priv->plot.height > 0)
    {
      graphene_rect_t data;
      float left, top, right, bottom;

      snapshot_grid (self, snapshot, colors);

      get_data_bounds (self, &data);
      left = MAX (0, data.origin.x);
      top = MAX (0, data.origin.y);
      right = MIN (width, data.origin.x + data.size.width);
      bottom = MIN (height, data.origin.y + data.size.height);

      graphene_rect_init (&parts[n_parts++], 0, 0, width, top);
      graphene_rect_init (&parts[n_parts++], 0, bottom, width, height - bottom);
      graphene_rect_init (&parts[n_parts++], 0, top, left, bottom - top);
      graphene_rect_init (&parts[n_parts++], right, top, width - right, bottom - top);
    }
  else
    graphene_rect_init (&parts[n_parts++], 0, 0, width, height);

  for (guint i = 0; i < n_parts; i++)
    {
      cairo_t *cr;

      if (parts[i].size.width <= 0 || parts[i].size.height <= 0)
        continue;

      cr = gtk_snapshot_append_cairo (snapshot, &parts[i]);
      draw_labels (self, cr, colors);
      cairo_destroy (cr);
    }

  return gtk_snapshot_free_to_node (snapshot);
}

/* Where the data draws, in whole pixels within @bounds: from the subclass
 * when it can tell from what it prepared, or else by drawing the data once
 * into a recording. */
static gboolean
get_ink_bounds (FbChart               *self,
                const FbChartColors   *colors,
                const graphene_rect_t *bounds,
                double                *x,
                double                *y,
                double                *right,
                double                *bottom)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbChartClass *klass = FB_CHART_GET_CLASS (self);
  double top_row, bottom_row;

  if (klass->get_ink_rows != NULL && !priv->has_cursor &&
      klass->get_ink_rows (self, &top_row, &bottom_row))
    {
      *x = bounds->origin.x;
      *right = bounds->origin.x + bounds->size.width;
      *y = priv->plot.y + top_row;
      *bottom = priv->plot.y + bottom_row;
    }
  else
    {
      cairo_rectangle_t extents = { bounds->origin.x, bounds->origin.y, bounds->size.width, bounds->size.height };
      cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
      cairo_t *cr = cairo_create (recording);
      double width, height;

      draw_data (self, cr, colors);
      cairo_destroy (cr);
      cairo_recording_surface_ink_extents (recording, x, y, &width, &height);
      cairo_surface_destroy (recording);
      if (width <= 0 || height <= 0)
        return FALSE;
      *right = *x + width;
      *bottom = *y + height;
    }

  *right = MIN (ceil (*right), bounds->origin.x + bounds->size.width);
  *bottom = MIN (ceil (*bottom), bounds->origin.y + bounds->size.height);
  *x = MAX (floor (*x), bounds->origin.x);
  *y = MAX (floor (*y), bounds->origin.y);

  return *right > *x && *bottom > *y;
}

/* The data as a node just as large as what it draws: GTK repaints the
 * area of this node and of the one before, and an idle machine's lines
 * keep to the bottom of the plot.
 *
 * It is rasterized here, into an image: replayed onto an X11 window, the
 * lines would be cut into trapezoids for the X server, at several times
 * the cost of cairo's own scan converter. The subclass says which rows it
 * covers from what it prepared, rather than having it drawn twice to
 * measure. */
static const cairo_user_data_key_t image_key;

static void
snapshot_data (FbChart             *self,
               GtkSnapshot         *snapshot,
               const FbChartColors *colors)
{
  graphene_rect_t bounds;
  cairo_surface_t *image;
  double x, y, right, bottom;
  cairo_t *cr;
  int scale;

  get_data_bounds (self, &bounds);
  if (!get_ink_bounds (self, colors, &bounds, &x, &y, &right, &bottom))
    return;

  scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) (right - x) * scale, (int) (bottom - y) * scale);
  cairo_surface_set_device_scale (image, scale, scale);
  cairo_surface_set_device_offset (image, -x * scale, -y * scale);
  cr = cairo_create (image);
  draw_data (self, cr, colors);
  cairo_destroy (cr);

  /* The node records the image as a copy-on-write snapshot: were the image
   * freed first, Cairo would copy every pixel of it. It lives as long as
   * the node's recording instead. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x, y, right - x, bottom - y));
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_paint (cr);
  cairo_surface_set_user_data (cairo_get_target (cr), &image_key, image,
                               (cairo_destroy_func_t) cairo_surface_destroy);
  cairo_destroy (cr);
}

/**
 * fb_chart_dup_label_texts:
 *
 * Returns: (transfer full): the text of every label around the plot, as
 *   last laid out: the title, the legend, the axes' ticks and units
 */
char **
fb_chart_dup_label_texts (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (FB_IS_CHART (self), NULL);

  for (guint i = 0; i < priv->labels->len; i++)
    g_strv_builder_add (builder, pango_layout_get_text (g_array_index (priv->labels, Label, i).layout));

  return g_strv_builder_end (builder);
}

/**
 * fb_chart_draw:
 * @cr: where to draw, in pixels from the chart's top-left corner
 * @width: the chart's width
 * @height: the chart's height
 *
 * Draws the whole chart, as the widget shows it; exports to PNG or SVG
 * paint #FbChartColors.background first (the chart leaves its background
 * to the widget's CSS). The data is prepared again only when it changed,
 * or when @width and @height are not those of the last drawing.
 */
void
fb_chart_draw (FbChart *self,
               cairo_t *cr,
               int      width,
               int      height)
{
  const FbChartColors *colors;

  g_return_if_fail (FB_IS_CHART (self));
  g_return_if_fail (cr != NULL);

  if (width <= 0 || height <= 0)
    return;

  ensure_prepared (self, width, height);
  colors = ensure_colors (self);

  draw_grid (self, cr, colors);
  draw_data (self, cr, colors);
  draw_labels (self, cr, colors);
}

/* The accessible description */

/**
 * fb_chart_pace_request:
 * @pace: the chart's pace
 * @now_us: the monotonic time
 *
 * Notes that the description was asked to change at @now_us.
 *
 * Screen readers are told at most once a second: a sampler ticking twice
 * a second would otherwise keep them talking, so a request less than a
 * second after the last change waits for the rest of that second.
 *
 * Requests a second apart, as a sampler's at a one-second interval are,
 * change it at once while they are in step with the changes. Once out of
 * step (start-up or a hover changed it between two samples), waiting for
 * the rest of the second would make each change fall between two samples
 * and wake the main loop a second time every second from then on: such a
 * request waits instead until just after the next one, which its wait
 * takes in, and the sample after that is a second from the change again.
 *
 * Returns: 0 to change it now, else how many microseconds to wait
 */
gint64
fb_chart_pace_request (FbChartPace *pace,
                       gint64       now_us)
{
  gint64 previous = pace->request_us;
  gint64 elapsed = now_us - pace->update_us;

  pace->request_us = now_us;
  if (pace->update_us == 0 || elapsed >= G_USEC_PER_SEC - FB_CHART_PACE_SLACK)
    return 0;
  if (previous != 0 && now_us - previous >= G_USEC_PER_SEC - FB_CHART_PACE_SLACK)
    return G_USEC_PER_SEC + FB_CHART_PACE_SLACK / 2;

  return G_USEC_PER_SEC - elapsed;
}

void
fb_chart_pace_updated (FbChartPace *pace,
                       gint64       now_us)
{
  pace->update_us = now_us;
}

static void
update_description (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  g_autofree char *text = fb_chart_dup_description (self);

  fb_chart_pace_updated (&priv->description_pace, g_get_monotonic_time ());
  if (g_strcmp0 (text, priv->description) == 0)
    return;

  g_free (priv->description);
  priv->description = g_steal_pointer (&text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, priv->description,
                                  -1);
}

static gboolean
description_timeout_cb (gpointer user_data)
{
  FbChart *self = user_data;
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  priv->description_source = 0;
  update_description (self);
  return G_SOURCE_REMOVE;
}

static void
queue_description_update (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  gint64 wait_us = fb_chart_pace_request (&priv->description_pace, g_get_monotonic_time ());

  if (priv->description_source != 0)
    return;

  if (wait_us == 0)
    {
      update_description (self);
      return;
    }

  priv->description_source = g_timeout_add (wait_us / 1000 + 1, description_timeout_cb, self);
  g_source_set_name_by_id (priv->description_source, "[fb-chart description]");
}

/* GtkWidget */

static void
fb_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN_WIDTH;
      *natural = NATURAL_WIDTH;
    }
  else
    {
      *minimum = MIN_HEIGHT;
      *natural = NATURAL_HEIGHT;
    }
}

static void
fb_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  /* Prepared here so that the snapshot that follows only draws. When only
   * the data changes, the size does not: the snapshot prepares it. */
  ensure_prepared (FB_CHART (widget), width, height);
}

static void
fb_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  FbChart *self = FB_CHART (widget);
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const FbChartColors *colors;

  if (width <= 0 || height <= 0)
    return;

  ensure_prepared (self, width, height);
  colors = ensure_colors (self);

  /* The frame is recorded once and given again while it stays: GTK sees
   * the same nodes, and repaints only where the data is. */
  if (priv->frame_node == NULL)
    priv->frame_node = snapshot_frame (self, colors, width, height);

  if (priv->frame_node != NULL)
    gtk_snapshot_append_node (snapshot, priv->frame_node);

  if (priv->plot.width > 0 && priv->plot.height > 0)
    snapshot_data (self, snapshot, colors);
}

static void
fb_chart_css_changed (GtkWidget         *widget,
                      GtkCssStyleChange *change)
{
  FbChart *self = FB_CHART (widget);
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  GTK_WIDGET_CLASS (fb_chart_parent_class)->css_changed (widget, change);

  /* The text's attributes come from CSS too: shape it again. */
  priv->colors_valid = FALSE;
  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  forget_layouts (self);
  gtk_widget_queue_draw (widget);
}

static void
fb_chart_system_setting_changed (GtkWidget        *widget,
                                 GtkSystemSetting  setting)
{
  FbChart *self = FB_CHART (widget);
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  GTK_WIDGET_CLASS (fb_chart_parent_class)->system_setting_changed (widget, setting);

  /* Resolution, font rendering: the labels are measured again. */
  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  forget_layouts (self);
  gtk_widget_queue_draw (widget);
}

static void
style_changed_cb (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_assert (FB_IS_CHART (self));

  priv->colors_valid = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
root_changed_cb (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_assert (FB_IS_CHART (self));

  /* Another window may have another Pango context for the labels. */
  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  priv->colors_valid = FALSE;
}

/* Defaults */

static void
fb_chart_real_get_y_range (FbChart *self,
                           double   t_from,
                           double   t_to,
                           double  *y_min,
                           double  *y_max)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  *y_min = priv->y_min;
  *y_max = priv->y_max;
}

static void
fb_chart_real_draw_plot (FbChart             *self,
                         cairo_t             *cr,
                         const FbChartColors *colors,
                         int                  plot_width,
                         int                  plot_height)
{
}

/* GObject */

static void
fb_chart_dispose (GObject *object)
{
  FbChart *self = (FbChart *)object;
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_clear_handle_id (&priv->description_source, g_source_remove);
  g_clear_pointer (&priv->frame_node, gsk_render_node_unref);

  G_OBJECT_CLASS (fb_chart_parent_class)->dispose (object);
}

static void
fb_chart_finalize (GObject *object)
{
  FbChart *self = (FbChart *)object;
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_clear_pointer (&priv->title, g_free);
  g_clear_pointer (&priv->y_label, g_free);
  g_clear_pointer (&priv->y_unit, g_free);
  g_clear_pointer (&priv->description, g_free);
  g_clear_pointer (&priv->legend, g_array_unref);
  g_clear_pointer (&priv->labels, g_array_unref);
  layout_cache_clear (&priv->frame_layouts);
  layout_cache_clear (&priv->plot_layouts);
  g_clear_pointer (&priv->swatches, g_array_unref);
  g_clear_pointer (&priv->x_grid, g_array_unref);
  g_clear_pointer (&priv->y_grid, g_array_unref);
  g_clear_pointer (&priv->scratch_min, g_array_unref);
  g_clear_pointer (&priv->scratch_max, g_array_unref);
  g_clear_pointer (&priv->line_caches, g_ptr_array_unref);
  g_clear_pointer (&priv->font, pango_font_description_free);
  g_clear_pointer (&priv->small_font, pango_font_description_free);

  G_OBJECT_CLASS (fb_chart_parent_class)->finalize (object);
}

static void
fb_chart_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  FbChart *self = FB_CHART (object);
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_FOLLOW:
      g_value_set_boolean (value, priv->follow);
      break;

    case PROP_SPAN:
      g_value_set_double (value, priv->span);
      break;

    case PROP_TITLE:
      g_value_set_string (value, priv->title);
      break;

    case PROP_Y_LABEL:
      g_value_set_string (value, priv->y_label);
      break;

    case PROP_Y_UNIT:
      g_value_set_string (value, priv->y_unit);
      break;

    case PROP_SMOOTH:
      g_value_set_boolean (value, priv->smooth);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_chart_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  FbChart *self = FB_CHART (object);
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_FOLLOW:
      fb_chart_set_follow (self, g_value_get_boolean (value), priv->span);
      break;

    case PROP_SPAN:
      fb_chart_set_follow (self, priv->follow, g_value_get_double (value));
      break;

    case PROP_TITLE:
      fb_chart_set_title (self, g_value_get_string (value));
      break;

    case PROP_Y_LABEL:
      fb_chart_set_y_label (self, g_value_get_string (value));
      break;

    case PROP_Y_UNIT:
      fb_chart_set_y_unit (self, g_value_get_string (value));
      break;

    case PROP_SMOOTH:
      fb_chart_set_smooth (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* Reading values out */

static void
motion_cb (FbChart *self,
           double   x,
           double   y)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  if (x >= priv->plot.x && x <= priv->plot.x + priv->plot.width &&
      y >= priv->plot.y && y <= priv->plot.y + priv->plot.height)
    fb_chart_set_cursor (self, fb_chart_time_at (self, x));
  else
    fb_chart_clear_cursor (self);
}

static void
leave_cb (FbChart *self)
{
  /* The keyboard's cursor stays while the chart has the focus. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    fb_chart_clear_cursor (self);
}

static gboolean
key_pressed_cb (FbChart         *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  double step = (priv->t_to - priv->t_from) / 50;
  double t = priv->has_cursor ? priv->cursor_t : priv->t_to;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      fb_chart_set_cursor (self, MAX (priv->t_from, t - step));
      return GDK_EVENT_STOP;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      fb_chart_set_cursor (self, MIN (priv->t_to, t + step));
      return GDK_EVENT_STOP;

    case GDK_KEY_Home:
      fb_chart_set_cursor (self, priv->t_from);
      return GDK_EVENT_STOP;

    case GDK_KEY_End:
      fb_chart_set_cursor (self, priv->t_to);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      if (!priv->has_cursor)
        return GDK_EVENT_PROPAGATE;
      fb_chart_clear_cursor (self);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static gboolean
query_tooltip_cb (GtkWidget  *widget,
                  int         x,
                  int         y,
                  gboolean    keyboard,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  g_autofree char *readout = fb_chart_dup_readout (FB_CHART (widget));

  if (readout == NULL)
    return FALSE;

  gtk_tooltip_set_text (tooltip, readout);
  return TRUE;
}

static void
fb_chart_constructed (GObject *object)
{
  FbChart *self = FB_CHART (object);

  G_OBJECT_CLASS (fb_chart_parent_class)->constructed (object);

  /* Only now is the class the subclass's: in init it is still ours. */
  if (FB_CHART_GET_CLASS (self)->dup_readout != NULL)
    {
      GtkEventController *motion = gtk_event_controller_motion_new ();
      GtkEventController *keys = gtk_event_controller_key_new ();

      g_signal_connect_swapped (motion, "motion", G_CALLBACK (motion_cb), self);
      g_signal_connect_swapped (motion, "leave", G_CALLBACK (leave_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), motion);
      g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
      gtk_widget_add_controller (GTK_WIDGET (self), keys);
      g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
      gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
      gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
    }
}

static void
fb_chart_class_init (FbChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = fb_chart_constructed;
  object_class->dispose = fb_chart_dispose;
  object_class->finalize = fb_chart_finalize;
  object_class->get_property = fb_chart_get_property;
  object_class->set_property = fb_chart_set_property;

  widget_class->measure = fb_chart_measure;
  widget_class->size_allocate = fb_chart_size_allocate;
  widget_class->snapshot = fb_chart_snapshot;
  widget_class->css_changed = fb_chart_css_changed;
  widget_class->system_setting_changed = fb_chart_system_setting_changed;

  klass->get_y_range = fb_chart_real_get_y_range;
  klass->format_y_tick = fb_chart_real_format_y_tick;
  klass->draw_plot = fb_chart_real_draw_plot;

  /**
   * FbChart:follow:
   *
   * Whether the window keeps the newest data at its right edge.
   */
  properties [PROP_FOLLOW] =
    g_param_spec_boolean ("follow", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbChart:span:
   *
   * How many seconds the window shows in follow mode; 0 for all the data.
   */
  properties [PROP_SPAN] =
    g_param_spec_double ("span", NULL, NULL, 0, G_MAXDOUBLE, DEFAULT_SPAN,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbChart:y-label:
   *
   * What the y axis shows, as in "Busy".
   */
  properties [PROP_Y_LABEL] =
    g_param_spec_string ("y-label", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbChart:y-unit:
   *
   * The unit of the y axis, as in "tasks/s".
   */
  properties [PROP_Y_UNIT] =
    g_param_spec_string ("y-unit", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbChart:smooth:
   *
   * Whether lines go through their samples in curves rather than straight
   * from one to the next. A curve never overshoots: it stays between the
   * values it joins.
   */
  properties [PROP_SMOOTH] =
    g_param_spec_boolean ("smooth", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
fb_chart_init (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  AdwStyleManager *manager = adw_style_manager_get_default ();

  priv->follow = TRUE;
  priv->span = DEFAULT_SPAN;
  priv->y_max = 1;
  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;

  priv->legend = g_array_new (FALSE, TRUE, sizeof (LegendEntry));
  g_array_set_clear_func (priv->legend, legend_entry_clear);
  priv->labels = g_array_new (FALSE, TRUE, sizeof (Label));
  layout_cache_init (&priv->frame_layouts);
  layout_cache_init (&priv->plot_layouts);
  g_array_set_clear_func (priv->labels, label_clear);
  priv->swatches = g_array_new (FALSE, TRUE, sizeof (Swatch));
  priv->x_grid = g_array_new (FALSE, FALSE, sizeof (double));
  priv->y_grid = g_array_new (FALSE, FALSE, sizeof (double));
  priv->scratch_min = g_array_new (FALSE, FALSE, sizeof (double));
  priv->scratch_max = g_array_new (FALSE, FALSE, sizeof (double));
  priv->line_caches = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_line_cache_free);

  g_signal_connect_object (manager, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (manager, "notify::high-contrast", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::root", G_CALLBACK (root_changed_cb), NULL);
}

/* Public */

/* g_set_str() is GLib 2.76, after our floor. */
static gboolean
set_string (char       **dest,
            const char  *value)
{
  if (g_strcmp0 (*dest, value) == 0)
    return FALSE;

  g_free (*dest);
  *dest = g_strdup (value);
  return TRUE;
}

/**
 * fb_chart_invalidate:
 *
 * Says that the data changed: it is prepared again before the next
 * drawing (once, however many times this is called before), and the
 * accessible description follows within a second.
 */
void
fb_chart_invalidate (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  /* A drawing, not a new layout: what a chart asks for never depends on
   * its data, and laying the window out again each sample costs more than
   * the drawing (GDK's X11 backend asks the server for the work area and
   * the window's place every time). The snapshot prepares the data. */
  priv->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_description_update (self);
}

gboolean
fb_chart_get_smooth (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), FALSE);
  return priv->smooth;
}

void
fb_chart_set_smooth (FbChart  *self,
                     gboolean  smooth)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  smooth = !!smooth;
  if (priv->smooth == (guint) smooth)
    return;

  priv->smooth = smooth;
  fb_chart_invalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SMOOTH]);
}

const char *
fb_chart_get_title (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), NULL);
  return priv->title;
}

void
fb_chart_set_title (FbChart    *self,
                    const char *title)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  if (!set_string (&priv->title, title))
    return;

  if (title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL);
  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

const char *
fb_chart_get_y_label (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), NULL);
  return priv->y_label;
}

/**
 * fb_chart_set_y_label:
 * @y_label: (nullable): what the y axis shows, as in "Busy"
 */
void
fb_chart_set_y_label (FbChart    *self,
                      const char *y_label)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  if (!set_string (&priv->y_label, y_label))
    return;

  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_Y_LABEL]);
}

const char *
fb_chart_get_y_unit (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), NULL);
  return priv->y_unit;
}

/**
 * fb_chart_set_y_unit:
 * @y_unit: (nullable): the unit of the y axis, as in "tasks/s"
 */
void
fb_chart_set_y_unit (FbChart    *self,
                     const char *y_unit)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  if (!set_string (&priv->y_unit, y_unit))
    return;

  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_Y_UNIT]);
}

/**
 * fb_chart_set_time_window:
 * @t_from: the time at the left edge, in seconds
 * @t_to: the time at the right edge, after @t_from
 *
 * Shows a fixed window of time, and stops following the data.
 */
void
fb_chart_set_time_window (FbChart *self,
                          double   t_from,
                          double   t_to)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  gboolean was_following;

  g_return_if_fail (FB_IS_CHART (self));
  g_return_if_fail (t_to > t_from);

  was_following = priv->follow;
  if (!was_following && priv->fixed_from == t_from && priv->fixed_to == t_to)
    return;

  priv->follow = FALSE;
  priv->fixed_from = t_from;
  priv->fixed_to = t_to;
  fb_chart_invalidate (self);

  if (was_following)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FOLLOW]);
}

gboolean
fb_chart_get_follow (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), FALSE);
  return priv->follow;
}

double
fb_chart_get_span (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), 0);
  return priv->span;
}

/**
 * fb_chart_set_follow:
 * @follow: whether the newest data stays at the right edge
 * @span_s: how many seconds to show when following; 0 shows all the data
 *
 * In follow mode the window ends at the newest data. Leaving it keeps the
 * window where it is now.
 */
void
fb_chart_set_follow (FbChart  *self,
                     gboolean  follow,
                     double    span_s)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  gboolean follow_changed, span_changed;

  g_return_if_fail (FB_IS_CHART (self));

  follow = !!follow;
  if (!(span_s > 0))
    span_s = 0;

  follow_changed = priv->follow != follow;
  span_changed = priv->span != span_s;
  if (!follow_changed && !span_changed)
    return;

  if (!follow)
    compute_window (self, &priv->fixed_from, &priv->fixed_to);

  priv->follow = follow;
  priv->span = span_s;
  fb_chart_invalidate (self);

  if (follow_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FOLLOW]);
  if (span_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SPAN]);
}

/**
 * fb_chart_get_visible_window:
 * @t_from: (out) (optional): the time at the left edge
 * @t_to: (out) (optional): the time at the right edge
 *
 * Gets the window of time the chart shows for its data now.
 */
void
fb_chart_get_visible_window (FbChart *self,
                             double  *t_from,
                             double  *t_to)
{
  double from, to;

  g_return_if_fail (FB_IS_CHART (self));

  compute_window (self, &from, &to);
  if (t_from != NULL)
    *t_from = from;
  if (t_to != NULL)
    *t_to = to;
}

/**
 * fb_chart_dup_description:
 *
 * Returns: (transfer full): the chart's current values in words, which
 *   are also its accessible description
 */
char *
fb_chart_dup_description (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbChartClass *klass;

  g_return_val_if_fail (FB_IS_CHART (self), NULL);

  klass = FB_CHART_GET_CLASS (self);
  if (klass->dup_description != NULL)
    {
      g_autofree char *description = klass->dup_description (self);
      g_autofree char *readout = fb_chart_dup_readout (self);

      /* What the keyboard cursor points at comes first: it is what was asked. */
      if (readout != NULL)
        return g_strdup_printf ("%s %s", readout, description);
      return g_steal_pointer (&description);
    }
  return g_strdup (priv->title != NULL ? priv->title : "");
}

/**
 * fb_chart_series_nearest:
 * @series: (nullable): samples in time order
 * @t: a time
 * @sample_t: (out) (optional): the time of the sample nearest @t
 * @value: (out) (optional): its value
 *
 * Returns: whether @series has a sample
 */
gboolean
fb_chart_series_nearest (FbSeries *series,
                         double    t,
                         double   *sample_t,
                         double   *value)
{
  guint length = series != NULL ? fb_series_get_length (series) : 0;
  guint lo = 0, hi;
  double t_lo, t_hi, v_lo, v_hi;

  if (length == 0)
    return FALSE;

  /* The first sample at or after @t, by halves. */
  hi = length - 1;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      double tm;

      fb_series_get (series, mid, &tm, NULL);
      if (tm < t)
        lo = mid + 1;
      else
        hi = mid;
    }

  fb_series_get (series, lo, &t_hi, &v_hi);
  if (lo > 0)
    {
      fb_series_get (series, lo - 1, &t_lo, &v_lo);
      if (t - t_lo < t_hi - t)
        {
          t_hi = t_lo;
          v_hi = v_lo;
        }
    }

  if (sample_t != NULL)
    *sample_t = t_hi;
  if (value != NULL)
    *value = v_hi;
  return TRUE;
}

/**
 * fb_chart_time_at:
 * @x: a position in the widget, from its left edge
 *
 * Returns: the time shown at @x, in the window last drawn
 */
double
fb_chart_time_at (FbChart *self,
                  double   x)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), 0);

  if (priv->plot.width <= 0)
    return priv->t_from;
  return priv->t_from + (x - priv->plot.x) / priv->plot.width * (priv->t_to - priv->t_from);
}

/**
 * fb_chart_get_cursor:
 * @t: (out) (optional): the time of the cursor
 *
 * Returns: whether a time is being read out
 */
gboolean
fb_chart_get_cursor (FbChart *self,
                     double  *t)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), FALSE);

  if (t != NULL)
    *t = priv->cursor_t;
  return priv->has_cursor;
}

/**
 * fb_chart_set_cursor:
 * @t: a time in the chart's data
 *
 * Reads out the values at @t: a line marks it, and the accessible
 * description starts with them.
 */
void
fb_chart_set_cursor (FbChart *self,
                     double   t)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  priv->has_cursor = TRUE;
  priv->cursor_t = t;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_description_update (self);
}

void
fb_chart_clear_cursor (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));

  if (!priv->has_cursor)
    return;

  priv->has_cursor = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  queue_description_update (self);
}

/**
 * fb_chart_dup_readout:
 *
 * Returns: (nullable): the values at the cursor in words, or %NULL when
 *   there is no cursor or the chart has no read-out
 */
char *
fb_chart_dup_readout (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbChartClass *klass;

  g_return_val_if_fail (FB_IS_CHART (self), NULL);

  klass = FB_CHART_GET_CLASS (self);
  if (!priv->has_cursor || klass->dup_readout == NULL)
    return NULL;
  return klass->dup_readout (self, priv->cursor_t);
}

/**
 * fb_chart_get_colors:
 * @colors: (out caller-allocates): the colours
 *
 * Gets the colours the chart draws with now, from its style.
 */
void
fb_chart_get_colors (FbChart       *self,
                     FbChartColors *colors)
{
  g_return_if_fail (FB_IS_CHART (self));
  g_return_if_fail (colors != NULL);

  *colors = *ensure_colors (self);
}

/**
 * fb_chart_get_plot_area:
 * @area: (out caller-allocates): where the plot was, in pixels of the
 *   last drawing
 *
 * Returns: %FALSE when the chart was not drawn yet, or was too small to
 *   have a plot
 */
gboolean
fb_chart_get_plot_area (FbChart               *self,
                        cairo_rectangle_int_t *area)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  *area = priv->plot;
  return priv->prepared && priv->plot.width > 0 && priv->plot.height > 0;
}

/**
 * fb_chart_get_n_prepared_points:
 *
 * For tests: how many points the last preparation made of the longest
 * series, which downsampling keeps to at most one per pixel column.
 *
 * Returns: the number of points
 */
guint
fb_chart_get_n_prepared_points (FbChart *self)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), 0);
  return priv->n_prepared_points;
}

/* For subclasses */

/**
 * fb_chart_set_y_range:
 *
 * Sets the values the y axis shows, for the default
 * #FbChartClass.get_y_range; the axis ends on the tick after @y_max.
 */
void
fb_chart_set_y_range (FbChart *self,
                      double   y_min,
                      double   y_max)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));
  g_return_if_fail (y_max > y_min);

  if (priv->y_min == y_min && priv->y_max == y_max)
    return;

  priv->y_min = y_min;
  priv->y_max = y_max;
  priv->dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * fb_chart_set_legend:
 * @entries: (array length=n_entries): the entries, copied
 *
 * Sets the legend. Entries that do not fit in a quarter of the height are
 * summed up as "and N more".
 */
void
fb_chart_set_legend (FbChart                  *self,
                     const FbChartLegendEntry *entries,
                     guint                     n_entries)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_if_fail (FB_IS_CHART (self));
  g_return_if_fail (entries != NULL || n_entries == 0);

  g_array_set_size (priv->legend, 0);
  for (guint i = 0; i < n_entries; i++)
    {
      LegendEntry entry = { g_strdup (entries[i].label), entries[i].color, entries[i].swatch };

      g_array_append_val (priv->legend, entry);
    }

  priv->dirty = TRUE;
  priv->frame_dirty = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * fb_chart_create_label:
 * @text: the text
 *
 * Makes a layout in the font of tick labels, for text a subclass draws in
 * its plot. Call it from #FbChartClass.prepare.
 *
 * Returns: (transfer full): the layout
 */
PangoLayout *
fb_chart_create_label (FbChart    *self,
                       const char *text)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), NULL);

  if (priv->small_font == NULL)
    return gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  return layout_cache_get (&priv->plot_layouts, self, priv->small_font, text);
}

/**
 * fb_chart_x_for_time:
 *
 * Returns: where @t is, in pixels from the plot's left edge, in the plot
 *   being prepared
 */
double
fb_chart_x_for_time (FbChart *self,
                     double   t)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);

  g_return_val_if_fail (FB_IS_CHART (self), 0);

  return (t - priv->t_from) / (priv->t_to - priv->t_from) * priv->plot.width;
}

/**
 * fb_chart_y_for_value:
 *
 * Returns: where @value is, in pixels from the plot's top edge, in the
 *   plot being prepared
 */
double
fb_chart_y_for_value (FbChart *self,
                      double   value)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  double f;

  g_return_val_if_fail (FB_IS_CHART (self), 0);

  f = (value - priv->axis_min) / (priv->axis_max - priv->axis_min);
  return priv->plot.height - CLAMP (f, 0, 1) * priv->plot.height;
}

/**
 * fb_chart_prepare_points:
 * @series: (nullable): the values
 * @plot_width: the plot's width: one column per pixel
 * @plot_height: the plot's height
 * @points: (element-type FbChartPoint): where the points go, emptied first
 *
 * Downsamples what @series holds in the visible window to at most one
 * point per pixel column, each spanning the column's lowest to highest
 * value, so that a peak is never lost and a long series costs no more to
 * draw than a short one. Columns without values are bridged; a column of
 * unknown values breaks the line (the monitor marks them with -1, and a
 * chart has no negative values). Call it from #FbChartClass.prepare.
 *
 * Returns: how many points there are
 */
guint
fb_chart_prepare_points (FbChart  *self,
                         FbSeries *series,
                         int       plot_width,
                         int       plot_height,
                         GArray   *points)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  double *min_values, *max_values;
  gboolean gap = TRUE;

  g_return_val_if_fail (FB_IS_CHART (self), 0);
  g_return_val_if_fail (points != NULL, 0);
  g_return_val_if_fail (g_array_get_element_size (points) == sizeof (FbChartPoint), 0);

  g_array_set_size (points, 0);
  if (series == NULL || plot_width <= 0 || plot_height <= 0)
    return 0;

  g_array_set_size (priv->scratch_min, plot_width);
  g_array_set_size (priv->scratch_max, plot_width);
  min_values = &g_array_index (priv->scratch_min, double, 0);
  max_values = &g_array_index (priv->scratch_max, double, 0);

  if (fb_series_downsample (series, priv->t_from, priv->t_to, plot_width, min_values, max_values) == 0)
    return 0;

  for (int b = 0; b < plot_width; b++)
    {
      double lo = min_values[b];
      double hi = max_values[b];
      double f_lo, f_hi;
      FbChartPoint point;

      if (isnan (hi))
        continue;

      if (hi < 0)
        {
          gap = TRUE;
          continue;
        }

      /* Known and unknown values in one column: only the known ones count. */
      if (lo < 0)
        lo = hi;

      f_lo = CLAMP ((lo - priv->axis_min) / (priv->axis_max - priv->axis_min), 0, 1);
      f_hi = CLAMP ((hi - priv->axis_min) / (priv->axis_max - priv->axis_min), 0, 1);
      point.x = b + 0.5f;
      point.y_lo = plot_height - f_lo * plot_height;
      point.y_hi = plot_height - f_hi * plot_height;
      point.gap_before = gap;
      g_array_append_val (points, point);
      gap = FALSE;
    }

  priv->n_prepared_points = MAX (priv->n_prepared_points, points->len);
  return points->len;
}

/* Appends to the path a curve through the centres of @points (a run with
 * no gap), whose slopes Fritsch and Carlson's method picks so that between
 * two samples it never goes above or below both: a smoothed 100 % is never
 * drawn as 104 %. */
static void
curve_through (cairo_t            *cr,
               const FbChartPoint *points,
               guint               n)
{
  g_autofree double *y = g_new (double, n);
  g_autofree double *m = g_new (double, n);

  for (guint i = 0; i < n; i++)
    y[i] = (points[i].y_lo + points[i].y_hi) / 2;

  cairo_move_to (cr, points[0].x, y[0]);
  if (n == 1)
    {
      /* A lone point is a zero-length line, which round caps show as a dot. */
      cairo_line_to (cr, points[0].x, y[0]);
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      double before = i > 0 ? (y[i] - y[i - 1]) / (points[i].x - points[i - 1].x) : 0;
      double after = i + 1 < n ? (y[i + 1] - y[i]) / (points[i + 1].x - points[i].x) : 0;

      if (i == 0)
        m[i] = after;
      else if (i + 1 == n)
        m[i] = before;
      else
        m[i] = before * after > 0 ? (before + after) / 2 : 0;
    }

  for (guint i = 0; i + 1 < n; i++)
    {
      double h = points[i + 1].x - points[i].x;
      double d = (y[i + 1] - y[i]) / h;

      if (d == 0)
        m[i] = m[i + 1] = 0;
      else
        {
          double a = m[i] / d, b = m[i + 1] / d;

          if (a * a + b * b > 9)
            {
              double t = 3 / sqrt (a * a + b * b);

              m[i] = t * a * d;
              m[i + 1] = t * b * d;
            }
        }
    }

  for (guint i = 0; i + 1 < n; i++)
    {
      double h = points[i + 1].x - points[i].x;

      cairo_curve_to (cr,
                      points[i].x + h / 3, y[i] + m[i] * h / 3,
                      points[i + 1].x - h / 3, y[i + 1] - m[i + 1] * h / 3,
                      points[i + 1].x, y[i + 1]);
    }
}

/**
 * fb_chart_stroke_points:
 * @points: (array length=n_points): prepared points
 * @color: the line's colour
 * @line_width: its width, in pixels
 *
 * Draws points from fb_chart_prepare_points() as a line, with a vertical
 * stroke in each column whose values spread; or, when the chart is
 * #FbChart:smooth, as a curve through each column's middle. Into an image,
 * fb_line_raster_stroke() draws it; from the class's draw_plot(), the
 * lines are kept in the order they are drawn, and one that comes back
 * moved with the window is drawn again only where it changed.
 */
void
fb_chart_stroke_points (FbChart            *self,
                        cairo_t            *cr,
                        const FbChartPoint *points,
                        guint               n_points,
                        const GdkRGBA      *color,
                        double              line_width)
{
  FbChartPrivate *priv = fb_chart_get_instance_private (self);
  FbLineCache *cache;
  double last_y = 0;

  g_return_if_fail (FB_IS_CHART (self));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (color != NULL);

  if (n_points == 0)
    return;

  cairo_save (cr);
  cairo_new_path (cr);

  if (priv->smooth)
    {
      guint start = 0;

      for (guint i = 1; i <= n_points; i++)
        if (i == n_points || points[i].gap_before)
          {
            curve_through (cr, &points[start], i - start);
            start = i;
          }
    }
  else
    for (guint i = 0; i < n_points; i++)
      {
        const FbChartPoint *p = &points[i];

        if (i == 0 || p->gap_before)
          {
            /* A lone point is a zero-length line, which round caps show as a dot. */
            cairo_move_to (cr, p->x, p->y_lo);
            cairo_line_to (cr, p->x, p->y_hi);
            last_y = p->y_hi;
          }
        else if (fabs (last_y - p->y_lo) <= fabs (last_y - p->y_hi))
          {
            /* Enter the column at the end nearer to where the line comes from. */
            cairo_line_to (cr, p->x, p->y_lo);
            if (p->y_hi != p->y_lo)
              cairo_line_to (cr, p->x, p->y_hi);
            last_y = p->y_hi;
          }
        else
          {
            cairo_line_to (cr, p->x, p->y_hi);
            cairo_line_to (cr, p->x, p->y_lo);
            last_y = p->y_lo;
          }
      }

  if (priv->n_lines >= priv->line_caches->len)
    g_ptr_array_add (priv->line_caches, fb_line_cache_new ());
  cache = g_ptr_array_index (priv->line_caches, priv->n_lines++);
  fb_line_cache_keep (cache, -PLOT_OVERDRAW, -PLOT_OVERDRAW,
                      priv->plot.width + 2 * PLOT_OVERDRAW, priv->plot.height + 2 * PLOT_OVERDRAW,
                      priv->lines_shift);

  if (!fb_line_raster_stroke (cr, line_width, color, cache))
    {
      cairo_set_line_width (cr, line_width);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      gdk_cairo_set_source_rgba (cr, color);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}
