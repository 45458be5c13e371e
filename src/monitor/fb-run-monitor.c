/* fb-run-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Watches a run: what every core did during each step (the report's
 * cpu_per_core), the workers' resources and peak memory (the report's
 * peak_rss_bytes), and the throughput of each mode over time, counted from
 * the task records the run delivers, not from a second count.
 */

#define G_LOG_DOMAIN "fb-run-monitor"

#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "fb-run-monitor.h"

#define THROUGHPUT_CAPACITY 4096

/* The shortest step whose cores' means are worth giving: a core's counters
 * tick every 10 ms, so over 200 ms each mean is within a tenth or so. */
#define PER_CORE_MIN_US (200 * 1000)

struct _FbRunMonitor
{
  GObject         parent_instance;

  /* Owned */
  FbRun          *run;
  FbCpuSampler   *sampler;
  FbCpuCounters  *step_counters;
  FbSeries       *throughput[2];
  GArray         *workers;
  GSource        *timer;

  FbPoolKind      kind;
  /* Whether the workers are processes (a process pool, or the interpreter
   * of the python kernel's threads) rather than threads of this one. */
  gboolean        in_processes;
  gint64          step_start_us;
  gint64          bucket_us;
  gint64          bucket;
  guint64         bucket_count;
  guint64         peak_rss;
  guint64         own_start_rss;
  guint           own_peak_reset : 1;
};

G_DEFINE_FINAL_TYPE (FbRunMonitor, fb_run_monitor, G_TYPE_OBJECT)

/* A size from a process's status (this one's for @pid 0), in bytes, or 0:
 * VmHWM, the kernel's peak resident size since the process started or its
 * peak was last reset, which catches what a sampler would miss; or VmRSS,
 * its resident size now. */
static guint64
read_status_bytes (gint64      pid,
                   const char *field)
{
  g_autofree char *path = pid > 0 ? g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/status", pid)
                                  : g_strdup ("/proc/self/status");
  g_autofree char *contents = NULL;
  const char *line;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      !(line = strstr (contents, field)))
    return 0;

  return g_ascii_strtoull (line + strlen (field), NULL, 10) * 1024;
}

/* Lets this process's peak start again from now, so that what a step
 * adds to it is the step's own, not what ran before it. */
static gboolean
reset_own_peak_rss (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, "5", 1) == 1;
  close (fd);

  return ok;
}

/* What this process holds as a step starts, for what the step adds to it:
 * its size now, and its peak from now on. */
static void
start_own_peak (FbRunMonitor *self)
{
  self->own_peak_reset = reset_own_peak_rss ();
  self->own_start_rss = read_status_bytes (0, "VmRSS:");
}

/* The workers' resources now, and the peak of their memory together. */
static void
sample_workers (FbRunMonitor *self)
{
  FbPool *pool = fb_run_get_pool (self->run);
  g_autoptr(GArray) ids = NULL;
  guint64 rss = 0;

  g_array_set_size (self->workers, 0);
  if (pool == NULL)
    return;

  ids = fb_pool_list_workers (pool);
  for (guint i = 0; i < ids->len; i++)
    {
      gint64 id = g_array_index (ids, gint64, i);
      FbProcStats stats;
      gboolean ok;

      if (self->in_processes)
        ok = fb_proc_stats_read (id, 0, &stats);
      else
        ok = fb_proc_stats_read (getpid (), id, &stats);

      if (!ok)
        continue;

      g_array_append_val (self->workers, stats);
      /* Threads share their process's memory: count it once. */
      if (self->in_processes || i == 0)
        rss += stats.rss_bytes;
    }

  self->peak_rss = MAX (self->peak_rss, rss);
}

static gboolean
timer_cb (gpointer user_data)
{
  sample_workers (user_data);
  return G_SOURCE_CONTINUE;
}

static void
flush_throughput (FbRunMonitor *self,
                  gint64        up_to_bucket)
{
  FbSeries *series = self->throughput[self->kind];

  while (self->bucket < up_to_bucket)
    {
      double t_end = (self->bucket + 1) * self->bucket_us / 1e6;

      fb_series_push (series, t_end, self->bucket_count / (self->bucket_us / 1e6));
      self->bucket_count = 0;
      self->bucket++;
    }
}

static void
step_started_cb (FbRunMonitor *self,
                 FbPoolKind    kind,
                 guint         workers,
                 guint         step,
                 guint         n_steps,
                 FbRun        *run)
{
  self->kind = kind;
  self->in_processes = fb_run_get_pool (run) != NULL ? fb_pool_get_workers_are_processes (fb_run_get_pool (run))
                                                     : kind == FB_POOL_PROCESSES;
  self->step_start_us = g_get_monotonic_time ();
  self->bucket_us = fb_cpu_sampler_get_interval (self->sampler) * 1000;
  self->bucket = 0;
  self->bucket_count = 0;
  self->peak_rss = 0;
  start_own_peak (self);
  fb_series_clear (self->throughput[kind]);

  g_clear_pointer (&self->step_counters, fb_cpu_counters_free);
  self->step_counters = fb_cpu_sampler_read_counters (self->sampler);


  g_clear_pointer (&self->timer, g_source_destroy);
  self->timer = g_timeout_source_new (fb_cpu_sampler_get_interval (self->sampler));
  g_source_set_static_name (self->timer, "[fb-run-monitor workers]");
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
  g_source_unref (self->timer);
}

static void
tasks_finished_cb (FbRunMonitor *self,
                   GPtrArray    *records,
                   FbRun        *run)
{
  for (guint i = 0; i < records->len; i++)
    {
      const FbTaskRecord *record = g_ptr_array_index (records, i);
      gint64 bucket;

      if (record->finished_us <= 0)
        continue;

      bucket = MAX (0, record->finished_us - self->step_start_us) / self->bucket_us;
      flush_throughput (self, bucket);
      self->bucket_count++;
    }
}

static void
step_finished_cb (FbRunMonitor *self,
                  FbReport     *report,
                  FbRun        *run)
{
  g_autoptr(FbCpuCounters) end = fb_cpu_sampler_read_counters (self->sampler);
  guint64 own_peak, workers_peak = 0;

  g_clear_pointer (&self->timer, g_source_destroy);

  /* The last, partial interval of throughput. */
  flush_throughput (self, self->bucket + 1);

  /* Each core's mean over the step: one difference of its counters, from
   * the start of the step to its end. The counters tick every 10 ms, so a
   * shorter step than PER_CORE_MIN_US would be mostly rounding (a step of
   * 4 ms read as 85 % busy): its cores have no figure. */
  if (self->step_counters != NULL && end != NULL)
    {
      gboolean measurable = g_get_monotonic_time () - self->step_start_us >= PER_CORE_MIN_US;

      g_clear_pointer (&report->cpu_per_core, g_array_unref);
      report->cpu_per_core = g_array_sized_new (FALSE, FALSE, sizeof (double), end->n_cores);

      for (guint i = 0; i < end->n_cores; i++)
        {
          FbCpuLoad load;
          double busy = NAN;

          if (measurable && i < self->step_counters->n_cores &&
              fb_cpu_times_load (&self->step_counters->cores[i], &end->cores[i], &load))
            busy = load.busy;
          g_array_append_val (report->cpu_per_core, busy);
        }
    }

  /* Peak memory: what the step added at its peak. Worker processes are
   * there for the step alone, so all of theirs counts; this process was
   * there before, so only what it grew by counts: for threads, which share
   * it, that is all they took. The kernel's own peaks catch what sampling
   * misses; the sampled peak serves when the kernel does not say. */
  sample_workers (self);
  own_peak = self->own_peak_reset ? read_status_bytes (0, "VmHWM:") : 0;
  if (self->in_processes)
    {
      for (guint i = 0; i < self->workers->len; i++)
        workers_peak += read_status_bytes (g_array_index (self->workers, FbProcStats, i).pid, "VmHWM:");
      workers_peak = MAX (workers_peak, self->peak_rss);
    }
  else
    own_peak = MAX (own_peak, self->peak_rss);
  if (workers_peak > 0 || own_peak > 0)
    report->peak_rss_bytes = workers_peak + (own_peak > self->own_start_rss ? own_peak - self->own_start_rss : 0);
}

static void
fb_run_monitor_dispose (GObject *object)
{
  FbRunMonitor *self = (FbRunMonitor *)object;

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_pointer (&self->timer, g_source_destroy);

  G_OBJECT_CLASS (fb_run_monitor_parent_class)->dispose (object);
}

static void
fb_run_monitor_finalize (GObject *object)
{
  FbRunMonitor *self = (FbRunMonitor *)object;

  g_clear_object (&self->run);
  g_clear_object (&self->sampler);
  g_clear_pointer (&self->step_counters, fb_cpu_counters_free);
  g_clear_pointer (&self->throughput[0], fb_series_unref);
  g_clear_pointer (&self->throughput[1], fb_series_unref);
  g_clear_pointer (&self->workers, g_array_unref);

  G_OBJECT_CLASS (fb_run_monitor_parent_class)->finalize (object);
}

static void
fb_run_monitor_class_init (FbRunMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = fb_run_monitor_dispose;
  object_class->finalize = fb_run_monitor_finalize;
}

static void
fb_run_monitor_init (FbRunMonitor *self)
{
  self->throughput[FB_POOL_PROCESSES] = fb_series_new (THROUGHPUT_CAPACITY);
  self->throughput[FB_POOL_THREADS] = fb_series_new (THROUGHPUT_CAPACITY);
  self->workers = g_array_new (FALSE, TRUE, sizeof (FbProcStats));
  self->bucket_us = FB_CPU_SAMPLER_DEFAULT_INTERVAL * 1000;
}

/**
 * fb_run_monitor_new:
 * @run: a run that has not started
 * @sampler: (nullable): the sampler whose interval and counters to use;
 *   by default, one of this machine
 *
 * Watches @run until it is done: each step's report gets its cpu_per_core
 * and peak_rss_bytes.
 *
 * Returns: (transfer full): the monitor
 */
FbRunMonitor *
fb_run_monitor_new (FbRun        *run,
                    FbCpuSampler *sampler)
{
  FbRunMonitor *self;

  g_return_val_if_fail (FB_IS_RUN (run), NULL);
  g_return_val_if_fail (!sampler || FB_IS_CPU_SAMPLER (sampler), NULL);

  self = g_object_new (FB_TYPE_RUN_MONITOR, NULL);
  self->run = g_object_ref (run);
  self->sampler = sampler ? g_object_ref (sampler) : fb_cpu_sampler_new ();

  g_signal_connect_swapped (run, "step-started", G_CALLBACK (step_started_cb), self);
  g_signal_connect_swapped (run, "tasks-finished", G_CALLBACK (tasks_finished_cb), self);
  g_signal_connect_swapped (run, "step-finished", G_CALLBACK (step_finished_cb), self);

  return self;
}

/**
 * fb_run_monitor_get_sampler:
 *
 * Returns: (transfer none): the sampler it uses
 */
FbCpuSampler *
fb_run_monitor_get_sampler (FbRunMonitor *self)
{
  g_return_val_if_fail (FB_IS_RUN_MONITOR (self), NULL);
  return self->sampler;
}

/**
 * fb_run_monitor_get_throughput:
 *
 * Returns: (transfer none): tasks finished per second in each interval of
 *   the sampler, for the last step of that kind; time in seconds from the
 *   step's start, so that both modes line up
 */
FbSeries *
fb_run_monitor_get_throughput (FbRunMonitor *self,
                               FbPoolKind    kind)
{
  g_return_val_if_fail (FB_IS_RUN_MONITOR (self), NULL);
  g_return_val_if_fail (kind == FB_POOL_PROCESSES || kind == FB_POOL_THREADS, NULL);

  return self->throughput[kind];
}

/**
 * fb_run_monitor_get_workers:
 *
 * Returns: (transfer none) (element-type FbProcStats): each worker's
 *   resources at the last sample
 */
GArray *
fb_run_monitor_get_workers (FbRunMonitor *self)
{
  g_return_val_if_fail (FB_IS_RUN_MONITOR (self), NULL);
  return self->workers;
}
