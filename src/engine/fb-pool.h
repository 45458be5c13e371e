/* fb-pool.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-inputs.h"
#include "fb-kernel.h"
#include "fb-task-record.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_POOL_ERROR (fb_pool_error_quark ())

/**
 * FbPoolError:
 * @FB_POOL_ERROR_INVALID: a request the pool refuses (a bad worker count...)
 * @FB_POOL_ERROR_WORKER_NOT_FOUND: the forkbench-worker program is missing
 * @FB_POOL_ERROR_SPAWN_FAILED: a worker could not be started
 * @FB_POOL_ERROR_WORKER_CRASHED: a worker was killed by a signal while running the task
 * @FB_POOL_ERROR_WORKER_EXITED: a worker exited while running the task
 * @FB_POOL_ERROR_TIMED_OUT: the task ran longer than its timeout
 * @FB_POOL_ERROR_CLOSED: the pool was closed and takes no more work
 * @FB_POOL_ERROR_TERMINATED: the pool was terminated before the task finished
 * @FB_POOL_ERROR_PROTOCOL: a worker sent something that is not the protocol
 * @FB_POOL_ERROR_WORKERS_FAILING: workers keep dying before finishing anything
 */
typedef enum
{
  FB_POOL_ERROR_INVALID,
  FB_POOL_ERROR_WORKER_NOT_FOUND,
  FB_POOL_ERROR_SPAWN_FAILED,
  FB_POOL_ERROR_WORKER_CRASHED,
  FB_POOL_ERROR_WORKER_EXITED,
  FB_POOL_ERROR_TIMED_OUT,
  FB_POOL_ERROR_CLOSED,
  FB_POOL_ERROR_TERMINATED,
  FB_POOL_ERROR_PROTOCOL,
  FB_POOL_ERROR_WORKERS_FAILING,
} FbPoolError;

/* Limits the pool enforces before it starts anything. */
#define FB_POOL_MAX_WORKERS    1024
#define FB_POOL_MAX_CHUNKSIZE  1000000
#define FB_POOL_MAX_TIMEOUT_MS (24u * 3600 * 1000)

#define FB_TYPE_POOL (fb_pool_get_type ())

G_DECLARE_FINAL_TYPE (FbPool, fb_pool, FB, POOL, GObject)

GQuark        fb_pool_error_quark       (void);
const char   *fb_pool_kind_to_string    (FbPoolKind            kind);
FbPool       *fb_pool_new               (FbPoolKind            kind,
                                         guint                 n_workers,
                                         GError              **error);
FbPool       *fb_pool_new_for_call      (FbPoolKind            kind,
                                         guint                 n_workers,
                                         FbCall               *call,
                                         GError              **error);
FbPoolKind    fb_pool_get_kind          (FbPool               *self);
gboolean      fb_pool_get_workers_are_processes (FbPool       *self);
guint         fb_pool_get_n_workers     (FbPool               *self);
guint         fb_pool_get_task_timeout  (FbPool               *self);
void          fb_pool_set_task_timeout  (FbPool               *self,
                                         guint                 timeout_ms);
GArray       *fb_pool_list_workers      (FbPool               *self);
guint64       fb_pool_get_n_respawns    (FbPool               *self);

void          fb_pool_submit_async      (FbPool               *self,
                                         FbCall               *call,
                                         gint64                input,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
FbTaskRecord *fb_pool_submit_finish     (FbPool               *self,
                                         GAsyncResult         *result,
                                         GError              **error);

void          fb_pool_map_async         (FbPool               *self,
                                         FbCall               *call,
                                         FbInputs             *inputs,
                                         guint                 chunksize,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GPtrArray    *fb_pool_map_finish        (FbPool               *self,
                                         GAsyncResult         *result,
                                         GError              **error);

void          fb_pool_wait_ready_async  (FbPool               *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean      fb_pool_wait_ready_finish (FbPool               *self,
                                         GAsyncResult         *result,
                                         GError              **error);
void          fb_pool_close             (FbPool               *self);
void          fb_pool_join_async        (FbPool               *self,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
gboolean      fb_pool_join_finish       (FbPool               *self,
                                         GAsyncResult         *result,
                                         GError              **error);
void          fb_pool_terminate         (FbPool               *self);

const gint64 *fb_pool_get_shared_array  (FbPool               *self,
                                         FbCall               *call,
                                         gsize                *n_values);

G_END_DECLS
