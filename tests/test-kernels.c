/* test-kernels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernels are a contract: their names and parameters, and the errors a
 * user gets for a mistake, before anything runs.
 */

#include "config.h"

#include "fb-test-util.h"

static void
test_list (void)
{
  static const char * const contract[] = {
    "square", "primes", "spin", "sleep", "gil", "memory", "io", "echo",
    "print", "shared-array", "fault", "command", "python", NULL,
  };
  const FbKernelInfo **kernels;
  guint n;

  kernels = fb_kernel_list (&n);
  g_assert_cmpuint (n, ==, g_strv_length ((char **) contract));

  for (guint i = 0; i < n; i++)
    {
      const FbParamSpec *params;
      guint n_params;

      g_assert_cmpstr (fb_kernel_info_get_name (kernels[i]), ==, contract[i]);
      g_assert_true (fb_kernel_lookup (contract[i]) == kernels[i]);
      g_assert_cmpstr (fb_kernel_info_get_summary (kernels[i]), !=, "");
      g_assert_cmpstr (fb_kernel_info_get_result (kernels[i]), !=, "");

      params = fb_kernel_info_get_params (kernels[i], &n_params);
      for (guint j = 0; j < n_params; j++)
        {
          g_assert_nonnull (params[j].description);
          /* An editor calls it by a title, in words, not by its key in files. */
          g_assert_nonnull (params[j].title);
          g_assert_cmpstr (params[j].title, !=, params[j].name);
          g_assert_true (g_ascii_isupper (params[j].title[0]));
          g_assert_true (fb_kernel_info_find_param (kernels[i], params[j].name) == &params[j]);
        }
    }
  g_assert_null (kernels[n]);
}

typedef struct
{
  const char *kernel;
  const char *params;
  int         code;
  const char *message;
} BadCall;

static const BadCall bad_calls[] = {
  { "sqare", NULL, FB_KERNEL_ERROR_UNKNOWN_KERNEL,
    "There is no kernel called “sqare”; the kernels are: square, primes, spin, sleep, gil, "
    "memory, io, echo, print, shared-array, fault, command, python" },
  { "square", "{'limit': <3>}", FB_KERNEL_ERROR_UNKNOWN_PARAM,
    "Kernel “square” takes no parameters, but “limit” was given" },
  { "memory", "{'size': <3>}", FB_KERNEL_ERROR_UNKNOWN_PARAM,
    "Kernel “memory” has no parameter “size”; its parameters are: mb, passes" },
  { "spin", "{'ms': <'ten'>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “ms” of kernel “spin” must be a whole number from 0 to 60000" },
  { "spin", "{'ms': <-1>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “ms” of kernel “spin” is -1, but must be from 0 to 60000 ms" },
  { "spin", "{'ms': <60001>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “ms” of kernel “spin” is 60001, but must be from 0 to 60000 ms" },
  { "spin", "{'ms': <2.5>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “ms” of kernel “spin” must be a whole number from 0 to 60000" },
  { "spin", "{'ms': <nan>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “ms” of kernel “spin” must be a whole number from 0 to 60000" },
  { "spin", "{'ms': <1e300>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “ms” of kernel “spin” must be a whole number from 0 to 60000" },
  { "primes", "{'limit': <uint64 18446744073709551615>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “limit” of kernel “primes” must be a whole number from 2 to 100000000" },
  { "memory", "{'mb': <4096>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “mb” of kernel “memory” is 4096, but must be from 1 to 1024 MiB" },
  { "echo", "{'bytes': <int64 100000000000>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “bytes” of kernel “echo” is 100000000000, but must be from 0 to 16777216 bytes" },
  { "fault", "{'how': <'boom'>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “how” of kernel “fault” must be one of: segv, abort, exit, hang" },
  { "fault", "{'task': <-2>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “task” of kernel “fault” is -2, but must be from 0 to 9223372036854775807" },
  { "shared-array", NULL, FB_KERNEL_ERROR_MISSING_PARAM,
    "Kernel “shared-array” needs the parameter “values”: The array shared by all workers; task x squares element x" },
  { "shared-array", "{'values': <@ax []>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “values” of kernel “shared-array” has 0 elements, but must have from 1 to 1000000" },
  { "shared-array", "{'values': <[int64 2, 4000000000]>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “values” of kernel “shared-array”: element 1 is 4000000000, whose square does not fit in 64 bits" },
  { "shared-array", "{'values': <['a']>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “values” of kernel “shared-array” must hold whole numbers; element 0 is not one" },
  { "command", NULL, FB_KERNEL_ERROR_MISSING_PARAM,
    "Kernel “command” needs the parameter “argv”: The program and its arguments, with {} replaced by the task's input; no shell is involved" },
  { "command", "{'argv': <['']>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “argv” of kernel “command” must start with the program to run, not an empty string" },
  { "command", "{'argv': <'ls -l'>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “argv” of kernel “command” must be a list of strings" },
  { "python", "{'function': <'f'>}", FB_KERNEL_ERROR_MISSING_PARAM,
    "Kernel “python” needs the parameter “file”: The Python file that defines the function; "
    "a relative path is relative to the workload file" },
  { "python", "{'file': <'f.py'>}", FB_KERNEL_ERROR_MISSING_PARAM,
    "Kernel “python” needs the parameter “function”: The name of the function each task calls as function(x)" },
  { "python", "{'file': <''>, 'function': <'f'>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “file” of kernel “python” must not be empty" },
  { "python", "{'file': <'f.py'>, 'function': <3>}", FB_KERNEL_ERROR_INVALID_PARAM,
    "Parameter “function” of kernel “python” must be a string" },
};

static void
test_bad_call (gconstpointer data)
{
  const BadCall *bad = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) params = NULL;
  FbCall *call;

  if (bad->params != NULL)
    {
      params = g_variant_parse (G_VARIANT_TYPE_VARDICT, bad->params, NULL, NULL, &error);
      g_assert_no_error (error);
    }

  call = fb_call_new (bad->kernel, params, &error);
  g_assert_null (call);
  g_assert_error (error, FB_KERNEL_ERROR, bad->code);
  g_assert_cmpstr (error->message, ==, bad->message);
}

static void
test_params_not_a_dict (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (fb_call_new ("spin", g_variant_new_int32 (3), &error));
  g_assert_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM);
  g_assert_cmpstr (error->message, ==,
                   "The parameters of kernel “spin” must be a dictionary of names and values, not “i”");
}

static void
test_defaults (void)
{
  g_autoptr(FbCall) memory = fb_test_call ("memory", "{'mb': <uint32 8>}");
  g_autoptr(FbCall) sleep_call = fb_test_call ("sleep", NULL);
  g_autoptr(FbCall) echo = fb_test_call ("echo", "{'bytes': <4096.0>}");
  g_autoptr(FbCall) fault = fb_test_call ("fault", "{'how': <'exit'>}");
  g_autoptr(FbCall) shared = fb_test_call ("shared-array", "{'values': <[int64 2, 3]>}");
  g_autofree char *printed = NULL;

  g_assert_cmpint (fb_call_get_int (memory, "mb"), ==, 8);
  g_assert_cmpint (fb_call_get_int (memory, "passes"), ==, 4);
  /* Without ms, a sleeper sleeps for its input. */
  g_assert_cmpint (fb_call_get_int (sleep_call, "ms"), ==, -1);
  g_assert_cmpuint (fb_call_get_payload_size (echo), ==, 4096);
  g_assert_cmpuint (fb_call_get_payload_size (memory), ==, 0);
  g_assert_cmpint (fb_call_get_int (fault, "how"), ==, 2);
  g_assert_cmpuint (fb_call_get_shared_length (shared), ==, 2);
  g_assert_cmpint (fb_call_get_shared_values (shared)[1], ==, 3);

  /* The normalised parameters, defaults included, are what workers get. */
  printed = g_variant_print (fb_call_get_params (memory), TRUE);
  g_assert_cmpstr (printed, ==, "{'mb': <int64 8>, 'passes': <int64 4>}");
  g_assert_cmpstr (fb_call_get_kernel_name (memory), ==, "memory");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Kernels/list", test_list);
  for (guint i = 0; i < G_N_ELEMENTS (bad_calls); i++)
    {
      g_autofree char *path = g_strdup_printf ("/Forkbench/Kernels/bad-call/%u-%s", i, bad_calls[i].kernel);
      g_test_add_data_func (path, &bad_calls[i], test_bad_call);
    }
  g_test_add_func ("/Forkbench/Kernels/params-not-a-dict", test_params_not_a_dict);
  g_test_add_func ("/Forkbench/Kernels/defaults", test_defaults);

  return g_test_run ();
}
