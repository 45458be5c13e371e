/* fb-inputs.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-inputs"

#include "config.h"

#include "fb-inputs.h"

struct _FbInputs
{
  gatomicrefcount ref_count;
  /* A range when values and func are both unset. */
  guint64         n;
  gint64         *values;
  FbInputFunc     func;
  gpointer        user_data;
  GDestroyNotify  destroy;
  guint           exhausted : 1;
};

G_DEFINE_BOXED_TYPE (FbInputs, fb_inputs, fb_inputs_ref, fb_inputs_unref)

/**
 * fb_inputs_new_range:
 * @n: how many inputs
 *
 * Returns: (transfer full): the inputs 0, 1, ..., @n - 1
 */
FbInputs *
fb_inputs_new_range (guint64 n)
{
  FbInputs *self = g_new0 (FbInputs, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->n = n;
  return self;
}

/**
 * fb_inputs_new_values:
 * @values: (array length=n_values): the inputs, copied
 *
 * Returns: (transfer full): the given inputs
 */
FbInputs *
fb_inputs_new_values (const gint64 *values,
                      gsize         n_values)
{
  FbInputs *self = fb_inputs_new_range (n_values);

  g_return_val_if_fail (values != NULL || n_values == 0, self);

  self->values = g_memdup2 (values, n_values * sizeof (gint64));
  return self;
}

/**
 * fb_inputs_new_func:
 * @func: (scope notified): the generator
 *
 * Returns: (transfer full): inputs pulled from @func as workers free up
 */
FbInputs *
fb_inputs_new_func (FbInputFunc    func,
                    gpointer       user_data,
                    GDestroyNotify destroy)
{
  FbInputs *self = fb_inputs_new_range (0);

  g_return_val_if_fail (func != NULL, self);

  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

FbInputs *
fb_inputs_ref (FbInputs *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fb_inputs_unref (FbInputs *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      if (self->destroy)
        self->destroy (self->user_data);
      g_free (self->values);
      g_free (self);
    }
}

/**
 * fb_inputs_get_length:
 *
 * Returns: how many inputs there are in all, or -1 for a generator
 */
gint64
fb_inputs_get_length (FbInputs *self)
{
  g_return_val_if_fail (self != NULL, -1);

  if (self->func != NULL)
    return -1;

  return (gint64) MIN (self->n, (guint64) G_MAXINT64);
}

/**
 * fb_inputs_pull:
 * @position: how many inputs the caller pulled before
 * @input: (out): the input at @position
 *
 * A range or list gives the input at @position; a generator gives its next
 * one, whatever @position says.
 *
 * Returns: %FALSE when there are no more inputs
 */
gboolean
fb_inputs_pull (FbInputs *self,
                guint64   position,
                gint64   *input)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  if (self->func != NULL)
    {
      if (self->exhausted || !self->func (self->user_data, input))
        {
          self->exhausted = TRUE;
          return FALSE;
        }
      return TRUE;
    }

  if (position >= self->n)
    return FALSE;

  *input = self->values ? self->values[position] : (gint64) position;
  return TRUE;
}
