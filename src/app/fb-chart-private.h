/* fb-chart-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parts of FbChart its tests reach that are not its API.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds early that still count as a second. */
#define FB_CHART_PACE_SLACK 50000

/**
 * FbChartPace:
 * @request_us: when the description was last asked to change, or 0
 * @update_us: when it last changed, or 0
 *
 * How often a chart tells screen readers its description: at most once a
 * second, and in step with what asks for it.
 */
typedef struct
{
  gint64 request_us;
  gint64 update_us;
} FbChartPace;

gint64 fb_chart_pace_request (FbChartPace *pace,
                              gint64       now_us);
void   fb_chart_pace_updated (FbChartPace *pace,
                              gint64       now_us);

G_END_DECLS
