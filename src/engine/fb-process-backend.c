/* fb-process-backend.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs units in forkbench-worker processes. Each worker is started with
 * GSubprocess; its stdin and stdout are one end of a socket pair, so that a
 * write to a dead worker fails with EPIPE instead of raising SIGPIPE in the
 * app. Frames of fb-protocol-private.h go both ways, read and written
 * without blocking on the pool's main context, and several units are in
 * flight per worker so a task does not pay a whole round trip.
 *
 * Each worker also shares a slot of a memfd with the pool, where it writes
 * which task it is running. When a worker dies, that slot says which task
 * it was holding: only that task fails, and the units it had not reached
 * run again on another worker. The same memfd holds the arrays of the
 * shared-array kernel.
 *
 * The python kernel's workers are interpreters running Forkbench's harness
 * (fb-python.c), which speaks the same protocol. For the thread pool, one
 * interpreter runs every worker as a thread, a lane, with a slot of its
 * own: that interpreter is the backend's only process, and its lanes say
 * which of them took each unit (a STARTED frame).
 */

#define G_LOG_DOMAIN "fb-process-backend"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "fb-paths-private.h"
#include "fb-pool-private.h"
#include "fb-protocol-private.h"
#include "fb-python-private.h"
#include "fb-worker-slot-private.h"

/* How much queued work (in µs) a worker is given beyond the unit it runs. */
#define PIPELINE_TARGET_US 2000
#define PYTHON_PIPELINE_TARGET_US 20000
#define MAX_UNITS_IN_FLIGHT 512
#define READ_CHUNK (256 * 1024)
/* Read at most this much per dispatch, so that other sources get a turn. */
#define READ_BUDGET (4 * 1024 * 1024)
/* A worker writes each frame whole, so once a frame has begun its end comes
 * at once. A worker that stops in the middle of one is failed after this
 * long, not waited for as a long task would be. FORKBENCH_FRAME_STALL_MS
 * sets it for the tests. */
#define FRAME_STALL_US (5 * G_USEC_PER_SEC)

typedef struct _FbWorker FbWorker;

typedef struct
{
  FbBackend   parent;

  char       *worker_path;
  /* The python kernel's call and interpreter, or NULL for forkbench-worker. */
  FbCall     *python_call;
  char       *interpreter;
  /* How many lanes the one process has (threads of an interpreter), or 0
   * when each worker is a process of its own. */
  guint       lanes;
  guint       n_procs;
  int         shm_fd;
  gsize       shm_size;
  FbWorkerSlot *slots;

  FbWorker  **workers;
  guint       n_alive;
  guint       n_failed_starts;
  gint64      stall_us;
  guint       dead : 1;
} FbProcessBackend;

struct _FbWorker
{
  FbProcessBackend *backend;
  guint             slot;
  GSubprocess      *subprocess;
  gint64            pid;
  int               fd;
  GSource          *read_source;
  GSource          *write_source;
  GSource          *stall_source;
  GByteArray       *out;
  gsize             out_pos;
  GByteArray       *in;
  GQueue            units;
  /* How many tasks of the first unit it reported. */
  /* The unit of the RESULTS frame being read. */
  GList            *reporting;
  GArray           *calls_sent;
  gint64            est_unit_us;

  /* Why the pool killed it, if it did. */
  char             *kill_message;
  FbPoolError       kill_code;
  gint64            kill_seq;
  gint64            kill_pos;

  guint             killed_quietly : 1;
  guint             leaving : 1;
  guint             said_hello : 1;
  guint             got_results : 1;
};

static gboolean worker_read_cb  (int           fd,
                                 GIOCondition  condition,
                                 gpointer      user_data);
static gboolean worker_write_cb (int           fd,
                                 GIOCondition  condition,
                                 gpointer      user_data);
static void     worker_flush    (FbWorker     *w);
static gboolean worker_stall_cb (gpointer      user_data);

static gboolean
stall_dispatch (GSource     *source,
                GSourceFunc  callback,
                gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs stall_source_funcs = {
  .dispatch = stall_dispatch,
};

static inline FbProcessBackend *
backend_of (FbBackend *b)
{
  return (FbProcessBackend *) b;
}

static gboolean
spawn_worker (FbProcessBackend  *self,
              guint              slot,
              GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_auto(GStrv) python_argv = NULL;
  char slot_str[16], parent_str[32];
  const char *argv[7];
  FbWorker *w;
  int sv[2];
  int flags;

  if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    {
      int saved_errno = errno;
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_SPAWN_FAILED,
                   /* TRANSLATORS: %s says why, such as "Too many open files" */
                   _("Could not make a socket for a worker: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  g_snprintf (slot_str, sizeof slot_str, "%u", slot);
  g_snprintf (parent_str, sizeof parent_str, "%d", (int) getpid ());
  argv[0] = self->worker_path;
  argv[1] = "--slot";
  argv[2] = slot_str;
  argv[3] = "--parent";
  argv[4] = parent_str;
  argv[5] = NULL;

  if (self->python_call != NULL)
    python_argv = fb_python_worker_argv (self->python_call, self->interpreter, self->worker_path,
                                         slot, self->lanes);

  /* No child setup function and no closing of descriptors in the child: so
   * GLib can use posix_spawn() rather than fork(), whose cost grows with the
   * app's memory. Every descriptor the engine makes is close-on-exec, and
   * the worker sets its own parent-death signal and checks that its parent
   * is still the one that started it. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_INHERIT_FDS);
  g_subprocess_launcher_take_stdin_fd (launcher, sv[1]);
  g_subprocess_launcher_take_stdout_fd (launcher, fcntl (sv[1], F_DUPFD_CLOEXEC, 3));
  g_subprocess_launcher_take_fd (launcher, fcntl (self->shm_fd, F_DUPFD_CLOEXEC, 3), 3);

  /* The slot says "idle" until the new worker runs something; so do those
   * of its lanes. */
  for (guint i = slot; i < slot + MAX (self->lanes, 1); i++)
    {
      __atomic_store_n (&self->slots[i].seq, -1, __ATOMIC_RELEASE);
      __atomic_store_n (&self->slots[i].slack_ns, 0, __ATOMIC_RELEASE);
    }

  if (!(subprocess = g_subprocess_launcher_spawnv (launcher,
                                                   python_argv ? (const char * const *) python_argv : argv,
                                                   error)))
    {
      close (sv[0]);
      return FALSE;
    }

  flags = fcntl (sv[0], F_GETFL);
  fcntl (sv[0], F_SETFL, flags | O_NONBLOCK);

  w = g_new0 (FbWorker, 1);
  w->backend = self;
  w->slot = slot;
  w->subprocess = g_steal_pointer (&subprocess);
  /* A worker that exits at once may be reaped before we ask; its HELLO
   * frame says who it was, when it got that far. */
  if (g_subprocess_get_identifier (w->subprocess) != NULL)
    w->pid = g_ascii_strtoll (g_subprocess_get_identifier (w->subprocess), NULL, 10);
  w->fd = sv[0];
  w->out = g_byte_array_sized_new (64 * 1024);
  w->in = g_byte_array_sized_new (READ_CHUNK);
  w->calls_sent = g_array_new (FALSE, TRUE, sizeof (gboolean));

  w->read_source = g_unix_fd_source_new (w->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_static_name (w->read_source, "[fb-worker read]");
  g_source_set_callback (w->read_source, G_SOURCE_FUNC (worker_read_cb), w, NULL);
  g_source_attach (w->read_source, self->parent.context);

  w->stall_source = g_source_new (&stall_source_funcs, sizeof (GSource));
  g_source_set_static_name (w->stall_source, "[fb-worker stall]");
  g_source_set_callback (w->stall_source, worker_stall_cb, w, NULL);
  g_source_attach (w->stall_source, self->parent.context);

  self->workers[slot] = w;
  self->n_alive++;

  return TRUE;
}

static void
worker_free (FbWorker *w)
{
  if (w->read_source != NULL)
    {
      g_source_destroy (w->read_source);
      g_clear_pointer (&w->read_source, g_source_unref);
    }
  if (w->write_source != NULL)
    {
      g_source_destroy (w->write_source);
      g_clear_pointer (&w->write_source, g_source_unref);
    }
  if (w->stall_source != NULL)
    {
      g_source_destroy (w->stall_source);
      g_clear_pointer (&w->stall_source, g_source_unref);
    }
  if (w->fd >= 0)
    close (w->fd);
  g_clear_object (&w->subprocess);
  g_clear_pointer (&w->out, g_byte_array_unref);
  g_clear_pointer (&w->in, g_byte_array_unref);
  g_clear_pointer (&w->calls_sent, g_array_unref);
  g_free (w->kill_message);
  g_assert (w->units.length == 0);
  g_free (w);
}

/* Reads the worker's slot consistently while it may be changing. */
static gboolean
read_slot (FbWorkerSlot *slot,
           gint64       *seq,
           gint64       *pos,
           gint64       *started_us,
           gint64       *slack_us)
{
  for (guint tries = 0; tries < 8; tries++)
    {
      gint64 s = __atomic_load_n (&slot->seq, __ATOMIC_ACQUIRE);

      *pos = __atomic_load_n (&slot->pos, __ATOMIC_ACQUIRE);
      /* Whatever a worker writes, the pool's sums stay within range. */
      *started_us = CLAMP (__atomic_load_n (&slot->started_ns, __ATOMIC_ACQUIRE) / 1000,
                           0, FB_PROTOCOL_MAX_TIME_US);
      *slack_us = CLAMP (__atomic_load_n (&slot->slack_ns, __ATOMIC_ACQUIRE) / 1000,
                         0, (gint64) 3600 * G_USEC_PER_SEC);

      if (__atomic_load_n (&slot->seq, __ATOMIC_ACQUIRE) == s)
        {
          *seq = s;
          return s >= 0;
        }
    }

  *seq = -1;
  return FALSE;
}

static void
worker_kill (FbWorker    *w,
             FbPoolError  code,
             gint64       seq,
             gint64       pos,
             char        *message)
{
  if (w->kill_message != NULL || w->killed_quietly)
    {
      g_free (message);
      return;
    }

  w->kill_code = code;
  w->kill_seq = seq;
  w->kill_pos = pos;
  w->kill_message = message;
  w->killed_quietly = message == NULL;
  g_subprocess_force_exit (w->subprocess);
}

/* The worker is gone: find out how, blame the task it held, give every other
 * unit back to the pool to run again, and start a replacement. */
static void
worker_died (FbWorker *w)
{
  FbProcessBackend *self = w->backend;
  FbPool *pool = self->parent.pool;
  g_autofree char *message = NULL;
  g_autofree char *kill_message = g_strdup (w->kill_message);
  gint64 now = g_get_monotonic_time ();
  gint64 seqs[FB_POOL_MAX_WORKERS], positions[FB_POOL_MAX_WORKERS], starts[FB_POOL_MAX_WORKERS];
  gint64 slack_us;
  guint n_lanes = MAX (self->lanes, 1);
  gboolean blamed = FALSE;
  guint slot = w->slot;
  gint64 pid = w->pid;
  GList *link;
  int status;

  g_source_destroy (w->read_source);
  g_clear_pointer (&w->read_source, g_source_unref);
  g_source_destroy (w->stall_source);
  g_clear_pointer (&w->stall_source, g_source_unref);

  /* Its socket is closed only when it exits, so this does not wait long. */
  g_subprocess_wait (w->subprocess, NULL, NULL);
  status = g_subprocess_get_status (w->subprocess);

  /* What each lane was running: a process worker has one. */
  for (guint lane = 0; lane < n_lanes; lane++)
    if (!read_slot (&self->slots[slot + lane], &seqs[lane], &positions[lane], &starts[lane], &slack_us))
      seqs[lane] = -1;

  while ((link = g_queue_pop_head_link (&w->units)))
    {
      FbUnit *unit = link->data;

      for (guint i = 0; i < unit->n; i++)
        {
          FbTaskRecord *record = unit->records[i];
          gboolean killed_for_it;
          guint lane;

          if (record->status != FB_TASK_PENDING)
            continue;

          if (w->leaving || w->killed_quietly)
            continue;

          for (lane = 0; lane < n_lanes; lane++)
            if ((gint64) unit->seq == seqs[lane] && (gint64) i == positions[lane])
              break;
          if (lane == n_lanes)
            continue;

          /* When the pool stopped the worker for one task (a timeout), the
           * tasks its other lanes were running are not to blame: they run
           * again. When it died on its own, a lane cannot say which of its
           * threads killed it, and every task it was running dies with it:
           * the lesson of threads. */
          killed_for_it = w->kill_message != NULL && w->kill_seq == seqs[lane] && w->kill_pos == positions[lane];
          if (w->kill_message != NULL && !killed_for_it)
            continue;

          /* This is a task it was running when it died. */
          blamed = TRUE;
          record->started_us = starts[lane];
          /* Where the slot's time is a little early, the task before it
           * may say better when this one started. */
          if (i > 0 && unit->records[i - 1]->finished_us > record->started_us)
            record->started_us = MIN (unit->records[i - 1]->finished_us, now);
          record->finished_us = now;
          record->worker_pid = pid;
          record->worker_tid = unit->worker_tid > 0 ? unit->worker_tid : pid;
          record->worker_slot = slot + lane;

          if (killed_for_it)
            fb_record_fail (record, FB_POOL_ERROR, w->kill_code, "%s", w->kill_message);
          else
            {
              g_autofree char *how = fb_describe_worker_end (pid, status, (gint64) record->index);

              fb_record_fail (record, FB_POOL_ERROR,
                              WIFSIGNALED (status) ? FB_POOL_ERROR_WORKER_CRASHED : FB_POOL_ERROR_WORKER_EXITED,
                              "%s", how);
            }
        }

      fb_pool_unit_returned (pool, unit);
    }

  for (guint lane = 0; lane < n_lanes; lane++)
    __atomic_store_n (&self->slots[slot + lane].seq, -1, __ATOMIC_RELEASE);

  if (!w->leaving && !w->killed_quietly)
    {
      if (w->kill_message != NULL && !blamed)
        message = g_strdup (w->kill_message);
      else
        message = fb_describe_worker_end (pid, status, -1);
    }

  if (blamed || w->got_results || w->leaving || w->killed_quietly)
    self->n_failed_starts = 0;
  else
    self->n_failed_starts++;

  self->workers[slot] = NULL;
  self->n_alive--;
  worker_free (w);

  fb_pool_worker_exited (pool, slot, pid, message);

  if (fb_pool_is_shutting_down (pool))
    return;

  /* A worker that dies before it finishes anything, again and again, will
   * not get better: fail the work instead of respawning forever. */
  if (self->n_failed_starts > self->parent.n_workers * 2 + 4)
    {
      g_autofree char *how = NULL;
      g_autoptr(GError) error = NULL;

      /* The pool stopped the last one itself: say why, not by which signal. */
      if (kill_message != NULL)
        /* TRANSLATORS: %s is why the pool stopped the last worker */
        how = g_strdup_printf (_("Workers keep dying before they finish any task; "
                                 "the last one was stopped: %s"), kill_message);
      else
        how = fb_describe_workers_failing (status);
      error = g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_WORKERS_FAILING, how);
      fb_pool_fail_all (pool, error);
      return;
    }

  {
    g_autoptr(GError) error = NULL;

    if (!spawn_worker (self, slot, &error))
      {
        g_warning ("Could not replace worker %u: %s", slot, error->message);
        if (self->n_alive == 0)
          fb_pool_fail_all (pool, error);
      }
  }
}

static void
worker_hello (gpointer user_data)
{
  FbWorker *w = user_data;

  w->said_hello = TRUE;
  fb_pool_backend_ready (w->backend->parent.pool);
}

/* A worker with lanes finishes its units in any order; one without, in
 * the order it was sent them, so the first is almost always the one. */
static GList *
find_unit (FbWorker *w,
           guint64   seq)
{
  for (GList *l = w->units.head; l != NULL; l = l->next)
    if (((FbUnit *) l->data)->seq == seq)
      return l;

  return NULL;
}

static gboolean
worker_find_unit (gpointer  user_data,
                  guint64   seq,
                  guint32  *n,
                  guint32  *n_reported)
{
  FbWorker *w = user_data;
  FbUnit *unit;

  /* The results that follow are this unit's. */
  if (!(w->reporting = find_unit (w, seq)))
    return FALSE;

  unit = w->reporting->data;
  *n = unit->n;
  *n_reported = unit->n_reported;
  return TRUE;
}

/* STARTED: a lane took a unit. */
static gboolean
worker_started (gpointer user_data,
                guint64  seq,
                guint32  lane,
                gint64   tid)
{
  FbWorker *w = user_data;
  GList *link = find_unit (w, seq);
  FbUnit *unit;

  if (link == NULL || lane >= MAX (w->backend->lanes, 1))
    return FALSE;

  unit = link->data;
  unit->worker_slot = w->slot + lane;
  unit->worker_tid = tid;
  return TRUE;
}

static void
worker_result (gpointer                   user_data,
               const FbWireResultsHeader *header,
               guint32                    i,
               gint64                     started_us,
               const FbWireResult        *result)
{
  FbWorker *w = user_data;
  FbUnit *unit = w->reporting->data;
  FbTaskRecord *record = unit->records[i];

  record->worker_pid = w->pid;
  record->worker_tid = unit->worker_tid > 0 ? unit->worker_tid : w->pid;
  record->worker_slot = unit->worker_slot;
  fb_wire_fill_record (record, unit->payloads != NULL ? unit->payloads[i] : NULL,
                       header, started_us, result);
}

static void
worker_results_read (gpointer                   user_data,
                     const FbWireResultsHeader *header)
{
  FbWorker *w = user_data;
  GList *link = g_steal_pointer (&w->reporting);
  FbUnit *unit = link->data;

  w->got_results = TRUE;
  unit->n_reported = header->first + header->n;

  if (unit->n_reported == unit->n)
    {
      gint64 run_us = unit->records[unit->n - 1]->finished_us - unit->records[0]->started_us;

      g_queue_unlink (&w->units, link);
      run_us = MAX (run_us, 1);
      w->est_unit_us = w->est_unit_us == 0 ? run_us : (3 * w->est_unit_us + run_us) / 4;
      fb_pool_unit_returned (w->backend->parent.pool, unit);
    }
}

static gboolean
worker_parse (FbWorker  *w,
              GError   **error)
{
  static const FbWireResultsFuncs funcs = {
    worker_hello,
    worker_find_unit,
    worker_started,
    worker_result,
    worker_results_read,
  };
  gsize consumed = 0;
  gboolean ok;

  ok = fb_wire_parse_results (w->in->data, w->in->len, &w->pid, &funcs, w, &consumed, error);
  w->reporting = NULL;
  if (!ok)
    return FALSE;

  if (consumed > 0)
    g_byte_array_remove_range (w->in, 0, (guint) consumed);

  return TRUE;
}

static gboolean
worker_read_cb (int           fd,
                GIOCondition  condition,
                gpointer      user_data)
{
  FbWorker *w = user_data;
  FbProcessBackend *self = w->backend;
  FbPool *pool = self->parent.pool;
  gsize budget = READ_BUDGET;
  gboolean eof = FALSE;
  gboolean got_bytes = FALSE;

  g_object_ref (pool);

  while (budget > 0)
    {
      guint len = w->in->len;
      ssize_t n;

      g_byte_array_set_size (w->in, len + READ_CHUNK);
      n = read (fd, w->in->data + len, READ_CHUNK);
      g_byte_array_set_size (w->in, len + MAX (n, 0));

      if (n > 0)
        {
          g_autoptr(GError) error = NULL;

          got_bytes = TRUE;
          budget -= MIN (budget, (gsize) n);
          if (!worker_parse (w, &error))
            {
              g_debug ("%s", error->message);
              g_byte_array_set_size (w->in, 0);
              worker_kill (w, FB_POOL_ERROR_PROTOCOL, -1, -1, g_strdup (error->message));
              break;
            }
          continue;
        }

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        break;

      eof = TRUE;
      break;
    }

  if (eof)
    worker_died (w);
  else if (w->in->len == 0)
    g_source_set_ready_time (w->stall_source, -1);
  else if (got_bytes)
    g_source_set_ready_time (w->stall_source, g_get_monotonic_time () + self->stall_us);

  fb_pool_schedule (pool);
  g_object_unref (pool);

  return G_SOURCE_CONTINUE;
}

/* Part of a frame came, and nothing since. */
static gboolean
worker_stall_cb (gpointer user_data)
{
  FbWorker *w = user_data;
  struct pollfd pfd = { .fd = w->fd, .events = POLLIN };

  /* The rest may be waiting behind a busy main loop: read it first. */
  if (poll (&pfd, 1, 0) > 0)
    {
      g_source_set_ready_time (w->stall_source, g_get_monotonic_time () + w->backend->stall_us);
      return G_SOURCE_CONTINUE;
    }

  g_source_set_ready_time (w->stall_source, -1);
  worker_kill (w, FB_POOL_ERROR_PROTOCOL, -1, -1,
               /* TRANSLATORS: a worker's process id, and a number of seconds */
               g_strdup_printf (_("Worker %lld stopped sending in the middle of a frame "
                                  "and sent nothing more for %g s"),
                                (long long) w->pid, w->backend->stall_us / (double) G_USEC_PER_SEC));
  return G_SOURCE_CONTINUE;
}

static void
worker_flush (FbWorker *w)
{
  while (w->out_pos < w->out->len)
    {
      ssize_t n = send (w->fd, w->out->data + w->out_pos, w->out->len - w->out_pos,
                        MSG_DONTWAIT | MSG_NOSIGNAL);

      if (n > 0)
        {
          w->out_pos += n;
          continue;
        }
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        {
          if (w->write_source == NULL)
            {
              w->write_source = g_unix_fd_source_new (w->fd, G_IO_OUT);
              g_source_set_static_name (w->write_source, "[fb-worker write]");
              g_source_set_callback (w->write_source, G_SOURCE_FUNC (worker_write_cb), w, NULL);
              g_source_attach (w->write_source, w->backend->parent.context);
            }
          return;
        }

      /* EPIPE and the like: the worker is dying; the read side finds out how. */
      w->out_pos = w->out->len;
    }

  g_byte_array_set_size (w->out, 0);
  w->out_pos = 0;

  if (w->write_source != NULL)
    {
      g_source_destroy (w->write_source);
      g_clear_pointer (&w->write_source, g_source_unref);
    }

  if (w->leaving)
    shutdown (w->fd, SHUT_WR);
}

static gboolean
worker_write_cb (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  FbWorker *w = user_data;

  g_clear_pointer (&w->write_source, g_source_unref);
  worker_flush (w);

  return G_SOURCE_REMOVE;
}

static void
worker_send_unit (FbWorker *w,
                  FbUnit   *unit)
{
  FbCallState *state = unit->op->state;
  gsize start;

  if (state->id >= w->calls_sent->len || !g_array_index (w->calls_sent, gboolean, state->id))
    {
      GVariant *params = fb_call_get_params (state->call);
      const char *kernel = fb_call_get_kernel_name (state->call);

      start = fb_wire_begin_frame (w->out, FB_FRAME_CALL);
      fb_wire_put_u32 (w->out, state->id);
      fb_wire_put_bytes (w->out, kernel, strlen (kernel));
      fb_wire_put_bytes (w->out, g_variant_get_data (params), g_variant_get_size (params));
      fb_wire_put_u64 (w->out, state->shm_offset);
      fb_wire_put_u64 (w->out, state->shared_len);
      fb_wire_end_frame (w->out, start);

      if (state->id >= w->calls_sent->len)
        g_array_set_size (w->calls_sent, state->id + 1);
      g_array_index (w->calls_sent, gboolean, state->id) = TRUE;
    }

  start = fb_wire_begin_frame (w->out, FB_FRAME_UNIT);
  fb_wire_put_u32 (w->out, state->id);
  fb_wire_put_u64 (w->out, unit->seq);
  fb_wire_put_u32 (w->out, unit->n);
  if (unit->payloads == NULL)
    {
      /* Tasks without payloads have a fixed size: write them in place. */
      guint len = w->out->len;
      guint8 *p;

      g_byte_array_set_size (w->out, len + unit->n * 20);
      p = w->out->data + len;
      for (guint i = 0; i < unit->n; i++, p += 20)
        {
          guint64 index = GUINT64_TO_LE (unit->records[i]->index);
          guint64 input = GUINT64_TO_LE ((guint64) unit->records[i]->input);

          memcpy (p, &index, 8);
          memcpy (p + 8, &input, 8);
          memset (p + 16, 0, 4);
        }
    }
  else
    for (guint i = 0; i < unit->n; i++)
      {
        gsize len;
        const guint8 *data = g_bytes_get_data (unit->payloads[i], &len);

        fb_wire_put_u64 (w->out, unit->records[i]->index);
        fb_wire_put_u64 (w->out, (guint64) unit->records[i]->input);
        fb_wire_put_bytes (w->out, data, len);
      }
  fb_wire_end_frame (w->out, start);

  unit->worker_slot = w->slot;
  unit->worker_tid = 0;
  unit->n_reported = 0;
  unit->link.data = unit;
  g_queue_push_tail_link (&w->units, &unit->link);
}

/* How many units to keep in flight: one when units are long (so that the
 * last ones are not stuck behind a busy worker), more when they are short
 * (so that the round trip is hidden). */
static guint
worker_depth (FbWorker *w)
{
  guint lanes = MAX (w->backend->lanes, 1);
  /* An interpreter reads its next unit only between units, and the app
   * shares the cores with it: give it more work ahead. */
  gint64 target = w->backend->python_call != NULL ? PYTHON_PIPELINE_TARGET_US : PIPELINE_TARGET_US;

  /* Lanes finish their units in parallel: each is a worker to feed. */
  if (w->est_unit_us == 0)
    return lanes;

  return CLAMP (1 + target * lanes / w->est_unit_us, lanes, MAX_UNITS_IN_FLIGHT * lanes);
}

static void
process_kick (FbBackend *b)
{
  FbProcessBackend *self = backend_of (b);
  gboolean more = TRUE;
  gboolean any = FALSE;

  /* One unit per worker per pass, so that work is spread evenly. */
  while (more)
    {
      gboolean gave = FALSE;

      for (guint i = 0; i < self->n_procs && more; i++)
        {
          FbWorker *w = self->workers[i];
          FbUnit *unit;

          if (w == NULL || w->leaving || w->kill_message || w->killed_quietly ||
              w->units.length >= worker_depth (w))
            continue;

          if (!(unit = fb_pool_pull_unit (b->pool)))
            {
              more = FALSE;
              break;
            }

          worker_send_unit (w, unit);
          gave = any = TRUE;
        }

      more = more && gave;
    }

  if (any)
    for (guint i = 0; i < self->n_procs; i++)
      if (self->workers[i] != NULL && self->workers[i]->out->len > 0)
        worker_flush (self->workers[i]);
}

static void
process_cancel_op (FbBackend *b,
                   FbOp      *op)
{
  FbProcessBackend *self = backend_of (b);

  /* A worker cannot be interrupted mid-task; stopping it is immediate and
   * certain. Units of other ops it held run again elsewhere. */
  for (guint i = 0; i < self->n_procs; i++)
    {
      FbWorker *w = self->workers[i];

      if (w == NULL)
        continue;

      for (GList *l = w->units.head; l != NULL; l = l->next)
        if (((FbUnit *) l->data)->op == op)
          {
            worker_kill (w, 0, -1, -1, NULL);
            break;
          }
    }
}

static void
process_check_timeouts (FbBackend *b,
                        gint64     now)
{
  FbProcessBackend *self = backend_of (b);

  for (guint i = 0; i < self->n_procs; i++)
    {
      FbWorker *w = self->workers[i];

      for (guint lane = 0; lane < MAX (self->lanes, 1); lane++)
        {
          gint64 seq, pos, started_us, slack_us;

          if (w == NULL || w->units.length == 0 || w->kill_message || w->killed_quietly)
            break;

          if (!read_slot (&self->slots[w->slot + lane], &seq, &pos, &started_us, &slack_us))
            continue;

          for (GList *l = w->units.head; l != NULL; l = l->next)
            {
              FbUnit *unit = l->data;

              if ((gint64) unit->seq != seq)
                continue;

              /* The task started no later than started_us + slack_us:
               * stopped late, by that slack at most, never early. */
              if (unit->op->timeout_us > 0 && now - (started_us + slack_us) > unit->op->timeout_us &&
                  pos < unit->n)
                worker_kill (w, FB_POOL_ERROR_TIMED_OUT, seq, pos,
                             /* TRANSLATORS: the task's index, its timeout in
                              * milliseconds, and a worker's process id */
                             g_strdup_printf (_("Task %llu ran longer than its timeout of %lld ms; "
                                                "worker %lld was stopped"),
                                              (unsigned long long) unit->records[pos]->index,
                                              (long long) (unit->op->timeout_us / 1000), (long long) w->pid));
              break;
            }
        }
    }
}

static gsize
page_round (gsize size)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);

  return (size + page - 1) / page * page;
}

static gboolean
process_alloc_shared (FbBackend    *b,
                      FbCallState  *state,
                      GError      **error)
{
  FbProcessBackend *self = backend_of (b);
  gsize offset = page_round (self->shm_size);
  gsize size = page_round (state->shared_len * 2 * sizeof (gint64));
  void *map;

  if (ftruncate (self->shm_fd, (off_t) (offset + size)) != 0 ||
      (map = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, self->shm_fd, (off_t) offset)) == MAP_FAILED)
    {
      int saved_errno = errno;
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* TRANSLATORS: how many values, and why, such as "Cannot
                                 * allocate memory" */
                                "Could not share %zu value between workers: %s",
                                "Could not share %zu values between workers: %s",
                                state->shared_len),
                   state->shared_len, g_strerror (saved_errno));
      return FALSE;
    }

  self->shm_size = offset + size;
  state->shared = map;
  state->shm_offset = offset;
  state->map_size = size;
  return TRUE;
}

static void
process_free_shared (FbBackend   *b,
                     FbCallState *state)
{
  munmap (state->shared, state->map_size);
  state->shared = NULL;
}

/* FORKBENCH_WORKER, or the worker installed with the program that runs
 * the pool. */
static char *
find_worker (void)
{
  return fb_find_installed ("FORKBENCH_WORKER", LIBEXECDIR_RELATIVE, LIBEXECDIR, "forkbench-worker",
                            G_FILE_TEST_IS_EXECUTABLE);
}

static gboolean
process_start (FbBackend  *b,
               GError    **error)
{
  FbProcessBackend *self = backend_of (b);

  if (self->python_call != NULL)
    {
      if (!(self->interpreter = fb_python_find_interpreter (self->python_call, error)))
        return FALSE;
      self->worker_path = fb_python_find_harness ();
    }
  else
    self->worker_path = find_worker ();

  if (self->python_call != NULL && !g_file_test (self->worker_path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_WORKER_NOT_FOUND,
                   /* TRANSLATORS: a file's path; FORKBENCH_PYTHON_HARNESS is an
                    * environment variable and meson devenv a command: do not
                    * translate them */
                   _("Forkbench's Python harness “%s” is missing. Reinstall Forkbench, or in a build "
                     "tree set FORKBENCH_PYTHON_HARNESS to its forkbench-harness.py "
                     "(meson devenv does this)"), self->worker_path);
      return FALSE;
    }

  if (self->python_call == NULL && !g_file_test (self->worker_path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_WORKER_NOT_FOUND,
                   /* TRANSLATORS: a program's path; FORKBENCH_WORKER is an environment
                    * variable, and forkbench-worker and meson devenv are commands: do
                    * not translate them */
                   _("The worker program “%s” is missing or cannot run. Reinstall Forkbench, "
                     "or in a build tree set FORKBENCH_WORKER to its forkbench-worker "
                     "(meson devenv does this)"), self->worker_path);
      return FALSE;
    }

  self->shm_size = page_round (FB_POOL_MAX_WORKERS * sizeof (FbWorkerSlot));
  self->shm_fd = memfd_create ("forkbench-pool", MFD_CLOEXEC);
  if (self->shm_fd < 0 || ftruncate (self->shm_fd, (off_t) self->shm_size) != 0 ||
      (self->slots = mmap (NULL, self->shm_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                           self->shm_fd, 0)) == MAP_FAILED)
    {
      int saved_errno = errno;
      self->slots = NULL;
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_SPAWN_FAILED,
                   /* TRANSLATORS: %s says why, such as "Cannot allocate memory" */
                   _("Could not make the memory the workers share: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  for (guint i = 0; i < self->n_procs; i++)
    if (!spawn_worker (self, i, error))
      return FALSE;

  return TRUE;
}

static void
process_shutdown (FbBackend *b,
                  gboolean   now)
{
  FbProcessBackend *self = backend_of (b);

  for (guint i = 0; i < self->n_procs; i++)
    {
      FbWorker *w = self->workers[i];
      GList *link;

      if (w == NULL)
        continue;

      if (!now)
        {
          /* Let it finish what it holds; EOF on its stdin tells it to exit. */
          w->leaving = TRUE;
          if (w->write_source == NULL)
            worker_flush (w);
          continue;
        }

      g_subprocess_force_exit (w->subprocess);
      g_subprocess_wait (w->subprocess, NULL, NULL);

      while ((link = g_queue_pop_head_link (&w->units)))
        fb_pool_unit_returned (b->pool, link->data);

      self->workers[i] = NULL;
      self->n_alive--;
      worker_free (w);
    }
}

static gboolean
process_is_ready (FbBackend *b)
{
  FbProcessBackend *self = backend_of (b);

  for (guint i = 0; i < self->n_procs; i++)
    if (self->workers[i] == NULL || !self->workers[i]->said_hello)
      return FALSE;

  return TRUE;
}

static guint
process_get_n_alive (FbBackend *b)
{
  return backend_of (b)->n_alive;
}

static void
process_list_workers (FbBackend *b,
                      GArray    *ids)
{
  FbProcessBackend *self = backend_of (b);

  for (guint i = 0; i < self->n_procs; i++)
    if (self->workers[i] != NULL)
      g_array_append_val (ids, self->workers[i]->pid);
}

static void
process_free (FbBackend *b)
{
  FbProcessBackend *self = backend_of (b);

  process_shutdown (b, TRUE);

  if (self->slots != NULL)
    munmap (self->slots, page_round (FB_POOL_MAX_WORKERS * sizeof (FbWorkerSlot)));
  if (self->shm_fd >= 0)
    close (self->shm_fd);

  g_free (self->workers);
  g_free (self->worker_path);
  g_free (self->interpreter);
  g_clear_pointer (&self->python_call, fb_call_unref);
  g_free (self);
}

static const FbBackendVTable process_vtable = {
  .name = "processes",
  .start = process_start,
  .kick = process_kick,
  .cancel_op = process_cancel_op,
  .check_timeouts = process_check_timeouts,
  .alloc_shared = process_alloc_shared,
  .free_shared = process_free_shared,
  .shutdown = process_shutdown,
  .get_n_alive = process_get_n_alive,
  .is_ready = process_is_ready,
  .list_workers = process_list_workers,
  .free = process_free,
};

FbBackend *
fb_process_backend_new (FbPool *pool,
                        guint   n_workers)
{
  FbProcessBackend *self = g_new0 (FbProcessBackend, 1);

  self->parent.vtable = &process_vtable;
  self->parent.pool = pool;
  self->parent.context = g_main_context_ref_thread_default ();
  g_main_context_unref (self->parent.context);
  self->parent.n_workers = n_workers;
  self->shm_fd = -1;
  self->n_procs = n_workers;
  self->workers = g_new0 (FbWorker *, n_workers);
  self->stall_us = FRAME_STALL_US;
  if (g_getenv ("FORKBENCH_FRAME_STALL_MS") != NULL)
    self->stall_us = 1000 * CLAMP (g_ascii_strtoll (g_getenv ("FORKBENCH_FRAME_STALL_MS"), NULL, 10),
                                   1, 3600 * 1000);

  return &self->parent;
}

/*
 * fb_process_backend_new_python:
 * @call: a call of the python kernel
 * @threads: %FALSE for a worker process per worker; %TRUE for one
 *   interpreter whose threads are the workers, sharing its GIL
 *
 * Returns: a backend whose workers are interpreters running @call's function
 */
FbBackend *
fb_process_backend_new_python (FbPool   *pool,
                               guint     n_workers,
                               FbCall   *call,
                               gboolean  threads)
{
  FbProcessBackend *self = backend_of (fb_process_backend_new (pool, n_workers));

  self->python_call = fb_call_ref (call);
  if (threads)
    {
      self->lanes = n_workers;
      self->n_procs = 1;
    }

  return &self->parent;
}
