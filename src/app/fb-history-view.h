/* fb-history-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-history.h"

G_BEGIN_DECLS

#define FB_TYPE_HISTORY_VIEW (fb_history_view_get_type ())

G_DECLARE_FINAL_TYPE (FbHistoryView, fb_history_view, FB, HISTORY_VIEW, GtkWidget)

FbHistory  *fb_history_view_get_history    (FbHistoryView  *self);
void        fb_history_view_set_history    (FbHistoryView  *self,
                                            FbHistory      *history);
void        fb_history_view_set_ticked     (FbHistoryView  *self,
                                            FbHistoryEntry *entry,
                                            gboolean        ticked);
GPtrArray  *fb_history_view_get_ticked     (FbHistoryView  *self);
void        fb_history_view_compare        (FbHistoryView  *self,
                                            FbHistoryEntry *a,
                                            FbHistoryEntry *b);
const char *fb_history_view_get_page       (FbHistoryView  *self);
const char *fb_history_view_get_comparison (FbHistoryView  *self);

G_END_DECLS
