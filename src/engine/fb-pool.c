/* fb-pool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FbPool runs tasks through worker processes or threads, on the caller's
 * GMainContext. Everything here is shared by the two kinds: operations (a
 * submit or a map) are pulled into units as workers have room, completed
 * records are put back in order and delivered, and an operation completes
 * when every one of its tasks was delivered. The backends only run units.
 */

#define G_LOG_DOMAIN "fb-pool"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "fb-pool-private.h"
#include "fb-python-private.h"
#include "fb-task-record-private.h"

struct _FbPool
{
  GObject        parent_instance;

  FbPoolKind     kind;
  guint          n_workers;
  guint          task_timeout_ms;

  /* Owned */
  GMainContext  *context;
  FbBackend     *backend;
  GSource       *schedule_source;
  GSource       *timeout_source;
  GHashTable    *calls;          /* FbCall* -> FbCallState* */
  GPtrArray     *calls_by_id;    /* id -> FbCallState* (borrowed) */
  GTask         *join_task;
  GError        *broken;         /* why the pool cannot run anything */
  FbCall        *python_call;    /* what its interpreters run, if any */
  GPtrArray     *spare_results;  /* FbSubmitResult to reuse */
  GPtrArray     *ready_waiters;  /* GTask of fb_pool_wait_ready_async() */

  GQueue         ops;            /* every op not completed yet */
  GQueue         pullable;       /* ops that may give more units */
  GQueue         retry;          /* units to run again */
  GQueue         returned;       /* units back from a backend */
  GQueue         dirty;          /* ops whose state changed */

  /* Set from any thread when an op's cancellable fires. */
  gint           cancel_pending;

  guint64        next_seq;
  guint64        n_respawns;
  guint          n_timed_ops;

  guint          in_schedule : 1;
  guint          schedule_queued : 1;
  guint          reschedule : 1;
  guint          closed : 1;
  guint          shutting_down : 1;
  guint          terminated : 1;
};

enum {
  PROP_0,
  PROP_KIND,
  PROP_N_WORKERS,
  PROP_TASK_TIMEOUT,
  N_PROPS
};

enum {
  WORKER_DIED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_QUARK (fb-pool-error-quark, fb_pool_error)
G_DEFINE_FINAL_TYPE (FbPool, fb_pool, G_TYPE_OBJECT)

static void op_complete      (FbOp         *op,
                              const GError *error);
static void op_mark_dirty    (FbOp         *op);

const char *
fb_pool_kind_to_string (FbPoolKind kind)
{
  switch (kind)
    {
    case FB_POOL_PROCESSES: return "processes";
    case FB_POOL_THREADS:   return "threads";
    default:                return "unknown";
    }
}

/* Records and units */

void
fb_record_fail (FbTaskRecord *record,
                GQuark        domain,
                int           code,
                const char   *format,
                ...)
{
  va_list args;

  va_start (args, format);
  fb_task_record_take_error (record, g_error_new_valist (domain, code, format, args));
  va_end (args);
  record->status = FB_TASK_FAILED;
}

/* A signal's name without SIG, such as "SEGV", or "?" */
static const char *
signal_abbrev (int wait_status)
{
  const char *abbrev = sigabbrev_np (WTERMSIG (wait_status));

  return abbrev ? abbrev : "?";
}

/**
 * fb_describe_worker_end:
 * @worker_id: the worker's process id
 * @wait_status: how it ended, as waitpid() says
 * @task: the index of the task it was running, or -1
 *
 * Each case is a whole sentence, so that translators can word it.
 *
 * Returns: (transfer full): how a worker process ended, in a sentence:
 *   "Worker 4242 was killed by signal 11 (SIGSEGV) while running task 3"
 */
char *
fb_describe_worker_end (gint64 worker_id,
                        int    wait_status,
                        gint64 task)
{
  long long pid = worker_id;
  unsigned long long index = (unsigned long long) task;

  if (WIFSIGNALED (wait_status) && task >= 0)
    /* TRANSLATORS: a process id, a signal's number and its name without
     * SIG, such as SEGV, and the task's index */
    return g_strdup_printf (_("Worker %lld was killed by signal %d (SIG%s) while running task %llu"),
                            pid, WTERMSIG (wait_status), signal_abbrev (wait_status), index);
  if (WIFSIGNALED (wait_status))
    /* TRANSLATORS: a process id, a signal's number and its name without
     * SIG, such as SEGV */
    return g_strdup_printf (_("Worker %lld was killed by signal %d (SIG%s)"),
                            pid, WTERMSIG (wait_status), signal_abbrev (wait_status));

  if (WIFEXITED (wait_status) && task >= 0)
    /* TRANSLATORS: a process id, its exit status, and the task's index */
    return g_strdup_printf (_("Worker %lld exited with status %d while running task %llu"),
                            pid, WEXITSTATUS (wait_status), index);
  if (WIFEXITED (wait_status))
    /* TRANSLATORS: a process id and its exit status */
    return g_strdup_printf (_("Worker %lld exited with status %d"), pid, WEXITSTATUS (wait_status));

  if (task >= 0)
    /* TRANSLATORS: a process id, the status waitpid() gave, and the task's index */
    return g_strdup_printf (_("Worker %lld ended with wait status %d while running task %llu"),
                            pid, wait_status, index);
  /* TRANSLATORS: a process id and the status waitpid() gave */
  return g_strdup_printf (_("Worker %lld ended with wait status %d"), pid, wait_status);
}

/**
 * fb_describe_workers_failing:
 * @wait_status: how the last worker ended, as waitpid() says
 *
 * Returns: (transfer full): that workers keep dying before they finish
 *   anything, and how the last one ended, in a sentence
 */
char *
fb_describe_workers_failing (int wait_status)
{
  if (WIFSIGNALED (wait_status))
    /* TRANSLATORS: a signal's number and its name without SIG, such as SEGV */
    return g_strdup_printf (_("Workers keep dying before they finish any task; "
                              "the last one was killed by signal %d (SIG%s)"),
                            WTERMSIG (wait_status), signal_abbrev (wait_status));

  if (WIFEXITED (wait_status))
    /* TRANSLATORS: the exit status of the last worker */
    return g_strdup_printf (_("Workers keep dying before they finish any task; "
                              "the last one exited with status %d"),
                            WEXITSTATUS (wait_status));

  /* TRANSLATORS: the status waitpid() gave for the last worker */
  return g_strdup_printf (_("Workers keep dying before they finish any task; "
                            "the last one ended with wait status %d"),
                          wait_status);
}

/* A unit and its record pointers are one allocation: a submit makes one per task. */
FbUnit *
fb_unit_new (FbOp     *op,
             guint     n,
             gboolean  with_payloads)
{
  FbUnit *unit = g_malloc0 (sizeof (FbUnit) + n * sizeof (FbTaskRecord *));

  unit->records = unit->inline_records;
  if (with_payloads)
    unit->payloads = g_new0 (GBytes *, n);
  unit->op = fb_op_ref (op);
  unit->seq = op->pool->next_seq++;
  op->units_out++;

  return unit;
}

void
fb_unit_free (FbUnit *unit)
{
  FbTaskRecord *any = NULL;
  guint n_refs = 0;

  /* A unit's records all come from one block: let go of them at once. */
  for (guint i = 0; i < unit->n; i++)
    {
      if (unit->records[i] != NULL)
        {
          any = unit->records[i];
          n_refs++;
        }
      if (unit->payloads != NULL && unit->payloads[i] != NULL)
        g_bytes_unref (unit->payloads[i]);
    }

  if (any != NULL)
    fb_task_record_release (any, n_refs);

  g_free (unit->payloads);
  g_clear_pointer (&unit->op, fb_op_unref);
  g_free (unit);
}

/* Ops */

FbOp *
fb_op_ref (FbOp *op)
{
  g_atomic_ref_count_inc (&op->ref_count);
  return op;
}

void
fb_op_unref (FbOp *op)
{
  if (g_atomic_ref_count_dec (&op->ref_count))
    {
      g_assert (op->cancelled_id == 0);

      if (op->ring != NULL)
        {
          for (guint64 i = 0; i < op->window; i++)
            g_clear_pointer (&op->ring[i], fb_task_record_unref);
          g_free (op->ring);
        }
      g_clear_pointer (&op->inputs, fb_inputs_unref);
      g_clear_pointer (&op->call, fb_call_unref);
      g_clear_object (&op->cancellable);
      g_free (op);
    }
}

/* The op's owner no longer wants its callbacks, because it is going away. */
void
fb_op_detach (FbOp *op)
{
  op->callbacks = NULL;
  op->user_data = NULL;
}

gboolean
fb_op_is_cancelled (FbOp *op)
{
  return op->cancelled || g_atomic_int_get (&op->cancel_requested);
}

static void
fb_pool_queue_schedule (FbPool *self)
{
  if (self->in_schedule)
    self->reschedule = TRUE;
  else if (!self->schedule_queued && self->schedule_source != NULL)
    {
      self->schedule_queued = TRUE;
      g_source_set_ready_time (self->schedule_source, 0);
    }
}

static void
op_cancelled_cb (GCancellable *cancellable,
                 FbOp         *op)
{
  /* Any thread: only flag it and wake the pool's context. */
  g_atomic_int_set (&op->cancel_requested, 1);
  g_atomic_int_set (&op->pool->cancel_pending, 1);
  if (op->pool->schedule_source != NULL)
    g_source_set_ready_time (op->pool->schedule_source, 0);
}

static guint64
op_room (FbOp *op)
{
  return op->window - (op->n_pulled - op->n_delivered);
}

/* An op whose cancellable fired is not pulled from again, even before the
 * pool gets to cancel it: cancelled from a handler of the map's signals,
 * it would otherwise go back to the queue it was just taken from. */
static gboolean
op_can_pull (FbOp *op)
{
  return !op->exhausted && !op->cancelled && !op->completed && op_room (op) > 0 &&
         !g_atomic_int_get (&op->cancel_requested);
}

static void
op_check_exhausted (FbOp *op)
{
  gint64 length;

  if (op->exhausted)
    return;

  if (op->single)
    op->exhausted = op->n_pulled > 0;
  else if ((length = fb_inputs_get_length (op->inputs)) >= 0 && op->n_pulled >= (guint64) length)
    op->exhausted = TRUE;

  if (op->exhausted)
    op_mark_dirty (op);
}

static void
op_mark_dirty (FbOp *op)
{
  if (!op->dirty)
    {
      op->dirty = TRUE;
      op->dirty_link.data = fb_op_ref (op);
      g_queue_push_tail_link (&op->pool->dirty, &op->dirty_link);
    }
  fb_pool_queue_schedule (op->pool);
}

static void
pool_make_pullable (FbPool *self,
                    FbOp   *op)
{
  if (op->pull_link.data == NULL && op_can_pull (op))
    {
      op->pull_link.data = op;
      g_queue_push_tail_link (&self->pullable, &op->pull_link);
    }
}

static void
pool_remove_pullable (FbPool *self,
                      FbOp   *op)
{
  if (op->pull_link.data != NULL)
    {
      g_queue_unlink (&self->pullable, &op->pull_link);
      op->pull_link.data = NULL;
    }
}

/* Splits what is left of the op's inputs into the next unit. */
static FbUnit *
op_make_unit (FbOp *op)
{
  gsize payload_size = fb_call_get_payload_size (op->call);
  guint64 want = MIN (op->chunksize, op_room (op));
  gint64 length = op->single ? 1 : fb_inputs_get_length (op->inputs);
  FbTaskRecord *block;
  gint64 queued_us;
  FbUnit *unit;
  guint n = 0;

  /* Keep the payloads of one unit within a frame of the protocol. */
  if (payload_size > 0)
    want = MIN (want, MAX (1, (32u * 1024 * 1024) / payload_size));

  /* Ranges and lists say how many inputs are left: take no more. */
  if (length >= 0)
    want = MIN (want, (guint64) length - MIN (op->n_pulled, (guint64) length));

  unit = fb_unit_new (op, (guint) want, payload_size > 0);
  block = fb_task_record_block_new ((guint) want);
  /* Both backends pull lazily, each at its own pace: a task is queued when
   * its op was submitted, so that waiting is measured the same in both. */
  queued_us = length < 0 ? g_get_monotonic_time () : op->submitted_us;

  while (n < want)
    {
      gint64 input;

      if (op->single)
        input = op->single_input;
      else if (!fb_inputs_pull (op->inputs, op->n_pulled, &input))
        {
          op->exhausted = TRUE;
          op_mark_dirty (op);
          break;
        }

      fb_task_record_block_init (block, n, op->n_pulled++, input, queued_us);
      unit->records[n] = &block[n];
      if (payload_size > 0)
        {
          guint8 *payload = g_malloc (payload_size);

          fb_kernel_fill_payload (input, payload, payload_size);
          unit->payloads[n] = g_bytes_new_take (payload, payload_size);
        }
      n++;
    }

  op_check_exhausted (op);
  fb_task_record_block_finish (block, n);

  if (n == 0)
    {
      op->units_out--;
      fb_unit_free (unit);
      return NULL;
    }

  unit->n = n;
  return unit;
}

/**
 * fb_pool_pull_unit:
 *
 * Gives a backend its next unit: first one to run again, then one from each
 * op in turn, so that concurrent ops share the workers.
 *
 * Returns: (transfer full) (nullable): a unit, or %NULL when there is no work
 */
FbUnit *
fb_pool_pull_unit (FbPool *self)
{
  GList *link;

  if (self->terminated)
    return NULL;

  while ((link = g_queue_pop_head_link (&self->retry)))
    {
      FbUnit *unit = link->data;

      if (!fb_op_is_cancelled (unit->op) && !unit->op->completed)
        return unit;

      unit->op->units_out--;
      op_mark_dirty (unit->op);
      fb_unit_free (unit);
    }

  while ((link = g_queue_pop_head_link (&self->pullable)))
    {
      FbOp *op = link->data;
      FbUnit *unit = NULL;

      op->pull_link.data = NULL;

      if (!g_atomic_int_get (&op->cancel_requested))
        unit = op_make_unit (op);

      pool_make_pullable (self, op);

      if (unit != NULL)
        return unit;
    }

  return NULL;
}

static void
op_deliver (FbOp         *op,
            FbTaskRecord *record)
{
  op->n_delivered++;

  if (op->callbacks != NULL && op->callbacks->deliver != NULL)
    op->callbacks->deliver (op, record, op->user_data);
}

static void
op_task_done (FbOp         *op,
              FbTaskRecord *record)
{
  if (record->status == FB_TASK_SUCCEEDED)
    op->n_succeeded++;
  else
    op->n_failed++;

  if (op->flags & FB_MAP_ORDERED)
    {
      g_assert (record->index - op->n_delivered < op->window);

      /* Records that arrive in order skip the ring; the others wait in it
       * for the ones before them. */
      if (record->index != op->n_delivered)
        {
          if (op->ring == NULL)
            op->ring = g_new0 (FbTaskRecord *, op->window);
          op->ring[record->index % op->window] = fb_task_record_ref (record);
          op->n_waiting++;
          return;
        }

      op_deliver (op, record);

      while (op->n_waiting > 0 && !op->completed &&
             op->ring[op->n_delivered % op->window] != NULL)
        {
          g_autoptr(FbTaskRecord) next = g_steal_pointer (&op->ring[op->n_delivered % op->window]);

          op->n_waiting--;
          op_deliver (op, next);
        }
    }
  else
    op_deliver (op, record);
}

/**
 * fb_pool_unit_returned:
 *
 * A backend gives back a unit it took. Finished records are delivered; the
 * records still pending (their worker died before it ran them) run again.
 */
void
fb_pool_unit_returned (FbPool *self,
                       FbUnit *unit)
{
  g_assert (FB_IS_POOL (self));
  g_assert (unit != NULL);

  g_queue_push_tail_link (&self->returned, &unit->link);
  unit->link.data = unit;
  fb_pool_queue_schedule (self);
}

static void
pool_process_returned (FbPool *self,
                       FbUnit *unit)
{
  FbOp *op = unit->op;
  guint n_pending = 0;

  op->units_out--;

  for (guint i = 0; i < unit->n; i++)
    {
      FbTaskRecord *record = unit->records[i];

      if (record->status == FB_TASK_PENDING)
        n_pending++;
      else if (!op->completed && !op->cancelled)
        op_task_done (op, record);
    }

  /* Delivered records make room for more. */
  pool_make_pullable (self, op);

  if (n_pending > 0 && !op->completed && !fb_op_is_cancelled (op) && !self->terminated)
    {
      FbUnit *again = fb_unit_new (op, n_pending, unit->payloads != NULL);
      guint j = 0;

      for (guint i = 0; i < unit->n; i++)
        {
          if (unit->records[i]->status != FB_TASK_PENDING)
            continue;

          again->records[j] = g_steal_pointer (&unit->records[i]);
          again->records[j]->started_us = 0;
          again->records[j]->finished_us = 0;
          if (unit->payloads != NULL)
            again->payloads[j] = g_steal_pointer (&unit->payloads[i]);
          j++;
        }

      again->n = n_pending;
      g_queue_push_tail_link (&self->retry, &again->link);
      again->link.data = again;
    }

  op_mark_dirty (op);
  fb_unit_free (unit);
}

static void
pool_cancel_op (FbPool *self,
                FbOp   *op)
{
  GList *link;

  op->cancelled = TRUE;
  pool_remove_pullable (self, op);

  for (link = self->retry.head; link != NULL;)
    {
      FbUnit *unit = link->data;
      GList *next = link->next;

      if (unit->op == op)
        {
          g_queue_unlink (&self->retry, link);
          op->units_out--;
          fb_unit_free (unit);
        }
      link = next;
    }

  if (self->backend != NULL && !self->terminated)
    self->backend->vtable->cancel_op (self->backend, op);

  op_mark_dirty (op);
}

static gboolean
op_is_finished (FbOp *op)
{
  if (op->cancelled)
    return op->units_out == 0;

  return op->exhausted && op->units_out == 0 && op->n_delivered == op->n_pulled;
}

static void
op_complete (FbOp         *op,
             const GError *error)
{
  FbPool *self = op->pool;

  if (op->completed)
    return;

  op->completed = TRUE;
  pool_remove_pullable (self, op);
  g_queue_unlink (&self->ops, &op->link);

  if (op->timeout_us > 0)
    self->n_timed_ops--;

  g_cancellable_disconnect (op->cancellable, op->cancelled_id);
  op->cancelled_id = 0;

  if (op->callbacks != NULL && op->callbacks->complete != NULL)
    op->callbacks->complete (op, error, op->user_data);

  /* The pool's reference, taken in fb_pool_start_op(). */
  fb_op_unref (op);
}

static void
pool_finish_join (FbPool *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->join_task == NULL || self->ops.length > 0)
    return;

  if (!self->shutting_down)
    {
      self->shutting_down = TRUE;
      self->backend->vtable->shutdown (self->backend, FALSE);
    }

  if (self->backend->vtable->get_n_alive (self->backend) > 0)
    return;

  task = g_steal_pointer (&self->join_task);
  g_task_return_boolean (task, TRUE);
}

/**
 * fb_pool_schedule:
 *
 * Brings the pool up to date: cancellations, returned units, deliveries,
 * completions, then more work for the backend. Never re-entered: a callback
 * that changes the pool only asks for another round.
 */
void
fb_pool_schedule (FbPool *self)
{
  g_assert (FB_IS_POOL (self));

  if (self->in_schedule)
    {
      self->reschedule = TRUE;
      return;
    }

  g_object_ref (self);
  self->in_schedule = TRUE;

  do
    {
      GList *link;
      FbOp *op;

      self->reschedule = FALSE;

      if (g_atomic_int_compare_and_exchange (&self->cancel_pending, 1, 0))
        for (link = self->ops.head; link != NULL; link = link->next)
          {
            op = link->data;
            if (!op->cancelled && g_atomic_int_get (&op->cancel_requested))
              pool_cancel_op (self, op);
          }

      while ((link = g_queue_pop_head_link (&self->returned)))
        pool_process_returned (self, link->data);

      while ((link = g_queue_pop_head_link (&self->dirty)))
        {
          op = link->data;
          op->dirty = FALSE;

          if (!op->completed && op->callbacks != NULL && op->callbacks->progress != NULL)
            op->callbacks->progress (op, op->user_data);

          if (!op->completed && op_is_finished (op))
            {
              if (op->cancelled)
                {
                  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                                 _("The operation was cancelled"));
                  op_complete (op, error);
                }
              else
                op_complete (op, NULL);
            }

          fb_op_unref (op);
        }

      if (!self->terminated && !self->shutting_down)
        self->backend->vtable->kick (self->backend);

      if (self->join_task != NULL)
        pool_finish_join (self);
    }
  while (self->reschedule || self->dirty.length > 0 || self->returned.length > 0);

  self->in_schedule = FALSE;
  g_object_unref (self);
}

static gboolean
wakeup_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  g_source_set_ready_time (source, -1);
  return callback (user_data);
}

static GSourceFuncs wakeup_source_funcs = {
  .dispatch = wakeup_source_dispatch,
};

/*
 * fb_wakeup_source_new:
 *
 * A source that runs @callback on @context once each time something calls
 * g_source_set_ready_time (source, 0), from any thread; calls made before it
 * runs are folded into one.
 *
 * Returns: (transfer full): the source, attached to @context
 */
GSource *
fb_wakeup_source_new (const char   *name,
                      GSourceFunc   callback,
                      gpointer      user_data,
                      GMainContext *context)
{
  GSource *source = g_source_new (&wakeup_source_funcs, sizeof (GSource));

  g_source_set_static_name (source, name);
  g_source_set_callback (source, callback, user_data, NULL);
  g_source_attach (source, context);

  return source;
}

static gboolean
schedule_cb (gpointer user_data)
{
  FB_POOL (user_data)->schedule_queued = FALSE;
  fb_pool_schedule (FB_POOL (user_data));
  return G_SOURCE_CONTINUE;
}

static gboolean
timeout_tick_cb (gpointer user_data)
{
  FbPool *self = user_data;

  if (self->n_timed_ops > 0 && !self->terminated)
    self->backend->vtable->check_timeouts (self->backend, g_get_monotonic_time ());

  return G_SOURCE_CONTINUE;
}

static FbCallState *
pool_ensure_call_state (FbPool  *self,
                        FbCall  *call,
                        GError **error)
{
  FbCallState *state = g_hash_table_lookup (self->calls, call);

  if (state == NULL)
    {
      state = g_new0 (FbCallState, 1);
      state->call = fb_call_ref (call);
      state->id = self->calls_by_id->len;
      state->shared_len = fb_call_get_shared_length (call);

      if (state->shared_len > 0 &&
          !self->backend->vtable->alloc_shared (self->backend, state, error))
        {
          fb_call_unref (state->call);
          g_free (state);
          return NULL;
        }

      g_hash_table_insert (self->calls, call, state);
      g_ptr_array_add (self->calls_by_id, state);
    }

  /* Every run starts from the call's own values. */
  if (state->shared_len > 0)
    {
      const gint64 *values = fb_call_get_shared_values (call);

      memcpy (state->shared, values, state->shared_len * sizeof (gint64));
      memcpy (state->shared + state->shared_len, values, state->shared_len * sizeof (gint64));
    }

  return state;
}

FbCallState *
fb_pool_get_call_state (FbPool *self,
                        guint   call_id)
{
  g_assert (FB_IS_POOL (self));

  if (call_id >= self->calls_by_id->len)
    return NULL;

  return g_ptr_array_index (self->calls_by_id, call_id);
}

FbOp *
fb_pool_start_op (FbPool               *self,
                  FbCall               *call,
                  FbInputs             *inputs,
                  gint64                single_input,
                  guint                 chunksize,
                  FbMapFlags            flags,
                  guint                 timeout_ms,
                  GCancellable         *cancellable,
                  const FbOpCallbacks  *callbacks,
                  gpointer              user_data,
                  GError              **error)
{
  FbCallState *state;
  FbOp *op;

  g_assert (FB_IS_POOL (self));
  g_assert (call != NULL);

  if (self->terminated)
    {
      g_set_error_literal (error, FB_POOL_ERROR, FB_POOL_ERROR_TERMINATED,
                           _("The pool was terminated and runs nothing more"));
      return NULL;
    }

  if (self->broken != NULL)
    {
      g_propagate_error (error, g_error_copy (self->broken));
      return NULL;
    }

  if (self->closed)
    {
      g_set_error_literal (error, FB_POOL_ERROR, FB_POOL_ERROR_CLOSED,
                           _("The pool was closed and takes no more work"));
      return NULL;
    }

  if (chunksize < 1 || chunksize > FB_POOL_MAX_CHUNKSIZE)
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                   /* TRANSLATORS: the chunk size given, and the largest allowed */
                   _("The chunk size is %u, but must be from 1 to %u"),
                   chunksize, FB_POOL_MAX_CHUNKSIZE);
      return NULL;
    }

  if (timeout_ms > FB_POOL_MAX_TIMEOUT_MS)
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                   /* TRANSLATORS: the timeout given, and the longest allowed, in
                    * milliseconds */
                   _("The timeout is %u ms, but must be at most %u ms (a day)"),
                   timeout_ms, FB_POOL_MAX_TIMEOUT_MS);
      return NULL;
    }

  if (fb_call_is_python (call) && (self->python_call == NULL || !fb_python_calls_equal (call, self->python_call)))
    {
      g_set_error_literal (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                           /* TRANSLATORS: fb_pool_new_for_call is a function's name:
                            * do not translate it */
                           _("The python kernel runs only in a pool made for its file and function, "
                             "with fb_pool_new_for_call ()"));
      return NULL;
    }

  if (self->python_call != NULL && !fb_call_is_python (call))
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                   /* TRANSLATORS: a kernel's name */
                   _("This pool's workers are Python interpreters, which cannot run the kernel “%s”"),
                   fb_call_get_kernel_name (call));
      return NULL;
    }

  if (!(state = pool_ensure_call_state (self, call, error)))
    return NULL;

  op = g_new0 (FbOp, 1);
  g_atomic_ref_count_init (&op->ref_count);
  op->pool = self;
  op->call = fb_call_ref (call);
  op->state = state;
  op->inputs = inputs ? fb_inputs_ref (inputs) : NULL;
  op->single = inputs == NULL;
  op->single_input = single_input;
  op->chunksize = op->single ? 1 : chunksize;
  op->flags = flags;
  op->timeout_us = (gint64) timeout_ms * 1000;
  op->submitted_us = g_get_monotonic_time ();
  op->callbacks = callbacks;
  op->user_data = user_data;
  op->link.data = op;

  /* How far ahead of delivery the op may pull: enough to keep every worker
   * fed with a deep pipeline, few enough that memory stays bounded by what is
   * in flight, whatever the number of inputs. */
  if (op->single)
    op->window = 1;
  else
    {
      guint64 window = MIN ((guint64) op->chunksize * self->n_workers * 256, 1u << 18);

      window = MAX (window, (guint64) op->chunksize * 2);
      op->window = MAX (window, 16);
    }

  if (cancellable != NULL)
    {
      op->cancellable = g_object_ref (cancellable);
      op->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (op_cancelled_cb), op, NULL);
    }

  if (op->timeout_us > 0 && self->n_timed_ops++ == 0 && self->timeout_source == NULL)
    {
      self->timeout_source = g_timeout_source_new (10);
      g_source_set_static_name (self->timeout_source, "[fb-pool timeouts]");
      g_source_set_callback (self->timeout_source, timeout_tick_cb, self, NULL);
      g_source_attach (self->timeout_source, self->context);
    }

  /* The pool holds one reference until the op completes. */
  g_queue_push_tail_link (&self->ops, &op->link);
  pool_make_pullable (self, op);
  op_check_exhausted (op);
  op_mark_dirty (op);

  return op;
}

/* Backend notifications */

void
fb_pool_worker_exited (FbPool     *self,
                       guint       slot,
                       gint64      worker_id,
                       const char *message)
{
  g_assert (FB_IS_POOL (self));

  if (message != NULL)
    {
      self->n_respawns++;
      g_debug ("Worker %u (%" G_GINT64_FORMAT ") %s", slot, worker_id, message);
      g_signal_emit (self, signals [WORKER_DIED], 0, slot, worker_id, message);
    }

  fb_pool_queue_schedule (self);
}

/**
 * fb_pool_fail_all:
 *
 * Every op completes with @error. Used when the pool terminates, and when
 * it cannot go on (its workers cannot start or keep dying): then later ops
 * fail at once too, rather than wait for workers that never come.
 */
void
fb_pool_fail_all (FbPool       *self,
                  const GError *error)
{
  GList *link;

  g_assert (FB_IS_POOL (self));

  g_object_ref (self);

  if (self->broken == NULL && !g_error_matches (error, FB_POOL_ERROR, FB_POOL_ERROR_TERMINATED))
    self->broken = g_error_copy (error);

  while ((link = g_queue_pop_head_link (&self->retry)))
    {
      FbUnit *unit = link->data;

      unit->op->units_out--;
      fb_unit_free (unit);
    }

  while ((link = self->ops.head) != NULL)
    op_complete (link->data, error);

  fb_pool_backend_ready (self);

  g_object_unref (self);
}

/* Completes @task when the workers are ready, or the pool cannot get them
 * ready; returns whether it did. */
static gboolean
pool_complete_ready (FbPool *self,
                     GTask  *task)
{
  if (self->broken != NULL)
    g_task_return_error (task, g_error_copy (self->broken));
  else if (self->terminated)
    g_task_return_new_error (task, FB_POOL_ERROR, FB_POOL_ERROR_TERMINATED,
                             _("The pool was terminated and runs nothing more"));
  else if (self->backend->vtable->is_ready == NULL || self->backend->vtable->is_ready (self->backend))
    g_task_return_boolean (task, TRUE);
  else
    return FALSE;

  return TRUE;
}

/*
 * fb_pool_backend_ready:
 *
 * A backend's workers may have become ready (or the pool broke): complete
 * whoever waits for that.
 */
void
fb_pool_backend_ready (FbPool *self)
{
  g_autoptr(GPtrArray) waiters = NULL;

  g_assert (FB_IS_POOL (self));

  if (self->ready_waiters == NULL || self->ready_waiters->len == 0)
    return;

  waiters = g_steal_pointer (&self->ready_waiters);
  self->ready_waiters = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (!pool_complete_ready (self, task))
        g_ptr_array_add (self->ready_waiters, g_object_ref (task));
    }
}

/**
 * fb_pool_wait_ready_async:
 *
 * Completes once every worker has started and can take tasks at once.
 * Worker processes of forkbench-worker start in a millisecond, but a
 * Python interpreter takes tens of milliseconds or more to start and import
 * a file: a run that waits for it compares the work, not the start-up.
 * It fails when the pool cannot start its workers (they keep dying) or is
 * terminated.
 */
void
fb_pool_wait_ready_async (FbPool              *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_POOL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_pool_wait_ready_async);

  if (!pool_complete_ready (self, task))
    g_ptr_array_add (self->ready_waiters, g_steal_pointer (&task));
}

gboolean
fb_pool_wait_ready_finish (FbPool        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (FB_IS_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
fb_pool_is_shutting_down (FbPool *self)
{
  return self->shutting_down || self->terminated;
}

/* GObject */

static void
fb_pool_dispose (GObject *object)
{
  FbPool *self = (FbPool *)object;

  if (!self->terminated)
    fb_pool_terminate (self);

  G_OBJECT_CLASS (fb_pool_parent_class)->dispose (object);
}

static void
call_state_free (gpointer data)
{
  FbCallState *state = data;

  g_clear_pointer (&state->call, fb_call_unref);
  g_free (state);
}

static void
fb_pool_finalize (GObject *object)
{
  FbPool *self = (FbPool *)object;
  GHashTableIter iter;
  gpointer value;

  g_assert (self->ops.length == 0);
  g_assert (self->join_task == NULL);

  if (self->backend != NULL)
    {
      g_hash_table_iter_init (&iter, self->calls);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((FbCallState *) value)->shared != NULL)
          self->backend->vtable->free_shared (self->backend, value);

      self->backend->vtable->free (self->backend);
      self->backend = NULL;
    }

  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->calls_by_id, g_ptr_array_unref);
  g_clear_pointer (&self->spare_results, g_ptr_array_unref);
  g_clear_pointer (&self->ready_waiters, g_ptr_array_unref);

  if (self->schedule_source != NULL)
    {
      g_source_destroy (self->schedule_source);
      g_clear_pointer (&self->schedule_source, g_source_unref);
    }
  if (self->timeout_source != NULL)
    {
      g_source_destroy (self->timeout_source);
      g_clear_pointer (&self->timeout_source, g_source_unref);
    }

  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->broken);
  g_clear_pointer (&self->python_call, fb_call_unref);

  G_OBJECT_CLASS (fb_pool_parent_class)->finalize (object);
}

static void
fb_pool_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  FbPool *self = FB_POOL (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_N_WORKERS:
      g_value_set_uint (value, self->n_workers);
      break;

    case PROP_TASK_TIMEOUT:
      g_value_set_uint (value, self->task_timeout_ms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_pool_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  FbPool *self = FB_POOL (object);

  switch (prop_id)
    {
    case PROP_TASK_TIMEOUT:
      fb_pool_set_task_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_pool_class_init (FbPoolClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_pool_dispose;
  object_class->finalize = fb_pool_finalize;
  object_class->get_property = fb_pool_get_property;
  object_class->set_property = fb_pool_set_property;

  properties [PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      FB_POOL_PROCESSES, FB_POOL_THREADS, FB_POOL_PROCESSES,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_WORKERS] =
    g_param_spec_uint ("n-workers", NULL, NULL,
                       1, FB_POOL_MAX_WORKERS, 1,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * FbPool:task-timeout:
   *
   * How long, in milliseconds, a submitted task may run before its worker is
   * stopped and the task fails; 0 for no limit. Maps set their own.
   */
  properties [PROP_TASK_TIMEOUT] =
    g_param_spec_uint ("task-timeout", NULL, NULL,
                       0, FB_POOL_MAX_TIMEOUT_MS, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbPool::worker-died:
   * @slot: which worker, from 0
   * @worker_id: its pid, or its thread id
   * @message: what happened, in words
   *
   * A worker ended while it was meant to be running; the pool replaces it.
   */
  signals [WORKER_DIED] =
    g_signal_new ("worker-died",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_INT64, G_TYPE_STRING);
}

static void
fb_pool_init (FbPool *self)
{
  self->calls = g_hash_table_new_full (NULL, NULL, NULL, call_state_free);
  self->calls_by_id = g_ptr_array_new ();
  self->spare_results = g_ptr_array_new_with_free_func (g_object_unref);
  self->ready_waiters = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * fb_pool_new:
 * @kind: processes or threads
 * @n_workers: how many workers, from 1 to %FB_POOL_MAX_WORKERS
 *
 * Starts a pool whose callbacks run on the thread-default main context of
 * the caller, which must also be where every call on the pool is made.
 *
 * Returns: (transfer full): a new pool, or %NULL with @error set
 */
static FbPool *
pool_new (FbPoolKind   kind,
          guint        n_workers,
          FbCall      *call,
          GError     **error)
{
  g_autoptr(FbPool) self = NULL;

  g_return_val_if_fail (kind == FB_POOL_PROCESSES || kind == FB_POOL_THREADS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n_workers < 1 || n_workers > FB_POOL_MAX_WORKERS)
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                   /* TRANSLATORS: the most workers a pool may have, and how many
                    * were asked for */
                   _("A pool has from 1 to %u workers, not %u"),
                   FB_POOL_MAX_WORKERS, n_workers);
      return NULL;
    }

  self = g_object_new (FB_TYPE_POOL, NULL);
  self->kind = kind;
  self->n_workers = n_workers;
  self->context = g_main_context_ref_thread_default ();

  self->schedule_source = fb_wakeup_source_new ("[fb-pool schedule]", schedule_cb, self, self->context);

  if (call != NULL && fb_call_is_python (call))
    {
      /* Threads of the app cannot run Python: the thread pool is one
       * interpreter whose threads are the workers, with its real GIL. */
      self->python_call = fb_call_ref (call);
      self->backend = fb_process_backend_new_python (self, n_workers, call, kind == FB_POOL_THREADS);
    }
  else if (kind == FB_POOL_PROCESSES)
    self->backend = fb_process_backend_new (self, n_workers);
  else
    self->backend = fb_thread_backend_new (self, n_workers);

  if (!self->backend->vtable->start (self->backend, error))
    {
      self->terminated = TRUE;
      return NULL;
    }

  return g_steal_pointer (&self);
}

FbPool *
fb_pool_new (FbPoolKind   kind,
             guint        n_workers,
             GError     **error)
{
  return pool_new (kind, n_workers, NULL, error);
}

/**
 * fb_pool_new_for_call:
 * @kind: processes or threads
 * @n_workers: how many workers, from 1 to %FB_POOL_MAX_WORKERS
 * @call: what the pool will run
 *
 * Starts a pool for @call, as fb_pool_new() does. Most kernels run in any
 * pool; the python kernel needs one made for its file and function, whose
 * workers are interpreters: a process each in a process pool, or the
 * threads of one interpreter in a thread pool. Such a pool runs only calls
 * of that function.
 *
 * Returns: (transfer full): a new pool, or %NULL with @error set
 */
FbPool *
fb_pool_new_for_call (FbPoolKind   kind,
                      guint        n_workers,
                      FbCall      *call,
                      GError     **error)
{
  g_return_val_if_fail (call != NULL, NULL);

  return pool_new (kind, n_workers, call, error);
}

/**
 * fb_pool_get_workers_are_processes:
 *
 * Returns: whether fb_pool_list_workers() lists processes: those of a
 *   process pool, or the interpreter of a thread pool of the python
 *   kernel, whose threads are its workers; %FALSE when it lists threads of
 *   this process
 */
gboolean
fb_pool_get_workers_are_processes (FbPool *self)
{
  g_return_val_if_fail (FB_IS_POOL (self), FALSE);
  return self->kind == FB_POOL_PROCESSES || self->python_call != NULL;
}

FbPoolKind
fb_pool_get_kind (FbPool *self)
{
  g_return_val_if_fail (FB_IS_POOL (self), FB_POOL_PROCESSES);
  return self->kind;
}

guint
fb_pool_get_n_workers (FbPool *self)
{
  g_return_val_if_fail (FB_IS_POOL (self), 0);
  return self->n_workers;
}

guint
fb_pool_get_task_timeout (FbPool *self)
{
  g_return_val_if_fail (FB_IS_POOL (self), 0);
  return self->task_timeout_ms;
}

void
fb_pool_set_task_timeout (FbPool *self,
                          guint   timeout_ms)
{
  g_return_if_fail (FB_IS_POOL (self));

  timeout_ms = MIN (timeout_ms, FB_POOL_MAX_TIMEOUT_MS);
  if (self->task_timeout_ms != timeout_ms)
    {
      self->task_timeout_ms = timeout_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TASK_TIMEOUT]);
    }
}

/**
 * fb_pool_list_workers:
 *
 * Returns: (transfer full) (element-type gint64): the pid (processes) or
 *   thread id (threads) of each live worker, by slot
 */
GArray *
fb_pool_list_workers (FbPool *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  g_return_val_if_fail (FB_IS_POOL (self), ids);

  if (!self->terminated)
    self->backend->vtable->list_workers (self->backend, ids);

  return ids;
}

/**
 * fb_pool_get_n_respawns:
 *
 * Returns: how many workers died and were replaced
 */
guint64
fb_pool_get_n_respawns (FbPool *self)
{
  g_return_val_if_fail (FB_IS_POOL (self), 0);
  return self->n_respawns;
}

/**
 * fb_pool_get_shared_array:
 * @call: a shared-array call that ran on this pool
 * @n_values: (out): how many values
 *
 * Reads the array as the workers left it: for processes, this is the
 * shared memory they wrote into.
 *
 * Returns: (transfer none) (nullable) (array length=n_values): the values
 */
const gint64 *
fb_pool_get_shared_array (FbPool *self,
                          FbCall *call,
                          gsize  *n_values)
{
  FbCallState *state;

  g_return_val_if_fail (FB_IS_POOL (self), NULL);
  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (n_values != NULL, NULL);

  *n_values = 0;
  state = g_hash_table_lookup (self->calls, call);
  if (state == NULL || state->shared == NULL)
    return NULL;

  *n_values = state->shared_len;
  return state->shared + state->shared_len;
}

/* submit (apply_async)
 *
 * A submit is the smallest unit of work a pool takes, so its result is a
 * small GAsyncResult of our own rather than a GTask, and the pool reuses
 * it once the callback has returned and nobody else holds it: a GTask
 * alone costs more than the rest of a submit's round trip to a thread.
 */

#define FB_TYPE_SUBMIT_RESULT (fb_submit_result_get_type ())
G_DECLARE_FINAL_TYPE (FbSubmitResult, fb_submit_result, FB, SUBMIT_RESULT, GObject)

struct _FbSubmitResult
{
  GObject              parent_instance;
  FbPool              *pool;
  GAsyncReadyCallback  callback;
  gpointer             user_data;
  FbTaskRecord        *record;
  GError              *error;
};

static gpointer
fb_submit_result_get_user_data (GAsyncResult *result)
{
  return FB_SUBMIT_RESULT (result)->user_data;
}

static GObject *
fb_submit_result_get_source_object (GAsyncResult *result)
{
  return g_object_ref (G_OBJECT (FB_SUBMIT_RESULT (result)->pool));
}

static gboolean
fb_submit_result_is_tagged (GAsyncResult *result,
                            gpointer      source_tag)
{
  return source_tag == fb_pool_submit_async;
}

static void
async_result_iface_init (GAsyncResultIface *iface)
{
  iface->get_user_data = fb_submit_result_get_user_data;
  iface->get_source_object = fb_submit_result_get_source_object;
  iface->is_tagged = fb_submit_result_is_tagged;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (FbSubmitResult, fb_submit_result, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_RESULT, async_result_iface_init))

static void
fb_submit_result_finalize (GObject *object)
{
  FbSubmitResult *self = (FbSubmitResult *)object;

  g_clear_pointer (&self->record, fb_task_record_unref);
  g_clear_error (&self->error);
  g_clear_object (&self->pool);

  G_OBJECT_CLASS (fb_submit_result_parent_class)->finalize (object);
}

static void
fb_submit_result_class_init (FbSubmitResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_submit_result_finalize;
}

static void
fb_submit_result_init (FbSubmitResult *self)
{
}

#define MAX_SPARE_RESULTS 1024

static void
submit_result_finish (FbSubmitResult *result)
{
  FbPool *pool = result->pool;

  if (result->callback != NULL)
    result->callback (G_OBJECT (pool), G_ASYNC_RESULT (result), result->user_data);

  /* Nobody kept it: clean it and keep it for the next submit. */
  if (G_OBJECT (result)->ref_count == 1 && pool->spare_results->len < MAX_SPARE_RESULTS)
    {
      g_clear_pointer (&result->record, fb_task_record_unref);
      g_clear_error (&result->error);
      result->pool = NULL;
      result->callback = NULL;
      result->user_data = NULL;
      g_ptr_array_add (pool->spare_results, result);
      g_object_unref (pool);
    }
  else
    g_object_unref (result);
}

static void
submit_deliver (FbOp         *op,
                FbTaskRecord *record,
                gpointer      user_data)
{
  FbSubmitResult *result = user_data;

  result->record = fb_task_record_ref (record);
}

static void
submit_complete (FbOp         *op,
                 const GError *error,
                 gpointer      user_data)
{
  FbSubmitResult *result = user_data;

  if (error != NULL)
    result->error = g_error_copy (error);
  else if (result->record->status == FB_TASK_FAILED)
    result->error = g_error_copy (fb_task_record_get_error (result->record));

  if (result->error != NULL)
    g_clear_pointer (&result->record, fb_task_record_unref);

  submit_result_finish (result);
}

static const FbOpCallbacks submit_callbacks = {
  .deliver = submit_deliver,
  .complete = submit_complete,
};

static gboolean
submit_failed_cb (gpointer user_data)
{
  submit_result_finish (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * fb_pool_submit_async:
 * @call: the kernel and its parameters
 * @input: the task's input
 *
 * Runs one task (Python's apply_async). The task's timeout is the pool's
 * #FbPool:task-timeout. Call fb_pool_submit_finish() from @callback.
 */
void
fb_pool_submit_async (FbPool              *self,
                      FbCall              *call,
                      gint64               input,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  FbSubmitResult *result;

  g_return_if_fail (FB_IS_POOL (self));
  g_return_if_fail (call != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (self->spare_results->len > 0)
    result = g_ptr_array_steal_index_fast (self->spare_results, self->spare_results->len - 1);
  else
    result = g_object_new (FB_TYPE_SUBMIT_RESULT, NULL);

  result->pool = g_object_ref (self);
  result->callback = callback;
  result->user_data = user_data;

  if (!fb_pool_start_op (self, call, NULL, input, 1, FB_MAP_NONE, self->task_timeout_ms,
                         cancellable, &submit_callbacks, result, &error))
    {
      /* Never call back before returning: report it from the main context. */
      GSource *source = g_idle_source_new ();

      result->error = g_steal_pointer (&error);
      g_source_set_static_name (source, "[fb-pool submit error]");
      g_source_set_callback (source, submit_failed_cb, result, NULL);
      g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/**
 * fb_pool_submit_finish:
 *
 * Returns: (transfer full): the task's record, or %NULL with @error set when
 *   the task failed (the error says why: a crash, a timeout, the kernel's
 *   own message) or was cancelled
 */
FbTaskRecord *
fb_pool_submit_finish (FbPool        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  FbSubmitResult *submit;

  g_return_val_if_fail (FB_IS_POOL (self), NULL);
  g_return_val_if_fail (FB_IS_SUBMIT_RESULT (result), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, fb_pool_submit_async), NULL);

  submit = FB_SUBMIT_RESULT (result);
  g_return_val_if_fail (submit->pool == self, NULL);

  if (submit->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&submit->error));
      return NULL;
    }

  return g_steal_pointer (&submit->record);
}

/* close, join, terminate */

/**
 * fb_pool_close:
 *
 * Takes no more work; what was queued still runs (Python's Pool.close).
 */
void
fb_pool_close (FbPool *self)
{
  g_return_if_fail (FB_IS_POOL (self));

  self->closed = TRUE;
}

/**
 * fb_pool_join_async:
 *
 * Waits for every queued task to finish and the workers to exit. The pool
 * must be closed first.
 */
void
fb_pool_join_async (FbPool              *self,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_POOL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_pool_join_async);

  if (!self->closed)
    g_task_return_new_error (task, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                             _("Close the pool before joining it"));
  else if (self->join_task != NULL)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                             _("The pool is already being joined"));
  else if (self->terminated)
    g_task_return_boolean (task, TRUE);
  else
    {
      self->join_task = g_steal_pointer (&task);
      fb_pool_queue_schedule (self);
    }
}

gboolean
fb_pool_join_finish (FbPool        *self,
                     GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (FB_IS_POOL (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * fb_pool_terminate:
 *
 * Stops now: workers are killed (processes) or told to stop and joined
 * (threads), and every operation still running fails with
 * %FB_POOL_ERROR_TERMINATED. When this returns, no worker is left.
 */
void
fb_pool_terminate (FbPool *self)
{
  g_autoptr(GError) error = NULL;
  GList *link;

  g_return_if_fail (FB_IS_POOL (self));

  if (self->terminated)
    return;

  g_object_ref (self);

  self->terminated = TRUE;
  self->closed = TRUE;

  if (self->backend != NULL)
    self->backend->vtable->shutdown (self->backend, TRUE);

  while ((link = g_queue_pop_head_link (&self->returned)))
    {
      FbUnit *unit = link->data;

      unit->op->units_out--;
      fb_unit_free (unit);
    }

  error = g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_TERMINATED,
                               _("The pool was terminated before the task finished"));
  fb_pool_fail_all (self, error);

  while ((link = g_queue_pop_head_link (&self->dirty)))
    {
      FbOp *op = link->data;

      op->dirty = FALSE;
      fb_op_unref (op);
    }

  if (self->join_task != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->join_task);
      g_task_return_boolean (task, TRUE);
    }

  g_object_unref (self);
}
