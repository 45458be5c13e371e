/* fb-format.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures as people read them, the same in the command line, the app and
 * the verdicts.
 */

#define G_LOG_DOMAIN "fb-format"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "fb-format.h"
#include "fb-report.h"

/* The figures below keep their units on the same line, with a no-break
 * space between, as g_format_size() does. */

/**
 * fb_format_seconds:
 *
 * Returns: (transfer full): "2.05 s", "418.3 ms" under a second, or
 *   "80 µs" under a millisecond
 */
char *
fb_format_seconds (double seconds)
{
  return fb_format_us (seconds * 1e6);
}

/**
 * fb_format_us:
 *
 * Returns: (transfer full): a duration given in microseconds: "1.54 s",
 *   "3.7 ms" or "358 µs"
 */
char *
fb_format_us (double us)
{
  if (us >= 1e6)
    /* TRANSLATORS: a duration in seconds, such as "2.05 s" */
    return g_strdup_printf (_("%.2f\u00a0s"), us / 1e6);
  if (us >= 1e3)
    /* TRANSLATORS: a duration in milliseconds, such as "418.3 ms" */
    return g_strdup_printf (_("%.1f\u00a0ms"), us / 1e3);
  /* TRANSLATORS: a duration in microseconds, such as "358 µs" */
  return g_strdup_printf (_("%.0f\u00a0µs"), us);
}

/**
 * fb_format_rate:
 *
 * Returns: (transfer full): tasks per second: "7.6 /s", "47.4 k/s", "11.46 M/s"
 */
char *
fb_format_rate (double per_second)
{
  if (per_second >= 1e6)
    /* TRANSLATORS: millions of tasks per second, such as "11.46 M/s" */
    return g_strdup_printf (_("%.2f\u00a0M/s"), per_second / 1e6);
  if (per_second >= 1e3)
    /* TRANSLATORS: thousands of tasks per second, such as "47.4 k/s" */
    return g_strdup_printf (_("%.1f\u00a0k/s"), per_second / 1e3);
  /* TRANSLATORS: tasks per second, such as "7.6 /s" */
  return g_strdup_printf (_("%.1f\u00a0/s"), per_second);
}

/**
 * fb_format_quantity:
 *
 * Returns: (transfer full): a count to read at a glance: "5.7", "47.4 k",
 *   "11.46 M"
 */
char *
fb_format_quantity (double value)
{
  if (value >= 1e6)
    /* TRANSLATORS: a count in millions, such as "11.46 M" */
    return g_strdup_printf (_("%.2f\u00a0M"), value / 1e6);
  if (value >= 1e3)
    /* TRANSLATORS: a count in thousands, such as "47.4 k" */
    return g_strdup_printf (_("%.1f\u00a0k"), value / 1e3);
  return g_strdup_printf ("%.1f", value);
}

/**
 * fb_format_bytes:
 *
 * Returns: (transfer full): a size, or "—" when it is not known
 *   (%FB_REPORT_BYTES_UNKNOWN)
 */
char *
fb_format_bytes (guint64 bytes)
{
  return bytes != FB_REPORT_BYTES_UNKNOWN ? g_format_size (bytes) : g_strdup ("—");
}

/* The member of an object that stands for JSON text kept as it is: no
 * key read from JSON text or set by Forkbench can be it, as a lone 0xFF
 * byte is never UTF-8. */
#define RAW_MEMBER "\xff"

/* JSON text, strictly (RFC 8259), as deep as Python's json module goes. */
#define RAW_MAX_DEPTH 1024

static const char *
skip_space (const char *p)
{
  while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
    p++;
  return p;
}

static const char *
check_string (const char *p)
{
  for (p++; *p != '"'; p++)
    {
      if ((guchar) *p < 0x20)
        return NULL;
      if (*p == '\\')
        {
          p++;
          if (*p == 'u')
            {
              for (guint i = 1; i <= 4; i++)
                if (!g_ascii_isxdigit (p[i]))
                  return NULL;
              p += 4;
            }
          else if (*p == '\0' || strchr ("\"\\/bfnrt", *p) == NULL)
            return NULL;
        }
    }
  return p + 1;
}

static const char *
check_number (const char *p)
{
  if (*p == '-')
    p++;
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (g_ascii_isdigit (*p))
      p++;
  else
    return NULL;
  if (*p == '.')
    {
      if (!g_ascii_isdigit (*++p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!g_ascii_isdigit (*p))
        return NULL;
      while (g_ascii_isdigit (*p))
        p++;
    }
  return p;
}

static const char *
check_value (const char *p,
             guint       depth)
{
  p = skip_space (p);
  if (depth > RAW_MAX_DEPTH)
    return NULL;

  switch (*p)
    {
    case '{':
      if (*(p = skip_space (p + 1)) == '}')
        return p + 1;
      for (;;)
        {
          if (*p != '"' || (p = check_string (p)) == NULL || *(p = skip_space (p)) != ':' ||
              (p = check_value (p + 1, depth + 1)) == NULL)
            return NULL;
          if (*(p = skip_space (p)) == '}')
            return p + 1;
          if (*p != ',')
            return NULL;
          p = skip_space (p + 1);
        }

    case '[':
      if (*(p = skip_space (p + 1)) == ']')
        return p + 1;
      for (;;)
        {
          if ((p = check_value (p, depth + 1)) == NULL)
            return NULL;
          if (*(p = skip_space (p)) == ']')
            return p + 1;
          if (*p != ',')
            return NULL;
          p++;
        }

    case '"':
      return check_string (p);
    case 't':
      return g_str_has_prefix (p, "true") ? p + 4 : NULL;
    case 'f':
      return g_str_has_prefix (p, "false") ? p + 5 : NULL;
    case 'n':
      return g_str_has_prefix (p, "null") ? p + 4 : NULL;
    default:
      return check_number (p);
    }
}

/**
 * fb_json_raw_new:
 * @json: a JSON value's text, such as a Python function's result
 *
 * JSON text that fb_format_json() writes as it is. json-glib would read
 * and write it again, and its values cannot hold all of JSON's: a whole
 * number past 64 bits wraps, a string stops at an escaped NUL, and a
 * number such as 1e22 is written back as "1e+22.0", which is not JSON.
 *
 * Returns: (transfer full) (nullable): a node that stands for @json, or
 *   %NULL if @json is not one JSON value in UTF-8
 */
JsonNode *
fb_json_raw_new (const char *json)
{
  const char *end;
  JsonObject *object;
  JsonNode *node;

  g_return_val_if_fail (json != NULL, NULL);

  if (!g_utf8_validate (json, -1, NULL) || (end = check_value (json, 0)) == NULL ||
      *skip_space (end) != '\0')
    return NULL;

  object = json_object_new ();
  json_object_set_string_member (object, RAW_MEMBER, json);
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, object);
  return node;
}

static void
append_string (GString    *out,
               const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guint) (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_indent (GString *out,
               guint    level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
append_node (GString  *out,
             JsonNode *node,
             guint     level)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        if (json_object_get_size (object) == 1 && json_object_has_member (object, RAW_MEMBER))
          {
            g_string_append (out, json_object_get_string_member (object, RAW_MEMBER));
            break;
          }

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            g_string_append (out, first ? "" : ",");
            append_indent (out, level + 1);
            append_string (out, name);
            g_string_append (out, " : ");
            append_node (out, member, level + 1);
            first = FALSE;
          }
        if (!first)
          append_indent (out, level);
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            g_string_append (out, i > 0 ? "," : "");
            append_indent (out, level + 1);
            append_node (out, json_array_get_element (array, i), level + 1);
          }
        if (n > 0)
          append_indent (out, level);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
          break;

        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            if (!isfinite (value))
              {
                g_string_append (out, "null");
                break;
              }
            /* Written so that it reads back as a number with a fraction. */
            g_ascii_dtostr (buffer, sizeof buffer, value);
            g_string_append (out, buffer);
            if (strpbrk (buffer, ".eE") == NULL)
              g_string_append (out, ".0");
          }
          break;

        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;

        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;

        default:
          g_assert_not_reached ();
        }
      break;

    default:
      g_assert_not_reached ();
    }
}

/**
 * fb_format_json:
 * @root: a JSON value
 *
 * Returns: (transfer full): @root as `forkbench-cli --format json` prints
 *   it: indented by two spaces, with a final newline, and the values made
 *   by fb_json_raw_new() as they are
 */
char *
fb_format_json (JsonNode *root)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (root != NULL, NULL);

  append_node (out, root, 0);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}
