/* fb-line-raster.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gdk/gdk.h>

G_BEGIN_DECLS

typedef struct _FbLineCache FbLineCache;

FbLineCache *fb_line_cache_new      (void);
void         fb_line_cache_free     (FbLineCache   *cache);
void         fb_line_cache_keep     (FbLineCache   *cache,
                                     double         x,
                                     double         y,
                                     double         width,
                                     double         height,
                                     double         shift);
gboolean     fb_line_raster_stroke  (cairo_t       *cr,
                                     double         line_width,
                                     const GdkRGBA *color,
                                     FbLineCache   *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbLineCache, fb_line_cache_free)

G_END_DECLS
