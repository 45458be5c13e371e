/* fb-throughput-chart.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-chart.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_TYPE_THROUGHPUT_CHART (fb_throughput_chart_get_type ())

G_DECLARE_FINAL_TYPE (FbThroughputChart, fb_throughput_chart, FB, THROUGHPUT_CHART, FbChart)

FbThroughputChart *fb_throughput_chart_new        (void);
FbSeries          *fb_throughput_chart_get_series (FbThroughputChart *self,
                                                   FbPoolKind         kind);
void               fb_throughput_chart_set_series (FbThroughputChart *self,
                                                   FbPoolKind         kind,
                                                   FbSeries          *series);

G_END_DECLS
