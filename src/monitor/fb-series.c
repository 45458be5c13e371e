/* fb-series.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-series"

#include "config.h"

#include <math.h>

#include "fb-series.h"

struct _FbSeries
{
  gatomicrefcount ref_count;
  guint           capacity;
  guint           length;
  guint           head;      /* where the oldest value is */
  double         *t;
  double         *values;
};

G_DEFINE_BOXED_TYPE (FbSeries, fb_series, fb_series_ref, fb_series_unref)

/**
 * fb_series_new:
 * @capacity: how many values it keeps, at least 1
 *
 * Returns: (transfer full): an empty series
 */
FbSeries *
fb_series_new (guint capacity)
{
  FbSeries *self = g_new0 (FbSeries, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->capacity = MAX (capacity, 1);
  self->t = g_new (double, self->capacity);
  self->values = g_new (double, self->capacity);
  return self;
}

FbSeries *
fb_series_ref (FbSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fb_series_unref (FbSeries *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->t);
      g_free (self->values);
      g_free (self);
    }
}

guint
fb_series_get_capacity (FbSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->capacity;
}

guint
fb_series_get_length (FbSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->length;
}

/**
 * fb_series_push:
 * @t: the value's time; values are pushed in time order
 *
 * Adds a value, dropping the oldest one when the series is full.
 */
void
fb_series_push (FbSeries *self,
                double    t,
                double    value)
{
  guint slot;

  g_return_if_fail (self != NULL);

  if (self->length < self->capacity)
    slot = (self->head + self->length++) % self->capacity;
  else
    {
      slot = self->head;
      self->head = (self->head + 1) % self->capacity;
    }

  self->t[slot] = t;
  self->values[slot] = value;
}

void
fb_series_clear (FbSeries *self)
{
  g_return_if_fail (self != NULL);

  self->length = 0;
  self->head = 0;
}

/**
 * fb_series_get:
 * @i: from 0, the oldest value kept
 *
 * Returns: %FALSE when @i is past the end
 */
gboolean
fb_series_get (FbSeries *self,
               guint     i,
               double   *t,
               double   *value)
{
  guint slot;

  g_return_val_if_fail (self != NULL, FALSE);

  if (i >= self->length)
    return FALSE;

  slot = (self->head + i) % self->capacity;
  if (t != NULL)
    *t = self->t[slot];
  if (value != NULL)
    *value = self->values[slot];
  return TRUE;
}

gboolean
fb_series_get_last (FbSeries *self,
                    double   *t,
                    double   *value)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->length > 0 && fb_series_get (self, self->length - 1, t, value);
}

/**
 * fb_series_downsample:
 * @t_from: the start of the span to draw
 * @t_to: its end, after @t_from
 * @n_buckets: how many columns to draw it in
 * @min_values: (array length=n_buckets) (out caller-allocates): the lowest
 *   value in each column, NAN where there is none
 * @max_values: (array length=n_buckets) (out caller-allocates): the highest
 *
 * Reduces the values between @t_from and @t_to to at most one min/max
 * pair per column, so that a chart draws at most one point per pixel
 * column and no peak is lost.
 *
 * Returns: how many columns hold a value
 */
guint
fb_series_downsample (FbSeries *self,
                      double    t_from,
                      double    t_to,
                      guint     n_buckets,
                      double   *min_values,
                      double   *max_values)
{
  double width;
  guint filled = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (n_buckets == 0 || (min_values != NULL && max_values != NULL), 0);

  for (guint b = 0; b < n_buckets; b++)
    min_values[b] = max_values[b] = NAN;

  if (n_buckets == 0 || !(t_to > t_from))
    return 0;

  width = (t_to - t_from) / n_buckets;

  for (guint i = 0; i < self->length; i++)
    {
      guint slot = (self->head + i) % self->capacity;
      double t = self->t[slot];
      double v = self->values[slot];
      guint b;

      if (t < t_from || t > t_to || isnan (v))
        continue;

      b = MIN ((guint) ((t - t_from) / width), n_buckets - 1);
      if (isnan (min_values[b]))
        {
          min_values[b] = max_values[b] = v;
          filled++;
        }
      else
        {
          min_values[b] = MIN (min_values[b], v);
          max_values[b] = MAX (max_values[b], v);
        }
    }

  return filled;
}
