/* fb-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * FbPoolKind:
 * @FB_POOL_PROCESSES: tasks run in `forkbench-worker` processes
 * @FB_POOL_THREADS: tasks run in threads of the calling process
 *
 * How a #FbPool runs its tasks.
 */
typedef enum
{
  FB_POOL_PROCESSES,
  FB_POOL_THREADS,
} FbPoolKind;

/**
 * FbTaskStatus:
 * @FB_TASK_PENDING: not finished yet
 * @FB_TASK_SUCCEEDED: the kernel returned a value
 * @FB_TASK_FAILED: the task failed; the record holds the error
 * @FB_TASK_CANCELLED: the task was cancelled before it finished
 */
typedef enum
{
  FB_TASK_PENDING,
  FB_TASK_SUCCEEDED,
  FB_TASK_FAILED,
  FB_TASK_CANCELLED,
} FbTaskStatus;

/**
 * FbMapFlags:
 * @FB_MAP_NONE: deliver results as they complete and keep none
 * @FB_MAP_ORDERED: deliver results in input order (map, imap)
 * @FB_MAP_KEEP_RECORDS: keep every record for fb_map_get_records() (map)
 */
typedef enum /*< flags >*/
{
  FB_MAP_NONE         = 0,
  FB_MAP_ORDERED      = 1 << 0,
  FB_MAP_KEEP_RECORDS = 1 << 1,
} FbMapFlags;

/**
 * FbParamType:
 * @FB_PARAM_INT: a 64-bit integer within a range
 * @FB_PARAM_CHOICE: one string out of a fixed list
 * @FB_PARAM_STRING: a string
 * @FB_PARAM_STRV: a list of strings
 * @FB_PARAM_INT_ARRAY: a list of 64-bit integers
 */
typedef enum
{
  FB_PARAM_INT,
  FB_PARAM_CHOICE,
  FB_PARAM_STRING,
  FB_PARAM_STRV,
  FB_PARAM_INT_ARRAY,
} FbParamType;

G_END_DECLS
