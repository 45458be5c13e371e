/* test-machine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FbMachine reads sample /proc/cpuinfo and sysfs files right, asks a fake
 * power-profiles-daemon on a private bus for its profile (under either of
 * its names), takes a missing daemon for an unknown profile rather than an
 * error, and says why two runs are not comparable.
 */

#include "config.h"

#include <sys/utsname.h>

#include <libglib-testing/dbus-queue.h>

#include "fb-machine.h"

/* Where the system bus is not: see main(). */
#define NO_SYSTEM_BUS "unix:path=/nonexistent/forkbench-test/system_bus_socket"

#define FREEDESKTOP_NAME "org.freedesktop.UPower.PowerProfiles"
#define FREEDESKTOP_PATH "/org/freedesktop/UPower/PowerProfiles"
#define HADESS_NAME      "net.hadess.PowerProfiles"
#define HADESS_PATH      "/net/hadess/PowerProfiles"

static const char freedesktop_xml[] =
  "<node>"
  "  <interface name='" FREEDESKTOP_NAME "'>"
  "    <property name='ActiveProfile' type='s' access='readwrite'/>"
  "  </interface>"
  "</node>";

static const char hadess_xml[] =
  "<node>"
  "  <interface name='" HADESS_NAME "'>"
  "    <property name='ActiveProfile' type='s' access='readwrite'/>"
  "  </interface>"
  "</node>";

/* A daemon that got its own interface wrong. GDBus checks a property's
 * value against its declared type on the service side, so the only way to
 * send a number is to declare one. */
static const char broken_xml[] =
  "<node>"
  "  <interface name='" FREEDESKTOP_NAME "'>"
  "    <property name='ActiveProfile' type='u' access='read'/>"
  "  </interface>"
  "</node>";

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "machine", name, NULL);
}

static FbMachine *
machine_from_fixtures (const char *cpuinfo,
                       const char *governor,
                       guint       n_logical)
{
  g_autofree char *cpuinfo_path = fixture_path (cpuinfo);
  g_autofree char *governor_path = governor ? fixture_path (governor) : NULL;

  return fb_machine_new_from_files (cpuinfo_path, governor_path, "6.1.0", n_logical);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *n_notifies)
{
  (*n_notifies)++;
}

/* Parsing sample files (tests/fixtures/machine) */

static void
test_two_sockets_hyperthreads (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-performance", 8);
  g_autofree char *description = NULL;
  g_autofree char *cpu_model = NULL;
  g_autofree char *kernel = NULL;
  g_autofree char *governor = NULL;
  g_autofree char *power_profile = NULL;
  guint n_logical = 0;
  guint n_physical = 0;

  g_assert_cmpstr (fb_machine_get_cpu_model (machine), ==, "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz");
  g_assert_cmpuint (fb_machine_get_n_logical_cores (machine), ==, 8);
  /* Core ids repeat on each socket: only (physical id, core id) tells the
   * four cores apart. */
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), ==, 4);
  g_assert_cmpstr (fb_machine_get_kernel (machine), ==, "6.1.0");
  g_assert_cmpstr (fb_machine_get_governor (machine), ==, "performance");
  g_assert_null (fb_machine_get_power_profile (machine));

  description = fb_machine_describe (machine);
  g_assert_cmpstr (description, ==,
                   "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz, 8 logical cores (4 physical), "
                   "Linux 6.1.0, governor performance");

  g_object_get (machine,
                "cpu-model", &cpu_model,
                "n-logical-cores", &n_logical,
                "n-physical-cores", &n_physical,
                "kernel", &kernel,
                "governor", &governor,
                "power-profile", &power_profile,
                NULL);
  g_assert_cmpstr (cpu_model, ==, "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz");
  g_assert_cmpuint (n_logical, ==, 8);
  g_assert_cmpuint (n_physical, ==, 4);
  g_assert_cmpstr (kernel, ==, "6.1.0");
  g_assert_cmpstr (governor, ==, "performance");
  g_assert_null (power_profile);

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_no_topology (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autofree char *description = NULL;

  g_assert_cmpstr (fb_machine_get_cpu_model (machine), ==, "AMD EPYC 7B13");
  g_assert_cmpuint (fb_machine_get_n_logical_cores (machine), ==, 2);
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), ==, 2);
  g_assert_null (fb_machine_get_governor (machine));

  description = fb_machine_describe (machine);
  g_assert_cmpstr (description, ==, "AMD EPYC 7B13, 2 logical cores (2 physical), Linux 6.1.0");

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_no_model_name (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-arm64", "governor-powersave", 4);
  g_autofree char *description = NULL;

  g_assert_cmpstr (fb_machine_get_cpu_model (machine), ==, "unknown");
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), ==, 4);
  g_assert_cmpstr (fb_machine_get_governor (machine), ==, "powersave");

  description = fb_machine_describe (machine);
  g_assert_cmpstr (description, ==, "4 logical cores (4 physical), Linux 6.1.0, governor powersave");

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_one_core (void)
{
  g_autoptr(FbMachine) machine = fb_machine_new_from_values ("Tiny", 1, 1, NULL, NULL, NULL);
  g_autofree char *description = fb_machine_describe (machine);

  g_assert_cmpstr (description, ==, "Tiny, 1 logical core (1 physical)");
}

static void
test_fewer_logical_than_host (void)
{
  /* A container given 2 of the host's 8 CPUs ran on 2 cores at most. */
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-xeon-2-sockets", NULL, 2);

  g_assert_cmpuint (fb_machine_get_n_logical_cores (machine), ==, 2);
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), ==, 2);

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_missing_governor (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", "no-such-governor", 2);

  g_assert_null (fb_machine_get_governor (machine));
  g_assert_cmpstr (fb_machine_get_cpu_model (machine), ==, "AMD EPYC 7B13");

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_missing_cpuinfo (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("no-such-cpuinfo", "governor-performance", 3);
  g_autofree char *description = NULL;

  g_assert_nonnull (machine);
  g_assert_cmpstr (fb_machine_get_cpu_model (machine), ==, "unknown");
  g_assert_cmpuint (fb_machine_get_n_logical_cores (machine), ==, 3);
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), ==, 3);
  g_assert_cmpstr (fb_machine_get_governor (machine), ==, "performance");

  description = fb_machine_describe (machine);
  g_assert_cmpstr (description, ==, "3 logical cores (3 physical), Linux 6.1.0, governor performance");

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_local (void)
{
  static const char governor_path[] = "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor";
  g_autoptr(FbMachine) machine = fb_machine_new ();
  g_autofree char *governor = NULL;
  struct utsname uts;

  g_assert_cmpint (uname (&uts), ==, 0);

  g_assert_cmpstr (fb_machine_get_kernel (machine), ==, uts.release);
  g_assert_cmpuint (fb_machine_get_n_logical_cores (machine), ==, g_get_num_processors ());
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), >=, 1);
  g_assert_cmpuint (fb_machine_get_n_physical_cores (machine), <=, fb_machine_get_n_logical_cores (machine));
  g_assert_nonnull (fb_machine_get_cpu_model (machine));

  if (g_file_get_contents (governor_path, &governor, NULL, NULL))
    g_assert_cmpstr (fb_machine_get_governor (machine), ==, g_strstrip (governor));
  else
    g_assert_null (fb_machine_get_governor (machine));

  g_assert_finalize_object (g_steal_pointer (&machine));
}

/* Comparing */

static void
test_comparable_governors (void)
{
  g_autoptr(FbMachine) performance = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-performance", 8);
  g_autoptr(FbMachine) powersave = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-powersave", 8);
  g_autoptr(FbMachine) no_governor = machine_from_fixtures ("cpuinfo-xeon-2-sockets", NULL, 8);
  g_autoptr(FbMachine) also_performance = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-performance", 8);
  g_autofree char *reason = NULL;
  char *stale;

  g_assert_false (fb_machine_is_comparable (powersave, performance, &reason));
  g_assert_cmpstr (reason, ==,
                   "One run used the powersave CPU frequency governor and the other performance: "
                   "their times are not comparable");
  g_clear_pointer (&reason, g_free);

  /* @reason is optional. */
  g_assert_false (fb_machine_is_comparable (performance, powersave, NULL));

  /* Whatever @reason held is replaced, as with any out argument. */
  stale = (char *) "stale";
  g_assert_true (fb_machine_is_comparable (performance, also_performance, &stale));
  g_assert_null (stale);

  /* What one side does not know is not held against it. */
  g_assert_true (fb_machine_is_comparable (no_governor, powersave, &reason));
  g_assert_null (reason);

  g_assert_true (fb_machine_is_comparable (performance, performance, NULL));
}

static void
test_comparable_cpu_models (void)
{
  g_autoptr(FbMachine) xeon = machine_from_fixtures ("cpuinfo-xeon-2-sockets", NULL, 8);
  g_autoptr(FbMachine) epyc = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(FbMachine) arm = machine_from_fixtures ("cpuinfo-arm64", NULL, 4);
  g_autofree char *reason = NULL;

  g_assert_false (fb_machine_is_comparable (xeon, epyc, &reason));
  g_assert_cmpstr (reason, ==,
                   "The runs were on different CPUs, Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz and AMD EPYC 7B13: "
                   "their times are not comparable");
  g_clear_pointer (&reason, g_free);

  /* An unknown model is not a different one. */
  g_assert_true (fb_machine_is_comparable (arm, epyc, &reason));
  g_assert_null (reason);
}

/* The power profile, from a fake power-profiles-daemon */

typedef struct
{
  GtDBusQueue *queue;
  GPtrArray   *node_infos;
} BusFixture;

static void
bus_set_up (BusFixture    *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->queue = gt_dbus_queue_new ();
  fixture->node_infos = g_ptr_array_new_with_free_func ((GDestroyNotify) g_dbus_node_info_unref);

  gt_dbus_queue_connect (fixture->queue, &error);
  g_assert_no_error (error);
}

static void
bus_tear_down (BusFixture    *fixture,
               gconstpointer  data)
{
  gt_dbus_queue_disconnect (fixture->queue, TRUE);
  g_clear_pointer (&fixture->queue, gt_dbus_queue_free);

  /* Let the closed connection's last callbacks run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_pointer (&fixture->node_infos, g_ptr_array_unref);
}

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *name_owner,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
name_vanished_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* The fake asks the bus for @name without waiting for the answer: wait
 * until the bus says the name has an owner (or, with @owned FALSE, has
 * none), or the code under test could still see the previous state. */
static void
wait_for_name (BusFixture *fixture,
               const char *name,
               gboolean    owned)
{
  gboolean done = FALSE;
  guint watch_id;

  watch_id = g_bus_watch_name_on_connection (gt_dbus_queue_get_client_connection (fixture->queue),
                                             name,
                                             G_BUS_NAME_WATCHER_FLAGS_NONE,
                                             owned ? name_appeared_cb : NULL,
                                             owned ? NULL : name_vanished_cb,
                                             &done,
                                             NULL);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_bus_unwatch_name (watch_id);
}

static guint
serve (BusFixture *fixture,
       const char *name,
       const char *object_path,
       const char *xml)
{
  g_autoptr(GError) error = NULL;
  GDBusNodeInfo *node_info;
  guint name_id;

  node_info = g_dbus_node_info_new_for_xml (xml, &error);
  g_assert_no_error (error);
  g_ptr_array_add (fixture->node_infos, node_info);

  gt_dbus_queue_export_object (fixture->queue, object_path, node_info->interfaces[0], &error);
  g_assert_no_error (error);

  name_id = gt_dbus_queue_own_name (fixture->queue, name);
  wait_for_name (fixture, name, TRUE);

  return name_id;
}

static void
async_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **result_out = user_data;

  g_assert_null (*result_out);
  *result_out = g_object_ref (result);
}

static gboolean
wait_query (FbMachine     *machine,
            GAsyncResult **result,
            GError       **error)
{
  g_autoptr(GAsyncResult) owned = NULL;

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  owned = g_steal_pointer (result);
  return fb_machine_query_power_profile_finish (machine, owned, error);
}

/* Pops the client's Properties.Get of ActiveProfile at @object_path, which
 * must be for @interface. The query of @machine, whose result goes to
 * @result, must not have finished without asking: that fails the test rather
 * than waiting forever for a call that will not come.
 *
 * The fake keeps the reference GDBus gave it, which the reply consumes; the
 * one returned is the caller's to drop. */
static GDBusMethodInvocation *
pop_get_active_profile (BusFixture    *fixture,
                        FbMachine     *machine,
                        GAsyncResult **result,
                        const char    *object_path,
                        const char    *interface)
{
  GDBusMethodInvocation *invocation;
  const char *asked_interface = NULL;
  const char *property = NULL;

  /* The fake wakes this context up when a call arrives. */
  while (gt_dbus_queue_get_n_messages (fixture->queue) == 0 && *result == NULL)
    g_main_context_iteration (NULL, TRUE);

  if (gt_dbus_queue_get_n_messages (fixture->queue) == 0)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = fb_machine_query_power_profile_finish (machine, *result, &error);

      g_test_message ("The query finished (%s, %s) before asking %s",
                      ok ? "TRUE" : "FALSE", error ? error->message : "no error", object_path);
      g_assert_not_reached ();
    }

  invocation = gt_dbus_queue_assert_pop_message (fixture->queue,
                                                 object_path,
                                                 "org.freedesktop.DBus.Properties",
                                                 "Get",
                                                 "(&s&s)",
                                                 &asked_interface,
                                                 &property);
  g_assert_cmpstr (asked_interface, ==, interface);
  g_assert_cmpstr (property, ==, "ActiveProfile");

  /* A machine without the daemon must not get it started by a benchmark. */
  g_assert_cmpint (g_dbus_message_get_flags (g_dbus_method_invocation_get_message (invocation)) &
                   G_DBUS_MESSAGE_FLAGS_NO_AUTO_START, !=, 0);

  return invocation;
}

/* Queries @machine's profile from a fake that answers @profile under the
 * freedesktop name. */
static void
query_from_freedesktop (BusFixture *fixture,
                        FbMachine  *machine,
                        const char *profile)
{
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  invocation = pop_get_active_profile (fixture, machine, &result, FREEDESKTOP_PATH, FREEDESKTOP_NAME);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", g_variant_new_string (profile)));

  g_assert_true (wait_query (machine, &result, &error));
  g_assert_no_error (error);
}

static void
test_power_profile_freedesktop (BusFixture    *fixture,
                                gconstpointer  data)
{
  g_autoptr(FbMachine) saver = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-performance", 8);
  g_autoptr(FbMachine) performance = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-performance", 8);
  g_autoptr(FbMachine) unknown = machine_from_fixtures ("cpuinfo-xeon-2-sockets", "governor-performance", 8);
  g_autofree char *description = NULL;
  g_autofree char *reason = NULL;
  guint n_notifies = 0;

  serve (fixture, FREEDESKTOP_NAME, FREEDESKTOP_PATH, freedesktop_xml);

  g_signal_connect (saver, "notify::power-profile", G_CALLBACK (count_notify_cb), &n_notifies);

  query_from_freedesktop (fixture, saver, "power-saver");
  g_assert_cmpstr (fb_machine_get_power_profile (saver), ==, "power-saver");
  g_assert_cmpuint (n_notifies, ==, 1);

  /* Asking again for the same answer changes nothing. */
  query_from_freedesktop (fixture, saver, "power-saver");
  g_assert_cmpuint (n_notifies, ==, 1);

  description = fb_machine_describe (saver);
  g_assert_cmpstr (description, ==,
                   "Intel(R) Xeon(R) CPU E5-2620 v4 @ 2.10GHz, 8 logical cores (4 physical), "
                   "Linux 6.1.0, governor performance, power profile power-saver");

  query_from_freedesktop (fixture, performance, "performance");
  g_assert_cmpstr (fb_machine_get_power_profile (performance), ==, "performance");

  g_assert_false (fb_machine_is_comparable (saver, performance, &reason));
  g_assert_cmpstr (reason, ==,
                   "One run used the power-saver profile and the other performance: "
                   "their times are not comparable");
  g_clear_pointer (&reason, g_free);

  g_assert_true (fb_machine_is_comparable (saver, unknown, &reason));
  g_assert_null (reason);

  g_assert_finalize_object (g_steal_pointer (&saver));
  g_assert_finalize_object (g_steal_pointer (&performance));
}

static void
test_power_profile_hadess (BusFixture    *fixture,
                           gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* An older daemon: the bus itself answers that nobody owns the
   * freedesktop name, and only the net.hadess call reaches the fake. */
  serve (fixture, HADESS_NAME, HADESS_PATH, hadess_xml);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  invocation = pop_get_active_profile (fixture, machine, &result, HADESS_PATH, HADESS_NAME);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", g_variant_new_string ("balanced")));

  g_assert_true (wait_query (machine, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fb_machine_get_power_profile (machine), ==, "balanced");

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_service_unknown (BusFixture    *fixture,
                                    gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GDBusMethodInvocation) first = NULL;
  g_autoptr(GDBusMethodInvocation) second = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  serve (fixture, FREEDESKTOP_NAME, FREEDESKTOP_PATH, freedesktop_xml);
  serve (fixture, HADESS_NAME, HADESS_PATH, hadess_xml);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  /* What a bus answers for a name nobody owns when it may not start it. */
  first = pop_get_active_profile (fixture, machine, &result, FREEDESKTOP_PATH, FREEDESKTOP_NAME);
  g_dbus_method_invocation_return_dbus_error (first,
                                              "org.freedesktop.DBus.Error.ServiceUnknown",
                                              "The name " FREEDESKTOP_NAME " was not provided by any .service files");

  second = pop_get_active_profile (fixture, machine, &result, HADESS_PATH, HADESS_NAME);
  g_dbus_method_invocation_return_value (second, g_variant_new ("(v)", g_variant_new_string ("performance")));

  g_assert_true (wait_query (machine, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (fb_machine_get_power_profile (machine), ==, "performance");

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_other_error (BusFixture    *fixture,
                                gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  serve (fixture, FREEDESKTOP_NAME, FREEDESKTOP_PATH, freedesktop_xml);
  serve (fixture, HADESS_NAME, HADESS_PATH, hadess_xml);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  /* The daemon is there and refuses: that is an error, not a reason to ask
   * under the other name (the fixture's tear-down asserts nothing else was
   * asked). */
  invocation = pop_get_active_profile (fixture, machine, &result, FREEDESKTOP_PATH, FREEDESKTOP_NAME);
  g_dbus_method_invocation_return_dbus_error (invocation,
                                              "org.freedesktop.DBus.Error.AccessDenied",
                                              "Not today");

  g_assert_false (wait_query (machine, &result, &error));
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_ACCESS_DENIED);
  g_assert_cmpstr (error->message, ==,
                   "Could not ask " FREEDESKTOP_NAME " for the active power profile: Not today");
  g_assert_null (fb_machine_get_power_profile (machine));

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_wrong_type (BusFixture    *fixture,
                               gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  serve (fixture, FREEDESKTOP_NAME, FREEDESKTOP_PATH, broken_xml);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  invocation = pop_get_active_profile (fixture, machine, &result, FREEDESKTOP_PATH, FREEDESKTOP_NAME);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", g_variant_new_uint32 (2)));

  g_assert_false (wait_query (machine, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==,
                   FREEDESKTOP_NAME " gave its ActiveProfile property as a “u”, not a string");
  g_assert_null (fb_machine_get_power_profile (machine));

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_no_daemon (BusFixture    *fixture,
                              gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_notifies = 0;

  /* Nobody owns either name: the bus answers both calls itself. */
  g_signal_connect (machine, "notify::power-profile", G_CALLBACK (count_notify_cb), &n_notifies);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  g_assert_true (wait_query (machine, &result, &error));
  g_assert_no_error (error);
  g_assert_null (fb_machine_get_power_profile (machine));
  g_assert_cmpuint (n_notifies, ==, 0);

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_daemon_gone (BusFixture    *fixture,
                                gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n_notifies = 0;
  guint name_id;

  name_id = serve (fixture, FREEDESKTOP_NAME, FREEDESKTOP_PATH, freedesktop_xml);
  g_signal_connect (machine, "notify::power-profile", G_CALLBACK (count_notify_cb), &n_notifies);

  query_from_freedesktop (fixture, machine, "balanced");
  g_assert_cmpstr (fb_machine_get_power_profile (machine), ==, "balanced");
  g_assert_cmpuint (n_notifies, ==, 1);

  /* Once the daemon is gone, its last answer is not the machine's state. */
  gt_dbus_queue_unown_name (fixture->queue, name_id);
  wait_for_name (fixture, FREEDESKTOP_NAME, FALSE);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        NULL, async_result_cb, &result);

  g_assert_true (wait_query (machine, &result, &error));
  g_assert_no_error (error);
  g_assert_null (fb_machine_get_power_profile (machine));
  g_assert_cmpuint (n_notifies, ==, 2);

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_no_system_bus (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (g_getenv ("DBUS_SYSTEM_BUS_ADDRESS"), ==, NO_SYSTEM_BUS);

  fb_machine_query_power_profile_async (machine, NULL, NULL, async_result_cb, &result);

  g_assert_true (wait_query (machine, &result, &error));
  g_assert_no_error (error);
  g_assert_null (fb_machine_get_power_profile (machine));

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_cancelled (void)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  fb_machine_query_power_profile_async (machine, NULL, cancellable, async_result_cb, &result);

  g_assert_false (wait_query (machine, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_finalize_object (g_steal_pointer (&machine));
}

static void
test_power_profile_cancelled_during_call (BusFixture    *fixture,
                                          gconstpointer  data)
{
  g_autoptr(FbMachine) machine = machine_from_fixtures ("cpuinfo-epyc-vm", NULL, 2);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GDBusMethodInvocation) invocation = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  serve (fixture, FREEDESKTOP_NAME, FREEDESKTOP_PATH, freedesktop_xml);

  fb_machine_query_power_profile_async (machine,
                                        gt_dbus_queue_get_client_connection (fixture->queue),
                                        cancellable, async_result_cb, &result);

  invocation = pop_get_active_profile (fixture, machine, &result, FREEDESKTOP_PATH, FREEDESKTOP_NAME);
  g_cancellable_cancel (cancellable);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(v)", g_variant_new_string ("performance")));

  g_assert_false (wait_query (machine, &result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (fb_machine_get_power_profile (machine));

  g_assert_finalize_object (g_steal_pointer (&machine));
}

int
main (int   argc,
      char *argv[])
{
  /* No test may reach the power-profiles-daemon of the machine running the
   * tests: the fakes are on private buses, and the system bus is nowhere.
   * Set before anything starts a thread. */
  g_setenv ("DBUS_SYSTEM_BUS_ADDRESS", NO_SYSTEM_BUS, TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Machine/cpuinfo/two-sockets-hyperthreads", test_two_sockets_hyperthreads);
  g_test_add_func ("/Forkbench/Machine/cpuinfo/no-topology", test_no_topology);
  g_test_add_func ("/Forkbench/Machine/cpuinfo/no-model-name", test_no_model_name);
  g_test_add_func ("/Forkbench/Machine/cpuinfo/one-core", test_one_core);
  g_test_add_func ("/Forkbench/Machine/cpuinfo/fewer-logical-than-host", test_fewer_logical_than_host);
  g_test_add_func ("/Forkbench/Machine/cpuinfo/missing", test_missing_cpuinfo);
  g_test_add_func ("/Forkbench/Machine/governor/missing", test_missing_governor);
  g_test_add_func ("/Forkbench/Machine/local", test_local);
  g_test_add_func ("/Forkbench/Machine/comparable/governors", test_comparable_governors);
  g_test_add_func ("/Forkbench/Machine/comparable/cpu-models", test_comparable_cpu_models);
  g_test_add ("/Forkbench/Machine/power-profile/freedesktop", BusFixture, NULL,
              bus_set_up, test_power_profile_freedesktop, bus_tear_down);
  g_test_add ("/Forkbench/Machine/power-profile/hadess-fallback", BusFixture, NULL,
              bus_set_up, test_power_profile_hadess, bus_tear_down);
  g_test_add ("/Forkbench/Machine/power-profile/service-unknown", BusFixture, NULL,
              bus_set_up, test_power_profile_service_unknown, bus_tear_down);
  g_test_add ("/Forkbench/Machine/power-profile/other-error", BusFixture, NULL,
              bus_set_up, test_power_profile_other_error, bus_tear_down);
  g_test_add ("/Forkbench/Machine/power-profile/wrong-type", BusFixture, NULL,
              bus_set_up, test_power_profile_wrong_type, bus_tear_down);
  g_test_add ("/Forkbench/Machine/power-profile/no-daemon", BusFixture, NULL,
              bus_set_up, test_power_profile_no_daemon, bus_tear_down);
  g_test_add ("/Forkbench/Machine/power-profile/daemon-gone", BusFixture, NULL,
              bus_set_up, test_power_profile_daemon_gone, bus_tear_down);
  g_test_add_func ("/Forkbench/Machine/power-profile/no-system-bus", test_power_profile_no_system_bus);
  g_test_add_func ("/Forkbench/Machine/power-profile/cancelled", test_power_profile_cancelled);
  g_test_add ("/Forkbench/Machine/power-profile/cancelled-during-call", BusFixture, NULL,
              bus_set_up, test_power_profile_cancelled_during_call, bus_tear_down);

  return g_test_run ();
}
