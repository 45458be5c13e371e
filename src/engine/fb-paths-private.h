/* fb-paths-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *fb_find_installed (const char *env,
                         const char *dir_relative,
                         const char *dir,
                         const char *name,
                         GFileTest   test);

G_END_DECLS
