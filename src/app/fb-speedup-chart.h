/* fb-speedup-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-chart.h"
#include "fb-engine.h"

G_BEGIN_DECLS

#define FB_TYPE_SPEEDUP_CHART (fb_speedup_chart_get_type ())

G_DECLARE_FINAL_TYPE (FbSpeedupChart, fb_speedup_chart, FB, SPEEDUP_CHART, FbChart)

FbSpeedupChart *fb_speedup_chart_new     (void);
void            fb_speedup_chart_set_run (FbSpeedupChart *self,
                                          FbRun          *run);
guint           fb_speedup_chart_get_max_workers (FbSpeedupChart *self);

G_END_DECLS
