/* fb-series.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FbSeries:
 *
 * Timestamped values in a ring buffer of fixed size: the newest replace
 * the oldest, so memory is bounded whatever the run's length. Charts read
 * it downsampled to one min/max pair per pixel column.
 */
typedef struct _FbSeries FbSeries;

#define FB_TYPE_SERIES (fb_series_get_type ())

GType      fb_series_get_type        (void) G_GNUC_CONST;
FbSeries  *fb_series_new             (guint        capacity);
FbSeries  *fb_series_ref             (FbSeries    *self);
void       fb_series_unref           (FbSeries    *self);
guint      fb_series_get_capacity    (FbSeries    *self);
guint      fb_series_get_length      (FbSeries    *self);
void       fb_series_push            (FbSeries    *self,
                                      double       t,
                                      double       value);
void       fb_series_clear           (FbSeries    *self);
gboolean   fb_series_get             (FbSeries    *self,
                                      guint        i,
                                      double      *t,
                                      double      *value);
gboolean   fb_series_get_last        (FbSeries    *self,
                                      double      *t,
                                      double      *value);
guint      fb_series_downsample      (FbSeries    *self,
                                      double       t_from,
                                      double       t_to,
                                      guint        n_buckets,
                                      double      *min_values,
                                      double      *max_values);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbSeries, fb_series_unref)

G_END_DECLS
