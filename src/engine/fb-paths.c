/* fb-paths.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where the files Forkbench runs or reads besides its programs are: the
 * worker, the python kernel's harness, the presets' Python files.
 */

#include "config.h"

#include <string.h>

#include "fb-paths-private.h"

/*
 * fb_find_installed:
 * @env: a variable that names the file outright (the tests and
 *   `meson devenv` set it to the build or source tree's)
 * @dir_relative: the folder it is installed in, relative to the prefix,
 *   as meson's option says it (such as "libexec")
 * @dir: the same folder, as it was installed
 * @name: the file's path within that folder
 * @test: what the file must be to be taken from beside the program
 *
 * Finds the file @env names, or else the one installed with the program
 * that runs, from the program's own place (PREFIX/bin beside the folder),
 * so that an installed tree moved elsewhere (a DESTDIR, an unpacked
 * archive) uses its own files and not another installation's; or else the
 * one where it was installed.
 *
 * Returns: (transfer full): the file's path
 */
char *
fb_find_installed (const char *env,
                   const char *dir_relative,
                   const char *dir,
                   const char *name,
                   GFileTest   test)
{
  const char *path = g_getenv (env);
  g_autofree char *exe = NULL;
  g_autofree char *exe_dir = NULL;

  if (path != NULL && path[0] != '\0')
    return g_strdup (path);

  exe = g_file_read_link ("/proc/self/exe", NULL);
  exe_dir = exe ? g_path_get_dirname (exe) : NULL;
  if (exe_dir != NULL && !g_path_is_absolute (BINDIR_RELATIVE) && !g_path_is_absolute (dir_relative) &&
      g_str_has_suffix (exe_dir, "/" BINDIR_RELATIVE))
    {
      g_autofree char *prefix = g_strndup (exe_dir, strlen (exe_dir) - strlen ("/" BINDIR_RELATIVE));
      g_autofree char *beside = g_build_filename (prefix, dir_relative, name, NULL);

      if (g_file_test (beside, test))
        return g_steal_pointer (&beside);
    }

  return g_build_filename (dir, name, NULL);
}
