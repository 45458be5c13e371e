/* test-pool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every kernel in both kinds of pool gives the right results, and the pool's
 * calls (submit, map, imap, imap_unordered, close/join, terminate) do what a
 * user of Python's multiprocessing would expect of them.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libglib-testing/signal-logger.h>

#include "fb-task-record-private.h"
#include "fb-test-util.h"

static const gint64 seed_list[] = { 3, 4, 5, 6, 6, 7, 87, 8, 8 };

static FbPoolKind
kind_of (gconstpointer data)
{
  return (FbPoolKind) GPOINTER_TO_INT (data);
}

static void
assert_values (GPtrArray    *records,
               const gint64 *expected,
               gsize         n)
{
  g_assert_cmpuint (records->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      g_assert_no_error (fb_task_record_get_error (record));
      g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
      g_assert_cmpuint (record->index, ==, i);
      g_assert_cmpint (record->value, ==, expected[i]);
    }
}

static void
assert_timeline (FbPool       *pool,
                 FbTaskRecord *record)
{
  g_assert_cmpint (record->queued_us, >, 0);
  g_assert_cmpint (record->started_us, >=, record->queued_us);
  g_assert_cmpint (record->finished_us, >=, record->started_us);
  g_assert_cmpint (record->cpu_us, >=, 0);
  g_assert_cmpint (record->worker_pid, >, 0);
  g_assert_cmpuint (record->worker_slot, <, fb_pool_get_n_workers (pool));

  if (fb_pool_get_kind (pool) == FB_POOL_PROCESSES)
    g_assert_cmpint (record->worker_pid, !=, getpid ());
  else
    {
      g_assert_cmpint (record->worker_pid, ==, getpid ());
      g_assert_cmpint (record->worker_tid, !=, getpid ());
    }
}

static void
test_square_range (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 4);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 10);
  static const gint64 expected[] = { 0, 1, 4, 9, 16, 25, 36, 49, 64, 81 };

  assert_values (records, expected, G_N_ELEMENTS (expected));
  for (guint i = 0; i < records->len; i++)
    assert_timeline (pool, g_ptr_array_index (records, i));

  g_assert_finalize_object (g_steal_pointer (&pool));
}

static void
test_square_seed_list (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 5);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, seed_list, G_N_ELEMENTS (seed_list));
  static const gint64 expected[] = { 9, 16, 25, 36, 36, 49, 7569, 64, 64 };

  assert_values (records, expected, G_N_ELEMENTS (expected));
  g_assert_finalize_object (g_steal_pointer (&pool));
}

static void
test_square_chunked (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (100000);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) map = NULL;
  guint mapped_before = fb_task_record_get_n_mapped_blocks ();
  FbTaskRecord *kept;
  GPtrArray *records;

  map = fb_test_run_map (pool, call, inputs, 1000, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  g_assert_no_error (error);

  records = fb_map_get_records (map);
  g_assert_cmpuint (records->len, ==, 100000);
  g_assert_cmpuint (fb_map_get_n_succeeded (map), ==, 100000);
  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpuint (record->index, ==, i);
      g_assert_cmpint (record->value, ==, (gint64) i * i);
    }

  /* A chunk's records are one mapping of their own, and a record held
   * after its map is gone keeps its chunk's, and only that. */
  g_assert_cmpuint (fb_task_record_get_n_mapped_blocks () - mapped_before, ==, 100);
  kept = fb_task_record_ref (g_ptr_array_index (records, 12345));
  g_assert_finalize_object (g_steal_pointer (&map));
  g_assert_finalize_object (g_steal_pointer (&pool));
  g_assert_cmpuint (fb_task_record_get_n_mapped_blocks () - mapped_before, ==, 1);
  g_assert_cmpuint (kept->index, ==, 12345);
  g_assert_cmpint (kept->value, ==, G_GINT64_CONSTANT (12345) * 12345);
  fb_task_record_unref (kept);
  g_assert_cmpuint (fb_task_record_get_n_mapped_blocks (), ==, mapped_before);
}

static void
test_square_overflow (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  static const gint64 inputs[] = { 2, G_GINT64_CONSTANT (4000000000), 3 };
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, inputs, 3);
  FbTaskRecord *bad = g_ptr_array_index (records, 1);

  g_assert_cmpint (((FbTaskRecord *) g_ptr_array_index (records, 0))->value, ==, 4);
  g_assert_cmpint (bad->status, ==, FB_TASK_FAILED);
  g_assert_error (fb_task_record_get_error (bad), FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (fb_task_record_get_error (bad)->message, "4000000000"));
  g_assert_cmpint (((FbTaskRecord *) g_ptr_array_index (records, 2))->value, ==, 9);
}

static void
test_primes (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("primes", "{'limit': <100>}");
  static const gint64 inputs[] = { 0, 1, 900, 9900 };
  /* Primes below 100, 101, 1000 and 10000. */
  static const gint64 expected[] = { 25, 25, 168, 1229 };
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, inputs, 4);

  assert_values (records, expected, 4);
}

static void
test_spin (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("spin", "{'ms': <20>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 4);

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
      g_assert_cmpint (record->value, >, 0);
      /* It burns CPU time, not wall time: at least what was asked. */
      g_assert_cmpint (record->cpu_us, >=, 19000);
    }
}

static void
test_sleep_overlaps (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  /* The seed's two sleepers, shortened: they sleep side by side. */
  static const gint64 inputs[] = { 300, 300 };
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, inputs, 2);
  FbTaskRecord *a = g_ptr_array_index (records, 0);
  FbTaskRecord *b = g_ptr_array_index (records, 1);

  g_assert_cmpint (a->status, ==, FB_TASK_SUCCEEDED);
  g_assert_cmpint (b->status, ==, FB_TASK_SUCCEEDED);
  g_assert_cmpint (a->finished_us - a->started_us, >=, 300000);
  g_assert_cmpuint (a->worker_slot, !=, b->worker_slot);
  /* Each started before the other finished: they overlapped. */
  g_assert_cmpint (a->started_us, <, b->finished_us);
  g_assert_cmpint (b->started_us, <, a->finished_us);
  /* Sleeping costs no CPU. */
  g_assert_cmpint (a->cpu_us, <, 100000);
}

static void
test_sleep_bad_input (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 1);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  static const gint64 inputs[] = { -5 };
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, inputs, 1);
  FbTaskRecord *record = g_ptr_array_index (records, 0);

  g_assert_error (fb_task_record_get_error (record), FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (fb_task_record_get_error (record)->message, "-5"));
}

static void
test_gil (gconstpointer data)
{
  FbPoolKind kind = kind_of (data);
  g_autoptr(FbPool) pool = fb_test_pool (kind, 2);
  g_autoptr(FbCall) call = fb_test_call ("gil", "{'ms': <40>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 4);
  gint64 first_start = G_MAXINT64, last_finish = 0, cpu_sum = 0;
  GHashTable *workers = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
      first_start = MIN (first_start, record->started_us);
      last_finish = MAX (last_finish, record->finished_us);
      cpu_sum += record->cpu_us;
      g_hash_table_add (workers, GINT_TO_POINTER (record->worker_slot));
    }

  /* Each process gets a task at once; which thread wakes first is up to the
   * scheduler. */
  if (kind == FB_POOL_PROCESSES)
    g_assert_cmpuint (g_hash_table_size (workers), ==, 2);

  /* Threads of one process share one lock, so their CPU work cannot
   * overlap: the run lasts at least as long as all of it together. */
  if (kind == FB_POOL_THREADS)
    g_assert_cmpint (last_finish - first_start, >=, cpu_sum * 95 / 100);

  g_hash_table_unref (workers);
}

static void
test_memory (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("memory", "{'mb': <2>, 'passes': <2>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 3);
  g_autoptr(FbPool) other = fb_test_pool (kind_of (data) == FB_POOL_THREADS ? FB_POOL_PROCESSES : FB_POOL_THREADS, 1);
  g_autoptr(GPtrArray) again = fb_test_map_values (other, call, NULL, 3);

  /* The checksum is the same whoever computes it, and differs by input. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((FbTaskRecord *) records->pdata[i])->value, ==,
                     ((FbTaskRecord *) again->pdata[i])->value);
  g_assert_cmpint (((FbTaskRecord *) records->pdata[0])->value, !=,
                   ((FbTaskRecord *) records->pdata[1])->value);
}

static void
test_io (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("io", "{'kb': <64>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 3);
  static const gint64 expected[] = { 65536, 65536, 65536 };

  assert_values (records, expected, 3);
}

static void
test_echo (gconstpointer data)
{
  FbPoolKind kind = kind_of (data);
  g_autoptr(FbPool) pool = fb_test_pool (kind, 2);
  g_autoptr(FbCall) call = fb_test_call ("echo", "{'bytes': <100000>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 5);
  static const gint64 expected[] = { 100000, 100000, 100000, 100000, 100000 };

  assert_values (records, expected, 5);
  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      /* The payload went there and back for processes; threads share it. */
      if (kind == FB_POOL_PROCESSES)
        g_assert_cmpuint (record->ipc_bytes, >=, 200000);
      else
        g_assert_cmpuint (record->ipc_bytes, ==, 0);
    }
}

static void
test_print (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 4);
  g_autoptr(FbCall) call = fb_test_call ("print", NULL);
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 4);

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);
      g_autofree char *expected = g_strdup_printf ("Number: %u\n", i);

      g_assert_cmpstr (fb_task_record_get_output (record), ==, expected);
    }
}

static void
test_shared_array (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 4);
  g_autoptr(FbCall) call = fb_test_call ("shared-array", "{'values': <[int64 2, 3, 4, 5, 6, 7, 8]>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 7);
  static const gint64 expected[] = { 4, 9, 16, 25, 36, 49, 64 };
  const gint64 *array;
  gsize n;

  assert_values (records, expected, 7);

  /* The array itself was changed in place, where every worker sees it. */
  array = fb_pool_get_shared_array (pool, call, &n);
  g_assert_cmpuint (n, ==, 7);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (array[i], ==, expected[i]);
}

static void
test_shared_array_bad_index (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 1);
  g_autoptr(FbCall) call = fb_test_call ("shared-array", "{'values': <[int64 2, 3]>}");
  static const gint64 inputs[] = { 1, 2 };
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, inputs, 2);
  FbTaskRecord *bad = g_ptr_array_index (records, 1);

  g_assert_cmpint (((FbTaskRecord *) records->pdata[0])->value, ==, 9);
  g_assert_error (fb_task_record_get_error (bad), FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (fb_task_record_get_error (bad)->message, "outside the shared array of 2 values"));
}

static void
test_fault_in_thread (void)
{
  g_autoptr(FbPool) pool = fb_test_pool (FB_POOL_THREADS, 2);
  g_autoptr(FbCall) call = fb_test_call ("fault", "{'task': <3>, 'how': <'segv'>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 10);

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      if (i == 3)
        {
          g_assert_cmpint (record->status, ==, FB_TASK_FAILED);
          g_assert_error (fb_task_record_get_error (record), FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED);
          g_assert_nonnull (strstr (fb_task_record_get_error (record)->message, "SIGSEGV"));
          g_assert_nonnull (strstr (fb_task_record_get_error (record)->message, "whole program"));
        }
      else
        {
          g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
          g_assert_cmpint (record->value, ==, i);
        }
    }
}

static void
test_command (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  /* test(1) exits 0 when its input is greater than 2, 1 otherwise; "{}" is
   * replaced by the input, with no shell in between. */
  g_autoptr(FbCall) call = fb_test_call ("command", "{'argv': <['test', '{}', '-gt', '2']>}");
  g_autoptr(FbCall) echo = fb_test_call ("command", "{'argv': <['echo', 'x={}', '$HOME;']>}");
  g_autoptr(FbCall) missing = fb_test_call ("command", "{'argv': <['forkbench-no-such-program']>}");
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 5);
  g_autoptr(GPtrArray) echoed = fb_test_map_values (pool, echo, seed_list, 1);
  g_autoptr(GPtrArray) failed = fb_test_map_values (pool, missing, NULL, 1);
  static const gint64 expected[] = { 1, 1, 1, 0, 0 };
  FbTaskRecord *record;

  assert_values (records, expected, 5);

  record = g_ptr_array_index (echoed, 0);
  g_assert_cmpint (record->value, ==, 0);
  g_assert_cmpstr (fb_task_record_get_output (record), ==, "x=3 $HOME;\n");

  record = g_ptr_array_index (failed, 0);
  g_assert_error (fb_task_record_get_error (record), FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED);
  g_assert_nonnull (strstr (fb_task_record_get_error (record)->message, "forkbench-no-such-program"));

  /* Output is text, in both modes alike: bytes that are not UTF-8 and a
   * NUL become U+FFFD without cutting it short, and a program that prints
   * nothing leaves no output. */
  {
    g_autoptr(FbCall) binary = fb_test_call ("command", "{'argv': <['printf', 'a\\\\377b\\\\000c\\\\n']>}");
    g_autoptr(FbCall) silent = fb_test_call ("command", "{'argv': <['true']>}");
    g_autoptr(GPtrArray) binary_records = fb_test_map_values (pool, binary, NULL, 1);
    g_autoptr(GPtrArray) silent_records = fb_test_map_values (pool, silent, NULL, 1);

    record = g_ptr_array_index (binary_records, 0);
    g_assert_no_error (fb_task_record_get_error (record));
    g_assert_cmpstr (fb_task_record_get_output (record), ==, "a\uFFFDb\uFFFDc\n");
    record = g_ptr_array_index (silent_records, 0);
    g_assert_no_error (fb_task_record_get_error (record));
    g_assert_null (fb_task_record_get_output (record));
  }

  /* Shell syntax in a workload stays text: no shell reads it. */
  {
    g_autofree char *dir = g_dir_make_tmp ("forkbench-hostile-XXXXXX", NULL);
    g_autofree char *marker = g_build_filename (dir, "pwned", NULL);
    g_autofree char *params = g_strdup_printf ("{'argv': <['echo', '$(touch %s)', '`touch %s`', '; touch %s', "
                                               "'| touch %s', '&& touch %s', '{}', '> %s']>}",
                                               marker, marker, marker, marker, marker, marker);
    g_autoptr(FbCall) hostile = fb_test_call ("command", params);
    g_autoptr(GPtrArray) hostile_records = fb_test_map_values (pool, hostile, NULL, 2);
    g_autofree char *literal = g_strdup_printf ("$(touch %s) `touch %s` ; touch %s | touch %s && touch %s 1 > %s\n",
                                                marker, marker, marker, marker, marker, marker);

    record = g_ptr_array_index (hostile_records, 1);
    g_assert_no_error (fb_task_record_get_error (record));
    g_assert_cmpstr (fb_task_record_get_output (record), ==, literal);
    g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
    g_rmdir (dir);
  }
}

/* apply_async */

typedef struct
{
  guint     n_done;
  guint     n_failed;
  gint64    sum;
} SubmitState;

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  SubmitState *state = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbTaskRecord) record = fb_pool_submit_finish (FB_POOL (object), result, &error);

  state->n_done++;
  if (record == NULL)
    {
      g_assert_nonnull (error);
      state->n_failed++;
    }
  else
    {
      g_assert_no_error (error);
      state->sum += record->value;
    }
}

static void
test_submit (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 4);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  SubmitState state = { 0 };
  gint64 expected = 0;

  /* The seed's apply_async over range(10), and a thousand more. */
  for (gint64 i = 0; i < 1010; i++)
    {
      fb_pool_submit_async (pool, call, i, NULL, submit_cb, &state);
      expected += i * i;
    }

  while (state.n_done < 1010)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (state.n_failed, ==, 0);
  g_assert_cmpint (state.sum, ==, expected);
  g_assert_finalize_object (g_steal_pointer (&pool));
}

typedef struct
{
  gboolean      done;
  FbTaskRecord *record;
  GError       *error;
} OneResult;

static void
one_submit_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  OneResult *one = user_data;

  one->record = fb_pool_submit_finish (FB_POOL (object), result, &one->error);
  one->done = TRUE;
}

static void
test_submit_failure (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 1);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  OneResult one = { 0 };

  /* A failed task is an error from _finish, with the kernel's words. */
  fb_pool_submit_async (pool, call, -1, NULL, one_submit_cb, &one);
  fb_test_wait (&one.done);

  g_assert_null (one.record);
  g_assert_error (one.error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (one.error->message, "Input -1 is not a duration"));
  g_clear_error (&one.error);
}

static void
test_submit_cancelled (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 1);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  OneResult one = { 0 };

  fb_pool_submit_async (pool, call, 60000, cancellable, one_submit_cb, &one);
  g_cancellable_cancel (cancellable);
  fb_test_wait (&one.done);

  g_assert_null (one.record);
  g_assert_error (one.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&one.error);
}

/* Ordered and unordered streaming, checked with GtSignalLogger. */

/* The logger's next emission, which is @map's. */
static GtSignalLoggerEmission *
pop_map_emission (GtSignalLogger  *logger,
                  FbMap           *map,
                  char           **signal_name)
{
  g_autofree char *type_name = NULL;
  GtSignalLoggerEmission *emission = NULL;
  gpointer obj;

  g_assert_true (gt_signal_logger_pop_emission (logger, &obj, &type_name, signal_name, &emission));
  g_assert_true (obj == map);
  return emission;
}

static void
test_signals_ordered (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 3);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  /* Later tasks finish first, so order must be restored. */
  static const gint64 inputs_v[] = { 60, 40, 20, 0, 30, 10 };
  g_autoptr(FbInputs) inputs = fb_inputs_new_values (inputs_v, G_N_ELEMENTS (inputs_v));
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_ORDERED);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();

  gt_signal_logger_connect (logger, map, "task-finished");
  fb_map_run_async (map, NULL, NULL, NULL);

  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (inputs_v); i++)
    {
      FbTaskRecord *record = NULL;

      gt_signal_logger_assert_emission_pop (logger, map, "task-finished", &record);
      g_assert_nonnull (record);
      g_assert_cmpuint (record->index, ==, i);
      g_assert_cmpint (record->input, ==, inputs_v[i]);
      fb_task_record_unref (record);
    }
  gt_signal_logger_assert_no_emissions (logger);

  /* imap keeps nothing: memory is bounded by what is in flight. */
  g_assert_null (fb_map_get_records (map));
  g_assert_cmpuint (fb_map_get_n_done (map), ==, G_N_ELEMENTS (inputs_v));
}

static void
test_signals_unordered (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 3);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  static const gint64 inputs_v[] = { 200, 100, 0 };
  g_autoptr(FbInputs) inputs = fb_inputs_new_values (inputs_v, G_N_ELEMENTS (inputs_v));
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_NONE);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  guint64 last_done = 0;

  gt_signal_logger_connect (logger, map, "task-finished");
  gt_signal_logger_connect (logger, map, "progress");
  fb_map_run_async (map, NULL, NULL, NULL);

  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  /* imap_unordered: the shortest sleeper first, the longest last; progress
   * after each batch, never going back, ending at the total. */
  for (guint seen = 0; seen < G_N_ELEMENTS (inputs_v);)
    {
      g_autofree char *signal_name = NULL;
      g_autoptr(GtSignalLoggerEmission) emission = pop_map_emission (logger, map, &signal_name);

      if (g_str_equal (signal_name, "task-finished"))
        {
          FbTaskRecord *record = NULL;

          gt_signal_logger_emission_get_params (emission, &record);
          g_assert_cmpint (record->input, ==, inputs_v[G_N_ELEMENTS (inputs_v) - 1 - seen]);
          fb_task_record_unref (record);
          seen++;
        }
      else
        {
          guint64 n_done, n_failed;

          gt_signal_logger_emission_get_params (emission, &n_done, &n_failed);
          g_assert_cmpuint (n_done, >=, last_done);
          g_assert_cmpuint (n_done, <=, seen);
          g_assert_cmpuint (n_failed, ==, 0);
          last_done = n_done;
        }
    }

  /* Only progress may follow the last result, and it says all are done. */
  while (gt_signal_logger_get_n_emissions (logger) > 0)
    {
      guint64 n_done = 0, n_failed = 0;

      gt_signal_logger_assert_emission_pop (logger, map, "progress", &n_done, &n_failed);
      g_assert_cmpuint (n_done, ==, G_N_ELEMENTS (inputs_v));
      last_done = n_done;
    }
  g_assert_cmpuint (last_done, ==, G_N_ELEMENTS (inputs_v));
}

/* ::tasks-finished gives the tasks of ::task-finished a batch at a time,
 * each batch before the ::progress that counts it. */
static void
test_signals_batched (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 3);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (3000);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 7, FB_MAP_NONE);
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_task_record_unref);
  g_autofree gboolean *seen = g_new0 (gboolean, 3000);
  guint64 batched = 0;
  guint n_batches = 0;

  gt_signal_logger_connect (logger, map, "task-finished");
  gt_signal_logger_connect (logger, map, "tasks-finished");
  gt_signal_logger_connect (logger, map, "progress");
  fb_map_run_async (map, NULL, NULL, NULL);
  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  while (gt_signal_logger_get_n_emissions (logger) > 0)
    {
      g_autofree char *signal_name = NULL;
      g_autoptr(GtSignalLoggerEmission) emission = pop_map_emission (logger, map, &signal_name);

      if (g_str_equal (signal_name, "task-finished"))
        {
          FbTaskRecord *record = NULL;

          gt_signal_logger_emission_get_params (emission, &record);
          g_ptr_array_add (pending, record);
        }
      else if (g_str_equal (signal_name, "tasks-finished"))
        {
          g_autoptr(GPtrArray) batch = NULL;

          /* The same records, in the same order, each once. */
          gt_signal_logger_emission_get_params (emission, &batch);
          g_assert_cmpuint (batch->len, >, 0);
          g_assert_cmpuint (batch->len, ==, pending->len);
          for (guint i = 0; i < batch->len; i++)
            {
              FbTaskRecord *record = g_ptr_array_index (batch, i);

              g_assert_true (record == g_ptr_array_index (pending, i));
              g_assert_cmpint (record->value, ==, record->input * record->input);
              g_assert_false (seen[record->index]);
              seen[record->index] = TRUE;
            }
          batched += batch->len;
          n_batches++;
          g_ptr_array_set_size (pending, 0);
        }
      else
        {
          guint64 n_done = 0, n_failed = 0;

          /* Every task counted was in a batch first. */
          gt_signal_logger_emission_get_params (emission, &n_done, &n_failed);
          g_assert_cmpuint (pending->len, ==, 0);
          g_assert_cmpuint (n_done, ==, batched);
        }
    }

  g_assert_cmpuint (pending->len, ==, 0);
  g_assert_cmpuint (batched, ==, 3000);
  g_assert_cmpuint (fb_map_get_n_done (map), ==, 3000);
  /* Batches, not one emission per task. */
  g_assert_cmpuint (n_batches, <, 3000);
}

typedef struct
{
  GCancellable *cancellable;
  guint64       n;
} Batched;

/* Counts the tasks, and stops the map after its first batch. */
static void
count_then_cancel_cb (FbMap     *map,
                      GPtrArray *records,
                      Batched   *batched)
{
  batched->n += records->len;
  g_cancellable_cancel (batched->cancellable);
}

/* A map stopped part way still gives every task it delivered. */
static void
test_signals_batched_cancelled (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", NULL);
  g_autoptr(FbInputs) inputs = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FbMap) map = NULL;
  Batched batched = { cancellable, 0 };
  gint64 sleeps[400];

  for (guint i = 0; i < G_N_ELEMENTS (sleeps); i++)
    sleeps[i] = 2;
  inputs = fb_inputs_new_values (sleeps, G_N_ELEMENTS (sleeps));
  map = fb_map_new (pool, call, inputs, 1, FB_MAP_NONE);
  g_signal_connect (map, "tasks-finished", G_CALLBACK (count_then_cancel_cb), &batched);
  fb_map_run_async (map, cancellable, NULL, NULL);
  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  g_assert_true (g_cancellable_is_cancelled (cancellable));
  g_assert_cmpuint (fb_map_get_n_done (map), >, 0);
  g_assert_cmpuint (fb_map_get_n_done (map), <, G_N_ELEMENTS (sleeps));
  g_assert_cmpuint (batched.n, ==, fb_map_get_n_done (map));
}

/* A generator of ten million inputs: pulled only as workers free up. */

typedef struct
{
  gint64 next;
  gint64 end;
  gint64 max_ahead;
  FbMap *map;
} Generator;

static gboolean
generate (gpointer  user_data,
          gint64   *input)
{
  Generator *gen = user_data;
  gint64 ahead;

  if (gen->next >= gen->end)
    return FALSE;

  ahead = gen->next - (gint64) fb_map_get_n_done (gen->map);
  gen->max_ahead = MAX (gen->max_ahead, ahead);
  *input = gen->next++;
  return TRUE;
}

static void
test_generator_bounded (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  Generator gen = { 0, 2000000, 0, NULL };
  g_autoptr(FbInputs) inputs = fb_inputs_new_func (generate, &gen, NULL);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 500, FB_MAP_ORDERED);

  gen.map = map;
  fb_map_run_async (map, NULL, NULL, NULL);

  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (fb_map_get_n_succeeded (map), ==, 2000000);
  g_assert_cmpint (fb_map_get_n_total (map), ==, -1);
  /* Never more than the window ahead of what was delivered. */
  g_assert_cmpint (gen.max_ahead, <=, 1 << 18);
  g_assert_cmpint (gen.max_ahead, >, 0);
}

static void
test_inputs_reused (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  static const gint64 values[] = { 3, 4, 5 };
  g_autoptr(FbInputs) inputs = fb_inputs_new_values (values, 3);

  /* A list of inputs can feed one map after another, as in a comparison. */
  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbMap) map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS, 0, NULL, &error);
      GPtrArray *records = fb_map_get_records (map);

      g_assert_no_error (error);
      g_assert_cmpuint (records->len, ==, 3);
      g_assert_cmpint (((FbTaskRecord *) records->pdata[2])->value, ==, 25);
    }
}

static void
test_empty_map (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(GPtrArray) records = fb_test_map_values (pool, call, NULL, 0);

  g_assert_cmpuint (records->len, ==, 0);
}

static void
test_concurrent_maps (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) square = fb_test_call ("square", NULL);
  g_autoptr(FbCall) print = fb_test_call ("print", NULL);
  g_autoptr(FbInputs) a_inputs = fb_inputs_new_range (5000);
  g_autoptr(FbInputs) b_inputs = fb_inputs_new_range (3000);
  g_autoptr(FbMap) a = fb_map_new (pool, square, a_inputs, 7, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS);
  g_autoptr(FbMap) b = fb_map_new (pool, print, b_inputs, 3, FB_MAP_KEEP_RECORDS);

  fb_map_run_async (a, NULL, NULL, NULL);
  fb_map_run_async (b, NULL, NULL, NULL);
  while (fb_map_is_running (a) || fb_map_is_running (b))
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (fb_map_get_n_succeeded (a), ==, 5000);
  g_assert_cmpuint (fb_map_get_n_succeeded (b), ==, 3000);
  for (guint i = 0; i < 5000; i++)
    g_assert_cmpint (((FbTaskRecord *) fb_map_get_records (a)->pdata[i])->value, ==, (gint64) i * i);
  for (guint i = 0; i < 3000; i++)
    {
      FbTaskRecord *record = fb_map_get_records (b)->pdata[i];
      g_autofree char *expected = g_strdup_printf ("Number: %u\n", i);

      g_assert_cmpuint (record->index, ==, i);
      g_assert_cmpstr (fb_task_record_get_output (record), ==, expected);
    }
}

static void
test_close_join (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", "{'ms': <20>}");
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (6);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(FbMap) late = NULL;
  g_autoptr(GArray) workers = NULL;

  fb_map_run_async (map, NULL, NULL, NULL);
  fb_test_join (pool);

  /* Join waited for what was queued. */
  g_assert_false (fb_map_is_running (map));
  g_assert_cmpuint (fb_map_get_n_succeeded (map), ==, 6);
  workers = fb_pool_list_workers (pool);
  g_assert_cmpuint (workers->len, ==, 0);

  /* A closed pool takes no more work, and says so. */
  late = fb_test_run_map (pool, call, inputs, 1, FB_MAP_NONE, 0, NULL, &error);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_CLOSED);

  g_assert_finalize_object (g_steal_pointer (&late));
  g_assert_finalize_object (g_steal_pointer (&map));
  g_assert_finalize_object (g_steal_pointer (&pool));
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
cancel_on_first_cb (FbMap        *map,
                    FbTaskRecord *record,
                    GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

/* A map cancelled by a handler of its own signal, while the pool is
 * handing out work, stops: no more of it is pulled. */
static void
test_cancel_from_handler (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (100000);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_signal_connect (map, "task-finished", G_CALLBACK (cancel_on_first_cb), cancellable);
  fb_map_run_async (map, cancellable, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (fb_map_run_finish (map, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (fb_map_get_n_done (map), >, 0);
  g_assert_cmpuint (fb_map_get_n_done (map), <, 100000);
}

static void
test_join_unclosed (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 1);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fb_pool_join_async (pool, NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (fb_pool_join_finish (pool, result, &error));
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Close the pool before joining it");
}

static void
test_terminate (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", "{'ms': <10000>}");
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (4);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_NONE);
  g_autoptr(GArray) workers = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  fb_map_run_async (map, NULL, store_result_cb, &result);
  /* Let the tasks start. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  fb_pool_terminate (pool);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (fb_map_run_finish (map, result, &error));
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_TERMINATED);
  g_assert_cmpuint (fb_map_get_n_succeeded (map), ==, 0);
  workers = fb_pool_list_workers (pool);
  g_assert_cmpuint (workers->len, ==, 0);
  if (kind_of (data) == FB_POOL_PROCESSES)
    g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
}

/* A worker that took several tasks at once stops all of them, not only
 * the one it is running. */
static void
test_terminate_chunked (gconstpointer data)
{
  g_autoptr(FbPool) pool = fb_test_pool (kind_of (data), 2);
  g_autoptr(FbCall) call = fb_test_call ("sleep", "{'ms': <10000>}");
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (4);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 2, FB_MAP_NONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  gint64 start;

  fb_map_run_async (map, NULL, store_result_cb, &result);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  start = g_get_monotonic_time ();
  fb_pool_terminate (pool);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  /* Well before the second task of a chunk would have slept its time. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_assert_false (fb_map_run_finish (map, result, &error));
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_TERMINATED);
  g_assert_cmpuint (fb_map_get_n_succeeded (map), ==, 0);
}

/* What few tasks have is kept beside their records: a record with none
 * reads NULL, one with some keeps it as long as it is held, and setting it
 * again replaces it. */
static void
test_record_details (void)
{
  FbTaskRecord *block = fb_task_record_block_new (4);
  FbTaskRecord *kept;

  for (guint i = 0; i < 4; i++)
    fb_task_record_block_init (block, i, i, (gint64) i * 10, 1);
  fb_task_record_block_finish (block, 4);

  g_assert_null (fb_task_record_get_output (&block[2]));
  fb_task_record_take_output (&block[2], g_strdup ("first"));
  fb_task_record_take_output (&block[2], g_strdup ("Number: 20\n"));
  fb_task_record_take_error (&block[2], g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT, "too slow"));
  fb_task_record_take_traceback (&block[3], g_strdup ("Traceback (most recent call last):\n"));
  fb_task_record_take_value_json (&block[0], g_strdup ("[1, 2]"));
  fb_task_record_take_error (&block[1], NULL);

  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpuint (block[i].index, ==, i);
      g_assert_cmpint (block[i].input, ==, (gint64) i * 10);
      g_assert_cmpint (block[i].cpu, ==, -1);
    }
  g_assert_cmpstr (fb_task_record_get_value_json (&block[0]), ==, "[1, 2]");
  g_assert_null (fb_task_record_get_output (&block[0]));
  g_assert_null (fb_task_record_get_error (&block[1]));
  g_assert_null (fb_task_record_get_output (&block[1]));
  g_assert_cmpstr (fb_task_record_get_output (&block[2]), ==, "Number: 20\n");
  g_assert_error (fb_task_record_get_error (&block[2]), FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT);
  g_assert_null (fb_task_record_get_traceback (&block[2]));
  g_assert_cmpstr (fb_task_record_get_traceback (&block[3]), ==, "Traceback (most recent call last):\n");

  /* Dropping the unit's references keeps the record held, and its details. */
  kept = fb_task_record_ref (&block[2]);
  fb_task_record_release (block, 4);
  g_assert_cmpstr (fb_task_record_get_output (kept), ==, "Number: 20\n");
  g_assert_cmpstr (fb_task_record_get_value_json (kept - 2), ==, "[1, 2]");
  fb_task_record_unref (kept);

  /* A record made on its own is a block of one. */
  kept = fb_task_record_new (7, 70);
  g_assert_null (fb_task_record_get_error (kept));
  fb_task_record_take_error (kept, g_error_new_literal (FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED, "gone"));
  fb_task_record_ref (kept);
  fb_task_record_unref (kept);
  g_assert_cmpuint (kept->index, ==, 7);
  g_assert_error (fb_task_record_get_error (kept), FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED);
  fb_task_record_unref (kept);
}

#define N_FILLERS 8
#define PER_FILLER 2000

typedef struct
{
  FbTaskRecord *block;
  guint         first;
  gint         *n_ready;
} Filler;

static gpointer
fill_outputs (gpointer data)
{
  Filler *filler = data;

  /* All start together, so that they race for the block's first details. */
  g_atomic_int_inc (filler->n_ready);
  while (g_atomic_int_get (filler->n_ready) < N_FILLERS)
    g_thread_yield ();

  for (guint i = filler->first; i < N_FILLERS * PER_FILLER; i += N_FILLERS)
    fb_task_record_take_output (&filler->block[i], g_strdup_printf ("%u", i));
  return NULL;
}

/* The records of one block can be filled from several threads at once (a
 * worker thread, and the pool failing a task): none of their details is
 * lost. */
static void
test_record_details_threads (void)
{
  FbTaskRecord *block = fb_task_record_block_new (N_FILLERS * PER_FILLER);
  Filler fillers[N_FILLERS];
  GThread *threads[N_FILLERS];
  gint n_ready = 0;

  for (guint i = 0; i < N_FILLERS * PER_FILLER; i++)
    fb_task_record_block_init (block, i, i, (gint64) i, 1);
  fb_task_record_block_finish (block, N_FILLERS * PER_FILLER);

  for (guint t = 0; t < N_FILLERS; t++)
    {
      fillers[t] = (Filler) { block, t, &n_ready };
      threads[t] = g_thread_new ("filler", fill_outputs, &fillers[t]);
    }
  for (guint t = 0; t < N_FILLERS; t++)
    g_thread_join (threads[t]);

  for (guint i = 0; i < N_FILLERS * PER_FILLER; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%u", i);

      g_assert_cmpstr (fb_task_record_get_output (&block[i]), ==, expected);
    }
  fb_task_record_release (block, N_FILLERS * PER_FILLER);
}

static void
add_both (const char     *name,
          GTestDataFunc   func)
{
  g_autofree char *processes = g_strdup_printf ("/Forkbench/Pool/processes/%s", name);
  g_autofree char *threads = g_strdup_printf ("/Forkbench/Pool/threads/%s", name);

  g_test_add_data_func (processes, GINT_TO_POINTER (FB_POOL_PROCESSES), func);
  g_test_add_data_func (threads, GINT_TO_POINTER (FB_POOL_THREADS), func);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Record/details", test_record_details);
  g_test_add_func ("/Forkbench/Record/details-threads", test_record_details_threads);
  add_both ("square-range", test_square_range);
  add_both ("square-seed-list", test_square_seed_list);
  add_both ("square-chunked", test_square_chunked);
  add_both ("square-overflow", test_square_overflow);
  add_both ("primes", test_primes);
  add_both ("spin", test_spin);
  add_both ("sleep-overlaps", test_sleep_overlaps);
  add_both ("sleep-bad-input", test_sleep_bad_input);
  add_both ("gil", test_gil);
  add_both ("memory", test_memory);
  add_both ("io", test_io);
  add_both ("echo", test_echo);
  add_both ("print", test_print);
  add_both ("shared-array", test_shared_array);
  add_both ("shared-array-bad-index", test_shared_array_bad_index);
  add_both ("command", test_command);
  add_both ("submit", test_submit);
  add_both ("submit-failure", test_submit_failure);
  add_both ("submit-cancelled", test_submit_cancelled);
  add_both ("signals-ordered", test_signals_ordered);
  add_both ("signals-unordered", test_signals_unordered);
  add_both ("signals-batched", test_signals_batched);
  add_both ("cancel-from-handler", test_cancel_from_handler);
  add_both ("signals-batched-cancelled", test_signals_batched_cancelled);
  add_both ("generator-bounded", test_generator_bounded);
  add_both ("empty-map", test_empty_map);
  add_both ("inputs-reused", test_inputs_reused);
  add_both ("concurrent-maps", test_concurrent_maps);
  add_both ("close-join", test_close_join);
  add_both ("join-unclosed", test_join_unclosed);
  add_both ("terminate", test_terminate);
  add_both ("terminate-chunked", test_terminate_chunked);
  g_test_add_func ("/Forkbench/Pool/threads/fault", test_fault_in_thread);

  return g_test_run ();
}
