/* fb-report-cells.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "fb-engine.h"

G_BEGIN_DECLS

typedef struct
{
  const char *id;
  const char *title;
} FbReportRow;

const FbReportRow *fb_report_rows           (guint       *n_rows);
char              *fb_report_dup_cell       (FbReport    *r,
                                             const char  *id);
GtkWidget         *fb_report_cell_label_new (const char  *text,
                                             gboolean     header,
                                             float        xalign);

G_END_DECLS
