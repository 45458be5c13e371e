/* fb-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fb-test-util.h"

FbCall *
fb_test_call (const char *kernel,
              const char *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = NULL;
  FbCall *call;

  if (params != NULL)
    {
      variant = g_variant_parse (G_VARIANT_TYPE_VARDICT, params, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  call = fb_call_new (kernel, variant, &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  return call;
}

FbPool *
fb_test_pool (FbPoolKind kind,
              guint      n_workers)
{
  g_autoptr(GError) error = NULL;
  FbPool *pool = fb_pool_new (kind, n_workers, &error);

  g_assert_no_error (error);
  g_assert_true (FB_IS_POOL (pool));
  return pool;
}

void
fb_test_wait (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} RunState;

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  RunState *state = user_data;

  state->ok = fb_map_run_finish (FB_MAP (object), result, &state->error);
  state->done = TRUE;
}

FbMap *
fb_test_run_map (FbPool        *pool,
                 FbCall        *call,
                 FbInputs      *inputs,
                 guint          chunksize,
                 FbMapFlags     flags,
                 guint          timeout_ms,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, chunksize, flags);
  RunState state = { 0 };

  fb_map_set_timeout (map, timeout_ms);
  fb_map_run_async (map, cancellable, run_cb, &state);
  fb_test_wait (&state.done);

  if (state.error != NULL)
    g_propagate_error (error, state.error);

  return g_steal_pointer (&map);
}

/* Python's pool.map over a list: the records, in order. */
GPtrArray *
fb_test_map_values (FbPool       *pool,
                    FbCall       *call,
                    const gint64 *values,
                    gsize         n_values)
{
  g_autoptr(FbInputs) inputs = values ? fb_inputs_new_values (values, n_values)
                                      : fb_inputs_new_range (n_values);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;

  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fb_map_get_records (map)->len, ==, n_values);

  return g_ptr_array_ref (fb_map_get_records (map));
}

static void
join_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_pool_join_finish (FB_POOL (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

void
fb_test_join (FbPool *pool)
{
  gboolean done = FALSE;

  fb_pool_close (pool);
  fb_pool_join_async (pool, NULL, join_cb, &done);
  fb_test_wait (&done);
}

/* The living children of @pid, and how many of them are zombies, from
 * /proc: what a user would see in top. */
GArray *
fb_test_list_children (gint64  pid,
                       guint  *n_zombies)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  GArray *children = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *name;

  if (n_zombies != NULL)
    *n_zombies = 0;

  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      const char *close_paren;
      char state;
      int ppid;

      if (!g_ascii_isdigit (name[0]))
        continue;

      path = g_strdup_printf ("/proc/%s/stat", name);
      if (!g_file_get_contents (path, &contents, NULL, NULL))
        continue;

      /* The command name may hold spaces and parentheses: skip to the last. */
      if (!(close_paren = strrchr (contents, ')')) ||
          sscanf (close_paren + 1, " %c %d", &state, &ppid) != 2 || ppid != pid)
        continue;

      if (state == 'Z')
        {
          if (n_zombies != NULL)
            (*n_zombies)++;
        }
      else
        {
          gint64 child = g_ascii_strtoll (name, NULL, 10);

          g_array_append_val (children, child);
        }
    }

  return children;
}

/* Children of this process, zombies included. */
guint
fb_test_count_children (guint *n_zombies)
{
  guint zombies = 0;
  g_autoptr(GArray) children = fb_test_list_children (getpid (), &zombies);

  if (n_zombies != NULL)
    *n_zombies = zombies;
  return children->len + zombies;
}

/* Whether python3 is installed; the test is skipped, saying so, where not. */
gboolean
fb_test_have_python (void)
{
  g_autofree char *python = g_find_program_in_path ("python3");

  if (python == NULL)
    {
      g_test_skip ("python3 is not installed");
      return FALSE;
    }

  return TRUE;
}

guint
fb_test_count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir))
    n++;

  return n;
}

gboolean
fb_test_pid_alive (gint64 pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  const char *close_paren;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return FALSE;

  /* A zombie is dead: it only waits to be reaped. */
  close_paren = strrchr (contents, ')');
  return close_paren == NULL || close_paren[2] != 'Z';
}

gboolean
fb_test_wait_pids_gone (GArray *pids,
                        guint   max_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) max_ms * 1000;

  do
    {
      gboolean any = FALSE;

      for (guint i = 0; i < pids->len; i++)
        any |= fb_test_pid_alive (g_array_index (pids, gint64, i));

      if (!any)
        return TRUE;

      g_usleep (10000);
    }
  while (g_get_monotonic_time () < deadline);

  return FALSE;
}

/* Resident memory of this process, in bytes, from /proc. */
gint64
fb_test_resident_bytes (void)
{
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents ("/proc/self/status", &status, NULL, NULL));
  line = strstr (status, "\nVmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + strlen ("\nVmRSS:"), NULL, 10) * 1024;
}

/* The CPU time every core of the machine spent busy so far, in seconds,
 * from the first line of /proc/stat. */
static double
machine_busy_seconds (void)
{
  g_autofree char *stat = NULL;
  guint64 v[8] = { 0 };

  g_assert_true (g_file_get_contents ("/proc/stat", &stat, NULL, NULL));
  g_assert_true (g_str_has_prefix (stat, "cpu "));
  /* user nice system idle iowait irq softirq steal */
  sscanf (stat + 4, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
          " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
          &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7]);
  return (double) (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / sysconf (_SC_CLK_TCK);
}

/**
 * fb_test_execute_run_measured:
 * @run: a run to execute to its end
 *
 * Runs @run, and says how many cores' worth other programs kept busy
 * meanwhile: the machine's busy time less what the run's tasks used,
 * over the run's wall time. Tests that read the whole machine, or that
 * compare how fast two pools ran, skip rather than fail when this says
 * the machine was shared: on a quiet one they still fail.
 *
 * Returns: other programs' load, in cores
 */
double
fb_test_execute_run_measured (FbRun *run)
{
  GPtrArray *reports;
  double busy0 = machine_busy_seconds ();
  gint64 t0 = g_get_monotonic_time ();
  double busy, wall, ours = 0;

  fb_test_execute_run (run);
  busy = machine_busy_seconds () - busy0;
  wall = (g_get_monotonic_time () - t0) / (double) G_USEC_PER_SEC;

  reports = fb_run_get_reports (run);
  for (guint i = 0; i < reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (reports, i);

      for (guint j = 0; j < report->records->len; j++)
        ours += ((FbTaskRecord *) g_ptr_array_index (report->records, j))->cpu_us / (double) G_USEC_PER_SEC;
    }

  return MAX (busy - ours, 0) / MAX (wall, 1e-3);
}

/* Waits until @proc has @n_workers children (however long a loaded
 * machine takes to start them), kills @proc with SIGKILL, which gives it
 * no chance to clean up, and checks that every one of its workers is gone
 * within a second. */
void
fb_test_kill_leaves_no_worker (GSubprocess *proc,
                               guint        n_workers)
{
  gint64 pid = g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);
  g_autoptr(GArray) workers = NULL;
  g_autoptr(GError) error = NULL;

  for (;;)
    {
      workers = fb_test_list_children (pid, NULL);
      if (workers->len == n_workers)
        break;
      g_clear_pointer (&workers, g_array_unref);
      g_assert_true (fb_test_pid_alive (pid));
      g_usleep (10 * 1000);
    }

  g_subprocess_force_exit (proc);
  g_assert_false (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_true (g_subprocess_get_if_signaled (proc));
  g_assert_cmpint (g_subprocess_get_term_sig (proc), ==, SIGKILL);

  g_assert_true (fb_test_wait_pids_gone (workers, 1000));
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError  **error;
} RunWait;

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunWait *wait = user_data;

  wait->ok = fb_run_execute_finish (FB_RUN (object), result, wait->error);
  wait->done = TRUE;
}

/* Executes @run to its end, cancelled through @cancellable if it is;
 * returns what fb_run_execute_finish() returns. */
gboolean
fb_test_execute_run_full (FbRun         *run,
                          GCancellable  *cancellable,
                          GError       **error)
{
  RunWait wait = { FALSE, FALSE, error };

  fb_run_execute_async (run, cancellable, run_done_cb, &wait);
  fb_test_wait (&wait.done);
  return wait.ok;
}

/* Executes @run to its end, which must be a success. */
void
fb_test_execute_run (FbRun *run)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_test_execute_run_full (run, NULL, &error));
  g_assert_no_error (error);
}

/* Deletes @path and everything under it, as a test's scratch folder. */
void
fb_test_remove_tree (const char *path)
{
  g_autoptr(GFile) dir = g_file_new_for_path (path);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                                                    G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                                    G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                    NULL, NULL);
  GFileInfo *info;
  GFile *child;

  /* The enumerator owns what it returns. */
  while (children != NULL && g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          g_autofree char *child_path = g_file_get_path (child);
          fb_test_remove_tree (child_path);
        }
      else
        g_file_delete (child, NULL, NULL);
    }

  g_file_delete (dir, NULL, NULL);
}

