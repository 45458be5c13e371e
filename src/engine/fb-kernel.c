/* fb-kernel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The kernels: the same C functions run in a forkbench-worker process and
 * in a pool thread, so that a comparison of the two measures the backend and
 * nothing else. Their names, parameters and results are a contract with
 * workload files and scripts (see ARCHITECTURE.md).
 */

#define G_LOG_DOMAIN "fb-kernel"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "fb-kernel-private.h"

typedef gboolean (*FbKernelFunc) (FbCall             *call,
                                  const FbKernelEnv  *env,
                                  FbKernelTask       *task,
                                  GError            **error);

struct _FbKernelInfo
{
  const char        *name;
  const char        *summary;
  const char        *result;
  const FbParamSpec *params;
  guint              n_params;
  FbKernelFunc       func;
};

struct _FbCall
{
  gatomicrefcount     ref_count;
  const FbKernelInfo *kernel;
  GVariant           *params;
  /* Parsed values, one slot per parameter in the order of the kernel's specs. */
  gint64              ints[FB_KERNEL_MAX_PARAMS];
  char               *strings[FB_KERNEL_MAX_PARAMS];
  char              **strv;
  gint64             *array;
  gsize               array_len;
};

G_DEFINE_QUARK (fb-kernel-error-quark, fb_kernel_error)
G_DEFINE_BOXED_TYPE (FbCall, fb_call, fb_call_ref, fb_call_unref)

/* One lock per process, as CPython has one interpreter lock per process. */
static GMutex interpreter_lock;

/* Limits: what a 2-core laptop survives. Documented in docs/kernels.md. */
#define MAX_DURATION_MS   600000          /* ten minutes */
#define MAX_SPIN_MS       60000
#define MAX_PRIMES_LIMIT  100000000       /* counting below 1e8 takes minutes */
#define MAX_MEMORY_MB     1024
#define MAX_IO_KB         (256 * 1024)
#define MAX_ECHO_BYTES    (16 * 1024 * 1024)
#define MAX_SHARED_VALUES 1000000
#define MAX_ARGV          256
/* The largest value whose square fits in 64 bits. */
#define MAX_SQUARE_ROOT   G_GINT64_CONSTANT (3037000499)

static const char * const fault_choices[] = { "segv", "abort", "exit", "hang", NULL };

enum { FAULT_SEGV, FAULT_ABORT, FAULT_EXIT, FAULT_HANG };

/* The names and choices of parameters are what workload files say, and are
 * not translated; their units, descriptions and titles are marked with N_(),
 * and whoever shows them translates them. */

static const FbParamSpec primes_params[] = {
  { "limit", FB_PARAM_INT, 2, MAX_PRIMES_LIMIT, 100000, FALSE, NULL, NULL,
    N_("Count the primes below this number plus the task's input"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Limit") },
};

static const FbParamSpec spin_params[] = {
  /* TRANSLATORS: the symbol of milliseconds */
  { "ms", FB_PARAM_INT, 0, MAX_SPIN_MS, 10, FALSE, NULL, N_("ms"),
    N_("Milliseconds of CPU time each task burns"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("CPU Time") },
};

static const FbParamSpec sleep_params[] = {
  /* TRANSLATORS: the symbol of milliseconds */
  { "ms", FB_PARAM_INT, -1, MAX_DURATION_MS, -1, FALSE, NULL, N_("ms"),
    N_("Milliseconds each task sleeps; -1 (the default) sleeps for the task's input"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Sleep Time") },
};

static const FbParamSpec gil_params[] = {
  /* TRANSLATORS: the symbol of milliseconds */
  { "ms", FB_PARAM_INT, 0, MAX_SPIN_MS, 10, FALSE, NULL, N_("ms"),
    N_("Milliseconds of CPU time each task burns while holding the interpreter lock"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("CPU Time") },
};

static const FbParamSpec memory_params[] = {
  /* TRANSLATORS: the symbol of mebibytes */
  { "mb", FB_PARAM_INT, 1, MAX_MEMORY_MB, 64, FALSE, NULL, N_("MiB"),
    N_("Size of each task's private buffer"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Buffer Size") },
  { "passes", FB_PARAM_INT, 1, 100, 4, FALSE, NULL, NULL,
    N_("How many times each task streams over its buffer"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Passes") },
};

static const FbParamSpec io_params[] = {
  /* TRANSLATORS: the symbol of kibibytes */
  { "kb", FB_PARAM_INT, 1, MAX_IO_KB, 1024, FALSE, NULL, N_("KiB"),
    N_("Size of the file each task writes, syncs and reads back"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("File Size") },
};

static const FbParamSpec echo_params[] = {
  /* TRANSLATORS: a unit, as in "from 0 to 16777216 bytes" */
  { "bytes", FB_PARAM_INT, 0, MAX_ECHO_BYTES, 1024, FALSE, NULL, N_("bytes"),
    N_("Size of the payload sent to each task and returned by it"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Payload Size") },
};

static const FbParamSpec shared_array_params[] = {
  { "values", FB_PARAM_INT_ARRAY, 1, MAX_SHARED_VALUES, 0, TRUE, NULL, NULL,
    /* TRANSLATORS: x stands for the task's input */
    N_("The array shared by all workers; task x squares element x"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Shared Array") },
};

static const FbParamSpec fault_params[] = {
  { "task", FB_PARAM_INT, 0, G_MAXINT64, 0, FALSE, NULL, NULL,
    N_("The index of the task that fails"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Failing Task") },
  { "how", FB_PARAM_CHOICE, 0, 3, FAULT_SEGV, FALSE, fault_choices, NULL,
    /* TRANSLATORS: segv, abort, exit and hang are the values the parameter
     * takes: do not translate them */
    N_("How it fails: segv, abort, exit (status 3) or hang"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("How It Fails") },
};

static const FbParamSpec command_params[] = {
  { "argv", FB_PARAM_STRV, 1, MAX_ARGV, 0, TRUE, NULL, NULL,
    /* TRANSLATORS: {} is written as it is in the arguments */
    N_("The program and its arguments, with {} replaced by the task's input; no shell is involved"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Command") },
};

static const FbParamSpec python_params[] = {
  { "file", FB_PARAM_STRING, 0, 0, 0, TRUE, NULL, NULL,
    N_("The Python file that defines the function; a relative path is relative to the workload file"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Python File") },
  { "function", FB_PARAM_STRING, 0, 0, 0, TRUE, NULL, NULL,
    /* TRANSLATORS: x stands for the task's input */
    N_("The name of the function each task calls as function(x)"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Function") },
  { "interpreter", FB_PARAM_STRING, 0, 0, 0, FALSE, NULL, NULL,
    /* TRANSLATORS: python3 and PATH are written as they are */
    N_("The Python interpreter, a name looked up in PATH or a path; python3 when not given"),
    /* TRANSLATORS: the title of a kernel parameter in the editor */
    N_("Interpreter") },
};

static gboolean kernel_square       (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_primes       (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_spin         (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_sleep        (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_gil          (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_memory       (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_io           (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_echo         (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_print        (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_shared_array (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_fault        (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_command      (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);
static gboolean kernel_python       (FbCall *, const FbKernelEnv *, FbKernelTask *, GError **);

#define PARAMS(p) p, G_N_ELEMENTS (p)

/* The summaries and results are marked with N_() and translated by their
 * getters; "x*x" and "0" are the same in every language. */
static const FbKernelInfo kernels[] = {
  { "square", N_("Squares its input: the smallest possible task"), "x*x",
    NULL, 0, kernel_square },
  { "primes", N_("Counts the primes below a limit: CPU-bound work"), N_("the count"),
    PARAMS (primes_params), kernel_primes },
  { "spin", N_("Burns CPU time: CPU-bound work of a chosen length"), N_("iterations done"),
    PARAMS (spin_params), kernel_spin },
  { "sleep", N_("Sleeps: an I/O-bound task that leaves the CPU idle"), "0",
    PARAMS (sleep_params), kernel_sleep },
  { "gil", N_("Burns CPU time holding one lock per process, as CPython's interpreter lock"),
    N_("iterations done"), PARAMS (gil_params), kernel_gil },
  { "memory", N_("Streams over a private buffer: memory-bound work"), N_("a checksum"),
    PARAMS (memory_params), kernel_memory },
  { "io", N_("Writes, syncs and reads back a temporary file: disk-bound work"), N_("bytes read"),
    PARAMS (io_params), kernel_io },
  /* TRANSLATORS: what the echo kernel returns: the number of bytes it received */
  { "echo", N_("Receives and returns a payload: the cost of pickling and IPC"), N_("bytes"),
    PARAMS (echo_params), kernel_echo },
  /* TRANSLATORS: "Number: x" is what the kernel prints, in English in every
   * language, as a program would */
  { "print", N_("Prints \"Number: x\"; the output is kept with each task"), "0",
    NULL, 0, kernel_print },
  /* TRANSLATORS: x stands for the task's input */
  { "shared-array", N_("Squares element x of an array that all workers share"), N_("the new element"),
    PARAMS (shared_array_params), kernel_shared_array },
  { "fault", N_("Fails on one task: a real crash in a process, a reported error in a thread"), N_("the input"),
    PARAMS (fault_params), kernel_fault },
  { "command", N_("Runs an external program, with no shell"), N_("its exit status"),
    PARAMS (command_params), kernel_command },
  /* TRANSLATORS: what the python kernel's tasks return */
  { "python", N_("Calls a function of a Python file: processes are interpreters, threads share one and its GIL"),
    N_("the function's value"), PARAMS (python_params), kernel_python },
};

static const FbKernelInfo *kernel_list[G_N_ELEMENTS (kernels) + 1];

/**
 * fb_kernel_lookup:
 * @name: a kernel name, such as "square"
 *
 * Returns: (nullable): the kernel, or %NULL if there is none of that name
 */
const FbKernelInfo *
fb_kernel_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
    if (strcmp (kernels[i].name, name) == 0)
      return &kernels[i];

  return NULL;
}

/**
 * fb_kernel_list:
 * @n_kernels: (out) (optional): the number of kernels
 *
 * Returns: (transfer none): the kernels, %NULL-terminated
 */
const FbKernelInfo **
fb_kernel_list (guint *n_kernels)
{
  if (kernel_list[0] == NULL)
    for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
      kernel_list[i] = &kernels[i];

  if (n_kernels != NULL)
    *n_kernels = G_N_ELEMENTS (kernels);

  return kernel_list;
}

const char *
fb_kernel_info_get_name (const FbKernelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return info->name;
}

/**
 * fb_kernel_info_get_summary:
 *
 * Returns: what the kernel does, in a sentence, translated
 */
const char *
fb_kernel_info_get_summary (const FbKernelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return _(info->summary);
}

/**
 * fb_kernel_info_get_result:
 *
 * Returns: what a task of the kernel returns, such as "the count",
 *   translated
 */
const char *
fb_kernel_info_get_result (const FbKernelInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);
  return _(info->result);
}

const FbParamSpec *
fb_kernel_info_get_params (const FbKernelInfo *info,
                           guint              *n_params)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (n_params != NULL)
    *n_params = info->n_params;

  return info->params;
}

const FbParamSpec *
fb_kernel_info_find_param (const FbKernelInfo *info,
                           const char         *name)
{
  g_return_val_if_fail (info != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < info->n_params; i++)
    if (strcmp (info->params[i].name, name) == 0)
      return &info->params[i];

  return NULL;
}

/* Parameters: accepted from any integer GVariant, or a double holding a whole
 * number (what JSON gives), and refused with a sentence naming them otherwise. */

static gboolean
variant_to_int64 (GVariant *value,
                  gint64   *out)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:    *out = g_variant_get_byte (value); return TRUE;
    case G_VARIANT_CLASS_INT16:   *out = g_variant_get_int16 (value); return TRUE;
    case G_VARIANT_CLASS_UINT16:  *out = g_variant_get_uint16 (value); return TRUE;
    case G_VARIANT_CLASS_INT32:   *out = g_variant_get_int32 (value); return TRUE;
    case G_VARIANT_CLASS_UINT32:  *out = g_variant_get_uint32 (value); return TRUE;
    case G_VARIANT_CLASS_INT64:   *out = g_variant_get_int64 (value); return TRUE;
    case G_VARIANT_CLASS_UINT64:
      {
        guint64 u = g_variant_get_uint64 (value);
        if (u > G_MAXINT64)
          return FALSE;
        *out = (gint64) u;
        return TRUE;
      }
    case G_VARIANT_CLASS_DOUBLE:
      {
        double d = g_variant_get_double (value);
        /* NaN fails both comparisons; 2^63 itself is out of range. */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != (double) (gint64) d)
          return FALSE;
        *out = (gint64) d;
        return TRUE;
      }
    case G_VARIANT_CLASS_BOOLEAN:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      return FALSE;
    }
}

/* Each message is a whole sentence, for translators; it names the
 * parameter and the kernel first. */
/* Sets @error to FB_KERNEL_ERROR_INVALID_PARAM with the message, and
 * returns FALSE, for the checks of parameters to end on. */
gboolean
fb_kernel_invalid_param (GError     **error,
                         const char  *format,
                         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
parse_int (const FbKernelInfo  *kernel,
           const FbParamSpec   *spec,
           GVariant            *value,
           gint64              *out,
           GError             **error)
{
  if (!variant_to_int64 (value, out))
    /* TRANSLATORS: a parameter's name, a kernel's name, and the smallest and
     * largest values the parameter takes */
    return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must be a whole number from %lld to %lld"),
                          spec->name, kernel->name, (long long) spec->min, (long long) spec->max);

  if ((*out < spec->min || *out > spec->max) && spec->unit != NULL)
    /* TRANSLATORS: a parameter's name, a kernel's name, the value given, the
     * smallest and largest values the parameter takes, and their unit, such
     * as "ms" */
    return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” is %lld, but must be from %lld to %lld %s"),
                          spec->name, kernel->name, (long long) *out, (long long) spec->min,
                          (long long) spec->max, _(spec->unit));

  if (*out < spec->min || *out > spec->max)
    /* TRANSLATORS: a parameter's name, a kernel's name, the value given, and
     * the smallest and largest values the parameter takes */
    return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” is %lld, but must be from %lld to %lld"),
                          spec->name, kernel->name, (long long) *out, (long long) spec->min,
                          (long long) spec->max);

  return TRUE;
}

static gboolean
invalid_elements (GError             **error,
                  const FbKernelInfo  *kernel,
                  const FbParamSpec   *spec,
                  gsize                n)
{
  return fb_kernel_invalid_param (error, g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: a parameter's name, a kernel's name, how many
                                             * elements its list has, and the fewest and most it may have */
                                            "Parameter “%s” of kernel “%s” has %zu element, "
                                            "but must have from %lld to %lld",
                                            "Parameter “%s” of kernel “%s” has %zu elements, "
                                            "but must have from %lld to %lld",
                                            n),
                        spec->name, kernel->name, n, (long long) spec->min, (long long) spec->max);
}

static gboolean
parse_param (FbCall             *self,
             guint               slot,
             GVariant           *value,
             GError            **error)
{
  const FbKernelInfo *kernel = self->kernel;
  const FbParamSpec *spec = &kernel->params[slot];

  switch (spec->type)
    {
    case FB_PARAM_INT:
      return parse_int (kernel, spec, value, &self->ints[slot], error);

    case FB_PARAM_CHOICE:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) ||
          !g_strv_contains (spec->choices, g_variant_get_string (value, NULL)))
        {
          g_autofree char *choices = g_strjoinv (", ", (char **) spec->choices);

          /* TRANSLATORS: a parameter's name, a kernel's name, and the values
           * the parameter takes, separated by commas */
          return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must be one of: %s"),
                                spec->name, kernel->name, choices);
        }
      for (guint i = 0; spec->choices[i]; i++)
        if (strcmp (spec->choices[i], g_variant_get_string (value, NULL)) == 0)
          self->ints[slot] = i;
      return TRUE;

    case FB_PARAM_STRING:
      if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        /* TRANSLATORS: a parameter's name and a kernel's name */
        return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must be a string"),
                              spec->name, kernel->name);
      if (spec->required && g_variant_get_string (value, NULL)[0] == '\0')
        /* TRANSLATORS: a parameter's name and a kernel's name */
        return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must not be empty"),
                              spec->name, kernel->name);
      /* An optional string left empty, as an editor leaves a blank field,
       * is one not given. */
      g_clear_pointer (&self->strings[slot], g_free);
      if (g_variant_get_string (value, NULL)[0] != '\0')
        self->strings[slot] = g_variant_dup_string (value, NULL);
      return TRUE;

    case FB_PARAM_STRV:
      {
        gsize n;

        if (!g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
          /* TRANSLATORS: a parameter's name and a kernel's name */
          return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must be a list of strings"),
                                spec->name, kernel->name);
        n = g_variant_n_children (value);
        if (n < (gsize) spec->min || n > (gsize) spec->max)
          return invalid_elements (error, kernel, spec, n);
        g_strfreev (self->strv);
        self->strv = g_variant_dup_strv (value, NULL);
        if (self->strv[0][0] == '\0')
          /* TRANSLATORS: a parameter's name and a kernel's name */
          return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must start with the program to run, "
                                         "not an empty string"),
                                spec->name, kernel->name);
        return TRUE;
      }

    case FB_PARAM_INT_ARRAY:
      {
        gsize n;

        if (!g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY) ||
            (n = g_variant_n_children (value), FALSE))
          /* TRANSLATORS: a parameter's name and a kernel's name */
          return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must be a list of whole numbers"),
                                spec->name, kernel->name);
        if (n < (gsize) spec->min || n > (gsize) spec->max)
          return invalid_elements (error, kernel, spec, n);
        g_free (self->array);
        self->array = g_new (gint64, n);
        self->array_len = n;
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
            g_autoptr(GVariant) inner = g_variant_is_of_type (child, G_VARIANT_TYPE_VARIANT)
                                        ? g_variant_get_variant (child) : g_variant_ref (child);

            if (!variant_to_int64 (inner, &self->array[i]))
              /* TRANSLATORS: a parameter's name, a kernel's name, and the index
               * of an element in the list */
              return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s” must hold whole numbers; "
                                             "element %zu is not one"),
                                    spec->name, kernel->name, i);
            if (self->array[i] > MAX_SQUARE_ROOT || self->array[i] < -MAX_SQUARE_ROOT)
              /* TRANSLATORS: a parameter's name, a kernel's name, the index of
               * an element in the list, and its value */
              return fb_kernel_invalid_param (error, _("Parameter “%s” of kernel “%s”: element %zu is %lld, whose square "
                                             "does not fit in 64 bits"),
                                    spec->name, kernel->name, i, (long long) self->array[i]);
          }
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

static GVariant *
call_build_params (FbCall *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; i < self->kernel->n_params; i++)
    {
      const FbParamSpec *spec = &self->kernel->params[i];

      switch (spec->type)
        {
        case FB_PARAM_INT:
          g_variant_builder_add (&builder, "{sv}", spec->name, g_variant_new_int64 (self->ints[i]));
          break;
        case FB_PARAM_CHOICE:
          g_variant_builder_add (&builder, "{sv}", spec->name, g_variant_new_string (spec->choices[self->ints[i]]));
          break;
        case FB_PARAM_STRING:
          if (self->strings[i])
            g_variant_builder_add (&builder, "{sv}", spec->name, g_variant_new_string (self->strings[i]));
          break;
        case FB_PARAM_STRV:
          if (self->strv)
            g_variant_builder_add (&builder, "{sv}", spec->name, g_variant_new_strv ((const char * const *) self->strv, -1));
          break;
        case FB_PARAM_INT_ARRAY:
          if (self->array)
            g_variant_builder_add (&builder, "{sv}", spec->name,
                                   g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, self->array,
                                                              self->array_len, sizeof (gint64)));
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/**
 * fb_call_new:
 * @kernel: the kernel's name
 * @params: (nullable) (transfer floating): the parameters, a `a{sv}`
 *   dictionary; a floating reference is taken, as GVariant constructors do
 *
 * Binds a kernel to its parameters, checking every one of them, so that a
 * mistake is reported before anything runs.
 *
 * Returns: (transfer full): a new call, or %NULL with @error set
 */
FbCall *
fb_call_new (const char  *kernel,
             GVariant    *params,
             GError     **error)
{
  g_autoptr(FbCall) self = NULL;
  g_autoptr(GVariant) sunk = NULL;
  const FbKernelInfo *info;

  g_return_val_if_fail (kernel != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (params != NULL)
    sunk = g_variant_ref_sink (params);

  if (!(info = fb_kernel_lookup (kernel)))
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (kernels); i++)
        g_string_append_printf (names, "%s%s", i ? ", " : "", kernels[i].name);
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_UNKNOWN_KERNEL,
                   /* TRANSLATORS: the name given, then the kernels' names,
                    * separated by commas */
                   _("There is no kernel called “%s”; the kernels are: %s"),
                   kernel, names->str);
      return NULL;
    }

  if (sunk != NULL && !g_variant_is_of_type (sunk, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_PARAM,
                   /* TRANSLATORS: a kernel's name, and the GVariant type of
                    * what was given instead, such as “i” */
                   _("The parameters of kernel “%s” must be a dictionary of names and values, not “%s”"),
                   kernel, g_variant_get_type_string (sunk));
      return NULL;
    }

  self = g_new0 (FbCall, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kernel = info;

  for (guint i = 0; i < info->n_params; i++)
    self->ints[i] = info->params[i].default_value;

  if (sunk != NULL)
    {
      GVariantIter iter;
      const char *name;
      GVariant *next;

      g_variant_iter_init (&iter, sunk);
      while (g_variant_iter_next (&iter, "{&sv}", &name, &next))
        {
          g_autoptr(GVariant) value = next;
          const FbParamSpec *spec = fb_kernel_info_find_param (info, name);

          if (spec == NULL)
            {
              if (info->n_params == 0)
                g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_UNKNOWN_PARAM,
                             /* TRANSLATORS: a kernel's name, and the parameter given */
                             _("Kernel “%s” takes no parameters, but “%s” was given"),
                             info->name, name);
              else
                {
                  g_autoptr(GString) names = g_string_new (NULL);

                  for (guint i = 0; i < info->n_params; i++)
                    g_string_append_printf (names, "%s%s", i ? ", " : "", info->params[i].name);
                  g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_UNKNOWN_PARAM,
                               /* TRANSLATORS: a kernel's name, the parameter given, and
                                * the kernel's parameters, separated by commas */
                               _("Kernel “%s” has no parameter “%s”; its parameters are: %s"),
                               info->name, name, names->str);
                }
              return NULL;
            }

          if (!parse_param (self, spec - info->params, value, error))
            return NULL;
        }
    }

  for (guint i = 0; i < info->n_params; i++)
    {
      const FbParamSpec *spec = &info->params[i];
      gboolean given = (spec->type == FB_PARAM_STRV ? self->strv != NULL :
                        spec->type == FB_PARAM_INT_ARRAY ? self->array != NULL :
                        spec->type == FB_PARAM_STRING ? self->strings[i] != NULL : TRUE);

      if (spec->required && !given)
        {
          g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_MISSING_PARAM,
                       /* TRANSLATORS: a kernel's name, a parameter's name, and what
                        * the parameter does, in a sentence */
                       _("Kernel “%s” needs the parameter “%s”: %s"),
                       info->name, spec->name, _(spec->description));
          return NULL;
        }
    }

  self->params = call_build_params (self);

  return g_steal_pointer (&self);
}

FbCall *
fb_call_ref (FbCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fb_call_unref (FbCall *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_clear_pointer (&self->params, g_variant_unref);
      for (guint i = 0; i < FB_KERNEL_MAX_PARAMS; i++)
        g_clear_pointer (&self->strings[i], g_free);
      g_clear_pointer (&self->strv, g_strfreev);
      g_clear_pointer (&self->array, g_free);
      g_free (self);
    }
}

const FbKernelInfo *
fb_call_get_kernel (FbCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kernel;
}

const char *
fb_call_get_kernel_name (FbCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kernel->name;
}

/**
 * fb_call_get_params:
 *
 * Returns: (transfer none): every parameter, defaults included, as `a{sv}`
 */
GVariant *
fb_call_get_params (FbCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->params;
}

/**
 * fb_call_get_int:
 * @name: an integer or choice parameter of the call's kernel
 *
 * Returns: the parameter's value (a choice's index)
 */
gint64
fb_call_get_int (FbCall     *self,
                 const char *name)
{
  const FbParamSpec *spec;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (name != NULL, 0);

  spec = fb_kernel_info_find_param (self->kernel, name);
  g_return_val_if_fail (spec != NULL, 0);

  return self->ints[spec - self->kernel->params];
}

/**
 * fb_call_get_string:
 * @name: a string parameter of the call's kernel
 *
 * Returns: (nullable): the parameter's value, or %NULL when it was not given
 */
const char *
fb_call_get_string (FbCall     *self,
                    const char *name)
{
  const FbParamSpec *spec;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  spec = fb_kernel_info_find_param (self->kernel, name);
  g_return_val_if_fail (spec != NULL && spec->type == FB_PARAM_STRING, NULL);

  return self->strings[spec - self->kernel->params];
}

/**
 * fb_call_is_python:
 *
 * Returns: whether the call's tasks run in a Python interpreter (the python
 *   kernel) rather than in forkbench-worker or a thread of the pool
 */
gboolean
fb_call_is_python (FbCall *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kernel->func == kernel_python;
}

/**
 * fb_call_get_payload_size:
 *
 * Returns: how many bytes each task receives and returns (the echo kernel)
 */
gsize
fb_call_get_payload_size (FbCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->kernel->func == kernel_echo)
    return (gsize) self->ints[0];

  return 0;
}

/**
 * fb_call_get_task_memory:
 *
 * Returns: how many bytes of its own each task holds while it runs (the
 *   memory kernel's buffer), or 0 when it is next to nothing
 */
guint64
fb_call_get_task_memory (FbCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  if (self->kernel->func == kernel_memory)
    return (guint64) self->ints[0] * 1024 * 1024;

  return 0;
}

/**
 * fb_call_get_shared_length:
 *
 * Returns: how many values the shared-array kernel shares, or 0
 */
gsize
fb_call_get_shared_length (FbCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->kernel->func == kernel_shared_array ? self->array_len : 0;
}

/**
 * fb_call_get_shared_values:
 *
 * Returns: (transfer none) (nullable): the initial values of the shared array
 */
const gint64 *
fb_call_get_shared_values (FbCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kernel->func == kernel_shared_array ? self->array : NULL;
}

/* Running */

gboolean
fb_kernel_is_cancelled (const FbKernelEnv *env)
{
  return env->cancel != NULL && g_atomic_int_get (env->cancel) != 0;
}

static gboolean
set_cancelled (GError **error)
{
  g_set_error_literal (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_CANCELLED,
                       _("The task was stopped before it finished"));
  return FALSE;
}

/**
 * fb_kernel_run:
 *
 * Runs one task of @call. The caller times it; the kernel only computes.
 *
 * Returns: %TRUE with @task's value set, or %FALSE with @error set
 */
gboolean
fb_kernel_run (FbCall             *call,
               const FbKernelEnv  *env,
               FbKernelTask       *task,
               GError            **error)
{
  g_return_val_if_fail (call != NULL, FALSE);
  g_return_val_if_fail (env != NULL, FALSE);
  g_return_val_if_fail (task != NULL, FALSE);

  task->value = 0;
  return call->kernel->func (call, env, task, error);
}

/**
 * fb_kernel_fill_payload:
 *
 * Fills an echo payload with bytes that depend on @input, so that a payload
 * that comes back changed is noticed.
 */
void
fb_kernel_fill_payload (gint64  input,
                        guint8 *payload,
                        gsize   len)
{
  memset (payload, (int) (0x5a ^ (input & 0xff)), len);
  if (len >= sizeof (gint64))
    memcpy (payload, &input, sizeof (gint64));
}

gint64
fb_kernel_thread_cpu_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gint64
thread_cpu_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Burns @ms of this thread's CPU time (not wall time: a spinner that shares a
 * core with another takes twice as long, which is the lesson of running more
 * workers than cores). Returns the iterations done. */
static gboolean
burn_cpu (const FbKernelEnv  *env,
          gint64              ms,
          gint64             *iterations,
          GError            **error)
{
  gint64 deadline = thread_cpu_ns () + ms * G_GINT64_CONSTANT (1000000);
  guint64 x = 88172645463325252ull;
  volatile guint64 sink;
  gint64 n = 0;

  for (;;)
    {
      for (guint i = 0; i < 4096; i++)
        {
          x ^= x << 13;
          x ^= x >> 7;
          x ^= x << 17;
        }
      n += 4096;

      if (thread_cpu_ns () >= deadline)
        break;
      if (fb_kernel_is_cancelled (env))
        return set_cancelled (error);
    }

  sink = x;
  (void) sink;
  *iterations = n;
  return TRUE;
}

static gboolean
kernel_square (FbCall             *call,
               const FbKernelEnv  *env,
               FbKernelTask       *task,
               GError            **error)
{
  if (__builtin_mul_overflow (task->input, task->input, &task->value))
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT,
                   /* TRANSLATORS: the task's input */
                   _("The square of %lld does not fit in 64 bits"),
                   (long long) task->input);
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_prime (gint64 n)
{
  if (n < 2)
    return FALSE;
  if (n < 4)
    return TRUE;
  if (n % 2 == 0 || n % 3 == 0)
    return FALSE;
  for (gint64 d = 5; d * d <= n; d += 6)
    if (n % d == 0 || n % (d + 2) == 0)
      return FALSE;
  return TRUE;
}

static gboolean
kernel_primes (FbCall             *call,
               const FbKernelEnv  *env,
               FbKernelTask       *task,
               GError            **error)
{
  gint64 limit;
  gint64 count = 0;

  if (__builtin_add_overflow (call->ints[0], task->input, &limit) || limit > MAX_PRIMES_LIMIT)
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT,
                   /* TRANSLATORS: the limit parameter, the task's input, and the
                    * largest limit allowed */
                   _("Counting primes below %lld plus %lld goes past the limit of %d"),
                   (long long) call->ints[0], (long long) task->input, MAX_PRIMES_LIMIT);
      return FALSE;
    }

  for (gint64 n = 2; n < limit; n++)
    {
      if ((n & 0x3ff) == 0 && fb_kernel_is_cancelled (env))
        return set_cancelled (error);
      count += is_prime (n);
    }

  task->value = count;
  return TRUE;
}

static gboolean
kernel_spin (FbCall             *call,
             const FbKernelEnv  *env,
             FbKernelTask       *task,
             GError            **error)
{
  return burn_cpu (env, call->ints[0], &task->value, error);
}

static gboolean
kernel_sleep (FbCall             *call,
              const FbKernelEnv  *env,
              FbKernelTask       *task,
              GError            **error)
{
  gint64 ms = call->ints[0] >= 0 ? call->ints[0] : task->input;
  gint64 deadline;

  if (ms < 0 || ms > MAX_DURATION_MS)
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT,
                   /* TRANSLATORS: the task's input, and the longest duration
                    * allowed, in milliseconds */
                   _("Input %lld is not a duration from 0 to %d ms"),
                   (long long) ms, MAX_DURATION_MS);
      return FALSE;
    }

  /* Sleep in slices, so that a cancelled or timed-out task stops soon. */
  deadline = g_get_monotonic_time () + ms * 1000;
  for (;;)
    {
      gint64 left = deadline - g_get_monotonic_time ();

      if (left <= 0)
        break;
      if (fb_kernel_is_cancelled (env))
        return set_cancelled (error);
      g_usleep (MIN (left, 10000));
    }

  return TRUE;
}

static gboolean
kernel_gil (FbCall             *call,
            const FbKernelEnv  *env,
            FbKernelTask       *task,
            GError            **error)
{
  gboolean ret;

  g_mutex_lock (&interpreter_lock);
  task->started_us = g_get_monotonic_time ();
  ret = burn_cpu (env, call->ints[0], &task->value, error);
  g_mutex_unlock (&interpreter_lock);

  return ret;
}

static gboolean
kernel_memory (FbCall             *call,
               const FbKernelEnv  *env,
               FbKernelTask       *task,
               GError            **error)
{
  gsize n = (gsize) call->ints[0] * 1024 * 1024 / sizeof (guint64);
  gint64 passes = call->ints[1];
  g_autofree guint64 *buffer = g_try_new (guint64, n);
  guint64 sum = (guint64) task->input;

  if (buffer == NULL)
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                   /* TRANSLATORS: a size in mebibytes */
                   _("Could not allocate %lld MiB for the task's buffer"),
                   (long long) call->ints[0]);
      return FALSE;
    }

  for (gsize i = 0; i < n; i++)
    buffer[i] = i ^ (guint64) task->input;

  for (gint64 p = 0; p < passes; p++)
    {
      for (gsize i = 0; i < n; i++)
        {
          sum += buffer[i];
          buffer[i] = buffer[i] * 6364136223846793005ull + 1;
        }
      if (fb_kernel_is_cancelled (env))
        return set_cancelled (error);
    }

  task->value = (gint64) (sum & G_MAXINT64);
  return TRUE;
}

typedef enum
{
  IO_WRITE,
  IO_SYNC,
  IO_READ_BACK,
} IoStep;

static gboolean
io_failed (GError **error,
           IoStep   step,
           int      saved_errno)
{
  const char *why = g_strerror (saved_errno);

  if (step == IO_WRITE)
    g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                 /* TRANSLATORS: %s says why, such as "No space left on device" */
                 _("Could not write the temporary file: %s"), why);
  else if (step == IO_SYNC)
    g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                 /* TRANSLATORS: %s says why, such as "Input/output error" */
                 _("Could not sync the temporary file: %s"), why);
  else
    g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                 /* TRANSLATORS: %s says why, such as "Input/output error" */
                 _("Could not read back the temporary file: %s"), why);

  return FALSE;
}

static gboolean
kernel_io (FbCall             *call,
           const FbKernelEnv  *env,
           FbKernelTask       *task,
           GError            **error)
{
  const gsize chunk = 64 * 1024;
  gsize total = (gsize) call->ints[0] * 1024;
  g_autofree guint8 *buffer = g_malloc (chunk);
  g_autofree char *path = NULL;
  gsize done;
  int fd;

  if ((fd = g_file_open_tmp ("forkbench-io-XXXXXX", &path, error)) < 0)
    return FALSE;
  /* Nobody else needs the name: the file goes away when it is closed. */
  g_unlink (path);

  memset (buffer, (int) (task->input & 0xff), chunk);
  for (done = 0; done < total;)
    {
      ssize_t n = write (fd, buffer, MIN (chunk, total - done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = errno;
          close (fd);
          return io_failed (error, IO_WRITE, saved_errno);
        }
      done += n;
      if (fb_kernel_is_cancelled (env))
        {
          close (fd);
          return set_cancelled (error);
        }
    }

  if (fsync (fd) != 0 || lseek (fd, 0, SEEK_SET) != 0)
    {
      int saved_errno = errno;
      close (fd);
      return io_failed (error, IO_SYNC, saved_errno);
    }

  for (done = 0; done < total;)
    {
      ssize_t n = read (fd, buffer, chunk);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          int saved_errno = n == 0 ? EIO : errno;
          close (fd);
          return io_failed (error, IO_READ_BACK, saved_errno);
        }
      done += n;
    }

  close (fd);
  task->value = (gint64) done;
  return TRUE;
}

static gboolean
kernel_echo (FbCall             *call,
             const FbKernelEnv  *env,
             FbKernelTask       *task,
             GError            **error)
{
  gsize expected = (gsize) call->ints[0];
  guint64 sum = 0;

  /* Read every byte, as unpickling would; the worker sends them back. */
  for (gsize i = 0; i < task->payload_len; i++)
    sum += task->payload[i];

  if (task->payload_len != expected)
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* TRANSLATORS: how many bytes the task received, and how many
                                 * it should have */
                                "Received %zu byte instead of %zu",
                                "Received %zu bytes instead of %zu",
                                task->payload_len),
                   task->payload_len, expected);
      return FALSE;
    }

  task->value = (gint64) task->payload_len + (gint64) (sum & 0);
  return TRUE;
}

static gboolean
kernel_print (FbCall             *call,
              const FbKernelEnv  *env,
              FbKernelTask       *task,
              GError            **error)
{
  if (task->output == NULL)
    task->output = g_string_new (NULL);
  g_string_append_printf (task->output, "Number: %" G_GINT64_FORMAT "\n", task->input);
  return TRUE;
}

static gboolean
kernel_shared_array (FbCall             *call,
                     const FbKernelEnv  *env,
                     FbKernelTask       *task,
                     GError            **error)
{
  gint64 x = task->input;
  gint64 value;

  if (env->shared == NULL || x < 0 || (guint64) x >= env->shared_len)
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_INVALID_INPUT,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* TRANSLATORS: the task's input, and how many values the
                                 * shared array holds */
                                "Index %lld is outside the shared array of %zu value",
                                "Index %lld is outside the shared array of %zu values",
                                env->shared_len),
                   (long long) x, env->shared_len);
      return FALSE;
    }

  /* Square the original value, not the current one, so that a task run
   * again after its worker died gives the same array. */
  value = __atomic_load_n (&env->shared[x], __ATOMIC_RELAXED);
  value *= value;
  __atomic_store_n (&env->shared[env->shared_len + x], value, __ATOMIC_RELEASE);
  task->value = value;
  return TRUE;
}

static void
crash_for_real (int signum)
{
  struct sigaction sa = { .sa_handler = SIG_DFL };

  /* Sanitizers and debuggers install handlers that would turn the signal
   * into an exit status; the lesson is what the signal itself does. */
  sigemptyset (&sa.sa_mask);
  sigaction (signum, &sa, NULL);
  raise (signum);
  _exit (128 + signum);
}

static gboolean
kernel_fault (FbCall             *call,
              const FbKernelEnv  *env,
              FbKernelTask       *task,
              GError            **error)
{
  gint64 how = call->ints[1];

  if ((gint64) task->index != call->ints[0])
    {
      task->value = task->input;
      return TRUE;
    }

  if (!env->in_process)
    {
      /* A real crash in a thread would take the whole app down with it:
       * that is the lesson, reported rather than done. */
      unsigned long long index = task->index;

      switch (how)
        {
        case FAULT_SEGV:
          g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                       /* TRANSLATORS: the task's index */
                       _("Task %llu would have caused a segmentation fault (SIGSEGV); in a thread, "
                         "that ends the whole program, every other thread with it"), index);
          break;
        case FAULT_ABORT:
          g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                       /* TRANSLATORS: the task's index */
                       _("Task %llu would have caused an abort (SIGABRT); in a thread, "
                         "that ends the whole program, every other thread with it"), index);
          break;
        case FAULT_EXIT:
          g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                       /* TRANSLATORS: the task's index; exit (3) is the call that ends a
                        * process with status 3 */
                       _("Task %llu would have caused exit (3); in a thread, "
                         "that ends the whole program, every other thread with it"), index);
          break;
        case FAULT_HANG:
          g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                       /* TRANSLATORS: the task's index */
                       _("Task %llu would have caused a hang; in a thread, "
                         "nothing could stop it, and the run would never end"), index);
          break;
        default:
          g_assert_not_reached ();
        }
      return FALSE;
    }

  switch (how)
    {
    case FAULT_SEGV:
      crash_for_real (SIGSEGV);
      break;
    case FAULT_ABORT:
      crash_for_real (SIGABRT);
      break;
    case FAULT_EXIT:
      _exit (3);
      break;
    case FAULT_HANG:
      for (;;)
        pause ();
      break;
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static char *
replace_placeholder (const char *arg,
                     const char *input)
{
  g_autoptr(GString) str = g_string_new (arg);

  g_string_replace (str, "{}", input, 0);
  return g_string_free (g_steal_pointer (&str), FALSE);
}

static gboolean
kernel_command (FbCall             *call,
                const FbKernelEnv  *env,
                FbKernelTask       *task,
                GError            **error)
{
  char input[32];
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  GPid pid;
  int out_fd = -1;
  int status = 0;
  gboolean eof = FALSE;

  g_snprintf (input, sizeof input, "%" G_GINT64_FORMAT, task->input);
  for (guint i = 0; call->strv[i]; i++)
    g_ptr_array_add (argv, replace_placeholder (call->strv[i], input));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char * const *) argv->pdata, NULL,
                                         G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                         G_SPAWN_STDIN_FROM_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                         NULL, NULL, -1, -1, -1, NULL, NULL, 0,
                                         &pid, NULL, &out_fd, NULL, &local_error))
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                   /* TRANSLATORS: a program's name, and why it could not run */
                   _("Could not run “%s”: %s"), (const char *) argv->pdata[0], local_error->message);
      return FALSE;
    }

  task->output = g_string_new (NULL);

  /* Read its output while watching for cancellation, so that a cancelled
   * task kills the program instead of waiting for it. */
  while (!eof)
    {
      struct pollfd pfd = { .fd = out_fd, .events = POLLIN };
      int r = poll (&pfd, 1, 10);

      if (fb_kernel_is_cancelled (env))
        {
          kill (pid, SIGKILL);
          break;
        }
      if (r > 0)
        {
          char buf[4096];
          ssize_t n = read (out_fd, buf, sizeof buf);

          if (n > 0 && task->output->len < FB_KERNEL_MAX_OUTPUT)
            g_string_append_len (task->output, buf, MIN ((gsize) n, FB_KERNEL_MAX_OUTPUT - task->output->len));
          else if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
            eof = TRUE;
        }
    }

  close (out_fd);
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (pid);

  if (!eof)
    return set_cancelled (error);

  if (WIFSIGNALED (status))
    {
      g_set_error (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                   /* TRANSLATORS: a program's name, a signal's number, and its
                    * name without SIG, such as KILL */
                   _("“%s” was killed by signal %d (SIG%s)"),
                   (const char *) argv->pdata[0], WTERMSIG (status),
                   sigabbrev_np (WTERMSIG (status)) ? sigabbrev_np (WTERMSIG (status)) : "?");
      return FALSE;
    }

  task->value = WEXITSTATUS (status);
  return TRUE;
}

/* The python kernel's tasks run in interpreters that the pool starts for
 * them (see fb-python.c); a pool that was not made for the call has no
 * interpreter to run them in. */
static gboolean
kernel_python (FbCall             *call,
               const FbKernelEnv  *env,
               FbKernelTask       *task,
               GError            **error)
{
  g_set_error_literal (error, FB_KERNEL_ERROR, FB_KERNEL_ERROR_FAILED,
                       /* TRANSLATORS: fb_pool_new_for_call is a function's name: do
                        * not translate it */
                       _("Tasks of the python kernel run in a Python interpreter, in a pool "
                         "made for them with fb_pool_new_for_call ()"));
  return FALSE;
}
