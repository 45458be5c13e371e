/* fb-run.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run is what Forkbench learns from a workload: it runs it in one mode or
 * in both (one after the other, with the same inputs), or, for a sweep, at
 * 1..N workers in each mode, and keeps a report of each step together with
 * the machine it ran on. Then it says in a sentence what happened.
 */

#define G_LOG_DOMAIN "fb-run"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "fb-amdahl.h"
#include "fb-format.h"
#include "fb-map.h"
#include "fb-pool.h"
#include "fb-python.h"
#include "fb-run-private.h"

typedef struct
{
  FbPoolKind kind;
  guint      workers;
} Step;

struct _FbRun
{
  GObject       parent_instance;

  /* Owned */
  FbWorkload   *workload;
  FbMachine    *machine;
  GArray       *steps;
  GPtrArray    *reports;
  GTask        *task;
  FbPool       *pool;
  FbMap        *map;
  FbCall       *call;
  FbInputs     *inputs;
  FbPythonInfo *python;

  guint         step;
  guint         sweep : 1;
};

enum {
  STEP_STARTED,
  PROGRESS,
  TASK_FINISHED,
  TASKS_FINISHED,
  STEP_FINISHED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbRun, fb_run, G_TYPE_OBJECT)
G_DEFINE_QUARK (fb-run-error-quark, fb_run_error)

static void run_next_step (FbRun *self);
static void start_map     (FbRun *self);
static void pool_ready_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
fb_run_finalize (GObject *object)
{
  FbRun *self = (FbRun *)object;

  g_assert (self->task == NULL);

  g_clear_object (&self->workload);
  g_clear_object (&self->machine);
  g_clear_object (&self->map);
  g_clear_object (&self->pool);
  g_clear_pointer (&self->call, fb_call_unref);
  g_clear_pointer (&self->inputs, fb_inputs_unref);
  g_clear_pointer (&self->python, fb_python_info_free);
  g_clear_pointer (&self->steps, g_array_unref);
  g_clear_pointer (&self->reports, g_ptr_array_unref);

  G_OBJECT_CLASS (fb_run_parent_class)->finalize (object);
}

static void
fb_run_class_init (FbRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_run_finalize;

  /**
   * FbRun::step-started:
   * @kind: the kind of pool
   * @workers: its workers
   * @step: which step, from 0
   * @n_steps: how many steps the run has
   */
  signals [STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_INT, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_UINT);

  /**
   * FbRun::progress:
   * @n_done: tasks of the current step delivered so far
   * @n_failed: of which failed
   * @n_total: tasks in the step
   */
  signals [PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_UINT64);

  /**
   * FbRun::task-finished:
   * @record: a task's record, as the step delivers it
   */
  signals [TASK_FINISHED] =
    g_signal_new ("task-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FB_TYPE_TASK_RECORD | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FbRun::tasks-finished:
   * @records: (element-type FbTaskRecord): the tasks of ::task-finished, a
   *   batch at a time, as the step's #FbMap::tasks-finished gives them
   */
  signals [TASKS_FINISHED] =
    g_signal_new ("tasks-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * FbRun::step-finished:
   * @report: what the step learned
   */
  signals [STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FB_TYPE_REPORT);
}

static void
fb_run_init (FbRun *self)
{
  self->steps = g_array_new (FALSE, FALSE, sizeof (Step));
  self->reports = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_report_unref);
}

static void
add_steps (FbRun *self,
           guint  min_workers,
           guint  max_workers)
{
  FbRunMode mode = fb_workload_get_mode (self->workload);

  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    {
      if ((mode == FB_RUN_MODE_PROCESSES && kind != FB_POOL_PROCESSES) ||
          (mode == FB_RUN_MODE_THREADS && kind != FB_POOL_THREADS))
        continue;

      for (guint w = min_workers; w <= max_workers; w++)
        {
          Step step = { kind, w };
          g_array_append_val (self->steps, step);
        }
    }
}

/**
 * fb_run_new:
 * @workload: what to run; it is copied, so later edits do not change the run
 *
 * Returns: (transfer full): a run of @workload in its mode or modes
 */
FbRun *
fb_run_new (FbWorkload *workload)
{
  FbRun *self;

  g_return_val_if_fail (FB_IS_WORKLOAD (workload), NULL);

  self = g_object_new (FB_TYPE_RUN, NULL);
  self->workload = fb_workload_copy (workload);
  add_steps (self, fb_workload_get_workers (workload), fb_workload_get_workers (workload));

  return self;
}

/**
 * fb_run_new_sweep:
 * @max_workers: run at 1, 2, ..., @max_workers workers
 *
 * Returns: (transfer full): a run of @workload at every number of workers
 *   up to @max_workers, in its mode or modes, whose speedups are measured
 */
FbRun *
fb_run_new_sweep (FbWorkload *workload,
                  guint       max_workers)
{
  FbRun *self;

  g_return_val_if_fail (FB_IS_WORKLOAD (workload), NULL);
  g_return_val_if_fail (max_workers >= 1 && max_workers <= FB_POOL_MAX_WORKERS, NULL);

  self = g_object_new (FB_TYPE_RUN, NULL);
  self->workload = fb_workload_copy (workload);
  self->sweep = TRUE;
  add_steps (self, 1, max_workers);

  return self;
}

/**
 * fb_run_get_workload:
 *
 * Returns: (transfer none): the run's own copy of the workload
 */
FbWorkload *
fb_run_get_workload (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), NULL);
  return self->workload;
}

/**
 * fb_run_get_machine:
 *
 * Returns: (transfer none) (nullable): the machine, once the run started
 */
FbMachine *
fb_run_get_machine (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), NULL);
  return self->machine;
}

gboolean
fb_run_is_sweep (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), FALSE);
  return self->sweep;
}

guint
fb_run_get_n_steps (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), 0);
  return self->steps->len;
}

/**
 * fb_run_get_pool:
 *
 * Returns: (transfer none) (nullable): the pool of the step running now,
 *   from ::step-started to the end of ::step-finished
 */
FbPool *
fb_run_get_pool (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), NULL);
  return self->pool;
}

/**
 * fb_run_get_reports:
 *
 * Returns: (transfer none) (element-type FbReport): a report per step run
 *   so far, in order; the last one is partial when the run was stopped
 */
GPtrArray *
fb_run_get_reports (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), NULL);
  return self->reports;
}

/**
 * fb_run_get_report:
 *
 * Returns: (transfer none) (nullable): the report of that step, if it ran
 */
FbReport *
fb_run_get_report (FbRun      *self,
                   FbPoolKind  kind,
                   guint       workers)
{
  g_return_val_if_fail (FB_IS_RUN (self), NULL);

  for (guint i = 0; i < self->reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (self->reports, i);

      if (report->kind == kind && (workers == 0 || report->workers == workers))
        return report;
    }

  return NULL;
}

void
fb_run_add_report (FbRun    *self,
                   FbReport *report)
{
  g_return_if_fail (FB_IS_RUN (self));
  g_return_if_fail (report != NULL);
  g_return_if_fail (self->task == NULL && self->call == NULL);

  g_ptr_array_add (self->reports, fb_report_ref (report));
}

/* Puts the run on another machine's description: for tests of what a
 * run concludes on a machine of a given size. */
void
fb_run_set_machine (FbRun     *self,
                    FbMachine *machine)
{
  g_return_if_fail (FB_IS_RUN (self));
  g_return_if_fail (FB_IS_MACHINE (machine));

  g_set_object (&self->machine, machine);
}

static void
map_task_finished_cb (FbRun        *self,
                      FbTaskRecord *record,
                      FbMap        *map)
{
  g_signal_emit (self, signals [TASK_FINISHED], 0, record);
}

static void
map_tasks_finished_cb (FbRun     *self,
                       GPtrArray *records,
                       FbMap     *map)
{
  g_signal_emit (self, signals [TASKS_FINISHED], 0, records);
}

/* Connects @forward to the map's @map_signal once, when this run's
 * @signal_id has handlers: a map emits its per-task signals only then. */
static void
forward_if_wanted (FbRun      *self,
                   guint       signal_id,
                   const char *map_signal,
                   GCallback   forward)
{
  if (g_signal_has_handler_pending (self, signal_id, 0, TRUE) &&
      !g_signal_handler_find (self->map, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                              forward, self))
    g_signal_connect_object (self->map, map_signal, forward, self, G_CONNECT_SWAPPED);
}

/* Forwards the map's per-task signals that have handlers here. A handler
 * of ::step-started may want every task, so this runs again after it. */
static void
connect_task_signals (FbRun *self)
{
  forward_if_wanted (self, signals [TASK_FINISHED], "task-finished", G_CALLBACK (map_task_finished_cb));
  forward_if_wanted (self, signals [TASKS_FINISHED], "tasks-finished", G_CALLBACK (map_tasks_finished_cb));
}

static void
map_progress_cb (FbRun   *self,
                 guint64  n_done,
                 guint64  n_failed,
                 FbMap   *map)
{
  g_signal_emit (self, signals [PROGRESS], 0, n_done, n_failed,
                 fb_workload_get_n_tasks (self->workload));
}

static void
finish_step (FbRun *self)
{
  Step *step = &g_array_index (self->steps, Step, self->step);
  g_autoptr(FbReport) report = NULL;

  report = fb_report_new (step->kind, step->workers, fb_workload_get_chunksize (self->workload),
                          fb_workload_get_n_tasks (self->workload),
                          fb_map_get_records (self->map));
  report->respawns = fb_pool_get_n_respawns (self->pool);
  if (self->python != NULL)
    fb_report_set_python (report, self->python);
  g_ptr_array_add (self->reports, fb_report_ref (report));

  /* While the workers are still there, for whoever measures them. */
  g_signal_emit (self, signals [STEP_FINISHED], 0, report);

  fb_pool_terminate (self->pool);
  g_clear_object (&self->map);
  g_clear_object (&self->pool);
}

/* Ends the run with @error. */
static void
fail_run (FbRun  *self,
          GError *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);

  g_task_return_error (task, error);
}

static void
set_sweep_baselines (FbRun *self)
{
  for (guint i = 0; i < self->reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (self->reports, i);
      FbReport *one = fb_run_get_report (self, report->kind, 1);

      if (one != NULL && !report->interrupted && !one->interrupted)
        fb_report_set_baseline (report, one);
    }
}

static void
map_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FbRun) self = user_data;
  g_autoptr(GError) error = NULL;

  fb_map_run_finish (FB_MAP (object), result, &error);
  finish_step (self);

  if (error != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      if (self->sweep)
        set_sweep_baselines (self);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  self->step++;
  run_next_step (self);
}

static void
run_next_step (FbRun *self)
{
  g_autoptr(GError) error = NULL;
  Step *step;

  if (self->step >= self->steps->len)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      if (self->sweep)
        set_sweep_baselines (self);
      g_task_return_boolean (task, TRUE);
      return;
    }

  step = &g_array_index (self->steps, Step, self->step);

  if (!(self->pool = fb_pool_new_for_call (step->kind, step->workers, self->call, &error)))
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  /* Interpreters take a while to start and import the file: the run
   * compares the work, so it starts once they are ready. */
  if (fb_call_is_python (self->call))
    fb_pool_wait_ready_async (self->pool, g_task_get_cancellable (self->task), pool_ready_cb, g_object_ref (self));
  else
    start_map (self);
}

static void
pool_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(FbRun) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!fb_pool_wait_ready_finish (FB_POOL (object), result, &error) ||
      g_task_return_error_if_cancelled (self->task))
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      fb_pool_terminate (self->pool);
      g_clear_object (&self->pool);
      if (task != NULL && error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  start_map (self);
}

static void
start_map (FbRun *self)
{
  Step *step = &g_array_index (self->steps, Step, self->step);
  FbMapFlags flags = FB_MAP_KEEP_RECORDS;

  if (fb_workload_get_ordered (self->workload))
    flags |= FB_MAP_ORDERED;

  self->map = fb_map_new (self->pool, self->call, self->inputs,
                          fb_workload_get_chunksize (self->workload), flags);
  fb_map_set_timeout (self->map, fb_workload_get_timeout (self->workload));
  g_signal_connect_object (self->map, "progress", G_CALLBACK (map_progress_cb), self, G_CONNECT_SWAPPED);
  connect_task_signals (self);

  g_signal_emit (self, signals [STEP_STARTED], 0, step->kind, step->workers, self->step, self->steps->len);

  connect_task_signals (self);

  fb_map_run_async (self->map, g_task_get_cancellable (self->task), map_done_cb, g_object_ref (self));
}

static void
power_profile_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(FbRun) self = user_data;
  g_autoptr(GError) error = NULL;

  /* Not knowing the power profile is no reason not to run. */
  if (!fb_machine_query_power_profile_finish (FB_MACHINE (object), result, &error))
    g_debug ("Could not ask for the power profile: %s", error->message);

  if (g_task_return_error_if_cancelled (self->task))
    {
      g_clear_object (&self->task);
      return;
    }

  run_next_step (self);
}

/* The memory the tasks running at once hold, against the machine's: a run
 * that cannot fit is refused before any worker starts, not attempted. */
static gboolean
check_memory (FbRun   *self,
              GError **error)
{
  g_autofree char *need_str = NULL;
  g_autofree char *have_str = NULL;
  g_autofree char *each_str = NULL;
  guint64 per_task = fb_call_get_task_memory (self->call);
  guint64 need, have;
  gint64 at_once = 0;
  long pages = sysconf (_SC_PHYS_PAGES);
  long page_size = sysconf (_SC_PAGESIZE);

  if (per_task == 0 || pages <= 0 || page_size <= 0)
    return TRUE;

  for (guint i = 0; i < self->steps->len; i++)
    at_once = MAX (at_once, (gint64) g_array_index (self->steps, Step, i).workers);
  at_once = MIN (at_once, fb_inputs_get_length (self->inputs));

  need = per_task * (guint64) at_once;
  have = (guint64) pages * (guint64) page_size;
  if (need <= have)
    return TRUE;

  need_str = g_format_size_full (need, G_FORMAT_SIZE_IEC_UNITS);
  have_str = g_format_size_full (have, G_FORMAT_SIZE_IEC_UNITS);
  each_str = g_format_size_full (per_task, G_FORMAT_SIZE_IEC_UNITS);
  g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_TOO_BIG,
               /* TRANSLATORS: sizes such as "1.0 TiB", then a number of
                * tasks, a size, and the machine's memory */
               g_dngettext (GETTEXT_PACKAGE,
                            "This run would hold %s at once (%lld task of %s), more than "
                            "this machine's %s of memory; nothing ran. Use fewer workers "
                            "or a smaller “mb”",
                            "This run would hold %s at once (%lld tasks of %s each), more than "
                            "this machine's %s of memory; nothing ran. Use fewer workers "
                            "or a smaller “mb”",
                            at_once),
               need_str, (long long) at_once, each_str, have_str);
  return FALSE;
}

static void
query_machine (FbRun *self)
{
  self->machine = fb_machine_new ();
  fb_machine_query_power_profile_async (self->machine, NULL, g_task_get_cancellable (self->task),
                                        power_profile_cb, g_object_ref (self));
}

static void
python_checked_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(FbRun) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!(self->python = fb_python_check_finish (result, &error)))
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  query_machine (self);
}

/**
 * fb_run_get_python:
 *
 * Returns: (transfer none) (nullable): the interpreter of a run of the
 *   python kernel, once it was checked
 */
const FbPythonInfo *
fb_run_get_python (FbRun *self)
{
  g_return_val_if_fail (FB_IS_RUN (self), NULL);
  return self->python;
}

/**
 * fb_run_execute_async:
 *
 * Runs every step. It fails with %G_IO_ERROR_CANCELLED when cancelled (the
 * reports of what ran stay, the last one partial), or when a pool cannot
 * start; tasks that fail do not make the run fail: their reports say so.
 */
void
fb_run_execute_async (FbRun               *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (FB_IS_RUN (self));
  g_return_if_fail (self->task == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, fb_run_execute_async);

  if (self->reports->len > 0 || self->call != NULL)
    {
      g_autoptr(GTask) task = g_steal_pointer (&self->task);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING,
                               _("This run already ran; make a new one"));
      return;
    }

  if (!(self->call = fb_workload_make_call (self->workload, &error)))
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }
  self->inputs = fb_workload_make_inputs (self->workload);

  if (!check_memory (self, &error))
    {
      fail_run (self, g_steal_pointer (&error));
      return;
    }

  /* A Python file is checked before anything runs: its syntax, its
   * function, its interpreter. */
  if (fb_call_is_python (self->call))
    fb_python_check_async (self->call, cancellable, python_checked_cb, g_object_ref (self));
  else
    query_machine (self);
}

gboolean
fb_run_execute_finish (FbRun         *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (FB_IS_RUN (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The verdict */

/* Whether a mode's tasks spent their time waiting rather than computing:
 * each ran long enough to tell, a millisecond or more, and was on a CPU
 * for less than half the share of a core it could get (all of one, or
 * @n_cores / workers when there were more workers than cores). Tasks too
 * short to tell keep a pool's cores idle too, handing them out. */
static gboolean
tasks_waited (FbReport *report,
              guint     n_cores)
{
  double mean_us = fb_report_get_mean_task_us (report);
  double core_share = MIN (1.0, (double) n_cores / MAX (report->workers, 1));
  guint64 n_tasks = report->tasks_ok + report->tasks_failed;

  return n_tasks > 0 && mean_us >= 1000 && report->cpu_s * 1e6 < 0.5 * core_share * mean_us * n_tasks;
}

/* Two sentences, or one when @second is %NULL. */
static char *
join_sentences (const char *first,
                const char *second)
{
  if (second == NULL)
    return g_strdup (first);

  return g_strconcat (first, " ", second, NULL);
}

static char *
describe_failures (FbReport *processes,
                   FbReport *threads)
{
  if (processes == NULL || threads == NULL)
    {
      FbReport *only = processes ? processes : threads;

      if (only == NULL || only->tasks_failed == 0)
        return NULL;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           /* TRANSLATORS: how many tasks failed, out of how many */
                                           "%llu of %llu task failed.",
                                           "%llu of %llu tasks failed.",
                                           only->tasks_total),
                              (unsigned long long) only->tasks_failed,
                              (unsigned long long) only->tasks_total);
    }

  if (processes->tasks_failed == 0 && threads->tasks_failed == 0)
    return NULL;

  if (processes->tasks_failed == threads->tasks_failed && processes->respawns > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: how many tasks failed, in each mode */
                                         "In both modes, %llu task failed: in processes, each crash ended only "
                                         "its own worker, which the pool replaced; in threads, the crash was "
                                         "reported instead, because a real one would have ended the whole program.",
                                         "In both modes, %llu tasks failed: in processes, each crash ended only "
                                         "its own worker, which the pool replaced; in threads, the crash was "
                                         "reported instead, because a real one would have ended the whole program.",
                                         processes->tasks_failed),
                            (unsigned long long) processes->tasks_failed);

  /* TRANSLATORS: how many tasks failed in the process pool, then in the thread pool */
  return g_strdup_printf (_("Failed tasks: %llu in processes, %llu in threads."),
                          (unsigned long long) processes->tasks_failed,
                          (unsigned long long) threads->tasks_failed);
}

static char *
dup_verdict (FbRun *self);

/**
 * fb_run_dup_verdict:
 *
 * Returns: (transfer full): what happened, in a sentence or two a learner
 *   understands, with the numbers that show it, and a warning when the
 *   machine was saving power, which makes its times incomparable
 */
char *
fb_run_dup_verdict (FbRun *self)
{
  g_autofree char *verdict = NULL;
  const char *profile;

  g_return_val_if_fail (FB_IS_RUN (self), NULL);

  verdict = dup_verdict (self);
  profile = self->machine ? fb_machine_get_power_profile (self->machine) : NULL;

  if (g_strcmp0 (profile, "power-saver") == 0)
    return join_sentences (verdict, _("The machine was in power-saver mode: these times are not comparable "
                                      "with runs in another power mode."));

  return g_steal_pointer (&verdict);
}

/* The best speedup of one mode in a sweep, in a sentence. */
static char *
describe_best (FbReport *best)
{
  if (best->kind == FB_POOL_PROCESSES)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: a speedup, such as 3.52, how many workers reached it,
                                          * and their efficiency, the speedup per worker, such as 0.88 */
                                         "Processes reached a speedup of %.2f with %u worker (efficiency %.2f).",
                                         "Processes reached a speedup of %.2f with %u workers (efficiency %.2f).",
                                         best->workers),
                            best->speedup, best->workers, best->efficiency);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: a speedup, such as 3.52, how many workers reached it,
                                        * and their efficiency, the speedup per worker, such as 0.88 */
                                       "Threads reached a speedup of %.2f with %u worker (efficiency %.2f).",
                                       "Threads reached a speedup of %.2f with %u workers (efficiency %.2f).",
                                       best->workers),
                          best->speedup, best->workers, best->efficiency);
}

/* What a run in one mode did, in a sentence. */
static char *
describe_only (FbReport *only)
{
  guint64 n_tasks = only->tasks_ok + only->tasks_failed;
  g_autofree char *wall = NULL;
  g_autofree char *mean = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *workers = NULL;
  g_autofree char *why = NULL;
  guint64 n_timed_out = 0;
  gint64 longest_timed_out = 0;

  wall = fb_format_seconds (only->wall_s);
  mean = fb_format_us (MAX (fb_report_get_mean_task_us (only), 1));
  /* TRANSLATORS: as in "Processes ran 8 tasks in 1.20 s on 4 workers" */
  tasks = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu task", "%llu tasks", n_tasks),
                           (unsigned long long) n_tasks);
  /* TRANSLATORS: as in "Processes ran 8 tasks in 1.20 s on 4 workers" */
  workers = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u worker", "%u workers", only->workers),
                             only->workers);

  for (guint i = 0; i < only->records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (only->records, i);

      if (record != NULL && record->status == FB_TASK_FAILED &&
          g_error_matches (fb_task_record_get_error (record), FB_POOL_ERROR, FB_POOL_ERROR_TIMED_OUT))
        {
          n_timed_out++;
          longest_timed_out = MAX (longest_timed_out, fb_task_record_get_run_us (record));
        }
    }

  /* A task that hangs until its timeout takes the run's time: the speed
   * of the others says nothing about it. */
  if (n_timed_out > 0)
    {
      g_autofree char *longest = fb_format_us (longest_timed_out);

      if (n_timed_out == n_tasks)
        /* TRANSLATORS: the end of a sentence such as "Processes ran 2 tasks
         * in 2.00 s on 2 workers: each ran until its timeout stopped it, after 2.00 s" */
        why = g_strdup_printf (_("each ran until its timeout stopped it, after %s"), longest);
      else
        why = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            /* TRANSLATORS: the end of a sentence such as "Processes ran 6
                                             * tasks in 2.01 s on 2 workers: 1 task ran until its timeout
                                             * stopped it, after 2.00 s, and the others ran for about 40 µs each" */
                                            "%llu task ran until its timeout stopped it, after %s, "
                                            "and the others ran for about %s each",
                                            "%llu tasks ran until their timeout stopped them, after %s at most, "
                                            "and the others ran for about %s each",
                                            n_timed_out),
                               (unsigned long long) n_timed_out, longest, mean);
    }
  else if (only->workers == 1)
    why = g_strdup (_("one worker ran the tasks one after another"));
  else if (only->speedup >= 1)
    /* TRANSLATORS: the end of a sentence such as "Processes ran 8 tasks in
     * 1.20 s on 4 workers: 3.5 times as fast as one worker would be ..." */
    why = g_strdup_printf (_("%.1f times as fast as one worker would be (estimated from the tasks' own times)"),
                           only->speedup);
  else if (fb_report_get_mean_task_us (only) < 1000)
    /* TRANSLATORS: the end of a sentence such as "Processes ran 8 tasks in
     * 1.20 s on 4 workers: each task ran for about 40 µs, ..." */
    why = g_strdup_printf (_("each task ran for about %s, less than it took to hand it to a worker"), mean);
  else
    /* TRANSLATORS: the end of a sentence such as "Processes ran 8 tasks in
     * 1.20 s on 4 workers: no faster than ..., each task running for about 2.0 ms" */
    why = g_strdup_printf (_("no faster than one worker would be (estimated from the tasks' own times), "
                             "each task running for about %s"), mean);

  if (only->kind == FB_POOL_PROCESSES)
    /* TRANSLATORS: a number of tasks, such as "8 tasks", a duration, such
     * as "1.20 s", a number of workers, such as "4 workers", and why, such
     * as "one worker ran the tasks one after another" */
    return g_strdup_printf (_("Processes ran %s in %s on %s: %s."), tasks, wall, workers, why);

  /* TRANSLATORS: a number of tasks, such as "8 tasks", a duration, such
   * as "1.20 s", a number of workers, such as "4 workers", and why, such
   * as "one worker ran the tasks one after another" */
  return g_strdup_printf (_("Threads ran %s in %s on %s: %s."), tasks, wall, workers, why);
}

/* Below this, a step's wall time is mostly starting and stopping: its
 * speedup says little about the workload. */
#define SWEEP_MIN_WALL_S 0.01

/* Whether every step of @kind in a sweep was too short to measure. */
static gboolean
sweep_too_short (FbRun      *self,
                 FbPoolKind  kind)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->reports->len; i++)
    {
      FbReport *r = g_ptr_array_index (self->reports, i);

      if (r->kind != kind)
        continue;
      if (r->wall_s >= SWEEP_MIN_WALL_S)
        return FALSE;
      any = TRUE;
    }

  return any;
}

/* A step that was stopped part way, in a sentence. */
static char *
describe_stopped (FbReport *stopped)
{
  guint64 n_tasks = stopped->tasks_ok + stopped->tasks_failed;

  if (n_tasks == 0)
    return g_strdup (stopped->kind == FB_POOL_PROCESSES
                     ? _("The processes were stopped before any task finished.")
                     : _("The threads were stopped before any task finished."));

  if (stopped->kind == FB_POOL_PROCESSES)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: how many tasks finished, and how many there were */
                                         "The processes were stopped after %llu task of %llu.",
                                         "The processes were stopped after %llu tasks of %llu.",
                                         n_tasks),
                            (unsigned long long) n_tasks, (unsigned long long) stopped->tasks_total);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       /* TRANSLATORS: how many tasks finished, and how many there were */
                                       "The threads were stopped after %llu task of %llu.",
                                       "The threads were stopped after %llu tasks of %llu.",
                                       n_tasks),
                          (unsigned long long) n_tasks, (unsigned long long) stopped->tasks_total);
}

/* What a mode did, or that it was stopped before it did anything. */
static char *
describe_step (FbReport *report)
{
  if (report->interrupted && report->tasks_ok + report->tasks_failed == 0)
    return describe_stopped (report);
  return describe_only (report);
}

static char *
dup_verdict (FbRun *self)
{
  FbReport *processes, *threads, *fast, *slow;
  g_autofree char *failures = NULL;
  g_autofree char *main = NULL;
  g_autofree char *p_wall = NULL;
  g_autofree char *t_wall = NULL;
  const FbPythonInfo *python;
  gboolean python_gil;
  const char *kernel;
  double ratio;

  g_assert (FB_IS_RUN (self));

  kernel = fb_workload_get_kernel (self->workload);
  processes = fb_run_get_report (self, FB_POOL_PROCESSES, fb_workload_get_workers (self->workload));
  threads = fb_run_get_report (self, FB_POOL_THREADS, fb_workload_get_workers (self->workload));

  if (self->sweep)
    {
      g_autoptr(GString) str = g_string_new (NULL);

      for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
        {
          g_autofree char *sentence = NULL;
          FbReport *best = NULL;

          for (guint i = 0; i < self->reports->len; i++)
            {
              FbReport *r = g_ptr_array_index (self->reports, i);

              if (r->kind == kind && !r->interrupted && (best == NULL || r->speedup > best->speedup))
                best = r;
            }

          if (best == NULL)
            continue;

          if (sweep_too_short (self, kind))
            sentence = g_strdup (kind == FB_POOL_PROCESSES
                                 ? _("Every step of the processes took under 10\u00a0ms, too short for a speedup to "
                                     "say much: give the workload more tasks, or longer ones.")
                                 : _("Every step of the threads took under 10\u00a0ms, too short for a speedup to "
                                     "say much: give the workload more tasks, or longer ones."));
          else
            sentence = describe_best (best);
          if (str->len > 0)
            g_string_append_c (str, ' ');
          g_string_append (str, sentence);
        }

      {
        guint64 p_failed = 0, t_failed = 0;

        for (guint i = 0; i < self->reports->len; i++)
          {
            FbReport *r = g_ptr_array_index (self->reports, i);

            if (r->kind == FB_POOL_PROCESSES)
              p_failed += r->tasks_failed;
            else
              t_failed += r->tasks_failed;
          }

        if (p_failed + t_failed > 0)
          {
            if (str->len > 0)
              g_string_append_c (str, ' ');
            g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE,
                                                      /* TRANSLATORS: how many tasks failed in all the steps
                                                       * of a sweep, then how many of them in each mode */
                                                      "%llu task failed over the sweep's steps (%llu in processes, "
                                                      "%llu in threads).",
                                                      "%llu tasks failed over the sweep's steps (%llu in processes, "
                                                      "%llu in threads).",
                                                      p_failed + t_failed),
                                    (unsigned long long) (p_failed + t_failed),
                                    (unsigned long long) p_failed, (unsigned long long) t_failed);
          }
      }

      return g_string_free (g_steal_pointer (&str), FALSE);
    }

  failures = describe_failures (processes, threads);

  if (processes == NULL || threads == NULL)
    {
      FbReport *only = processes ? processes : threads;

      if (only == NULL)
        return g_strdup (_("Nothing ran."));

      main = describe_step (only);
      return join_sentences (main, failures);
    }

  /* A mode stopped part way has no time to set beside the other's. */
  if (processes->interrupted || threads->interrupted)
    {
      FbReport *stopped = threads->interrupted ? threads : processes;
      FbReport *other = stopped == threads ? processes : threads;
      g_autofree char *done = describe_step (other);
      g_autofree char *cut = describe_stopped (stopped);

      main = join_sentences (done, cut);
      return join_sentences (main, failures);
    }

  if (processes->wall_s <= 0 || threads->wall_s <= 0)
    return join_sentences (_("The run was too short to compare."), failures);

  fast = processes->wall_s <= threads->wall_s ? processes : threads;
  slow = fast == processes ? threads : processes;
  ratio = slow->wall_s / fast->wall_s;
  p_wall = fb_format_seconds (processes->wall_s);
  t_wall = fb_format_seconds (threads->wall_s);

  /* The python kernel's threads share one interpreter: its GIL, when it
   * has one, is the lesson, as the gil kernel's lock is. */
  python = threads->python != NULL ? threads->python : processes->python;
  python_gil = python != NULL && python->gil_enabled;

  if (ratio < 1.15)
    {
      guint n_cores = self->machine != NULL ? fb_machine_get_n_logical_cores (self->machine)
                                            : g_get_num_processors ();

      if (tasks_waited (processes, n_cores) && tasks_waited (threads, n_cores))
        /* TRANSLATORS: how long the processes took, and the threads, such as "2.05 s" */
        main = g_strdup_printf (_("Processes and threads finished in about the same time (%s and %s): "
                                  "the tasks spent their time waiting, and both kinds of pool wait side by side."),
                                p_wall, t_wall);
      else if (python != NULL && !python_gil)
        /* TRANSLATORS: how long the processes took, and the threads, such as "2.05 s";
         * the GIL is Python's global interpreter lock */
        main = g_strdup_printf (_("Processes and threads finished in about the same time (%s and %s): "
                                  "the interpreter runs without a GIL, so its threads ran side by side "
                                  "as the processes did."),
                                p_wall, t_wall);
      else if (python_gil || g_strcmp0 (kernel, "gil") == 0)
        /* An interpreter lock that did not make threads slower: no reason
         * can be told from the times alone (another program may have kept
         * the cores from the processes). */
        /* TRANSLATORS: how long the processes took, and the threads, such as "2.05 s" */
        main = g_strdup_printf (_("Processes and threads finished in about the same time (%s and %s)."),
                                p_wall, t_wall);
      else
        /* TRANSLATORS: how long the processes took, and the threads, such as "2.05 s" */
        main = g_strdup_printf (_("Processes and threads finished in about the same time (%s and %s): "
                                  "with no interpreter lock and little data to send, both ran side by side."),
                                p_wall, t_wall);
    }
  else if (fast == processes)
    {
      if (python_gil && threads->cores_busy < 0.25)
        {
          /* The function held the lock for under a quarter of the threads'
           * time, so waiting for it to run is not what they lost: handing
           * the tasks out is. */
          g_autofree char *task = fb_format_us (MAX (fb_report_get_mean_task_us (processes), 1));

          /* TRANSLATORS: how many times sooner, how long the processes took
           * and the threads, such as "2.05 s", how many cores the threads kept
           * busy on average, such as 0.04, then how long a task ran, such as
           * "358 µs" */
          main = g_strdup_printf (_("Processes finished %.1f times sooner than threads (%s against %s), but the "
                                    "threads kept only %.2f cores busy, a task running for about %s: the time "
                                    "went to handing tasks out, which their one interpreter does a task at a "
                                    "time, under its lock. A larger chunk size shares that cost among more "
                                    "tasks."),
                                  ratio, p_wall, t_wall, threads->cores_busy, task);
        }
      else if (g_str_equal (kernel, "gil") || (python_gil && threads->cores_busy < processes->cores_busy * 0.7))
        /* TRANSLATORS: how many times sooner, then how many cores the threads
         * and the processes kept busy on average, such as 1.0 and 4.0 */
        main = g_strdup_printf (_("Processes finished %.1f times sooner than threads: each thread waited for the "
                                  "interpreter lock, so the threads kept %.1f cores busy and the processes %.1f."),
                                ratio, threads->cores_busy, processes->cores_busy);
      else if (threads->cores_busy < processes->cores_busy * 0.7)
        /* TRANSLATORS: how many times sooner, then how many cores the threads
         * and the processes kept busy on average, such as 1.0 and 4.0 */
        main = g_strdup_printf (_("Processes finished %.1f times sooner than threads: the threads kept %.1f cores "
                                  "busy, the processes %.1f."), ratio, threads->cores_busy, processes->cores_busy);
      else
        /* TRANSLATORS: how many times sooner, then how long the processes
         * took and the threads, such as "2.05 s" */
        main = g_strdup_printf (_("Processes finished %.1f times sooner than threads (%s against %s)."),
                                ratio, p_wall, t_wall);
    }
  else
    {
      /* How long a process took on a task, at least 1 µs. */
      double task_us = MAX (fb_report_get_mean_task_us (processes), 1);

      if (processes->ipc_bytes > 1024 * 1024 && g_str_equal (kernel, "echo"))
        {
          g_autofree char *bytes = g_format_size (processes->ipc_bytes);

          /* TRANSLATORS: how many times sooner, then a size, such as "67.1 MB" */
          main = g_strdup_printf (_("Threads finished %.1f times sooner than processes: every task's data "
                                    "(%s in all) had to be copied to another process and back, while "
                                    "threads share memory."), ratio, bytes);
        }
      else if (task_us < 50 && processes->python == NULL &&
               processes->tasks_total <= processes->workers)
        /* Each worker ran one task at most, right after it started: a
         * larger chunk would change nothing. */
        /* TRANSLATORS: how many times sooner, then how many microseconds a task runs */
        main = g_strdup_printf (_("Threads finished %.1f times sooner than processes: each task runs for about "
                                  "%.0f\u00a0µs, and with no more tasks than workers, the processes' time went "
                                  "mostly to starting them, which takes far longer than starting a thread."),
                                ratio, task_us);
      else if (task_us < 50)
        /* TRANSLATORS: how many times sooner, then how many microseconds a task runs */
        main = g_strdup_printf (_("Threads finished %.1f times sooner than processes: each task runs for about "
                                  "%.0f\u00a0µs, less than it takes to hand it to another process; a larger chunk "
                                  "size shares that cost among more tasks."),
                                ratio, task_us);
      else
        /* TRANSLATORS: how many times sooner, then how long the threads took
         * and the processes, such as "2.05 s" */
        main = g_strdup_printf (_("Threads finished %.1f times sooner than processes (%s against %s)."),
                                ratio, t_wall, p_wall);
    }

  /* When tasks crash on purpose, what happened to them is the lesson. */
  if (failures != NULL && g_str_equal (kernel, "fault"))
    return join_sentences (failures, main);

  return join_sentences (main, failures);
}

/**
 * fb_run_fit_amdahl:
 * @kind: which mode's steps to fit
 * @serial_fraction: (out) (optional): the fitted serial fraction, 0..1
 * @residual: (out) (optional): the root mean square of the measured
 *   speedups less the fitted ones
 * @max_workers: (out) (optional): the largest worker count fitted
 *
 * Fits Amdahl's law to the speedups a sweep measured in one mode, leaving
 * out steps that were interrupted, whose times say nothing.
 *
 * Returns: %TRUE if the run is a sweep with enough steps in that mode to
 *   fit; on %FALSE, nothing is set
 */
gboolean
fb_run_fit_amdahl (FbRun      *self,
                   FbPoolKind  kind,
                   double     *serial_fraction,
                   double     *residual,
                   guint      *max_workers)
{
  g_autoptr(GArray) workers = NULL;
  g_autoptr(GArray) speedups = NULL;
  guint most = 0;

  g_return_val_if_fail (FB_IS_RUN (self), FALSE);

  if (!self->sweep)
    return FALSE;

  workers = g_array_new (FALSE, FALSE, sizeof (guint));
  speedups = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; i < self->reports->len; i++)
    {
      FbReport *r = g_ptr_array_index (self->reports, i);

      if (r->kind != kind || r->interrupted || !r->speedup_measured)
        continue;

      g_array_append_val (workers, r->workers);
      g_array_append_val (speedups, r->speedup);
      most = MAX (most, r->workers);
    }

  if (!fb_amdahl_fit ((const guint *) workers->data, (const double *) speedups->data,
                      workers->len, serial_fraction, residual))
    return FALSE;

  if (max_workers != NULL)
    *max_workers = most;

  return TRUE;
}

/**
 * fb_run_dup_scaling:
 * @kind: which mode
 *
 * What Amdahl's law makes of a sweep's speedups in one mode, in a
 * sentence; when the sweep tried more workers than the machine has
 * cores, it adds that the fit counts their sharing of cores as serial
 * work, which a learner would otherwise take for a property of the code.
 *
 * Returns: (transfer full) (nullable): the sentence, or %NULL when there
 *   is nothing to fit
 */
char *
fb_run_dup_scaling (FbRun      *self,
                    FbPoolKind  kind)
{
  g_autofree char *sentence = NULL;
  g_autofree char *caveat = NULL;
  double serial_fraction;
  guint most, cores;

  g_return_val_if_fail (FB_IS_RUN (self), NULL);

  if (sweep_too_short (self, kind) || !fb_run_fit_amdahl (self, kind, &serial_fraction, NULL, &most))
    return NULL;

  sentence = fb_amdahl_describe (serial_fraction, most);
  cores = self->machine != NULL ? fb_machine_get_n_logical_cores (self->machine) : 0;
  if (cores == 0 || most <= cores)
    return g_steal_pointer (&sentence);

  caveat = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         /* TRANSLATORS: follows a sentence on Amdahl's law; %u is
                                          * how many logical cores (CPU threads) the machine has */
                                         "This machine has %u logical core: beyond it workers take turns on the "
                                         "same core, and the fit counts that as serial work.",
                                         "This machine has %u logical cores: beyond them workers take turns on the "
                                         "same cores, and the fit counts that as serial work.",
                                         cores),
                            cores);

  return join_sentences (sentence, caveat);
}

static void
csv_field (GString    *out,
           const char *value)
{
  if (value == NULL)
    return;

  if (strpbrk (value, ",\"\n\r") != NULL)
    {
      g_autoptr(GString) escaped = g_string_new (value);

      g_string_replace (escaped, "\"", "\"\"", 0);
      g_string_append_printf (out, "\"%s\"", escaped->str);
    }
  else
    g_string_append (out, value);
}

/* A comma and @value with a dot for its decimals, whatever the locale: a
 * German decimal comma would split the field in two. */
static void
csv_double (GString    *out,
            const char *format,
            double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (out, ',');
  g_string_append (out, g_ascii_formatd (buf, sizeof buf, format, value));
}

/**
 * fb_run_to_csv:
 * @with_results: a row per task instead of a row per run
 *
 * Returns: (transfer full): the run as `forkbench-cli --format csv` prints
 *   it, with a header row
 */
char *
fb_run_to_csv (FbRun    *self,
               gboolean  with_results)
{
  GPtrArray *reports;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (FB_IS_RUN (self), NULL);

  reports = fb_run_get_reports (self);

  if (!with_results)
    {
      g_string_append (out, "mode,workers,chunksize,tasks,tasks_ok,tasks_failed,interrupted,wall_s,"
                            "throughput_tps,speedup,speedup_measured,efficiency,latency_p50_us,"
                            "latency_p95_us,latency_p99_us,cpu_s,cores_busy,peak_rss_bytes,ipc_bytes\n");
      for (guint i = 0; i < reports->len; i++)
        {
          FbReport *r = g_ptr_array_index (reports, i);

          g_string_append_printf (out, "%s,%u,%u,%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT ",%s",
                                  fb_pool_kind_to_string (r->kind), r->workers, r->chunksize, r->tasks_total,
                                  r->tasks_ok, r->tasks_failed, r->interrupted ? "true" : "false");
          csv_double (out, "%.6f", r->wall_s);
          csv_double (out, "%.3f", r->throughput_tps);
          csv_double (out, "%.4f", r->speedup);
          g_string_append (out, r->speedup_measured ? ",true" : ",false");
          csv_double (out, "%.4f", r->efficiency);
          csv_double (out, "%.1f", r->latency_p50_us);
          csv_double (out, "%.1f", r->latency_p95_us);
          csv_double (out, "%.1f", r->latency_p99_us);
          csv_double (out, "%.6f", r->cpu_s);
          csv_double (out, "%.4f", r->cores_busy);
          g_string_append_c (out, ',');
          if (r->peak_rss_bytes != FB_REPORT_BYTES_UNKNOWN)
            g_string_append_printf (out, "%" G_GUINT64_FORMAT, r->peak_rss_bytes);
          g_string_append_printf (out, ",%" G_GUINT64_FORMAT "\n", r->ipc_bytes);
        }
    }
  else
    {
      g_string_append (out, "mode,workers,task,input,status,value,error,output,queued_us,started_us,"
                            "finished_us,worker_pid,worker_tid,worker_slot,cpu_us,core\n");
      for (guint i = 0; i < reports->len; i++)
        {
          FbReport *r = g_ptr_array_index (reports, i);

          for (guint t = 0; t < r->records->len; t++)
            {
              FbTaskRecord *rec = g_ptr_array_index (r->records, t);
              const char *value_json = fb_task_record_get_value_json (rec);
              const GError *error = fb_task_record_get_error (rec);
              static const char * const statuses[] = { "pending", "succeeded", "failed", "cancelled" };

              g_string_append_printf (out, "%s,%u,%" G_GUINT64_FORMAT ",%" G_GINT64_FORMAT ",%s,",
                                      fb_pool_kind_to_string (r->kind), r->workers, rec->index, rec->input,
                                      statuses[rec->status]);
              if (rec->status == FB_TASK_SUCCEEDED && value_json != NULL)
                csv_field (out, value_json);
              else if (rec->status == FB_TASK_SUCCEEDED)
                g_string_append_printf (out, "%" G_GINT64_FORMAT, rec->value);
              g_string_append_c (out, ',');
              csv_field (out, error != NULL ? error->message : NULL);
              g_string_append_c (out, ',');
              csv_field (out, fb_task_record_get_output (rec));
              g_string_append_printf (out, ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT
                                      ",%d,%d,%u,%" G_GINT64_FORMAT ",%d\n",
                                      rec->queued_us, rec->started_us, rec->finished_us, rec->worker_pid,
                                      rec->worker_tid, rec->worker_slot, rec->cpu_us, rec->cpu);
            }
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * fb_run_to_json:
 * @flags: what to add to each run's figures
 *
 * Returns: (transfer full): the run as `forkbench-cli --format json`
 *   prints it: the workload, the machine, a `runs` array, the verdict
 */
JsonNode *
fb_run_to_json (FbRun             *self,
                FbReportJsonFlags  flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *workload = NULL;
  g_autofree char *verdict = NULL;
  gboolean interrupted = FALSE;

  g_return_val_if_fail (FB_IS_RUN (self), NULL);

  workload = fb_workload_to_data (self->workload, NULL);
  verdict = fb_run_dup_verdict (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "workload");
  json_builder_add_value (builder, json_from_string (workload, NULL));

  json_builder_set_member_name (builder, "machine");
  json_builder_begin_object (builder);
  if (self->machine != NULL)
    {
      json_builder_set_member_name (builder, "cpu");
      json_builder_add_string_value (builder, fb_machine_get_cpu_model (self->machine));
      json_builder_set_member_name (builder, "logical_cores");
      json_builder_add_int_value (builder, fb_machine_get_n_logical_cores (self->machine));
      json_builder_set_member_name (builder, "physical_cores");
      json_builder_add_int_value (builder, fb_machine_get_n_physical_cores (self->machine));
      json_builder_set_member_name (builder, "kernel");
      json_builder_add_string_value (builder, fb_machine_get_kernel (self->machine));
      json_builder_set_member_name (builder, "governor");
      if (fb_machine_get_governor (self->machine))
        json_builder_add_string_value (builder, fb_machine_get_governor (self->machine));
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "power_profile");
      if (fb_machine_get_power_profile (self->machine))
        json_builder_add_string_value (builder, fb_machine_get_power_profile (self->machine));
      else
        json_builder_add_null_value (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "runs");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (self->reports, i);

      interrupted |= report->interrupted;
      json_builder_add_value (builder, fb_report_to_json (report, flags));
    }
  json_builder_end_array (builder);

  if (self->sweep)
    {
      json_builder_set_member_name (builder, "amdahl");
      json_builder_begin_object (builder);
      for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
        {
          double f, rms;

          if (fb_run_get_report (self, kind, 0) == NULL)
            continue;

          json_builder_set_member_name (builder, fb_pool_kind_to_string (kind));
          if (fb_run_fit_amdahl (self, kind, &f, &rms, NULL))
            {
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "serial_fraction");
              json_builder_add_double_value (builder, f);
              json_builder_set_member_name (builder, "rms_error");
              json_builder_add_double_value (builder, rms);
              json_builder_end_object (builder);
            }
          else
            json_builder_add_null_value (builder);
        }
      json_builder_end_object (builder);
    }

  interrupted |= self->reports->len < self->steps->len;
  json_builder_set_member_name (builder, "interrupted");
  json_builder_add_boolean_value (builder, interrupted);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_string_value (builder, verdict);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static const char *
machine_string (JsonObject *machine,
                const char *member)
{
  JsonNode *node = json_object_get_member (machine, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static FbMachine *
read_machine (JsonNode *node)
{
  JsonObject *machine;
  gint64 logical, physical;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  /* A run saved on a machine that could not be described has an empty
   * object: it becomes a machine of one core with no name. */
  machine = json_node_get_object (node);
  logical = json_object_get_int_member_with_default (machine, "logical_cores", 1);
  physical = json_object_get_int_member_with_default (machine, "physical_cores", 0);

  return fb_machine_new_from_values (machine_string (machine, "cpu"),
                                     (guint) CLAMP (logical, 1, G_MAXUINT16),
                                     (guint) CLAMP (physical, 0, G_MAXUINT16),
                                     machine_string (machine, "kernel"),
                                     machine_string (machine, "governor"),
                                     machine_string (machine, "power_profile"));
}

/**
 * fb_run_new_from_json:
 * @node: a run as fb_run_to_json() writes it
 * @where: what to call it in errors, such as a file's name
 *
 * Reads a finished run back: its workload, its machine and its reports,
 * with their records when they were saved (%FB_REPORT_JSON_RECORDS). The
 * run cannot be executed again; fb_run_new() with its workload can.
 *
 * Returns: (transfer full) (nullable): the run, or %NULL with
 *   %FB_RUN_ERROR_INVALID or a #FbWorkloadError saying what is wrong
 */
FbRun *
fb_run_new_from_json (JsonNode    *node,
                      const char  *where,
                      GError     **error)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbMachine) machine = NULL;
  g_autoptr(GPtrArray) reports = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_report_unref);
  g_autofree char *workload_data = NULL;
  g_autofree char *workload_where = NULL;
  JsonObject *object;
  JsonNode *member;
  JsonArray *runs;
  guint max_workers = 1;
  FbRun *self;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (where != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   /* TRANSLATORS: %s names the file */
                   _("%s: not a Forkbench run: expected a JSON object"), where);
      return NULL;
    }
  object = json_node_get_object (node);

  member = json_object_get_member (object, "workload");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member) ||
      (machine = read_machine (json_object_get_member (object, "machine"))) == NULL ||
      !json_object_has_member (object, "runs"))
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   /* TRANSLATORS: %s names the file; "workload", "machine" and
                    * "runs" are the names of JSON members: do not translate them */
                   _("%s: not a Forkbench run: it needs a \"workload\", a \"machine\" and \"runs\""), where);
      return NULL;
    }

  workload_data = json_to_string (member, FALSE);
  workload_where = g_strdup_printf ("%s: workload", where);
  workload = fb_workload_new_from_data (workload_data, -1, workload_where, error);
  if (workload == NULL)
    return NULL;

  member = json_object_get_member (object, "runs");
  if (!JSON_NODE_HOLDS_ARRAY (member))
    {
      g_set_error (error, FB_RUN_ERROR, FB_RUN_ERROR_INVALID,
                   /* TRANSLATORS: %s names the file; "runs" is the name of a
                    * JSON member: do not translate it */
                   _("%s.runs: expected an array"), where);
      return NULL;
    }

  runs = json_node_get_array (member);
  for (guint i = 0; i < json_array_get_length (runs); i++)
    {
      g_autofree char *report_where = g_strdup_printf ("%s: runs[%u]", where, i);
      FbReport *report = fb_report_new_from_json (json_array_get_element (runs, i), report_where, error);

      if (report == NULL)
        return NULL;
      max_workers = MAX (max_workers, report->workers);
      g_ptr_array_add (reports, report);
    }

  if (json_object_has_member (object, "amdahl"))
    self = fb_run_new_sweep (workload, max_workers);
  else
    self = fb_run_new (workload);

  g_set_object (&self->machine, machine);
  for (guint i = 0; i < reports->len; i++)
    fb_run_add_report (self, g_ptr_array_index (reports, i));

  return self;
}
