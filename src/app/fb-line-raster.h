/* fb-line-raster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

gboolean fb_line_raster_stroke (cairo_t       *cr,
                                double         line_width,
                                const GdkRGBA *color,
                                GByteArray    *mask);

G_END_DECLS
