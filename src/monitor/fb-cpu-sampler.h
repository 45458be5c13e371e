/* fb-cpu-sampler.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "fb-cpu-load.h"
#include "fb-series.h"

G_BEGIN_DECLS

/**
 * FbCpuSample:
 * @t: seconds since the sampler started
 * @time_us: when it was read (CLOCK_MONOTONIC)
 * @interval_us: how long it covers
 * @total: the whole machine
 * @n_cores: how many cores
 * @cores: (array length=n_cores): each core
 *
 * What the cores did since the previous sample.
 */
typedef struct
{
  double     t;
  gint64     time_us;
  gint64     interval_us;
  FbCpuLoad  total;
  guint      n_cores;
  FbCpuLoad *cores;
  /*< private >*/
  gatomicrefcount ref_count;
} FbCpuSample;

#define FB_TYPE_CPU_SAMPLE (fb_cpu_sample_get_type ())

GType         fb_cpu_sample_get_type (void) G_GNUC_CONST;
FbCpuSample  *fb_cpu_sample_ref      (FbCpuSample *self);
void          fb_cpu_sample_unref    (FbCpuSample *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FbCpuSample, fb_cpu_sample_unref)

/**
 * FbCpuReadFunc:
 * @user_data: the reader's data
 *
 * Reads the counters: from the system (libgtop), or from a recording.
 *
 * Returns: (transfer full) (nullable): the counters, or %NULL when they
 *   could not be read
 */
typedef FbCpuCounters *(*FbCpuReadFunc) (gpointer user_data);

#define FB_CPU_SAMPLER_MIN_INTERVAL 100
#define FB_CPU_SAMPLER_MAX_INTERVAL 5000
#define FB_CPU_SAMPLER_DEFAULT_INTERVAL 500

#define FB_TYPE_CPU_SAMPLER (fb_cpu_sampler_get_type ())

G_DECLARE_FINAL_TYPE (FbCpuSampler, fb_cpu_sampler, FB, CPU_SAMPLER, GObject)

FbCpuSampler  *fb_cpu_sampler_new             (void);
void           fb_cpu_sampler_set_reader      (FbCpuSampler   *self,
                                               FbCpuReadFunc   read,
                                               gpointer        user_data,
                                               GDestroyNotify  destroy);
FbCpuCounters *fb_cpu_sampler_read_counters   (FbCpuSampler   *self);
guint          fb_cpu_sampler_get_interval    (FbCpuSampler   *self);
void           fb_cpu_sampler_set_interval    (FbCpuSampler   *self,
                                               guint           interval_ms);
gboolean       fb_cpu_sampler_get_running     (FbCpuSampler   *self);
void           fb_cpu_sampler_start           (FbCpuSampler   *self);
void           fb_cpu_sampler_stop            (FbCpuSampler   *self);
FbCpuSample   *fb_cpu_sampler_sample_now      (FbCpuSampler   *self);
guint          fb_cpu_sampler_get_n_cores     (FbCpuSampler   *self);
FbSeries      *fb_cpu_sampler_get_series      (FbCpuSampler   *self,
                                               int             core);

FbCpuCounters *fb_cpu_read_system_counters    (void);

G_END_DECLS
