/* fb-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workload is what a user defines: a kernel and its parameters, the
 * tasks' inputs, how many workers, which mode. Its JSON format is a
 * contract (ARCHITECTURE.md); anything wrong is refused before anything
 * runs, with a message that names the file and the line and column or the
 * key, and what was expected.
 */

#define G_LOG_DOMAIN "fb-workload"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "fb-paths-private.h"
#include "fb-kernel-private.h"
#include "fb-pool.h"
#include "fb-presets-resources.h"
#include "fb-workload.h"

#define PRESETS_PATH "/io/github/forkbench/Forkbench/presets/"

struct _FbWorkload
{
  GObject     parent_instance;

  char       *name;
  char       *description;
  char       *kernel;
  GVariant   *params;
  GArray     *inputs;
  guint64     tasks;
  guint       workers;
  FbRunMode   mode;
  guint       chunksize;
  guint       timeout_ms;
  guint       ordered : 1;
  /* Where a relative path in the parameters (the python kernel's file)
   * is found: the workload file's folder. */
  char       *base_dir;

  GPtrArray  *warnings;
};

enum {
  PROP_0,
  PROP_NAME,
  PROP_DESCRIPTION,
  PROP_KERNEL,
  PROP_PARAMS,
  PROP_TASKS,
  PROP_WORKERS,
  PROP_MODE,
  PROP_CHUNKSIZE,
  PROP_ORDERED,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const keys[] = {
  "forkbench", "name", "description", "kernel", "params", "inputs", "tasks",
  "workers", "mode", "chunksize", "ordered", "timeout_ms", NULL,
};

G_DEFINE_QUARK (fb-workload-error-quark, fb_workload_error)
G_DEFINE_FINAL_TYPE (FbWorkload, fb_workload, G_TYPE_OBJECT)

const char *
fb_run_mode_to_string (FbRunMode mode)
{
  switch (mode)
    {
    case FB_RUN_MODE_PROCESSES: return "processes";
    case FB_RUN_MODE_THREADS:   return "threads";
    case FB_RUN_MODE_BOTH:      return "both";
    default:                    return "unknown";
    }
}

gboolean
fb_run_mode_from_string (const char *str,
                         FbRunMode  *mode)
{
  for (FbRunMode m = FB_RUN_MODE_PROCESSES; m <= FB_RUN_MODE_BOTH; m++)
    if (g_strcmp0 (str, fb_run_mode_to_string (m)) == 0)
      {
        *mode = m;
        return TRUE;
      }

  return FALSE;
}

/* Reading */

/* Before json-glib sees the text: json-glib recurses once per level of
 * nesting, silently wraps integers that do not fit in 64 bits and reads
 * on past the end of the first object, so all three are checked here,
 * with the line and column of the culprit. */
static gboolean
prescan (const char  *data,
         gsize        len,
         const char  *source,
         GError     **error)
{
  guint line = 1, column = 1, depth = 0;
  gboolean in_string = FALSE;
  gboolean ended = FALSE;

  for (gsize i = 0; i < len; i++, column++)
    {
      char c = data[i];

      if (c == '\n')
        {
          line++;
          column = 0;
          continue;
        }

      if (in_string)
        {
          /* json-glib would end the string there, silently. */
          if (c == '\\' && i + 5 < len && strncmp (data + i + 1, "u0000", 5) == 0)
            {
              g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX,
                           /* TRANSLATORS: the file's name, a line and a column; \u0000
                            * is how JSON writes a NUL character */
                           _("%s:%u:%u: a string holds \\u0000, a NUL character, which a workload "
                             "cannot hold"),
                           source, line, column);
              return FALSE;
            }
          if (c == '\\')
            {
              i++;
              column++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (ended && !g_ascii_isspace (c))
        {
          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX,
                       /* TRANSLATORS: the file's name, a line and a column */
                       _("%s:%u:%u: more text after the end of the workload; "
                         "a file holds one JSON object"),
                       source, line, column);
          return FALSE;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > FB_WORKLOAD_MAX_DEPTH)
            {
              g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX,
                           g_dngettext (GETTEXT_PACKAGE,
                                        /* TRANSLATORS: the file's name, a line and a column, then
                                         * how many levels of lists and objects are allowed */
                                        "%s:%u:%u: nested deeper than %d level; a workload needs two",
                                        "%s:%u:%u: nested deeper than %d levels; a workload needs two",
                                        FB_WORKLOAD_MAX_DEPTH),
                           source, line, column, FB_WORKLOAD_MAX_DEPTH);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          depth = depth > 0 ? depth - 1 : 0;
          ended = depth == 0;
        }
      else if (c == '-' || g_ascii_isdigit (c))
        {
          gsize start = i;
          gboolean integer = TRUE;

          while (i + 1 < len && (g_ascii_isalnum (data[i + 1]) || strchr ("+-.", data[i + 1])))
            {
              if (strchr (".eE", data[i + 1]))
                integer = FALSE;
              i++;
            }

          if (integer)
            {
              g_autofree char *token = g_strndup (data + start, i - start + 1);
              gint64 value;

              /* Such as 0x10 or 10x, which json-glib would read. */
              for (const char *p = token + (token[0] == '-'); *p != '\0'; p++)
                if (!g_ascii_isdigit (*p))
                  {
                    g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX,
                                 /* TRANSLATORS: the file's name, a line and a column, then
                                  * the number as the file writes it */
                                 _("%s:%u:%u: %s is not a number as JSON writes one: write it in decimal digits"),
                                 source, line, column, token);
                    return FALSE;
                  }

              if (!g_ascii_string_to_signed (token, 10, G_MININT64, G_MAXINT64, &value, NULL) &&
                  g_ascii_isdigit (token[token[0] == '-']))
                {
                  g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE,
                               /* TRANSLATORS: the file's name, a line and a column, then
                                * the number as the file writes it */
                               _("%s:%u:%u: the number %s is too large for any field of a workload"),
                               source, line, column, token);
                  return FALSE;
                }
            }
          column += i - start;
        }
    }

  return TRUE;
}

static char *
describe_node (JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      /* TRANSLATORS: what a file holds instead of what was expected, as in
       * "“params” must be an object of names and values, not a list" */
      return g_strdup (_("an object"));
    case JSON_NODE_ARRAY:
      /* TRANSLATORS: what a file holds instead of what was expected, as in
       * "“params” must be an object of names and values, not a list" */
      return g_strdup (_("a list"));
    case JSON_NODE_NULL:
      return g_strdup ("null");
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          /* TRANSLATORS: a name or a text from a file, in quotes */
          return g_strdup_printf (_("“%s”"), json_node_get_string (node));
        if (type == G_TYPE_BOOLEAN)
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        if (type == G_TYPE_DOUBLE)
          return g_strdup_printf ("%g", json_node_get_double (node));
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      }
    }
}

/* A whole number from JSON: an integer, or a finite double with no fraction. */
static gboolean
node_to_int64 (JsonNode *node,
               gint64   *out)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < -9.2e18 || d > 9.2e18)
        return FALSE;
      *out = (gint64) d;
      return TRUE;
    }

  return FALSE;
}

static gboolean
get_count (JsonObject  *object,
           const char  *key,
           const char  *source,
           gint64       min,
           gint64       max,
           gint64      *out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);

  if (!node_to_int64 (node, out))
    {
      g_autofree char *what = describe_node (node);

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                   /* TRANSLATORS: the file's name, a key of the file (do not
                    * translate it), the smallest and largest values it takes,
                    * and what the file gives instead, such as “four” or a list */
                   _("%s: “%s” must be a whole number from %lld to %lld, not %s"),
                   source, key, (long long) min, (long long) max, what);
      return FALSE;
    }

  if (*out < min || *out > max)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE,
                   /* TRANSLATORS: the file's name, a key of the file (do not
                    * translate it), its value, and the smallest and largest
                    * values it takes */
                   _("%s: “%s” is %lld, but must be from %lld to %lld"),
                   source, key, (long long) *out, (long long) min, (long long) max);
      return FALSE;
    }

  return TRUE;
}

/* json-glib decodes an unpaired surrogate escape such as "\ud83d" into
 * bytes that are not UTF-8; such a string is refused, not saved. */
static gboolean
check_text (const char  *str,
            const char  *source,
            const char  *what,
            GError     **error)
{
  if (g_utf8_validate (str, -1, NULL))
    return TRUE;

  g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_ENCODING,
               /* TRANSLATORS: the file's name, then which value, such as “name” */
               _("%s: %s holds an escape that is not a character (an unpaired \\uD800–\\uDFFF surrogate)"),
               source, what);
  return FALSE;
}

static const char *
get_string (JsonObject  *object,
            const char  *key,
            const char  *source,
            gsize        max_chars,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, key);
  const char *str;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *what = describe_node (node);

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                   /* TRANSLATORS: the file's name, a key of the file (do not
                    * translate it), and what the file gives instead, such as 3 */
                   _("%s: “%s” must be a string, not %s"), source, key, what);
      return NULL;
    }

  str = json_node_get_string (node);
  {
    /* TRANSLATORS: a name or a text from a file, in quotes */
    g_autofree char *what = g_strdup_printf (_("“%s”"), key);

    if (!check_text (str, source, what, error))
      return NULL;
  }
  if (g_utf8_strlen (str, -1) > (glong) max_chars)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* TRANSLATORS: the file's name, a key of the file (do not
                                 * translate it), and the most characters its text may have */
                                "%s: “%s” is longer than %zu character",
                                "%s: “%s” is longer than %zu characters",
                                max_chars),
                   source, key, max_chars);
      return NULL;
    }

  return str;
}

/* One parameter, typed as its kernel declares it. */
static GVariant *
param_from_json (const FbKernelInfo  *kernel,
                 const FbParamSpec   *spec,
                 JsonNode            *node,
                 const char          *source,
                 GError             **error)
{
  g_autofree char *what = describe_node (node);
  gint64 value;

  switch (spec->type)
    {
    case FB_PARAM_INT:
      if (node_to_int64 (node, &value))
        return g_variant_new_int64 (value);
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                   /* TRANSLATORS: the file's name, a parameter's name, a kernel's
                    * name, and what the file gives instead, such as “ten”; "params"
                    * is a key of the file: do not translate it */
                   _("%s: params: “%s” of kernel “%s” must be a whole number, not %s"),
                   source, spec->name, fb_kernel_info_get_name (kernel), what);
      return NULL;

    case FB_PARAM_CHOICE:
    case FB_PARAM_STRING:
      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        {
          /* TRANSLATORS: a parameter's name; "params" is a key of the
           * file: do not translate it */
          g_autofree char *param = g_strdup_printf (_("params: “%s”"), spec->name);

          if (!check_text (json_node_get_string (node), source, param, error))
            return NULL;
          return g_variant_new_string (json_node_get_string (node));
        }
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                   /* TRANSLATORS: the file's name, a parameter's name, a kernel's
                    * name, and what the file gives instead, such as 3; "params"
                    * is a key of the file: do not translate it */
                   _("%s: params: “%s” of kernel “%s” must be a string, not %s"),
                   source, spec->name, fb_kernel_info_get_name (kernel), what);
      return NULL;

    case FB_PARAM_STRV:
    case FB_PARAM_INT_ARRAY:
      {
        gboolean strings = spec->type == FB_PARAM_STRV;
        g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (strings ? G_VARIANT_TYPE_STRING_ARRAY
                                                                          : G_VARIANT_TYPE ("ax"));
        JsonArray *array;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          {
            if (strings)
              g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                           /* TRANSLATORS: the file's name, a parameter's name, a
                            * kernel's name, and what the file gives instead, such
                            * as 3; "params" is a key of the file: do not translate it */
                           _("%s: params: “%s” of kernel “%s” must be a list of strings, not %s"),
                           source, spec->name, fb_kernel_info_get_name (kernel), what);
            else
              g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                           /* TRANSLATORS: the file's name, a parameter's name, a
                            * kernel's name, and what the file gives instead, such
                            * as 3; "params" is a key of the file: do not translate it */
                           _("%s: params: “%s” of kernel “%s” must be a list of whole numbers, not %s"),
                           source, spec->name, fb_kernel_info_get_name (kernel), what);
            return NULL;
          }

        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (strings && JSON_NODE_HOLDS_VALUE (element) &&
                json_node_get_value_type (element) == G_TYPE_STRING)
              {
                /* TRANSLATORS: the index of an element in a list, and the
                 * parameter's name; "params" is a key of the file: do not
                 * translate it */
                g_autofree char *param = g_strdup_printf (_("params: element %u of “%s”"), i, spec->name);

                if (!check_text (json_node_get_string (element), source, param, error))
                  return NULL;
                g_variant_builder_add (&builder, "s", json_node_get_string (element));
              }
            else if (!strings && node_to_int64 (element, &value))
              g_variant_builder_add (&builder, "x", value);
            else
              {
                g_autofree char *element_what = describe_node (element);

                if (strings)
                  g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                               /* TRANSLATORS: the file's name, the index of an element in
                                * a list, the parameter's name, and what the file gives
                                * instead; "params" is a key of the file: do not translate it */
                               _("%s: params: element %u of “%s” must be a string, not %s"),
                               source, i, spec->name, element_what);
                else
                  g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                               /* TRANSLATORS: the file's name, the index of an element in
                                * a list, the parameter's name, and what the file gives
                                * instead; "params" is a key of the file: do not translate it */
                               _("%s: params: element %u of “%s” must be a whole number, not %s"),
                               source, i, spec->name, element_what);
                return NULL;
              }
          }

        return g_variant_builder_end (&builder);
      }

    default:
      g_assert_not_reached ();
    }
}

static GVariant *
params_from_json (const FbKernelInfo  *kernel,
                  JsonNode            *node,
                  const char          *source,
                  GError             **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  g_autoptr(GList) members = NULL;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *what = describe_node (node);

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                   /* TRANSLATORS: the file's name, and what the file gives instead,
                    * such as a list; “params” is a key of the file: do not translate it */
                   _("%s: “params” must be an object of names and values, not %s"), source, what);
      return NULL;
    }

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const FbParamSpec *spec = fb_kernel_info_find_param (kernel, l->data);
      GVariant *value;

      if (spec == NULL)
        {
          /* Let the kernel say which parameters it has. */
          g_autoptr(GError) local_error = NULL;
          g_autoptr(FbCall) call = NULL;
          g_auto(GVariantBuilder) one = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

          g_variant_builder_add (&one, "{sv}", (const char *) l->data, g_variant_new_int32 (0));
          call = fb_call_new (fb_kernel_info_get_name (kernel), g_variant_builder_end (&one), &local_error);
          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_KERNEL,
                       "%s: params: %s", source, local_error->message);
          return NULL;
        }

      if (!(value = param_from_json (kernel, spec, json_object_get_member (object, l->data), source, error)))
        return NULL;

      g_variant_builder_add (&builder, "{sv}", spec->name, value);
    }

  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

static gboolean
name_is_blank (const char *name)
{
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
parse_object (FbWorkload  *self,
              JsonObject  *object,
              const char  *source,
              GError     **error)
{
  g_autoptr(GList) members = json_object_get_members (object);
  const FbKernelInfo *kernel;
  const char *str;
  gint64 value;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (keys, l->data))
      {
        g_autofree char *known = g_strjoinv (", ", (char **) keys);

        g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_UNKNOWN_KEY,
                     /* TRANSLATORS: the file's name, the key it gives, and the
                      * keys a workload has, separated by commas */
                     _("%s: a workload has no key “%s”; its keys are: %s"),
                     source, (const char *) l->data, known);
        return FALSE;
      }

  if (!json_object_has_member (object, "forkbench"))
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_VERSION,
                   /* TRANSLATORS: the file's name, and the version of the format;
                    * “forkbench” is a key of the file: do not translate it */
                   _("%s: “forkbench” is missing; a workload file starts with \"forkbench\": %d"),
                   source, FB_WORKLOAD_FORMAT);
      return FALSE;
    }
  if (!node_to_int64 (json_object_get_member (object, "forkbench"), &value) || value < 1)
    {
      g_autofree char *what = describe_node (json_object_get_member (object, "forkbench"));

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_VERSION,
                   /* TRANSLATORS: the file's name, the version of the format, and
                    * what the file gives instead; “forkbench” is a key of the file:
                    * do not translate it */
                   _("%s: “forkbench” is the format version, %d, not %s"),
                   source, FB_WORKLOAD_FORMAT, what);
      return FALSE;
    }
  if (value > FB_WORKLOAD_FORMAT)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_VERSION,
                   /* TRANSLATORS: the file's name, the version of the format it
                    * was written in, and the version this Forkbench reads */
                   _("%s: this workload was written by a newer Forkbench (format %lld); "
                     "this one reads format %d"), source, (long long) value, FB_WORKLOAD_FORMAT);
      return FALSE;
    }

  if (!json_object_has_member (object, "name"))
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_MISSING_KEY,
                   /* TRANSLATORS: the file's name; “name” is a key of the file:
                    * do not translate it */
                   _("%s: “name” is missing: every workload has a name"), source);
      return FALSE;
    }

  if (!json_object_has_member (object, "kernel"))
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_MISSING_KEY,
                   /* TRANSLATORS: the file's name; “kernel” is a key of the file
                    * and "square" the name of a kernel: do not translate them */
                   _("%s: “kernel” is missing: say which kernel each task runs, such as \"square\""), source);
      return FALSE;
    }

  if (!(str = get_string (object, "name", source, FB_WORKLOAD_MAX_NAME, error)))
    return FALSE;
  if (name_is_blank (str))
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE,
                   /* TRANSLATORS: the file's name; “name” is a key of the file:
                    * do not translate it */
                   _("%s: “name” is empty; give the workload a name"), source);
      return FALSE;
    }
  fb_workload_set_name (self, str);

  if (json_object_has_member (object, "description"))
    {
      if (!(str = get_string (object, "description", source, FB_WORKLOAD_MAX_DESCRIPTION, error)))
        return FALSE;
      fb_workload_set_description (self, str);
    }

  if (!(str = get_string (object, "kernel", source, 64, error)))
    return FALSE;
  if (!(kernel = fb_kernel_lookup (str)))
    {
      g_autoptr(GError) local_error = NULL;

      /* An unknown kernel: the engine says so, and lists the kernels. */
      g_assert (fb_kernel_lookup (str) == NULL);
      (void) fb_call_new (str, NULL, &local_error);
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_KERNEL, "%s: %s", source, local_error->message);
      return FALSE;
    }
  fb_workload_set_kernel (self, str);

  if (json_object_has_member (object, "params"))
    {
      g_autoptr(GVariant) params = params_from_json (kernel, json_object_get_member (object, "params"), source, error);

      if (params == NULL)
        return FALSE;
      fb_workload_set_params (self, params);
    }

  if (json_object_has_member (object, "inputs"))
    {
      JsonNode *node = json_object_get_member (object, "inputs");
      g_autoptr(GArray) inputs = NULL;
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_autofree char *what = describe_node (node);

          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                       /* TRANSLATORS: the file's name, and what the file gives instead,
                        * such as an object; “inputs” is a key of the file: do not
                        * translate it */
                       _("%s: “inputs” must be a list of whole numbers, not %s"), source, what);
          return FALSE;
        }

      array = json_node_get_array (node);
      if (json_array_get_length (array) > FB_WORKLOAD_MAX_INPUTS)
        {
          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE,
                       g_dngettext (GETTEXT_PACKAGE,
                                    /* TRANSLATORS: the file's name, how many inputs it gives, and
                                     * the most it may give; “inputs” and “tasks” are keys of the
                                     * file: do not translate them */
                                    "%s: “inputs” has %u number, but at most %d are allowed; "
                                    "use “tasks” for more tasks",
                                    "%s: “inputs” has %u numbers, but at most %d are allowed; "
                                    "use “tasks” for more tasks",
                                    json_array_get_length (array)),
                       source, json_array_get_length (array), FB_WORKLOAD_MAX_INPUTS);
          return FALSE;
        }

      inputs = g_array_sized_new (FALSE, FALSE, sizeof (gint64), json_array_get_length (array));
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!node_to_int64 (element, &value))
            {
              g_autofree char *what = describe_node (element);

              g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                           /* TRANSLATORS: the file's name, the index of an element in
                            * the list, and what the file gives instead, such as “2”;
                            * “inputs” is a key of the file: do not translate it */
                           _("%s: element %u of “inputs” must be a whole number, not %s"), source, i, what);
              return FALSE;
            }
          g_array_append_val (inputs, value);
        }

      if (inputs->len == 0)
        {
          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_RANGE,
                       /* TRANSLATORS: the file's name; “inputs” and “tasks” are keys
                        * of the file: do not translate them */
                       _("%s: “inputs” is empty; give at least one number, or use “tasks”"), source);
          return FALSE;
        }

      fb_workload_set_inputs (self, (const gint64 *) (gpointer) inputs->data, inputs->len);
    }

  if (json_object_has_member (object, "tasks"))
    {
      if (!get_count (object, "tasks", source, 1, FB_WORKLOAD_MAX_TASKS, &value, error))
        return FALSE;

      if (self->inputs != NULL && (guint64) value != self->inputs->len)
        g_ptr_array_add (self->warnings,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       /* TRANSLATORS: the file's name, how many tasks it asks
                                                        * for, and how many inputs it gives; “tasks” is a key
                                                        * of the file: do not translate it */
                                                       "%s: “tasks” is %lld but there is %u input: "
                                                       "the inputs are the tasks",
                                                       "%s: “tasks” is %lld but there are %u inputs: "
                                                       "the inputs are the tasks",
                                                       self->inputs->len),
                                          source, (long long) value, self->inputs->len));
      else if (self->inputs == NULL)
        fb_workload_set_tasks (self, (guint64) value);
    }
  else if (self->inputs == NULL)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_MISSING_KEY,
                   /* TRANSLATORS: the file's name; “inputs” and “tasks” are keys of
                    * the file: do not translate them */
                   _("%s: say what the tasks are: “inputs”, a list of numbers, or “tasks”, how many "
                     "(each task then gets its index)"), source);
      return FALSE;
    }

  if (json_object_has_member (object, "workers"))
    {
      if (!get_count (object, "workers", source, 1, FB_POOL_MAX_WORKERS, &value, error))
        return FALSE;
      fb_workload_set_workers (self, (guint) value);
    }

  if (json_object_has_member (object, "mode"))
    {
      FbRunMode mode;

      if (!(str = get_string (object, "mode", source, 16, error)))
        return FALSE;
      if (!fb_run_mode_from_string (str, &mode))
        {
          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                       /* TRANSLATORS: the file's name, and the mode it gives; “mode”
                        * is a key of the file, and “processes”, “threads” and “both”
                        * its values: do not translate them */
                       _("%s: “mode” must be “processes”, “threads” or “both”, not “%s”"), source, str);
          return FALSE;
        }
      fb_workload_set_mode (self, mode);
    }

  if (json_object_has_member (object, "chunksize"))
    {
      if (!get_count (object, "chunksize", source, 1, FB_POOL_MAX_CHUNKSIZE, &value, error))
        return FALSE;
      fb_workload_set_chunksize (self, (guint) value);
    }

  if (json_object_has_member (object, "ordered"))
    {
      JsonNode *node = json_object_get_member (object, "ordered");

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        {
          g_autofree char *what = describe_node (node);

          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                       /* TRANSLATORS: the file's name, and what the file gives instead,
                        * such as 1; “ordered” is a key of the file, and true and false
                        * its values: do not translate them */
                       _("%s: “ordered” must be true or false, not %s"), source, what);
          return FALSE;
        }
      fb_workload_set_ordered (self, json_node_get_boolean (node));
    }

  if (json_object_has_member (object, "timeout_ms"))
    {
      if (!get_count (object, "timeout_ms", source, 0, FB_POOL_MAX_TIMEOUT_MS, &value, error))
        return FALSE;
      fb_workload_set_timeout (self, (guint) value);
    }

  /* Ranges of the kernel's own parameters. */
  {
    g_autoptr(GError) local_error = NULL;
    g_autoptr(FbCall) call = fb_workload_make_call (self, &local_error);

    if (call == NULL)
      {
        g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_KERNEL,
                     "%s: params: %s", source, local_error->message);
        return FALSE;
      }
  }

  return TRUE;
}

/**
 * fb_workload_new_from_data:
 * @data: the JSON text
 * @length: its length, or -1 if it is nul-terminated
 * @source: what to call it in messages, such as the file's name
 *
 * Returns: (transfer full): the workload, or %NULL with @error set to a
 *   message that names @source and what is wrong
 */
FbWorkload *
fb_workload_new_from_data (const char  *data,
                           gssize       length,
                           const char  *source,
                           GError     **error)
{
  g_autoptr(FbWorkload) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *invalid;
  gsize len;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (source != NULL, NULL);

  len = length < 0 ? strlen (data) : (gsize) length;

  if (len > FB_WORKLOAD_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (len);

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                   /* TRANSLATORS: the file's name, and its size, such as "20.1 MB" */
                   _("%s is %s; a workload file is at most 16 MB"), source, size);
      return NULL;
    }

  /* Before UTF-8, which GLib says a NUL is not. */
  if (memchr (data, '\0', len) != NULL)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_ENCODING,
                   /* TRANSLATORS: the file's name */
                   _("%s holds a NUL byte, which text does not"), source);
      return NULL;
    }

  if (!g_utf8_validate (data, len, &invalid))
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_ENCODING,
                   /* TRANSLATORS: the file's name, and the position of the first
                    * byte that is not UTF-8, counted from 1 */
                   _("%s is not UTF-8 text (byte %zu is not valid); save it as UTF-8"),
                   source, (gsize) (invalid - data) + 1);
      return NULL;
    }

  {
    g_autofree char *stripped = g_strstrip (g_strndup (data, len));

    if (stripped[0] == '\0')
      {
        g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                     /* TRANSLATORS: the file's name; in the example, only the
                      * workload's name, "Squares", may be translated */
                     _("%s is empty; a workload is a JSON object such as "
                       "{\"forkbench\": 1, \"name\": \"Squares\", \"kernel\": \"square\", \"tasks\": 10}"),
                     source);
        return NULL;
      }
  }

  if (!prescan (data, len, source, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      const char *message = local_error->message;

      /* json-glib says "<data>:LINE:COLUMN: ...": name the file instead. */
      if (g_str_has_prefix (message, "<data>"))
        message += strlen ("<data>");
      else
        message = g_strdup_printf (": %s", message);
      {
        /* json-glib quotes what it read, which may be a lone surrogate
         * decoded into bytes that are not UTF-8. */
        g_autofree char *valid = g_utf8_make_valid (message, -1);

        g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX, "%s%s", source, valid);
      }
      if (message != local_error->message + strlen ("<data>"))
        g_free ((char *) message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* TRANSLATORS: what a file holds instead of a workload, as in
       * "a workload is a JSON object ({ ... }), not nothing" */
      g_autofree char *what = root ? describe_node (root) : g_strdup (_("nothing"));

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_SYNTAX,
                   /* TRANSLATORS: the file's name, and what it holds instead,
                    * such as a list */
                   _("%s: a workload is a JSON object ({ ... }), not %s"), source, what);
      return NULL;
    }

  self = g_object_new (FB_TYPE_WORKLOAD, NULL);
  if (!parse_object (self, json_node_get_object (root), source, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* The first @max bytes of @file, NUL-terminated, and how many there are. */
static char *
read_at_most (GFile   *file,
              gsize    max,
              gsize   *length,
              GError **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, error);
  g_autoptr(GByteArray) bytes = NULL;
  guint8 buffer[64 * 1024];

  if (in == NULL)
    return NULL;

  bytes = g_byte_array_new ();
  while (bytes->len < max)
    {
      gssize n = g_input_stream_read (G_INPUT_STREAM (in), buffer, MIN (sizeof buffer, max - bytes->len),
                                      NULL, error);

      if (n < 0)
        return NULL;
      if (n == 0)
        break;
      g_byte_array_append (bytes, buffer, (guint) n);
    }

  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

/**
 * fb_workload_new_from_file:
 *
 * Returns: (transfer full): the workload in @file, or %NULL with @error set
 */
FbWorkload *
fb_workload_new_from_file (GFile   *file,
                           GError **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) parent = NULL;
  FbWorkload *workload;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  name = g_file_get_parse_name (file);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  if (info == NULL)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                   /* TRANSLATORS: the file's name, and why it could not be opened */
                   _("Could not open %s: %s"), name, local_error->message);
      return NULL;
    }

  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                   /* TRANSLATORS: the folder's name */
                   _("%s is a folder, not a workload file"), name);
      return NULL;
    }

  /* Do not read a huge file only to refuse it. */
  if (g_file_info_get_size (info) > FB_WORKLOAD_MAX_FILE_SIZE)
    {
      g_autofree char *size = g_format_size (g_file_info_get_size (info));

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                   /* TRANSLATORS: the file's name, and its size, such as "20.1 MB" */
                   _("%s is %s; a workload file is at most 16 MB"), name, size);
      return NULL;
    }

  /* A device or a pipe has no size to go by: read no more than one byte
   * past the most a workload file may hold. */
  if (!(contents = read_at_most (file, FB_WORKLOAD_MAX_FILE_SIZE + 1, &length, &local_error)))
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                   /* TRANSLATORS: the file's name, and why it could not be read */
                   _("Could not read %s: %s"), name, local_error->message);
      return NULL;
    }

  if (length > FB_WORKLOAD_MAX_FILE_SIZE)
    {
      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_FILE,
                   /* TRANSLATORS: the file's name */
                   _("%s is longer than 16 MB; a workload file is at most 16 MB"), name);
      return NULL;
    }

  workload = fb_workload_new_from_data (contents, (gssize) length, name, error);
  if (workload != NULL && (parent = g_file_get_parent (file)) != NULL)
    {
      g_autofree char *dir = g_file_get_path (parent);

      fb_workload_set_base_dir (workload, dir);
    }

  return workload;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GResource *
presets_resource (void)
{
  return fb_presets_get_resource ();
}

/* The presets' Python files are read by interpreters, from disk:
 * FORKBENCH_PYTHON_PRESETS, or those installed with the program that runs. */
static char *
find_presets_dir (void)
{
  return fb_find_installed ("FORKBENCH_PYTHON_PRESETS", DATADIR_RELATIVE, DATADIR, "forkbench/presets",
                            G_FILE_TEST_IS_DIR);
}

/**
 * fb_workload_list_presets:
 *
 * Returns: (transfer full): the ids of the presets Forkbench ships, sorted
 */
char **
fb_workload_list_presets (void)
{
  g_auto(GStrv) children = g_resource_enumerate_children (presets_resource (), PRESETS_PATH,
                                                          G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;

  for (guint i = 0; children && children[i]; i++)
    if (g_str_has_suffix (children[i], ".json"))
      {
        g_autofree char *id = g_strndup (children[i], strlen (children[i]) - strlen (".json"));
        g_strv_builder_add (builder, id);
      }

  ids = g_strv_builder_end (builder);
  qsort (ids, g_strv_length (ids), sizeof (char *), compare_strings);
  return g_steal_pointer (&ids);
}

/**
 * fb_workload_new_from_preset:
 * @id: a preset's id, such as "pool-map-square"
 *
 * Returns: (transfer full): the preset, or %NULL with @error set
 */
FbWorkload *
fb_workload_new_from_preset (const char  *id,
                             GError     **error)
{
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  FbWorkload *workload;

  g_return_val_if_fail (id != NULL, NULL);

  path = g_strconcat (PRESETS_PATH, id, ".json", NULL);
  bytes = strchr (id, '/') ? NULL : g_resource_lookup_data (presets_resource (), path,
                                                             G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_auto(GStrv) ids = fb_workload_list_presets ();
      g_autofree char *list = g_strjoinv (", ", ids);

      g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_PRESET,
                   /* TRANSLATORS: the name given, then the presets' names,
                    * separated by commas */
                   _("There is no preset called “%s”; the presets are: %s"), id, list);
      return NULL;
    }

  /* TRANSLATORS: what error messages call a preset, by its name, as in
   * "preset “sleepers”: “tasks” must be ..." */
  source = g_strdup_printf (_("preset “%s”"), id);
  workload = fb_workload_new_from_data (g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes),
                                        source, error);
  if (workload != NULL)
    {
      g_autofree char *dir = find_presets_dir ();

      fb_workload_set_base_dir (workload, dir);
    }

  return workload;
}

/* Writing */

/**
 * fb_workload_to_data:
 *
 * Returns: (transfer full): the workload as JSON, keys in the order of the format
 */
char *
fb_workload_to_data (FbWorkload *self,
                     gsize      *length)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char *data;

  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "forkbench");
  json_builder_add_int_value (builder, FB_WORKLOAD_FORMAT);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "description");
  json_builder_add_string_value (builder, self->description);
  json_builder_set_member_name (builder, "kernel");
  json_builder_add_string_value (builder, self->kernel);
  json_builder_set_member_name (builder, "params");
  json_builder_add_value (builder, json_gvariant_serialize (self->params));

  if (self->inputs != NULL)
    {
      json_builder_set_member_name (builder, "inputs");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->inputs->len; i++)
        json_builder_add_int_value (builder, g_array_index (self->inputs, gint64, i));
      json_builder_end_array (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "tasks");
      json_builder_add_int_value (builder, (gint64) self->tasks);
    }

  json_builder_set_member_name (builder, "workers");
  json_builder_add_int_value (builder, self->workers);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, fb_run_mode_to_string (self->mode));
  json_builder_set_member_name (builder, "chunksize");
  json_builder_add_int_value (builder, self->chunksize);
  json_builder_set_member_name (builder, "ordered");
  json_builder_add_boolean_value (builder, self->ordered);
  json_builder_set_member_name (builder, "timeout_ms");
  json_builder_add_int_value (builder, self->timeout_ms);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, length);

  /* End the file with a newline, as text files do. */
  {
    char *with_newline = g_strconcat (data, "\n", NULL);

    g_free (data);
    if (length != NULL)
      (*length)++;
    return with_newline;
  }
}

/**
 * fb_workload_save:
 *
 * Validates the workload, then writes it to @file atomically: a crash
 * while saving leaves the old file or the new one, never half of one.
 */
gboolean
fb_workload_save (FbWorkload  *self,
                  GFile       *file,
                  GError     **error)
{
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (FB_IS_WORKLOAD (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!fb_workload_validate (self, error))
    return FALSE;

  data = fb_workload_to_data (self, &length);

  return g_file_replace_contents (file, data, length, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

/**
 * fb_workload_validate:
 *
 * Checks what a file's parser checks, for a workload built or edited in
 * code: every count in its range and every kernel parameter.
 */
gboolean
fb_workload_validate (FbWorkload  *self,
                      GError     **error)
{
  g_autofree char *data = NULL;
  g_autoptr(FbWorkload) again = NULL;

  g_return_val_if_fail (FB_IS_WORKLOAD (self), FALSE);

  /* One validator for files and for edits: write it out and read it back. */
  data = fb_workload_to_data (self, NULL);
  /* TRANSLATORS: what error messages call a workload that has no name yet,
   * as in "workload: “tasks” must be ..." */
  again = fb_workload_new_from_data (data, -1, self->name[0] ? self->name : _("workload"), error);

  return again != NULL;
}

/**
 * fb_workload_get_warnings:
 *
 * Returns: (transfer none): what the file said that was accepted but is
 *   worth knowing, one sentence each, %NULL-terminated
 */
const char * const *
fb_workload_get_warnings (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);

  if (self->warnings->len == 0 || g_ptr_array_index (self->warnings, self->warnings->len - 1) != NULL)
    g_ptr_array_add (self->warnings, NULL);
  /* Keep the NULL at the end without counting it next time. */
  self->warnings->len--;
  g_ptr_array_index (self->warnings, self->warnings->len) = NULL;

  return (const char * const *) self->warnings->pdata;
}

/**
 * fb_workload_make_call:
 *
 * Binds the kernel to the parameters. A relative path in them (the python
 * kernel's file) is resolved against the workload's base folder, or the
 * current one when it has none.
 *
 * Returns: (transfer full): the call, or %NULL with @error set
 */
FbCall *
fb_workload_make_call (FbWorkload  *self,
                       GError     **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  GVariantIter iter;
  const char *name;
  GVariant *value;

  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);

  if (g_strcmp0 (self->kernel, "python") != 0 || self->params == NULL)
    return fb_call_new (self->kernel, self->params, error);

  g_variant_iter_init (&iter, self->params);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      if (g_str_equal (name, "file") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
          g_variant_get_string (value, NULL)[0] != '\0')
        {
          g_autofree char *path = g_canonicalize_filename (g_variant_get_string (value, NULL), self->base_dir);

          g_variant_builder_add (&builder, "{sv}", name, g_variant_new_string (path));
        }
      else
        g_variant_builder_add (&builder, "{sv}", name, value);
    }

  return fb_call_new (self->kernel, g_variant_builder_end (&builder), error);
}

/**
 * fb_workload_get_base_dir:
 *
 * Returns: (nullable): the folder that relative paths in the parameters
 *   are relative to: the workload file's, or the installed presets'
 */
const char *
fb_workload_get_base_dir (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);
  return self->base_dir;
}

/**
 * fb_workload_set_base_dir:
 * @dir: (nullable): a folder, or %NULL for the current one
 */
void
fb_workload_set_base_dir (FbWorkload *self,
                          const char *dir)
{
  g_return_if_fail (FB_IS_WORKLOAD (self));

  if (g_strcmp0 (dir, self->base_dir) == 0)
    return;

  g_free (self->base_dir);
  self->base_dir = g_strdup (dir);
}

/**
 * fb_workload_make_inputs:
 *
 * Returns: (transfer full): the tasks' inputs: the list, or 0..tasks-1
 */
FbInputs *
fb_workload_make_inputs (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);

  if (self->inputs != NULL)
    return fb_inputs_new_values ((const gint64 *) (gpointer) self->inputs->data, self->inputs->len);

  return fb_inputs_new_range (self->tasks);
}

guint64
fb_workload_get_n_tasks (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), 0);

  return self->inputs != NULL ? self->inputs->len : self->tasks;
}

FbWorkload *
fb_workload_copy (FbWorkload *self)
{
  FbWorkload *copy;

  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);

  copy = fb_workload_new ();
  fb_workload_set_name (copy, self->name);
  fb_workload_set_description (copy, self->description);
  fb_workload_set_kernel (copy, self->kernel);
  fb_workload_set_params (copy, self->params);
  if (self->inputs != NULL)
    fb_workload_set_inputs (copy, (const gint64 *) (gpointer) self->inputs->data, self->inputs->len);
  else
    fb_workload_set_tasks (copy, self->tasks);
  fb_workload_set_workers (copy, self->workers);
  fb_workload_set_mode (copy, self->mode);
  fb_workload_set_chunksize (copy, self->chunksize);
  fb_workload_set_ordered (copy, self->ordered);
  fb_workload_set_timeout (copy, self->timeout_ms);
  fb_workload_set_base_dir (copy, self->base_dir);

  return copy;
}

gboolean
fb_workload_equal (FbWorkload *a,
                   FbWorkload *b)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (a), FALSE);
  g_return_val_if_fail (FB_IS_WORKLOAD (b), FALSE);

  if ((a->inputs == NULL) != (b->inputs == NULL))
    return FALSE;
  if (a->inputs != NULL &&
      (a->inputs->len != b->inputs->len ||
       memcmp (a->inputs->data, b->inputs->data, a->inputs->len * sizeof (gint64)) != 0))
    return FALSE;

  return g_str_equal (a->name, b->name) &&
         g_str_equal (a->description, b->description) &&
         g_str_equal (a->kernel, b->kernel) &&
         g_variant_equal (a->params, b->params) &&
         (a->inputs != NULL || a->tasks == b->tasks) &&
         a->workers == b->workers &&
         a->mode == b->mode &&
         a->chunksize == b->chunksize &&
         a->ordered == b->ordered &&
         a->timeout_ms == b->timeout_ms;
}

/* GObject */

static void
fb_workload_finalize (GObject *object)
{
  FbWorkload *self = (FbWorkload *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->kernel, g_free);
  g_clear_pointer (&self->params, g_variant_unref);
  g_clear_pointer (&self->inputs, g_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_clear_pointer (&self->base_dir, g_free);

  G_OBJECT_CLASS (fb_workload_parent_class)->finalize (object);
}

static void
fb_workload_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FbWorkload *self = FB_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_NAME:        g_value_set_string (value, self->name); break;
    case PROP_DESCRIPTION: g_value_set_string (value, self->description); break;
    case PROP_KERNEL:      g_value_set_string (value, self->kernel); break;
    case PROP_PARAMS:      g_value_set_variant (value, self->params); break;
    case PROP_TASKS:       g_value_set_uint64 (value, fb_workload_get_n_tasks (self)); break;
    case PROP_WORKERS:     g_value_set_uint (value, self->workers); break;
    case PROP_MODE:        g_value_set_int (value, self->mode); break;
    case PROP_CHUNKSIZE:   g_value_set_uint (value, self->chunksize); break;
    case PROP_ORDERED:     g_value_set_boolean (value, self->ordered); break;
    case PROP_TIMEOUT:     g_value_set_uint (value, self->timeout_ms); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_workload_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FbWorkload *self = FB_WORKLOAD (object);

  switch (prop_id)
    {
    case PROP_NAME:        fb_workload_set_name (self, g_value_get_string (value)); break;
    case PROP_DESCRIPTION: fb_workload_set_description (self, g_value_get_string (value)); break;
    case PROP_KERNEL:      fb_workload_set_kernel (self, g_value_get_string (value)); break;
    case PROP_PARAMS:      fb_workload_set_params (self, g_value_get_variant (value)); break;
    case PROP_TASKS:       fb_workload_set_tasks (self, g_value_get_uint64 (value)); break;
    case PROP_WORKERS:     fb_workload_set_workers (self, g_value_get_uint (value)); break;
    case PROP_MODE:        fb_workload_set_mode (self, g_value_get_int (value)); break;
    case PROP_CHUNKSIZE:   fb_workload_set_chunksize (self, g_value_get_uint (value)); break;
    case PROP_ORDERED:     fb_workload_set_ordered (self, g_value_get_boolean (value)); break;
    case PROP_TIMEOUT:     fb_workload_set_timeout (self, g_value_get_uint (value)); break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_workload_class_init (FbWorkloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = fb_workload_finalize;
  object_class->get_property = fb_workload_get_property;
  object_class->set_property = fb_workload_set_property;

  properties [PROP_NAME] = g_param_spec_string ("name", NULL, NULL, "", flags);
  properties [PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, "", flags);
  properties [PROP_KERNEL] = g_param_spec_string ("kernel", NULL, NULL, "square", flags);
  properties [PROP_PARAMS] = g_param_spec_variant ("params", NULL, NULL, G_VARIANT_TYPE_VARDICT, NULL, flags);
  properties [PROP_TASKS] = g_param_spec_uint64 ("tasks", NULL, NULL, 1, FB_WORKLOAD_MAX_TASKS, 10, flags);
  properties [PROP_WORKERS] = g_param_spec_uint ("workers", NULL, NULL, 1, FB_POOL_MAX_WORKERS, 1, flags);
  properties [PROP_MODE] = g_param_spec_int ("mode", NULL, NULL, FB_RUN_MODE_PROCESSES, FB_RUN_MODE_BOTH,
                                             FB_RUN_MODE_BOTH, flags);
  properties [PROP_CHUNKSIZE] = g_param_spec_uint ("chunksize", NULL, NULL, 1, FB_POOL_MAX_CHUNKSIZE, 1, flags);
  properties [PROP_ORDERED] = g_param_spec_boolean ("ordered", NULL, NULL, TRUE, flags);
  properties [PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, FB_POOL_MAX_TIMEOUT_MS, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_workload_init (FbWorkload *self)
{
  self->name = g_strdup ("");
  self->description = g_strdup ("");
  self->kernel = g_strdup ("square");
  self->params = g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));
  self->tasks = 10;
  self->workers = CLAMP (g_get_num_processors (), 1, FB_POOL_MAX_WORKERS);
  self->mode = FB_RUN_MODE_BOTH;
  self->chunksize = 1;
  self->ordered = TRUE;
  self->warnings = g_ptr_array_new_with_free_func (g_free);
}

/**
 * fb_workload_new:
 *
 * Returns: (transfer full): a workload that squares 0..9 on as many workers
 *   as there are cores, in both modes
 */
FbWorkload *
fb_workload_new (void)
{
  return g_object_new (FB_TYPE_WORKLOAD, NULL);
}

/* g_set_str() arrived in GLib 2.76, after our floor. */
static gboolean
set_str (char       **str_pointer,
         const char  *new_str)
{
  if (g_strcmp0 (*str_pointer, new_str) == 0)
    return FALSE;

  g_free (*str_pointer);
  *str_pointer = g_strdup (new_str);
  return TRUE;
}

#define DEFINE_STRING_PROPERTY(field, prop)                              \
  const char *                                                           \
  fb_workload_get_##field (FbWorkload *self)                             \
  {                                                                      \
    g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);                  \
    return self->field;                                                  \
  }                                                                      \
                                                                         \
  void                                                                   \
  fb_workload_set_##field (FbWorkload *self,                             \
                           const char *value)                            \
  {                                                                      \
    g_return_if_fail (FB_IS_WORKLOAD (self));                            \
                                                                         \
    if (set_str (&self->field, value ? value : ""))                    \
      g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);     \
  }

DEFINE_STRING_PROPERTY (name, PROP_NAME)
DEFINE_STRING_PROPERTY (description, PROP_DESCRIPTION)
DEFINE_STRING_PROPERTY (kernel, PROP_KERNEL)

#define DEFINE_UINT_PROPERTY(field, member, type, prop)                  \
  type                                                                   \
  fb_workload_get_##field (FbWorkload *self)                             \
  {                                                                      \
    g_return_val_if_fail (FB_IS_WORKLOAD (self), 0);                     \
    return self->member;                                                 \
  }                                                                      \
                                                                         \
  void                                                                   \
  fb_workload_set_##field (FbWorkload *self,                             \
                           type        value)                            \
  {                                                                      \
    g_return_if_fail (FB_IS_WORKLOAD (self));                            \
                                                                         \
    if (self->member != value)                                           \
      {                                                                  \
        self->member = value;                                            \
        g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);   \
      }                                                                  \
  }

DEFINE_UINT_PROPERTY (workers, workers, guint, PROP_WORKERS)
DEFINE_UINT_PROPERTY (mode, mode, FbRunMode, PROP_MODE)
DEFINE_UINT_PROPERTY (chunksize, chunksize, guint, PROP_CHUNKSIZE)
DEFINE_UINT_PROPERTY (timeout, timeout_ms, guint, PROP_TIMEOUT)

gboolean
fb_workload_get_ordered (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), FALSE);
  return self->ordered;
}

void
fb_workload_set_ordered (FbWorkload *self,
                         gboolean    ordered)
{
  g_return_if_fail (FB_IS_WORKLOAD (self));

  ordered = !!ordered;
  if (self->ordered != ordered)
    {
      self->ordered = ordered;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ORDERED]);
    }
}

/**
 * fb_workload_get_params:
 *
 * Returns: (transfer none): the kernel's parameters as given, `a{sv}`
 */
GVariant *
fb_workload_get_params (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);
  return self->params;
}

/**
 * fb_workload_set_params:
 * @params: (transfer floating) (nullable): `a{sv}`, or %NULL for none
 */
void
fb_workload_set_params (FbWorkload *self,
                        GVariant   *params)
{
  g_autoptr(GVariant) sunk = NULL;

  g_return_if_fail (FB_IS_WORKLOAD (self));
  g_return_if_fail (params == NULL || g_variant_is_of_type (params, G_VARIANT_TYPE_VARDICT));

  sunk = params ? g_variant_ref_sink (params)
                : g_variant_ref_sink (g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0));

  if (!g_variant_equal (self->params, sunk))
    {
      g_clear_pointer (&self->params, g_variant_unref);
      self->params = g_steal_pointer (&sunk);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PARAMS]);
    }
}

/**
 * fb_workload_get_inputs:
 * @n_inputs: (out): how many
 *
 * Returns: (nullable) (array length=n_inputs): the inputs, or %NULL when
 *   the tasks are 0..tasks-1
 */
const gint64 *
fb_workload_get_inputs (FbWorkload *self,
                        gsize      *n_inputs)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), NULL);
  g_return_val_if_fail (n_inputs != NULL, NULL);

  *n_inputs = self->inputs ? self->inputs->len : 0;
  return self->inputs ? (const gint64 *) (gpointer) self->inputs->data : NULL;
}

/**
 * fb_workload_set_inputs:
 * @inputs: (array length=n_inputs) (nullable): the inputs, or %NULL to use
 *   0..tasks-1
 */
void
fb_workload_set_inputs (FbWorkload   *self,
                        const gint64 *inputs,
                        gsize         n_inputs)
{
  g_return_if_fail (FB_IS_WORKLOAD (self));

  g_clear_pointer (&self->inputs, g_array_unref);
  if (inputs != NULL)
    {
      self->inputs = g_array_sized_new (FALSE, FALSE, sizeof (gint64), n_inputs);
      g_array_append_vals (self->inputs, inputs, n_inputs);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TASKS]);
}

guint64
fb_workload_get_tasks (FbWorkload *self)
{
  g_return_val_if_fail (FB_IS_WORKLOAD (self), 0);
  return fb_workload_get_n_tasks (self);
}

/**
 * fb_workload_set_tasks:
 *
 * Makes the tasks 0..@tasks-1, dropping any list of inputs.
 */
void
fb_workload_set_tasks (FbWorkload *self,
                       guint64     tasks)
{
  g_return_if_fail (FB_IS_WORKLOAD (self));

  if (self->tasks != tasks || self->inputs != NULL)
    {
      self->tasks = tasks;
      g_clear_pointer (&self->inputs, g_array_unref);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TASKS]);
    }
}
