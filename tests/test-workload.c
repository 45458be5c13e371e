/* test-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Workload files are a contract: every preset loads, saves and loads back
 * the same, and every mistake a user can make is refused before anything
 * runs, with a message that names the place and what was expected.
 */

#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "fb-test-util.h"

static void
test_presets_round_trip (void)
{
  g_auto(GStrv) ids = fb_workload_list_presets ();
  g_autofree char *dir = g_dir_make_tmp ("forkbench-test-XXXXXX", NULL);

  g_assert_cmpuint (g_strv_length (ids), >=, 16);

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FbWorkload) workload = fb_workload_new_from_preset (ids[i], &error);
      g_autoptr(FbWorkload) again = NULL;
      g_autoptr(FbWorkload) loaded = NULL;
      g_autofree char *data = NULL;
      g_autofree char *path = g_build_filename (dir, ids[i], NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_assert_no_error (error);
      g_assert_nonnull (workload);
      g_assert_cmpstr (fb_workload_get_name (workload), !=, "");
      g_assert_cmpstr (fb_workload_get_description (workload), !=, "");
      g_assert_null (fb_workload_get_warnings (workload)[0]);

      data = fb_workload_to_data (workload, NULL);
      again = fb_workload_new_from_data (data, -1, ids[i], &error);
      g_assert_no_error (error);
      g_assert_true (fb_workload_equal (workload, again));

      g_assert_true (fb_workload_save (workload, file, &error));
      g_assert_no_error (error);
      loaded = fb_workload_new_from_file (file, &error);
      g_assert_no_error (error);
      g_assert_true (fb_workload_equal (workload, loaded));

      g_unlink (path);
    }

  g_rmdir (dir);
}

static void
test_contract_example (void)
{
  /* The example of ARCHITECTURE.md, as written there. */
  const char *example =
    "{\n"
    "  \"forkbench\": 1,\n"
    "  \"name\": \"Square numbers\",\n"
    "  \"description\": \"pool.map(square, range(10))\",\n"
    "  \"kernel\": \"square\",\n"
    "  \"params\": {},\n"
    "  \"inputs\": [3, 4, 5, 6, 6, 7, 87, 8, 8],\n"
    "  \"tasks\": 10,\n"
    "  \"workers\": 4,\n"
    "  \"mode\": \"both\",\n"
    "  \"chunksize\": 1,\n"
    "  \"ordered\": true,\n"
    "  \"timeout_ms\": 0\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = fb_workload_new_from_data (example, -1, "example.json", &error);
  const char * const *warnings;
  const gint64 *inputs;
  gsize n;

  g_assert_no_error (error);
  g_assert_cmpstr (fb_workload_get_name (workload), ==, "Square numbers");
  inputs = fb_workload_get_inputs (workload, &n);
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpint (inputs[6], ==, 87);
  g_assert_cmpuint (fb_workload_get_n_tasks (workload), ==, 9);
  g_assert_cmpuint (fb_workload_get_workers (workload), ==, 4);
  g_assert_cmpint (fb_workload_get_mode (workload), ==, FB_RUN_MODE_BOTH);

  /* Both inputs and tasks, disagreeing: accepted, and the user is told. */
  warnings = fb_workload_get_warnings (workload);
  g_assert_nonnull (warnings[0]);
  g_assert_cmpstr (warnings[0], ==, "example.json: “tasks” is 10 but there are 9 inputs: the inputs are the tasks");
  g_assert_null (warnings[1]);
}

/* Inputs and a count of tasks that agree: the inputs are still the tasks. */
static void
test_inputs_and_tasks_agree (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload =
    fb_workload_new_from_data ("{\"forkbench\": 1, \"name\": \"m\", \"kernel\": \"square\", "
                               "\"inputs\": [3, 4, 5], \"tasks\": 3}", -1, "m.json", &error);
  const gint64 *inputs;
  gsize n;

  g_assert_no_error (error);
  inputs = fb_workload_get_inputs (workload, &n);
  g_assert_nonnull (inputs);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (inputs[0], ==, 3);
  g_assert_cmpint (inputs[2], ==, 5);
  g_assert_cmpuint (fb_workload_get_n_tasks (workload), ==, 3);
  g_assert_null (fb_workload_get_warnings (workload)[0]);
}

static void
test_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload =
    fb_workload_new_from_data ("{\"forkbench\": 1, \"name\": \"x\", \"kernel\": \"spin\", \"tasks\": 3}",
                               -1, "x.json", &error);
  g_autoptr(FbCall) call = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (fb_workload_get_workers (workload), ==, g_get_num_processors ());
  g_assert_cmpint (fb_workload_get_mode (workload), ==, FB_RUN_MODE_BOTH);
  g_assert_cmpuint (fb_workload_get_chunksize (workload), ==, 1);
  g_assert_true (fb_workload_get_ordered (workload));
  g_assert_cmpuint (fb_workload_get_timeout (workload), ==, 0);

  call = fb_workload_make_call (workload, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fb_call_get_int (call, "ms"), ==, 10);
}

typedef struct
{
  const char *name;
  const char *json;
  int         code;
  const char *message;
} Bad;

#define HEAD "{\"forkbench\": 1, \"name\": \"x\", "

static const Bad bad_inputs[] = {
  { "syntax", "{\"forkbench\": 1,\n  \"name\": }", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:2:11: Parse error: unexpected character `}', expected character `}'" },
  { "nan", HEAD "\"kernel\": \"square\", \"tasks\": NaN}", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:1:62: Parse error: unexpected identifier `NaN', expected value" },
  { "trailing", HEAD "\"kernel\": \"square\", \"tasks\": 1} x", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:1:63: more text after the end of the workload; a file holds one JSON object" },
  { "second-object", HEAD "\"kernel\": \"square\", \"tasks\": 1}\n{\"tasks\": 2}", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:2:1: more text after the end of the workload; a file holds one JSON object" },
  { "not-object", "[1, 2]", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json: a workload is a JSON object ({ ... }), not a list" },
  { "huge-number", HEAD "\"kernel\": \"square\", \"tasks\": 99999999999999999999}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json:1:60: the number 99999999999999999999 is too large for any field of a workload" },
  { "escaped-nul", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"description\": \"a\\u0000b\"}",
    FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:1:80: a string holds \\u0000, a NUL character, which a workload cannot hold" },
  { "hexadecimal", HEAD "\"kernel\": \"square\", \"tasks\": 0x10}", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:1:60: 0x10 is not a number as JSON writes one: write it in decimal digits" },
  { "number-and-letters", HEAD "\"kernel\": \"square\", \"tasks\": 10x}", FB_WORKLOAD_ERROR_SYNTAX,
    "bad.json:1:60: 10x is not a number as JSON writes one: write it in decimal digits" },
  { "infinite", HEAD "\"kernel\": \"square\", \"tasks\": 1e400}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “tasks” must be a whole number from 1 to 10000000, not inf" },
  { "fraction", HEAD "\"kernel\": \"square\", \"tasks\": 2.5}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “tasks” must be a whole number from 1 to 10000000, not 2.5" },
  { "no-version", "{\"name\": \"x\", \"kernel\": \"square\", \"tasks\": 1}", FB_WORKLOAD_ERROR_VERSION,
    "bad.json: “forkbench” is missing; a workload file starts with \"forkbench\": 1" },
  { "newer", "{\"forkbench\": 2, \"name\": \"x\", \"kernel\": \"square\", \"tasks\": 1}", FB_WORKLOAD_ERROR_VERSION,
    "bad.json: this workload was written by a newer Forkbench (format 2); this one reads format 1" },
  { "unknown-key", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"threads\": 4}", FB_WORKLOAD_ERROR_UNKNOWN_KEY,
    "bad.json: a workload has no key “threads”; its keys are: forkbench, name, description, kernel, "
    "params, inputs, tasks, workers, mode, chunksize, ordered, timeout_ms" },
  { "no-kernel", HEAD "\"tasks\": 1}", FB_WORKLOAD_ERROR_MISSING_KEY,
    "bad.json: “kernel” is missing: say which kernel each task runs, such as \"square\"" },
  { "unknown-kernel", HEAD "\"kernel\": \"sqare\", \"tasks\": 1}", FB_WORKLOAD_ERROR_KERNEL,
    "bad.json: There is no kernel called “sqare”; the kernels are: square, primes, spin, sleep, gil, "
    "memory, io, echo, print, shared-array, fault, command, python" },
  { "no-tasks", HEAD "\"kernel\": \"square\"}", FB_WORKLOAD_ERROR_MISSING_KEY,
    "bad.json: say what the tasks are: “inputs”, a list of numbers, or “tasks”, how many "
    "(each task then gets its index)" },
  { "zero-tasks", HEAD "\"kernel\": \"square\", \"tasks\": 0}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “tasks” is 0, but must be from 1 to 10000000" },
  { "too-many-tasks", HEAD "\"kernel\": \"square\", \"tasks\": 10000001}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “tasks” is 10000001, but must be from 1 to 10000000" },
  { "workers-string", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"workers\": \"four\"}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “workers” must be a whole number from 1 to 1024, not “four”" },
  { "million-workers", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"workers\": 1000000}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “workers” is 1000000, but must be from 1 to 1024" },
  { "negative-timeout", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"timeout_ms\": -1}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “timeout_ms” is -1, but must be from 0 to 86400000" },
  { "chunksize", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"chunksize\": 0}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “chunksize” is 0, but must be from 1 to 1000000" },
  { "mode", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"mode\": \"fibers\"}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “mode” must be “processes”, “threads” or “both”, not “fibers”" },
  { "ordered", HEAD "\"kernel\": \"square\", \"tasks\": 1, \"ordered\": 1}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “ordered” must be true or false, not 1" },
  { "name-type", "{\"forkbench\": 1, \"name\": 3, \"kernel\": \"square\", \"tasks\": 1}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “name” must be a string, not 3" },
  { "empty-name", "{\"forkbench\": 1, \"name\": \"  \", \"kernel\": \"square\", \"tasks\": 1}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “name” is empty; give the workload a name" },
  { "inputs-type", HEAD "\"kernel\": \"square\", \"inputs\": [1, \"2\"]}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: element 1 of “inputs” must be a whole number, not “2”" },
  { "inputs-empty", HEAD "\"kernel\": \"square\", \"inputs\": []}", FB_WORKLOAD_ERROR_RANGE,
    "bad.json: “inputs” is empty; give at least one number, or use “tasks”" },
  { "params-type", HEAD "\"kernel\": \"spin\", \"tasks\": 1, \"params\": []}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: “params” must be an object of names and values, not a list" },
  { "param-unknown", HEAD "\"kernel\": \"spin\", \"tasks\": 1, \"params\": {\"seconds\": 1}}", FB_WORKLOAD_ERROR_KERNEL,
    "bad.json: params: Kernel “spin” has no parameter “seconds”; its parameters are: ms" },
  { "param-type", HEAD "\"kernel\": \"spin\", \"tasks\": 1, \"params\": {\"ms\": \"ten\"}}", FB_WORKLOAD_ERROR_TYPE,
    "bad.json: params: “ms” of kernel “spin” must be a whole number, not “ten”" },
  { "param-range", HEAD "\"kernel\": \"spin\", \"tasks\": 1, \"params\": {\"ms\": 600000}}", FB_WORKLOAD_ERROR_KERNEL,
    "bad.json: params: Parameter “ms” of kernel “spin” is 600000, but must be from 0 to 60000 ms" },
  { "payload-too-big", HEAD "\"kernel\": \"echo\", \"tasks\": 1, \"params\": {\"bytes\": 17179869184}}",
    FB_WORKLOAD_ERROR_KERNEL,
    "bad.json: params: Parameter “bytes” of kernel “echo” is 17179869184, but must be from 0 to 16777216 bytes" },
  { "param-missing", HEAD "\"kernel\": \"command\", \"tasks\": 1}", FB_WORKLOAD_ERROR_KERNEL,
    "bad.json: params: Kernel “command” needs the parameter “argv”: The program and its arguments, "
    "with {} replaced by the task's input; no shell is involved" },
  { "unpaired-surrogate", "{\"forkbench\": 1, \"name\": \"a \\ud83d b\", \"kernel\": \"square\", \"tasks\": 1}",
    FB_WORKLOAD_ERROR_ENCODING,
    "bad.json: “name” holds an escape that is not a character (an unpaired \\uD800–\\uDFFF surrogate)" },
  { "argv-element", HEAD "\"kernel\": \"command\", \"tasks\": 1, \"params\": {\"argv\": [\"ls\", 3]}}",
    FB_WORKLOAD_ERROR_TYPE, "bad.json: params: element 1 of “argv” must be a string, not 3" },
};

static void
test_bad_input (gconstpointer data)
{
  const Bad *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = fb_workload_new_from_data (bad->json, -1, "bad.json", &error);

  g_assert_null (workload);
  g_assert_error (error, FB_WORKLOAD_ERROR, bad->code);
  g_assert_cmpstr (error->message, ==, bad->message);
}

static void
test_invalid_utf8 (void)
{
  const char data[] = "{\"forkbench\": 1, \"name\": \"caf\xe9\", \"kernel\": \"square\", \"tasks\": 1}";
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_workload_new_from_data (data, -1, "latin1.json", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==, "latin1.json is not UTF-8 text (byte 30 is not valid); save it as UTF-8");
}

static void
test_nul_byte (void)
{
  const char data[] = "{\"forkbench\": 1}\0{}";
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_workload_new_from_data (data, sizeof data - 1, "nul.json", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_ENCODING);
  g_assert_cmpstr (error->message, ==, "nul.json holds a NUL byte, which text does not");
}

/* json-glib quotes what it could not read: a lone surrogate there is
 * still told in UTF-8. */
static void
test_parse_error_utf8 (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_workload_new_from_data (HEAD "\"kernel\": \"square\", \"description\": \"\\ud800, \"tasks\": 1}",
                                            -1, "bad.json", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX);
  g_assert_true (g_str_has_prefix (error->message, "bad.json:1:"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_workload_new_from_data (" \n\t ", -1, "empty.json", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE);
  g_assert_true (g_str_has_prefix (error->message, "empty.json is empty; a workload is a JSON object"));
}

static void
test_deep_nesting (void)
{
  g_autoptr(GString) data = g_string_new (HEAD "\"kernel\": \"square\", \"tasks\": 1, \"params\": ");
  g_autoptr(GError) error = NULL;

  /* Ten thousand levels: refused quickly, without recursing into them. */
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (data, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (data, ']');
  g_string_append_c (data, '}');

  g_assert_null (fb_workload_new_from_data (data->str, data->len, "deep.json", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX);
  g_assert_cmpstr (error->message, ==, "deep.json:1:136: nested deeper than 64 levels; a workload needs two");
}

static void
test_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkbench-test-XXXXXX", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("%s is a folder, not a workload file", dir);

  g_assert_null (fb_workload_new_from_file (file, &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE);
  g_assert_cmpstr (error->message, ==, expected);
  g_rmdir (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/workload.json");
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_workload_new_from_file (file, &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE);
  g_assert_true (g_str_has_prefix (error->message, "Could not open /nonexistent/workload.json: "));
}

static void
test_huge_file (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  int fd = g_file_open_tmp ("forkbench-huge-XXXXXX.json", &path, NULL);

  /* 100 MB, sparse: refused from its size, without being read. */
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1000 * 1000), ==, 0);
  close (fd);

  file = g_file_new_for_path (path);
  g_assert_null (fb_workload_new_from_file (file, &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE);
  g_assert_true (g_str_has_suffix (error->message, " is 100.0\u00a0MB; a workload file is at most 16 MB"));
  g_unlink (path);
}

/* A device has no size to refuse it by: it is read no further than a
 * workload file may go. */
static void
test_endless_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/dev/zero");
  g_autoptr(GError) error = NULL;

  if (!g_file_test ("/dev/zero", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("this system has no /dev/zero");
      return;
    }

  g_assert_null (fb_workload_new_from_file (file, &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE);
  g_assert_cmpstr (error->message, ==, "/dev/zero is longer than 16 MB; a workload file is at most 16 MB");
}

static void
test_unknown_preset (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_workload_new_from_preset ("no-such-preset", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_PRESET);
  g_assert_true (g_str_has_prefix (error->message, "There is no preset called “no-such-preset”; the presets are: cpu-bound, "));

  g_clear_error (&error);
  g_assert_null (fb_workload_new_from_preset ("../etc/passwd", &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_PRESET);
}

static void
test_atomic_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("forkbench-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbWorkload) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;
  const gint64 inputs[] = { 5, -3 };

  fb_workload_set_name (workload, "Mine");
  fb_workload_set_kernel (workload, "sleep");
  fb_workload_set_params (workload, g_variant_new_parsed ("{'ms': <int64 20>}"));
  fb_workload_set_inputs (workload, inputs, 2);
  fb_workload_set_mode (workload, FB_RUN_MODE_THREADS);

  g_assert_true (fb_workload_save (workload, file, &error));
  g_assert_no_error (error);

  /* Only the file itself: no temporary file left beside it. */
  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "mine.json");
  g_assert_null (g_dir_read_name (listing));

  loaded = fb_workload_new_from_file (file, &error);
  g_assert_no_error (error);
  g_assert_true (fb_workload_equal (workload, loaded));

  /* An invalid workload is not saved over a good file. */
  fb_workload_set_chunksize (workload, 0);
  g_assert_false (fb_workload_save (workload, file, &error));
  g_assert_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE);
  g_clear_object (&loaded);
  loaded = fb_workload_new_from_file (file, NULL);
  g_assert_nonnull (loaded);
  g_assert_cmpuint (fb_workload_get_chunksize (loaded), ==, 1);

  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Workload/presets-round-trip", test_presets_round_trip);
  g_test_add_func ("/Forkbench/Workload/contract-example", test_contract_example);
  g_test_add_func ("/Forkbench/Workload/inputs-and-tasks-agree", test_inputs_and_tasks_agree);
  g_test_add_func ("/Forkbench/Workload/defaults", test_defaults);
  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/Workload/bad/%s", bad_inputs[i].name);
      g_test_add_data_func (path, &bad_inputs[i], test_bad_input);
    }
  g_test_add_func ("/Forkbench/Workload/bad/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/Forkbench/Workload/bad/nul-byte", test_nul_byte);
  g_test_add_func ("/Forkbench/Workload/bad/parse-error-utf8", test_parse_error_utf8);
  g_test_add_func ("/Forkbench/Workload/bad/empty", test_empty);
  g_test_add_func ("/Forkbench/Workload/bad/deep-nesting", test_deep_nesting);
  g_test_add_func ("/Forkbench/Workload/bad/folder", test_folder);
  g_test_add_func ("/Forkbench/Workload/bad/missing-file", test_missing_file);
  g_test_add_func ("/Forkbench/Workload/bad/huge-file", test_huge_file);
  g_test_add_func ("/Forkbench/Workload/bad/endless-file", test_endless_file);
  g_test_add_func ("/Forkbench/Workload/bad/unknown-preset", test_unknown_preset);
  g_test_add_func ("/Forkbench/Workload/atomic-save", test_atomic_save);

  return g_test_run ();
}
