/* fb-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-application"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-application.h"
#include "fb-window.h"

struct _FbApplication
{
  AdwApplication parent_instance;

  guint          run_on_start : 1;
};

G_DEFINE_FINAL_TYPE (FbApplication, fb_application, ADW_TYPE_APPLICATION)

static FbWindow *
get_window (FbApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (fb_window_new (self));

  return FB_WINDOW (window);
}

static void
fb_application_activate (GApplication *app)
{
  FbApplication *self = FB_APPLICATION (app);
  FbWindow *window = get_window (self);

  gtk_window_present (GTK_WINDOW (window));

  if (self->run_on_start)
    {
      self->run_on_start = FALSE;
      gtk_widget_activate_action (GTK_WIDGET (window), "win.start", NULL);
    }
}

static void
fb_application_open (GApplication  *app,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  FbApplication *self = FB_APPLICATION (app);
  FbWindow *window = get_window (self);

  /* One workload at a time: the last one named is the one shown. */
  if (n_files > 0)
    fb_window_open_file (window, files[n_files - 1]);

  fb_application_activate (app);
}

static int
fb_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  FbApplication *self = FB_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("forkbench %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "run"))
    self->run_on_start = TRUE;

  return -1;
}

/* The launcher's action: the default lesson, running. */
static void
run_lesson_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  FbWindow *window = get_window (FB_APPLICATION (user_data));

  gtk_window_present (GTK_WINDOW (window));
  fb_window_run_lesson (window);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* Every shortcut of the app, in the order of the shortcuts window. */
static const FbAccel accels[] = {
  { "win.start", { "<Control>Return", NULL } },
  { "win.sweep", { "<Control><Shift>Return", NULL } },
  { "win.stop", { "Escape", NULL } },
  { "win.new", { "<Control>n", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "app.quit", { "<Control>q", NULL } },
};

/**
 * fb_application_get_accels:
 * @n_accels: (out): how many
 *
 * Returns: (array length=n_accels): every shortcut the app sets
 */
const FbAccel *
fb_application_get_accels (guint *n_accels)
{
  *n_accels = G_N_ELEMENTS (accels);
  return accels;
}

static void
fb_application_startup (GApplication *app)
{
  static const GActionEntry actions[] = {
    { "quit", quit_action },
    { "run-lesson", run_lesson_action },
  };

  G_APPLICATION_CLASS (fb_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), actions, G_N_ELEMENTS (actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);
}

static void
fb_application_class_init (FbApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = fb_application_activate;
  app_class->open = fb_application_open;
  app_class->startup = fb_application_startup;
  app_class->handle_local_options = fb_application_handle_local_options;
}

static void
fb_application_init (FbApplication *self)
{
  static const GOptionEntry options[] = {
    { "run", 'r', 0, G_OPTION_ARG_NONE, NULL, N_("Run the workload as soon as the window opens"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and quit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[WORKLOAD…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("See what processes and threads do differently."));
}

FbApplication *
fb_application_new (void)
{
  return g_object_new (FB_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/forkbench/Forkbench",
                       NULL);
}
