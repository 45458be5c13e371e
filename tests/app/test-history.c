/* test-history.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Kept runs: written whole, listed newest first, read back as they were,
 * trimmed to the number the user keeps, deleted and restored; a damaged or
 * foreign file is skipped with a warning and left alone.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "fb-history.h"
#include "fb-test-util.h"

typedef struct
{
  char      *path;
  GFile     *directory;
  FbHistory *history;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->path = g_dir_make_tmp ("forkbench-history-XXXXXX", NULL);
  g_assert_nonnull (f->path);
  /* The history makes its folder when it first keeps a run. */
  f->directory = g_file_new_build_filename (f->path, "runs", NULL);
  f->history = fb_history_new (f->directory);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children =
    g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL)
    {
      GFile *child;

      if (!g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) || child == NULL)
        break;
      remove_tree (child);
    }
  g_file_delete (file, NULL, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GFile) root = g_file_new_for_path (f->path);

  g_clear_object (&f->history);
  g_clear_object (&f->directory);
  remove_tree (root);
  g_free (f->path);
}

/* A finished run of @n_tasks squares in threads, and a failing task when
 * @fail is set. */
static FbRun *
finished_run (const char *name,
              guint64     n_tasks,
              gboolean    fail)
{
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  FbRun *run;

  fb_workload_set_name (workload, name);
  fb_workload_set_kernel (workload, fail ? "fault" : "square");
  if (fail)
    fb_workload_set_params (workload, g_variant_new_parsed ("{'task': <int64 1>}"));
  fb_workload_set_tasks (workload, n_tasks);
  fb_workload_set_workers (workload, 2);
  fb_workload_set_mode (workload, FB_RUN_MODE_THREADS);

  run = fb_run_new (workload);
  fb_test_execute_run (run);
  return run;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static FbHistoryEntry *
add (FbHistory  *history,
     FbRun      *run,
     const char *lesson,
     gint64      unix_time)
{
  g_autoptr(GDateTime) finished = g_date_time_new_from_unix_utc (unix_time);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FbHistoryEntry *entry;

  fb_history_add_async (history, run, lesson, finished, NULL, result_cb, &result);
  entry = fb_history_add_finish (history, wait_result (&result), &error);
  g_assert_no_error (error);
  return entry;
}

static guint
load (FbHistory *history,
      GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  guint n_skipped = G_MAXUINT;

  fb_history_load_async (history, NULL, result_cb, &result);
  fb_history_load_finish (history, wait_result (&result), &n_skipped, error);
  return n_skipped;
}

static FbRun *
open_entry (FbHistory      *history,
            FbHistoryEntry *entry,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  fb_history_open_async (history, entry, NULL, result_cb, &result);
  return fb_history_open_finish (history, wait_result (&result), error);
}

static FbHistoryEntry *
entry_at (FbHistory *history,
          guint      i)
{
  g_autoptr(FbHistoryEntry) entry = g_list_model_get_item (G_LIST_MODEL (history), i);

  g_assert_nonnull (entry);
  return entry;   /* the history holds it */
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char **) a, *(const char **) b);
}

/* The names of the folder's files, sorted. */
static char *
list_files (Fixture *f)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = g_file_get_path (f->directory);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

static void
test_keep_and_read_back (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FbRun) first = finished_run ("First", 20, FALSE);
  g_autoptr(FbRun) crash = finished_run ("Crash", 6, TRUE);
  g_autoptr(FbHistory) again = fb_history_new (f->directory);
  g_autoptr(FbRun) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;
  FbHistoryEntry *entry;
  FbReport *report, *report_back;

  g_assert_false (fb_history_get_loaded (f->history));
  g_assert_cmpuint (load (f->history, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_true (fb_history_get_loaded (f->history));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 0);

  entry = add (f->history, first, "Squares are quick.", 1700000000);
  g_assert_nonnull (entry);
  add (f->history, crash, NULL, 1700000100);

  /* Newest first. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 2);
  g_assert_cmpstr (fb_history_entry_get_name (entry_at (f->history, 0)), ==, "Crash");
  g_assert_cmpstr (fb_history_entry_get_name (entry_at (f->history, 1)), ==, "First");
  g_assert_true (entry_at (f->history, 1) == entry);
  g_assert_true (g_str_has_prefix (fb_history_entry_get_summary (entry_at (f->history, 0)), "Threads "));
  g_assert_true (g_str_has_suffix (fb_history_entry_get_summary (entry_at (f->history, 0)), "(a task failed)"));
  g_assert_cmpstr (fb_history_entry_get_lesson (entry), ==, "Squares are quick.");
  g_assert_true (fb_history_entry_get_has_timelines (entry));

  /* Two files and nothing half-written beside them. */
  files = list_files (f);
  g_assert_true (g_str_has_prefix (files, "run-20231114-221320-"));
  g_assert_nonnull (strstr (files, ".json run-20231114-221500-"));
  g_assert_true (g_str_has_suffix (files, ".json"));
  g_assert_cmpuint (strlen (files), ==, 2 * strlen ("run-20231114-221320-123456.json") + 1);

  /* Another history on the same folder reads the same list... */
  g_assert_cmpuint (load (again, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 2);
  g_assert_cmpstr (fb_history_entry_get_name (entry_at (again, 0)), ==, "Crash");
  g_assert_cmpstr (fb_history_entry_get_summary (entry_at (again, 0)), ==,
                   fb_history_entry_get_summary (entry_at (f->history, 0)));
  g_assert_cmpint (g_date_time_to_unix (fb_history_entry_get_finished (entry_at (again, 1))), ==, 1700000000);

  /* ...and each run comes back whole: records, failures, verdict. */
  back = open_entry (again, entry_at (again, 0), &error);
  g_assert_no_error (error);
  report = fb_run_get_report (crash, FB_POOL_THREADS, 0);
  report_back = fb_run_get_report (back, FB_POOL_THREADS, 0);
  g_assert_cmpuint (report_back->records->len, ==, report->records->len);
  g_assert_cmpuint (report_back->tasks_failed, ==, 1);
  g_assert_cmpfloat (report_back->wall_s, ==, round (report->wall_s * 1e6) / 1e6);
  {
    g_autofree char *verdict = fb_run_dup_verdict (crash);
    g_autofree char *verdict_back = fb_run_dup_verdict (back);

    g_assert_cmpstr (verdict, ==, verdict_back);
  }
}

static void
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  g_autofree char *dir = g_file_get_path (f->directory);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

/* Damaged and foreign files are skipped, each with a warning that names
 * it, and left where they are; files that are not .json are not looked at. */
static void
test_skips_bad_files (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(FbRun) run = finished_run ("Good", 5, FALSE);
  g_autoptr(FbHistory) again = fb_history_new (f->directory);
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *good_path = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *files = NULL;

  load (f->history, &error);
  g_assert_no_error (error);
  good_path = g_file_get_path (fb_history_entry_get_file (add (f->history, run, NULL, 1700000000)));
  g_assert_true (g_file_get_contents (good_path, &good, NULL, NULL));

  write_file (f, "a-syntax.json", "{\"forkbench_history\": 1, ");
  write_file (f, "b-foreign.json", "{\"hello\": \"world\"}");
  write_file (f, "c-newer.json", "{\"forkbench_history\": 2, \"finished\": \"2026-01-01T00:00:00Z\", \"run\": {}}");
  good[strlen (good) / 2] = '\0';
  write_file (f, "d-truncated.json", good);
  write_file (f, "e-bad-run.json",
              "{\"forkbench_history\": 1, \"finished\": \"2026-01-01T00:00:00Z\", \"run\": {\"runs\": 3}}");
  write_file (f, "f-no-date.json", "{\"forkbench_history\": 1, \"finished\": \"yesterday\", \"run\": {}}");
  write_file (f, "notes.txt", "not a run");
  dir = g_build_filename (f->path, "runs", "folder.json", NULL);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);

  g_test_expect_message ("fb-history", G_LOG_LEVEL_WARNING,
                         "Skipped a kept run that cannot be read: a-syntax.json:1:24: Parse error*");
  g_test_expect_message ("fb-history", G_LOG_LEVEL_WARNING,
                         "Skipped a kept run that cannot be read: b-foreign.json: not a run kept by Forkbench");
  g_test_expect_message ("fb-history", G_LOG_LEVEL_WARNING,
                         "Skipped a kept run that cannot be read: c-newer.json: kept in format 2, "
                         "and this version of Forkbench reads format 1");
  g_test_expect_message ("fb-history", G_LOG_LEVEL_WARNING, "Skipped a kept run that cannot be read: *");
  g_test_expect_message ("fb-history", G_LOG_LEVEL_WARNING,
                         "Skipped a kept run that cannot be read: e-bad-run.json: not a Forkbench run*");
  g_test_expect_message ("fb-history", G_LOG_LEVEL_WARNING,
                         "Skipped a kept run that cannot be read: f-no-date.json.finished: expected a date*");
  g_assert_cmpuint (load (again, &error), ==, 6);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
  g_assert_cmpstr (fb_history_entry_get_name (entry_at (again, 0)), ==, "Good");

  /* Nothing was deleted. */
  files = list_files (f);
  g_assert_true (g_str_has_prefix (files, "a-syntax.json b-foreign.json c-newer.json d-truncated.json "
                                          "e-bad-run.json f-no-date.json folder.json notes.txt run-"));
}

/* A history whose folder is not there yet is empty; one whose folder is
 * a file says so. */
static void
test_missing_folder (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_build_filename (f->path, "a-file", NULL);
  g_autoptr(FbHistory) not_a_folder = NULL;

  /* No folder yet: an empty history. */
  g_assert_cmpuint (load (f->history, &error), ==, 0);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 0);

  /* A file where the folder should be: an error, not a crash. */
  g_assert_true (g_file_replace_contents (file, "x", 1, NULL, FALSE, 0, NULL, NULL, NULL));
  not_a_folder = fb_history_new (file);
  load (not_a_folder, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
  g_assert_false (fb_history_get_loaded (not_a_folder));
}

/* Past max-runs, the oldest runs go, files and all. */
static void
test_max_runs (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(FbRun) run = finished_run ("Kept", 3, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;
  g_autofree char *last = NULL;

  load (f->history, &error);
  fb_history_set_max_runs (f->history, 2);
  add (f->history, run, NULL, 1700000000);
  add (f->history, run, NULL, 1700000200);
  /* Older than both kept: it goes at once. */
  g_assert_null (add (f->history, run, NULL, 1600000000));
  add (f->history, run, NULL, 1700000300);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 2);
  g_assert_cmpint (g_date_time_to_unix (fb_history_entry_get_finished (entry_at (f->history, 0))), ==, 1700000300);
  g_assert_cmpint (g_date_time_to_unix (fb_history_entry_get_finished (entry_at (f->history, 1))), ==, 1700000200);
  files = list_files (f);
  g_assert_true (g_str_has_prefix (files, "run-20231114-221640-"));
  g_assert_nonnull (strstr (files, " run-20231114-221820-"));
  g_assert_cmpuint (strlen (files), ==, 2 * strlen ("run-20231114-221320-123456.json") + 1);

  /* Fewer kept from now on: the oldest go now. */
  fb_history_set_max_runs (f->history, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 1);
  last = list_files (f);
  g_assert_true (g_str_has_prefix (last, "run-20231114-221820-"));
  g_assert_cmpuint (strlen (last), ==, strlen ("run-20231114-221320-123456.json"));
}

static void
test_remove_and_restore (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(FbRun) run = finished_run ("Deleted", 4, FALSE);
  g_autoptr(FbHistory) again = fb_history_new (f->directory);
  g_autoptr(FbHistoryEntry) entry = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autoptr(GBytes) restored = NULL;
  g_autoptr(GError) error = NULL;

  load (f->history, &error);
  entry = g_object_ref (add (f->history, run, NULL, 1700000000));

  contents = fb_history_remove (f->history, entry, &error);
  g_assert_no_error (error);
  g_assert_nonnull (contents);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 0);
  g_assert_false (g_file_query_exists (fb_history_entry_get_file (entry), NULL));

  /* Removing it again says so. */
  g_assert_null (fb_history_remove (f->history, entry, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (fb_history_restore (f->history, entry, contents, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->history)), ==, 1);
  restored = g_file_load_bytes (fb_history_entry_get_file (entry), NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (contents, restored));

  load (again, &error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again)), ==, 1);
}

/* A run of more tasks than are kept as records keeps its figures. */
static void
test_large_run_without_records (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(FbRun) run = finished_run ("Many", FB_HISTORY_MAX_RECORDS + 1, FALSE);
  g_autoptr(FbRun) back = NULL;
  g_autoptr(GError) error = NULL;
  FbHistoryEntry *entry;

  load (f->history, &error);
  entry = add (f->history, run, NULL, 1700000000);
  g_assert_false (fb_history_entry_get_has_timelines (entry));

  back = open_entry (f->history, entry, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fb_run_get_report (back, FB_POOL_THREADS, 0)->tasks_ok, ==, FB_HISTORY_MAX_RECORDS + 1);
  g_assert_cmpuint (fb_run_get_report (back, FB_POOL_THREADS, 0)->records->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Forkbench/History/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("keep-and-read-back", test_keep_and_read_back);
  ADD ("skips-bad-files", test_skips_bad_files);
  ADD ("missing-folder", test_missing_folder);
  ADD ("max-runs", test_max_runs);
  ADD ("remove-and-restore", test_remove_and_restore);
  ADD ("large-run-without-records", test_large_run_without_records);

  return g_test_run ();
}
