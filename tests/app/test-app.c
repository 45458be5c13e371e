/* test-app.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The app as a person uses it, in a real window under Xvfb: the lesson is
 * ready on start, a run ends in results that hold the report's numbers, a
 * bad file changes nothing but says why, a bad field is marked, and Stop
 * stops at once and leaves no worker behind.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "fb-application.h"
#include "fb-preferences-window.h"
#include "fb-report-cells.h"
#include "fb-test-util.h"
#include "fb-window.h"

static FbWindow *
make_window (void)
{
  FbWindow *window = g_object_new (FB_TYPE_WINDOW, NULL);

  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  return window;
}

static void
wait_for_page (FbWindow   *window,
               const char *page)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (g_strcmp0 (fb_window_get_page (window), page) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
destroy (FbWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_default_lesson (void)
{
  FbWindow *window = make_window ();
  FbWorkload *workload = fb_editor_view_get_workload (fb_window_get_editor (window));

  /* One click from the lesson: it is selected and ready to start. */
  g_assert_cmpstr (fb_workload_get_kernel (workload), ==, "gil");
  g_assert_cmpstr (fb_window_get_page (window), ==, "editor");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  g_assert_true (fb_run_view_get_running (fb_window_get_run_view (window)));
  g_assert_cmpstr (fb_window_get_page (window), ==, "run");

  /* And Escape's action stops it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL));
  wait_for_page (window, "results");
  destroy (window);
}

static void
test_run_to_results (void)
{
  FbWindow *window = make_window ();
  FbResultsView *results = fb_window_get_results (window);
  g_autofree char *verdict = NULL;
  g_autofree char *log = NULL;
  FbRun *run;

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "four-processes-print"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  wait_for_page (window, "results");

  /* Both modes, with the report's own numbers. */
  run = fb_results_view_get_run (results);
  g_assert_nonnull (run);
  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    {
      FbReport *report = fb_run_get_report (run, kind, 0);
      g_autofree char *wall = fb_format_seconds (report->wall_s);
      g_autofree char *efficiency = g_strdup_printf ("%.2f", report->efficiency);

      g_assert_cmpuint (report->tasks_ok, ==, 4);
      g_assert_cmpstr (fb_results_view_get_cell (results, "wall", kind), ==, wall);
      g_assert_cmpstr (fb_results_view_get_cell (results, "efficiency", kind), ==, efficiency);
      g_assert_cmpstr (fb_results_view_get_cell (results, "failed", kind), ==, "0");
      g_assert_nonnull (fb_results_view_get_cell (results, "per-core", kind));
    }

  verdict = fb_run_dup_verdict (run);
  g_assert_cmpstr (fb_results_view_get_verdict (results), ==, verdict);

  /* What the tasks printed is in the log. */
  log = fb_run_view_get_log (fb_window_get_run_view (window));
  g_assert_nonnull (strstr (log, "Number: 3"));
  destroy (window);
}

static void
test_failures_in_words (void)
{
  FbWindow *window = make_window ();
  FbResultsView *results = fb_window_get_results (window);
  g_autofree char *log = NULL;

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "fault-isolation"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  wait_for_page (window, "results");

  g_assert_cmpstr (fb_results_view_get_cell (results, "failed", FB_POOL_PROCESSES), ==, "1");
  g_assert_cmpstr (fb_results_view_get_cell (results, "failed", FB_POOL_THREADS), ==, "1");

  log = fb_run_view_get_log (fb_window_get_run_view (window));
  g_assert_nonnull (strstr (log, "Task 3 failed: Worker "));
  g_assert_nonnull (strstr (log, "was killed by signal 11 (SIGSEGV) while running task 3"));
  destroy (window);
}

static void
test_open_malformed (void)
{
  FbWindow *window = make_window ();
  FbEditorView *editor = fb_window_get_editor (window);
  g_autofree char *before = fb_workload_to_data (fb_editor_view_get_workload (editor), NULL);
  g_autofree char *after = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  int fd = g_file_open_tmp ("forkbench-bad-XXXXXX.json", &path, NULL);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_file_set_contents (path, "{\"forkbench\": 1, \"name\": \"Bad\", \"kernel\": \"square\", \"tasks\": -1}", -1, NULL);
  file = g_file_new_for_path (path);

  fb_window_open_file (window, file);

  /* The error is shown, and nothing else changed. */
  g_assert_nonnull (fb_window_get_last_toast (window));
  g_assert_nonnull (strstr (fb_window_get_last_toast (window), "“tasks” is -1, but must be from 1 to 10000000"));
  after = fb_workload_to_data (fb_editor_view_get_workload (editor), NULL);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (fb_window_get_file (window));
  g_assert_cmpstr (fb_window_get_page (window), ==, "editor");

  g_unlink (path);
  destroy (window);
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

/* The first widget of @type under @root whose tooltip is @tooltip (or
 * any, for NULL), depth first. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *tooltip)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (tooltip == NULL || g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The window's menu is its main menu, as GNOME's apps have it: the app's
 * own items, and no Quit, which Ctrl+Q and closing the window do. */
static void
test_main_menu (void)
{
  FbWindow *window = make_window ();
  GtkWidget *button = find_widget (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON, NULL);
  GMenuModel *menu;
  gboolean has_about = FALSE, has_quit = FALSE, quit_has_key = FALSE;
  const FbAccel *accels;
  guint n_accels;

  g_assert_nonnull (button);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Main Menu");
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

      for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *action = NULL;

          if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
            {
              has_about |= g_str_equal (action, "win.about");
              has_quit |= g_str_equal (action, "app.quit");
            }
        }
    }
  g_assert_true (has_about);
  g_assert_false (has_quit);

  accels = fb_application_get_accels (&n_accels);
  for (guint i = 0; i < n_accels; i++)
    quit_has_key |= g_str_equal (accels[i].action, "app.quit") && g_strcmp0 (accels[i].accels[0], "<Control>q") == 0;
  g_assert_true (quit_has_key);
  destroy (window);
}

static void
test_editor_marks_field (void)
{
  FbWindow *window = make_window ();
  FbEditorView *editor = fb_window_get_editor (window);
  GtkWidget *inputs = find_row_titled (GTK_WIDGET (editor),
                                       "Inputs (numbers, one task each; empty to use the task count)");
  GtkWidget *name = find_row_titled (GTK_WIDGET (editor), "Name");

  g_assert_nonnull (inputs);
  g_assert_nonnull (name);

  /* A typo in the inputs: marked, explained, and nothing can start. */
  gtk_editable_set_text (GTK_EDITABLE (inputs), "3, 4, x");
  g_assert_false (fb_editor_view_get_valid (editor));
  g_assert_cmpstr (fb_editor_view_get_error (editor), ==, "“inputs”: “x” is not a whole number");
  g_assert_true (gtk_widget_has_css_class (inputs, "error"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL) &&
                  fb_run_view_get_running (fb_window_get_run_view (window)));

  /* Fixed: valid again, and the mark goes away. */
  gtk_editable_set_text (GTK_EDITABLE (inputs), "3, 4, 5");
  g_assert_true (fb_editor_view_get_valid (editor));
  g_assert_false (gtk_widget_has_css_class (inputs, "error"));

  /* A blank name: the file validator's own words, on the name's row. */
  gtk_editable_set_text (GTK_EDITABLE (name), "   ");
  g_assert_false (fb_editor_view_get_valid (editor));
  g_assert_nonnull (strstr (fb_editor_view_get_error (editor), "“name” is empty"));
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  destroy (window);
}

static void
test_stop_leaves_nothing (void)
{
  FbWindow *window = make_window ();
  FbRunView *run_view = fb_window_get_run_view (window);
  gint64 deadline;
  FbReport *report;

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "io-bound"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);

  /* Let some tasks finish, then stop. */
  deadline = g_get_monotonic_time () + 600 * 1000;
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (fb_run_view_get_running (run_view));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  wait_for_page (window, "results");

  g_assert_false (fb_run_view_get_running (run_view));
  report = g_ptr_array_index (fb_run_get_reports (fb_run_view_get_run (run_view)), 0);
  g_assert_true (report->interrupted);
  g_assert_cmpuint (fb_test_count_children (NULL), ==, 0);
  destroy (window);
}

/* A kernel's parameters are called by their titles, in words, not by the
 * keys a workload file gives them. */
static void
test_param_titles (void)
{
  FbWindow *window = make_window ();
  FbEditorView *editor = fb_window_get_editor (window);
  GtkWidget *row;

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "gil-bound"));
  g_assert_null (find_row_titled (GTK_WIDGET (editor), "ms"));
  row = find_row_titled (GTK_WIDGET (editor), "CPU Time");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "Milliseconds of CPU time each task burns while holding the interpreter lock");
  destroy (window);
}

/* A step stopped before any of its tasks finished has no times: its cells
 * say so, rather than showing zeros as if they had been measured. */
static void
test_cells_of_empty_step (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_task_record_unref);
  g_autoptr(FbReport) report = fb_report_new (FB_POOL_PROCESSES, 4, 1, 8, records);
  const FbReportRow *rows;
  guint n_rows;

  report->interrupted = TRUE;
  rows = fb_report_rows (&n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *cell = fb_report_dup_cell (report, rows[i].id);

      if (g_str_equal (rows[i].id, "failed"))
        g_assert_cmpstr (cell, ==, "0");
      else if (g_str_equal (rows[i].id, "ipc"))
        g_assert_cmpstr (cell, ==, "none");
      else if (g_str_equal (rows[i].id, "per-core"))
        g_assert_cmpstr (cell, ==, "not measured");
      else
        g_assert_cmpstr (cell, ==, "—");
    }

  /* A step too short for the cores' counters has a row of no figures. */
  report->cpu_per_core = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < 2; i++)
    {
      double unknown = NAN;

      g_array_append_val (report->cpu_per_core, unknown);
    }
  {
    g_autofree char *cell = fb_report_dup_cell (report, "per-core");

    g_assert_cmpstr (cell, ==, "too short to measure");
  }
}

static void
test_save_duplicate_delete (void)
{
  FbWindow *window = make_window ();
  g_autoptr(GFile) dir = fb_library_view_get_user_dir ();
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GFile) copy = NULL;
  g_autoptr(FbWorkload) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "pool-map-square"));
  g_assert_null (fb_window_get_file (window));

  /* Saving a preset makes it one of the user's own, loadable as it was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_nonnull (fb_window_get_file (window));
  saved = g_object_ref (fb_window_get_file (window));
  g_assert_true (g_file_has_parent (saved, dir));
  g_assert_cmpstr (fb_window_get_last_toast (window), ==, "Saved to your workloads");
  reloaded = fb_workload_new_from_file (saved, &error);
  g_assert_no_error (error);
  g_assert_true (fb_workload_equal (reloaded, fb_editor_view_get_workload (fb_window_get_editor (window))));

  /* Duplicate: a second file, shown now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.duplicate", NULL));
  copy = g_object_ref (fb_window_get_file (window));
  g_assert_false (g_file_equal (copy, saved));
  g_assert_true (g_file_query_exists (copy, NULL));
  g_assert_cmpstr (fb_workload_get_name (fb_editor_view_get_workload (fb_window_get_editor (window))), ==,
                   "Square ten numbers with pool.map (Copy)");

  /* Delete: gone from the disk, with a message that offers to undo it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete", NULL));
  g_assert_false (g_file_query_exists (copy, NULL));
  g_assert_true (g_file_query_exists (saved, NULL));
  g_assert_cmpstr (fb_window_get_last_toast (window), ==, "“Square ten numbers with pool.map (Copy)” deleted");
  g_assert_null (fb_window_get_file (window));

  g_file_delete (saved, NULL, NULL);
  destroy (window);
}

static void
test_narrow (void)
{
  FbWindow *window = make_window ();

  /* A phone-sized window folds the library away and still works. */
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 640);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "pool-map-square"));
  g_assert_cmpstr (fb_workload_get_name (fb_editor_view_get_workload (fb_window_get_editor (window))), ==,
                   "Square ten numbers with pool.map");
  destroy (window);
}

/* The toplevel of @type that is not @except, or NULL. */
static GtkWindow *
find_toplevel (GType      type,
               GtkWindow *except)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window != except && G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static void
test_settings_restored (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  FbWindow *window;
  int width, height;

  /* What the last session left is what the next one starts with. */
  g_settings_set_int (settings, "window-width", 900);
  g_settings_set_int (settings, "window-height", 600);
  g_settings_set_uint (settings, "sample-interval", 250);
  window = make_window ();
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 600);
  g_assert_cmpuint (fb_run_view_get_sample_interval (fb_window_get_run_view (window)), ==, 250);

  /* A change made elsewhere reaches the charts at once. */
  g_settings_set_uint (settings, "sample-interval", 2000);
  g_assert_cmpuint (fb_run_view_get_sample_interval (fb_window_get_run_view (window)), ==, 2000);

  /* And the window's new size is kept for next time. */
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);

  destroy (window);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "sample-interval");
}

static void
test_preferences (void)
{
  g_autoptr(GSettings) settings = g_settings_new (SCHEMA_ID);
  FbWindow *window = make_window ();
  FbPreferencesWindow *prefs;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.preferences", NULL));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  prefs = FB_PREFERENCES_WINDOW (find_toplevel (FB_TYPE_PREFERENCES_WINDOW, NULL));
  g_assert_nonnull (prefs);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (prefs)) == GTK_WINDOW (window));

  /* The rows show the settings, and a change is kept and applied. */
  g_assert_cmpfloat (gtk_spin_button_get_value (fb_preferences_window_get_interval (prefs)), ==, 500);
  g_assert_true (gtk_switch_get_active (fb_preferences_window_get_notify (prefs)));
  gtk_spin_button_set_value (fb_preferences_window_get_interval (prefs), 1000);
  g_assert_cmpuint (g_settings_get_uint (settings, "sample-interval"), ==, 1000);
  g_assert_cmpuint (fb_run_view_get_sample_interval (fb_window_get_run_view (window)), ==, 1000);
  gtk_switch_set_active (fb_preferences_window_get_notify (prefs), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-when-finished"));

  /* The live charts are smooth unless the user says not. */
  g_assert_true (gtk_switch_get_active (fb_preferences_window_get_smooth (prefs)));
  g_assert_true (fb_chart_get_smooth (fb_run_view_get_cpu_chart (fb_window_get_run_view (window))));
  gtk_switch_set_active (fb_preferences_window_get_smooth (prefs), FALSE);
  g_assert_false (fb_chart_get_smooth (fb_run_view_get_cpu_chart (fb_window_get_run_view (window))));
  g_assert_false (fb_chart_get_smooth (fb_run_view_get_throughput_chart (fb_window_get_run_view (window))));

  /* Out of range is held to the range the schema allows. */
  gtk_spin_button_set_value (fb_preferences_window_get_interval (prefs), 50);
  g_assert_cmpuint (g_settings_get_uint (settings, "sample-interval"), ==, 100);

  /* A new workload has the workers asked for, or one per core. */
  g_assert_cmpfloat (gtk_spin_button_get_value (fb_preferences_window_get_workers (prefs)), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_cmpuint (fb_workload_get_workers (fb_editor_view_get_workload (fb_window_get_editor (window))), ==,
                    g_get_num_processors ());
  gtk_spin_button_set_value (fb_preferences_window_get_workers (prefs), 3);
  g_assert_cmpuint (g_settings_get_uint (settings, "default-workers"), ==, 3);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_cmpstr (fb_workload_get_name (fb_editor_view_get_workload (fb_window_get_editor (window))), ==,
                   "New Workload");
  g_assert_cmpuint (fb_workload_get_workers (fb_editor_view_get_workload (fb_window_get_editor (window))), ==, 3);
  g_assert_cmpstr (fb_window_get_page (window), ==, "editor");

  /* The history keeps as many runs as asked. */
  g_assert_cmpfloat (gtk_spin_button_get_value (fb_preferences_window_get_history (prefs)), ==, 50);
  gtk_spin_button_set_value (fb_preferences_window_get_history (prefs), 7);
  g_assert_cmpuint (fb_history_get_max_runs (fb_history_view_get_history (fb_window_get_history_view (window))), ==, 7);

  gtk_window_destroy (GTK_WINDOW (prefs));
  destroy (window);
  g_settings_reset (settings, "sample-interval");
  g_settings_reset (settings, "notify-when-finished");
  g_settings_reset (settings, "default-workers");
  g_settings_reset (settings, "smooth-charts");
  g_settings_reset (settings, "history-size");
}

static void
test_about (void)
{
  FbWindow *window = make_window ();
  AdwAboutWindow *about;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.about", NULL));
  about = ADW_ABOUT_WINDOW (find_toplevel (ADW_TYPE_ABOUT_WINDOW, NULL));
  g_assert_nonnull (about);
  g_assert_cmpstr (adw_about_window_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (about), ==, APP_ID);
  g_assert_cmpint (adw_about_window_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);

  gtk_window_destroy (GTK_WINDOW (about));
  destroy (window);
}

/* Every shortcut the app sets is in the shortcuts window, and every
 * shortcut there is one the app sets, for an action that exists. */
static void
test_shortcuts_listed (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/forkbench/Forkbench/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GSList) objects = gtk_builder_get_objects (builder);
  g_autoptr(GTypeClass) window_class = g_type_class_ref (FB_TYPE_WINDOW);
  const FbAccel *accels;
  guint n_accels;

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        char *action = NULL;

        g_object_get (l->data, "action-name", &action, NULL);
        g_assert_nonnull (action);
        g_hash_table_add (listed, action);
      }

  accels = fb_application_get_accels (&n_accels);
  g_assert_cmpuint (g_hash_table_size (listed), ==, n_accels);
  for (guint i = 0; i < n_accels; i++)
    {
      const char *action = accels[i].action;
      guint key;
      GdkModifierType mods;

      g_assert_true (g_hash_table_contains (listed, action));
      g_assert_true (gtk_accelerator_parse (accels[i].accels[0], &key, &mods));

      /* The window's own actions exist: a shortcut to nothing is a bug. */
      if (g_str_has_prefix (action, "win.") && !g_str_equal (action, "win.show-help-overlay"))
        {
          gboolean found = FALSE;
          const char *name, *property;
          const GVariantType *parameter_type;
          GType owner;

          for (guint j = 0; gtk_widget_class_query_action (GTK_WIDGET_CLASS (window_class), j,
                                                           &owner, &name, &parameter_type,
                                                           &property); j++)
            found |= g_str_equal (name, action);
          g_assert_true (found);
        }
    }

  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_inhibit_while_running (void)
{
  FbWindow *window = make_window ();

  /* The machine may not sleep under a run, and may again after it. */
  g_assert_false (fb_window_get_inhibiting (window));
  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "hang-with-timeout"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  g_assert_true (fb_window_get_inhibiting (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.stop", NULL);
  wait_for_page (window, "results");
  g_assert_false (fb_window_get_inhibiting (window));

  /* A short run sends no notification: the user saw it end. */
  g_assert_null (fb_window_get_last_notification (window));
  destroy (window);
}

static void
test_export (void)
{
  FbWindow *window = make_window ();
  g_autofree char *dir = g_dir_make_tmp ("forkbench-export-XXXXXX", NULL);
  g_autoptr(GFile) csv = g_file_new_build_filename (dir, "run.csv", NULL);
  g_autoptr(GFile) json = g_file_new_build_filename (dir, "run.json", NULL);
  g_autoptr(GFile) png = g_file_new_build_filename (dir, "cores.png", NULL);
  g_autoptr(GFile) svg = g_file_new_build_filename (dir, "throughput.svg", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  JsonObject *root;

  /* Before any run there is nothing to export, and it says so. */
  g_assert_false (fb_window_export (window, "csv", csv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_query_exists (csv, NULL));
  g_assert_false (fb_window_export (window, "gif", csv, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "pool-map-square"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  wait_for_page (window, "results");

  /* The data is what forkbench-cli writes for the same run. */
  g_assert_true (fb_window_export (window, "csv", csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (csv, NULL, &contents, NULL, NULL, NULL));
  expected = fb_run_to_csv (fb_run_view_get_run (fb_window_get_run_view (window)), FALSE);
  g_assert_cmpstr (contents, ==, expected);
  g_assert_true (g_str_has_prefix (contents, "mode,workers,"));

  g_assert_true (fb_window_export (window, "json", json, &error));
  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, g_file_peek_path (json), &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "runs")), ==,
                    fb_run_get_reports (fb_run_view_get_run (fb_window_get_run_view (window)))->len);

  /* The charts, as drawn on screen, at a size fit for a document. */
  g_assert_true (fb_window_export (window, "cpu-png", png, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 1200);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 500);

  g_assert_true (fb_window_export (window, "throughput-svg", svg, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_load_contents (svg, NULL, &contents, NULL, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"1200px\""));

  /* Named after the run they hold, not after what the editor shows now. */
  {
    g_autofree char *data_name = fb_window_dup_export_name (window, "csv");
    g_autofree char *chart_name = fb_window_dup_export_name (window, "cpu-png");
    g_autofree char *data_after = NULL;
    g_autofree char *chart_after = NULL;

    g_assert_true (g_str_has_suffix (data_name, ".csv"));
    g_assert_true (g_str_has_prefix (data_name, "square-"));
    g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "io-bound"));
    data_after = fb_window_dup_export_name (window, "csv");
    chart_after = fb_window_dup_export_name (window, "cpu-png");
    g_assert_cmpstr (data_after, ==, data_name);
    g_assert_cmpstr (chart_after, ==, chart_name);
  }

  g_file_delete (csv, NULL, NULL);
  g_file_delete (json, NULL, NULL);
  g_file_delete (png, NULL, NULL);
  g_file_delete (svg, NULL, NULL);
  g_rmdir (dir);
  destroy (window);
}

static void
test_sweep (void)
{
  FbWindow *window = make_window ();
  FbResultsView *results = fb_window_get_results (window);
  FbSpeedupChart *chart = fb_results_view_get_speedup_chart (results);
  FbWorkload *workload;
  g_autofree char *description = NULL;
  g_autofree char *with_max = NULL;
  guint workers;
  FbRun *run;

  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "pool-map-square"));
  workload = fb_editor_view_get_workload (fb_window_get_editor (window));
  workers = fb_workload_get_workers (workload);
  g_assert_cmpuint (workers, >=, 2);
  /* Tasks that sleep 0 to 7 ms: steps long enough for a speedup to mean
   * something (squares are over in microseconds), and still quick. */
  fb_workload_set_kernel (workload, "sleep");
  fb_workload_set_tasks (workload, 8);

  /* One worker to the workload's count, in both modes, then the scaling. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sweep", NULL));
  g_assert_true (fb_window_get_inhibiting (window));
  wait_for_page (window, "results");

  run = fb_results_view_get_run (results);
  g_assert_true (fb_run_is_sweep (run));
  g_assert_cmpuint (fb_run_get_reports (run)->len, ==, 2 * workers);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (chart)));
  g_assert_cmpuint (fb_speedup_chart_get_max_workers (chart), ==, workers);

  description = fb_chart_dup_description (FB_CHART (chart));
  with_max = g_strdup_printf ("with %u", workers);
  g_assert_true (g_str_has_prefix (description, "Speedup by workers; Processes:"));
  g_assert_nonnull (strstr (description, "Threads:"));
  g_assert_nonnull (strstr (description, with_max));

  /* What Amdahl's law makes of it, for each mode. */
  g_assert_true (g_str_has_prefix (fb_results_view_get_scaling (results), "Processes: "));
  g_assert_nonnull (strstr (fb_results_view_get_scaling (results), "\nThreads: "));
  g_assert_nonnull (strstr (fb_results_view_get_scaling (results), "ran serially"));

  /* A plain run afterwards has no scaling to show. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  wait_for_page (window, "results");
  g_assert_false (fb_run_is_sweep (fb_results_view_get_run (results)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (chart)));
  g_assert_cmpstr (fb_results_view_get_scaling (results), ==, "");

  destroy (window);
}

static void
wait_for_n_runs (FbHistory *history,
                 guint      n)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (!fb_history_get_loaded (history) || g_list_model_get_n_items (G_LIST_MODEL (history)) != n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static FbHistoryEntry *
entry_at (FbHistory *history,
          guint      i)
{
  g_autoptr(FbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

  return entry;   /* the history holds it */
}

/* The app killed with SIGKILL mid-run leaves no worker behind: each
 * worker's parent-death signal ends it within a second. */
static void
test_killed_leaves_no_worker (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkbench-killed-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sleepers.forkbench.json", NULL);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("FORKBENCH_APP"));
  g_assert_true (g_file_set_contents (path, "{\"forkbench\": 1, \"name\": \"Sleepers\", \"kernel\": \"sleep\", "
                                      "\"params\": {\"ms\": 5000}, \"tasks\": 4, \"workers\": 2, "
                                      "\"mode\": \"processes\"}", -1, NULL));

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           g_getenv ("FORKBENCH_APP"), "--run", path, NULL);
  g_assert_no_error (error);
  fb_test_kill_leaves_no_worker (proc, 2);

  g_unlink (path);
  g_rmdir (dir);
}

/* The launcher's "Run the Lesson": from any workload, the default lesson
 * runs to its results. */
static void
test_run_lesson (void)
{
  FbWindow *window = make_window ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  g_assert_cmpstr (fb_workload_get_name (fb_editor_view_get_workload (fb_window_get_editor (window))), ==,
                   "New Workload");

  fb_window_run_lesson (window);
  g_assert_true (fb_run_view_get_running (fb_window_get_run_view (window)));
  g_assert_cmpstr (fb_workload_get_kernel (fb_editor_view_get_workload (fb_window_get_editor (window))), ==, "gil");
  wait_for_page (window, "results");
  g_assert_cmpstr (fb_workload_get_kernel (fb_run_get_workload (fb_results_view_get_run (fb_window_get_results (window)))),
                   ==, "gil");
  g_assert_cmpuint (fb_run_get_reports (fb_results_view_get_run (fb_window_get_results (window)))->len, ==, 2);

  destroy (window);
}

/* Every finished run is kept; a kept run opens with its results and
 * timelines; two compare side by side; one deletes with undo. */
static void
test_history (void)
{
  FbWindow *window = make_window ();
  FbHistoryView *view = fb_window_get_history_view (window);
  FbHistory *history = fb_history_view_get_history (view);
  FbResultsView *results = fb_window_get_results (window);
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autofree char *first_verdict = NULL;
  g_autoptr(GFile) deleted_file = NULL;
  GtkWidget *row, *compare, *trash;
  guint n_before, n_lanes[2];
  const char *comparison;

  wait_for_n_runs (history, g_list_model_get_n_items (G_LIST_MODEL (history)));
  n_before = g_list_model_get_n_items (G_LIST_MODEL (history));

  fb_workload_set_name (workload, "Kept squares");
  fb_workload_set_kernel (workload, "square");
  fb_workload_set_tasks (workload, 40);
  fb_workload_set_workers (workload, 2);
  fb_editor_view_set_workload (fb_window_get_editor (window), workload);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  wait_for_page (window, "results");
  first_verdict = g_strdup (fb_results_view_get_verdict (results));
  for (guint k = 0; k < 2; k++)
    n_lanes[k] = fb_timeline_chart_get_n_lanes (fb_results_view_get_timeline (results, k));
  g_assert_cmpuint (n_lanes[FB_POOL_PROCESSES], >, 0);
  wait_for_n_runs (history, n_before + 1);

  fb_window_set_page (window, "editor");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));
  wait_for_page (window, "results");
  wait_for_n_runs (history, n_before + 2);

  /* Newest first, under the workload's name. */
  g_assert_cmpstr (fb_history_entry_get_name (entry_at (history, 0)), ==, "Kept squares");
  g_assert_true (g_str_has_prefix (fb_history_entry_get_summary (entry_at (history, 1)), "Processes "));
  fb_window_set_page (window, "history");
  g_assert_cmpstr (fb_history_view_get_page (view), ==, "list");

  /* Opening the older run from its row shows its results again. */
  row = find_widget (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, NULL);
  g_assert_nonnull (row);
  row = gtk_widget_get_next_sibling (row);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (row));
  wait_for_page (window, "results");
  while (!g_str_has_prefix (fb_results_view_get_caption (results), "Kept run: Kept squares, "))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (fb_results_view_get_verdict (results), ==, first_verdict);
  /* With the focus on it, and none of it selected. */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
    int start, end;

    g_assert_true (GTK_IS_LABEL (focus));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (focus)), ==, first_verdict);
    g_assert_false (gtk_label_get_selection_bounds (GTK_LABEL (focus), &start, &end));
  }
  for (guint k = 0; k < 2; k++)
    g_assert_cmpuint (fb_timeline_chart_get_n_lanes (fb_results_view_get_timeline (results, k)), ==, n_lanes[k]);

  /* Tick two, compare: side by side, the change in words. */
  fb_window_set_page (window, "history");
  compare = find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "Tick two runs to compare them");
  g_assert_false (gtk_widget_get_sensitive (compare));
  fb_history_view_set_ticked (view, entry_at (history, 0), TRUE);
  g_assert_false (gtk_widget_get_sensitive (compare));
  fb_history_view_set_ticked (view, entry_at (history, 1), TRUE);
  g_assert_true (gtk_widget_get_sensitive (compare));
  g_assert_true (gtk_widget_activate (compare));
  while (g_strcmp0 (fb_history_view_get_page (view), "compare") != 0)
    g_main_context_iteration (NULL, TRUE);

  comparison = fb_history_view_get_comparison (view);
  /* Titled in the order of its columns. */
  {
    g_autofree char *earlier = fb_history_entry_dup_title (entry_at (history, 1));
    g_autofree char *later = fb_history_entry_dup_title (entry_at (history, 0));
    g_autofree char *title = g_strdup_printf ("%s\nthen %s\n", earlier, later);

    g_assert_true (g_str_has_prefix (comparison, title));
  }
  g_assert_nonnull (strstr (comparison, "Processes | Earlier | Later | Change\n"));
  g_assert_nonnull (strstr (comparison, "Threads | Earlier | Later | Change\n"));
  g_assert_nonnull (strstr (comparison, "\nWall time | "));
  g_assert_nonnull (strstr (comparison, "\nThroughput | "));
  g_assert_true (strstr (comparison, "× shorter\n") || strstr (comparison, "× longer\n") ||
                 strstr (comparison, "| the same\n"));
  g_assert_nonnull (strstr (comparison, "\nFailed tasks | 0 | 0 | \n"));
  g_assert_nonnull (strstr (comparison, first_verdict));

  /* A third tick takes the place of the first. */
  if (n_before > 0)
    {
      FbHistoryEntry *first_ticked = entry_at (history, 0);

      fb_history_view_set_ticked (view, entry_at (history, 2), TRUE);
      g_assert_cmpuint (fb_history_view_get_ticked (view)->len, ==, 2);
      g_assert_false (g_ptr_array_find (fb_history_view_get_ticked (view), first_ticked, NULL));
    }

  /* Delete the newest from its row: gone from the list and the disk... */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "Back to All Runs"), "clicked");
  g_assert_cmpstr (fb_history_view_get_page (view), ==, "list");
  deleted_file = g_object_ref (fb_history_entry_get_file (entry_at (history, 0)));
  trash = find_widget (GTK_WIDGET (view), GTK_TYPE_BUTTON, "Delete This Run");
  g_signal_emit_by_name (trash, "clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, n_before + 1);
  g_assert_false (g_file_query_exists (deleted_file, NULL));
  g_assert_cmpstr (fb_window_get_last_toast (window), ==, "Run of “Kept squares” deleted");

  /* ...and back with Undo. */
  g_signal_emit_by_name (fb_window_get_toast (window), "button-clicked");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (history)), ==, n_before + 2);
  g_assert_true (g_file_query_exists (deleted_file, NULL));
  g_assert_true (g_file_equal (fb_history_entry_get_file (entry_at (history, 0)), deleted_file));

  destroy (window);
}

/* A learner's own Python file: the editor lists its functions and picks
 * one, and a python lesson runs to its results. */
static void
test_python (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_auto(GStrv) functions = NULL;
  static const char * const expected[] = { "slow_square", "fast_square", NULL };
  g_autofree char *verdict = NULL;
  FbWindow *window;
  FbEditorView *editor;
  FbResultsView *results;
  FbRun *run;
  GVariant *params;

  if (!fb_test_have_python ())
    return;

  dir = g_dir_make_tmp ("forkbench-app-python-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "mine.py", NULL);
  g_file_set_contents (path,
                       "import time\n\n"
                       "def slow_square(x):\n    time.sleep(0.01)\n    return x * x\n\n"
                       "def fast_square(x):\n    return x * x\n", -1, &error);
  g_assert_no_error (error);

  window = make_window ();
  editor = fb_window_get_editor (window);

  /* A file and no function yet: the first one is picked, every one offered. */
  workload = fb_workload_new ();
  fb_workload_set_name (workload, "Mine");
  fb_workload_set_kernel (workload, "python");
  fb_workload_set_params (workload, g_variant_new_parsed ("{'file': <%s>, 'function': <''>}", path));
  fb_workload_set_tasks (workload, 4);
  fb_editor_view_set_workload (editor, workload);
  functions = fb_editor_view_dup_functions (editor);
  g_assert_cmpstrv (functions, expected);
  params = fb_workload_get_params (fb_editor_view_get_workload (editor));
  g_assert_cmpstr (g_variant_get_string (g_variant_lookup_value (params, "function", G_VARIANT_TYPE_STRING), NULL),
                   ==, "slow_square");
  g_assert_true (fb_editor_view_get_valid (editor));

  /* Picking another from the menu names it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.pick-function", "s", "fast_square"));
  params = fb_workload_get_params (fb_editor_view_get_workload (editor));
  g_assert_cmpstr (g_variant_get_string (g_variant_lookup_value (params, "function", G_VARIANT_TYPE_STRING), NULL),
                   ==, "fast_square");

  /* The CPU-bound lesson, in one click: threads wait for the GIL. */
  g_assert_true (fb_library_view_select_preset (fb_window_get_library (window), "python-cpu-bound"));
  g_strfreev (g_steal_pointer (&functions));
  functions = fb_editor_view_dup_functions (editor);
  g_assert_true (g_strv_contains ((const char * const *) functions, "sum_of_squares"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
  wait_for_page (window, "results");

  results = fb_window_get_results (window);
  run = fb_results_view_get_run (results);
  g_assert_cmpuint (fb_run_get_report (run, FB_POOL_PROCESSES, 0)->tasks_ok, ==, 8);
  g_assert_cmpuint (fb_run_get_report (run, FB_POOL_THREADS, 0)->tasks_ok, ==, 8);
  /* The run's own verdict: which words the numbers call for is the
   * engine's test (on a shared machine the processes may not win here). */
  verdict = fb_run_dup_verdict (run);
  g_test_message ("%s", verdict);
  g_assert_cmpstr (fb_results_view_get_verdict (results), ==, verdict);
  destroy (window);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("forkbench-app-test-XXXXXX", NULL);
  int ret;

  /* The user's own workloads live in a fresh folder for the tests; before
   * GTK starts, as GLib reads it once. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Forkbench/App/default-lesson", test_default_lesson);
  g_test_add_func ("/Forkbench/App/run-to-results", test_run_to_results);
  g_test_add_func ("/Forkbench/App/failures-in-words", test_failures_in_words);
  g_test_add_func ("/Forkbench/App/open-malformed", test_open_malformed);
  g_test_add_func ("/Forkbench/App/editor-marks-field", test_editor_marks_field);
  g_test_add_func ("/Forkbench/App/stop-leaves-nothing", test_stop_leaves_nothing);
  g_test_add_func ("/Forkbench/App/param-titles", test_param_titles);
  g_test_add_func ("/Forkbench/App/main-menu", test_main_menu);
  g_test_add_func ("/Forkbench/App/cells-of-empty-step", test_cells_of_empty_step);
  g_test_add_func ("/Forkbench/App/save-duplicate-delete", test_save_duplicate_delete);
  g_test_add_func ("/Forkbench/App/narrow", test_narrow);
  g_test_add_func ("/Forkbench/App/history", test_history);
  g_test_add_func ("/Forkbench/App/run-lesson", test_run_lesson);
  g_test_add_func ("/Forkbench/App/killed-leaves-no-worker", test_killed_leaves_no_worker);
  g_test_add_func ("/Forkbench/App/python", test_python);
  g_test_add_func ("/Forkbench/App/settings-restored", test_settings_restored);
  g_test_add_func ("/Forkbench/App/preferences", test_preferences);
  g_test_add_func ("/Forkbench/App/about", test_about);
  g_test_add_func ("/Forkbench/App/shortcuts-listed", test_shortcuts_listed);
  g_test_add_func ("/Forkbench/App/inhibit-while-running", test_inhibit_while_running);
  g_test_add_func ("/Forkbench/App/export", test_export);
  g_test_add_func ("/Forkbench/App/sweep", test_sweep);

  ret = g_test_run ();
  fb_test_remove_tree (data_home);
  return ret;
}
