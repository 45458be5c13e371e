/* test-process-pool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What happens when workers go wrong: a crash fails only the task it held,
 * the pool replaces the worker and never hangs, nothing is left behind
 * (no zombie, no descriptor, no worker after the app dies), and
 * cancellation and timeouts stop what they should and nothing else.
 */

#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <libglib-testing/signal-logger.h>

#include "fb-test-util.h"

typedef struct
{
  const char *how;
  int         code;
  const char *words;
} Crash;

static const Crash crashes[] = {
  { "segv", FB_POOL_ERROR_WORKER_CRASHED, "was killed by signal 11 (SIGSEGV) while running task 3" },
  { "abort", FB_POOL_ERROR_WORKER_CRASHED, "was killed by signal 6 (SIGABRT) while running task 3" },
  { "exit", FB_POOL_ERROR_WORKER_EXITED, "exited with status 3 while running task 3" },
};

static void
test_crash (gconstpointer data)
{
  const Crash *crash = data;
  g_autofree char *params = g_strdup_printf ("{'task': <3>, 'how': <'%s'>}", crash->how);
  g_autoptr(FbPool) pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  g_autoptr(FbCall) call = fb_test_call ("fault", params);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) workers = NULL;
  g_autofree char *died_message = NULL;
  FbTaskRecord *failed;
  guint died_slot = 0;
  gint64 died_pid = 0;
  guint zombies;

  gt_signal_logger_connect (logger, pool, "worker-died");
  records = fb_test_map_values (pool, call, NULL, 10);

  /* Exactly the task it held failed, in words; every other one is right. */
  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      if (i == 3)
        continue;
      g_assert_no_error (fb_task_record_get_error (record));
      g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
      g_assert_cmpint (record->value, ==, i);
    }

  failed = g_ptr_array_index (records, 3);
  g_assert_cmpint (failed->status, ==, FB_TASK_FAILED);
  g_assert_error (fb_task_record_get_error (failed), FB_POOL_ERROR, crash->code);
  g_assert_nonnull (strstr (fb_task_record_get_error (failed)->message, crash->words));
  g_assert_true (g_str_has_prefix (fb_task_record_get_error (failed)->message, "Worker "));
  g_assert_cmpint (failed->worker_pid, >, 0);

  /* The pool said so once, and replaced the worker. */
  gt_signal_logger_assert_emission_pop (logger, pool, "worker-died", &died_slot, &died_pid, &died_message);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpint (died_pid, ==, failed->worker_pid);
  g_assert_true (g_str_has_prefix (fb_task_record_get_error (failed)->message, died_message));
  g_assert_cmpuint (fb_pool_get_n_respawns (pool), ==, 1);
  workers = fb_pool_list_workers (pool);
  g_assert_cmpuint (workers->len, ==, 2);

  g_assert_cmpuint (fb_test_count_children (&zombies), ==, 2);
  g_assert_cmpuint (zombies, ==, 0);

  g_clear_pointer (&logger, gt_signal_logger_free);
  g_assert_finalize_object (g_steal_pointer (&pool));
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

typedef struct
{
  FbPool *pool;
  gint64  pid;
} KillState;

static gboolean
kill_first_worker_cb (gpointer user_data)
{
  KillState *state = user_data;
  g_autoptr(GArray) workers = fb_pool_list_workers (state->pool);

  state->pid = g_array_index (workers, gint64, 0);
  kill ((pid_t) state->pid, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
test_killed_from_outside (void)
{
  g_autoptr(FbPool) pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  static const gint64 inputs[] = { 3000, 3000, 10, 10 };
  g_autoptr(GPtrArray) records = NULL;
  KillState state = { pool, 0 };
  g_autofree char *words = NULL;
  FbTaskRecord *killed;
  guint zombies;

  /* Workers take tasks 0 and 1; a second later, kill the first one. */
  g_timeout_add (1000, kill_first_worker_cb, &state);
  records = fb_test_map_values (pool, call, inputs, G_N_ELEMENTS (inputs));

  killed = g_ptr_array_index (records, 0);
  words = g_strdup_printf ("Worker %" G_GINT64_FORMAT " was killed by signal 9 (SIGKILL) while running task 0",
                           state.pid);
  g_assert_error (fb_task_record_get_error (killed), FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED);
  g_assert_cmpstr (fb_task_record_get_error (killed)->message, ==, words);

  for (guint i = 1; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      g_assert_no_error (fb_task_record_get_error (record));
      g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
      g_assert_cmpint (record->worker_pid, !=, state.pid);
    }

  g_assert_cmpuint (fb_test_count_children (&zombies), ==, 2);
  g_assert_cmpuint (zombies, ==, 0);
}

/* Chaos: a thread of its own SIGKILLs a random worker every 50 ms while
 * 10,000 tasks run. */

typedef struct
{
  gint        stop;
  GMutex      lock;
  GHashTable *killed;   /* pids */
} Chaos;

static gpointer
chaos_thread (gpointer data)
{
  Chaos *chaos = data;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  while (!g_atomic_int_get (&chaos->stop))
    {
      g_autoptr(GArray) children = fb_test_list_children (getpid (), NULL);

      if (children->len > 0)
        {
          gint64 pid = g_array_index (children, gint64, g_rand_int_range (rand, 0, children->len));

          g_mutex_lock (&chaos->lock);
          g_hash_table_add (chaos->killed, g_memdup2 (&pid, sizeof pid));
          g_mutex_unlock (&chaos->lock);
          kill ((pid_t) pid, SIGKILL);
        }
      g_usleep (50 * 1000);
    }
  return NULL;
}

/* Lets a freed pool's workers be reaped, and their sockets closed. */
static void
settle_children (void)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (fb_test_count_children (NULL) > 0 && g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Waits until this process has at most @most descriptors open, or 10 s
 * have passed. A dead worker's pidfd is closed by GLib's own thread just
 * after it reaps the worker, so the count can lag behind the children's
 * for a moment. */
static void
settle_fds (guint most)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (fb_test_count_fds () > most && g_get_monotonic_time () < deadline)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
}

/* How many primes are below each n up to @max, by a sieve of its own. */
static guint *
count_primes_below (guint max)
{
  g_autofree gboolean *composite = g_new0 (gboolean, max + 1);
  guint *below = g_new0 (guint, max + 1);

  for (guint n = 2; n <= max; n++)
    {
      below[n] = below[n - 1] + (composite[n - 1] || n - 1 < 2 ? 0 : 1);
      if (!composite[n])
        for (guint m = 2 * n; m <= max; m += n)
          composite[m] = TRUE;
    }
  return below;
}

static void
test_chaos (void)
{
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbCall) call = fb_test_call ("primes", "{'limit': <int64 20000>}");
  g_autofree guint *below = count_primes_below (30000);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (10000);
  g_autoptr(FbMap) map = NULL;
  g_autoptr(GError) error = NULL;
  Chaos chaos = { 0 };
  GThread *killer;
  GPtrArray *records;
  guint fds_before, zombies, n_ok = 0, n_failed = 0;

  /* GLib opens what it keeps for good (its worker thread's wakeup, the
   * child watch) with the first pool: count after one has come and gone. */
  {
    g_autoptr(FbPool) warmup = fb_test_pool (FB_POOL_PROCESSES, 1);
    g_autoptr(GPtrArray) warm = fb_test_map_values (warmup, call, NULL, 2);

    g_assert_cmpuint (warm->len, ==, 2);
  }
  settle_children ();
  fds_before = fb_test_count_fds ();
  chaos.killed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_mutex_init (&chaos.lock);

  pool = fb_test_pool (FB_POOL_PROCESSES, 4);
  killer = g_thread_new ("chaos", chaos_thread, &chaos);
  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  g_atomic_int_set (&chaos.stop, TRUE);
  g_thread_join (killer);

  /* The run ended, and every task is accounted for. */
  g_assert_no_error (error);
  records = fb_map_get_records (map);
  g_assert_cmpuint (records->len, ==, 10000);
  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      if (record->status == FB_TASK_SUCCEEDED)
        {
          /* The primes below the limit plus the task's input. */
          g_assert_cmpint (record->value, ==, below[20000 + i]);
          n_ok++;
        }
      else
        {
          gint64 pid = record->worker_pid;
          g_autofree char *words = g_strdup_printf ("Worker %d was killed by signal 9 (SIGKILL) "
                                                    "while running task %u", record->worker_pid, i);

          /* A failure names the worker that was killed, and it was one. */
          g_assert_cmpint (record->status, ==, FB_TASK_FAILED);
          g_assert_error (fb_task_record_get_error (record), FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED);
          g_assert_cmpstr (fb_task_record_get_error (record)->message, ==, words);
          g_assert_true (g_hash_table_contains (chaos.killed, &pid));
          n_failed++;
        }
    }
  g_assert_cmpuint (n_ok + n_failed, ==, 10000);
  g_assert_cmpuint (n_failed, <=, g_hash_table_size (chaos.killed));
  g_assert_cmpuint (fb_map_get_n_failed (map), ==, n_failed);
  g_test_message ("%u kills, %u tasks failed, %u succeeded, %" G_GUINT64_FORMAT " workers replaced",
                  g_hash_table_size (chaos.killed), n_failed, n_ok, fb_pool_get_n_respawns (pool));
  g_assert_cmpuint (g_hash_table_size (chaos.killed), >=, 10);

  /* Nothing left behind: no zombie now, no worker and no descriptor once
   * the pool is gone. */
  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       g_get_monotonic_time () < deadline && (fb_test_count_children (&zombies) > 4 || zombies > 0);)
    {
      /* The last worker killed is reaped when the main loop next runs. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_cmpuint (fb_test_count_children (&zombies), <=, 4);
  g_assert_cmpuint (zombies, ==, 0);
  g_clear_object (&map);
  g_assert_finalize_object (g_steal_pointer (&pool));
  settle_children ();
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
  /* What earlier tests left open may close meanwhile: none more, then. */
  settle_fds (fds_before);
  g_assert_cmpuint (fb_test_count_fds (), <=, fds_before);

  g_hash_table_unref (chaos.killed);
  g_mutex_clear (&chaos.lock);
}

static void
test_no_leaks_after_respawns (void)
{
  g_autoptr(FbPool) pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  g_autoptr(FbCall) warmup = fb_test_call ("square", NULL);
  g_autoptr(GPtrArray) first = fb_test_map_values (pool, warmup, NULL, 10);
  guint fds_before;
  guint children_before;
  guint n_failed = 0, n_ok = 0;
  guint zombies;

  /* Count once the pool is warm: its workers and sockets exist. */
  g_assert_cmpuint (first->len, ==, 10);
  fds_before = fb_test_count_fds ();
  children_before = fb_test_count_children (NULL);

  /* 50 rounds of 20 tasks, each round crashing a worker: 1,000 tasks, 50 respawns. */
  for (guint round = 0; round < 50; round++)
    {
      g_autofree char *params = g_strdup_printf ("{'task': <%u>, 'how': <'%s'>}",
                                                 round % 20, round % 2 ? "exit" : "segv");
      g_autoptr(FbCall) call = fb_test_call ("fault", params);
      g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 20);

      for (guint i = 0; i < records->len; i++)
        {
          FbTaskRecord *record = g_ptr_array_index (records, i);

          if (record->status == FB_TASK_SUCCEEDED)
            {
              g_assert_cmpint (record->value, ==, i);
              n_ok++;
            }
          else
            {
              g_assert_cmpuint (i, ==, round % 20);
              n_failed++;
            }
        }
    }

  g_assert_cmpuint (n_failed, ==, 50);
  g_assert_cmpuint (n_ok, ==, 950);
  g_assert_cmpuint (fb_pool_get_n_respawns (pool), ==, 50);
  settle_fds (fds_before);
  g_assert_cmpuint (fb_test_count_fds (), ==, fds_before);
  g_assert_cmpuint (fb_test_count_children (&zombies), ==, children_before);
  g_assert_cmpuint (zombies, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&pool));
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
count_after_cancel_cb (FbMap        *map,
                       FbTaskRecord *record,
                       gpointer      user_data)
{
  GCancellable *cancellable = user_data;

  /* Nothing is delivered once the map has been cancelled and completed. */
  g_assert_false (g_cancellable_is_cancelled (cancellable) && !fb_map_is_running (map));
}

static void
test_cancel_big_map (gconstpointer data)
{
  FbPoolKind kind = GPOINTER_TO_INT (data);
  g_autoptr(FbPool) pool = fb_test_pool (kind, 2);
  g_autoptr(FbCall) spin = fb_test_call ("spin", "{'ms': <5>}");
  g_autoptr(FbCall) sleep_call = fb_test_call ("sleep", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FbMap) map = fb_map_new (pool, spin, inputs, 1, FB_MAP_NONE);
  static const gint64 both[] = { 200, 200 };
  g_autoptr(GPtrArray) after = NULL;
  FbTaskRecord *a, *b;
  guint zombies;

  g_signal_connect (map, "task-finished", G_CALLBACK (count_after_cancel_cb), cancellable);
  g_timeout_add (200, cancel_cb, cancellable);
  fb_map_run_async (map, cancellable, NULL, NULL);
  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (fb_map_get_n_done (map), <, 100000);

  /* No worker is still busy with it: both take new tasks at once, side by side. */
  after = fb_test_map_values (pool, sleep_call, both, 2);
  a = g_ptr_array_index (after, 0);
  b = g_ptr_array_index (after, 1);
  g_assert_cmpint (a->status, ==, FB_TASK_SUCCEEDED);
  g_assert_cmpint (b->status, ==, FB_TASK_SUCCEEDED);
  g_assert_cmpuint (a->worker_slot, !=, b->worker_slot);
  g_assert_cmpint (a->started_us, <, b->finished_us);
  g_assert_cmpint (b->started_us, <, a->finished_us);

  /* A cancelled map is not a dead worker. */
  g_assert_cmpuint (fb_pool_get_n_respawns (pool), ==, 0);
  if (kind == FB_POOL_PROCESSES)
    {
      g_assert_cmpuint (fb_test_count_children (&zombies), ==, 2);
      g_assert_cmpuint (zombies, ==, 0);
    }
}

static void
test_cancel_result (void)
{
  g_autoptr(FbPool) pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", "{'ms': <10000>}");
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (10);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;

  g_timeout_add (100, cancel_cb, cancellable);
  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_KEEP_RECORDS, 0, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fb_map_get_n_done (map), ==, 0);
}

static void
test_timeout_hang (void)
{
  g_autoptr(FbPool) pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  g_autoptr(FbCall) call = fb_test_call ("fault", "{'task': <2>, 'how': <'hang'>}");
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (8);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autofree char *message = NULL;
  FbTaskRecord *hung;
  guint slot = 0;
  gint64 pid = 0;

  gt_signal_logger_connect (logger, pool, "worker-died");
  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS, 500, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 8; i++)
    if (i != 2)
      g_assert_cmpint (((FbTaskRecord *) fb_map_get_records (map)->pdata[i])->status, ==, FB_TASK_SUCCEEDED);

  hung = fb_map_get_records (map)->pdata[2];
  g_assert_error (fb_task_record_get_error (hung), FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (fb_task_record_get_error (hung)->message, "Task 2 ran longer than its timeout of 500 ms"));
  g_assert_cmpint (hung->finished_us - hung->started_us, >=, 500000);

  /* Only the hanging worker was stopped. */
  gt_signal_logger_assert_emission_pop (logger, pool, "worker-died", &slot, &pid, &message);
  gt_signal_logger_assert_no_emissions (logger);
  g_assert_cmpint (pid, ==, hung->worker_pid);
  g_assert_cmpuint (fb_pool_get_n_respawns (pool), ==, 1);
  g_clear_pointer (&logger, gt_signal_logger_free);
}

static void
test_timeout_sleep (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (GPOINTER_TO_INT (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  static const gint64 values[] = { 20, 60000, 20, 20 };
  g_autoptr(FbInputs) inputs = fb_inputs_new_values (values, 4);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;
  FbTaskRecord *slow;

  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS, 300, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fb_map_get_n_succeeded (map), ==, 3);
  g_assert_cmpuint (fb_map_get_n_failed (map), ==, 1);

  slow = fb_map_get_records (map)->pdata[1];
  g_assert_error (fb_task_record_get_error (slow), FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (fb_task_record_get_error (slow)->message, "Task 1 ran longer than its timeout of 300 ms"));
}

static void
test_worker_not_found (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("FORKBENCH_WORKER"));
  g_autoptr(GError) error = NULL;
  FbPool *pool;

  g_setenv ("FORKBENCH_WORKER", "/nonexistent/forkbench-worker", TRUE);
  pool = fb_pool_new (FB_POOL_PROCESSES, 2, &error);
  g_setenv ("FORKBENCH_WORKER", saved, TRUE);

  g_assert_null (pool);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_WORKER_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/nonexistent/forkbench-worker"));
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

static void
test_workers_keep_failing (gconstpointer data)
{
  g_autofree char *saved = g_strdup (g_getenv ("FORKBENCH_WORKER"));
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (10);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;

  /* A "worker" that exits at once, or one that speaks no protocol: the
   * pool gives up with an error instead of waiting forever. */
  g_setenv ("FORKBENCH_WORKER", data, TRUE);
  pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  g_setenv ("FORKBENCH_WORKER", saved, TRUE);

  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_NONE, 0, NULL, &error);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_WORKERS_FAILING);
  g_assert_nonnull (strstr (error->message, "Workers keep dying before they finish any task"));
  g_assert_cmpuint (fb_map_get_n_done (map), ==, 0);
}

/* A pool of one process worker that is tests/fake-worker.py in @mode.
 * The mode stays in FORKBENCH_FAKE, for the workers that replace it: the
 * test unsets it once its map is done. NULL, the test skipped, where
 * there is no python3. */
static FbPool *
fake_worker_pool (const char *mode)
{
  g_autofree char *saved = g_strdup (g_getenv ("FORKBENCH_WORKER"));
  g_autofree char *fake = g_test_build_filename (G_TEST_DIST, "fake-worker.py", NULL);
  FbPool *pool;

  if (!fb_test_have_python ())
    return NULL;

  g_setenv ("FORKBENCH_WORKER", fake, TRUE);
  g_setenv ("FORKBENCH_FAKE", mode, TRUE);
  pool = fb_test_pool (FB_POOL_PROCESSES, 1);
  g_setenv ("FORKBENCH_WORKER", saved, TRUE);

  return pool;
}

/* A worker that lies, in each way tests/fake-worker.py can: the pool
 * fails it cleanly (an error in words, no crash, no hang, bounded memory)
 * and leaves nothing behind. */
static const struct
{
  const char *mode;
  const char *why;
} lies[] = {
  { "garbage", "outside the protocol's limits" },
  { "bad-length", "outside the protocol's limits" },
  { "unknown-type", "sent a frame of unknown type 99" },
  { "unknown-seq", "sent results for a unit it was not running" },
  { "truncated", "sent a result that could not be read" },
  { "flood", "outside the protocol's limits" },
  { "silent-exit", "the last one exited with status 0" },
  { "stall", "stopped sending in the middle of a frame" },
};

static void
test_lying_worker (gconstpointer data)
{
  const char *mode = lies[GPOINTER_TO_UINT (data)].mode;
  const char *why = lies[GPOINTER_TO_UINT (data)].why;
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (4);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;
  gint64 rss_before = 0, rss_after = 0;

  /* A worker silent in the middle of a frame is given 5 s; here, less. */
  g_setenv ("FORKBENCH_FRAME_STALL_MS", "200", TRUE);
  pool = fake_worker_pool (mode);
  g_unsetenv ("FORKBENCH_FRAME_STALL_MS");
  if (pool == NULL)
    return;

  rss_before = fb_test_resident_bytes ();
  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  rss_after = fb_test_resident_bytes ();
  g_unsetenv ("FORKBENCH_FAKE");

  /* Every replacement lies too: the pool gives up, saying why. */
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_WORKERS_FAILING);
  g_test_message ("%s: %s", mode, error->message);
  g_assert_nonnull (strstr (error->message, "Workers keep dying before they finish any task"));
  g_assert_nonnull (strstr (error->message, why));
  g_assert_cmpuint (fb_map_get_n_done (map) - fb_map_get_n_failed (map), ==, 0);
  /* A flood is read no further than one frame's limit. */
  g_assert_cmpint (rss_after - rss_before, <, 80 * 1024 * 1024);

  g_clear_object (&map);
  g_assert_finalize_object (g_steal_pointer (&pool));
  settle_children ();
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

/* A worker may say when its task started only roughly, as the python
 * harness does once a millisecond: its slot gives the slack, and the task
 * is stopped no earlier than its timeout after the latest time it may have
 * started. The fake says its task started 10 s ago, give or take 60 s, and
 * answers after 0.3 s: within a timeout of 2 s. */
static void
test_slot_slack (void)
{
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  static const gint64 values[] = { 7 };
  g_autoptr(FbInputs) inputs = fb_inputs_new_values (values, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;
  FbTaskRecord *record;

  pool = fake_worker_pool ("slot-slack");
  if (pool == NULL)
    return;

  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_KEEP_RECORDS, 2000, NULL, &error);
  g_unsetenv ("FORKBENCH_FAKE");
  g_assert_no_error (error);

  record = fb_map_get_records (map)->pdata[0];
  g_assert_no_error (fb_task_record_get_error (record));
  g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
  g_assert_cmpint (record->value, ==, 49);
  g_assert_cmpuint (fb_pool_get_n_respawns (pool), ==, 0);

  g_clear_object (&map);
  g_assert_finalize_object (g_steal_pointer (&pool));
  settle_children ();
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

static char *
pids_path (pid_t test_pid)
{
  g_autofree char *name = g_strdup_printf ("forkbench-test-%d.pids", (int) test_pid);
  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
test_workers_die_with_app (void)
{
  g_autofree char *path = pids_path (getpid ());
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) pids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (g_test_subprocess ())
    {
      g_autofree char *child_path = pids_path (getppid ());
      FbPool *pool = fb_test_pool (FB_POOL_PROCESSES, 3);
      g_autoptr(GArray) workers = fb_pool_list_workers (pool);
      g_autoptr(GString) str = g_string_new (NULL);

      for (guint i = 0; i < workers->len; i++)
        g_string_append_printf (str, "%" G_GINT64_FORMAT "\n", g_array_index (workers, gint64, i));
      g_file_set_contents (child_path, str->str, -1, NULL);

      /* The app dies without a chance to clean up. */
      kill (getpid (), SIGKILL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_unlink (path);
  lines = g_strsplit (g_strstrip (contents), "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      gint64 pid = g_ascii_strtoll (lines[i], NULL, 10);
      g_assert_cmpint (pid, >, 0);
      g_array_append_val (pids, pid);
    }
  g_assert_cmpuint (pids->len, ==, 3);

  /* The parent-death signal takes them down with it. */
  g_assert_true (fb_test_wait_pids_gone (pids, 5000));
}

/* A worker holds its protocol socket, stderr and the pool's memfd, and
 * nothing else of the app's: not even a file the app left open without
 * close-on-exec. */
static void
test_workers_inherit_nothing (void)
{
  g_autofree char *marker = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) workers = NULL;
  int leaked = g_file_open_tmp ("forkbench-leak-XXXXXX", &marker, &error);

  g_assert_no_error (error);
  g_assert_cmpint (fcntl (leaked, F_SETFD, 0), ==, 0);   /* inheritable, on purpose */

  pool = fb_test_pool (FB_POOL_PROCESSES, 2);
  records = fb_test_map_values (pool, call, NULL, 10);
  workers = fb_pool_list_workers (pool);
  g_assert_cmpuint (workers->len, ==, 2);

  for (guint i = 0; i < workers->len; i++)
    {
      gint64 pid = g_array_index (workers, gint64, i);
      g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/fd", pid);
      g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
      const char *name;
      guint n = 0;

      g_assert_no_error (error);
      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *link = g_build_filename (path, name, NULL);
          g_autofree char *target = g_file_read_link (link, NULL);

          g_assert_cmpstr (target, !=, marker);
          n++;
        }
      /* stdin (the socket), stdout and stderr, the memfd, the socket for
       * results. */
      g_assert_cmpuint (n, ==, 5);
    }

  close (leaked);
  g_unlink (marker);
}

static void
test_bad_requests_start_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (10);
  g_autoptr(FbMap) map = NULL;

  g_assert_null (fb_pool_new (FB_POOL_PROCESSES, 0, &error));
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (fb_pool_new (FB_POOL_PROCESSES, 1000000, &error));
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "A pool has from 1 to 1024 workers, not 1000000");
  g_clear_error (&error);
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);

  pool = fb_test_pool (FB_POOL_PROCESSES, 1);

  map = fb_test_run_map (pool, call, inputs, 0, FB_MAP_NONE, 0, NULL, &error);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "The chunk size is 0, but must be from 1 to 1000000");
  g_assert_cmpuint (fb_map_get_n_done (map), ==, 0);
  g_clear_error (&error);
  g_clear_object (&map);

  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_NONE, G_MAXUINT, NULL, &error);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_assert_cmpuint (fb_map_get_n_done (map), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (crashes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/ProcessPool/crash/%s", crashes[i].how);
      g_test_add_data_func (path, &crashes[i], test_crash);
    }
  g_test_add_func ("/Forkbench/ProcessPool/killed-from-outside", test_killed_from_outside);
  g_test_add_func ("/Forkbench/ProcessPool/no-leaks-after-respawns", test_no_leaks_after_respawns);
  g_test_add_func ("/Forkbench/ProcessPool/chaos", test_chaos);
  g_test_add_data_func ("/Forkbench/ProcessPool/cancel-big-map/processes",
                        GINT_TO_POINTER (FB_POOL_PROCESSES), test_cancel_big_map);
  g_test_add_data_func ("/Forkbench/ProcessPool/cancel-big-map/threads",
                        GINT_TO_POINTER (FB_POOL_THREADS), test_cancel_big_map);
  g_test_add_func ("/Forkbench/ProcessPool/cancel-result", test_cancel_result);
  g_test_add_func ("/Forkbench/ProcessPool/timeout-hang", test_timeout_hang);
  g_test_add_func ("/Forkbench/ProcessPool/timeout-slot-slack", test_slot_slack);
  g_test_add_data_func ("/Forkbench/ProcessPool/timeout-sleep/processes",
                        GINT_TO_POINTER (FB_POOL_PROCESSES), test_timeout_sleep);
  g_test_add_data_func ("/Forkbench/ProcessPool/timeout-sleep/threads",
                        GINT_TO_POINTER (FB_POOL_THREADS), test_timeout_sleep);
  g_test_add_func ("/Forkbench/ProcessPool/worker-not-found", test_worker_not_found);
  g_test_add_data_func ("/Forkbench/ProcessPool/workers-keep-failing/exit", "/bin/false",
                        test_workers_keep_failing);
  g_test_add_data_func ("/Forkbench/ProcessPool/workers-keep-failing/garbage", "/bin/echo",
                        test_workers_keep_failing);
  g_test_add_func ("/Forkbench/ProcessPool/workers-die-with-app", test_workers_die_with_app);
  g_test_add_func ("/Forkbench/ProcessPool/bad-requests-start-nothing", test_bad_requests_start_nothing);
  g_test_add_func ("/Forkbench/ProcessPool/workers-inherit-nothing", test_workers_inherit_nothing);
  for (guint i = 0; i < G_N_ELEMENTS (lies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/ProcessPool/lying-worker/%s", lies[i].mode);

      g_test_add_data_func (path, GUINT_TO_POINTER (i), test_lying_worker);
    }

  return g_test_run ();
}
