/* fb-pool-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the two backends share with the pool. Everything that is the same for
 * processes and threads lives above this line: inputs are pulled, split into
 * units (a chunk of tasks), records are made, results are put in order and
 * delivered by the pool. A backend only runs units and fills their records,
 * so a comparison of the two measures the backend and nothing else.
 */

#pragma once

#include "fb-inputs.h"
#include "fb-kernel-private.h"
#include "fb-pool.h"
#include "fb-task-record.h"

G_BEGIN_DECLS

typedef struct _FbOp        FbOp;
typedef struct _FbUnit      FbUnit;
typedef struct _FbBackend   FbBackend;
typedef struct _FbCallState FbCallState;

/* One submit or map: the tasks of one FbCall over a set of inputs. */
typedef struct
{
  /* A task's record is final; called in delivery order. */
  void (*deliver)  (FbOp         *op,
                    FbTaskRecord *record,
                    gpointer      user_data);
  /* After a batch of deliveries. */
  void (*progress) (FbOp         *op,
                    gpointer      user_data);
  /* Once, when every task was delivered (@error is NULL), or the op was
   * cancelled or the pool terminated. */
  void (*complete) (FbOp         *op,
                    const GError *error,
                    gpointer      user_data);
} FbOpCallbacks;

struct _FbOp
{
  gatomicrefcount      ref_count;
  FbPool              *pool;
  FbCall              *call;
  FbCallState         *state;
  FbInputs            *inputs;
  gint64               single_input;
  guint                chunksize;
  FbMapFlags           flags;
  gint64               timeout_us;
  /* When the op was submitted: when its tasks entered the pool, unless
   * they come from a generator, whose inputs enter as they are pulled. */
  gint64               submitted_us;

  const FbOpCallbacks *callbacks;
  gpointer             user_data;

  guint64              n_pulled;
  guint64              n_delivered;
  guint64              n_succeeded;
  guint64              n_failed;
  guint64              units_out;
  guint64              window;
  /* Completed records waiting for an earlier one (ordered delivery). */
  FbTaskRecord       **ring;
  guint64              n_waiting;

  GCancellable        *cancellable;
  gulong               cancelled_id;
  /* Set from any thread by the cancellable; read by the pool and backends. */
  gint                 cancel_requested;

  GList                link;
  GList                pull_link;
  GList                dirty_link;

  guint                single : 1;
  guint                exhausted : 1;
  guint                cancelled : 1;
  guint                completed : 1;
  guint                dirty : 1;
};

/* A chunk of consecutive tasks of one op, run by one worker in one go. */
struct _FbUnit
{
  FbOp           *op;
  guint64         seq;
  guint           n;
  FbTaskRecord  **records;
  GBytes        **payloads;
  guint           worker_slot;
  /* The thread that runs it, when a lane of an interpreter does (0 else). */
  gint64          worker_tid;
  /* How many of its tasks the worker reported, from the first. */
  guint32         n_reported;
  GList           link;
  FbTaskRecord   *inline_records[];
};

/* What the pool knows of a call: its id on the wire and, for shared-array,
 * the storage every worker sees (original values, then current ones). */
struct _FbCallState
{
  FbCall         *call;
  guint           id;
  gint64         *shared;
  gsize           shared_len;
  guint64         shm_offset;
  gsize           map_size;
};

typedef struct
{
  const char *name;
  gboolean  (*start)           (FbBackend   *backend,
                                GError     **error);
  /* Take units from fb_pool_pull_unit() while there is room for them. */
  void      (*kick)            (FbBackend   *backend);
  /* Stop the op's units that are running or waiting, soon. */
  void      (*cancel_op)       (FbBackend   *backend,
                                FbOp        *op);
  void      (*check_timeouts)  (FbBackend   *backend,
                                gint64       now_us);
  gboolean  (*alloc_shared)    (FbBackend   *backend,
                                FbCallState *state,
                                GError     **error);
  void      (*free_shared)     (FbBackend   *backend,
                                FbCallState *state);
  /* Let the workers go once they are idle (join), or kill them now. */
  void      (*shutdown)        (FbBackend   *backend,
                                gboolean     now);
  guint     (*get_n_alive)     (FbBackend   *backend);
  /* Whether every worker can take tasks at once; NULL when always. */
  gboolean  (*is_ready)        (FbBackend   *backend);
  void      (*list_workers)    (FbBackend   *backend,
                                GArray      *ids);
  void      (*free)            (FbBackend   *backend);
} FbBackendVTable;

struct _FbBackend
{
  const FbBackendVTable *vtable;
  FbPool                *pool;
  GMainContext          *context;
  guint                  n_workers;
};

FbBackend    *fb_process_backend_new      (FbPool        *pool,
                                           guint          n_workers);
FbBackend    *fb_thread_backend_new       (FbPool        *pool,
                                           guint          n_workers);
FbBackend    *fb_process_backend_new_python (FbPool      *pool,
                                           guint          n_workers,
                                           FbCall        *call,
                                           gboolean       threads);

/* Called by backends, on the pool's context. */
FbUnit       *fb_pool_pull_unit           (FbPool        *self);
void          fb_pool_unit_returned       (FbPool        *self,
                                           FbUnit        *unit);
void          fb_pool_schedule            (FbPool        *self);
void          fb_pool_backend_ready       (FbPool        *self);
void          fb_pool_worker_exited       (FbPool        *self,
                                           guint          slot,
                                           gint64         worker_id,
                                           const char    *message);
void          fb_pool_fail_all            (FbPool        *self,
                                           const GError  *error);
FbCallState  *fb_pool_get_call_state      (FbPool        *self,
                                           guint          call_id);
gboolean      fb_pool_is_shutting_down    (FbPool        *self);
gboolean      fb_op_is_cancelled          (FbOp          *op);

/* Ops, for FbPool and FbMap. */
FbOp         *fb_pool_start_op            (FbPool               *self,
                                           FbCall               *call,
                                           FbInputs             *inputs,
                                           gint64                single_input,
                                           guint                 chunksize,
                                           FbMapFlags            flags,
                                           guint                 timeout_ms,
                                           GCancellable         *cancellable,
                                           const FbOpCallbacks  *callbacks,
                                           gpointer              user_data,
                                           GError              **error);
FbOp         *fb_op_ref                   (FbOp          *op);
void          fb_op_unref                 (FbOp          *op);
void          fb_op_detach                (FbOp          *op);

FbUnit       *fb_unit_new                 (FbOp          *op,
                                           guint          n,
                                           gboolean       with_payloads);
void          fb_unit_free                (FbUnit        *unit);
void          fb_record_fail              (FbTaskRecord  *record,
                                           GQuark         domain,
                                           int            code,
                                           const char    *format,
                                           ...) G_GNUC_PRINTF (4, 5);
char         *fb_describe_worker_end      (gint64         worker_id,
                                           int            wait_status,
                                           gint64         task);
char         *fb_describe_workers_failing (int            wait_status);
GSource      *fb_wakeup_source_new        (const char    *name,
                                           GSourceFunc    callback,
                                           gpointer       user_data,
                                           GMainContext  *context);

G_END_DECLS
