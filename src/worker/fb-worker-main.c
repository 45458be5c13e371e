/* fb-worker-main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * forkbench-worker: the process pool's helper. It reads CALL and UNIT
 * frames on stdin, runs each task with the same kernels as the thread pool,
 * and writes RESULTS frames on stdout (see fb-protocol-private.h). It is
 * not meant to be run by hand.
 */

#define G_LOG_DOMAIN "forkbench-worker"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "fb-kernel-private.h"
#include "fb-pool.h"
#include "fb-protocol-private.h"
#include "fb-worker-slot-private.h"

#define SHM_FD 3
/* Results are sent at least this often while a unit runs, and whenever the
 * worker has nothing left to read. */
#define FLUSH_INTERVAL_US 1000
#define MAX_RESULTS_FRAME (1024 * 1024)

typedef struct
{
  FbCall   *call;
  char     *error;
  gint64   *shared;
  gsize     shared_len;
  gsize     map_size;
} WorkerCall;

/* The tasks of a frame are one run: the worker reads its CPU time once per
 * run (a system call costs more than a tiny task) and the pool shares it
 * out by wall time. */
typedef struct
{
  gsize   frame;
  guint32 first;
  gint64  wall_start;
  gint64  cpu_start;
} Run;

typedef struct
{
  int           in_fd;
  int           out_fd;
  GByteArray   *in;
  GByteArray   *out;
  GPtrArray    *calls;
  FbWorkerSlot *slot;
  gint64        last_flush_us;

  /* The unit being run. */
  WorkerCall   *unit_call;
  FbKernelEnv   env;
  Run           run;
  gint64        now;
} Worker;

static void
die (const char *format,
     ...) G_GNUC_PRINTF (1, 2) G_GNUC_NORETURN;

static void
die (const char *format,
     ...)
{
  va_list args;

  va_start (args, format);
  fprintf (stderr, "forkbench-worker: ");
  vfprintf (stderr, format, args);
  fprintf (stderr, "\n");
  va_end (args);
  _exit (2);
}

static void
write_all (Worker *w)
{
  gsize pos = 0;

  while (pos < w->out->len)
    {
      ssize_t n = write (w->out_fd, w->out->data + pos, w->out->len - pos);

      if (n > 0)
        pos += n;
      else if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { .fd = w->out_fd, .events = POLLOUT };
          poll (&pfd, 1, -1);
        }
      else if (n < 0 && errno == EINTR)
        continue;
      else
        /* The pool is gone: there is nobody to work for. */
        _exit (0);
    }

  g_byte_array_set_size (w->out, 0);
  w->last_flush_us = g_get_monotonic_time ();
}

static void
call_free (gpointer data)
{
  WorkerCall *c = data;

  if (c == NULL)
    return;
  if (c->shared != NULL)
    munmap (c->shared, c->map_size);
  g_clear_pointer (&c->call, fb_call_unref);
  g_free (c->error);
  g_free (c);
}

static void
handle_call (gpointer          user_data,
             const FbWireCall *wire,
             GVariant         *params)
{
  Worker *w = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kernel = g_strndup (wire->kernel, wire->kernel_len);
  WorkerCall *c = g_new0 (WorkerCall, 1);

  if (!(c->call = fb_call_new (kernel, params, &error)))
    c->error = g_strdup (error->message);
  else if (wire->shared_len > 0)
    {
      gsize page = (gsize) sysconf (_SC_PAGESIZE);

      if (wire->shared_len != fb_call_get_shared_length (c->call) || wire->shm_offset % page != 0)
        c->error = g_strdup (_("The pool described the shared array wrongly"));
      else
        {
          c->map_size = (wire->shared_len * 2 * sizeof (gint64) + page - 1) / page * page;
          c->shared = mmap (NULL, c->map_size, PROT_READ | PROT_WRITE, MAP_SHARED,
                            SHM_FD, (off_t) wire->shm_offset);
          if (c->shared == MAP_FAILED)
            {
              c->shared = NULL;
              /* TRANSLATORS: %s says why, such as "Cannot allocate memory" */
              c->error = g_strdup_printf (_("Could not map the shared array: %s"), g_strerror (errno));
            }
          c->shared_len = wire->shared_len;
        }
    }

  if (wire->call_id >= w->calls->len)
    g_ptr_array_set_size (w->calls, wire->call_id + 1);
  call_free (g_ptr_array_index (w->calls, wire->call_id));
  g_ptr_array_index (w->calls, wire->call_id) = c;
}

static void
begin_run (Worker  *w,
           Run     *run,
           guint64  seq,
           guint32  first)
{
  run->first = first;
  run->cpu_start = fb_kernel_thread_cpu_us ();
  run->wall_start = g_get_monotonic_time ();
  run->frame = fb_wire_begin_results (w->out, seq, first, run->wall_start);
}

static void
end_run (Worker  *w,
         Run     *run,
         guint32  next,
         gint64   now)
{
  fb_wire_end_results (w->out, run->frame, next - run->first,
                       now - run->wall_start,
                       fb_kernel_thread_cpu_us () - run->cpu_start,
                       sched_getcpu ());
}

static gboolean
begin_unit (gpointer          user_data,
            const FbWireUnit *unit)
{
  Worker *w = user_data;
  WorkerCall *c = unit->call_id < w->calls->len ? g_ptr_array_index (w->calls, unit->call_id) : NULL;

  if (c == NULL)
    return FALSE;

  w->unit_call = c;
  w->env = (FbKernelEnv) { .in_process = TRUE, .shared = c->shared, .shared_len = c->shared_len };

  begin_run (w, &w->run, unit->seq, 0);
  w->now = w->run.wall_start;
  return TRUE;
}

static void
run_task (gpointer          user_data,
          const FbWireUnit *unit,
          guint32           i,
          const FbWireTask *wire)
{
  Worker *w = user_data;
  WorkerCall *c = w->unit_call;
  g_autoptr(GError) error = NULL;
  FbKernelTask task = { 0 };
  FbWireResult result = { 0 };
  gint64 started = w->now;
  gboolean ok;

  task.index = wire->index;
  task.input = wire->input;
  task.payload = wire->payload;
  task.payload_len = wire->payload_len;

  /* Say which task runs, for the pool to blame it should we die. */
  __atomic_store_n (&w->slot->seq, -1, __ATOMIC_RELEASE);
  __atomic_store_n (&w->slot->pos, (gint64) i, __ATOMIC_RELEASE);
  __atomic_store_n (&w->slot->started_ns, started * 1000, __ATOMIC_RELEASE);
  __atomic_store_n (&w->slot->seq, (gint64) unit->seq, __ATOMIC_RELEASE);

  if (c->error != NULL)
    {
      ok = FALSE;
      g_set_error_literal (&error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM, c->error);
    }
  else
    ok = fb_kernel_run (c->call, &w->env, &task, &error);

  w->now = g_get_monotonic_time ();
  result.wall_us = (guint32) MIN (w->now - started, (gint64) G_MAXUINT32);

  if (ok)
    {
      result.status = FB_WIRE_OK;
      result.value = task.value;
      result.payload = task.payload;
      result.payload_len = (guint32) task.payload_len;
    }
  else
    {
      result.status = FB_WIRE_FAILED;
      result.error_code = (guint32) error->code;
      result.error = error->message;
      result.error_len = (guint32) strlen (error->message);
    }

  if (task.output != NULL)
    {
      result.output = task.output->str;
      result.output_len = (guint32) task.output->len;
    }

  fb_wire_put_result (w->out, &result);

  if (task.output != NULL)
    g_string_free (task.output, TRUE);

  if (i + 1 < unit->n &&
      (w->out->len - w->run.frame > MAX_RESULTS_FRAME ||
       w->now - w->last_flush_us > FLUSH_INTERVAL_US))
    {
      end_run (w, &w->run, i + 1, w->now);
      write_all (w);
      begin_run (w, &w->run, unit->seq, i + 1);
      w->now = w->run.wall_start;
    }
}

static void
end_unit (gpointer          user_data,
          const FbWireUnit *unit)
{
  Worker *w = user_data;

  __atomic_store_n (&w->slot->seq, -1, __ATOMIC_RELEASE);
  w->unit_call = NULL;

  end_run (w, &w->run, unit->n, w->now);

  if (w->out->len > MAX_RESULTS_FRAME ||
      g_get_monotonic_time () - w->last_flush_us > FLUSH_INTERVAL_US)
    write_all (w);
}

static void
process_frames (Worker *w)
{
  static const FbWireTasksFuncs funcs = {
    handle_call,
    begin_unit,
    run_task,
    end_unit,
  };
  g_autoptr(GError) error = NULL;
  gsize consumed = 0;

  if (!fb_wire_parse_tasks (w->in->data, w->in->len, &funcs, w, &consumed, &error))
    {
      /* The worker dies of the frame, not of a task: blame none. */
      __atomic_store_n (&w->slot->seq, -1, __ATOMIC_RELEASE);
      die ("%s", error->message);
    }

  if (consumed > 0)
    g_byte_array_remove_range (w->in, 0, (guint) consumed);
}

static FbWorkerSlot *
map_slot (guint slot)
{
  static FbWorkerSlot idle = { .seq = -1 };
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  gsize size = (FB_POOL_MAX_WORKERS * sizeof (FbWorkerSlot) + page - 1) / page * page;
  FbWorkerSlot *slots;

  slots = mmap (NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, SHM_FD, 0);
  if (slots == MAP_FAILED)
    {
      /* Started by hand, with no pool: still works, just unobserved. */
      return &idle;
    }

  return &slots[slot];
}

/* Closes every descriptor above the memfd (3): the pool spawns workers
 * without closing what the app holds (to keep posix_spawn), so whatever a
 * library of the app left open without close-on-exec ends here, before a
 * task could touch it. */
static void
close_inherited (void)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GArray) fds = NULL;
  const char *name;

#ifdef SYS_close_range
  if (syscall (SYS_close_range, SHM_FD + 1, ~0U, 0) == 0)
    return;
#endif

  /* Older kernels: the list first, as closing changes the folder read. */
  if (!(dir = g_dir_open ("/proc/self/fd", 0, NULL)))
    return;
  fds = g_array_new (FALSE, FALSE, sizeof (int));
  while ((name = g_dir_read_name (dir)))
    {
      int fd = (int) g_ascii_strtoll (name, NULL, 10);

      if (fd > SHM_FD)
        g_array_append_val (fds, fd);
    }
  g_clear_pointer (&dir, g_dir_close);
  for (guint i = 0; i < fds->len; i++)
    close (g_array_index (fds, int, i));
}

int
main (int   argc,
      char *argv[])
{
  struct rlimit no_core = { 0, 0 };
  Worker w = { 0 };
  guint64 slot = 0;
  gint64 parent = 0;
  gsize start;

  close_inherited ();

  /* Task errors are made here and shown by the app: in the user's language,
   * as they would be in a thread. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (int i = 1; i + 1 < argc; i += 2)
    {
      if (strcmp (argv[i], "--slot") == 0)
        slot = g_ascii_strtoull (argv[i + 1], NULL, 10);
      else if (strcmp (argv[i], "--parent") == 0)
        parent = g_ascii_strtoll (argv[i + 1], NULL, 10);
    }

  if (slot >= FB_POOL_MAX_WORKERS || isatty (STDIN_FILENO))
    die (_("this program is started by Forkbench's process pool, not by hand"));

  /* Die with the app, even if it died before we got here. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
  if (parent > 0 && getppid () != (pid_t) parent)
    _exit (0);

  /* A crash is a lesson here, not something to keep a core file of. */
  setrlimit (RLIMIT_CORE, &no_core);
  signal (SIGPIPE, SIG_DFL);
  /* The pool stops its workers. A Ctrl-C at a terminal reaches every
   * process of the foreground group: it is for the pool to handle, and a
   * worker dying of it too would fail the task it was running. */
  signal (SIGINT, SIG_IGN);

  /* Keep the protocol on its own descriptor: anything else that writes to
   * stdout (a library, a kernel's child) goes to stderr instead. */
  w.in_fd = STDIN_FILENO;
  w.out_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3 + 1);
  if (w.out_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    /* TRANSLATORS: %s says why, such as "Bad file descriptor" */
    die (_("could not set up its descriptors: %s"), g_strerror (errno));
  fcntl (w.in_fd, F_SETFL, fcntl (w.in_fd, F_GETFL) | O_NONBLOCK);
  fcntl (w.in_fd, F_SETFD, FD_CLOEXEC);

  w.slot = map_slot ((guint) slot);
  w.in = g_byte_array_sized_new (256 * 1024);
  w.out = g_byte_array_sized_new (256 * 1024);
  w.calls = g_ptr_array_new_with_free_func (call_free);

  start = fb_wire_begin_frame (w.out, FB_FRAME_HELLO);
  fb_wire_put_u32 (w.out, FB_PROTOCOL_VERSION);
  fb_wire_put_u64 (w.out, (guint64) getpid ());
  fb_wire_end_frame (w.out, start);
  write_all (&w);

  for (;;)
    {
      guint len = w.in->len;
      ssize_t n;

      g_byte_array_set_size (w.in, len + 256 * 1024);
      n = read (w.in_fd, w.in->data + len, 256 * 1024);
      g_byte_array_set_size (w.in, len + MAX (n, 0));

      if (n > 0)
        {
          process_frames (&w);
          continue;
        }

      if (n < 0 && errno == EINTR)
        continue;

      /* Nothing more to read for now: send what is done, then wait. */
      if (w.out->len > 0)
        write_all (&w);

      if (n < 0 && errno == EAGAIN)
        {
          struct pollfd pfd = { .fd = w.in_fd, .events = POLLIN };

          poll (&pfd, 1, -1);
          continue;
        }

      /* End of input: the pool is closing, or gone. */
      break;
    }

  g_ptr_array_unref (w.calls);
  g_byte_array_unref (w.in);
  g_byte_array_unref (w.out);

  return EXIT_SUCCESS;
}
