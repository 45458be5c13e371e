/* fb-kernel-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-kernel.h"

G_BEGIN_DECLS

/* The most parameters any kernel takes; FbCall keeps them in slots. */
#define FB_KERNEL_MAX_PARAMS 4

/* Output a task may capture (print, command) is cut beyond this. */
#define FB_KERNEL_MAX_OUTPUT (64 * 1024)

/* Where a kernel runs, as the backend prepares it. */
typedef struct
{
  /* TRUE in a forkbench-worker process, FALSE in a pool thread. */
  gboolean        in_process;
  /* Set non-zero by the pool when the running task must stop early
   * (cancelled or timed out). Kernels that loop or wait check it. */
  const gint     *cancel;
  /* The shared-array storage for this call: the original values, then the
   * current ones (2 * shared_len elements), in shared memory for processes. */
  gint64         *shared;
  gsize           shared_len;
} FbKernelEnv;

/* One task, as a kernel sees it. */
typedef struct
{
  /* In */
  guint64         index;
  gint64          input;
  const guint8   *payload;
  gsize           payload_len;
  /* Out */
  gint64          value;
  GString        *output;
  /* When the task really started, if not when it was called: a task that
   * first waits for a lock starts running once it holds it. */
  gint64          started_us;
} FbKernelTask;

gboolean  fb_kernel_run          (FbCall             *call,
                                  const FbKernelEnv  *env,
                                  FbKernelTask       *task,
                                  GError            **error);
void      fb_kernel_fill_payload (gint64              input,
                                  guint8             *payload,
                                  gsize               len);
gboolean  fb_kernel_is_cancelled (const FbKernelEnv  *env);
gboolean  fb_kernel_invalid_param (GError          **error,
                                   const char       *format,
                                   ...) G_GNUC_PRINTF (2, 3);
gint64    fb_kernel_thread_cpu_us (void);

/*
 * fb_kernel_cpu_share:
 *
 * Reading a thread's CPU time is a system call, which costs more than a tiny
 * task, so both backends read it once for a run of consecutive tasks and
 * give each task the share of it that its wall time was of the run's. A
 * unit of one task gets exactly its own, and no task more than the run's.
 * The times come from a worker, which may lie: the share is worked out so
 * that no product overflows.
 */
static inline gint64
fb_kernel_cpu_share (gint64 run_cpu_us,
                     gint64 task_wall_us,
                     gint64 run_wall_us,
                     guint  n_tasks)
{
  double share;

  if (run_wall_us <= 0)
    return run_cpu_us / MAX (n_tasks, 1);
  if (task_wall_us >= run_wall_us)
    return run_cpu_us;
  if (task_wall_us <= 0)
    return 0;
  if (run_cpu_us <= G_MAXINT64 / task_wall_us)
    return run_cpu_us * task_wall_us / run_wall_us;

  share = (double) run_cpu_us / (double) run_wall_us * (double) task_wall_us;
  return share < (double) run_cpu_us ? (gint64) share : run_cpu_us;
}

G_END_DECLS
