/* fb-python-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-python.h"

G_BEGIN_DECLS

char     *fb_python_find_interpreter (FbCall       *call,
                                      GError      **error);
char     *fb_python_find_harness     (void);
GStrv     fb_python_worker_argv      (FbCall       *call,
                                      const char   *interpreter,
                                      const char   *harness,
                                      guint         slot,
                                      guint         lanes);
gboolean  fb_python_calls_equal      (FbCall       *a,
                                      FbCall       *b);

G_END_DECLS
