/* fb-inputs.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FbInputFunc:
 * @user_data: the data given to fb_inputs_new_func()
 * @input: (out): the next input
 *
 * A generator of inputs: the pool calls it only when a worker can take more
 * work, so a map over ten million inputs holds only what is in flight.
 *
 * Returns: %TRUE with @input set, %FALSE when there are no more
 */
typedef gboolean (*FbInputFunc) (gpointer  user_data,
                                 gint64   *input);

/**
 * FbInputs:
 *
 * Where a map's inputs come from: a range 0..n-1 (the task indices), a list
 * of values, or a generator. A range or a list can feed any number of maps;
 * a generator is consumed as it is pulled. Pulled from the main context
 * only.
 */
typedef struct _FbInputs FbInputs;

#define FB_TYPE_INPUTS (fb_inputs_get_type ())

GType     fb_inputs_get_type   (void) G_GNUC_CONST;
FbInputs *fb_inputs_new_range  (guint64         n);
FbInputs *fb_inputs_new_values (const gint64   *values,
                                gsize           n_values);
FbInputs *fb_inputs_new_func   (FbInputFunc     func,
                                gpointer        user_data,
                                GDestroyNotify  destroy);
FbInputs *fb_inputs_ref        (FbInputs       *self);
void      fb_inputs_unref      (FbInputs       *self);
gint64    fb_inputs_get_length (FbInputs       *self);
gboolean  fb_inputs_pull       (FbInputs       *self,
                                guint64         position,
                                gint64         *input);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbInputs, fb_inputs_unref)

G_END_DECLS
