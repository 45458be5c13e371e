/* fb-chart-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-chart.h"

G_BEGIN_DECLS

/* The size charts are tested at. */
#define FB_TEST_CHART_WIDTH  600
#define FB_TEST_CHART_HEIGHT 300

GtkWidget       *fb_test_show_in_window  (gpointer  widget);
void             fb_test_wait_for_frames (gpointer  widget);
void             fb_test_set_dark        (gpointer  widget,
                                          gboolean  dark);
cairo_surface_t *fb_test_render_chart    (FbChart  *chart,
                                          gboolean  with_background,
                                          int       width,
                                          int       height);
guint            fb_test_max_difference  (cairo_surface_t *a,
                                          cairo_surface_t *b);

G_END_DECLS
