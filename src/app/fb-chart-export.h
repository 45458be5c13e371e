/* fb-chart-export.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-chart.h"

G_BEGIN_DECLS

/**
 * FbChartFormat:
 * @FB_CHART_FORMAT_PNG: a bitmap
 * @FB_CHART_FORMAT_SVG: a vector drawing
 */
typedef enum
{
  FB_CHART_FORMAT_PNG,
  FB_CHART_FORMAT_SVG,
} FbChartFormat;

gboolean fb_chart_export (FbChart        *chart,
                          GFile          *file,
                          FbChartFormat   format,
                          int             width,
                          int             height,
                          GError        **error);

G_END_DECLS
