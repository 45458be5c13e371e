/* test-notify.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long run that ends while the window is not focused sends a
 * notification with the verdict, through the desktop's notification
 * service: here, a fake org.gtk.Notifications on a bus of the test's own.
 * It has a process of its own because the bus must be in place before
 * anything connects to the session bus.
 */

#define G_LOG_DOMAIN "test-notify"

#include "config.h"

#include <libglib-testing/dbus-queue.h>
#include <string.h>

#include "fb-window.h"

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "      <arg type='a{sv}' name='notification' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' name='app_id' direction='in'/>"
  "      <arg type='s' name='id' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

#define VERDICT_START "Threads ran 1 task in "

static GtDBusQueue *queue;

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_long_run_notifies (void)
{
  g_autoptr(GDBusNodeInfo) node_info = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkApplication) app = NULL;
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(GVariant) notification = NULL;
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  const char *app_id = NULL, *id = NULL, *title = NULL, *body = NULL;
  g_autofree char *verdict = NULL;
  char *end = NULL;
  double seconds;
  gboolean appeared = FALSE;
  guint watch_id;
  FbWindow *window;

  node_info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_assert_no_error (error);
  gt_dbus_queue_export_object (queue, "/org/gtk/Notifications", node_info->interfaces[0], &error);
  g_assert_no_error (error);
  gt_dbus_queue_own_name (queue, "org.gtk.Notifications");
  watch_id = g_bus_watch_name_on_connection (gt_dbus_queue_get_client_connection (queue), "org.gtk.Notifications",
                                             G_BUS_NAME_WATCHER_FLAGS_NONE, name_appeared_cb, NULL, &appeared, NULL);
  while (!appeared)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch_id);

  /* The app, on the session bus, which is the test's. */
  app = GTK_APPLICATION (fb_application_new ());
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  /* A window that is not shown is not focused: the user is elsewhere. */
  window = g_object_new (FB_TYPE_WINDOW, "application", app, NULL);
  g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));

  /* Longer than ten seconds, which is what makes a run worth telling. */
  fb_workload_set_name (workload, "Long sleep");
  fb_workload_set_kernel (workload, "sleep");
  fb_workload_set_params (workload, g_variant_new_parsed ("{'ms': <int64 10500>}"));
  fb_workload_set_tasks (workload, 1);
  fb_workload_set_workers (workload, 1);
  fb_workload_set_mode (workload, FB_RUN_MODE_THREADS);
  fb_editor_view_set_workload (fb_window_get_editor (window), workload);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL));

  while (gt_dbus_queue_get_n_messages (queue) == 0)
    g_main_context_iteration (NULL, TRUE);

  /* The app has a connection of its own, so the queue's matching by
   * sender does not apply: the call is checked here. It is there (the loop
   * above saw it), so popping does not wait. */
  g_assert_true (gt_dbus_queue_pop_message (queue, &invocation));
  g_assert_nonnull (invocation);
  g_assert_cmpstr (g_dbus_method_invocation_get_object_path (invocation), ==, "/org/gtk/Notifications");
  g_assert_cmpstr (g_dbus_method_invocation_get_interface_name (invocation), ==, "org.gtk.Notifications");
  g_assert_cmpstr (g_dbus_method_invocation_get_method_name (invocation), ==, "AddNotification");
  g_variant_get (g_dbus_method_invocation_get_parameters (invocation), "(&s&s@a{sv})", &app_id, &id, &notification);
  g_assert_cmpstr (app_id, ==, APP_ID);
  g_assert_cmpstr (id, ==, "run-finished");
  g_assert_true (g_variant_lookup (notification, "title", "&s", &title));
  g_assert_cmpstr (title, ==, "The run finished");
  g_assert_true (g_variant_lookup (notification, "body", "&s", &body));
  verdict = fb_run_dup_verdict (fb_run_view_get_run (fb_window_get_run_view (window)));
  g_assert_cmpstr (body, ==, verdict);
  /* The verdict gives the run's own time: the task's 10.5 s, and whatever
   * more a loaded machine took to wake the worker. */
  g_assert_true (g_str_has_prefix (body, VERDICT_START));
  seconds = g_ascii_strtod (body + strlen (VERDICT_START), &end);
  g_assert_true (end > body + strlen (VERDICT_START));
  g_assert_cmpstr (end, ==, "\u00a0s on 1 worker: one worker ran the tasks one after another.");
  g_assert_cmpfloat (seconds, >=, 10.5);
  /* Clicking it brings the app back: no action of its own. */
  g_assert_null (g_variant_lookup_value (notification, "default-action", NULL));
  g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), NULL);

  g_assert_cmpstr (fb_window_get_page (window), ==, "results");
  gtk_window_destroy (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("forkbench-notify-test-XXXXXX", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *display = NULL;
  int status;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  /* Before GTK, which may connect to the session bus. The test bus
   * unsets DISPLAY, which GTK needs. */
  display = g_strdup (g_getenv ("DISPLAY"));
  queue = gt_dbus_queue_new ();
  if (!gt_dbus_queue_connect (queue, &error))
    g_error ("No bus for the fake notification service: %s", error->message);
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Forkbench/Notify/long-run", test_long_run_notifies);

  status = g_test_run ();

  /* The bus goes with the process (its watcher ends its daemon): taking it
   * down here would wait for GTK's own connection to it, which stays. */
  gt_dbus_queue_assert_no_messages (queue);
  return status;
}
