/* test-soak.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A million tiny tasks through each kind of pool: every one delivered, and
 * the memory of the process that owns the pool bounded by what is in
 * flight, not by how many tasks went through. Not under valgrind, which
 * would take an hour: the engine's other tests are.
 */

#include "config.h"

#include "fb-test-util.h"

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

#define N_TASKS    1000000
#define CHECKPOINT 100000

typedef struct
{
  gint64  rss_at_checkpoint;
  guint64 n_done;
  guint64 n_failed;
} Soak;

static void
progress_cb (FbMap   *map,
             guint64  n_done,
             guint64  n_failed,
             Soak    *soak)
{
  if (soak->rss_at_checkpoint == 0 && n_done >= CHECKPOINT)
    soak->rss_at_checkpoint = fb_test_resident_bytes ();
  soak->n_done = n_done;
  soak->n_failed = n_failed;
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_map_run_finish (FB_MAP (object), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_soak (gconstpointer data)
{
  FbPoolKind kind = GPOINTER_TO_INT (data);
  g_autoptr(FbPool) pool = fb_test_pool (kind, 2);
  g_autoptr(FbCall) call = fb_test_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (N_TASKS);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_ORDERED);
  Soak soak = { 0 };
  gboolean done = FALSE;
  gint64 rss_at_end;

  g_signal_connect (map, "progress", G_CALLBACK (progress_cb), &soak);
  fb_map_run_async (map, NULL, run_cb, &done);
  fb_test_wait (&done);
  rss_at_end = fb_test_resident_bytes ();

  /* Every task delivered... */
  g_assert_cmpuint (soak.n_done, ==, N_TASKS);
  g_assert_cmpuint (soak.n_failed, ==, 0);
  g_assert_cmpuint (fb_map_get_n_done (map), ==, N_TASKS);

  /* ...and the 900,000 after the first 100,000 cost no memory to speak of:
   * the pool holds what is in flight, not what went through. */
  g_test_message ("%s: resident memory %.1f MiB after %d tasks, %.1f MiB after %d",
                  kind == FB_POOL_PROCESSES ? "processes" : "threads",
                  soak.rss_at_checkpoint / 1048576.0, CHECKPOINT, rss_at_end / 1048576.0, N_TASKS);
  g_assert_cmpint (soak.rss_at_checkpoint, >, 0);
#ifdef UNDER_ASAN
  /* AddressSanitizer keeps freed memory in quarantine, on purpose. */
  g_test_message ("memory not compared: AddressSanitizer holds freed memory back");
#else
  g_assert_cmpint (rss_at_end - soak.rss_at_checkpoint, <, 4 * 1024 * 1024);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/Forkbench/Soak/processes", GINT_TO_POINTER (FB_POOL_PROCESSES), test_soak);
  g_test_add_data_func ("/Forkbench/Soak/threads", GINT_TO_POINTER (FB_POOL_THREADS), test_soak);

  return g_test_run ();
}
