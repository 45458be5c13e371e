/* compare.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The engine's API in one small program: Python's
 *
 *     with Pool(5) as pool:
 *         print(pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8]))
 *
 * in a process pool and in a thread pool, then the lesson of the
 * interpreter lock: CPU-bound work that holds one lock per process scales
 * with processes and not with threads. Every figure comes from the tasks'
 * own records.
 */

#include "config.h"

#include <stdlib.h>

#include "fb-engine.h"

typedef struct
{
  gboolean  done;
  GError   *error;
} Wait;

static void
map_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  fb_map_run_finish (FB_MAP (object), result, &wait->error);
  wait->done = TRUE;
}

static FbMap *
run_map (FbPoolKind  kind,
         guint       n_workers,
         FbCall     *call,
         FbInputs   *inputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPool) pool = fb_pool_new (kind, n_workers, &error);
  g_autoptr(FbMap) map = NULL;
  Wait wait = { 0 };

  if (pool == NULL)
    {
      g_printerr ("Could not start a pool: %s\n", error->message);
      exit (EXIT_FAILURE);
    }

  map = fb_map_new (pool, call, inputs, 1, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS);
  fb_map_run_async (map, NULL, map_done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);

  if (wait.error != NULL)
    {
      g_printerr ("The map failed: %s\n", wait.error->message);
      exit (EXIT_FAILURE);
    }

  return g_steal_pointer (&map);
}

/* Wall time of a run, from the first start to the last finish. */
static double
wall_seconds (GPtrArray *records)
{
  gint64 first = G_MAXINT64, last = 0;

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      first = MIN (first, record->queued_us);
      last = MAX (last, record->finished_us);
    }

  return (last - first) / 1e6;
}

static double
cpu_seconds (GPtrArray *records)
{
  gint64 sum = 0;

  for (guint i = 0; i < records->len; i++)
    sum += ((FbTaskRecord *) g_ptr_array_index (records, i))->cpu_us;

  return sum / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  static const gint64 seed[] = { 3, 4, 5, 6, 6, 7, 87, 8, 8 };
  static const FbPoolKind kinds[] = { FB_POOL_PROCESSES, FB_POOL_THREADS };
  guint n_cores = g_get_num_processors ();
  g_autoptr(FbInputs) seed_inputs = fb_inputs_new_values (seed, G_N_ELEMENTS (seed));
  g_autoptr(FbCall) square = fb_call_new ("square", NULL, NULL);
  g_autoptr(FbCall) gil = NULL;
  g_autoptr(FbInputs) gil_inputs = fb_inputs_new_range (4 * MAX (n_cores, 2));
  double wall[2];

  g_print ("pool.map(square, [3, 4, 5, 6, 6, 7, 87, 8, 8]) with 5 workers\n");
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(FbMap) map = run_map (kinds[k], 5, square, seed_inputs);
      GPtrArray *records = fb_map_get_records (map);
      g_autoptr(GString) line = g_string_new ("[");

      for (guint i = 0; i < records->len; i++)
        g_string_append_printf (line, "%s%" G_GINT64_FORMAT, i ? ", " : "",
                                ((FbTaskRecord *) g_ptr_array_index (records, i))->value);
      g_string_append (line, "]");
      g_print ("  %-9s %s\n", fb_pool_kind_to_string (kinds[k]), line->str);
    }

  gil = fb_call_new ("gil", g_variant_new_parsed ("{'ms': <int64 100>}"), NULL);
  g_print ("\nCPU-bound work holding an interpreter lock, as CPython does:\n"
           "%u tasks of 100 ms on %u workers (%u cores)\n",
           (guint) fb_inputs_get_length (gil_inputs), MAX (n_cores, 2), n_cores);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(FbInputs) inputs = fb_inputs_new_range (fb_inputs_get_length (gil_inputs));
      g_autoptr(FbMap) map = run_map (kinds[k], MAX (n_cores, 2), gil, inputs);
      GPtrArray *records = fb_map_get_records (map);

      wall[k] = wall_seconds (records);
      g_print ("  %-9s %.2f s wall, %.2f s of CPU: %.2f cores busy\n",
               fb_pool_kind_to_string (kinds[k]), wall[k], cpu_seconds (records),
               cpu_seconds (records) / wall[k]);
    }

  if (wall[0] < wall[1])
    g_print ("\nProcesses finished %.1f times sooner than threads: each process has its own "
             "lock, while the threads took turns holding one.\n", wall[1] / wall[0]);
  else
    g_print ("\nThreads finished as soon as processes: with one core, there was nothing to "
             "run side by side.\n");

  return EXIT_SUCCESS;
}
