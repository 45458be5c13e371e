/* bench-python.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The python kernel's map through FbPool, as benchmarks/python-overhead.py
 * compares it with multiprocessing.Pool.map: the pool is started and its
 * interpreters are ready before the clock starts, as Pool.map is timed on
 * a started pool, and every task's record is kept in order, as a run keeps
 * them. Prints the median wall time of --repeat maps as JSON, with the
 * median CPU time the pool's own process took for them.
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "fb-engine.h"

static char *file;
static char *function;
static char *interpreter;
static char *kind_name = (char *) "processes";
static gint64 n_tasks = 100000;
static gint chunksize = 1;
static gint n_workers = 2;
static gint repeat = 3;

static void
ready_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean *ready = user_data;

  if (!fb_pool_wait_ready_finish (FB_POOL (object), result, &error))
    g_error ("The interpreters did not start: %s", error->message);
  *ready = TRUE;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / (double) G_USEC_PER_SEC;
}

static double
map_once (FbCall     *call,
          FbPoolKind  kind,
          double     *cpu)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPool) pool = fb_pool_new_for_call (kind, (guint) n_workers, call, &error);
  g_autoptr(FbInputs) inputs = fb_inputs_new_range ((guint64) n_tasks);
  g_autoptr(FbMap) map = NULL;
  gboolean ready = FALSE;
  gint64 start;
  double wall;

  if (pool == NULL)
    g_error ("%s", error->message);

  fb_pool_wait_ready_async (pool, NULL, ready_cb, &ready);
  while (!ready)
    g_main_context_iteration (NULL, TRUE);

  map = fb_map_new (pool, call, inputs, (guint) chunksize, FB_MAP_ORDERED | FB_MAP_KEEP_RECORDS);
  start = g_get_monotonic_time ();
  *cpu = cpu_seconds ();
  fb_map_run_async (map, NULL, NULL, NULL);
  while (fb_map_is_running (map))
    g_main_context_iteration (NULL, TRUE);
  wall = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  *cpu = cpu_seconds () - *cpu;

  if (fb_map_get_n_succeeded (map) != (guint64) n_tasks)
    g_error ("The map lost tasks");

  fb_pool_terminate (pool);
  return wall;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "file", 0, 0, G_OPTION_ARG_FILENAME, &file, "The Python file", "FILE" },
    { "function", 0, 0, G_OPTION_ARG_STRING, &function, "The function", "NAME" },
    { "interpreter", 0, 0, G_OPTION_ARG_FILENAME, &interpreter, "The interpreter (default python3)", "PATH" },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_name, "processes or threads", "KIND" },
    { "tasks", 0, 0, G_OPTION_ARG_INT64, &n_tasks, "How many tasks", "N" },
    { "chunksize", 0, 0, G_OPTION_ARG_INT, &chunksize, "The chunk size", "N" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &n_workers, "How many workers", "N" },
    { "repeat", 0, 0, G_OPTION_ARG_INT, &repeat, "How many maps; the median is printed", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the python kernel's map");
  g_autoptr(GError) error = NULL;
  g_autoptr(FbCall) call = NULL;
  g_autoptr(FbPythonInfo) info = NULL;
  g_auto(GVariantBuilder) params = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GArray) walls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpus = g_array_new (FALSE, FALSE, sizeof (double));
  FbPoolKind kind;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (file == NULL || function == NULL || n_tasks < 1 || chunksize < 1 || n_workers < 1 || repeat < 1)
    g_error ("--file and --function are required; counts must be positive");
  kind = g_str_equal (kind_name, "threads") ? FB_POOL_THREADS : FB_POOL_PROCESSES;

  g_variant_builder_add (&params, "{sv}", "file", g_variant_new_string (file));
  g_variant_builder_add (&params, "{sv}", "function", g_variant_new_string (function));
  if (interpreter != NULL)
    g_variant_builder_add (&params, "{sv}", "interpreter", g_variant_new_string (interpreter));
  if (!(call = fb_call_new ("python", g_variant_builder_end (&params), &error)) ||
      !(info = fb_python_check (call, &error)))
    g_error ("%s", error->message);

  for (gint i = 0; i < repeat; i++)
    {
      double cpu;
      double wall = map_once (call, kind, &cpu);

      g_array_append_val (walls, wall);
      g_array_append_val (cpus, cpu);
    }
  g_array_sort (walls, compare_doubles);
  g_array_sort (cpus, compare_doubles);

  printf ("{\"kind\": \"%s\", \"python\": \"%s\", \"workers\": %d, \"tasks\": %" G_GINT64_FORMAT
          ", \"chunksize\": %d, \"wall_s\": %.6f, \"parent_cpu_s\": %.6f}\n",
          kind == FB_POOL_THREADS ? "threads" : "processes", info->version, n_workers, n_tasks, chunksize,
          g_array_index (walls, double, walls->len / 2), g_array_index (cpus, double, cpus->len / 2));

  return EXIT_SUCCESS;
}
