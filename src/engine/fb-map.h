/* fb-map.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-pool.h"

G_BEGIN_DECLS

#define FB_TYPE_MAP (fb_map_get_type ())

G_DECLARE_FINAL_TYPE (FbMap, fb_map, FB, MAP, GObject)

FbMap     *fb_map_new             (FbPool               *pool,
                                   FbCall               *call,
                                   FbInputs             *inputs,
                                   guint                 chunksize,
                                   FbMapFlags            flags);
FbPool    *fb_map_get_pool        (FbMap                *self);
FbCall    *fb_map_get_call        (FbMap                *self);
FbMapFlags fb_map_get_flags       (FbMap                *self);
guint      fb_map_get_chunksize   (FbMap                *self);
guint      fb_map_get_timeout     (FbMap                *self);
void       fb_map_set_timeout     (FbMap                *self,
                                   guint                 timeout_ms);
gint64     fb_map_get_n_total     (FbMap                *self);
guint64    fb_map_get_n_done      (FbMap                *self);
guint64    fb_map_get_n_succeeded (FbMap                *self);
guint64    fb_map_get_n_failed    (FbMap                *self);
gboolean   fb_map_is_running      (FbMap                *self);
GPtrArray *fb_map_get_records     (FbMap                *self);
void       fb_map_run_async       (FbMap                *self,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data);
gboolean   fb_map_run_finish      (FbMap                *self,
                                   GAsyncResult         *result,
                                   GError              **error);

G_END_DECLS
