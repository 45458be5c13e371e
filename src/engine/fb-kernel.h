/* fb-kernel.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-types.h"

G_BEGIN_DECLS

#define FB_KERNEL_ERROR (fb_kernel_error_quark ())

/**
 * FbKernelError:
 * @FB_KERNEL_ERROR_UNKNOWN_KERNEL: no kernel has that name
 * @FB_KERNEL_ERROR_UNKNOWN_PARAM: the kernel has no parameter of that name
 * @FB_KERNEL_ERROR_MISSING_PARAM: a required parameter was not given
 * @FB_KERNEL_ERROR_INVALID_PARAM: a parameter has the wrong type or is out of range
 * @FB_KERNEL_ERROR_INVALID_INPUT: a task's input does not suit the kernel
 * @FB_KERNEL_ERROR_FAILED: the kernel ran and failed
 * @FB_KERNEL_ERROR_CANCELLED: the kernel was asked to stop
 */
typedef enum
{
  FB_KERNEL_ERROR_UNKNOWN_KERNEL,
  FB_KERNEL_ERROR_UNKNOWN_PARAM,
  FB_KERNEL_ERROR_MISSING_PARAM,
  FB_KERNEL_ERROR_INVALID_PARAM,
  FB_KERNEL_ERROR_INVALID_INPUT,
  FB_KERNEL_ERROR_FAILED,
  FB_KERNEL_ERROR_CANCELLED,
} FbKernelError;

/**
 * FbParamSpec:
 * @name: the parameter's name, as in workload files
 * @type: what kind of value it takes
 * @min: the smallest value (%FB_PARAM_INT), or the fewest elements
 * @max: the largest value (%FB_PARAM_INT), or the most elements
 * @default_value: the value used when the parameter is not given
 * @required: whether the parameter must be given
 * @choices: (nullable): the allowed values for %FB_PARAM_CHOICE
 * @unit: (nullable): the unit of an integer, such as "ms"
 * @description: what the parameter does, in a sentence
 * @title: what an editor calls it, such as "CPU Time"
 *
 * Describes one parameter of a kernel. Editors and validators read these.
 * @unit, @description and @title are for people, and are left untranslated, as
 * N_() leaves them: whoever shows them translates them in the
 * "forkbench" domain, with _() or g_dgettext (GETTEXT_PACKAGE, ...).
 * @name and @choices are what workload files say, in every language.
 */
typedef struct
{
  const char        *name;
  FbParamType        type;
  gint64             min;
  gint64             max;
  gint64             default_value;
  gboolean           required;
  const char * const *choices;
  const char        *unit;
  const char        *description;
  const char        *title;
} FbParamSpec;

typedef struct _FbKernelInfo FbKernelInfo;

GQuark               fb_kernel_error_quark        (void);
const FbKernelInfo  *fb_kernel_lookup             (const char          *name);
const FbKernelInfo **fb_kernel_list               (guint               *n_kernels);
const char          *fb_kernel_info_get_name      (const FbKernelInfo  *info);
const char          *fb_kernel_info_get_summary   (const FbKernelInfo  *info);
const char          *fb_kernel_info_get_result    (const FbKernelInfo  *info);
const FbParamSpec   *fb_kernel_info_get_params    (const FbKernelInfo  *info,
                                                   guint               *n_params);
const FbParamSpec   *fb_kernel_info_find_param    (const FbKernelInfo  *info,
                                                   const char          *name);

/**
 * FbCall:
 *
 * A kernel bound to validated parameters: what every task of a map or a
 * submit runs, given its input. Immutable and reference counted, so it can
 * be shared between threads and sent to worker processes once.
 */
typedef struct _FbCall FbCall;

#define FB_TYPE_CALL (fb_call_get_type ())

GType         fb_call_get_type          (void) G_GNUC_CONST;
FbCall       *fb_call_new               (const char   *kernel,
                                         GVariant     *params,
                                         GError      **error);
FbCall       *fb_call_ref               (FbCall       *self);
void          fb_call_unref             (FbCall       *self);
const FbKernelInfo *fb_call_get_kernel  (FbCall       *self);
const char   *fb_call_get_kernel_name   (FbCall       *self);
GVariant     *fb_call_get_params        (FbCall       *self);
gint64        fb_call_get_int           (FbCall       *self,
                                         const char   *name);
const char   *fb_call_get_string        (FbCall       *self,
                                         const char   *name);
gboolean      fb_call_is_python         (FbCall       *self);
gsize         fb_call_get_payload_size  (FbCall       *self);
guint64       fb_call_get_task_memory   (FbCall       *self);
gsize         fb_call_get_shared_length (FbCall       *self);
const gint64 *fb_call_get_shared_values (FbCall       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCall, fb_call_unref)

G_END_DECLS
