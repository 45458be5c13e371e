/* fb-timeline-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-chart.h"
#include "fb-engine.h"

G_BEGIN_DECLS

#define FB_TYPE_TIMELINE_CHART (fb_timeline_chart_get_type ())

G_DECLARE_FINAL_TYPE (FbTimelineChart, fb_timeline_chart, FB, TIMELINE_CHART, FbChart)

FbTimelineChart *fb_timeline_chart_new                (void);
void             fb_timeline_chart_set_records        (FbTimelineChart  *self,
                                                       FbPoolKind        kind,
                                                       GPtrArray        *records);
GPtrArray       *fb_timeline_chart_get_records        (FbTimelineChart  *self);
FbPoolKind       fb_timeline_chart_get_kind           (FbTimelineChart  *self);
guint            fb_timeline_chart_get_n_lanes        (FbTimelineChart  *self);
FbTaskRecord    *fb_timeline_chart_get_task_at        (FbTimelineChart  *self,
                                                       double            x,
                                                       double            y);
gboolean         fb_timeline_chart_get_task_area      (FbTimelineChart  *self,
                                                       FbTaskRecord     *record,
                                                       graphene_rect_t  *area);
char            *fb_timeline_chart_dup_task_text      (FbTimelineChart  *self,
                                                       FbTaskRecord     *record);
FbTaskRecord    *fb_timeline_chart_get_focused_task   (FbTimelineChart  *self);
void             fb_timeline_chart_set_focused_task   (FbTimelineChart  *self,
                                                       FbTaskRecord     *record);
const char      *fb_timeline_chart_get_readout        (FbTimelineChart  *self);
void             fb_timeline_chart_zoom               (FbTimelineChart  *self,
                                                       double            factor,
                                                       double            t_anchor);
void             fb_timeline_chart_pan                (FbTimelineChart  *self,
                                                       double            dt);
void             fb_timeline_chart_reset_view         (FbTimelineChart  *self);
guint            fb_timeline_chart_get_n_prepared_shapes (FbTimelineChart *self);

G_END_DECLS
