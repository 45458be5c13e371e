/* fuzz-feed.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the protocol's fuzz targets hand bytes to a parser: as a read loop
 * does, a piece at a time, keeping what is left of a frame for the next
 * read.
 */

#pragma once

#include <glib.h>

/* Parses what it can of @buf, saying in @consumed how much it used. */
typedef gboolean (*FuzzParseFunc) (const guint8  *buf,
                                   gsize          len,
                                   gpointer       user_data,
                                   gsize         *consumed,
                                   GError       **error);

/* Feeds @data to @parse @chunk bytes at a time (all at once when 0); on
 * success, @left says how many bytes were never consumed. */
static inline gboolean
fuzz_feed (const guint8   *data,
           gsize           size,
           gsize           chunk,
           FuzzParseFunc   parse,
           gpointer        user_data,
           gsize          *left,
           GError        **error)
{
  g_autoptr(GByteArray) in = g_byte_array_new ();
  gsize pos = 0;

  do
    {
      gsize n = chunk == 0 ? size - pos : MIN (chunk, size - pos);
      gsize consumed = 0;

      g_byte_array_append (in, data + pos, (guint) n);
      pos += n;

      if (!parse (in->data, in->len, user_data, &consumed, error))
        return FALSE;

      g_assert_cmpuint (consumed, <=, in->len);
      g_byte_array_remove_range (in, 0, (guint) consumed);
    }
  while (pos < size);

  *left = in->len;
  return TRUE;
}
