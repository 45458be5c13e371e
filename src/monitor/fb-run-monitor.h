/* fb-run-monitor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-cpu-sampler.h"
#include "fb-engine.h"
#include "fb-proc-stats.h"
#include "fb-series.h"

G_BEGIN_DECLS

#define FB_TYPE_RUN_MONITOR (fb_run_monitor_get_type ())

G_DECLARE_FINAL_TYPE (FbRunMonitor, fb_run_monitor, FB, RUN_MONITOR, GObject)

FbRunMonitor *fb_run_monitor_new             (FbRun         *run,
                                              FbCpuSampler  *sampler);
FbCpuSampler *fb_run_monitor_get_sampler     (FbRunMonitor  *self);
FbSeries     *fb_run_monitor_get_throughput  (FbRunMonitor  *self,
                                              FbPoolKind     kind);
GArray       *fb_run_monitor_get_workers     (FbRunMonitor  *self);

G_END_DECLS
