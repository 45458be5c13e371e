/* fb-library-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-engine.h"

G_BEGIN_DECLS

#define FB_TYPE_LIBRARY_VIEW (fb_library_view_get_type ())

G_DECLARE_FINAL_TYPE (FbLibraryView, fb_library_view, FB, LIBRARY_VIEW, GtkWidget)

GFile      *fb_library_view_get_user_dir   (void);
void        fb_library_view_reload         (FbLibraryView *self);
gboolean    fb_library_view_select_preset  (FbLibraryView *self,
                                            const char    *id);
void        fb_library_view_select_file    (FbLibraryView *self,
                                            GFile         *file);

G_END_DECLS
