/* fb-python.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The python kernel's side of the engine: where its interpreter and the
 * harness that Forkbench ships are, how a worker is started, and the check
 * that runs before anything else does. The check starts the interpreter
 * once with the harness in --check mode, which compiles the file (a syntax
 * error comes with its line), imports it, and looks for the function; it
 * also says which interpreter it is and whether its threads share a GIL.
 */

#define G_LOG_DOMAIN "fb-python"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "fb-kernel-private.h"
#include "fb-paths-private.h"
#include "fb-pool.h"
#include "fb-python-private.h"

#define DEFAULT_INTERPRETER "python3"
#define HARNESS_NAME "forkbench-harness.py"

static const char *
interpreter_name (FbCall *call)
{
  const char *interpreter = fb_call_get_string (call, "interpreter");

  return interpreter != NULL ? interpreter : DEFAULT_INTERPRETER;
}

/*
 * fb_python_find_interpreter:
 *
 * Returns: (transfer full): the path of the call's interpreter: a name is
 *   looked up in PATH, a path is taken as it is; or %NULL with @error set
 */
char *
fb_python_find_interpreter (FbCall  *call,
                            GError **error)
{
  const char *name = interpreter_name (call);
  g_autofree char *path = NULL;

  if (strchr (name, '/') != NULL)
    path = g_canonicalize_filename (name, NULL);
  else
    path = g_find_program_in_path (name);

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_REGULAR) ||
      !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      /* TRANSLATORS: the interpreter's name or path; "interpreter" is a
       * parameter of workload files and PATH an environment variable: do
       * not translate them */
      fb_kernel_invalid_param (error, _("The Python interpreter “%s” was not found; install it, or set “interpreter” "
                             "to its path or to a program in PATH"), name);
      return NULL;
    }

  return g_steal_pointer (&path);
}

/*
 * fb_python_find_harness:
 *
 * FORKBENCH_PYTHON_HARNESS, or the harness installed with the program that
 * runs the pool.
 *
 * Returns: (transfer full): the harness's path
 */
char *
fb_python_find_harness (void)
{
  return fb_find_installed ("FORKBENCH_PYTHON_HARNESS", DATADIR_RELATIVE, DATADIR, "forkbench/" HARNESS_NAME,
                            G_FILE_TEST_IS_REGULAR);
}

/*
 * fb_python_worker_argv:
 * @slot: the worker's slot, for a worker process
 * @lanes: 0 for a worker process; for the thread pool, how many threads
 *   its one interpreter runs
 *
 * The file and the function go on the command line, so that the harness
 * can skip the CALL frames: their parameters are a GVariant, which Python's
 * standard library does not read.
 *
 * Returns: (transfer full): the command line of a worker of @call
 */
GStrv
fb_python_worker_argv (FbCall     *call,
                       const char *interpreter,
                       const char *harness,
                       guint       slot,
                       guint       lanes)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char number[16], parent[32];

  g_strv_builder_add (builder, interpreter);
  /* Unbuffered, with no user site or PYTHON* variables in the way, and
   * no bytecode written next to the user's file. */
  g_strv_builder_add_many (builder, "-u", "-s", "-B", harness, NULL);
  if (lanes > 0)
    {
      g_snprintf (number, sizeof number, "%u", lanes);
      g_strv_builder_add_many (builder, "--lanes", number, NULL);
    }
  else
    {
      g_snprintf (number, sizeof number, "%u", slot);
      g_strv_builder_add_many (builder, "--slot", number, NULL);
    }
  g_snprintf (parent, sizeof parent, "%d", (int) getpid ());
  g_strv_builder_add_many (builder, "--parent", parent,
                           fb_call_get_string (call, "file"),
                           fb_call_get_string (call, "function"),
                           NULL);

  return g_strv_builder_end (builder);
}

/*
 * fb_python_calls_equal:
 *
 * Returns: whether @a and @b run the same function of the same file in
 *   the same interpreter, and so can share a pool's interpreters
 */
gboolean
fb_python_calls_equal (FbCall *a,
                       FbCall *b)
{
  return fb_call_is_python (a) && fb_call_is_python (b) &&
         g_strcmp0 (fb_call_get_string (a, "file"), fb_call_get_string (b, "file")) == 0 &&
         g_strcmp0 (fb_call_get_string (a, "function"), fb_call_get_string (b, "function")) == 0 &&
         g_strcmp0 (interpreter_name (a), interpreter_name (b)) == 0;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* Turns the harness's answer into an info, or into an error a user can act on. */
static FbPythonInfo *
read_answer (const char  *interpreter,
             const char  *path,
             const char  *file,
             const char  *function,
             const char  *out,
             const char  *err,
             const char  *ended,
             GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(FbPythonInfo) info = NULL;
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  JsonObject *object = NULL;
  gboolean importing = FALSE;
  const char *problem;
  const char *message;

  /* The harness says when it starts importing the file, then answers. */
  for (guint i = 0; lines[i] != NULL && object == NULL; i++)
    {
      g_clear_object (&parser);
      parser = json_parser_new ();
      if (lines[i][0] == '\0' || !json_parser_load_from_data (parser, lines[i], -1, NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      if (json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "ok"))
        object = json_node_get_object (json_parser_get_root (parser));
      else if (g_strcmp0 (member_string (json_node_get_object (json_parser_get_root (parser)), "stage"), "import") == 0)
        importing = TRUE;
    }

  if (object == NULL && importing)
    {
      /* TRANSLATORS: the Python file's path, and how its interpreter ended,
       * such as "exit status 5" or "killed by signal 11 (SIGSEGV)" */
      fb_kernel_invalid_param (error, _("The Python file “%s” ended the interpreter while it was imported: %s"),
                               file, ended != NULL ? ended : _("it exited without a word"));
      return NULL;
    }

  if (object == NULL)
    {
      g_autofree char *why = g_strstrip (g_strdup (err != NULL ? err : ""));

      if (why[0] == '\0')
        /* TRANSLATORS: the interpreter's name */
        fb_kernel_invalid_param (error, _("The Python interpreter “%s” could not check the file; is it Python 3.8 or later?"),
                      interpreter);
      else
        fb_kernel_invalid_param (error,
                      /* TRANSLATORS: the interpreter's name, and what it printed on
                       * its standard error */
                      _("The Python interpreter “%s” could not check the file; is it Python 3.8 or later? %s"),
                      interpreter, why);
      return NULL;
    }

  problem = member_string (object, "problem");
  message = member_string (object, "message");
  if (message == NULL)
    message = "";

  if (g_strcmp0 (problem, "version") == 0)
    {
      /* TRANSLATORS: the interpreter's name, and its version, such as "3.6.15" */
      fb_kernel_invalid_param (error, _("The Python interpreter “%s” is Python %s; Forkbench needs Python 3.8 or later"),
                               interpreter, member_string (object, "version") ?: "?");
      return NULL;
    }
  if (g_strcmp0 (problem, "file") == 0)
    {
      /* TRANSLATORS: the Python file's path, and why it could not be read */
      fb_kernel_invalid_param (error, _("Could not read the Python file “%s”: %s"), file, message);
      return NULL;
    }
  if (g_strcmp0 (problem, "syntax") == 0)
    {
      /* TRANSLATORS: the Python file's path, the line, and the error, such as
       * "SyntaxError: invalid syntax" */
      fb_kernel_invalid_param (error, _("The Python file “%s” has an error on line %lld: %s"),
                    file, (long long) json_object_get_int_member_with_default (object, "line", 0), message);
      return NULL;
    }
  if (g_strcmp0 (problem, "function") == 0)
    {
      /* TRANSLATORS: the Python file's path, and the function's name */
      fb_kernel_invalid_param (error, _("The Python file “%s” has no function “%s”"), file, function);
      return NULL;
    }
  if (g_strcmp0 (problem, "callable") == 0)
    {
      /* TRANSLATORS: the function's name, the Python file's path, and a
       * Python type, such as int */
      fb_kernel_invalid_param (error, _("“%s” in the Python file “%s” is not a function but a value of type %s"),
                    function, file, member_string (object, "type") ?: "?");
      return NULL;
    }
  if (g_strcmp0 (problem, "import") == 0)
    {
      /* TRANSLATORS: the Python file's path, and the exception's last line,
       * such as "NameError: name 'x' is not defined" */
      fb_kernel_invalid_param (error, _("The Python file “%s” failed when it was imported: %s"), file, message);
      return NULL;
    }

  info = g_new0 (FbPythonInfo, 1);
  info->interpreter = g_strdup (interpreter);
  /* Where the interpreter itself is, when a name in PATH was a wrapper. */
  info->path = g_strdup (member_string (object, "executable") != NULL &&
                         member_string (object, "executable")[0] != '\0'
                         ? member_string (object, "executable") : path);
  info->implementation = g_strdup (member_string (object, "implementation") ?: "");
  info->version = g_strdup (member_string (object, "version") ?: "");
  info->gil_enabled = json_object_get_boolean_member_with_default (object, "gil_enabled", TRUE);

  return g_steal_pointer (&info);
}

static char *
bytes_to_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return size > 0 ? g_utf8_make_valid (data, (gssize) size) : g_strdup ("");
}

static FbPythonInfo *
check_call (FbCall        *call,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *interpreter = NULL;
  g_autofree char *harness = NULL;
  g_autoptr(GBytes) nothing = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) out_bytes = NULL;
  g_autoptr(GBytes) err_bytes = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ended = NULL;
  const char *file;
  const char *function;

  g_return_val_if_fail (call != NULL, NULL);
  g_return_val_if_fail (fb_call_is_python (call), NULL);

  file = fb_call_get_string (call, "file");
  function = fb_call_get_string (call, "function");

  if (!g_file_test (file, G_FILE_TEST_EXISTS))
    {
      /* TRANSLATORS: the Python file's path */
      fb_kernel_invalid_param (error, _("The Python file “%s” does not exist"), file);
      return NULL;
    }
  if (g_file_test (file, G_FILE_TEST_IS_DIR))
    {
      /* TRANSLATORS: the path given as the Python file */
      fb_kernel_invalid_param (error, _("“%s” is a folder, not a Python file"), file);
      return NULL;
    }

  if (!(interpreter = fb_python_find_interpreter (call, error)))
    return NULL;

  harness = fb_python_find_harness ();
  if (!g_file_test (harness, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_WORKER_NOT_FOUND,
                   /* TRANSLATORS: a file's path; FORKBENCH_PYTHON_HARNESS is an
                    * environment variable and meson devenv a command: do not
                    * translate them */
                   _("Forkbench's Python harness “%s” is missing. Reinstall Forkbench, or in a build "
                     "tree set FORKBENCH_PYTHON_HARNESS to its forkbench-harness.py "
                     "(meson devenv does this)"), harness);
      return NULL;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE |
                                        G_SUBPROCESS_FLAGS_STDIN_PIPE);
  subprocess = g_subprocess_launcher_spawn (launcher, &local_error, interpreter, "-s", "-B", harness,
                                            "--check", file, function, NULL);
  if (subprocess != NULL && !g_subprocess_communicate (subprocess, nothing, cancellable, &out_bytes, &err_bytes, &local_error) &&
      g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped while the file is imported, which may take long: the
       * interpreter goes too. */
      g_subprocess_force_exit (subprocess);
      g_subprocess_wait (subprocess, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (subprocess == NULL || local_error != NULL)
    {
      /* TRANSLATORS: the interpreter's path, and why it could not run */
      fb_kernel_invalid_param (error, _("Could not run the Python interpreter “%s”: %s"),
                    interpreter, local_error->message);
      return NULL;
    }

  /* What the file printed while it was imported need not be UTF-8. */
  out = bytes_to_text (out_bytes);
  err = bytes_to_text (err_bytes);

  if (g_subprocess_get_if_signaled (subprocess))
    {
      int signum = g_subprocess_get_term_sig (subprocess);

      /* TRANSLATORS: a signal's number and name, such as "killed by signal 11 (SIGSEGV)" */
      ended = g_strdup_printf (_("killed by signal %d (SIG%s)"), signum,
                               sigabbrev_np (signum) ? sigabbrev_np (signum) : "?");
    }
  else if (g_subprocess_get_exit_status (subprocess) != 0)
    /* TRANSLATORS: how a program ended, such as "exit status 5" */
    ended = g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (subprocess));

  return read_answer (interpreter_name (call), interpreter, file, function, out, err, ended, error);
}

/**
 * fb_python_check:
 * @call: a call of the python kernel
 *
 * Checks what can be known before anything runs: that the interpreter and
 * the file are there, that the file compiles and imports, and that it has
 * the function. It runs the interpreter once, and so blocks for as long as
 * the interpreter takes to start and import the file: call it from a
 * thread (fb_python_check_async()) where that matters.
 *
 * Returns: (transfer full): what the interpreter is, or %NULL with @error
 *   set to a sentence that names the problem (and, for a syntax error, its
 *   line)
 */
FbPythonInfo *
fb_python_check (FbCall  *call,
                 GError **error)
{
  return check_call (call, NULL, error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GError *error = NULL;
  FbPythonInfo *info = check_call (task_data, cancellable, &error);

  if (info == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, info, (GDestroyNotify) fb_python_info_free);
}

/**
 * fb_python_check_async:
 *
 * Runs fb_python_check() in a thread. Cancelled, it stops the interpreter
 * and fails with %G_IO_ERROR_CANCELLED.
 */
void
fb_python_check_async (FbCall              *call,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (call != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, fb_python_check_async);
  g_task_set_task_data (task, fb_call_ref (call), (GDestroyNotify) fb_call_unref);
  g_task_run_in_thread (task, check_thread);
}

/**
 * fb_python_check_finish:
 *
 * Returns: (transfer full): what fb_python_check() returns
 */
FbPythonInfo *
fb_python_check_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * fb_python_info_describe:
 *
 * Returns: (transfer full): the interpreter in a line, such as
 *   "Python 3.11.2 (cpython) at /usr/bin/python3, with its GIL"
 */
char *
fb_python_info_describe (const FbPythonInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  if (info->gil_enabled)
    /* TRANSLATORS: Python's version, such as 3.11.2, its implementation, such
     * as cpython, and the interpreter's path; the GIL is Python's global
     * interpreter lock */
    return g_strdup_printf (_("Python %s (%s) at %s, with its GIL"),
                            info->version, info->implementation, info->path);

  /* TRANSLATORS: Python's version, such as 3.13.1, its implementation, such
   * as cpython, and the interpreter's path; the GIL is Python's global
   * interpreter lock */
  return g_strdup_printf (_("Python %s (%s) at %s, free-threaded: no GIL"),
                          info->version, info->implementation, info->path);
}

FbPythonInfo *
fb_python_info_copy (const FbPythonInfo *info)
{
  FbPythonInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_new0 (FbPythonInfo, 1);
  copy->interpreter = g_strdup (info->interpreter);
  copy->path = g_strdup (info->path);
  copy->implementation = g_strdup (info->implementation);
  copy->version = g_strdup (info->version);
  copy->gil_enabled = info->gil_enabled;

  return copy;
}

void
fb_python_info_free (FbPythonInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->interpreter);
  g_free (info->path);
  g_free (info->implementation);
  g_free (info->version);
  g_free (info);
}

/**
 * fb_python_list_functions:
 * @source: the text of a Python file
 *
 * The functions a workload can name in @source: those defined at the top
 * level with def (async functions return coroutines, not values, and are
 * left out), in the order they appear, each once. Methods, nested
 * functions and functions inside strings are not listed; a file that
 * defines its functions some other way (a lambda bound to a name, an
 * import) can still name them by hand, and the check before a run says
 * whether they are there.
 *
 * Returns: (transfer full): the names, possibly none
 */
GStrv
fb_python_list_functions (const char *source)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;
  const char *quote = NULL;

  g_return_val_if_fail (source != NULL, NULL);

  lines = g_strsplit (source, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      gboolean in_string = quote != NULL;
      g_autofree char *name = NULL;
      const char *p;
      const char *start;

      /* Where triple-quoted strings open and close: the lines between are
       * text, not code. */
      for (p = line; *p != '\0'; p++)
        {
          if (*p == '#' && quote == NULL)
            break;
          if (strncmp (p, "\"\"\"", 3) != 0 && strncmp (p, "'''", 3) != 0)
            continue;
          if (quote == NULL)
            quote = *p == '"' ? "\"\"\"" : "'''";
          else if (strncmp (p, quote, 3) == 0)
            quote = NULL;
          p += 2;
        }

      if (in_string || !g_str_has_prefix (line, "def") || (line[3] != ' ' && line[3] != '\t'))
        continue;

      for (p = line + 3; *p == ' ' || *p == '\t'; p++)
        ;
      start = p;
      if (!g_ascii_isalpha (*p) && *p != '_')
        continue;
      while (g_ascii_isalnum (*p) || *p == '_')
        p++;
      name = g_strndup (start, p - start);
      while (*p == ' ' || *p == '\t')
        p++;
      if (*p != '(' || g_hash_table_contains (seen, name))
        continue;

      g_strv_builder_add (builder, name);
      g_hash_table_add (seen, g_steal_pointer (&name));
    }

  return g_strv_builder_end (builder);
}
