/* fb-history.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-engine.h"

G_BEGIN_DECLS

/* A run keeps its records (its worker timelines) up to this many tasks in
 * all; past it, its figures and failures only. */
#define FB_HISTORY_MAX_RECORDS 100000

#define FB_TYPE_HISTORY_ENTRY (fb_history_entry_get_type ())

G_DECLARE_FINAL_TYPE (FbHistoryEntry, fb_history_entry, FB, HISTORY_ENTRY, GObject)

GFile      *fb_history_entry_get_file     (FbHistoryEntry *self);
GDateTime  *fb_history_entry_get_finished (FbHistoryEntry *self);
const char *fb_history_entry_get_name     (FbHistoryEntry *self);
const char *fb_history_entry_get_summary  (FbHistoryEntry *self);
const char *fb_history_entry_get_lesson   (FbHistoryEntry *self);
gboolean    fb_history_entry_get_has_timelines (FbHistoryEntry *self);
char       *fb_history_entry_dup_title    (FbHistoryEntry *self);

#define FB_TYPE_HISTORY (fb_history_get_type ())

G_DECLARE_FINAL_TYPE (FbHistory, fb_history, FB, HISTORY, GObject)

FbHistory      *fb_history_new             (GFile                *directory);
GFile          *fb_history_get_directory   (FbHistory            *self);
guint           fb_history_get_max_runs    (FbHistory            *self);
void            fb_history_set_max_runs    (FbHistory            *self,
                                            guint                 max_runs);
gboolean        fb_history_get_loaded      (FbHistory            *self);
void            fb_history_load_async      (FbHistory            *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean        fb_history_load_finish     (FbHistory            *self,
                                            GAsyncResult         *result,
                                            guint                *n_skipped,
                                            GError              **error);
void            fb_history_add_async       (FbHistory            *self,
                                            FbRun                *run,
                                            const char           *lesson,
                                            GDateTime            *finished,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
FbHistoryEntry *fb_history_add_finish      (FbHistory            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
void            fb_history_open_async      (FbHistory            *self,
                                            FbHistoryEntry       *entry,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
FbRun          *fb_history_open_finish     (FbHistory            *self,
                                            GAsyncResult         *result,
                                            GError              **error);
GBytes         *fb_history_remove          (FbHistory            *self,
                                            FbHistoryEntry       *entry,
                                            GError              **error);
gboolean        fb_history_restore         (FbHistory            *self,
                                            FbHistoryEntry       *entry,
                                            GBytes               *contents,
                                            GError              **error);

G_END_DECLS
