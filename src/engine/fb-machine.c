/* fb-machine.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FbMachine is the machine a run ran on, recorded with every run as serious
 * benchmark tools do: the CPU, how many cores, the kernel, and the two
 * settings that change how fast the same code runs on the same hardware,
 * the cpufreq governor and the power profile of power-profiles-daemon. A run
 * in power-saver mode is not comparable to one in performance mode, and a
 * report must be able to say so.
 */

#define G_LOG_DOMAIN "fb-machine"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/utsname.h>

#include "fb-machine.h"

/* How long to wait for power-profiles-daemon before giving up on it. */
#define POWER_PROFILES_TIMEOUT_MS 2000

struct _FbMachine
{
  GObject  parent_instance;

  /* Owned, NULL when unknown */
  char    *cpu_model;
  char    *kernel;
  char    *governor;
  char    *power_profile;

  guint    n_logical_cores;
  guint    n_physical_cores;
};

enum {
  PROP_0,
  PROP_CPU_MODEL,
  PROP_N_LOGICAL_CORES,
  PROP_N_PHYSICAL_CORES,
  PROP_KERNEL,
  PROP_GOVERNOR,
  PROP_POWER_PROFILE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (FbMachine, fb_machine, G_TYPE_OBJECT)

typedef struct
{
  const char *bus_name;
  const char *object_path;
  const char *interface;
} PowerProfilesService;

/* Newer releases of power-profiles-daemon answer as the freedesktop name;
 * older ones, such as Debian 12's, only as net.hadess. Ask in this order. */
static const PowerProfilesService power_profiles_services[] = {
  {
    "org.freedesktop.UPower.PowerProfiles",
    "/org/freedesktop/UPower/PowerProfiles",
    "org.freedesktop.UPower.PowerProfiles",
  },
  {
    "net.hadess.PowerProfiles",
    "/net/hadess/PowerProfiles",
    "net.hadess.PowerProfiles",
  },
};

/* Reading the machine */

/* Counts a processor's (physical id, core id) pair, once the whole block of
 * that processor was read, and forgets it for the next block. */
static void
cpuinfo_end_processor (GHashTable  *cores,
                       const char **physical_id,
                       const char **core_id)
{
  if (*physical_id != NULL && *core_id != NULL)
    g_hash_table_add (cores, g_strdup_printf ("%s:%s", *physical_id, *core_id));

  *physical_id = NULL;
  *core_id = NULL;
}

/*
 * parse_cpuinfo:
 * @contents: the text of /proc/cpuinfo
 * @model: (out) (transfer full) (nullable): the first "model name"
 * @n_cores: (out): how many distinct (physical id, core id) pairs, 0 when
 *   the file does not say (virtual machines and most ARM kernels)
 *
 * /proc/cpuinfo is one block of "key<tabs>: value" lines per logical CPU,
 * the blocks separated by an empty line.
 */
static void
parse_cpuinfo (const char  *contents,
               char       **model,
               guint       *n_cores)
{
  g_autoptr(GHashTable) cores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  const char *physical_id = NULL;
  const char *core_id = NULL;

  g_assert (model != NULL && *model == NULL);
  g_assert (n_cores != NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *colon = strchr (lines[i], ':');
      const char *key;
      const char *value;

      if (colon == NULL)
        {
          if (*g_strstrip (lines[i]) == '\0')
            cpuinfo_end_processor (cores, &physical_id, &core_id);
          continue;
        }

      *colon = '\0';
      key = g_strstrip (lines[i]);
      value = g_strstrip (colon + 1);

      /* Do not rely on the empty line alone to end a block. */
      if (strcmp (key, "processor") == 0)
        cpuinfo_end_processor (cores, &physical_id, &core_id);
      else if (strcmp (key, "model name") == 0 && *model == NULL && *value != '\0')
        *model = g_strdup (value);
      else if (strcmp (key, "physical id") == 0)
        physical_id = value;
      else if (strcmp (key, "core id") == 0)
        core_id = value;
    }

  cpuinfo_end_processor (cores, &physical_id, &core_id);

  *n_cores = g_hash_table_size (cores);
}

/* Returns: (transfer full) (nullable): the first line of a small file such
 *   as one in sysfs, or %NULL when it cannot be read or is empty */
static char *
read_first_line (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  char *newline;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_debug ("Could not read %s: %s", path, error->message);
      return NULL;
    }

  if ((newline = strchr (contents, '\n')) != NULL)
    *newline = '\0';
  g_strstrip (contents);

  if (contents[0] == '\0')
    return NULL;

  return g_steal_pointer (&contents);
}

/**
 * fb_machine_new_from_files:
 * @cpuinfo_path: a file in the format of /proc/cpuinfo
 * @governor_path: (nullable): a file in the format of
 *   /sys/devices/system/cpu/cpu0/cpufreq/scaling_governor, or %NULL for none
 * @kernel_release: (nullable): the kernel's release, as uname(2) gives it
 * @n_logical: how many logical CPUs the runs may use, at least 1
 *
 * Describes a machine from the given files, as fb_machine_new() does from
 * the real ones. A file that cannot be read leaves what it would have told
 * unknown: that is no error, a machine is always described as well as it can
 * be.
 *
 * Returns: (transfer full): a new machine
 */
FbMachine *
fb_machine_new_from_files (const char *cpuinfo_path,
                           const char *governor_path,
                           const char *kernel_release,
                           guint       n_logical)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *cpuinfo = NULL;
  FbMachine *self;
  guint n_physical = 0;

  g_return_val_if_fail (cpuinfo_path != NULL, NULL);
  g_return_val_if_fail (n_logical > 0, NULL);

  self = g_object_new (FB_TYPE_MACHINE, NULL);
  self->n_logical_cores = n_logical;

  if (kernel_release != NULL && kernel_release[0] != '\0')
    self->kernel = g_strdup (kernel_release);

  if (g_file_get_contents (cpuinfo_path, &cpuinfo, NULL, &error))
    parse_cpuinfo (cpuinfo, &self->cpu_model, &n_physical);
  else
    g_debug ("Could not read the CPUs of the machine: %s", error->message);

  /* g_get_num_processors() counts the CPUs this process may run on, while
   * /proc/cpuinfo lists every CPU of the host: in a container given 2 of a
   * host's 64 CPUs, the runs had 2 cores at most, not the host's 32. */
  if (n_physical > 0)
    self->n_physical_cores = MIN (n_physical, n_logical);
  else
    self->n_physical_cores = n_logical;

  if (governor_path != NULL)
    self->governor = read_first_line (governor_path);

  return self;
}

/**
 * fb_machine_new_from_values:
 * @cpu_model: (nullable): the CPU's name
 * @n_logical: logical cores, at least 1
 * @n_physical: (nullable): physical cores, at most @n_logical, or 0 for as
 *   many as @n_logical
 * @kernel: (nullable): the kernel's release
 * @governor: (nullable): the CPU frequency governor
 * @power_profile: (nullable): the power profile
 *
 * A machine described by what was said of it before: a run read back.
 *
 * Returns: (transfer full): a new machine
 */
FbMachine *
fb_machine_new_from_values (const char *cpu_model,
                            guint       n_logical,
                            guint       n_physical,
                            const char *kernel,
                            const char *governor,
                            const char *power_profile)
{
  FbMachine *self;

  g_return_val_if_fail (n_logical > 0, NULL);

  self = g_object_new (FB_TYPE_MACHINE, NULL);
  self->cpu_model = g_strdup (cpu_model);
  self->n_logical_cores = n_logical;
  self->n_physical_cores = n_physical > 0 ? MIN (n_physical, n_logical) : n_logical;
  self->kernel = g_strdup (kernel);
  self->governor = g_strdup (governor);
  self->power_profile = g_strdup (power_profile);

  return self;
}

/**
 * fb_machine_new:
 *
 * Describes the machine this runs on, from /proc/cpuinfo, uname(2) and
 * sysfs. This is cheap and does not block on anything but those files; the
 * power profile takes a D-Bus call, see
 * fb_machine_query_power_profile_async().
 *
 * Returns: (transfer full): a new machine
 */
FbMachine *
fb_machine_new (void)
{
  struct utsname uts;
  const char *release = NULL;

  if (uname (&uts) == 0)
    release = uts.release;

  return fb_machine_new_from_files ("/proc/cpuinfo",
                                    "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
                                    release,
                                    g_get_num_processors ());
}

/* Getters */

/**
 * fb_machine_get_cpu_model:
 *
 * Returns: the CPU's model name, or "unknown"
 */
const char *
fb_machine_get_cpu_model (FbMachine *self)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), NULL);

  return self->cpu_model != NULL ? self->cpu_model : "unknown";
}

/**
 * fb_machine_get_n_logical_cores:
 *
 * Returns: how many logical CPUs the runs could use
 */
guint
fb_machine_get_n_logical_cores (FbMachine *self)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), 0);

  return self->n_logical_cores;
}

/**
 * fb_machine_get_n_physical_cores:
 *
 * Returns: how many physical cores those logical CPUs are on; the logical
 *   count when the machine does not say
 */
guint
fb_machine_get_n_physical_cores (FbMachine *self)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), 0);

  return self->n_physical_cores;
}

/**
 * fb_machine_get_kernel:
 *
 * Returns: the kernel's release, such as "6.1.0-18-amd64", or "unknown"
 */
const char *
fb_machine_get_kernel (FbMachine *self)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), NULL);

  return self->kernel != NULL ? self->kernel : "unknown";
}

/**
 * fb_machine_get_governor:
 *
 * Returns: (nullable): the cpufreq governor of the first CPU, such as
 *   "performance" or "powersave", or %NULL when the machine has none
 */
const char *
fb_machine_get_governor (FbMachine *self)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), NULL);

  return self->governor;
}

/**
 * fb_machine_get_power_profile:
 *
 * Returns: (nullable): the power profile power-profiles-daemon had active,
 *   such as "power-saver", "balanced" or "performance", or %NULL when it was
 *   not asked yet or is not running
 */
const char *
fb_machine_get_power_profile (FbMachine *self)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), NULL);

  return self->power_profile;
}

static void
fb_machine_set_power_profile (FbMachine  *self,
                              const char *power_profile)
{
  g_assert (FB_IS_MACHINE (self));

  if (power_profile != NULL && power_profile[0] == '\0')
    power_profile = NULL;

  if (g_strcmp0 (self->power_profile, power_profile) != 0)
    {
      g_free (self->power_profile);
      self->power_profile = g_strdup (power_profile);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_POWER_PROFILE]);
    }
}

/* The power profile */

typedef struct
{
  GDBusConnection *connection;
  guint            service;  /* index in power_profiles_services */
} Query;

static void
query_free (gpointer data)
{
  Query *query = data;

  g_clear_object (&query->connection);
  g_free (query);
}

static void query_service (GTask *task);

/* What the bus daemon answers for a name nobody owns: ServiceUnknown, or
 * NameHasNoOwner when it was asked not to start the service. */
static gboolean
is_no_owner_error (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER);
}

/* Neither power-profiles-daemon nor a system bus: normal on servers and in
 * containers, so the profile is unknown rather than the query failed. */
static void
query_return_no_daemon (GTask *task)
{
  FbMachine *self = g_task_get_source_object (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  fb_machine_set_power_profile (self, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
get_active_profile_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  GDBusConnection *connection = G_DBUS_CONNECTION (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;
  g_autoptr(GError) error = NULL;
  FbMachine *self = g_task_get_source_object (task);
  Query *query = g_task_get_task_data (task);
  const char *bus_name = power_profiles_services[query->service].bus_name;

  g_assert (FB_IS_MACHINE (self));

  reply = g_dbus_connection_call_finish (connection, result, &error);

  if (reply == NULL && is_no_owner_error (error))
    {
      g_debug ("%s is not on the bus: %s", bus_name, error->message);

      if (++query->service < G_N_ELEMENTS (power_profiles_services))
        query_service (g_steal_pointer (&task));
      else
        query_return_no_daemon (task);

      return;
    }

  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_dbus_error_strip_remote_error (error);
          /* TRANSLATORS: %s is the D-Bus name of power-profiles-daemon; an
           * error message follows the colon */
          g_prefix_error (&error, _("Could not ask %s for the active power profile: "), bus_name);
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Any service may answer on the bus: say what was wrong with it rather
   * than letting GDBus say which type it expected. */
  if (!g_variant_is_of_type (reply, G_VARIANT_TYPE ("(v)")))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* TRANSLATORS: %s is the D-Bus name of power-profiles-daemon,
                                * “%s” a D-Bus type signature; ActiveProfile is a D-Bus
                                * property: do not translate it */
                               _("%s answered a request for its ActiveProfile property with “%s”, not a variant"),
                               bus_name, g_variant_get_type_string (reply));
      return;
    }

  g_variant_get (reply, "(v)", &value);

  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* TRANSLATORS: %s is the D-Bus name of power-profiles-daemon,
                                * “%s” a D-Bus type signature; ActiveProfile is a D-Bus
                                * property: do not translate it */
                               _("%s gave its ActiveProfile property as a “%s”, not a string"),
                               bus_name, g_variant_get_type_string (value));
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  fb_machine_set_power_profile (self, g_variant_get_string (value, NULL));
  g_task_return_boolean (task, TRUE);
}

/* Asks the service query->service for its ActiveProfile. Takes @task. */
static void
query_service (GTask *task)
{
  Query *query = g_task_get_task_data (task);
  const PowerProfilesService *service;

  g_assert (query->service < G_N_ELEMENTS (power_profiles_services));

  service = &power_profiles_services[query->service];

  g_dbus_connection_call (query->connection,
                          service->bus_name,
                          service->object_path,
                          "org.freedesktop.DBus.Properties",
                          "Get",
                          g_variant_new ("(ss)", service->interface, "ActiveProfile"),
                          NULL, /* checked in the callback */
                          G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          POWER_PROFILES_TIMEOUT_MS,
                          g_task_get_cancellable (task),
                          get_active_profile_cb,
                          task);
}

static void
system_bus_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  Query *query = g_task_get_task_data (task);

  query->connection = g_bus_get_finish (result, &error);

  if (query->connection == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_debug ("No system bus to ask for the power profile: %s", error->message);
          query_return_no_daemon (task);
        }
      return;
    }

  query_service (g_steal_pointer (&task));
}

/**
 * fb_machine_query_power_profile_async:
 * @connection: (nullable): the system bus, or %NULL to connect to it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the profile is known
 * @user_data: data for @callback
 *
 * Asks power-profiles-daemon which power profile is active, under its
 * current bus name and then under the older net.hadess one, and sets
 * #FbMachine:power-profile from the answer. When neither name is on the bus,
 * or there is no system bus at all, the power profile becomes %NULL and the
 * query still succeeds: a machine without the daemon is normal.
 *
 * The daemon is never started for this. Call
 * fb_machine_query_power_profile_finish() from @callback.
 */
void
fb_machine_query_power_profile_async (FbMachine           *self,
                                      GDBusConnection     *connection,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Query *query;

  g_return_if_fail (FB_IS_MACHINE (self));
  g_return_if_fail (!connection || G_IS_DBUS_CONNECTION (connection));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_machine_query_power_profile_async);

  query = g_new0 (Query, 1);
  g_task_set_task_data (task, query, query_free);

  if (connection != NULL)
    {
      query->connection = g_object_ref (connection);
      query_service (g_steal_pointer (&task));
    }
  else
    g_bus_get (G_BUS_TYPE_SYSTEM, cancellable, system_bus_cb, g_steal_pointer (&task));
}

/**
 * fb_machine_query_power_profile_finish:
 *
 * Returns: %TRUE when the power profile is known or known to be unknown (no
 *   daemon), %FALSE with @error set when the daemon could not be asked or
 *   gave a wrong answer (%G_IO_ERROR_INVALID_DATA)
 */
gboolean
fb_machine_query_power_profile_finish (FbMachine     *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (FB_IS_MACHINE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == fb_machine_query_power_profile_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Comparing and describing */

static gboolean
both_known_and_differ (const char *a,
                       const char *b)
{
  return a != NULL && b != NULL && strcmp (a, b) != 0;
}

G_GNUC_PRINTF (2, 3)
static gboolean
not_comparable (char       **reason,
                const char  *format,
                ...)
{
  if (reason != NULL)
    {
      va_list args;

      va_start (args, format);
      *reason = g_strdup_vprintf (format, args);
      va_end (args);
    }

  return FALSE;
}

/**
 * fb_machine_is_comparable:
 * @a: the machine of one run
 * @b: the machine of another run
 * @reason: (out) (optional) (nullable) (transfer full): why they are not
 *   comparable, as a sentence for a report, or %NULL when they are
 *
 * Whether the times of runs on @a and @b may be compared: not when they ran
 * under different power profiles or cpufreq governors, or on different CPU
 * models. What is unknown on either side is not held against them.
 *
 * Returns: %TRUE when they are comparable
 */
gboolean
fb_machine_is_comparable (FbMachine  *a,
                          FbMachine  *b,
                          char      **reason)
{
  if (reason != NULL)
    *reason = NULL;

  g_return_val_if_fail (FB_IS_MACHINE (a), FALSE);
  g_return_val_if_fail (FB_IS_MACHINE (b), FALSE);

  if (both_known_and_differ (a->power_profile, b->power_profile))
    return not_comparable (reason,
                           /* TRANSLATORS: the power profiles of two runs, such as
                            * "power-saver" and "performance" */
                           _("One run used the %s profile and the other %s: their times are not comparable"),
                           a->power_profile, b->power_profile);

  if (both_known_and_differ (a->governor, b->governor))
    return not_comparable (reason,
                           /* TRANSLATORS: the cpufreq governors of two runs, such as
                            * "powersave" and "performance" */
                           _("One run used the %s CPU frequency governor and the other %s: their times are not comparable"),
                           a->governor, b->governor);

  if (both_known_and_differ (a->cpu_model, b->cpu_model))
    return not_comparable (reason,
                           /* TRANSLATORS: the model names of two CPUs */
                           _("The runs were on different CPUs, %s and %s: their times are not comparable"),
                           a->cpu_model, b->cpu_model);

  return TRUE;
}

/**
 * fb_machine_describe:
 *
 * Describes the machine in one line for a text report, leaving out what is
 * unknown: "AMD EPYC 7B13, 2 logical cores (2 physical), Linux 6.1.0,
 * governor performance, power profile balanced".
 *
 * Returns: (transfer full): the description
 */
char *
fb_machine_describe (FbMachine *self)
{
  GString *str;

  g_return_val_if_fail (FB_IS_MACHINE (self), NULL);

  str = g_string_new (NULL);

  if (self->cpu_model != NULL)
    g_string_append_printf (str, "%s, ", self->cpu_model);

  g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: how many logical cores (CPU threads) the machine
                                             * has, and on how many physical cores they are */
                                            "%u logical core (%u physical)",
                                            "%u logical cores (%u physical)",
                                            self->n_logical_cores),
                          self->n_logical_cores, self->n_physical_cores);

  if (self->kernel != NULL)
    {
      g_string_append (str, ", ");
      /* TRANSLATORS: the kernel's release, such as "6.1.0-18-amd64" */
      g_string_append_printf (str, _("Linux %s"), self->kernel);
    }

  if (self->governor != NULL)
    {
      g_string_append (str, ", ");
      /* TRANSLATORS: the cpufreq governor's name, such as "performance" */
      g_string_append_printf (str, _("governor %s"), self->governor);
    }

  if (self->power_profile != NULL)
    {
      g_string_append (str, ", ");
      /* TRANSLATORS: the power profile's name, such as "balanced" */
      g_string_append_printf (str, _("power profile %s"), self->power_profile);
    }

  return g_string_free (str, FALSE);
}

/* GObject */

static void
fb_machine_finalize (GObject *object)
{
  FbMachine *self = (FbMachine *)object;

  g_clear_pointer (&self->cpu_model, g_free);
  g_clear_pointer (&self->kernel, g_free);
  g_clear_pointer (&self->governor, g_free);
  g_clear_pointer (&self->power_profile, g_free);

  G_OBJECT_CLASS (fb_machine_parent_class)->finalize (object);
}

static void
fb_machine_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FbMachine *self = FB_MACHINE (object);

  switch (prop_id)
    {
    case PROP_CPU_MODEL:
      g_value_set_string (value, fb_machine_get_cpu_model (self));
      break;

    case PROP_N_LOGICAL_CORES:
      g_value_set_uint (value, self->n_logical_cores);
      break;

    case PROP_N_PHYSICAL_CORES:
      g_value_set_uint (value, self->n_physical_cores);
      break;

    case PROP_KERNEL:
      g_value_set_string (value, fb_machine_get_kernel (self));
      break;

    case PROP_GOVERNOR:
      g_value_set_string (value, self->governor);
      break;

    case PROP_POWER_PROFILE:
      g_value_set_string (value, self->power_profile);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_machine_class_init (FbMachineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_machine_finalize;
  object_class->get_property = fb_machine_get_property;

  /**
   * FbMachine:cpu-model:
   *
   * The CPU's model name from /proc/cpuinfo, or "unknown".
   */
  properties [PROP_CPU_MODEL] =
    g_param_spec_string ("cpu-model", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbMachine:n-logical-cores:
   *
   * How many logical CPUs the runs could use.
   */
  properties [PROP_N_LOGICAL_CORES] =
    g_param_spec_uint ("n-logical-cores", NULL, NULL,
                       1, G_MAXUINT, 1,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbMachine:n-physical-cores:
   *
   * How many physical cores those logical CPUs are on.
   */
  properties [PROP_N_PHYSICAL_CORES] =
    g_param_spec_uint ("n-physical-cores", NULL, NULL,
                       1, G_MAXUINT, 1,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbMachine:kernel:
   *
   * The kernel's release, as uname(2) gives it, or "unknown".
   */
  properties [PROP_KERNEL] =
    g_param_spec_string ("kernel", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbMachine:governor:
   *
   * The cpufreq governor of the first CPU, or %NULL when there is none.
   */
  properties [PROP_GOVERNOR] =
    g_param_spec_string ("governor", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbMachine:power-profile:
   *
   * The active profile of power-profiles-daemon, or %NULL when it is
   * unknown. Set by fb_machine_query_power_profile_async().
   */
  properties [PROP_POWER_PROFILE] =
    g_param_spec_string ("power-profile", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_machine_init (FbMachine *self)
{
  self->n_logical_cores = 1;
  self->n_physical_cores = 1;
}
