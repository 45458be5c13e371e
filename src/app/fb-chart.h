/* fb-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-series.h"

G_BEGIN_DECLS

/* How many series colours the palette has before it repeats. */
#define FB_CHART_N_SERIES_COLORS 14

/* A colour index meaning the style's foreground rather than a series colour. */
#define FB_CHART_COLOR_FOREGROUND (-1)

/* A colour index meaning the style's secondary text colour. */
#define FB_CHART_COLOR_DIM (-2)

/**
 * FbChartColors:
 * @foreground: the widget's text colour: titles, legend, the total line
 * @dim: secondary text: tick labels, the axis caption
 * @axis: the axis lines
 * @grid: the grid lines
 * @background: the view background the chart is meant to sit on; the chart
 *   itself does not paint it, exports paint it first
 * @series: the series colours, from the GNOME palette, with at least 3:1
 *   contrast against @background
 * @dark: whether they were made for a dark style
 *
 * The colours a chart draws with, from the widget's style, so that they
 * follow dark mode and high contrast.
 */
typedef struct
{
  GdkRGBA  foreground;
  GdkRGBA  dim;
  GdkRGBA  axis;
  GdkRGBA  grid;
  GdkRGBA  background;
  GdkRGBA  series[FB_CHART_N_SERIES_COLORS];
  gboolean dark;
} FbChartColors;

/**
 * FbChartSwatch:
 * @FB_CHART_SWATCH_NONE: text only
 * @FB_CHART_SWATCH_LINE: a thin line, as a series is drawn
 * @FB_CHART_SWATCH_THICK_LINE: a thick line, for a total
 * @FB_CHART_SWATCH_GRADIENT: from transparent to the colour, for intensities
 * @FB_CHART_SWATCH_DASHED_LINE: a dashed line, for a reference
 *
 * What a legend entry shows before its label.
 */
typedef enum
{
  FB_CHART_SWATCH_NONE,
  FB_CHART_SWATCH_LINE,
  FB_CHART_SWATCH_THICK_LINE,
  FB_CHART_SWATCH_GRADIENT,
  FB_CHART_SWATCH_DASHED_LINE,
} FbChartSwatch;

/**
 * FbChartLegendEntry:
 * @label: what the user reads
 * @color: an index in #FbChartColors.series, or %FB_CHART_COLOR_FOREGROUND
 * @swatch: what is drawn before @label
 */
typedef struct
{
  const char    *label;
  int            color;
  FbChartSwatch  swatch;
} FbChartLegendEntry;

/**
 * FbChartPoint:
 * @x: the pixel column's centre, from the plot's left edge
 * @y_lo: where the column's lowest value is, from the plot's top edge
 * @y_hi: where its highest value is (@y_hi <= @y_lo)
 * @gap_before: the line is broken before this point (unknown values)
 *
 * One pixel column of a series, prepared by fb_chart_prepare_points().
 */
typedef struct
{
  float    x;
  float    y_lo;
  float    y_hi;
  gboolean gap_before;
} FbChartPoint;

#define FB_TYPE_CHART (fb_chart_get_type ())

G_DECLARE_DERIVABLE_TYPE (FbChart, fb_chart, FB, CHART, GtkWidget)

/**
 * FbChartClass:
 * @get_extent: the times the data covers; %FALSE when there is none yet.
 *   Follow mode keeps @t_max at the right edge.
 * @get_y_range: the values to show between @t_from and @t_to; the base
 *   rounds the maximum up to a tick. The default returns the range given
 *   to fb_chart_set_y_range().
 * @format_y_tick: a y tick label, for a tick @step apart on an
 *   axis ending at @axis_max; the default writes numbers with k and M.
 *   %NULL leaves that value without a tick label and a grid line. The
 *   tick formatters depend on their arguments only: the frame is laid out
 *   again when the size, the window, the y range, the title, the legend
 *   or the captions change, not on every fb_chart_invalidate()
 * @prepare: builds what @draw_plot draws, for a plot of that size; called
 *   when the data, the window or the size changed, never when only drawing
 * @draw_plot: draws the prepared data on @cr, whose origin is the plot's
 *   top-left corner; no walking of the data here
 * @dup_description: the chart's current values in words, for the
 *   accessible description
 * @format_x_tick: an x tick label for @value, on an axis of ticks @step
 *   apart; %NULL leaves the tick out. The default writes times.
 * @dup_readout: the values at time @t in words, for the pointer's tooltip
 *   and the keyboard cursor; charts without it have neither
 * @get_ink_rows: the rows of the plot the prepared data draws on, from its
 *   top (lines' widths included); %FALSE, or no function, and the data is
 *   drawn once more to find out. Called for every frame: it only reads
 *   what @prepare made
 */
struct _FbChartClass
{
  GtkWidgetClass parent_class;

  gboolean   (*get_extent)      (FbChart             *self,
                                 double              *t_min,
                                 double              *t_max);
  void       (*get_y_range)     (FbChart             *self,
                                 double               t_from,
                                 double               t_to,
                                 double              *y_min,
                                 double              *y_max);
  char      *(*format_y_tick)   (FbChart             *self,
                                 double               value,
                                 double               step,
                                 double               axis_max);
  void       (*prepare)         (FbChart             *self,
                                 int                  plot_width,
                                 int                  plot_height);
  void       (*draw_plot)       (FbChart             *self,
                                 cairo_t             *cr,
                                 const FbChartColors *colors,
                                 int                  plot_width,
                                 int                  plot_height);
  char      *(*dup_description) (FbChart             *self);
  char      *(*dup_readout)     (FbChart             *self,
                                 double               t);
  char      *(*format_x_tick)   (FbChart             *self,
                                 double               value,
                                 double               step,
                                 double               axis_extent);
  gboolean   (*get_ink_rows)    (FbChart             *self,
                                 double              *top,
                                 double              *bottom);

  /*< private >*/
  gpointer _reserved[5];
};

void            fb_chart_draw                  (FbChart                  *self,
                                                cairo_t                  *cr,
                                                int                       width,
                                                int                       height);
void            fb_chart_invalidate            (FbChart                  *self);
const char     *fb_chart_get_title             (FbChart                  *self);
void            fb_chart_set_title             (FbChart                  *self,
                                                const char               *title);
const char     *fb_chart_get_y_label           (FbChart                  *self);
void            fb_chart_set_y_label           (FbChart                  *self,
                                                const char               *y_label);
const char     *fb_chart_get_y_unit            (FbChart                  *self);
void            fb_chart_set_y_unit            (FbChart                  *self,
                                                const char               *y_unit);
void            fb_chart_set_time_window       (FbChart                  *self,
                                                double                    t_from,
                                                double                    t_to);
gboolean        fb_chart_get_follow            (FbChart                  *self);
double          fb_chart_get_span              (FbChart                  *self);
void            fb_chart_set_follow            (FbChart                  *self,
                                                gboolean                  follow,
                                                double                    span_s);
void            fb_chart_get_visible_window    (FbChart                  *self,
                                                double                   *t_from,
                                                double                   *t_to);
char           *fb_chart_dup_description       (FbChart                  *self);
char          **fb_chart_dup_label_texts       (FbChart                  *self);
gboolean        fb_chart_get_cursor            (FbChart                  *self,
                                                double                   *t);
void            fb_chart_set_cursor            (FbChart                  *self,
                                                double                    t);
void            fb_chart_clear_cursor          (FbChart                  *self);
char           *fb_chart_dup_readout           (FbChart                  *self);
double          fb_chart_time_at               (FbChart                  *self,
                                                double                    x);
void            fb_chart_get_colors            (FbChart                  *self,
                                                FbChartColors            *colors);
gboolean        fb_chart_get_plot_area         (FbChart                  *self,
                                                cairo_rectangle_int_t    *area);
guint           fb_chart_get_n_prepared_points (FbChart                  *self);
char           *fb_chart_format_number         (double                    value,
                                                int                       max_decimals);

/* For subclasses */
void            fb_chart_set_y_range           (FbChart                  *self,
                                                double                    y_min,
                                                double                    y_max);
void            fb_chart_set_legend            (FbChart                  *self,
                                                const FbChartLegendEntry *entries,
                                                guint                     n_entries);
PangoLayout    *fb_chart_create_label          (FbChart                  *self,
                                                const char               *text);
double          fb_chart_x_for_time            (FbChart                  *self,
                                                double                    t);
gboolean        fb_chart_get_smooth            (FbChart                  *self);
void            fb_chart_set_smooth            (FbChart                  *self,
                                                gboolean                  smooth);
double          fb_chart_y_for_value           (FbChart                  *self,
                                                double                    value);
guint           fb_chart_prepare_points        (FbChart                  *self,
                                                FbSeries                 *series,
                                                int                       plot_width,
                                                int                       plot_height,
                                                GArray                   *points);
void            fb_chart_stroke_points         (FbChart                  *self,
                                                cairo_t                  *cr,
                                                const FbChartPoint       *points,
                                                guint                     n_points,
                                                const GdkRGBA            *color,
                                                double                    line_width);
gboolean        fb_chart_series_nearest        (FbSeries                 *series,
                                                double                    t,
                                                double                   *sample_t,
                                                double                   *value);
const GdkRGBA  *fb_chart_colors_lookup         (const FbChartColors      *colors,
                                                int                       color);

G_END_DECLS
