/* fb-run.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "fb-machine.h"
#include "fb-pool.h"
#include "fb-python.h"
#include "fb-report.h"
#include "fb-workload.h"

G_BEGIN_DECLS

#define FB_RUN_ERROR (fb_run_error_quark ())

/**
 * FbRunError:
 * @FB_RUN_ERROR_INVALID: saved data that is not a run Forkbench can read
 * @FB_RUN_ERROR_TASK_FAILED: a task of a run read back failed; the message
 *   is the one it failed with
 * @FB_RUN_ERROR_TOO_BIG: the run would need more memory than the machine
 *   has; nothing ran
 */
typedef enum
{
  FB_RUN_ERROR_INVALID,
  FB_RUN_ERROR_TASK_FAILED,
  FB_RUN_ERROR_TOO_BIG,
} FbRunError;

GQuark fb_run_error_quark (void);

#define FB_TYPE_RUN (fb_run_get_type ())

G_DECLARE_FINAL_TYPE (FbRun, fb_run, FB, RUN, GObject)

FbRun       *fb_run_new              (FbWorkload           *workload);
FbRun       *fb_run_new_sweep        (FbWorkload           *workload,
                                      guint                 max_workers);
FbRun       *fb_run_new_from_json    (JsonNode             *node,
                                      const char           *where,
                                      GError              **error);
FbWorkload  *fb_run_get_workload     (FbRun                *self);
FbMachine   *fb_run_get_machine      (FbRun                *self);
FbPool      *fb_run_get_pool         (FbRun                *self);
gboolean     fb_run_is_sweep         (FbRun                *self);
const FbPythonInfo *fb_run_get_python (FbRun              *self);
guint        fb_run_get_n_steps      (FbRun                *self);
GPtrArray   *fb_run_get_reports      (FbRun                *self);
FbReport    *fb_run_get_report       (FbRun                *self,
                                      FbPoolKind            kind,
                                      guint                 workers);
char        *fb_run_dup_verdict      (FbRun                *self);
gboolean     fb_run_fit_amdahl       (FbRun                *self,
                                      FbPoolKind            kind,
                                      double               *serial_fraction,
                                      double               *residual,
                                      guint                *max_workers);
char        *fb_run_dup_scaling      (FbRun                *self,
                                      FbPoolKind            kind);
JsonNode    *fb_run_to_json          (FbRun                *self,
                                      FbReportJsonFlags     flags);
char        *fb_run_to_csv           (FbRun                *self,
                                      gboolean              with_results);
void         fb_run_execute_async    (FbRun                *self,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
gboolean     fb_run_execute_finish   (FbRun                *self,
                                      GAsyncResult         *result,
                                      GError              **error);

G_END_DECLS
