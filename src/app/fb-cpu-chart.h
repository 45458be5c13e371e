/* fb-cpu-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-chart.h"
#include "fb-cpu-sampler.h"

G_BEGIN_DECLS

/* Up to this many cores, each is a line; past it, a row of a heat map. */
#define FB_CPU_CHART_MAX_LINES 16

#define FB_TYPE_CPU_CHART (fb_cpu_chart_get_type ())

G_DECLARE_FINAL_TYPE (FbCpuChart, fb_cpu_chart, FB, CPU_CHART, FbChart)

FbCpuChart   *fb_cpu_chart_new               (void);
FbCpuSampler *fb_cpu_chart_get_sampler       (FbCpuChart   *self);
void          fb_cpu_chart_set_sampler       (FbCpuChart   *self,
                                              FbCpuSampler *sampler);
void          fb_cpu_chart_mark_mode         (FbCpuChart   *self,
                                              const char   *label,
                                              double        t_start,
                                              double        t_end);
void          fb_cpu_chart_clear_marks       (FbCpuChart   *self);
gboolean      fb_cpu_chart_get_uses_heat_map (FbCpuChart   *self);

G_END_DECLS
