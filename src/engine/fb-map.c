/* fb-map.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FbMap runs one kernel over many inputs on a pool: Python's map (ordered,
 * every record kept), imap (ordered, streamed) and imap_unordered (streamed
 * as they complete). Each result is streamed through ::task-finished as it
 * is delivered, and through ::tasks-finished with the rest of its batch;
 * ::progress follows every batch.
 */

#define G_LOG_DOMAIN "fb-map"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "fb-map.h"
#include "fb-pool-private.h"

struct _FbMap
{
  GObject     parent_instance;

  /* Owned */
  FbPool     *pool;
  FbCall     *call;
  FbInputs   *inputs;
  GPtrArray  *records;
  GPtrArray  *batch;      /* delivered since ::tasks-finished, while it has handlers */
  GTask      *task;
  FbOp       *op;

  FbMapFlags  flags;
  guint       chunksize;
  guint       timeout_ms;
  guint64     n_succeeded;
  guint64     n_failed;

  /* Whether ::task-finished and ::tasks-finished have handlers, checked
   * once per batch. */
  guint       emit_finished : 1;
  guint       emit_batch : 1;
};

enum {
  PROP_0,
  PROP_N_DONE,
  PROP_TIMEOUT,
  N_PROPS
};

enum {
  TASK_FINISHED,
  TASKS_FINISHED,
  PROGRESS,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbMap, fb_map, G_TYPE_OBJECT)

static void
map_deliver (FbOp         *op,
             FbTaskRecord *record,
             gpointer      user_data)
{
  FbMap *self = user_data;

  if (record->status == FB_TASK_SUCCEEDED)
    self->n_succeeded++;
  else
    self->n_failed++;

  if (self->records != NULL)
    {
      if (self->flags & FB_MAP_ORDERED)
        g_ptr_array_add (self->records, fb_task_record_ref (record));
      else
        {
          if (record->index >= self->records->len)
            g_ptr_array_set_size (self->records, (guint) record->index + 1);
          g_ptr_array_index (self->records, record->index) = fb_task_record_ref (record);
        }
    }

  if (self->emit_finished)
    g_signal_emit (self, signals [TASK_FINISHED], 0, record);

  if (self->emit_batch)
    {
      if (self->batch == NULL)
        self->batch = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_task_record_unref);
      g_ptr_array_add (self->batch, fb_task_record_ref (record));
    }
}

/* A new array for each batch: a handler may keep the one it was given. */
static void
map_emit_batch (FbMap *self)
{
  g_autoptr(GPtrArray) batch = g_steal_pointer (&self->batch);

  if (batch != NULL && batch->len > 0)
    g_signal_emit (self, signals [TASKS_FINISHED], 0, batch);
}

static void
map_update_emit (FbMap *self)
{
  self->emit_finished = g_signal_has_handler_pending (self, signals [TASK_FINISHED], 0, TRUE);
  self->emit_batch = g_signal_has_handler_pending (self, signals [TASKS_FINISHED], 0, TRUE);
}

static void
map_progress (FbOp     *op,
              gpointer  user_data)
{
  FbMap *self = user_data;

  map_emit_batch (self);
  g_signal_emit (self, signals [PROGRESS], 0, self->n_succeeded + self->n_failed, self->n_failed);
  map_update_emit (self);
}

static void
map_complete (FbOp         *op,
              const GError *error,
              gpointer      user_data)
{
  FbMap *self = user_data;
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  map_emit_batch (self);
  g_clear_pointer (&self->op, fb_op_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_DONE]);

  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

static const FbOpCallbacks map_callbacks = {
  .deliver = map_deliver,
  .progress = map_progress,
  .complete = map_complete,
};

static void
fb_map_finalize (GObject *object)
{
  FbMap *self = (FbMap *)object;

  /* A running map is kept alive by its task, so there is no op here. */
  g_assert (self->op == NULL);

  g_clear_object (&self->pool);
  g_clear_pointer (&self->call, fb_call_unref);
  g_clear_pointer (&self->inputs, fb_inputs_unref);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->batch, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_map_parent_class)->finalize (object);
}

static void
fb_map_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  FbMap *self = FB_MAP (object);

  switch (prop_id)
    {
    case PROP_N_DONE:
      g_value_set_uint64 (value, fb_map_get_n_done (self));
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_map_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  FbMap *self = FB_MAP (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      fb_map_set_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_map_class_init (FbMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_map_finalize;
  object_class->get_property = fb_map_get_property;
  object_class->set_property = fb_map_set_property;

  /**
   * FbMap:n-done:
   *
   * How many tasks were delivered, succeeded or failed. Notified when the
   * map completes; follow ::progress for the count as it goes.
   */
  properties [PROP_N_DONE] =
    g_param_spec_uint64 ("n-done", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbMap:timeout:
   *
   * How long, in milliseconds, one task may run before it fails and its
   * worker is stopped; 0 for no limit.
   */
  properties [PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, FB_POOL_MAX_TIMEOUT_MS, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbMap::task-finished:
   * @record: the task's record
   *
   * A task's result, in input order for an ordered map and as tasks
   * complete otherwise. Emitted exactly once per task, failed ones included,
   * to handlers connected before the map runs (a handler connected while it
   * runs is called from the next batch on).
   */
  signals [TASK_FINISHED] =
    g_signal_new ("task-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FB_TYPE_TASK_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FbMap::tasks-finished:
   * @records: (element-type FbTaskRecord): the tasks delivered since the
   *   last emission, in the order ::task-finished gives them
   *
   * The tasks of ::task-finished, a batch at a time: emitted before each
   * ::progress, and before the map completes, when the batch has any. A
   * handler that looks at every task of a large map is called once per
   * batch rather than once per task. Handlers connected before the map runs
   * see every task (one connected while it runs, from the next batch on).
   */
  signals [TASKS_FINISHED] =
    g_signal_new ("tasks-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FbMap::progress:
   * @n_done: tasks delivered so far
   * @n_failed: of which failed
   *
   * Emitted after each batch of deliveries; @n_done never goes down.
   */
  signals [PROGRESS] =
    g_signal_new ("progress",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT64, G_TYPE_UINT64);
}

static void
fb_map_init (FbMap *self)
{
}

/**
 * fb_map_new:
 * @pool: the pool to run on
 * @call: the kernel and its parameters
 * @inputs: the inputs
 * @chunksize: how many tasks a worker takes at once
 * @flags: ordering and what is kept
 *
 * Returns: (transfer full): a map, to start with fb_map_run_async()
 */
FbMap *
fb_map_new (FbPool     *pool,
            FbCall     *call,
            FbInputs   *inputs,
            guint       chunksize,
            FbMapFlags  flags)
{
  FbMap *self;

  g_return_val_if_fail (FB_IS_POOL (pool), NULL);
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (inputs != NULL, NULL);

  self = g_object_new (FB_TYPE_MAP, NULL);
  self->pool = g_object_ref (pool);
  self->call = fb_call_ref (call);
  self->inputs = fb_inputs_ref (inputs);
  self->chunksize = chunksize;
  self->flags = flags;

  return self;
}

FbPool *
fb_map_get_pool (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), NULL);
  return self->pool;
}

FbCall *
fb_map_get_call (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), NULL);
  return self->call;
}

FbMapFlags
fb_map_get_flags (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), 0);
  return self->flags;
}

guint
fb_map_get_chunksize (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), 0);
  return self->chunksize;
}

guint
fb_map_get_timeout (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), 0);
  return self->timeout_ms;
}

void
fb_map_set_timeout (FbMap *self,
                    guint  timeout_ms)
{
  g_return_if_fail (FB_IS_MAP (self));
  g_return_if_fail (self->op == NULL);

  if (self->timeout_ms != timeout_ms)
    {
      self->timeout_ms = timeout_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TIMEOUT]);
    }
}

/**
 * fb_map_get_n_total:
 *
 * Returns: how many tasks the map has in all, or -1 for a generator
 */
gint64
fb_map_get_n_total (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), -1);
  return fb_inputs_get_length (self->inputs);
}

guint64
fb_map_get_n_done (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), 0);
  return self->n_succeeded + self->n_failed;
}

guint64
fb_map_get_n_succeeded (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), 0);
  return self->n_succeeded;
}

guint64
fb_map_get_n_failed (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), 0);
  return self->n_failed;
}

gboolean
fb_map_is_running (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), FALSE);
  return self->task != NULL;
}

/**
 * fb_map_get_records:
 *
 * Returns: (transfer none) (element-type FbTaskRecord) (nullable): every
 *   task's record in input order, with %FB_MAP_KEEP_RECORDS; %NULL without
 */
GPtrArray *
fb_map_get_records (FbMap *self)
{
  g_return_val_if_fail (FB_IS_MAP (self), NULL);
  return self->records;
}

/**
 * fb_map_run_async:
 *
 * Runs the map. It completes when every task was delivered, whether it
 * succeeded or failed; a failed task does not stop the others. It fails
 * only when cancelled (%G_IO_ERROR_CANCELLED) or when the pool cannot go on.
 * A map runs once.
 */
void
fb_map_run_async (FbMap               *self,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FB_IS_MAP (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_map_run_async);

  if (self->task != NULL || self->n_succeeded + self->n_failed > 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This map already ran; make a new one"));
      return;
    }

  if (self->flags & FB_MAP_KEEP_RECORDS)
    {
      /* Room for every record at once, where the inputs say how many. */
      gint64 length = fb_inputs_get_length (self->inputs);

      self->records = g_ptr_array_new_full ((guint) CLAMP (length, 0, G_MAXUINT),
                                            (GDestroyNotify) fb_task_record_unref);
    }

  self->task = g_object_ref (task);
  map_update_emit (self);
  self->op = fb_pool_start_op (self->pool, self->call, self->inputs, 0,
                               self->chunksize, self->flags, self->timeout_ms,
                               cancellable, &map_callbacks, self, &error);

  if (self->op == NULL)
    {
      g_clear_object (&self->task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  fb_op_ref (self->op);
}

gboolean
fb_map_run_finish (FbMap         *self,
                   GAsyncResult  *result,
                   GError       **error)
{
  g_return_val_if_fail (FB_IS_MAP (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Python's Pool.map on FbPool, for callers that only want the records. */

static void
pool_map_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  FbMap *map = FB_MAP (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!fb_map_run_finish (map, result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_ptr_array_ref (fb_map_get_records (map)),
                           (GDestroyNotify) g_ptr_array_unref);
}

/**
 * fb_pool_map_async:
 * @call: the kernel and its parameters
 * @inputs: the inputs
 * @chunksize: how many tasks a worker takes at once
 *
 * Python's Pool.map: every task's record, in input order. Use #FbMap to
 * stream results or to deliver them as they complete. The timeout of each
 * task is the pool's #FbPool:task-timeout.
 */
void
fb_pool_map_async (FbPool              *self,
                   FbCall              *call,
                   FbInputs            *inputs,
                   guint                chunksize,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(FbMap) map = NULL;
  GTask *task;

  g_return_if_fail (FB_IS_POOL (self));
  g_return_if_fail (call != NULL);
  g_return_if_fail (inputs != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_pool_map_async);

  map = fb_map_new (self, call, inputs, chunksize, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS);
  fb_map_set_timeout (map, fb_pool_get_task_timeout (self));
  fb_map_run_async (map, cancellable, pool_map_cb, task);
}

/**
 * fb_pool_map_finish:
 *
 * Returns: (transfer container) (element-type FbTaskRecord): the record of
 *   every task, in input order, failed ones included
 */
GPtrArray *
fb_pool_map_finish (FbPool        *self,
                    GAsyncResult  *result,
                    GError       **error)
{
  g_return_val_if_fail (FB_IS_POOL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
