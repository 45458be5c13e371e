/* fuzz-main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replays a fuzz target's corpus without libFuzzer, as a TAP test: every
 * input a fuzzer ever found stays a regression test in the ordinary suite.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const uint8_t *) contents, length), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) dir = NULL;
  const char *corpus;
  const char *name;

  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("usage: %s CORPUS-DIRECTORY", argv[0]);
  corpus = argv[1];

  dir = g_dir_open (corpus, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)))
    g_ptr_array_add (paths, g_build_filename (corpus, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  g_assert_cmpuint (paths->len, >, 0);

  for (guint i = 0; i < paths->len; i++)
    {
      g_autofree char *base = g_path_get_basename (g_ptr_array_index (paths, i));
      g_autofree char *test = g_strdup_printf ("/Forkbench/Fuzz/%s/%s", g_get_prgname (), base);

      g_test_add_data_func (test, g_ptr_array_index (paths, i), replay);
    }

  return g_test_run ();
}
