/* fb-chart-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the chart tests share: a chart in a window of the tested size, the
 * light or dark style, and the chart drawn into an image.
 */

#include "config.h"

#include <adwaita.h>

#include "fb-chart-test-util.h"

/* Charts live in windows: their colours come from the window's style,
 * which GTK brings up to date once a frame. */
GtkWidget *
fb_test_show_in_window (gpointer widget)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), FB_TEST_CHART_WIDTH, FB_TEST_CHART_HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (widget);
  return window;
}

/* A tick comes before the frame's styles are updated: wait for a second. */
void
fb_test_wait_for_frames (gpointer widget)
{
  gtk_test_widget_wait_for_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
}

void
fb_test_set_dark (gpointer widget,
                  gboolean dark)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_DEFAULT);
  fb_test_wait_for_frames (widget);
  g_assert_cmpint (adw_style_manager_get_dark (adw_style_manager_get_default ()), ==, dark);
}

/* Draws @chart as its widget does, on the background it sits on when
 * @with_background. */
cairo_surface_t *
fb_test_render_chart (FbChart  *chart,
                      gboolean  with_background,
                      int       width,
                      int       height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  if (with_background)
    {
      FbChartColors colors;

      fb_chart_get_colors (chart, &colors);
      gdk_cairo_set_source_rgba (cr, &colors.background);
      cairo_paint (cr);
    }

  fb_chart_draw (chart, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* The largest difference of a channel between two images of the same
 * size, in 1/255. */
guint
fb_test_max_difference (cairo_surface_t *a,
                        cairo_surface_t *b)
{
  const guchar *data_a = cairo_image_surface_get_data (a);
  const guchar *data_b = cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a);
  int width = cairo_image_surface_get_width (a);
  int height = cairo_image_surface_get_height (a);
  guint max = 0;

  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  g_assert_cmpint (width, ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (height, ==, cairo_image_surface_get_height (b));

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width * 4; x++)
      max = MAX (max, (guint) ABS (data_a[y * stride + x] - data_b[y * stride + x]));

  return max;
}
