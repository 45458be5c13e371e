/* fb-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: a shell around the library, the editor, the run and
 * the results. It keeps which workload is shown and where it came from,
 * and turns the user's commands into what the views do.
 */

#define G_LOG_DOMAIN "fb-window"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "fb-chart-export.h"
#include "fb-editor-view.h"
#include "fb-flat-bin.h"
#include "fb-library-view.h"
#include "fb-preferences-window.h"
#include "fb-history-view.h"
#include "fb-results-view.h"
#include "fb-run-view.h"
#include "fb-window.h"

/* The lesson shown on first start: one click shows it. */
#define DEFAULT_PRESET "gil-bound"

/* A run at least this long is worth a notification when it ends unseen. */
#define LONG_RUN_US (10 * G_USEC_PER_SEC)

struct _FbWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  GtkButton            *back_button;
  FbEditorView         *editor;
  FbLibraryView        *library;
  AdwLeaflet           *leaflet;
  FbHistoryView        *history_view;
  FbResultsView        *results;
  FbRunView            *run_view;
  AdwViewStack         *stack;
  GtkButton            *start_button;
  GtkButton            *stop_button;
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay      *toasts;

  /* Owned */
  FbHistory            *history;
  FbHistoryEntry       *opening;
  GCancellable         *cancellable;
  GFile                *file;
  char                 *preset;
  char                 *lesson;
  GtkNativeDialog      *dialog;
  char                 *last_toast;
  AdwToast             *last_toast_shown;   /* weak */
  GSettings            *settings;
  char                 *last_notification;
  gint64                run_started_us;
  guint                 inhibit_cookie;
  guint                 inhibiting : 1;
};

G_DEFINE_FINAL_TYPE (FbWindow, fb_window, ADW_TYPE_APPLICATION_WINDOW)

static AdwToast *
toast (FbWindow   *self,
       const char *message)
{
  AdwToast *t = adw_toast_new (message);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
  g_set_weak_pointer (&self->last_toast_shown, t);
  adw_toast_set_timeout (t, 6);
  adw_toast_overlay_add_toast (self->toasts, t);

  return t;
}

/* The run an export of @what holds: a chart is the last run's, as the run
 * page draws it; the data is the run the results show (the last one, or
 * one opened from the history), or else the last run. */
static FbRun *
export_run (FbWindow   *self,
            const char *what)
{
  FbRun *run = NULL;

  if (!g_str_has_prefix (what, "cpu-") && !g_str_has_prefix (what, "throughput-"))
    run = fb_results_view_get_run (self->results);
  return run != NULL ? run : fb_run_view_get_run (self->run_view);
}

static void
update_actions (FbWindow *self)
{
  gboolean running = fb_run_view_get_running (self->run_view);
  gboolean valid = fb_editor_view_get_valid (self->editor);
  FbWorkload *workload = fb_editor_view_get_workload (self->editor);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start", valid && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sweep", valid && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.duplicate", valid);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.delete", self->file != NULL && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export",
                                 !running && export_run (self, "csv") != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->start_button), !running);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), running);

  adw_view_switcher_title_set_subtitle (self->switcher_title, fb_workload_get_name (workload));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->start_button),
                               valid ? _("Start (Ctrl+Enter)") : fb_editor_view_get_error (self->editor));
}

/* Shows @workload, loaded from @file or the preset @preset. */
static void
show_workload (FbWindow   *self,
               FbWorkload *workload,
               GFile      *file,
               const char *preset)
{
  g_set_object (&self->file, file);
  g_free (self->preset);
  self->preset = g_strdup (preset);
  g_free (self->lesson);
  self->lesson = g_strdup (fb_workload_get_description (workload));

  fb_editor_view_set_workload (self->editor, workload);
  fb_results_view_set_run (self->results, NULL, NULL);
  fb_results_view_set_caption (self->results, NULL);
  adw_view_stack_set_visible_child_name (self->stack, "editor");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_actions (self);
}

static void
workload_activated_cb (FbWindow      *self,
                       FbWorkload    *workload,
                       GFile         *file,
                       const char    *preset,
                       FbLibraryView *library)
{
  if (fb_run_view_get_running (self->run_view))
    {
      toast (self, _("Stop the run before choosing another workload"));
      return;
    }

  show_workload (self, workload, file, preset);
}

/**
 * fb_window_open_file:
 *
 * Opens the workload in @file. If it cannot be read, the window says why
 * and shows what it showed before.
 */
void
fb_window_open_file (FbWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(GFile) dir = fb_library_view_get_user_dir ();
  g_autoptr(GFile) parent = NULL;

  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (fb_run_view_get_running (self->run_view))
    {
      toast (self, _("Stop the run before opening another workload"));
      return;
    }

  if (!(workload = fb_workload_new_from_file (file, &error)))
    {
      toast (self, error->message);
      return;
    }

  show_workload (self, workload, file, NULL);

  /* One of the user's own: show it selected in the library. */
  parent = g_file_get_parent (file);
  fb_library_view_select_file (self->library, parent && g_file_equal (parent, dir) ? file : NULL);
}

static void
editor_changed_cb (FbWindow     *self,
                   FbEditorView *editor)
{
  update_actions (self);
}

/* A run is going: the machine must not fall asleep under it. */
static void
inhibit_suspend (FbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->inhibiting)
    return;

  self->inhibiting = TRUE;
  if (app != NULL)
    self->inhibit_cookie = gtk_application_inhibit (app, GTK_WINDOW (self),
                                                    GTK_APPLICATION_INHIBIT_SUSPEND,
                                                    _("A workload is running"));
}

static void
uninhibit_suspend (FbWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL && self->inhibit_cookie != 0)
    gtk_application_uninhibit (app, self->inhibit_cookie);
  self->inhibit_cookie = 0;
  self->inhibiting = FALSE;
}

/* Says that a long run ended, with its verdict, to someone who is not
 * looking at the window. */
static void
notify_finished (FbWindow *self,
                 FbRun    *run,
                 GError   *error)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  const char *title;

  if (!g_settings_get_boolean (self->settings, "notify-when-finished")
      || gtk_window_is_active (GTK_WINDOW (self))
      || g_get_monotonic_time () - self->run_started_us < LONG_RUN_US
      || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (error != NULL)
    {
      title = _("The run failed");
      body = g_strdup (error->message);
    }
  else
    {
      title = _("The run finished");
      body = fb_run_dup_verdict (run);
    }

  g_free (self->last_notification);
  self->last_notification = g_strdup_printf ("%s: %s", title, body);

  if (app == NULL)
    return;

  /* Without a default action, clicking it brings the app back. */
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_application_send_notification (app, "run-finished", notification);
}

static void
history_added_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (fb_history_add_finish (FB_HISTORY (object), result, &error) == NULL && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = g_strdup_printf (_("The run could not be kept: %s"), error->message);

      g_warning ("%s", message);
      toast (FB_WINDOW (user_data), message);
    }
}

static void
history_loaded_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  if (!fb_history_load_finish (FB_HISTORY (object), result, &n_skipped, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Kept runs could not be listed: %s"), error->message);

          g_warning ("%s", message);
          toast (FB_WINDOW (user_data), message);
        }
      return;
    }

  if (n_skipped > 0)
    {
      g_autofree char *message =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u kept run could not be read and is not listed",
                                      "%u kept runs could not be read and are not listed", n_skipped),
                         n_skipped);

      toast (FB_WINDOW (user_data), message);
    }
}

static void
history_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRun) run = fb_history_open_finish (FB_HISTORY (object), result, &error);
  g_autoptr(FbHistoryEntry) entry = NULL;
  g_autofree char *title = NULL;
  g_autofree char *caption = NULL;
  FbWindow *self;

  /* Cancelled when the window goes: it is not to be touched then. */
  if (run == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = FB_WINDOW (user_data);
  entry = g_steal_pointer (&self->opening);
  if (entry == NULL)
    return;

  if (run == NULL)
    {
      toast (self, error->message);
      return;
    }

  title = fb_history_entry_dup_title (entry);
  caption = fb_history_entry_get_has_timelines (entry)
              ? g_strdup_printf (_("Kept run: %s"), title)
              /* TRANSLATORS: %s is a kept run's name and date */
              : g_strdup_printf (_("Kept run: %s. It had too many tasks to keep its timelines."), title);

  fb_results_view_set_run (self->results, run, fb_history_entry_get_lesson (entry));
  fb_results_view_set_caption (self->results, caption);
  adw_view_stack_set_visible_child_name (self->stack, "results");
  /* The row that opened it is gone from view: the focus goes to what the
   * run says, rather than wherever GTK moves it. */
  fb_results_view_focus_verdict (self->results);
  update_actions (self);
}

static void
history_run_activated_cb (FbWindow       *self,
                          FbHistoryEntry *entry,
                          FbHistoryView  *view)
{
  g_set_object (&self->opening, entry);
  fb_history_open_async (self->history, entry, self->cancellable, history_opened_cb, self);
}

/* What a deletion took away, kept for its toast's Undo: a workload's file
 * and what it held, or a kept run. */
typedef struct
{
  FbWindow       *window;
  GFile          *file;
  GBytes         *contents;
  FbHistoryEntry *entry;   /* the kept run, or NULL for a workload */
} Deleted;

static void
deleted_free (gpointer data)
{
  Deleted *deleted = data;

  g_object_unref (deleted->file);
  g_bytes_unref (deleted->contents);
  g_clear_object (&deleted->entry);
  g_free (deleted);
}

static void
undo_delete_cb (AdwToast *t,
                Deleted  *deleted)
{
  g_autoptr(GError) error = NULL;
  FbWindow *self = deleted->window;
  gsize length;
  const char *data = g_bytes_get_data (deleted->contents, &length);

  if (deleted->entry != NULL)
    {
      if (!fb_history_restore (self->history, deleted->entry, deleted->contents, &error))
        toast (self, error->message);
      return;
    }

  if (!g_file_replace_contents (deleted->file, data, length, NULL, FALSE, G_FILE_CREATE_NONE, NULL, NULL, &error))
    {
      toast (self, error->message);
      return;
    }

  fb_library_view_reload (self->library);
  fb_window_open_file (self, deleted->file);
}

/* Says @message with an Undo that puts back what @deleted holds. */
static void
toast_undo (FbWindow   *self,
            const char *message,
            Deleted    *deleted)
{
  AdwToast *t = toast (self, message);

  adw_toast_set_button_label (t, _("_Undo"));
  adw_toast_set_priority (t, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (t, "button-clicked", G_CALLBACK (undo_delete_cb), deleted,
                         (GClosureNotify) (void (*) (void)) deleted_free, 0);
}

static void
history_delete_requested_cb (FbWindow       *self,
                             FbHistoryEntry *entry,
                             FbHistoryView  *view)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  GBytes *contents;
  Deleted *deleted;

  contents = fb_history_remove (self->history, entry, &error);
  if (contents == NULL)
    {
      toast (self, error->message);
      return;
    }

  deleted = g_new0 (Deleted, 1);
  deleted->window = self;
  deleted->file = g_object_ref (fb_history_entry_get_file (entry));
  deleted->contents = contents;
  deleted->entry = g_object_ref (entry);

  message = g_strdup_printf (_("Run of “%s” deleted"), fb_history_entry_get_name (entry));
  toast_undo (self, message, deleted);
}

static void
history_error_cb (FbWindow      *self,
                  const char    *message,
                  FbHistoryView *view)
{
  toast (self, message);
}

static void
run_finished_cb (FbWindow  *self,
                 FbRun     *run,
                 GError    *error,
                 FbRunView *view)
{
  uninhibit_suspend (self);
  notify_finished (self, run, error);
  update_actions (self);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      toast (self, error->message);
      return;
    }

  fb_results_view_set_run (self->results, run, self->lesson);
  fb_results_view_set_caption (self->results, NULL);
  adw_view_stack_set_visible_child_name (self->stack, "results");
  update_actions (self);

  if (error != NULL)
    toast (self, _("Stopped: the results show what finished"));

  if (fb_run_get_reports (run)->len > 0)
    fb_history_add_async (self->history, run, self->lesson, NULL, self->cancellable, history_added_cb, self);
}

/* Starts the workload in the editor: a run, or a sweep from one worker to
 * @sweep_to when it is not 0. */
static void
start (FbWindow *self,
       guint     sweep_to)
{
  FbWorkload *workload = fb_editor_view_get_workload (self->editor);

  if (!fb_editor_view_get_valid (self->editor))
    {
      toast (self, fb_editor_view_get_error (self->editor));
      adw_view_stack_set_visible_child_name (self->stack, "editor");
      return;
    }

  adw_view_stack_set_visible_child_name (self->stack, "run");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  self->run_started_us = g_get_monotonic_time ();
  if (sweep_to > 0)
    fb_run_view_start_sweep (self->run_view, workload, sweep_to);
  else
    fb_run_view_start (self->run_view, workload);
  inhibit_suspend (self);
  update_actions (self);
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start (FB_WINDOW (widget), 0);
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (fb_preferences_window_new (GTK_WINDOW (self), self->settings)));
}

static void
about_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  static const char *developers[] = { "The Forkbench developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", widget,
                        "modal", TRUE,
                        "application-name", _("Forkbench"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Forkbench developers"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "comments", _("Run a workload through a process pool and a thread pool, watch every core "
                                      "live, and learn with numbers which one wins and why."),
                        "website", "https://github.com/forkbench/forkbench",
                        "issue-url", "https://github.com/forkbench/forkbench/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Forkbench developers",
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

/* The sweep goes from one worker to the workload's count, or to the
 * machine's cores when the workload asks for fewer than two. */
static guint
sweep_max_workers (FbWindow *self)
{
  guint workers = fb_workload_get_workers (fb_editor_view_get_workload (self->editor));

  return workers >= 2 ? workers : MAX (2, g_get_num_processors ());
}

static void
sweep_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  start (self, sweep_max_workers (self));
}

static void
stop_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  fb_run_view_stop (FB_WINDOW (widget)->run_view);
}

static void
open_response_cb (FbWindow             *self,
                  int                   response,
                  GtkFileChooserNative *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      fb_window_open_file (self, file);
    }

  g_clear_object (&self->dialog);
}

static GtkFileFilter *
workload_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workloads"));
  gtk_file_filter_add_mime_type (filter, "application/x-forkbench-workload");
  gtk_file_filter_add_mime_type (filter, "application/json");
  gtk_file_filter_add_suffix (filter, "json");
  return filter;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  GtkFileChooserNative *dialog;

  /* A native dialog goes through the file chooser portal in a sandbox:
   * the app needs no access to the user's files to open one. */
  dialog = gtk_file_chooser_native_new (_("Open Workload"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), workload_filter ());
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (open_response_cb), self);
  g_set_object (&self->dialog, GTK_NATIVE_DIALOG (dialog));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
}

static gboolean
save_to (FbWindow *self,
         GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (file);

  if (parent != NULL)
    g_file_make_directory_with_parents (parent, NULL, NULL);

  if (!fb_workload_save (fb_editor_view_get_workload (self->editor), file, &error))
    {
      toast (self, error->message);
      return FALSE;
    }

  g_set_object (&self->file, file);
  g_clear_pointer (&self->preset, g_free);
  fb_library_view_reload (self->library);
  fb_library_view_select_file (self->library, file);
  update_actions (self);
  return TRUE;
}

static void
save_response_cb (FbWindow             *self,
                  int                   response,
                  GtkFileChooserNative *dialog)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (save_to (self, file))
        toast (self, _("Saved"));
    }

  g_clear_object (&self->dialog);
}

/* A file name in the user's folder that does not exist yet. */
static GFile *
new_file_for (const char *name)
{
  g_autoptr(GFile) dir = fb_library_view_get_user_dir ();
  g_autoptr(GString) base = g_string_new (NULL);

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        g_string_append_unichar (base, g_unichar_tolower (c));
      else if (base->len > 0 && base->str[base->len - 1] != '-')
        g_string_append_c (base, '-');
    }
  if (base->len == 0)
    g_string_append (base, "workload");

  for (guint i = 1; ; i++)
    {
      g_autofree char *file_name = i == 1 ? g_strdup_printf ("%s.forkbench.json", base->str)
                                          : g_strdup_printf ("%s-%u.forkbench.json", base->str, i);
      g_autoptr(GFile) file = g_file_get_child (dir, file_name);

      if (!g_file_query_exists (file, NULL))
        return g_steal_pointer (&file);
    }
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(GFile) suggested = new_file_for (fb_workload_get_name (fb_editor_view_get_workload (self->editor)));
  g_autoptr(GFile) dir = g_file_get_parent (suggested);
  g_autofree char *basename = g_file_get_basename (suggested);
  GtkFileChooserNative *dialog;

  g_file_make_directory_with_parents (dir, NULL, NULL);

  dialog = gtk_file_chooser_native_new (_("Save Workload"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), workload_filter ());
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), dir, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), basename);
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (save_response_cb), self);
  g_set_object (&self->dialog, GTK_NATIVE_DIALOG (dialog));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
}

/* What can be exported, and how its file is named. */
static const struct {
  const char *what;
  const char *suffix;
  const char *title;
  const char *mime_type;
} exports[] = {
  { "cpu-png", "cores.png", N_("Export the Per-Core Chart"), "image/png" },
  { "cpu-svg", "cores.svg", N_("Export the Per-Core Chart"), "image/svg+xml" },
  { "throughput-png", "throughput.png", N_("Export the Throughput Chart"), "image/png" },
  { "throughput-svg", "throughput.svg", N_("Export the Throughput Chart"), "image/svg+xml" },
  { "csv", "csv", N_("Export the Results"), "text/csv" },
  { "json", "json", N_("Export the Results"), "application/json" },
};

#define EXPORT_WIDTH  1200
#define EXPORT_HEIGHT 500

static int
find_export (const char *what)
{
  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    if (g_strcmp0 (exports[i].what, what) == 0)
      return i;
  return -1;
}

/**
 * fb_window_export:
 * @what: "cpu-png", "cpu-svg", "throughput-png", "throughput-svg", "csv"
 *   or "json"
 * @file: where to write
 *
 * Writes a chart as drawn on screen, or the last run's data as
 * `forkbench-cli --format csv|json` prints it.
 *
 * Returns: whether @file was written
 */
gboolean
fb_window_export (FbWindow    *self,
                  const char  *what,
                  GFile       *file,
                  GError     **error)
{
  FbRun *run;
  g_autofree char *text = NULL;

  g_return_val_if_fail (FB_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (find_export (what) < 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Unknown export “%s”"), what);
      return FALSE;
    }
  run = export_run (self, what);

  if (g_str_has_prefix (what, "cpu-") || g_str_has_prefix (what, "throughput-"))
    {
      FbChart *chart = g_str_has_prefix (what, "cpu-") ? fb_run_view_get_cpu_chart (self->run_view)
                                                       : fb_run_view_get_throughput_chart (self->run_view);

      return fb_chart_export (chart, file,
                              g_str_has_suffix (what, "-svg") ? FB_CHART_FORMAT_SVG : FB_CHART_FORMAT_PNG,
                              EXPORT_WIDTH, EXPORT_HEIGHT, error);
    }

  if (run == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("There is no run to export yet"));
      return FALSE;
    }

  if (g_str_equal (what, "csv"))
    text = fb_run_to_csv (run, FALSE);
  else
    {
      g_autoptr(JsonNode) root = fb_run_to_json (run, FB_REPORT_JSON_DEFAULT);

      text = fb_format_json (root);
    }

  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
export_response_cb (FbWindow             *self,
                    int                   response,
                    GtkFileChooserNative *dialog)
{
  const char *what = g_object_get_data (G_OBJECT (dialog), "fb-export");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GError) error = NULL;

      if (fb_window_export (self, what, file, &error))
        {
          g_autofree char *name = g_file_get_basename (file);
          g_autofree char *message = g_strdup_printf (_("Exported “%s”"), name);

          toast (self, message);
        }
      else
        toast (self, error->message);
    }

  g_clear_object (&self->dialog);
}

/**
 * fb_window_dup_export_name:
 * @what: an export, as for fb_window_export()
 *
 * Returns: (transfer full): the file name the export dialog suggests, after
 *   the run the export holds, as fb_window_export() picks it: the live
 *   charts show the last run; the data is the run the results show, which
 *   may be one opened from the history, or else the last run.
 *   "my-workload.forkbench.json" becomes "my-workload.cores.png"
 */
char *
fb_window_dup_export_name (FbWindow   *self,
                           const char *what)
{
  g_autoptr(GFile) workload_file = NULL;
  g_autofree char *basename = NULL;
  FbWorkload *workload;
  FbRun *run;
  int i;

  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);

  i = find_export (what);
  g_return_val_if_fail (i >= 0, NULL);

  run = export_run (self, what);
  workload = run != NULL ? fb_run_get_workload (run) : fb_editor_view_get_workload (self->editor);
  workload_file = new_file_for (fb_workload_get_name (workload));
  basename = g_file_get_basename (workload_file);

  if (g_str_has_suffix (basename, ".forkbench.json"))
    basename[strlen (basename) - strlen (".forkbench.json")] = '\0';
  return g_strdup_printf ("%s.%s", basename, exports[i].suffix);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  const char *what = g_variant_get_string (param, NULL);
  int i = find_export (what);
  g_autofree char *name = NULL;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *dialog;

  g_return_if_fail (i >= 0);

  name = fb_window_dup_export_name (self, what);

  gtk_file_filter_add_mime_type (filter, exports[i].mime_type);
  gtk_file_filter_set_name (filter, g_content_type_get_description (exports[i].mime_type));

  dialog = gtk_file_chooser_native_new (_(exports[i].title), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data_full (G_OBJECT (dialog), "fb-export", g_strdup (what), g_free);
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (export_response_cb), self);
  g_set_object (&self->dialog, GTK_NATIVE_DIALOG (dialog));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
  g_object_unref (dialog);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);

  /* A preset is read-only: saving it makes it the user's own. */
  if (self->file == NULL)
    {
      g_autoptr(GFile) file = new_file_for (fb_workload_get_name (fb_editor_view_get_workload (self->editor)));

      if (save_to (self, file))
        toast (self, _("Saved to your workloads"));
      return;
    }

  if (save_to (self, self->file))
    toast (self, _("Saved"));
}

/* A workload of one's own, from the simplest one: squares, on the
 * workers the preferences give (0: one per core). */
static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  guint workers = g_settings_get_uint (self->settings, "default-workers");

  if (fb_run_view_get_running (self->run_view))
    {
      toast (self, _("Stop the run first"));
      return;
    }

  fb_workload_set_name (workload, _("New Workload"));
  if (workers > 0)
    fb_workload_set_workers (workload, workers);
  show_workload (self, workload, NULL, NULL);
  fb_library_view_select_file (self->library, NULL);
}

static void
duplicate_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(FbWorkload) copy = fb_workload_copy (fb_editor_view_get_workload (self->editor));
  g_autofree char *name = g_strdup_printf (_("%s (Copy)"), fb_workload_get_name (copy));
  g_autoptr(GFile) file = NULL;

  fb_workload_set_name (copy, name);
  file = new_file_for (name);
  fb_editor_view_set_workload (self->editor, copy);
  if (save_to (self, file))
    toast (self, _("Duplicated into your workloads"));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  FbWindow *self = FB_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *message = NULL;
  Deleted *deleted;

  if (self->file == NULL)
    return;

  /* Keep what it held, so that Undo puts it back as it was. */
  contents = g_file_load_bytes (self->file, NULL, NULL, &error);
  if (contents == NULL || !g_file_delete (self->file, NULL, &error))
    {
      toast (self, error->message);
      return;
    }

  deleted = g_new0 (Deleted, 1);
  deleted->window = self;
  deleted->file = g_object_ref (self->file);
  deleted->contents = g_steal_pointer (&contents);

  message = g_strdup_printf (_("“%s” deleted"), fb_workload_get_name (fb_editor_view_get_workload (self->editor)));
  toast_undo (self, message, deleted);

  g_clear_object (&self->file);
  fb_library_view_reload (self->library);
  fb_library_view_select_preset (self->library, DEFAULT_PRESET);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  adw_leaflet_navigate (FB_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static gboolean
drop_cb (FbWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  if (!G_VALUE_HOLDS (value, G_TYPE_FILE))
    return FALSE;

  fb_window_open_file (self, g_value_get_object (value));
  return TRUE;
}

FbEditorView *
fb_window_get_editor (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->editor;
}

FbRunView *
fb_window_get_run_view (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->run_view;
}

FbResultsView *
fb_window_get_results (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->results;
}

FbLibraryView *
fb_window_get_library (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->library;
}

const char *
fb_window_get_page (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->stack);
}

/**
 * fb_window_set_page:
 * @page: "editor", "run" or "results", as the view switcher does
 */
void
fb_window_set_page (FbWindow   *self,
                    const char *page)
{
  g_return_if_fail (FB_IS_WINDOW (self));
  g_return_if_fail (page != NULL);

  adw_view_stack_set_visible_child_name (self->stack, page);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/**
 * fb_window_get_last_toast:
 *
 * Returns: (nullable): the last message the window showed in a toast
 */
const char *
fb_window_get_last_toast (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->last_toast;
}

/**
 * fb_window_get_inhibiting:
 *
 * Returns: whether the window asks the session not to suspend, as it does
 *   while a run is going
 */
gboolean
fb_window_get_inhibiting (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), FALSE);
  return self->inhibiting;
}

/**
 * fb_window_get_last_notification:
 *
 * Returns: (nullable): the title and body of the last notification the
 *   window sent, as "Title: body"
 */
const char *
fb_window_get_last_notification (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->last_notification;
}

/**
 * fb_window_run_lesson:
 *
 * Shows the default lesson and runs it: the launcher's "Run the Lesson".
 */
void
fb_window_run_lesson (FbWindow *self)
{
  g_return_if_fail (FB_IS_WINDOW (self));

  if (fb_run_view_get_running (self->run_view))
    {
      adw_view_stack_set_visible_child_name (self->stack, "run");
      return;
    }

  fb_library_view_select_preset (self->library, DEFAULT_PRESET);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.start", NULL);
}

/**
 * fb_window_get_toast:
 *
 * Returns: (transfer none) (nullable): the last toast, while it is shown
 */
AdwToast *
fb_window_get_toast (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->last_toast_shown;
}

FbHistoryView *
fb_window_get_history_view (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->history_view;
}

/**
 * fb_window_get_file:
 *
 * Returns: (transfer none) (nullable): the file of the workload shown
 */
GFile *
fb_window_get_file (FbWindow *self)
{
  g_return_val_if_fail (FB_IS_WINDOW (self), NULL);
  return self->file;
}

static void
fb_window_dispose (GObject *object)
{
  FbWindow *self = (FbWindow *)object;

  uninhibit_suspend (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_WINDOW);
  g_clear_object (&self->history);
  g_clear_object (&self->opening);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->last_notification, g_free);
  g_clear_object (&self->file);
  g_clear_object (&self->dialog);
  g_clear_pointer (&self->preset, g_free);
  g_clear_pointer (&self->lesson, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_weak_pointer (&self->last_toast_shown);

  G_OBJECT_CLASS (fb_window_parent_class)->dispose (object);
}

static void
fb_window_class_init (FbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/forkbench/Forkbench/fb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, editor);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, library);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, history_view);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, results);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, run_view);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, start_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, stop_button);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, FbWindow, toasts);
  gtk_widget_class_bind_template_callback (widget_class, editor_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, run_finished_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_run_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_delete_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, history_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, workload_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "win.sweep", NULL, sweep_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "win.duplicate", NULL, duplicate_action);
  gtk_widget_class_install_action (widget_class, "win.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_install_action (widget_class, "win.about", NULL, about_action);
  gtk_widget_class_install_action (widget_class, "win.export", "s", export_action);

  g_type_ensure (FB_TYPE_EDITOR_VIEW);
  g_type_ensure (FB_TYPE_FLAT_BIN);
  g_type_ensure (FB_TYPE_HISTORY_VIEW);
  g_type_ensure (FB_TYPE_LIBRARY_VIEW);
  g_type_ensure (FB_TYPE_RESULTS_VIEW);
  g_type_ensure (FB_TYPE_RUN_VIEW);
}

/* The window's own style and icons, loaded once per display whoever
 * creates it: the app, a test or the screenshot driver. */
static void
load_style (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (g_object_get_data (G_OBJECT (display), "fb-window-css") != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/forkbench/Forkbench/fb-window.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "fb-window-css", g_object_ref (provider), g_object_unref);

  /* The app's own icons; GtkApplication adds them too, but a window may
   * have none. */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (display), "/io/github/forkbench/Forkbench/icons");
}

static void
fb_window_init (FbWindow *self)
{
  GtkDropTarget *drop;

  load_style (GTK_WIDGET (self));

  gtk_widget_init_template (GTK_WIDGET (self));

  /* The development build's striped header bars. */
  if (PROFILE[0] != '\0')
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  drop = gtk_drop_target_new (G_TYPE_FILE, GDK_ACTION_COPY);
  g_signal_connect_swapped (drop, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  g_object_bind_property (self->leaflet, "folded", self->back_button, "visible", G_BINDING_SYNC_CREATE);

  self->settings = g_settings_new (SCHEMA_ID);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sample-interval", self->run_view, "sample-interval", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "smooth-charts", fb_run_view_get_cpu_chart (self->run_view), "smooth",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "smooth-charts", fb_run_view_get_throughput_chart (self->run_view), "smooth",
                   G_SETTINGS_BIND_GET);

  /* Kept runs, in the user's data directory, listed in a thread. */
  self->cancellable = g_cancellable_new ();
  self->history = fb_history_new (NULL);
  g_settings_bind (self->settings, "history-size", self->history, "max-runs", G_SETTINGS_BIND_GET);
  fb_history_view_set_history (self->history_view, self->history);
  fb_history_load_async (self->history, self->cancellable, history_loaded_cb, self);

  /* The lesson is selected on first start, so one click shows it. */
  if (!fb_library_view_select_preset (self->library, DEFAULT_PRESET))
    update_actions (self);

  /* On a wide window, the library and the workload side by side. */
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

FbWindow *
fb_window_new (FbApplication *app)
{
  return g_object_new (FB_TYPE_WINDOW, "application", app, NULL);
}
