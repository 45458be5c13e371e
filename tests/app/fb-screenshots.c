/* fb-screenshots.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Puts the app in its main states and has a screenshot taken of each:
 * the library and the lesson, the editor with an error, a live run, and
 * the results, the preferences, a sweep, the history and two runs
 * compared. Run by tools/screenshots under Xvfb; the pictures are the ones
 * the metainfo shows.
 */

#include "config.h"

#include "fb-window.h"

#if defined (HAVE_XLIB) && defined (GDK_WINDOWING_X11)
#include <gdk/x11/gdkx.h>
#endif

static void
settle (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static void
shoot_cropped (const char *dir,
               const char *name,
               const char *crop)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "import", "-window", "root", crop ? "-crop" : path, crop, path, NULL };
  int status = 0;

  settle (300);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("Could not take %s: %s", path, error->message);
  g_print ("%s\n", path);
}

static void
shoot (const char *dir,
       const char *name)
{
  shoot_cropped (dir, name, NULL);
}

static GtkWidget *
find_row_titled (GtkWidget  *root,
                 const char *title)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (ADW_IS_PREFERENCES_ROW (child) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), title) == 0)
        return child;
      if ((found = find_row_titled (child, title)))
        return found;
    }

  return NULL;
}

/* The pointer rests in a corner: a tooltip would hide what it points at. */
static void
park_pointer (GtkWidget *window)
{
#if defined (HAVE_XLIB) && defined (GDK_WINDOWING_X11)
  GdkDisplay *display = gtk_widget_get_display (window);

  if (GDK_IS_X11_DISPLAY (display))
    {
      Display *xdisplay = gdk_x11_display_get_xdisplay (display);
      Window root = DefaultRootWindow (xdisplay);

      XWarpPointer (xdisplay, None, root, 0, 0, 0, 0,
                    DisplayWidth (xdisplay, DefaultScreen (xdisplay)) - 1,
                    DisplayHeight (xdisplay, DefaultScreen (xdisplay)) - 1);
      XFlush (xdisplay);
    }
#endif
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = argc > 1 ? argv[1] : ".";
  g_autofree char *data_home = g_dir_make_tmp ("forkbench-shots-XXXXXX", NULL);
  FbWindow *window;
  GtkWidget *workers;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_init ();
  adw_init ();
  /* The window's buttons as GNOME lays them out; an X server alone has no
   * settings daemon to say so, and GTK then adds minimize and maximize. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);

  window = g_object_new (FB_TYPE_WINDOW, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 1180, 780);
  gtk_window_present (GTK_WINDOW (window));
  park_pointer (GTK_WIDGET (window));
  settle (1500);

  /* 1. The library, the lesson selected. */
  shoot (dir, "01-library.png");

  /* 2. The editor with an error, marked where it is. */
  workers = find_row_titled (GTK_WIDGET (fb_window_get_editor (window)),
                             "Inputs (numbers, one task each; empty to use the task count)");
  gtk_editable_set_text (GTK_EDITABLE (workers), "250, 250, two hundred");
  shoot (dir, "02-editor-error.png");
  gtk_editable_set_text (GTK_EDITABLE (workers), "");

  /* 3. A live run: processes first, every core busy. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  settle (1800);
  shoot (dir, "03-run.png");

  /* 4. The results, once both modes ran. */
  while (g_strcmp0 (fb_window_get_page (window), "results") != 0)
    g_main_context_iteration (NULL, TRUE);
  shoot (dir, "04-results.png");

  /* 6. The preferences, over the results. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL);
  settle (800);
  shoot (dir, "06-preferences.png");
  {
    GListModel *list = gtk_window_get_toplevels ();

    for (guint i = g_list_model_get_n_items (list); i > 0; i--)
      {
        g_autoptr(GtkWindow) other = g_list_model_get_item (list, i - 1);

        if (other != GTK_WINDOW (window))
          gtk_window_destroy (other);
      }
  }

  /* 7. A sweep of CPU-bound work: speedup by workers, and its limit. */
  fb_library_view_select_preset (fb_window_get_library (window), "cpu-bound");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.sweep", NULL);
  while (fb_run_view_get_running (fb_window_get_run_view (window)) ||
         g_strcmp0 (fb_window_get_page (window), "results") != 0)
    g_main_context_iteration (NULL, TRUE);
  settle (500);
  gtk_widget_grab_focus (GTK_WIDGET (fb_results_view_get_speedup_chart (fb_window_get_results (window))));
  shoot (dir, "07-sweep.png");

  /* 8. The history: every run kept, newest first. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  while (fb_run_view_get_running (fb_window_get_run_view (window)) ||
         g_strcmp0 (fb_window_get_page (window), "results") != 0)
    g_main_context_iteration (NULL, TRUE);
  {
    FbHistoryView *view = fb_window_get_history_view (window);
    GListModel *runs = G_LIST_MODEL (fb_history_view_get_history (view));
    g_autoptr(FbHistoryEntry) newest = NULL;
    g_autoptr(FbHistoryEntry) sweep = NULL;

    while (g_list_model_get_n_items (runs) < 3)
      g_main_context_iteration (NULL, TRUE);
    newest = g_list_model_get_item (runs, 0);
    sweep = g_list_model_get_item (runs, 1);

    fb_window_set_page (window, "history");
    fb_history_view_set_ticked (view, newest, TRUE);
    fb_history_view_set_ticked (view, sweep, TRUE);
    shoot (dir, "08-history.png");

    /* 9. Two runs compared: the run against the sweep at its most workers. */
    fb_history_view_compare (view, sweep, newest);
    while (g_strcmp0 (fb_history_view_get_page (view), "compare") != 0)
      g_main_context_iteration (NULL, TRUE);
    shoot (dir, "09-compare.png");

    /* 10. A kept run opened again: the sweep, with all its charts. */
    g_signal_emit_by_name (view, "run-activated", sweep);
    while (!g_str_has_prefix (fb_results_view_get_caption (fb_window_get_results (window)), "Kept run"))
      g_main_context_iteration (NULL, TRUE);
    shoot (dir, "10-kept-run.png");
  }

  /* 11. A learner's own Python: the file, and the functions it defines. */
  fb_library_view_select_preset (fb_window_get_library (window), "python-cpu-bound");
  fb_window_set_page (window, "editor");
  settle (800);
  shoot (dir, "11-python-editor.png");

  /* 12. Its results: threads under the real GIL, in numbers. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  while (fb_run_view_get_running (fb_window_get_run_view (window)) ||
         g_strcmp0 (fb_window_get_page (window), "results") != 0)
    g_main_context_iteration (NULL, TRUE);
  settle (500);
  shoot (dir, "12-python-results.png");

  /* 5. The same on a phone: the library folds away. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 720);
  settle (800);
  shoot_cropped (dir, "05-narrow.png", "360x720+0+0");

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
