/* fb-python.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-kernel.h"

G_BEGIN_DECLS

/**
 * FbPythonInfo:
 * @interpreter: the interpreter as the workload names it, such as "python3"
 * @path: the interpreter's own program (its sys.executable), which may
 *   differ from what PATH found (a wrapper such as pyenv's)
 * @implementation: sys.implementation.name, such as "cpython"
 * @version: its version, such as "3.11.2"
 * @gil_enabled: whether its threads take turns on a global interpreter
 *   lock (%FALSE only on a free-threaded build running without one)
 *
 * What the interpreter of a python call is, as it says itself.
 */
typedef struct
{
  char     *interpreter;
  char     *path;
  char     *implementation;
  char     *version;
  gboolean  gil_enabled;
} FbPythonInfo;

FbPythonInfo *fb_python_check         (FbCall               *call,
                                       GError              **error);
void          fb_python_check_async   (FbCall               *call,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
FbPythonInfo *fb_python_check_finish  (GAsyncResult         *result,
                                       GError              **error);
char         *fb_python_info_describe (const FbPythonInfo   *info);
FbPythonInfo *fb_python_info_copy     (const FbPythonInfo   *info);
void          fb_python_info_free     (FbPythonInfo         *info);
GStrv         fb_python_list_functions (const char          *source);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbPythonInfo, fb_python_info_free)

G_END_DECLS
