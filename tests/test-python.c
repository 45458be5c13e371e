/* test-python.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The python kernel as a learner meets it: the lessons' presets give their
 * results in both modes, CPU-bound Python is faster in processes than in
 * threads that share a GIL, every mistake in a file is refused before
 * anything runs, and a task that raises, hangs or kills its interpreter
 * fails alone, leaving no process behind.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "fb-test-util.h"

static char *tmp_dir;

static const char tasks_py[] =
  "import os, signal, time\n"
  "\n"
  "def square(x):\n"
  "    return x * x\n"
  "\n"

  "def divide(x):\n"
  "    return 12 // (x - 3)\n"
  "\n"
  "def hang(x):\n"
  "    if x == 2:\n"
  "        while True:\n"
  "            pass\n"
  "    return x\n"
  "\n"
  "def die(x):\n"
  "    if x == 3:\n"
  "        os.kill(os.getpid(), signal.SIGKILL)\n"
  "    return x\n"
  "\n"
  "class Point:\n"
  "    def __repr__(self):\n"
  "        return 'Point()'\n"
  "\n"
  "VALUES = [0.5, {'a': [1, 'b']}, None, True, 2 ** 70, Point(), 'text', float('nan'), 1e-10, 'a\\x00b']\n"
  "\n"
  "def value(x):\n"
  "    return VALUES[x]\n"
  "\n"
  "def ask(x):\n"
  "    return input()\n"
  "\n"
  "def nap(x):\n"
  "    time.sleep(0.02)\n"
  "    return x + 1\n"
  "\n"
  "not_a_function = 3\n"
  "\n"
  "if __name__ == '__main__':\n"
  "    raise SystemExit('imported as the main program')\n";

static char *
write_file (const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static FbWorkload *
workload_new (const char *params,
              const char *rest)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"forkbench\": 1, \"name\": \"Python\", \"kernel\": \"python\", "
                                           "\"params\": {%s}, %s}", params, rest);
  FbWorkload *workload = fb_workload_new_from_data (json, -1, "python.json", &error);

  g_assert_no_error (error);
  return workload;
}

static FbWorkload *
preset_new (const char *id)
{
  g_autoptr(GError) error = NULL;
  FbWorkload *workload = fb_workload_new_from_preset (id, &error);

  g_assert_no_error (error);
  return workload;
}

/* Runs @workload to its end; returns its run, or NULL with @error set. */
static FbRun *
run_workload (FbWorkload  *workload,
              GError     **error)
{
  g_autoptr(FbRun) run = fb_run_new (workload);

  if (!fb_test_execute_run_full (run, NULL, error))
    return NULL;

  return g_steal_pointer (&run);
}

static FbRun *
run_ok (FbWorkload *workload)
{
  g_autoptr(GError) error = NULL;
  FbRun *run = run_workload (workload, &error);

  g_assert_no_error (error);
  return run;
}

static FbTaskRecord *
record_at (FbReport *report,
           guint     i)
{
  g_assert_cmpuint (i, <, report->records->len);
  return g_ptr_array_index (report->records, i);
}

static void
assert_no_children (void)
{
  guint zombies = 0;

  for (gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
       g_get_monotonic_time () < deadline && fb_test_count_children (&zombies) > 0;)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_cmpuint (fb_test_count_children (&zombies), ==, 0);
  g_assert_cmpuint (zombies, ==, 0);
}

/* The presets */

static void
test_preset_square_list (void)
{
  static const gint64 expected[] = { 9, 16, 25, 36, 36, 49, 7569, 64, 64 };
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = preset_new ("python-square-list");
  fb_workload_set_workers (workload, 2);
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);
      g_autoptr(GHashTable) lanes = g_hash_table_new (NULL, NULL);

      g_assert_cmpuint (report->tasks_ok, ==, G_N_ELEMENTS (expected));
      g_assert_nonnull (report->python);
      g_assert_cmpstr (report->python->interpreter, ==, "python3");
      g_assert_true (g_str_has_prefix (report->python->version, "3."));

      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        {
          FbTaskRecord *record = record_at (report, i);

          g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
          g_assert_cmpint (record->value, ==, expected[i]);
          g_assert_null (fb_task_record_get_value_json (record));
          g_assert_cmpint (record->started_us, >=, record->queued_us);
          g_assert_cmpint (record->finished_us, >=, record->started_us);
          g_assert_cmpuint (record->worker_slot, <, 2);
          g_hash_table_add (lanes, GINT_TO_POINTER ((int) record->worker_pid));
        }

      /* Two interpreters in processes; one, whose threads ran them all, in
       * threads. */
      if (report->kind == FB_POOL_THREADS)
        g_assert_cmpuint (g_hash_table_size (lanes), ==, 1);
      else
        g_assert_cmpuint (g_hash_table_size (lanes), <=, 2);
    }

  g_clear_object (&run);
  assert_no_children ();
}

/* The lesson's worker(num), num * 2, one call at a time, as apply_async
 * hands them out: what the C preset of the same lesson can only stand in
 * for with square. */
static void
test_preset_apply_async (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = preset_new ("python-apply-async");
  g_assert_cmpuint (fb_workload_get_chunksize (workload), ==, 1);
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);

      g_assert_cmpuint (report->tasks_ok, ==, 10);
      g_assert_cmpuint (report->tasks_failed, ==, 0);
      for (guint i = 0; i < 10; i++)
        {
          FbTaskRecord *record = record_at (report, i);

          g_assert_cmpuint (record->index, ==, i);
          g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
          g_assert_cmpint (record->value, ==, 2 * (gint64) i);
          g_assert_cmpuint (record->worker_slot, <, 4);
        }
    }

  g_clear_object (&run);
  assert_no_children ();
}

static void
test_preset_print (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = preset_new ("python-print");
  fb_workload_set_workers (workload, 2);
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);

      g_assert_cmpuint (report->tasks_ok, ==, 4);
      for (guint i = 0; i < 4; i++)
        {
          FbTaskRecord *record = record_at (report, i);
          g_autofree char *line = g_strdup_printf ("Number:  %u\n", i);

          g_assert_cmpstr (fb_task_record_get_output (record), ==, line);
          g_assert_cmpstr (fb_task_record_get_value_json (record), ==, "null");
        }
    }
}

static void
test_preset_sleepers (void)
{
  static const gint64 inputs[] = { 0, 0 };
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  /* The lesson's three seconds, made nothing: what counts here is what
   * the tasks print and return. */
  workload = preset_new ("python-sleepers");
  fb_workload_set_inputs (workload, inputs, G_N_ELEMENTS (inputs));
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);

      g_assert_cmpuint (report->tasks_ok, ==, 2);
      for (guint i = 0; i < 2; i++)
        g_assert_cmpstr (fb_task_record_get_output (record_at (report, i)), ==,
                         "Sleeping for 0 seconds\nFinished sleeping: 0\n");
    }
}

/* How many tasks a report did per second, from its records: from the first
 * start to the last finish, so that nothing but the tasks is measured. */
static double
records_throughput (FbReport *report)
{
  gint64 first = G_MAXINT64, last = 0;

  for (guint i = 0; i < report->records->len; i++)
    {
      FbTaskRecord *record = record_at (report, i);

      g_assert_cmpint (record->status, ==, FB_TASK_SUCCEEDED);
      first = MIN (first, record->started_us);
      last = MAX (last, record->finished_us);
    }

  g_assert_cmpint (last, >, first);
  return report->records->len / ((last - first) / (double) G_USEC_PER_SEC);
}

static void
test_preset_cpu_bound (void)
{
  static const gint64 inputs[] = { 400000, 400000, 400000, 400000, 400000, 400000, 400000, 400000 };
  g_autoptr(FbWorkload) workload = NULL;
  double best = 0, least_others = G_MAXDOUBLE;

  if (!fb_test_have_python ())
    return;

  if (g_get_num_processors () < 2)
    {
      g_test_skip ("Processes can only be faster than threads with two cores or more");
      return;
    }

  workload = preset_new ("python-cpu-bound");
  fb_workload_set_workers (workload, 2);
  fb_workload_set_inputs (workload, inputs, G_N_ELEMENTS (inputs));

  /* The machine may be busy with something else for a moment: the best of
   * five runs tells what the two kinds can do. */
  for (guint attempt = 0; attempt < 5 && best < 1.3; attempt++)
    {
      g_autoptr(FbRun) run = fb_run_new (workload);
      double others = fb_test_execute_run_measured (run);
      FbReport *processes = fb_run_get_report (run, FB_POOL_PROCESSES, 0);
      FbReport *threads = fb_run_get_report (run, FB_POOL_THREADS, 0);

      g_assert_nonnull (processes);
      g_assert_nonnull (threads);
      g_assert_cmpint (record_at (processes, 0)->value, ==, G_GINT64_CONSTANT (21333253333400000));
      g_assert_cmpint (record_at (threads, 7)->value, ==, G_GINT64_CONSTANT (21333253333400000));
      g_assert_true (threads->python->gil_enabled || !processes->python->gil_enabled);

      /* A free-threaded interpreter has no GIL to show. */
      if (!threads->python->gil_enabled)
        {
          g_test_skip ("The interpreter runs without a GIL: its threads scale too");
          return;
        }

      best = MAX (best, records_throughput (processes) / records_throughput (threads));
      least_others = MIN (least_others, others);
      g_test_message ("Processes did %.2f times as many tasks per second as threads "
                      "(other programs used %.2f cores meanwhile)", best, others);
    }

  /* Two processes need two cores: on a shared machine, not failing. */
  if (best < 1.3 && least_others > 0.3)
    {
      g_test_skip_printf ("Processes were only %.2f times as fast as threads, but other programs "
                          "used at least %.2f cores: the machine is too busy to compare",
                          best, least_others);
      return;
    }

  g_assert_cmpfloat (best, >=, 1.3);
}

/* Mistakes refused before anything runs */

typedef struct
{
  const char *name;
  const char *file;
  const char *contents;
  const char *function;
  const char *interpreter;
  const char *message;
} BadFile;

static const BadFile bad_files[] = {
  { "missing-file", "missing.py", NULL, "f", NULL,
    "The Python file “%s” does not exist" },
  { "syntax-error", "syntax.py", "def f(x):\n    return x\n\ndef g(x)\n    return x\n", "f", NULL,
    "The Python file “%s” has an error on line 4: SyntaxError: expected ':'" },
  { "missing-function", "tasks.py", NULL, "cube", NULL,
    "The Python file “%s” has no function “cube”" },
  { "not-a-function", "tasks.py", NULL, "not_a_function", NULL,
    "“not_a_function” in the Python file “%s” is not a function but a value of type int" },
  { "import-attribute-error", "attribute.py", "import os\nos.forkbench_no_such_name\n\ndef f(x):\n    return x\n", "f",
    NULL, "The Python file “%s” failed when it was imported: "
    "AttributeError: module 'os' has no attribute 'forkbench_no_such_name'" },
  { "import-exits", "exits.py", "import os\nos._exit(5)\n", "f", NULL,
    "The Python file “%s” ended the interpreter while it was imported: exit status 5" },
  { "import-crashes", "crashes.py", "import os, signal\nos.kill(os.getpid(), signal.SIGSEGV)\n", "f", NULL,
    "The Python file “%s” ended the interpreter while it was imported: killed by signal 11 (SIGSEGV)" },
  { "import-error", "imports.py", "import forkbench_no_such_module\n", "f", NULL,
    "The Python file “%s” failed when it was imported: "
    "ModuleNotFoundError: No module named 'forkbench_no_such_module'" },
  { "missing-interpreter", "tasks.py", NULL, "square", "forkbench-no-such-python",
    "The Python interpreter “forkbench-no-such-python” was not found; install it, or set “interpreter” "
    "to its path or to a program in PATH" },
  { "interpreter-not-python", "tasks.py", NULL, "square", "/bin/true",
    "The Python interpreter “/bin/true” could not check the file; is it Python 3.8 or later?" },
  { "interpreter-too-old", "tasks.py", NULL, "square", "@fake-old-python@",
    "The Python interpreter “@fake-old-python@” is Python 3.6.15; Forkbench needs Python 3.8 or later" },
};

static void
test_bad_file (gconstpointer data)
{
  const BadFile *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  g_autoptr(FbCall) call = NULL;
  g_autoptr(FbPythonInfo) info = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, bad->file, NULL);
  g_autofree char *params = NULL;
  g_autofree char *message = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *interpreter = NULL;

  if (!fb_test_have_python ())
    return;

  if (bad->contents != NULL)
    g_free (write_file (bad->file, bad->contents));

  escaped = g_strescape (path, NULL);
  /* A stand-in for an old interpreter, from the tests' folder. */
  if (g_strcmp0 (bad->interpreter, "@fake-old-python@") == 0)
    interpreter = g_test_build_filename (G_TEST_DIST, "fake-old-python", NULL);
  else
    interpreter = g_strdup (bad->interpreter);
  if (interpreter != NULL)
    params = g_strdup_printf ("\"file\": \"%s\", \"function\": \"%s\", \"interpreter\": \"%s\"",
                              escaped, bad->function, interpreter);
  else
    params = g_strdup_printf ("\"file\": \"%s\", \"function\": \"%s\"", escaped, bad->function);
  workload = workload_new (params, "\"tasks\": 3");

  {
    g_autoptr(GString) str = g_string_new (bad->message);

    g_string_replace (str, "%s", path, 0);
    if (interpreter != NULL)
      g_string_replace (str, bad->interpreter, interpreter, 0);
    message = g_string_free (g_steal_pointer (&str), FALSE);
  }

  /* The check says what is wrong ... */
  call = fb_workload_make_call (workload, &error);
  g_assert_no_error (error);
  info = fb_python_check (call, &error);
  g_assert_null (info);
  g_assert_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);

  /* ... and a run fails with it, having started nothing. */
  run = run_workload (workload, &error);
  g_assert_null (run);
  g_assert_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM);
  g_assert_cmpstr (error->message, ==, message);
  assert_no_children ();
}

/* Tasks that fail */

static FbWorkload *
tasks_workload (const char *function,
                const char *rest)
{
  g_autofree char *path = write_file ("tasks.py", tasks_py);
  g_autofree char *escaped = g_strescape (path, NULL);
  g_autofree char *params = g_strdup_printf ("\"file\": \"%s\", \"function\": \"%s\"", escaped, function);

  return workload_new (params, rest);
}

static void
test_exception (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("divide", "\"tasks\": 6, \"workers\": 2, \"chunksize\": 2");
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);
      FbTaskRecord *failed = record_at (report, 3);
      g_autoptr(JsonNode) node = fb_report_to_json (report, FB_REPORT_JSON_DEFAULT);
      g_autofree char *json = json_to_string (node, FALSE);

      g_assert_cmpuint (report->tasks_ok, ==, 5);
      g_assert_cmpuint (report->tasks_failed, ==, 1);
      g_assert_cmpuint (report->respawns, ==, 0);
      g_assert_cmpint (failed->status, ==, FB_TASK_FAILED);
      g_assert_error (fb_task_record_get_error (failed), FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED);
      g_assert_cmpstr (fb_task_record_get_error (failed)->message, ==, "ZeroDivisionError: integer division or modulo by zero");
      g_assert_nonnull (fb_task_record_get_traceback (failed));
      g_assert_true (g_str_has_prefix (fb_task_record_get_traceback (failed), "Traceback (most recent call last):\n"));
      g_assert_nonnull (strstr (fb_task_record_get_traceback (failed), "line 7, in divide"));
      g_assert_null (strstr (fb_task_record_get_traceback (failed), "forkbench-harness"));

      /* The traceback is in the JSON of the failures. */
      g_assert_nonnull (strstr (json, "\"traceback\":\"Traceback (most recent call last):"));

      for (guint i = 0; i < 6; i++)
        if (i != 3)
          g_assert_cmpint (record_at (report, i)->value, ==, 12 / ((gint64) i - 3));
    }
}

/* Tasks that return whole numbers send when each ended as a column of the
 * clock's nanoseconds: every task's times are within the run, a task of a
 * chunk starts no earlier than the one before it ended (later by the time
 * the worker took to send that one's result), and each ran for at least
 * its 20 ms of sleep. */
static void
test_timeline (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;
  gint64 before, after;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("nap", "\"tasks\": 6, \"workers\": 2, \"chunksize\": 3");
  before = g_get_monotonic_time ();
  run = run_ok (workload);
  after = g_get_monotonic_time ();
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);

      g_assert_cmpuint (report->tasks_ok, ==, 6);
      for (guint i = 0; i < 6; i++)
        {
          FbTaskRecord *record = record_at (report, i);

          g_assert_cmpint (record->value, ==, (gint64) i + 1);
          g_assert_null (fb_task_record_get_value_json (record));
          g_assert_cmpint (record->started_us, >=, before);
          g_assert_cmpint (record->finished_us, <=, after);
          g_assert_cmpint (fb_task_record_get_run_us (record), >=, 20000);
          if (i % 3 > 0)
            g_assert_cmpint (record->started_us, >=, record_at (report, i - 1)->finished_us);
        }
    }
}

/* A task that reads its standard input finds it at its end at once, as a
 * multiprocessing worker does: the pool's stream is not its to read. */
static void
test_reads_stdin (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("ask", "\"tasks\": 2, \"workers\": 2, \"timeout_ms\": 20000");
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);

      g_assert_cmpuint (report->tasks_failed, ==, 2);
      for (guint i = 0; i < 2; i++)
        g_assert_cmpstr (fb_task_record_get_error (record_at (report, i))->message, ==, "EOFError: EOF when reading a line");
    }
}

/* What a learner's file does that works in a multiprocessing worker works
 * in a task, in both modes: its own exceptions are named as Python names
 * a main program's, a call with the wrong arguments shows no harness in
 * its traceback, sys.stdout is a file (its buffer, writelines), a pool the
 * task starts itself finds the file's functions, and a result too big to
 * keep fails its own task alone. */
static const char conventions_py[] =
  "import multiprocessing, sys\n"
  "\n"
  "class LessonError(Exception):\n"
  "    pass\n"
  "\n"
  "def cube(x):\n"
  "    return x ** 3\n"
  "\n"
  "def task(x):\n"
  "    if x == 0:\n"
  "        raise LessonError('lesson %d' % x)\n"
  "    if x == 1:\n"
  "        sys.stdout.buffer.write(b'bytes \\xff\\n')\n"
  "        sys.stdout.writelines(['a\\n', 'b\\n'])\n"
  "        return x\n"
  "    if x == 2:\n"
  "        with multiprocessing.get_context('spawn').Pool(1) as pool:\n"
  "            return sum(pool.map(cube, [1, 2]))\n"
  "    if x == 3:\n"
  "        return 'y' * (17 * 1024 * 1024)\n"
  "    return task_args(x)\n"
  "\n"
  "def task_args(a, b):\n"
  "    return a\n";

static void
test_conventions (void)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *params = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  path = write_file ("conventions.py", conventions_py);
  escaped = g_strescape (path, NULL);
  params = g_strdup_printf ("\"file\": \"%s\", \"function\": \"task\"", escaped);
  workload = workload_new (params, "\"tasks\": 5, \"workers\": 2, \"timeout_ms\": 60000");
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);
      FbTaskRecord *record;

      g_assert_cmpuint (report->tasks_ok, ==, 2);
      g_assert_cmpuint (report->tasks_failed, ==, 3);

      record = record_at (report, 0);
      g_assert_cmpstr (fb_task_record_get_error (record)->message, ==, "LessonError: lesson 0");
      g_assert_true (g_str_has_suffix (fb_task_record_get_traceback (record), "\nLessonError: lesson 0\n"));

      record = record_at (report, 1);
      g_assert_no_error (fb_task_record_get_error (record));
      g_assert_cmpstr (fb_task_record_get_output (record), ==, "bytes \uFFFD\na\nb\n");

      record = record_at (report, 2);
      g_assert_no_error (fb_task_record_get_error (record));
      g_assert_cmpint (record->value, ==, 9);

      record = record_at (report, 3);
      g_assert_cmpstr (fb_task_record_get_error (record)->message, ==,
                       "The result is 17.8 MB as JSON, more than the 16 MB Forkbench keeps of a result");

      record = record_at (report, 4);
      g_assert_cmpstr (fb_task_record_get_error (record)->message, ==, "TypeError: task_args() missing 1 required positional argument: 'b'");
      g_assert_null (strstr (fb_task_record_get_traceback (record), "forkbench-harness"));
    }

  assert_no_children ();
}

/* What the check makes of the file at @path, for its function f. */
static FbPythonInfo *
check_file (const char  *path,
            GError     **error)
{
  g_autofree char *escaped = g_strescape (path, NULL);
  g_autofree char *params = g_strdup_printf ("\"file\": \"%s\", \"function\": \"f\"", escaped);
  g_autoptr(FbWorkload) workload = workload_new (params, "\"tasks\": 1");
  g_autoptr(FbCall) call = fb_workload_make_call (workload, error);

  g_assert_nonnull (call);
  return fb_python_check (call, error);
}

/* A NUL byte in the file is an error on its line, which Python leaves out. */
static void
test_check_nul_byte (void)
{
  static const char source[] = "def f(x):\n    return x\n# \0 here\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPythonInfo) info = NULL;
  g_autofree char *path = g_build_filename (tmp_dir, "nul.py", NULL);
  g_autofree char *expected = g_strdup_printf ("The Python file “%s” has an error on line 3: ", path);

  if (!fb_test_have_python ())
    return;

  g_file_set_contents (path, source, sizeof source - 1, &error);
  g_assert_no_error (error);
  info = check_file (path, &error);
  g_assert_null (info);
  g_assert_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_true (g_str_has_suffix (error->message, "source code string cannot contain null bytes"));
}

/* A file that prints bytes that are not UTF-8 while it is imported is
 * still a good file. */
static void
test_check_prints_bytes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbPythonInfo) info = NULL;
  g_autofree char *path = NULL;

  if (!fb_test_have_python ())
    return;

  path = write_file ("bytes.py", "import sys\nsys.stdout.buffer.write(b'\\xff\\n')\nsys.stdout.flush()\n"
                                 "sys.stderr.buffer.write(b'\\xfe\\n')\n\ndef f(x):\n    return x\n");
  info = check_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
}

static void
test_timeout (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("hang", "\"tasks\": 6, \"workers\": 2, \"timeout_ms\": 300");
  run = run_ok (workload);
  reports = fb_run_get_reports (run);
  g_assert_cmpuint (reports->len, ==, 2);

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);
      FbTaskRecord *stuck = record_at (report, 2);

      g_assert_cmpuint (report->tasks_ok, ==, 5);
      g_assert_cmpint (stuck->status, ==, FB_TASK_FAILED);
      g_assert_error (fb_task_record_get_error (stuck), FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT);
      g_assert_true (g_str_has_prefix (fb_task_record_get_error (stuck)->message, "Task 2 ran longer than its timeout of 300 ms"));
      g_assert_cmpuint (report->respawns, ==, 1);

      for (guint i = 0; i < 6; i++)
        if (i != 2)
          g_assert_cmpint (record_at (report, i)->value, ==, i);
    }

  g_clear_object (&run);
  assert_no_children ();
}

static void
test_killed (void)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  FbReport *processes, *threads;
  FbTaskRecord *record;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("die", "\"tasks\": 6, \"workers\": 2");
  run = run_ok (workload);

  /* In processes, only the task that killed its interpreter fails. */
  processes = fb_run_get_report (run, FB_POOL_PROCESSES, 0);
  record = record_at (processes, 3);
  g_assert_cmpuint (processes->tasks_ok, ==, 5);
  g_assert_error (fb_task_record_get_error (record), FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED);
  g_assert_nonnull (strstr (fb_task_record_get_error (record)->message, "was killed by signal 9 (SIGKILL) while running task 3"));
  g_assert_cmpuint (processes->respawns, ==, 1);
  for (guint i = 0; i < 6; i++)
    if (i != 3)
      g_assert_cmpint (record_at (processes, i)->value, ==, i);

  /* In threads, the one interpreter dies with every task its threads were
   * running; the others run again in a new one. */
  threads = fb_run_get_report (run, FB_POOL_THREADS, 0);
  record = record_at (threads, 3);
  g_assert_cmpuint (threads->tasks_ok + threads->tasks_failed, ==, 6);
  g_assert_cmpuint (threads->tasks_failed, <=, 2);
  g_assert_error (fb_task_record_get_error (record), FB_POOL_ERROR, FB_POOL_ERROR_WORKER_CRASHED);
  for (guint i = 0; i < 6; i++)
    {
      record = record_at (threads, i);
      if (record->status == FB_TASK_SUCCEEDED)
        g_assert_cmpint (record->value, ==, i);
      else
        g_assert_nonnull (strstr (fb_task_record_get_error (record)->message, "(SIGKILL)"));
    }

  g_clear_object (&run);
  assert_no_children ();
}

/* Results */

static void
test_values (void)
{
  static const char * const expected[] = {
    "0.5", "{\"a\": [1, \"b\"]}", "null", "true", "1180591620717411303424", "\"Point()\"", "\"text\"", "\"nan\"",
    "1e-10", "\"a\\u0000b\"",
  };
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  GPtrArray *reports;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("value", "\"tasks\": 10, \"workers\": 2, \"chunksize\": 4");
  run = run_ok (workload);
  reports = fb_run_get_reports (run);

  /* --format json --results gives them exactly, and is JSON. */
  {
    g_autoptr(JsonNode) root = fb_run_to_json (run, FB_REPORT_JSON_RESULTS);
    g_autofree char *text = fb_format_json (root);
    g_autoptr(JsonNode) strict = fb_json_raw_new (text);

    g_assert_nonnull (strict);
    g_assert_nonnull (strstr (text, "\n        1180591620717411303424,\n"));
    g_assert_nonnull (strstr (text, "\n        1e-10,\n"));
    g_assert_nonnull (strstr (text, "\n        \"a\\u0000b\"\n"));
  }

  for (guint r = 0; r < reports->len; r++)
    {
      FbReport *report = g_ptr_array_index (reports, r);

      g_assert_cmpuint (report->tasks_ok, ==, G_N_ELEMENTS (expected));
      for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
        g_assert_cmpstr (fb_task_record_get_value_json (record_at (report, i)), ==, expected[i]);
      g_assert_cmpint (record_at (report, 3)->value, ==, 1);
    }
}

/* Pools */

static void
test_pool_for_call (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbCall) call = NULL;
  g_autoptr(FbCall) square = fb_test_call ("square", NULL);
  g_autoptr(FbPool) pool = NULL;
  g_autoptr(FbMap) map = NULL;
  g_autoptr(FbInputs) inputs = fb_inputs_new_range (4);
  GPtrArray *records;

  if (!fb_test_have_python ())
    return;

  workload = tasks_workload ("square", "\"tasks\": 4");
  call = fb_workload_make_call (workload, &error);
  g_assert_no_error (error);

  /* A pool that was not made for the file has no interpreter for it. */
  pool = fb_test_pool (FB_POOL_THREADS, 1);
  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&map);
  fb_pool_terminate (pool);
  g_assert_finalize_object (g_steal_pointer (&pool));

  /* One made for it runs it, and nothing else. */
  pool = fb_pool_new_for_call (FB_POOL_THREADS, 2, call, &error);
  g_assert_no_error (error);
  map = fb_test_run_map (pool, square, inputs, 1, FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  g_assert_error (error, FB_POOL_ERROR, FB_POOL_ERROR_INVALID);
  g_clear_error (&error);
  g_clear_object (&map);

  map = fb_test_run_map (pool, call, inputs, 1, FB_MAP_KEEP_RECORDS, 0, NULL, &error);
  g_assert_no_error (error);
  records = fb_map_get_records (map);
  g_assert_cmpuint (records->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (((FbTaskRecord *) g_ptr_array_index (records, i))->value, ==, i * i);

  g_clear_object (&map);
  fb_test_join (pool);
  g_assert_finalize_object (g_steal_pointer (&pool));
  assert_no_children ();
}

static void
test_relative_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *py = write_file ("tasks.py", tasks_py);
  g_autofree char *json = write_file ("relative.json",
                                      "{\"forkbench\": 1, \"name\": \"Relative\", \"kernel\": \"python\", "
                                      "\"params\": {\"file\": \"tasks.py\", \"function\": \"square\"}, "
                                      "\"tasks\": 3}");
  g_autoptr(GFile) file = g_file_new_for_path (json);
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbCall) call = NULL;
  g_autofree char *saved = NULL;

  workload = fb_workload_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_workload_get_base_dir (workload), ==, tmp_dir);

  /* The call finds the file beside the workload ... */
  call = fb_workload_make_call (workload, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fb_call_get_string (call, "file"), ==, py);
  g_assert_null (fb_call_get_string (call, "interpreter"));

  /* ... and the workload keeps it relative, as the user wrote it. */
  saved = fb_workload_to_data (workload, NULL);
  g_assert_nonnull (strstr (saved, "\"file\" : \"tasks.py\""));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

/* Stop while the file is still being imported: the run ends cancelled at
 * once, and the interpreter checking the file goes with it. */
static void
test_cancel_during_check (void)
{
  g_autofree char *path = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *params = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbRun) run = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  if (!fb_test_have_python ())
    return;

  path = write_file ("slow_import.py", "import time\ntime.sleep(60)\n\ndef f(x):\n    return x\n");
  escaped = g_strescape (path, NULL);
  params = g_strdup_printf ("\"file\": \"%s\", \"function\": \"f\"", escaped);
  workload = workload_new (params, "\"tasks\": 2, \"workers\": 2");
  run = fb_run_new (workload);

  g_timeout_add (300, cancel_cb, cancellable);
  g_assert_false (fb_test_execute_run_full (run, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_no_children ();
}

/* The functions the editor offers: those a workload can name. */
static void
test_list_functions (void)
{
  static const char source[] =
    "\"\"\"A lesson.\n"
    "def not_code(x):\n"
    "\"\"\"\n"
    "import time\n"
    "def square(x):\n"
    "    def inner(y):\n"
    "        return y\n"
    "    return x * x\n"
    "\n"
    "async def fetch(x):\n"
    "    return x\n"
    "class Worker:\n"
    "    def run(self, x):\n"
    "        return x\n"
    "def\tsum_of_squares (n):  # the CPU-bound one\n"
    "    return sum(i * i for i in range(n))\n"
    "define = 3\n"
    "def square(x):\n"
    "    return x ** 2\n"
    "x = '''\n"
    "def in_a_string(x):\n"
    "'''\n"
    "def _helper(x): return x\n";
  static const char * const expected[] = { "square", "sum_of_squares", "_helper", NULL };
  g_auto(GStrv) names = fb_python_list_functions (source);
  g_auto(GStrv) none = fb_python_list_functions ("print('no functions')\n");

  g_assert_cmpstrv (names, expected);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("forkbench-python-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/Forkbench/Python/preset/square-list", test_preset_square_list);
  g_test_add_func ("/Forkbench/Python/preset/apply-async", test_preset_apply_async);
  g_test_add_func ("/Forkbench/Python/preset/print", test_preset_print);
  g_test_add_func ("/Forkbench/Python/preset/sleepers", test_preset_sleepers);
  g_test_add_func ("/Forkbench/Python/preset/cpu-bound", test_preset_cpu_bound);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/Python/refused/%s", bad_files[i].name);
      g_test_add_data_func (path, &bad_files[i], test_bad_file);
    }
  g_test_add_func ("/Forkbench/Python/exception", test_exception);
  g_test_add_func ("/Forkbench/Python/timeline", test_timeline);
  g_test_add_func ("/Forkbench/Python/reads-stdin", test_reads_stdin);
  g_test_add_func ("/Forkbench/Python/conventions", test_conventions);
  g_test_add_func ("/Forkbench/Python/check-prints-bytes", test_check_prints_bytes);
  g_test_add_func ("/Forkbench/Python/check-nul-byte", test_check_nul_byte);
  g_test_add_func ("/Forkbench/Python/timeout", test_timeout);
  g_test_add_func ("/Forkbench/Python/killed", test_killed);
  g_test_add_func ("/Forkbench/Python/values", test_values);
  g_test_add_func ("/Forkbench/Python/pool-for-call", test_pool_for_call);
  g_test_add_func ("/Forkbench/Python/relative-file", test_relative_file);
  g_test_add_func ("/Forkbench/Python/list-functions", test_list_functions);
  g_test_add_func ("/Forkbench/Python/cancel-during-check", test_cancel_during_check);

  ret = g_test_run ();

  fb_test_remove_tree (tmp_dir);
  g_free (tmp_dir);

  return ret;
}
