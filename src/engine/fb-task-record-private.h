/* fb-task-record-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-task-record.h"

G_BEGIN_DECLS

FbTaskRecord *fb_task_record_block_new      (guint         n_max);
void          fb_task_record_block_init     (FbTaskRecord *records,
                                             guint         i,
                                             guint64       index,
                                             gint64        input,
                                             gint64        queued_us);
void          fb_task_record_block_finish   (FbTaskRecord *records,
                                             guint         n_used);
void          fb_task_record_release        (FbTaskRecord *record,
                                             guint         n_refs);
guint         fb_task_record_get_n_mapped_blocks (void);

G_END_DECLS
