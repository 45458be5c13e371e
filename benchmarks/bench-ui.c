/* bench-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How responsive the window stays while a million tiny tasks run through
 * it: a timer asks the main loop for a turn every 16 ms (a frame), and
 * the gaps between its turns are what a user would feel as stutter. Not a
 * test: run it under Xvfb (tools/screenshots shows how) and read the
 * figures.
 */

#include "config.h"

#include <stdlib.h>

#include "fb-window.h"

typedef struct
{
  gint64  last;
  GArray *gaps;
} Ticks;

static gboolean
tick_cb (gpointer user_data)
{
  Ticks *ticks = user_data;
  gint64 now = g_get_monotonic_time ();

  if (ticks->last > 0)
    {
      gint64 gap = now - ticks->last;
      g_array_append_val (ticks->gaps, gap);
    }
  ticks->last = now;
  return G_SOURCE_CONTINUE;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("forkbench-bench-ui-XXXXXX", NULL);
  guint64 n_tasks = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : 1000000;
  g_autoptr(FbWorkload) workload = NULL;
  Ticks ticks = { 0, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  FbWindow *window;
  gint64 start, elapsed;
  guint n;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_init ();
  adw_init ();

  window = g_object_new (FB_TYPE_WINDOW, NULL);
  gtk_window_present (GTK_WINDOW (window));

  workload = fb_workload_new ();
  fb_workload_set_name (workload, "A million tiny tasks");
  fb_workload_set_kernel (workload, "square");
  fb_workload_set_tasks (workload, n_tasks);
  fb_workload_set_workers (workload, 2);
  fb_editor_view_set_workload (fb_window_get_editor (window), workload);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_timeout_add (16, tick_cb, &ticks);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  while (g_strcmp0 (fb_window_get_page (window), "results") != 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;

  g_array_sort (ticks.gaps, compare);
  n = ticks.gaps->len;
  g_print ("%" G_GUINT64_FORMAT " tasks in each mode, %.2f s in all; frame timer (16 ms) gaps: "
           "median %.1f ms, 99th %.1f ms, longest %.1f ms over %u frames\n",
           n_tasks, elapsed / 1e6,
           g_array_index (ticks.gaps, gint64, n / 2) / 1e3,
           g_array_index (ticks.gaps, gint64, n * 99 / 100) / 1e3,
           g_array_index (ticks.gaps, gint64, n - 1) / 1e3, n);

  gtk_window_destroy (GTK_WINDOW (window));
  return EXIT_SUCCESS;
}
