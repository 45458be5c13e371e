/* bench-pool.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures FbPool in both kinds, beside GThreadPool in the same run: tiny
 * task throughput (one task per submit, and maps with and without
 * chunking), pool start-up, and CPU-bound speedup at 1..N workers. Prints a
 * table, or with --json one object for benchmarks/run-benchmarks, which adds
 * Python's multiprocessing and prints the ratios. Not a test: the figures
 * depend on the machine and are only compared within one run.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fb-engine.h"

static gint64 n_submit = 200000;
static gint64 n_map = 2000000;
static gint64 n_map1 = 100000;
static guint repeat = 3;
static guint n_workers;
static gboolean quick;
static gboolean as_json;
static char **only;

static gboolean
only_has (const char *name)
{
  return only != NULL && g_strv_contains ((const char * const *) only, name);
}

/* --only names measurements, kinds, or both: what is not named is all. */
static gboolean
wanted (const char *name)
{
  static const char * const kinds[] = { "processes", "threads", NULL };
  gboolean is_kind = g_strv_contains (kinds, name);
  gboolean any_named = FALSE;

  if (only == NULL)
    return TRUE;

  for (guint i = 0; only[i]; i++)
    if (g_strv_contains (kinds, only[i]) == is_kind)
      any_named = TRUE;

  return !any_named || only_has (name);
}

static double
now_s (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static FbPool *
make_pool (FbPoolKind kind,
           guint      workers)
{
  g_autoptr(GError) error = NULL;
  FbPool *pool = fb_pool_new (kind, workers, &error);

  if (pool == NULL)
    g_error ("%s", error->message);
  return pool;
}

static FbCall *
make_call (const char *kernel,
           const char *params)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) variant = params ? g_variant_parse (NULL, params, NULL, NULL, &error) : NULL;
  FbCall *call = fb_call_new (kernel, variant, &error);

  if (call == NULL)
    g_error ("%s", error->message);
  return call;
}

static void
submit_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(FbTaskRecord) record = fb_pool_submit_finish (FB_POOL (object), result, NULL);
  gint64 *left = user_data;

  if (record == NULL)
    g_error ("a submitted task failed");
  (*left)--;
}

/* apply_async: N submits, then wait for all of them. */
static double
bench_submit (FbPoolKind kind)
{
  g_autoptr(FbPool) pool = make_pool (kind, n_workers);
  g_autoptr(FbCall) call = make_call ("square", NULL);
  gint64 left = n_submit;
  double start;

  start = now_s ();
  for (gint64 i = 0; i < n_submit; i++)
    fb_pool_submit_async (pool, call, i, NULL, submit_cb, &left);
  while (left > 0)
    g_main_context_iteration (NULL, TRUE);

  return n_submit / (now_s () - start);
}

static double
bench_map (FbPoolKind kind,
           gint64     n,
           guint      chunksize,
           FbMapFlags flags)
{
  g_autoptr(FbPool) pool = make_pool (kind, n_workers);
  g_autoptr(FbCall) call = make_call ("square", NULL);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (n);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, chunksize, flags);
  double start = now_s ();

  fb_map_run_async (map, NULL, NULL, NULL);
  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  if (fb_map_get_n_succeeded (map) != (guint64) n)
    g_error ("the map lost tasks");

  return n / (now_s () - start);
}

static void
startup_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(FbTaskRecord) record = fb_pool_submit_finish (FB_POOL (object), result, NULL);

  *(gboolean *) user_data = TRUE;
}

/* From nothing to the first result back. */
static double
bench_startup (FbPoolKind kind)
{
  g_autoptr(FbCall) call = make_call ("square", NULL);
  double start = now_s ();
  g_autoptr(FbPool) pool = make_pool (kind, n_workers);
  gboolean done = FALSE;
  double elapsed;

  fb_pool_submit_async (pool, call, 1, NULL, startup_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = now_s () - start;

  return elapsed;
}

static double
bench_cpu (FbPoolKind kind,
           guint      workers)
{
  g_autoptr(FbPool) pool = make_pool (kind, workers);
  g_autoptr(FbCall) call = make_call ("spin", quick ? "{'ms': <10>}" : "{'ms': <50>}");
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (8 * n_workers);
  g_autoptr(FbMap) map = fb_map_new (pool, call, inputs, 1, FB_MAP_NONE);
  double start = now_s ();

  fb_map_run_async (map, NULL, NULL, NULL);
  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);

  return now_s () - start;
}

/* The anchors in C: GThreadPool, pushing and draining, with and without a
 * main-loop wake-up per result. */

typedef struct
{
  gint64  left;
  GMutex  lock;
  GCond   cond;
  gboolean idle_per_result;
} Raw;

static gboolean
idle_result_cb (gpointer user_data)
{
  Raw *raw = user_data;

  raw->left--;
  return G_SOURCE_REMOVE;
}

static void
raw_square (gpointer data,
            gpointer user_data)
{
  Raw *raw = user_data;
  gint64 x = GPOINTER_TO_SIZE (data);
  volatile gint64 y = x * x;

  (void) y;
  if (raw->idle_per_result)
    g_idle_add (idle_result_cb, raw);
  else
    {
      g_mutex_lock (&raw->lock);
      if (--raw->left == 0)
        g_cond_signal (&raw->cond);
      g_mutex_unlock (&raw->lock);
    }
}

static double
bench_gthreadpool (gboolean idle_per_result)
{
  Raw raw = { n_submit, { 0 }, { 0 }, idle_per_result };
  GThreadPool *pool = g_thread_pool_new (raw_square, &raw, n_workers, TRUE, NULL);
  double start = now_s ();

  g_mutex_init (&raw.lock);
  g_cond_init (&raw.cond);

  for (gint64 i = 0; i < n_submit; i++)
    g_thread_pool_push (pool, GSIZE_TO_POINTER (i + 1), NULL);

  if (idle_per_result)
    while (raw.left > 0)
      g_main_context_iteration (NULL, TRUE);
  else
    {
      g_mutex_lock (&raw.lock);
      while (raw.left > 0)
        g_cond_wait (&raw.cond, &raw.lock);
      g_mutex_unlock (&raw.lock);
    }

  start = now_s () - start;
  g_thread_pool_free (pool, FALSE, TRUE);
  g_mutex_clear (&raw.lock);
  g_cond_clear (&raw.cond);

  return n_submit / start;
}

/* What one measurement needs; each bench_ function reads its part. */
typedef struct
{
  FbPoolKind kind;
  gint64     n;
  guint      chunksize;
  FbMapFlags flags;
  guint      workers;
  gboolean   idle_per_result;
} Args;

typedef double (*Measure) (const Args *args);

static double measure_submit (const Args *a) { return bench_submit (a->kind); }
static double measure_map (const Args *a) { return bench_map (a->kind, a->n, a->chunksize, a->flags); }
static double measure_startup (const Args *a) { return bench_startup (a->kind); }
static double measure_cpu (const Args *a) { return bench_cpu (a->kind, a->workers); }
static double measure_raw (const Args *a) { return bench_gthreadpool (a->idle_per_result); }

static double
median_of (Measure  measure,
           Args     args)
{
  g_autofree double *values = g_new (double, repeat);

  for (guint i = 0; i < repeat; i++)
    values[i] = measure (&args);
  return median (values, repeat);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) json = g_string_new ("{\n");
  gint workers_opt = 0;
  gint repeat_opt = 0;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, "Print one JSON object", NULL },
    { "quick", 0, 0, G_OPTION_ARG_NONE, &quick, "A tenth of the work, for a smoke run", NULL },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers_opt, "Workers (default: the cores)", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat_opt, "Runs of each measurement (median)", "R" },
    { "only", 0, 0, G_OPTION_ARG_STRING_ARRAY, &only,
      "Only this measurement (submit, map1, map, imap, startup, cpu, gthreadpool, processes, threads); repeatable",
      "NAME" },
    { NULL }
  };
  const FbPoolKind kinds[] = { FB_POOL_PROCESSES, FB_POOL_THREADS };

  context = g_option_context_new ("- measure FbPool beside GThreadPool");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  n_workers = workers_opt > 0 ? (guint) workers_opt : g_get_num_processors ();
  if (repeat_opt > 0)
    repeat = (guint) repeat_opt;
  if (quick)
    {
      n_submit /= 10;
      n_map /= 10;
      n_map1 /= 10;
      repeat = MIN (repeat, 3);
    }

  g_string_append_printf (json, "  \"workers\": %u,\n  \"repeat\": %u,\n", n_workers, repeat);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      const char *name = fb_pool_kind_to_string (kinds[k]);
      double submit, map1, map_chunked, imap_unordered, startup;
      double t1 = 0;

      if (!wanted (name))
        continue;

      const FbMapFlags keep = FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS;

      submit = wanted ("submit") ? median_of (measure_submit, (Args) { kinds[k] }) : 0;
      map1 = wanted ("map1") ? median_of (measure_map, (Args) { kinds[k], n_map1, 1, keep }) : 0;
      map_chunked = wanted ("map") ? median_of (measure_map, (Args) { kinds[k], n_map, 10000, keep }) : 0;
      imap_unordered = wanted ("imap") ? median_of (measure_map, (Args) { kinds[k], n_map, 10000, FB_MAP_NONE }) : 0;
      startup = wanted ("startup") ? median_of (measure_startup, (Args) { kinds[k] }) : 0;

      g_string_append_printf (json,
                              "  \"%s\": {\n"
                              "    \"submit_tps\": %.1f,\n"
                              "    \"map_chunk1_tps\": %.1f,\n"
                              "    \"map_chunked_tps\": %.1f,\n"
                              "    \"imap_unordered_chunked_tps\": %.1f,\n"
                              "    \"startup_s\": %.6f,\n"
                              "    \"cpu_speedup\": [",
                              name, submit, map1, map_chunked, imap_unordered, startup);

      if (!as_json)
        {
          g_print ("%s (%u workers)\n", name, n_workers);
          if (submit > 0)
            g_print ("  one task per submit       %12.0f tasks/s\n", submit);
          if (map1 > 0)
            g_print ("  map, chunksize 1          %12.0f tasks/s\n", map1);
          if (map_chunked > 0)
            g_print ("  map, chunksize 10000      %12.0f tasks/s\n", map_chunked);
          if (imap_unordered > 0)
            g_print ("  imap_unordered, 10000     %12.0f tasks/s\n", imap_unordered);
          if (startup > 0)
            g_print ("  start-up to first result  %12.2f ms\n", startup * 1000);
        }

      for (guint w = 1; w <= n_workers && wanted ("cpu"); w++)
        {
          double wall = median_of (measure_cpu, (Args) { .kind = kinds[k], .workers = w });
          double speedup;

          if (w == 1)
            t1 = wall;
          speedup = t1 / wall;
          g_string_append_printf (json, "%s{\"workers\": %u, \"wall_s\": %.4f, \"speedup\": %.3f, \"efficiency\": %.3f}",
                                  w > 1 ? ", " : "", w, wall, speedup, speedup / w);
          if (!as_json)
            g_print ("  CPU-bound, %2u workers     %12.3f s   speedup %.2f, efficiency %.2f\n",
                     w, wall, speedup, speedup / w);
        }

      g_string_append (json, "]\n  },\n");
    }

  {
    double raw = wanted ("gthreadpool") ? median_of (measure_raw, (Args) { .idle_per_result = FALSE }) : 0;
    double idle = wanted ("gthreadpool") ? median_of (measure_raw, (Args) { .idle_per_result = TRUE }) : 0;

    g_string_append_printf (json,
                            "  \"gthreadpool_push_drain_tps\": %.1f,\n"
                            "  \"gthreadpool_idle_per_result_tps\": %.1f\n}\n",
                            raw, idle);
    if (!as_json && raw > 0)
      {
        g_print ("GThreadPool (%u threads)\n", n_workers);
        g_print ("  push and drain            %12.0f tasks/s\n", raw);
        g_print ("  g_idle_add per result     %12.0f tasks/s\n", idle);
      }
  }

  if (as_json)
    g_print ("%s", json->str);

  return 0;
}
