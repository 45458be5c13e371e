/* fb-test-util.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-engine.h"

G_BEGIN_DECLS

FbCall    *fb_test_call             (const char   *kernel,
                                     const char   *params);
FbPool    *fb_test_pool             (FbPoolKind    kind,
                                     guint         n_workers);
FbMap     *fb_test_run_map          (FbPool       *pool,
                                     FbCall       *call,
                                     FbInputs     *inputs,
                                     guint         chunksize,
                                     FbMapFlags    flags,
                                     guint         timeout_ms,
                                     GCancellable *cancellable,
                                     GError      **error);
GPtrArray *fb_test_map_values       (FbPool       *pool,
                                     FbCall       *call,
                                     const gint64 *values,
                                     gsize         n_values);
void       fb_test_wait             (gboolean     *done);
void       fb_test_join             (FbPool       *pool);
GArray    *fb_test_list_children    (gint64        pid,
                                     guint        *n_zombies);
guint      fb_test_count_children   (guint        *n_zombies);
guint      fb_test_count_fds        (void);
gboolean   fb_test_have_python      (void);
gint64     fb_test_resident_bytes   (void);
void       fb_test_execute_run      (FbRun        *run);
gboolean   fb_test_execute_run_full (FbRun        *run,
                                     GCancellable *cancellable,
                                     GError      **error);
double     fb_test_execute_run_measured (FbRun    *run);
void       fb_test_kill_leaves_no_worker (GSubprocess *proc,
                                          guint        n_workers);
gboolean   fb_test_pid_alive        (gint64        pid);
gboolean   fb_test_wait_pids_gone   (GArray       *pids,
                                     guint         max_ms);
void       fb_test_remove_tree      (const char   *path);

G_END_DECLS
