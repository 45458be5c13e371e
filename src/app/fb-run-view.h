/* fb-run-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-chart.h"
#include "fb-engine.h"
#include "fb-monitor.h"

G_BEGIN_DECLS

#define FB_TYPE_RUN_VIEW (fb_run_view_get_type ())

G_DECLARE_FINAL_TYPE (FbRunView, fb_run_view, FB, RUN_VIEW, GtkWidget)

void      fb_run_view_start       (FbRunView  *self,
                                   FbWorkload *workload);
void      fb_run_view_start_sweep (FbRunView  *self,
                                   FbWorkload *workload,
                                   guint       max_workers);
void      fb_run_view_stop        (FbRunView  *self);
gboolean  fb_run_view_get_running (FbRunView  *self);
FbRun    *fb_run_view_get_run     (FbRunView  *self);
void      fb_run_view_set_sample_interval (FbRunView *self,
                                           guint      interval_ms);
guint     fb_run_view_get_sample_interval (FbRunView *self);
char     *fb_run_view_get_log     (FbRunView  *self);
FbChart  *fb_run_view_get_cpu_chart        (FbRunView *self);
FbChart  *fb_run_view_get_throughput_chart (FbRunView *self);

G_END_DECLS
