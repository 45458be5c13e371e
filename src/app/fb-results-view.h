/* fb-results-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "fb-engine.h"
#include "fb-speedup-chart.h"
#include "fb-timeline-chart.h"

G_BEGIN_DECLS

#define FB_TYPE_RESULTS_VIEW (fb_results_view_get_type ())

G_DECLARE_FINAL_TYPE (FbResultsView, fb_results_view, FB, RESULTS_VIEW, GtkWidget)

void        fb_results_view_set_run      (FbResultsView *self,
                                          FbRun         *run,
                                          const char    *lesson);
FbRun      *fb_results_view_get_run      (FbResultsView *self);
void        fb_results_view_focus_verdict (FbResultsView *self);
void        fb_results_view_set_caption  (FbResultsView *self,
                                          const char    *caption);
const char *fb_results_view_get_caption  (FbResultsView *self);
const char *fb_results_view_get_cell     (FbResultsView *self,
                                          const char    *row,
                                          FbPoolKind     kind);
const char *fb_results_view_get_verdict  (FbResultsView *self);
FbTimelineChart *fb_results_view_get_timeline (FbResultsView *self,
                                               FbPoolKind     kind);
FbSpeedupChart *fb_results_view_get_speedup_chart (FbResultsView *self);
const char *fb_results_view_get_scaling  (FbResultsView *self);

G_END_DECLS
