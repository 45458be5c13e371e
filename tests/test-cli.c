/* test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * forkbench-cli as scripts use it: the exit statuses, the JSON and CSV
 * output and its keys (a contract), the messages for bad input, Ctrl-C,
 * and every preset runnable by name.
 */

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "fb-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_clear_pointer (&r->out, g_free);
  g_clear_pointer (&r->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("FORKBENCH_CLI");

  g_assert_nonnull (path);
  return path;
}

static void
run_cli (Result             *r,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i]; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &r->out, &r->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  r->status = g_subprocess_get_exit_status (proc);
}

#define RUN(r, ...) run_cli (r, (const char * const []) { __VA_ARGS__, NULL })

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_help (void)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) sub = { 0 };
  g_auto(Result) none = { 0 };

  RUN (&r, "--help");
  g_assert_cmpint (r.status, ==, 0);
  for (guint i = 0; i < 6; i++)
    g_assert_nonnull (strstr (r.out, (const char *[]) { "run", "sweep", "presets", "kernels", "validate", "monitor" }[i]));

  /* Each command has its own help. */
  RUN (&sub, "run", "--help");
  g_assert_cmpint (sub.status, ==, 0);
  g_assert_nonnull (strstr (sub.out, "--chunksize"));
  g_assert_nonnull (strstr (sub.out, "--format"));

  run_cli (&none, (const char * const []) { NULL });
  g_assert_cmpint (none.status, ==, 2);
  g_assert_nonnull (strstr (none.err, "Usage: forkbench-cli COMMAND"));
}

static void
test_usage_errors (void)
{
  static const char * const cases[][6] = {
    { "frobnicate", NULL },
    { "run", NULL },
    { "run", "--preset", "no-such-preset", NULL },
    { "run", "--preset", "pool-map-square", "--mode", "fibers", NULL },
    { "run", "--preset", "pool-map-square", "--workers", "1000000", NULL },
    { "run", "--preset", "pool-map-square", "--format", "xml", NULL },
    { "run", "/nonexistent.json", NULL },
    { "sweep", "--preset", "pool-map-square", NULL },
    { "sweep", "--preset", "pool-map-square", "--workers", "0..3", NULL },
    { "run", "--preset", "pool-map-square", "--workers", "0", NULL },
    { "run", "--preset", "pool-map-square", "--tasks", "0", NULL },
    { "run", "--preset", "pool-map-square", "--chunksize", "0", NULL },
    { "run", "--preset", "pool-map-square", "--tasks", "-3", NULL },
    { "validate", NULL },
  };
  static const char * const messages[] = {
    "forkbench-cli: there is no command “frobnicate”",
    "forkbench-cli: give a workload file, or --preset NAME",
    "forkbench-cli: There is no preset called “no-such-preset”",
    "forkbench-cli: --mode is “processes”, “threads” or “both”, not “fibers”",
    "forkbench-cli: --workers is from 1 to 1024, not 1000000",
    "forkbench-cli: --format is text, json or csv, not “xml”",
    "forkbench-cli: Could not open /nonexistent.json",
    "forkbench-cli: a sweep needs --workers 1..N",
    "forkbench-cli: --workers for a sweep is 1..N with N from 1 to 1024, not “0..3”",
    "forkbench-cli: --workers is from 1 to 1024, not 0",
    "forkbench-cli: --tasks is from 1 to 10000000, not 0",
    "forkbench-cli: --chunksize is from 1 to 1000000, not 0",
    "forkbench-cli: --tasks is from 1 to 10000000, not -3",
    "forkbench-cli: give the workload file to check (presets are checked already)",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };

      run_cli (&r, cases[i]);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      if (!g_str_has_prefix (r.err, messages[i]))
        g_error ("expected “%s…”, got “%s”", messages[i], r.err);
    }
}

static char *
write_temp (const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("forkbench-cli-XXXXXX.json", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_validate (void)
{
  g_autofree char *good = write_temp ("{\"forkbench\": 1, \"name\": \"Mine\", \"kernel\": \"sleep\", "
                                      "\"inputs\": [1, 2], \"tasks\": 3, \"workers\": 2}");
  g_autofree char *bad = write_temp ("{\"forkbench\": 1, \"name\": \"Mine\", \"kernel\": \"square\", \"tasks\": -4}");
  g_autofree char *one = write_temp ("{\"forkbench\": 1, \"name\": \"One\", \"kernel\": \"square\", "
                                     "\"tasks\": 1, \"workers\": 1, \"mode\": \"threads\"}");
  g_auto(Result) ok = { 0 };
  g_auto(Result) no = { 0 };
  g_auto(Result) single = { 0 };
  g_autofree char *expected = NULL;
  g_autofree char *expected_one = NULL;

  RUN (&ok, "validate", good);
  g_assert_cmpint (ok.status, ==, 0);
  expected = g_strdup_printf ("%s: a valid workload: “Mine”, 2 tasks of sleep on 2 workers, both\n", good);
  g_assert_cmpstr (ok.out, ==, expected);
  g_assert_nonnull (strstr (ok.err, "warning: "));
  g_assert_nonnull (strstr (ok.err, "“tasks” is 3 but there are 2 inputs"));

  RUN (&no, "validate", bad);
  g_assert_cmpint (no.status, ==, 2);
  g_assert_nonnull (strstr (no.err, "“tasks” is -4, but must be from 1 to 10000000"));

  /* Counts of one agree in number. */
  RUN (&single, "validate", one);
  g_assert_cmpint (single.status, ==, 0);
  expected_one = g_strdup_printf ("%s: a valid workload: “One”, 1 task of square on 1 worker, threads\n", one);
  g_assert_cmpstr (single.out, ==, expected_one);

  g_unlink (good);
  g_unlink (bad);
  g_unlink (one);
}

/* Absurd requests are refused with a clear error, exit status 2, before
 * anything starts: a million workers, more memory than the machine has,
 * a payload past the protocol's limit, a negative timeout. */
static void
test_absurd_requests (void)
{
  g_autofree char *memory = write_temp ("{\"forkbench\": 1, \"name\": \"Hog\", \"kernel\": \"memory\", "
                                        "\"params\": {\"mb\": 1024}, \"tasks\": 4096, \"workers\": 2}");
  g_autofree char *payload = write_temp ("{\"forkbench\": 1, \"name\": \"Big\", \"kernel\": \"echo\", "
                                         "\"params\": {\"bytes\": 1099511627776}, \"tasks\": 1}");
  g_autofree char *timeout = write_temp ("{\"forkbench\": 1, \"name\": \"Never\", \"kernel\": \"sleep\", "
                                         "\"tasks\": 1, \"timeout_ms\": -1}");
  struct
  {
    const char *args[8];
    const char *message;
  } cases[] = {
    { { "run", memory, "--workers", "1000000" }, "forkbench-cli: --workers is from 1 to 1024, not 1000000" },
    { { "run", memory, "--workers", "1024" }, "forkbench-cli: This run would hold 1.0" },
    { { "sweep", memory, "--workers", "1..1024" }, "forkbench-cli: This run would hold 1.0" },
    { { "run", payload }, "forkbench-cli: " },
    { { "run", timeout }, "forkbench-cli: " },
  };
  const char *details[] = {
    NULL,
    "at once (1024 tasks of 1.0",
    "at once (1024 tasks of 1.0",
    "Parameter “bytes” of kernel “echo” is 1099511627776, but must be from 0 to 16777216 bytes",
    "“timeout_ms” is -1, but must be from 0 to 86400000",
  };
  guint children = fb_test_count_children (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };

      run_cli (&r, cases[i].args);
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.out, ==, "");
      g_assert_true (g_str_has_prefix (r.err, cases[i].message));
      if (details[i] != NULL)
        g_assert_nonnull (strstr (r.err, details[i]));
      g_assert_cmpuint (fb_test_count_children (NULL), ==, children);
    }

  g_unlink (memory);
  g_unlink (payload);
  g_unlink (timeout);
}

/* A learner's Python file: checked by validate, its values and tracebacks
 * in the JSON of a run. */
static void
test_python (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *py = NULL;
  g_autofree char *bad_py = NULL;
  g_autofree char *good = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *expected = NULL;
  g_auto(Result) ok = { 0 };
  g_auto(Result) no = { 0 };
  g_auto(Result) run = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *first;
  JsonArray *failures, *results;

  if (!fb_test_have_python ())
    return;

  dir = g_dir_make_tmp ("forkbench-cli-python-XXXXXX", &error);
  g_assert_no_error (error);
  py = g_build_filename (dir, "tasks.py", NULL);
  bad_py = g_build_filename (dir, "bad.py", NULL);
  good = g_build_filename (dir, "good.json", NULL);
  bad = g_build_filename (dir, "bad.json", NULL);
  g_file_set_contents (py, "def half(x):\n    return 6 / (x - 2)\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad_py, "def half(x)\n    return x\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (good, "{\"forkbench\": 1, \"name\": \"Halves\", \"kernel\": \"python\", "
                       "\"params\": {\"file\": \"tasks.py\", \"function\": \"half\"}, "
                       "\"tasks\": 4, \"workers\": 2}", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (bad, "{\"forkbench\": 1, \"name\": \"Halves\", \"kernel\": \"python\", "
                       "\"params\": {\"file\": \"bad.py\", \"function\": \"half\"}, "
                       "\"tasks\": 4, \"workers\": 2}", -1, &error);
  g_assert_no_error (error);

  RUN (&ok, "validate", good);
  g_assert_cmpint (ok.status, ==, 0);
  expected = g_strdup_printf ("%s: a valid workload: “Halves”, 4 tasks of python on 2 workers, both\nPython 3.",
                              good);
  g_assert_true (g_str_has_prefix (ok.out, expected));

  RUN (&no, "validate", bad);
  g_assert_cmpint (no.status, ==, 2);
  g_assert_nonnull (strstr (no.err, "bad.py” has an error on line 1: SyntaxError: expected ':'"));

  RUN (&run, "run", good, "--format", "json", "--results");
  g_assert_cmpint (run.status, ==, 1);
  root = parse_object (parser, run.out);
  first = json_array_get_object_element (json_object_get_array_member (root, "runs"), 0);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (first, "python"), "gil_enabled"));
  results = json_object_get_array_member (first, "results");
  g_assert_cmpfloat (json_array_get_double_element (results, 0), ==, -3.0);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (results, 2)));
  g_assert_cmpfloat (json_array_get_double_element (results, 3), ==, 6.0);
  failures = json_object_get_array_member (first, "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (failures, 0), "error"), ==,
                   "ZeroDivisionError: division by zero");
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (failures, 0), "traceback"),
                            "line 2, in half"));

  g_unlink (py);
  g_unlink (bad_py);
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_run_json (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  static const char * const keys[] = {
    "mode", "workers", "tasks_ok", "tasks_failed", "wall_s", "throughput_tps", "speedup",
    "efficiency", "latency_us", "cpu_per_core", "peak_rss_bytes", "failures", "results", NULL,
  };
  static const gint64 squares[] = { 9, 16, 25, 36, 36, 49, 7569, 64, 64 };
  JsonObject *root;
  JsonArray *runs;

  RUN (&r, "run", "--preset", "pool-map-square-list", "--format", "json", "--results");
  g_assert_cmpint (r.status, ==, 0);

  root = parse_object (parser, r.out);
  g_assert_true (json_object_has_member (root, "machine"));
  g_assert_true (json_object_has_member (root, "workload"));
  g_assert_cmpstr (json_object_get_string_member (root, "verdict"), !=, "");
  g_assert_false (json_object_get_boolean_member (root, "interrupted"));

  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);
      JsonObject *latency = json_object_get_object_member (run, "latency_us");
      JsonArray *results = json_object_get_array_member (run, "results");
      double wall = json_object_get_double_member (run, "wall_s");

      for (guint k = 0; keys[k]; k++)
        g_assert_true (json_object_has_member (run, keys[k]));

      g_assert_cmpstr (json_object_get_string_member (run, "mode"), ==, i == 0 ? "processes" : "threads");
      g_assert_cmpint (json_object_get_int_member (run, "workers"), ==, 5);
      g_assert_cmpint (json_object_get_int_member (run, "tasks_ok"), ==, 9);
      g_assert_cmpint (json_object_get_int_member (run, "tasks_failed"), ==, 0);
      g_assert_cmpfloat (wall, >, 0);
      /* The figures agree with each other, as they come from one set of records. */
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (run, "throughput_tps"), 9 / wall,
                                      9 / wall * 1e-3 + 1e-3);
      g_assert_cmpfloat (json_object_get_double_member (latency, "p50"), <=, json_object_get_double_member (latency, "p95"));
      g_assert_cmpfloat (json_object_get_double_member (latency, "p95"), <=, json_object_get_double_member (latency, "p99"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (run, "failures")), ==, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (run, "cpu_per_core")), ==,
                        g_get_num_processors ());
      /* What the step added: threads may need no page their process lacked. */
      g_assert_cmpint (json_object_get_int_member (run, "peak_rss_bytes"), >=, i == 0 ? 1 : 0);

      g_assert_cmpuint (json_array_get_length (results), ==, 9);
      for (guint t = 0; t < 9; t++)
        g_assert_cmpint (json_array_get_int_element (results, t), ==, squares[t]);
    }
}

static void
test_run_failures (void)
{
  g_auto(Result) r = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *run;
  JsonArray *failures;
  JsonArray *results;

  RUN (&r, "run", "--preset", "fault-isolation", "--mode", "processes", "--format", "json", "--results");
  g_assert_cmpint (r.status, ==, 1);

  run = json_array_get_object_element (json_object_get_array_member (parse_object (parser, r.out), "runs"), 0);
  g_assert_cmpint (json_object_get_int_member (run, "tasks_ok"), ==, 9);
  g_assert_cmpint (json_object_get_int_member (run, "tasks_failed"), ==, 1);

  failures = json_object_get_array_member (run, "failures");
  g_assert_cmpuint (json_array_get_length (failures), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (failures, 0), "task"), ==, 3);
  g_assert_nonnull (strstr (json_object_get_string_member (json_array_get_object_element (failures, 0), "error"),
                            "was killed by signal 11 (SIGSEGV) while running task 3"));

  /* A failed task's result is null, in task order. */
  results = json_object_get_array_member (run, "results");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (results, 3)));
  g_assert_cmpint (json_array_get_int_element (results, 4), ==, 4);
}

static void
test_run_text_and_csv (void)
{
  g_auto(Result) text = { 0 };
  g_auto(Result) csv = { 0 };
  g_auto(Result) tasks = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autofree char *dir = g_dir_make_tmp ("forkbench-cli-XXXXXX", NULL);
  g_autofree char *out_path = g_build_filename (dir, "report.csv", NULL);
  g_autofree char *saved = NULL;

  RUN (&text, "run", "--preset", "four-processes-print", "--mode", "processes");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "Number: 0\n  Number: 1\n  Number: 2\n  Number: 3\n"));
  g_assert_nonnull (strstr (text.out, "Processes ran 4 tasks"));
  /* Not a terminal: no progress bar. */
  g_assert_cmpstr (text.err, ==, "");

  RUN (&csv, "run", "--preset", "pool-map-square", "--format", "csv", "--output", out_path);
  g_assert_cmpint (csv.status, ==, 0);
  g_assert_cmpstr (csv.out, ==, "");
  g_assert_true (g_file_get_contents (out_path, &saved, NULL, NULL));
  lines = g_strsplit (g_strstrip (saved), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "mode,workers,chunksize,tasks,tasks_ok,tasks_failed,"));
  g_assert_true (g_str_has_prefix (lines[1], "processes,4,1,10,10,0,false,"));
  g_assert_true (g_str_has_prefix (lines[2], "threads,4,1,10,10,0,false,"));

  RUN (&tasks, "run", "--preset", "pool-map-square", "--mode", "threads", "--format", "csv", "--results");
  g_assert_cmpint (tasks.status, ==, 0);
  g_assert_nonnull (strstr (tasks.out, "\nthreads,4,9,9,succeeded,81,,,"));

  g_unlink (out_path);
  g_rmdir (dir);
}

static void
test_every_preset_runs (void)
{
  g_auto(GStrv) ids = fb_workload_list_presets ();

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(FbWorkload) workload = fb_workload_new_from_preset (ids[i], NULL);
      g_auto(Result) r = { 0 };
      gboolean may_fail = g_str_equal (fb_workload_get_kernel (workload), "fault");
      g_autofree char *tasks = NULL;
      const char *args[12] = { "run", "--preset", ids[i], "--format", "json", NULL };
      guint n = 5;

      /* Every preset runs by name; the long ones with fewer tasks, as a
       * smoke test of what their demonstrations exercise. */
      if (fb_workload_get_n_tasks (workload) > 1000)
        {
          args[n++] = "--tasks";
          args[n++] = "1000";
        }
      if (g_str_equal (ids[i], "two-three-second-sleepers") || g_str_equal (ids[i], "ipc-cost") ||
          g_str_equal (ids[i], "cpu-bound") || g_str_equal (ids[i], "gil-bound") ||
          g_str_equal (ids[i], "io-bound") || g_str_equal (ids[i], "python-cpu-bound") ||
          g_str_equal (ids[i], "python-sleepers"))
        {
          /* The Python sleepers sleep their input in seconds. */
          tasks = g_strdup (g_str_equal (ids[i], "python-sleepers") ? "2" : "4");
          args[n++] = "--tasks";
          args[n++] = tasks;
        }
      args[n] = NULL;

      run_cli (&r, args);
      if (r.status != (may_fail ? 1 : 0))
        g_error ("preset %s: exit status %d: %s", ids[i], r.status, r.err);
    }
}

static void
test_interrupted (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *root;
  JsonObject *run;
  guint children = fb_test_count_children (NULL);

  /* 40 tasks of 250 ms on 2 workers: Ctrl-C after a second keeps what finished. */
  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                           cli_path (), "run", "--preset", "io-bound", "--mode", "processes",
                           "--workers", "2", "--tasks", "40", "--format", "json", NULL);
  g_assert_no_error (error);

  g_usleep (1200 * 1000);
  g_subprocess_send_signal (proc, SIGINT);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted; what finished follows"));

  root = parse_object (parser, out);
  g_assert_true (json_object_get_boolean_member (root, "interrupted"));
  run = json_array_get_object_element (json_object_get_array_member (root, "runs"), 0);
  g_assert_true (json_object_get_boolean_member (run, "interrupted"));
  g_assert_cmpint (json_object_get_int_member (run, "tasks_ok"), >, 0);
  g_assert_cmpint (json_object_get_int_member (run, "tasks_ok"), <, 40);

  /* And it left no worker behind. */
  g_assert_cmpuint (fb_test_count_children (NULL), ==, children);
}

/* --output that names a place no file can go is refused before anything
 * runs: the command below would leave a file behind if it ran. */
static void
test_output_unwritable (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkbench-cli-output-XXXXXX", NULL);
  g_autofree char *marker = g_build_filename (dir, "ran", NULL);
  g_autofree char *escaped = g_strescape (marker, NULL);
  g_autofree char *contents = g_strdup_printf ("{\"forkbench\": 1, \"name\": \"Touch\", \"kernel\": \"command\", "
                                               "\"params\": {\"argv\": [\"touch\", \"%s\"]}, \"tasks\": 1, "
                                               "\"mode\": \"processes\"}", escaped);
  g_autofree char *workload = write_temp (contents);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "out.json", NULL);
  g_autofree char *missing_dir = g_path_get_dirname (missing);
  g_autofree char *expected = NULL;
  g_auto(Result) r = { 0 };
  g_auto(Result) folder = { 0 };

  RUN (&r, "run", workload, "--output", missing);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  expected = g_strdup_printf ("forkbench-cli: Could not write %s: there is no folder %s\n", missing, missing_dir);
  g_assert_cmpstr (r.err, ==, expected);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  RUN (&folder, "sweep", workload, "--workers", "1..2", "--output", dir);
  g_assert_cmpint (folder.status, ==, 2);
  g_assert_nonnull (strstr (folder.err, " is a folder"));
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  g_unlink (workload);
  g_rmdir (dir);
}

/* Output that never reached its reader, on a full disk, is not a success. */
static void
test_output_full_disk (void)
{
  static const char * const commands[][4] = {
    { "presets", NULL },
    { "kernels", NULL },
    { "run", "--preset", "pool-map-square", NULL },
    { "monitor", "--duration", "0.5", NULL },
  };

  if (!g_file_test ("/dev/full", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this system has no /dev/full");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *err = NULL;

      g_subprocess_launcher_set_stdout_file_path (launcher, "/dev/full");
      proc = g_subprocess_launcher_spawn (launcher, &error, cli_path (), commands[i][0], commands[i][1],
                                          commands[i][2], commands[i][3], NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
      g_assert_no_error (error);

      if (g_subprocess_get_exit_status (proc) != 2 ||
          !g_str_has_prefix (err, "forkbench-cli: could not write to standard output"))
        g_error ("%s: exit status %d: %s", commands[i][0], g_subprocess_get_exit_status (proc), err);
    }
}

/* A task that starts a pool of its own: what that pool's processes print
 * is not lost, but goes where a multiprocessing child's would. */
static void
test_python_forked_output (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *py = NULL;
  g_autofree char *workload = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Result) r = { 0 };

  if (!fb_test_have_python ())
    return;

  dir = g_dir_make_tmp ("forkbench-cli-fork-XXXXXX", &error);
  g_assert_no_error (error);
  py = g_build_filename (dir, "pool.py", NULL);
  workload = g_build_filename (dir, "pool.json", NULL);
  g_file_set_contents (py, "import multiprocessing\n\ndef shout(n):\n    print('child says', n)\n    return n\n\n"
                       "def task(x):\n    with multiprocessing.get_context('fork').Pool(1) as pool:\n"
                       "        return sum(pool.map(shout, [x]))\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (workload, "{\"forkbench\": 1, \"name\": \"Pool\", \"kernel\": \"python\", "
                       "\"params\": {\"file\": \"pool.py\", \"function\": \"task\"}, \"tasks\": 2, "
                       "\"workers\": 1}", -1, &error);
  g_assert_no_error (error);

  /* One worker: two children printing at once could mix their words. */
  RUN (&r, "run", workload, "--results");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Results (processes): [0, 1]"));
  g_assert_nonnull (strstr (r.out, "Results (threads): [0, 1]"));
  /* Each task's child, in each mode. */
  g_assert_nonnull (strstr (r.err, "child says 0\n"));
  g_assert_nonnull (strstr (r.err, "child says 1\n"));
  g_assert_nonnull (strstr (strstr (r.err, "child says 0\n") + 1, "child says 0\n"));

  g_unlink (py);
  g_unlink (workload);
  g_rmdir (dir);
}

static void
new_process_group (gpointer user_data)
{
  setpgid (0, 0);
}

/* A Ctrl-C at a terminal goes to the whole foreground process group, the
 * workers too. They leave it to the pool: the run stops as interrupted,
 * and no task is failed by the signal, in C workers and in Python ones. */
static void
test_interrupted_group (gconstpointer data)
{
  const char *preset = data;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonArray *runs;
  GPid pid;
  guint children = fb_test_count_children (NULL);

  if (g_str_has_prefix (preset, "python") && !fb_test_have_python ())
    return;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, new_process_group, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, cli_path (), "run", "--preset", preset,
                                      "--mode", "processes", "--workers", "2", "--format", "json", NULL);
  g_assert_no_error (error);
  pid = (GPid) g_ascii_strtoll (g_subprocess_get_identifier (proc), NULL, 10);

  /* Both workers up, and into their first tasks. */
  for (;;)
    {
      g_autoptr(GArray) workers = fb_test_list_children (pid, NULL);

      if (workers->len >= 2)
        break;
      g_assert_true (fb_test_pid_alive (pid));
      g_usleep (10 * 1000);
    }
  g_usleep (500 * 1000);

  g_assert_cmpint (kill (-pid, SIGINT), ==, 0);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 130);
  g_assert_nonnull (strstr (err, "interrupted; what finished follows"));
  g_assert_null (strstr (out, "SIGINT"));
  g_assert_null (strstr (err, "SIGINT"));
  runs = json_object_get_array_member (parse_object (parser, out), "runs");
  for (guint i = 0; i < json_array_get_length (runs); i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (runs, i), "tasks_failed"), ==, 0);

  g_assert_cmpuint (fb_test_count_children (NULL), ==, children);
}

static void
test_sweep (void)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) text = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *runs;
  JsonObject *amdahl;
  JsonObject *processes;
  double serial_fraction;
  double speedup2 = 0;
  double wall[2] = { 0, 0 };

  /* A sweep measures each worker count, and the speedup is the measured
   * ratio of wall times (how large it is depends on what else the machine
   * does, so that is for the benchmarks). */
  RUN (&r, "sweep", "--preset", "cpu-bound", "--workers", "1..2", "--mode", "processes", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);

  root = parse_object (parser, r.out);
  runs = json_object_get_array_member (root, "runs");
  g_assert_cmpuint (json_array_get_length (runs), ==, 2);

  for (guint i = 0; i < 2; i++)
    {
      JsonObject *run = json_array_get_object_element (runs, i);

      g_assert_cmpint (json_object_get_int_member (run, "workers"), ==, i + 1);
      g_assert_true (json_object_get_boolean_member (run, "speedup_measured"));
      g_assert_cmpuint (json_object_get_int_member (run, "tasks_ok"), ==,
                        json_object_get_int_member (run, "tasks"));
      wall[i] = json_object_get_double_member (run, "wall_s");
      g_assert_cmpfloat (wall[i], >, 0);
      if (i == 0)
        g_assert_cmpfloat (json_object_get_double_member (run, "speedup"), ==, 1.0);
      else
        speedup2 = json_object_get_double_member (run, "speedup");
    }

  g_assert_cmpfloat_with_epsilon (speedup2, wall[0] / wall[1], 0.01 * wall[0] / wall[1]);

  /* Amdahl's law fitted to each mode that ran; how much of the work came
   * out serial depends on the machine, so only its range is checked. */
  amdahl = json_object_get_object_member (root, "amdahl");
  g_assert_nonnull (amdahl);
  g_assert_false (json_object_has_member (amdahl, "threads"));
  processes = json_object_get_object_member (amdahl, "processes");
  g_assert_nonnull (processes);
  serial_fraction = json_object_get_double_member (processes, "serial_fraction");
  g_assert_cmpfloat (serial_fraction, >=, 0);
  g_assert_cmpfloat (serial_fraction, <=, 1);
  g_assert_cmpfloat (json_object_get_double_member (processes, "rms_error"), >=, 0);

  RUN (&text, "sweep", "--preset", "cpu-bound", "--workers", "1..2", "--mode", "processes");
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "\nProcesses: "));
  g_assert_nonnull (strstr (text.out, "of the work ran serially"));
  g_assert_null (strstr (text.out, "Threads: "));
}

static void
test_presets_and_kernels (void)
{
  g_auto(Result) presets = { 0 };
  g_auto(Result) json = { 0 };
  g_auto(Result) kernels = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = fb_workload_list_presets ();

  RUN (&presets, "presets");
  g_assert_cmpint (presets.status, ==, 0);
  g_assert_nonnull (strstr (presets.out, "two-three-second-sleepers"));

  RUN (&json, "presets", "--format", "json");
  g_assert_cmpint (json.status, ==, 0);
  json_parser_load_from_data (parser, json.out, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==,
                    g_strv_length (ids));

  RUN (&kernels, "kernels");
  g_assert_cmpint (kernels.status, ==, 0);
  g_assert_nonnull (strstr (kernels.out, "shared-array"));
  g_assert_nonnull (strstr (kernels.out, "segv, abort, exit, hang; default segv"));
}

static void
test_monitor (void)
{
  g_auto(Result) r = { 0 };
  g_auto(Result) bad = { 0 };
  g_auto(GStrv) lines = NULL;
  double last_t = 0;

  /* One JSON object per line per sample: t, total, cores (the contract). */
  RUN (&r, "monitor", "--duration", "1", "--interval", "200", "--format", "json");
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strstrip (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 4);
  g_assert_cmpuint (g_strv_length (lines), <=, 6);

  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *sample = parse_object (parser, lines[i]);
      JsonArray *cores = json_object_get_array_member (sample, "cores");
      double t = json_object_get_double_member (sample, "t");

      g_assert_cmpfloat (t, >, last_t);
      last_t = t;
      g_assert_cmpfloat (json_object_get_double_member (sample, "total"), >=, 0);
      g_assert_cmpfloat (json_object_get_double_member (sample, "total"), <=, 1);
      g_assert_cmpuint (json_array_get_length (cores), ==, g_get_num_processors ());
      for (guint c = 0; c < json_array_get_length (cores); c++)
        {
          double busy = json_array_get_double_element (cores, c);

          g_assert_cmpfloat (busy, >=, 0);
          g_assert_cmpfloat (busy, <=, 1);
        }
    }

  RUN (&bad, "monitor", "--interval", "50");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_cmpstr (bad.err, ==, "forkbench-cli: --interval is from 100 to 5000 ms, not 50\n");
}

/* Killed with SIGKILL mid-run, with no chance to clean up, the command
 * line still leaves no worker behind: each worker's parent-death signal
 * ends it within a second. */
static void
test_killed_leaves_no_worker (void)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           cli_path (), "run", "--preset", "io-bound", "--mode", "processes",
                           "--workers", "3", "--tasks", "400", NULL);
  g_assert_no_error (error);
  fb_test_kill_leaves_no_worker (proc, 3);
}

/* In a locale whose decimal mark is a comma, the machine-readable outputs
 * still have a dot: a CSV row keeps its columns and the monitor's lines
 * stay JSON. The locale is built in a folder of the test's own, from the
 * sources of Debian's locales package. */
static void
test_decimal_comma_locale (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkbench-locale-XXXXXX", NULL);
  g_autofree char *locale = g_build_filename (dir, "de_DE.UTF-8", NULL);
  g_autofree char *localedef_err = NULL;
  const char *localedef[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", locale, NULL };
  g_auto(Result) csv = { 0 };
  g_auto(Result) monitor = { 0 };
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) lines = NULL;
  int status = -1;

  if (!g_spawn_sync (NULL, (char **) localedef, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                     NULL, NULL, NULL, &localedef_err, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("No German locale can be built here (Debian: apt-get install locales)");
      g_rmdir (dir);
      return;
    }

  g_setenv ("LOCPATH", dir, TRUE);
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  RUN (&csv, "run", "--preset", "pool-map-square", "--format", "csv");
  RUN (&monitor, "monitor", "--duration", "1", "--interval", "250", "--format", "json");
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LOCPATH");

  g_assert_cmpint (csv.status, ==, 0);
  rows = g_strsplit (g_strstrip (csv.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (rows), ==, 3);
  for (guint i = 1; rows[i]; i++)
    {
      g_auto(GStrv) header = g_strsplit (rows[0], ",", -1);
      g_auto(GStrv) fields = g_strsplit (rows[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      g_assert_nonnull (strchr (fields[7], '.'));   /* wall_s */
    }

  g_assert_cmpint (monitor.status, ==, 0);
  lines = g_strsplit (g_strstrip (monitor.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), >=, 2);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      parse_object (parser, lines[i]);
    }

  {
    const char *rm[] = { "rm", "-rf", dir, NULL };

    g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Cli/help", test_help);
  g_test_add_func ("/Forkbench/Cli/usage-errors", test_usage_errors);
  g_test_add_func ("/Forkbench/Cli/validate", test_validate);
  g_test_add_func ("/Forkbench/Cli/absurd-requests", test_absurd_requests);
  g_test_add_func ("/Forkbench/Cli/run-json", test_run_json);
  g_test_add_func ("/Forkbench/Cli/python", test_python);
  g_test_add_func ("/Forkbench/Cli/python-forked-output", test_python_forked_output);
  g_test_add_func ("/Forkbench/Cli/run-failures", test_run_failures);
  g_test_add_func ("/Forkbench/Cli/run-text-and-csv", test_run_text_and_csv);
  g_test_add_func ("/Forkbench/Cli/every-preset-runs", test_every_preset_runs);
  g_test_add_func ("/Forkbench/Cli/output-unwritable", test_output_unwritable);
  g_test_add_func ("/Forkbench/Cli/output-full-disk", test_output_full_disk);
  g_test_add_func ("/Forkbench/Cli/interrupted", test_interrupted);
  g_test_add_data_func ("/Forkbench/Cli/interrupted-group/c", "io-bound", test_interrupted_group);
  g_test_add_data_func ("/Forkbench/Cli/interrupted-group/python", "python-sleepers", test_interrupted_group);
  g_test_add_func ("/Forkbench/Cli/sweep", test_sweep);
  g_test_add_func ("/Forkbench/Cli/presets-and-kernels", test_presets_and_kernels);
  g_test_add_func ("/Forkbench/Cli/monitor", test_monitor);
  g_test_add_func ("/Forkbench/Cli/decimal-comma-locale", test_decimal_comma_locale);
  g_test_add_func ("/Forkbench/Cli/killed-leaves-no-worker", test_killed_leaves_no_worker);

  return g_test_run ();
}
