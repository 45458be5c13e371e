/* fb-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-application.h"
#include "fb-editor-view.h"
#include "fb-history-view.h"
#include "fb-library-view.h"
#include "fb-results-view.h"
#include "fb-run-view.h"

G_BEGIN_DECLS

#define FB_TYPE_WINDOW (fb_window_get_type ())

G_DECLARE_FINAL_TYPE (FbWindow, fb_window, FB, WINDOW, AdwApplicationWindow)

FbWindow      *fb_window_new          (FbApplication *app);
void           fb_window_open_file    (FbWindow      *self,
                                       GFile         *file);
GFile         *fb_window_get_file     (FbWindow      *self);
const char    *fb_window_get_last_toast (FbWindow    *self);
AdwToast      *fb_window_get_toast    (FbWindow      *self);
void           fb_window_run_lesson   (FbWindow      *self);
FbHistoryView *fb_window_get_history_view (FbWindow  *self);
const char    *fb_window_get_last_notification (FbWindow *self);
gboolean       fb_window_get_inhibiting (FbWindow    *self);
gboolean       fb_window_export       (FbWindow      *self,
                                       const char    *what,
                                       GFile         *file,
                                       GError       **error);
char          *fb_window_dup_export_name (FbWindow      *self,
                                          const char    *what);
const char    *fb_window_get_page     (FbWindow      *self);
void           fb_window_set_page     (FbWindow      *self,
                                       const char    *page);
FbEditorView  *fb_window_get_editor   (FbWindow      *self);
FbLibraryView *fb_window_get_library  (FbWindow      *self);
FbRunView     *fb_window_get_run_view (FbWindow      *self);
FbResultsView *fb_window_get_results  (FbWindow      *self);

G_END_DECLS
