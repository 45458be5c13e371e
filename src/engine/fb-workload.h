/* fb-workload.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "fb-inputs.h"
#include "fb-kernel.h"
#include "fb-types.h"

G_BEGIN_DECLS

#define FB_WORKLOAD_ERROR (fb_workload_error_quark ())

/**
 * FbWorkloadError:
 * @FB_WORKLOAD_ERROR_FILE: the file cannot be read (missing, a folder, too large, empty)
 * @FB_WORKLOAD_ERROR_ENCODING: the file is not UTF-8 text
 * @FB_WORKLOAD_ERROR_SYNTAX: the text is not JSON, or too deeply nested
 * @FB_WORKLOAD_ERROR_VERSION: the format version is missing or newer than this Forkbench
 * @FB_WORKLOAD_ERROR_UNKNOWN_KEY: a key the format does not have
 * @FB_WORKLOAD_ERROR_MISSING_KEY: a required key is not there
 * @FB_WORKLOAD_ERROR_TYPE: a value of the wrong type
 * @FB_WORKLOAD_ERROR_RANGE: a number outside its limits
 * @FB_WORKLOAD_ERROR_KERNEL: an unknown kernel, or parameters it refuses
 * @FB_WORKLOAD_ERROR_PRESET: no preset of that name
 */
typedef enum
{
  FB_WORKLOAD_ERROR_FILE,
  FB_WORKLOAD_ERROR_ENCODING,
  FB_WORKLOAD_ERROR_SYNTAX,
  FB_WORKLOAD_ERROR_VERSION,
  FB_WORKLOAD_ERROR_UNKNOWN_KEY,
  FB_WORKLOAD_ERROR_MISSING_KEY,
  FB_WORKLOAD_ERROR_TYPE,
  FB_WORKLOAD_ERROR_RANGE,
  FB_WORKLOAD_ERROR_KERNEL,
  FB_WORKLOAD_ERROR_PRESET,
} FbWorkloadError;

/**
 * FbRunMode:
 * @FB_RUN_MODE_PROCESSES: run in a process pool
 * @FB_RUN_MODE_THREADS: run in a thread pool
 * @FB_RUN_MODE_BOTH: run in a process pool, then in a thread pool
 */
typedef enum
{
  FB_RUN_MODE_PROCESSES,
  FB_RUN_MODE_THREADS,
  FB_RUN_MODE_BOTH,
} FbRunMode;

/* The format version this Forkbench writes and reads. */
#define FB_WORKLOAD_FORMAT 1

/* Limits, documented in docs/workloads.md. */
#define FB_WORKLOAD_MAX_FILE_SIZE   (16 * 1024 * 1024)
#define FB_WORKLOAD_MAX_DEPTH       64
#define FB_WORKLOAD_MAX_TASKS       10000000
#define FB_WORKLOAD_MAX_INPUTS      1000000
#define FB_WORKLOAD_MAX_NAME        200
#define FB_WORKLOAD_MAX_DESCRIPTION 4000

#define FB_TYPE_WORKLOAD (fb_workload_get_type ())

G_DECLARE_FINAL_TYPE (FbWorkload, fb_workload, FB, WORKLOAD, GObject)

GQuark         fb_workload_error_quark        (void);
const char    *fb_run_mode_to_string          (FbRunMode      mode);
gboolean       fb_run_mode_from_string        (const char    *str,
                                               FbRunMode     *mode);

FbWorkload    *fb_workload_new                (void);
FbWorkload    *fb_workload_new_from_data      (const char    *data,
                                               gssize         length,
                                               const char    *source,
                                               GError       **error);
FbWorkload    *fb_workload_new_from_file      (GFile         *file,
                                               GError       **error);
FbWorkload    *fb_workload_new_from_preset    (const char    *id,
                                               GError       **error);
char         **fb_workload_list_presets       (void);
FbWorkload    *fb_workload_copy               (FbWorkload    *self);
gboolean       fb_workload_equal              (FbWorkload    *a,
                                               FbWorkload    *b);
char          *fb_workload_to_data            (FbWorkload    *self,
                                               gsize         *length);
gboolean       fb_workload_save               (FbWorkload    *self,
                                               GFile         *file,
                                               GError       **error);
gboolean       fb_workload_validate           (FbWorkload    *self,
                                               GError       **error);
const char * const *fb_workload_get_warnings  (FbWorkload    *self);

FbCall        *fb_workload_make_call          (FbWorkload    *self,
                                               GError       **error);
const char    *fb_workload_get_base_dir       (FbWorkload    *self);
void           fb_workload_set_base_dir       (FbWorkload    *self,
                                               const char    *dir);
FbInputs      *fb_workload_make_inputs        (FbWorkload    *self);
guint64        fb_workload_get_n_tasks        (FbWorkload    *self);

const char    *fb_workload_get_name           (FbWorkload    *self);
void           fb_workload_set_name           (FbWorkload    *self,
                                               const char    *name);
const char    *fb_workload_get_description    (FbWorkload    *self);
void           fb_workload_set_description    (FbWorkload    *self,
                                               const char    *description);
const char    *fb_workload_get_kernel         (FbWorkload    *self);
void           fb_workload_set_kernel         (FbWorkload    *self,
                                               const char    *kernel);
GVariant      *fb_workload_get_params         (FbWorkload    *self);
void           fb_workload_set_params         (FbWorkload    *self,
                                               GVariant      *params);
const gint64  *fb_workload_get_inputs         (FbWorkload    *self,
                                               gsize         *n_inputs);
void           fb_workload_set_inputs         (FbWorkload    *self,
                                               const gint64  *inputs,
                                               gsize          n_inputs);
guint64        fb_workload_get_tasks          (FbWorkload    *self);
void           fb_workload_set_tasks          (FbWorkload    *self,
                                               guint64        tasks);
guint          fb_workload_get_workers        (FbWorkload    *self);
void           fb_workload_set_workers        (FbWorkload    *self,
                                               guint          workers);
FbRunMode      fb_workload_get_mode           (FbWorkload    *self);
void           fb_workload_set_mode           (FbWorkload    *self,
                                               FbRunMode      mode);
guint          fb_workload_get_chunksize      (FbWorkload    *self);
void           fb_workload_set_chunksize      (FbWorkload    *self,
                                               guint          chunksize);
gboolean       fb_workload_get_ordered        (FbWorkload    *self);
void           fb_workload_set_ordered        (FbWorkload    *self,
                                               gboolean       ordered);
guint          fb_workload_get_timeout        (FbWorkload    *self);
void           fb_workload_set_timeout        (FbWorkload    *self,
                                               guint          timeout_ms);

G_END_DECLS
