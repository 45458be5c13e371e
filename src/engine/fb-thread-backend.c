/* fb-thread-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs units on threads of this process: the same kernels as the worker
 * processes, called directly. Threads take units from one queue and put
 * them on a done list; the pool's context is woken once for a whole batch
 * of finished units, not once per task.
 */

#define G_LOG_DOMAIN "fb-thread-backend"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "fb-pool-private.h"

#define PIPELINE_TARGET_US 2000
#define MAX_QUEUED_PER_WORKER 512
/* A thread hands finished units over in batches of at most this many, or
 * this old, and always before it waits for more work. */
#define MAX_BATCH_UNITS 64
#define MAX_BATCH_US 200

typedef struct _FbThreadBackend FbThreadBackend;

typedef struct
{
  FbThreadBackend *backend;
  guint            slot;
  GThread         *thread;
  gint             tid;
  /* The kernel's flag: set to stop the running task early. */
  gint             cancel;

  /* Guards what the pool's context reads of the running task. */
  GMutex           lock;
  FbUnit          *current;
  guint            pos;
  gint64           started_us;
  gint64           timed_out_pos;
  char            *timeout_message;
} FbThreadWorker;

struct _FbThreadBackend
{
  FbBackend        parent;

  FbThreadWorker  *workers;
  guint            n_alive;
  gint64           est_unit_us;

  GMutex           lock;
  GCond            cond;
  GQueue           queue;
  GQueue           done;
  guint            n_idle;
  gboolean         quit;
  /* Set by a shutdown that does not wait: no thread starts another task. A
   * worker's cancel flag alone is not enough, because the worker clears it
   * after each task. */
  gint             stop_now;
  gboolean         done_pending;
  GSource         *done_source;
};

static inline FbThreadBackend *
backend_of (FbBackend *b)
{
  return (FbThreadBackend *) b;
}

static void
run_unit (FbThreadWorker *w,
          FbUnit         *unit,
          gint64          pid)
{
  FbCallState *state = unit->op->state;
  FbKernelEnv env = {
    .in_process = FALSE,
    .cancel = &w->cancel,
    .shared = state->shared,
    .shared_len = state->shared_len,
  };
  gint64 now = g_get_monotonic_time ();

  for (guint i = 0; i < unit->n; i++)
    {
      FbTaskRecord *record = unit->records[i];
      g_autoptr(GError) error = NULL;
      g_autofree char *timeout_message = NULL;
      FbKernelTask task = { 0 };
      gboolean timed_out;
      gboolean ok;

      /* Tasks of a cancelled op, or of a pool that terminates, that have
       * not started stay pending and are dropped by the pool. */
      if (g_atomic_int_get (&unit->op->cancel_requested) ||
          g_atomic_int_get (&w->backend->stop_now))
        break;

      task.index = record->index;
      task.input = record->input;
      if (unit->payloads != NULL)
        task.payload = g_bytes_get_data (unit->payloads[i], &task.payload_len);

      g_mutex_lock (&w->lock);
      w->current = unit;
      w->pos = i;
      w->started_us = now;
      g_mutex_unlock (&w->lock);

      record->started_us = now;
      ok = fb_kernel_run (state->call, &env, &task, &error);
      now = g_get_monotonic_time ();
      record->finished_us = now;
      if (task.started_us > 0)
        record->started_us = task.started_us;

      g_mutex_lock (&w->lock);
      timed_out = w->timed_out_pos == (gint64) i;
      timeout_message = g_steal_pointer (&w->timeout_message);
      w->timed_out_pos = -1;
      w->current = NULL;
      g_atomic_int_set (&w->cancel, 0);
      g_mutex_unlock (&w->lock);

      record->worker_pid = pid;
      record->worker_tid = w->tid;
      record->worker_slot = w->slot;

      /* Text, as the process pool makes it: a program's bytes need not be
       * UTF-8, and may hold a NUL. */
      if (task.output != NULL)
        {
          if (task.output->len > 0)
            fb_task_record_take_output (record, g_utf8_make_valid (task.output->str, (gssize) task.output->len));
          g_string_free (task.output, TRUE);
        }

      if (timed_out)
        fb_record_fail (record, FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT, "%s", timeout_message);
      else if (ok)
        {
          record->value = task.value;
          record->status = FB_TASK_SUCCEEDED;
        }
      else if (g_error_matches (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_CANCELLED))
        {
          /* Stopped because its op was cancelled or the pool terminated:
           * it never finished, and the pool drops it. */
          record->started_us = 0;
          record->finished_us = 0;
        }
      else
        {
          fb_task_record_take_error (record, g_steal_pointer (&error));
          record->status = FB_TASK_FAILED;
        }
    }
}

/* Gives every task of the batch its share of the CPU time the batch took,
 * then hands the batch to the pool's context in one go. */
static void
hand_over (FbThreadBackend *self,
           GQueue          *batch,
           gint64          *cpu_start)
{
  gint64 cpu_now = fb_kernel_thread_cpu_us ();
  gint64 cpu_used = cpu_now - *cpu_start;
  gint64 wall = 0;
  guint n = 0;
  gboolean wake;
  int cpu = sched_getcpu ();

  for (GList *l = batch->head; l != NULL; l = l->next)
    {
      FbUnit *unit = l->data;

      for (guint i = 0; i < unit->n; i++)
        if (unit->records[i]->finished_us > 0)
          {
            wall += unit->records[i]->finished_us - unit->records[i]->started_us;
            n++;
          }
    }

  for (GList *l = batch->head; l != NULL; l = l->next)
    {
      FbUnit *unit = l->data;

      for (guint i = 0; i < unit->n; i++)
        {
          FbTaskRecord *record = unit->records[i];

          if (record->finished_us == 0)
            continue;
          record->cpu = cpu;
          record->cpu_us = fb_kernel_cpu_share (cpu_used, record->finished_us - record->started_us, wall, n);
        }
    }

  *cpu_start = cpu_now;

  /* Wake the pool's context for a batch, not for every unit: when this
   * thread runs out of work, or when what is done is a good part of what
   * is still queued. */
  g_mutex_lock (&self->lock);
  while (batch->length > 0)
    g_queue_push_tail_link (&self->done, g_queue_pop_head_link (batch));
  wake = !self->done_pending &&
         (self->queue.length == 0 || self->done.length * 4 >= self->queue.length);
  if (wake)
    self->done_pending = TRUE;
  g_mutex_unlock (&self->lock);

  if (wake)
    g_source_set_ready_time (self->done_source, 0);
}

static gpointer
worker_thread (gpointer data)
{
  FbThreadWorker *w = data;
  FbThreadBackend *self = w->backend;
  GQueue batch = G_QUEUE_INIT;
  gint64 pid = getpid ();
  gint64 batch_start = 0;
  gint64 cpu_start = 0;

  g_atomic_int_set (&w->tid, (gint) gettid ());

  for (;;)
    {
      FbUnit *unit;
      GList *link;

      g_mutex_lock (&self->lock);
      if (self->queue.length == 0 && batch.length > 0)
        {
          /* Out of work: hand over what is done before waiting. */
          g_mutex_unlock (&self->lock);
          hand_over (self, &batch, &cpu_start);
          continue;
        }
      while (!self->quit && self->queue.length == 0)
        {
          self->n_idle++;
          g_cond_wait (&self->cond, &self->lock);
          self->n_idle--;
        }
      link = g_queue_pop_head_link (&self->queue);
      g_mutex_unlock (&self->lock);

      if (link == NULL)
        break;

      unit = link->data;

      if (batch.length == 0)
        {
          batch_start = g_get_monotonic_time ();
          cpu_start = fb_kernel_thread_cpu_us ();
        }

      run_unit (w, unit, pid);
      g_queue_push_tail_link (&batch, &unit->link);

      if (batch.length >= MAX_BATCH_UNITS ||
          unit->records[unit->n - 1]->finished_us - batch_start >= MAX_BATCH_US ||
          unit->records[unit->n - 1]->finished_us == 0)
        hand_over (self, &batch, &cpu_start);
    }

  return NULL;
}

static void
return_done_units (FbThreadBackend *self)
{
  GQueue done = G_QUEUE_INIT;
  GList *link;

  g_mutex_lock (&self->lock);
  done = self->done;
  g_queue_init (&self->done);
  self->done_pending = FALSE;
  g_mutex_unlock (&self->lock);

  while ((link = g_queue_pop_head_link (&done)))
    {
      FbUnit *unit = link->data;
      gint64 run_us = unit->records[unit->n - 1]->finished_us - unit->records[0]->started_us;

      if (unit->records[0]->started_us > 0 && run_us >= 0)
        {
          run_us = MAX (run_us, 1);
          self->est_unit_us = self->est_unit_us == 0 ? run_us : (3 * self->est_unit_us + run_us) / 4;
        }

      fb_pool_unit_returned (self->parent.pool, unit);
    }
}

static gboolean
done_cb (gpointer user_data)
{
  FbThreadBackend *self = user_data;
  FbPool *pool = g_object_ref (self->parent.pool);

  return_done_units (self);
  fb_pool_schedule (pool);
  g_object_unref (pool);

  return G_SOURCE_CONTINUE;
}

static void
thread_kick (FbBackend *b)
{
  FbThreadBackend *self = backend_of (b);
  GQueue pulled = G_QUEUE_INIT;
  guint depth, queued, target;
  FbUnit *unit;

  depth = self->est_unit_us == 0 ? 1 : CLAMP (1 + PIPELINE_TARGET_US / self->est_unit_us, 1, MAX_QUEUED_PER_WORKER);
  target = depth * b->n_workers;

  g_mutex_lock (&self->lock);
  queued = self->queue.length;
  g_mutex_unlock (&self->lock);

  /* Pull outside the lock: inputs may come from the caller's generator. */
  while (queued + pulled.length < target && (unit = fb_pool_pull_unit (b->pool)))
    {
      unit->link.data = unit;
      g_queue_push_tail_link (&pulled, &unit->link);
    }

  if (pulled.length == 0)
    return;

  g_mutex_lock (&self->lock);
  for (GList *l = pulled.head, *next; l != NULL; l = next)
    {
      next = l->next;
      l->prev = l->next = NULL;
      g_queue_push_tail_link (&self->queue, l);
    }
  if (self->n_idle > 0)
    {
      if (pulled.length >= self->n_idle)
        g_cond_broadcast (&self->cond);
      else
        for (guint i = 0; i < pulled.length; i++)
          g_cond_signal (&self->cond);
    }
  g_mutex_unlock (&self->lock);
}

static void
thread_cancel_op (FbBackend *b,
                  FbOp      *op)
{
  FbThreadBackend *self = backend_of (b);
  GQueue removed = G_QUEUE_INIT;
  GList *link;

  g_mutex_lock (&self->lock);
  for (link = self->queue.head; link != NULL;)
    {
      GList *next = link->next;

      if (((FbUnit *) link->data)->op == op)
        {
          g_queue_unlink (&self->queue, link);
          g_queue_push_tail_link (&removed, link);
        }
      link = next;
    }
  g_mutex_unlock (&self->lock);

  while ((link = g_queue_pop_head_link (&removed)))
    fb_pool_unit_returned (b->pool, link->data);

  for (guint i = 0; i < b->n_workers; i++)
    {
      FbThreadWorker *w = &self->workers[i];

      g_mutex_lock (&w->lock);
      if (w->current != NULL && w->current->op == op)
        g_atomic_int_set (&w->cancel, 1);
      g_mutex_unlock (&w->lock);
    }
}

static void
thread_check_timeouts (FbBackend *b,
                       gint64     now)
{
  FbThreadBackend *self = backend_of (b);

  for (guint i = 0; i < b->n_workers; i++)
    {
      FbThreadWorker *w = &self->workers[i];

      g_mutex_lock (&w->lock);
      if (w->current != NULL && w->timed_out_pos < 0 &&
          w->current->op->timeout_us > 0 &&
          now - w->started_us > w->current->op->timeout_us)
        {
          w->timed_out_pos = w->pos;
          w->timeout_message =
            /* TRANSLATORS: the task's index, its timeout in milliseconds, and
             * a thread's id */
            g_strdup_printf (_("Task %llu ran longer than its timeout of %lld ms; thread %d was told to stop it"),
                             (unsigned long long) w->current->records[w->pos]->index,
                             (long long) (w->current->op->timeout_us / 1000), w->tid);
          g_atomic_int_set (&w->cancel, 1);
        }
      g_mutex_unlock (&w->lock);
    }
}

static gboolean
thread_alloc_shared (FbBackend    *b,
                     FbCallState  *state,
                     GError      **error)
{
  state->shared = g_new0 (gint64, state->shared_len * 2);
  return TRUE;
}

static void
thread_free_shared (FbBackend   *b,
                    FbCallState *state)
{
  g_clear_pointer (&state->shared, g_free);
}

static gboolean
thread_start (FbBackend  *b,
              GError    **error)
{
  FbThreadBackend *self = backend_of (b);

  for (guint i = 0; i < b->n_workers; i++)
    {
      FbThreadWorker *w = &self->workers[i];
      char name[16];

      g_snprintf (name, sizeof name, "fb-worker-%u", i);
      if (!(w->thread = g_thread_try_new (name, worker_thread, w, error)))
        return FALSE;
      self->n_alive++;
    }

  return TRUE;
}

static void
thread_shutdown (FbBackend *b,
                 gboolean   now)
{
  FbThreadBackend *self = backend_of (b);
  GQueue left = G_QUEUE_INIT;
  GList *link;

  g_mutex_lock (&self->lock);
  self->quit = TRUE;
  if (now)
    {
      left = self->queue;
      g_queue_init (&self->queue);
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);

  /* stop_now before the cancel flags: a worker that clears its flag after
   * a task then sees stop_now before it starts the next one. */
  if (now)
    {
      g_atomic_int_set (&self->stop_now, 1);
      for (guint i = 0; i < b->n_workers; i++)
        g_atomic_int_set (&self->workers[i].cancel, 1);
    }

  for (guint i = 0; i < b->n_workers; i++)
    g_clear_pointer (&self->workers[i].thread, g_thread_join);
  self->n_alive = 0;

  while ((link = g_queue_pop_head_link (&left)))
    fb_pool_unit_returned (b->pool, link->data);

  return_done_units (self);
}

static guint
thread_get_n_alive (FbBackend *b)
{
  return backend_of (b)->n_alive;
}

static void
thread_list_workers (FbBackend *b,
                     GArray    *ids)
{
  FbThreadBackend *self = backend_of (b);

  for (guint i = 0; i < b->n_workers; i++)
    if (self->workers[i].thread != NULL)
      {
        gint64 tid = g_atomic_int_get (&self->workers[i].tid);
        g_array_append_val (ids, tid);
      }
}

static void
thread_free (FbBackend *b)
{
  FbThreadBackend *self = backend_of (b);

  if (self->n_alive > 0)
    thread_shutdown (b, TRUE);

  for (guint i = 0; i < b->n_workers; i++)
    {
      g_mutex_clear (&self->workers[i].lock);
      g_free (self->workers[i].timeout_message);
    }

  g_source_destroy (self->done_source);
  g_source_unref (self->done_source);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->workers);
  g_free (self);
}

static const FbBackendVTable thread_vtable = {
  .name = "threads",
  .start = thread_start,
  .kick = thread_kick,
  .cancel_op = thread_cancel_op,
  .check_timeouts = thread_check_timeouts,
  .alloc_shared = thread_alloc_shared,
  .free_shared = thread_free_shared,
  .shutdown = thread_shutdown,
  .get_n_alive = thread_get_n_alive,
  .list_workers = thread_list_workers,
  .free = thread_free,
};

FbBackend *
fb_thread_backend_new (FbPool *pool,
                       guint   n_workers)
{
  FbThreadBackend *self = g_new0 (FbThreadBackend, 1);

  self->parent.vtable = &thread_vtable;
  self->parent.pool = pool;
  self->parent.context = g_main_context_ref_thread_default ();
  g_main_context_unref (self->parent.context);
  self->parent.n_workers = n_workers;

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);

  self->workers = g_new0 (FbThreadWorker, n_workers);
  for (guint i = 0; i < n_workers; i++)
    {
      self->workers[i].backend = self;
      self->workers[i].slot = i;
      self->workers[i].timed_out_pos = -1;
      g_mutex_init (&self->workers[i].lock);
    }

  self->done_source = fb_wakeup_source_new ("[fb-thread-backend done]", done_cb, self,
                                            self->parent.context);

  return &self->parent;
}
