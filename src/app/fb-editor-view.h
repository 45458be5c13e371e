/* fb-editor-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-engine.h"

G_BEGIN_DECLS

#define FB_TYPE_EDITOR_VIEW (fb_editor_view_get_type ())

G_DECLARE_FINAL_TYPE (FbEditorView, fb_editor_view, FB, EDITOR_VIEW, GtkWidget)

void        fb_editor_view_set_workload (FbEditorView *self,
                                         FbWorkload   *workload);
FbWorkload *fb_editor_view_get_workload (FbEditorView *self);
gboolean    fb_editor_view_get_valid    (FbEditorView *self);
const char *fb_editor_view_get_error    (FbEditorView *self);
GStrv       fb_editor_view_dup_functions (FbEditorView *self);

G_END_DECLS
