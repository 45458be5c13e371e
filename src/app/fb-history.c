/* fb-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every finished run, kept: one JSON file per run in a folder of the
 * user's data directory, listed newest first. A file is the run as
 * `forkbench-cli --format json` prints it, with its task records (up to
 * FB_HISTORY_MAX_RECORDS) so its timelines come back, inside a small
 * object that says when it finished:
 *
 *   { "forkbench_history": 1, "finished": "2026-11-22T10:31:07Z",
 *     "lesson": "...", "run": { ... } }
 *
 * Files are written whole and renamed into place, so a crash leaves the
 * old file or the new one, never half of one. Files are read in a thread;
 * the list keeps a summary of each and reads a run again when it is
 * opened, so a long history costs little memory. A file that cannot be
 * read (damaged, foreign, from a newer Forkbench) is skipped with a
 * warning and left where it is.
 */

#define G_LOG_DOMAIN "fb-history"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "fb-history.h"

#define FORMAT_VERSION 1

/* Larger files are not read: no run Forkbench writes comes near. */
#define MAX_FILE_SIZE (256 * 1024 * 1024)

struct _FbHistoryEntry
{
  GObject    parent_instance;

  GFile     *file;
  GDateTime *finished;
  char      *name;
  char      *summary;
  char      *lesson;
  gboolean   has_timelines;
};

G_DEFINE_FINAL_TYPE (FbHistoryEntry, fb_history_entry, G_TYPE_OBJECT)

static void
fb_history_entry_finalize (GObject *object)
{
  FbHistoryEntry *self = (FbHistoryEntry *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->finished, g_date_time_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->summary, g_free);
  g_clear_pointer (&self->lesson, g_free);

  G_OBJECT_CLASS (fb_history_entry_parent_class)->finalize (object);
}

static void
fb_history_entry_class_init (FbHistoryEntryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = fb_history_entry_finalize;
}

static void
fb_history_entry_init (FbHistoryEntry *self)
{
}

/**
 * fb_history_entry_get_file:
 *
 * Returns: (transfer none): where the run is kept
 */
GFile *
fb_history_entry_get_file (FbHistoryEntry *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), NULL);
  return self->file;
}

/**
 * fb_history_entry_get_finished:
 *
 * Returns: (transfer none): when the run finished
 */
GDateTime *
fb_history_entry_get_finished (FbHistoryEntry *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), NULL);
  return self->finished;
}

/**
 * fb_history_entry_get_name:
 *
 * Returns: the name of the workload that ran
 */
const char *
fb_history_entry_get_name (FbHistoryEntry *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), NULL);
  return self->name;
}

/**
 * fb_history_entry_get_summary:
 *
 * Returns: what ran and how long it took, such as
 *   "Processes 1.20 s · Threads 4.31 s"
 */
const char *
fb_history_entry_get_summary (FbHistoryEntry *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), NULL);
  return self->summary;
}

/**
 * fb_history_entry_get_lesson:
 *
 * Returns: (nullable): what the workload illustrates, as shown with it
 */
const char *
fb_history_entry_get_lesson (FbHistoryEntry *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), NULL);
  return self->lesson;
}

/**
 * fb_history_entry_get_has_timelines:
 *
 * Returns: whether the run was kept with its task records, which draw its
 *   worker timelines
 */
gboolean
fb_history_entry_get_has_timelines (FbHistoryEntry *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), FALSE);
  return self->has_timelines;
}

/**
 * fb_history_entry_dup_title:
 *
 * Returns: (transfer full): the workload's name and when it finished, in
 *   the user's time zone, such as "Squares, 22 Nov 2026 at 10:31:07"
 */
char *
fb_history_entry_dup_title (FbHistoryEntry *self)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *when = NULL;

  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (self), NULL);

  local = g_date_time_to_local (self->finished);
  /* TRANSLATORS: when a run finished, see strftime(3) */
  when = g_date_time_format (local, _("%e %b %Y at %H:%M:%S"));
  /* TRANSLATORS: a run's workload, and when it finished */
  return g_strdup_printf (_("%s, %s"), self->name, g_strstrip (when));
}

static char *
summarize (FbRun *run)
{
  g_autoptr(GString) summary = g_string_new (NULL);

  if (fb_run_is_sweep (run))
    {
      guint max_workers = 0;

      for (guint i = 0; i < fb_run_get_reports (run)->len; i++)
        max_workers = MAX (max_workers, ((FbReport *) g_ptr_array_index (fb_run_get_reports (run), i))->workers);
      g_string_printf (summary, g_dngettext (GETTEXT_PACKAGE, "Sweep of %u worker", "Sweep of 1 to %u workers",
                                             max_workers), max_workers);
      return g_string_free (g_steal_pointer (&summary), FALSE);
    }

  for (guint i = 0; i < fb_run_get_reports (run)->len; i++)
    {
      FbReport *report = g_ptr_array_index (fb_run_get_reports (run), i);
      g_autofree char *wall = fb_format_seconds (report->wall_s);

      if (summary->len > 0)
        g_string_append (summary, " · ");
      /* TRANSLATORS: a mode and its wall time, such as "Processes 1.20 s" */
      g_string_append_printf (summary, _("%s %s"),
                              report->kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads"), wall);
      if (report->interrupted)
        g_string_append_printf (summary, " %s", _("(stopped)"));
      else if (report->tasks_failed > 0)
        g_string_append_printf (summary, " %s", g_dngettext (GETTEXT_PACKAGE, "(a task failed)",
                                                             "(tasks failed)", report->tasks_failed));
    }

  if (summary->len == 0)
    g_string_append (summary, _("Stopped before any task finished"));

  return g_string_free (g_steal_pointer (&summary), FALSE);
}

static gboolean
has_timelines (FbRun *run)
{
  for (guint i = 0; i < fb_run_get_reports (run)->len; i++)
    {
      FbReport *report = g_ptr_array_index (fb_run_get_reports (run), i);

      for (guint j = 0; j < report->records->len; j++)
        if (((FbTaskRecord *) g_ptr_array_index (report->records, j))->started_us > 0)
          return TRUE;
    }
  return FALSE;
}

static FbHistoryEntry *
entry_new (GFile      *file,
           GDateTime  *finished,
           const char *lesson,
           FbRun      *run)
{
  FbHistoryEntry *self = g_object_new (FB_TYPE_HISTORY_ENTRY, NULL);

  self->file = g_object_ref (file);
  self->finished = g_date_time_ref (finished);
  self->name = g_strdup (fb_workload_get_name (fb_run_get_workload (run)));
  self->summary = summarize (run);
  self->lesson = g_strdup (lesson);
  self->has_timelines = has_timelines (run);

  return self;
}

/* Reads a history file; in a thread. */
static FbRun *
read_file (GFile           *file,
           FbHistoryEntry **entry,
           GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GDateTime) finished = NULL;
  g_autoptr(FbRun) run = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonNode *root, *member;
  const char *lesson = NULL;
  gsize length;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE, NULL, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_size (info) > MAX_FILE_SIZE)
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   "%s: %" G_GOFFSET_FORMAT " bytes is too large for a saved run", name, g_file_info_get_size (info));
      return NULL;
    }

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  if (!json_parser_load_from_data (parser, contents, (gssize) length, &local_error))
    {
      /* json-glib says "<data>:LINE:COLUMN: ...": name the file instead. */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>"))
        message += strlen ("<data>");
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID, "%s%s%s", name,
                   message[0] == ':' ? "" : ": ", message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  member = object != NULL ? json_object_get_member (object, "forkbench_history") : NULL;
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_INT64)
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID, "%s: not a run kept by Forkbench", name);
      return NULL;
    }
  if (json_node_get_int (member) != FORMAT_VERSION)
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   "%s: kept in format %" G_GINT64_FORMAT ", and this version of Forkbench reads format %d",
                   name, json_node_get_int (member), FORMAT_VERSION);
      return NULL;
    }

  finished = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (object, "finished", ""),
                                           NULL);
  if (finished == NULL)
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   "%s.finished: expected a date and time such as \"2026-11-22T10:31:07Z\"", name);
      return NULL;
    }

  member = json_object_get_member (object, "lesson");
  if (member != NULL && JSON_NODE_HOLDS_VALUE (member) && json_node_get_value_type (member) == G_TYPE_STRING)
    lesson = json_node_get_string (member);

  member = json_object_get_member (object, "run");
  if (member == NULL)
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID, "%s: the run is missing", name);
      return NULL;
    }

  run = fb_run_new_from_json (member, name, error);
  if (run == NULL)
    return NULL;

  if (entry != NULL)
    *entry = entry_new (file, finished, lesson, run);

  return g_steal_pointer (&run);
}

struct _FbHistory
{
  GObject    parent_instance;

  GFile     *directory;
  GPtrArray *entries;   /* newest first */
  guint      max_runs;
  gboolean   loaded;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (FbHistory, fb_history, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_MAX_RUNS,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GType
get_item_type (GListModel *model)
{
  return FB_TYPE_HISTORY_ENTRY;
}

static guint
get_n_items (GListModel *model)
{
  return FB_HISTORY (model)->entries->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  FbHistory *self = FB_HISTORY (model);

  if (position >= self->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->entries, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
fb_history_finalize (GObject *object)
{
  FbHistory *self = (FbHistory *)object;

  g_clear_object (&self->directory);
  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_history_parent_class)->finalize (object);
}

static void
fb_history_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  FbHistory *self = FB_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_object (value, self->directory);
      break;

    case PROP_MAX_RUNS:
      g_value_set_uint (value, self->max_runs);
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_history_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  FbHistory *self = FB_HISTORY (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_object (value);
      break;

    case PROP_MAX_RUNS:
      fb_history_set_max_runs (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_history_class_init (FbHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_history_finalize;
  object_class->get_property = fb_history_get_property;
  object_class->set_property = fb_history_set_property;

  properties [PROP_DIRECTORY] =
    g_param_spec_object ("directory", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * FbHistory:max-runs:
   *
   * How many runs are kept: adding one more deletes the oldest.
   */
  properties [PROP_MAX_RUNS] =
    g_param_spec_uint ("max-runs", NULL, NULL,
                       1, 10000, 50,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_history_init (FbHistory *self)
{
  self->entries = g_ptr_array_new_with_free_func (g_object_unref);
  self->max_runs = 50;
}

/**
 * fb_history_new:
 * @directory: (nullable): where runs are kept, or %NULL for "forkbench/runs"
 *   in the user's data directory
 *
 * Returns: (transfer full): an empty history: fb_history_load_async() lists
 *   the runs kept before
 */
FbHistory *
fb_history_new (GFile *directory)
{
  g_autoptr(GFile) fallback = NULL;

  g_return_val_if_fail (directory == NULL || G_IS_FILE (directory), NULL);

  if (directory == NULL)
    fallback = g_file_new_build_filename (g_get_user_data_dir (), "forkbench", "runs", NULL);

  return g_object_new (FB_TYPE_HISTORY, "directory", directory ? directory : fallback, NULL);
}

GFile *
fb_history_get_directory (FbHistory *self)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  return self->directory;
}

guint
fb_history_get_max_runs (FbHistory *self)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), 0);
  return self->max_runs;
}

/* Deletes the oldest runs past max-runs. */
static void
trim (FbHistory *self)
{
  guint n_removed = 0;

  while (self->entries->len > self->max_runs)
    {
      g_autoptr(GError) error = NULL;
      FbHistoryEntry *oldest = g_ptr_array_index (self->entries, self->entries->len - 1);

      if (!g_file_delete (oldest->file, NULL, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("Could not delete an old run: %s", error->message);
      g_ptr_array_remove_index (self->entries, self->entries->len - 1);
      n_removed++;
    }

  if (n_removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), self->entries->len, n_removed, 0);
}

/**
 * fb_history_set_max_runs:
 * @max_runs: how many runs to keep, at least 1
 *
 * Deletes the oldest runs past @max_runs now, and keeps no more from then on.
 */
void
fb_history_set_max_runs (FbHistory *self,
                         guint      max_runs)
{
  g_return_if_fail (FB_IS_HISTORY (self));
  g_return_if_fail (max_runs >= 1);

  if (self->max_runs == max_runs)
    return;

  self->max_runs = max_runs;
  if (self->loaded)
    trim (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_RUNS]);
}

/**
 * fb_history_get_loaded:
 *
 * Returns: whether the runs kept before are listed
 */
gboolean
fb_history_get_loaded (FbHistory *self)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), FALSE);
  return self->loaded;
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  FbHistoryEntry *x = *(FbHistoryEntry **) a;
  FbHistoryEntry *y = *(FbHistoryEntry **) b;
  int order = g_date_time_compare (y->finished, x->finished);
  g_autofree char *x_name = NULL, *y_name = NULL;

  if (order != 0)
    return order;

  x_name = g_file_get_basename (x->file);
  y_name = g_file_get_basename (y->file);
  return g_strcmp0 (y_name, x_name);
}

/* Puts @entry where it belongs, newest first. */
static void
insert_sorted (FbHistory      *self,
               FbHistoryEntry *entry)
{
  guint position = 0;

  while (position < self->entries->len &&
         compare_newest_first (&g_ptr_array_index (self->entries, position), &entry) < 0)
    position++;

  g_ptr_array_insert (self->entries, position, g_object_ref (entry));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

typedef struct
{
  GPtrArray *entries;
  GPtrArray *skipped;   /* messages */
} Loaded;

static void
loaded_free (Loaded *loaded)
{
  g_ptr_array_unref (loaded->entries);
  g_ptr_array_unref (loaded->skipped);
  g_free (loaded);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *directory = task_data;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  Loaded *loaded = g_new0 (Loaded, 1);

  loaded->entries = g_ptr_array_new_with_free_func (g_object_unref);
  loaded->skipped = g_ptr_array_new_with_free_func (g_free);

  children = g_file_enumerate_children (directory, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable, &error);
  if (children == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
      else
        {
          loaded_free (loaded);
          g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }

  for (;;)
    {
      GFileInfo *info;
      const char *name;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, &error))
        {
          loaded_free (loaded);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      /* A file being written has a temporary name after ".json". */
      if (name[0] != '.' && g_str_has_suffix (name, ".json") &&
          g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR)
        g_ptr_array_add (names, g_strdup (name));
    }

  /* In order, so that what is said of skipped files is too. */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(GFile) child = g_file_get_child (directory, g_ptr_array_index (names, i));
      g_autoptr(FbHistoryEntry) entry = NULL;
      g_autoptr(FbRun) run = NULL;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          loaded_free (loaded);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }

      run = read_file (child, &entry, &local_error);
      if (run == NULL)
        g_ptr_array_add (loaded->skipped, g_strdup (local_error->message));
      else
        g_ptr_array_add (loaded->entries, g_steal_pointer (&entry));
    }

  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

/**
 * fb_history_load_async:
 *
 * Lists the runs kept in the history's directory, in a thread. A file that
 * is not a run Forkbench can read is skipped with a warning.
 */
void
fb_history_load_async (FbHistory           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_HISTORY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_history_load_async);
  g_task_set_task_data (task, g_object_ref (self->directory), g_object_unref);
  g_task_run_in_thread (task, load_thread);
}

/**
 * fb_history_load_finish:
 * @n_skipped: (out) (optional): how many files were skipped
 *
 * Returns: whether the directory could be read (a missing one is empty)
 */
gboolean
fb_history_load_finish (FbHistory     *self,
                        GAsyncResult  *result,
                        guint         *n_skipped,
                        GError       **error)
{
  Loaded *loaded;
  guint n_old;

  g_return_val_if_fail (FB_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (n_skipped != NULL)
    *n_skipped = 0;

  loaded = g_task_propagate_pointer (G_TASK (result), error);
  if (loaded == NULL)
    return FALSE;

  for (guint i = 0; i < loaded->skipped->len; i++)
    g_warning ("Skipped a kept run that cannot be read: %s", (char *) g_ptr_array_index (loaded->skipped, i));
  if (n_skipped != NULL)
    *n_skipped = loaded->skipped->len;

  /* A run kept while the folder was read stays listed. */
  for (guint i = 0; i < self->entries->len; i++)
    {
      FbHistoryEntry *kept = g_ptr_array_index (self->entries, i);
      gboolean listed = FALSE;

      for (guint j = 0; j < loaded->entries->len && !listed; j++)
        listed = g_file_equal (kept->file, ((FbHistoryEntry *) g_ptr_array_index (loaded->entries, j))->file);
      if (!listed)
        g_ptr_array_add (loaded->entries, g_object_ref (kept));
    }

  g_ptr_array_sort (loaded->entries, compare_newest_first);
  n_old = self->entries->len;
  g_ptr_array_unref (self->entries);
  self->entries = g_ptr_array_ref (loaded->entries);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, n_old, self->entries->len);
  loaded_free (loaded);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }

  trim (self);
  return TRUE;
}

typedef struct
{
  FbRun     *run;
  char      *lesson;
  GDateTime *finished;
  GFile     *file;
} Adding;

static void
adding_free (Adding *adding)
{
  g_clear_object (&adding->run);
  g_clear_pointer (&adding->lesson, g_free);
  g_clear_pointer (&adding->finished, g_date_time_unref);
  g_clear_object (&adding->file);
  g_free (adding);
}

static guint64
count_records (FbRun *run)
{
  guint64 n = 0;

  for (guint i = 0; i < fb_run_get_reports (run)->len; i++)
    n += ((FbReport *) g_ptr_array_index (fb_run_get_reports (run), i))->records->len;
  return n;
}

static void
add_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Adding *adding = task_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *finished = g_date_time_format_iso8601 (adding->finished);
  g_autoptr(GFile) parent = g_file_get_parent (adding->file);
  g_autofree char *directory = g_file_get_path (parent);
  g_autofree char *path = g_file_get_path (adding->file);
  g_autofree char *contents = NULL;
  FbReportJsonFlags flags = FB_REPORT_JSON_DEFAULT;
  FbHistoryEntry *entry;
  gsize length;

  if (count_records (adding->run) <= FB_HISTORY_MAX_RECORDS)
    flags |= FB_REPORT_JSON_RECORDS;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "forkbench_history");
  json_builder_add_int_value (builder, FORMAT_VERSION);
  json_builder_set_member_name (builder, "finished");
  json_builder_add_string_value (builder, finished);
  if (adding->lesson != NULL && adding->lesson[0] != '\0')
    {
      json_builder_set_member_name (builder, "lesson");
      json_builder_add_string_value (builder, adding->lesson);
    }
  json_builder_set_member_name (builder, "run");
  json_builder_add_value (builder, fb_run_to_json (adding->run, flags));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  contents = json_generator_to_data (generator, &length);

  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Could not make the folder of kept runs, %s: %s"), directory,
                               g_strerror (saved_errno));
      return;
    }

  if (!g_file_set_contents_full (path, contents, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  entry = entry_new (adding->file, adding->finished, adding->lesson, adding->run);
  entry->has_timelines &= (flags & FB_REPORT_JSON_RECORDS) != 0;
  g_task_return_pointer (task, entry, g_object_unref);
}

/**
 * fb_history_add_async:
 * @run: a finished (or stopped) run; it must not run again
 * @lesson: (nullable): what the workload illustrates
 * @finished: (nullable): when it finished, or %NULL for now
 *
 * Keeps @run: writes it in a thread, then lists it first. When the history
 * holds more than #FbHistory:max-runs, the oldest runs are deleted.
 */
void
fb_history_add_async (FbHistory           *self,
                      FbRun               *run,
                      const char          *lesson,
                      GDateTime           *finished,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *name = NULL;
  Adding *adding;

  g_return_if_fail (FB_IS_HISTORY (self));
  g_return_if_fail (FB_IS_RUN (run));

  adding = g_new0 (Adding, 1);
  adding->run = g_object_ref (run);
  adding->lesson = g_strdup (lesson);
  adding->finished = finished ? g_date_time_to_utc (finished) : g_date_time_new_now_utc ();

  /* Names sort by time, and a random part keeps two runs of one second
   * (or two windows) apart. */
  stamp = g_date_time_format (adding->finished, "%Y%m%d-%H%M%S");
  name = g_strdup_printf ("run-%s-%06x.json", stamp, g_random_int_range (0, 0xffffff));
  adding->file = g_file_get_child (self->directory, name);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_history_add_async);
  g_task_set_task_data (task, adding, (GDestroyNotify) adding_free);
  g_task_run_in_thread (task, add_thread);
}

/**
 * fb_history_add_finish:
 *
 * Returns: (transfer none) (nullable): the run's entry, first in the list,
 *   or %NULL when it could not be written
 */
FbHistoryEntry *
fb_history_add_finish (FbHistory     *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(FbHistoryEntry) entry = NULL;

  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  entry = g_task_propagate_pointer (G_TASK (result), error);
  if (entry == NULL)
    return NULL;

  insert_sorted (self, entry);
  trim (self);

  /* Trimmed right away when it is the oldest of a full history. */
  return g_ptr_array_find (self->entries, entry, NULL) ? entry : NULL;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  FbRun *run = read_file (task_data, NULL, &error);

  if (run == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, run, g_object_unref);
}

/**
 * fb_history_open_async:
 *
 * Reads @entry's run again, with all it was kept with, in a thread.
 */
void
fb_history_open_async (FbHistory           *self,
                       FbHistoryEntry      *entry,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (FB_IS_HISTORY (self));
  g_return_if_fail (FB_IS_HISTORY_ENTRY (entry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_history_open_async);
  g_task_set_task_data (task, g_object_ref (entry->file), g_object_unref);
  g_task_run_in_thread (task, open_thread);
}

/**
 * fb_history_open_finish:
 *
 * Returns: (transfer full) (nullable): the run
 */
FbRun *
fb_history_open_finish (FbHistory     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fb_history_remove:
 *
 * Deletes @entry's file and takes it off the list.
 *
 * Returns: (transfer full) (nullable): what the file held, for
 *   fb_history_restore() to undo it, or %NULL when it could not be deleted
 */
GBytes *
fb_history_remove (FbHistory       *self,
                   FbHistoryEntry  *entry,
                   GError         **error)
{
  g_autoptr(GBytes) contents = NULL;
  guint position;

  g_return_val_if_fail (FB_IS_HISTORY (self), NULL);
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (entry), NULL);

  if (!g_ptr_array_find (self->entries, entry, &position))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The run is no longer kept"));
      return NULL;
    }

  contents = g_file_load_bytes (entry->file, NULL, NULL, error);
  if (contents == NULL || !g_file_delete (entry->file, NULL, error))
    return NULL;

  g_ptr_array_remove_index (self->entries, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return g_steal_pointer (&contents);
}

/**
 * fb_history_restore:
 * @contents: what fb_history_remove() returned
 *
 * Writes @entry's file back and lists it again.
 */
gboolean
fb_history_restore (FbHistory       *self,
                    FbHistoryEntry  *entry,
                    GBytes          *contents,
                    GError         **error)
{
  g_autofree char *path = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (FB_IS_HISTORY (self), FALSE);
  g_return_val_if_fail (FB_IS_HISTORY_ENTRY (entry), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  path = g_file_get_path (entry->file);
  data = g_bytes_get_data (contents, &length);
  if (!g_file_set_contents_full (path, data, (gssize) length, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;

  if (!g_ptr_array_find (self->entries, entry, NULL))
    insert_sorted (self, entry);
  return TRUE;
}
