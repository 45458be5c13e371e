/* fb-cpu-sampler.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the per-core counters with libgtop on a timer of the caller's main
 * context, and turns each reading into what every core did since the one
 * before. The first reading is a baseline, not a sample.
 */

#define G_LOG_DOMAIN "fb-cpu-sampler"

#include "config.h"

#include <glibtop.h>
#include <glibtop/cpu.h>

#include "fb-cpu-sampler.h"

/* The series of all cores together stay within this many values, so that
 * a machine of 1,024 cores costs no more memory than one of 16. */
#define SERIES_BUDGET (1024 * 1024)
#define SERIES_MAX_LENGTH 4096

struct _FbCpuSampler
{
  GObject         parent_instance;

  guint           interval_ms;
  gint64          start_us;
  /* Stopped since the last reading: the next start leaves a gap. */
  gboolean        stopped;

  /* Owned */
  GMainContext   *context;
  GSource        *timer;
  FbCpuCounters  *previous;
  FbSeries       *total_series;
  GPtrArray      *core_series;

  FbCpuReadFunc   read;
  gpointer        read_data;
  GDestroyNotify  read_destroy;
};

enum {
  PROP_0,
  PROP_INTERVAL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SAMPLE,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbCpuSampler, fb_cpu_sampler, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (FbCpuSample, fb_cpu_sample, fb_cpu_sample_ref, fb_cpu_sample_unref)

FbCpuSample *
fb_cpu_sample_ref (FbCpuSample *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
fb_cpu_sample_unref (FbCpuSample *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->cores);
      g_free (self);
    }
}

/**
 * fb_cpu_read_system_counters:
 *
 * Returns: (transfer full): the counters of this machine, from libgtop
 */
FbCpuCounters *
fb_cpu_read_system_counters (void)
{
  static gsize initialized;
  glibtop_cpu cpu;
  FbCpuCounters *counters;
  guint n = 0;

  if (g_once_init_enter (&initialized))
    {
      glibtop_init ();
      g_once_init_leave (&initialized, 1);
    }

  glibtop_get_cpu (&cpu);

  /* Offline cores read zero; count up to the highest one that is online. */
  for (guint i = 0; i < GLIBTOP_NCPU; i++)
    if (cpu.xcpu_total[i] != 0)
      n = i + 1;

  counters = fb_cpu_counters_new (MIN (n, FB_CPU_MAX_CORES));
  counters->time_us = g_get_monotonic_time ();
  counters->total = (FbCpuTimes) { cpu.user, cpu.nice, cpu.sys, cpu.idle, cpu.iowait, cpu.irq, cpu.softirq };

  for (guint i = 0; i < counters->n_cores; i++)
    counters->cores[i] = (FbCpuTimes) {
      cpu.xcpu_user[i], cpu.xcpu_nice[i], cpu.xcpu_sys[i], cpu.xcpu_idle[i],
      cpu.xcpu_iowait[i], cpu.xcpu_irq[i], cpu.xcpu_softirq[i],
    };

  return counters;
}

static FbCpuCounters *
read_system (gpointer user_data)
{
  return fb_cpu_read_system_counters ();
}

static FbCpuSample *
compute_sample (FbCpuSampler        *self,
                const FbCpuCounters *before,
                const FbCpuCounters *after)
{
  FbCpuSample *sample = g_new0 (FbCpuSample, 1);

  g_atomic_ref_count_init (&sample->ref_count);
  sample->time_us = after->time_us;
  sample->interval_us = after->time_us - before->time_us;
  sample->t = (after->time_us - self->start_us) / 1e6;
  sample->n_cores = after->n_cores;
  sample->cores = g_new (FbCpuLoad, MAX (after->n_cores, 1));

  fb_cpu_times_load (&before->total, &after->total, &sample->total);

  for (guint i = 0; i < after->n_cores; i++)
    {
      /* A core that was not there before has no baseline yet. */
      if (i < before->n_cores)
        fb_cpu_times_load (&before->cores[i], &after->cores[i], &sample->cores[i]);
      else
        fb_cpu_times_load (&after->cores[i], &after->cores[i], &sample->cores[i]);
    }

  return sample;
}

static void
record_sample (FbCpuSampler *self,
               FbCpuSample  *sample)
{
  guint capacity;

  if (self->core_series->len != sample->n_cores)
    {
      /* The number of cores changed (or this is the first sample): keep
       * what can still be read, and bound the memory of all series. */
      capacity = CLAMP (SERIES_BUDGET / (sample->n_cores + 1), 16, SERIES_MAX_LENGTH);
      while (self->core_series->len < sample->n_cores)
        g_ptr_array_add (self->core_series, fb_series_new (capacity));
      g_ptr_array_set_size (self->core_series, sample->n_cores);
    }

  fb_series_push (self->total_series, sample->t, sample->total.busy);
  for (guint i = 0; i < sample->n_cores; i++)
    fb_series_push (g_ptr_array_index (self->core_series, i), sample->t, sample->cores[i].busy);
}

/**
 * fb_cpu_sampler_sample_now:
 *
 * Reads the counters now, and emits ::sample with what happened since the
 * previous reading. The first reading is only a baseline.
 *
 * Returns: (transfer full) (nullable): the sample, or %NULL for a baseline
 *   or when the counters could not be read
 */
FbCpuSample *
fb_cpu_sampler_sample_now (FbCpuSampler *self)
{
  g_autoptr(FbCpuCounters) current = NULL;
  FbCpuSample *sample = NULL;

  g_return_val_if_fail (FB_IS_CPU_SAMPLER (self), NULL);

  if (!(current = self->read (self->read_data)))
    return NULL;

  if (self->start_us == 0)
    self->start_us = current->time_us;

  if (self->previous != NULL)
    {
      sample = compute_sample (self, self->previous, current);
      record_sample (self, sample);
    }

  g_clear_pointer (&self->previous, fb_cpu_counters_free);
  self->previous = g_steal_pointer (&current);

  if (sample != NULL)
    g_signal_emit (self, signals [SAMPLE], 0, sample);

  return sample;
}

static gboolean
timer_cb (gpointer user_data)
{
  FbCpuSample *sample = fb_cpu_sampler_sample_now (user_data);

  /* ::sample said it all. */
  if (sample != NULL)
    fb_cpu_sample_unref (sample);

  return G_SOURCE_CONTINUE;
}

static void
fb_cpu_sampler_finalize (GObject *object)
{
  FbCpuSampler *self = (FbCpuSampler *)object;

  fb_cpu_sampler_stop (self);

  if (self->read_destroy != NULL)
    self->read_destroy (self->read_data);

  g_clear_pointer (&self->previous, fb_cpu_counters_free);
  g_clear_pointer (&self->total_series, fb_series_unref);
  g_clear_pointer (&self->core_series, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (fb_cpu_sampler_parent_class)->finalize (object);
}

static void
fb_cpu_sampler_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbCpuSampler *self = FB_CPU_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      g_value_set_uint (value, self->interval_ms);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, self->timer != NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_cpu_sampler_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  FbCpuSampler *self = FB_CPU_SAMPLER (object);

  switch (prop_id)
    {
    case PROP_INTERVAL:
      fb_cpu_sampler_set_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_cpu_sampler_class_init (FbCpuSamplerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = fb_cpu_sampler_finalize;
  object_class->get_property = fb_cpu_sampler_get_property;
  object_class->set_property = fb_cpu_sampler_set_property;

  /**
   * FbCpuSampler:interval:
   *
   * Milliseconds between samples, from 100 to 5,000.
   */
  properties [PROP_INTERVAL] =
    g_param_spec_uint ("interval", NULL, NULL,
                       FB_CPU_SAMPLER_MIN_INTERVAL, FB_CPU_SAMPLER_MAX_INTERVAL,
                       FB_CPU_SAMPLER_DEFAULT_INTERVAL,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbCpuSampler::sample:
   * @sample: what the cores did since the previous sample
   */
  signals [SAMPLE] =
    g_signal_new ("sample", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FB_TYPE_CPU_SAMPLE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
fb_cpu_sampler_init (FbCpuSampler *self)
{
  self->interval_ms = FB_CPU_SAMPLER_DEFAULT_INTERVAL;
  self->read = read_system;
  self->total_series = fb_series_new (SERIES_MAX_LENGTH);
  self->core_series = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_series_unref);
}

/**
 * fb_cpu_sampler_new:
 *
 * Returns: (transfer full): a sampler of this machine's cores, stopped,
 *   whose samples come on the caller's thread-default main context
 */
FbCpuSampler *
fb_cpu_sampler_new (void)
{
  FbCpuSampler *self = g_object_new (FB_TYPE_CPU_SAMPLER, NULL);

  self->context = g_main_context_ref_thread_default ();
  return self;
}

/**
 * fb_cpu_sampler_set_reader:
 * @read: (scope notified): where counters come from
 *
 * Replaces libgtop with another source of counters: a recording, in tests
 * and benchmarks. The next reading is a baseline.
 */
void
fb_cpu_sampler_set_reader (FbCpuSampler   *self,
                           FbCpuReadFunc   read,
                           gpointer        user_data,
                           GDestroyNotify  destroy)
{
  g_return_if_fail (FB_IS_CPU_SAMPLER (self));
  g_return_if_fail (read != NULL);

  if (self->read_destroy != NULL)
    self->read_destroy (self->read_data);

  self->read = read;
  self->read_data = user_data;
  self->read_destroy = destroy;
  g_clear_pointer (&self->previous, fb_cpu_counters_free);
}

/**
 * fb_cpu_sampler_read_counters:
 *
 * Returns: (transfer full) (nullable): the counters now, without sampling
 */
FbCpuCounters *
fb_cpu_sampler_read_counters (FbCpuSampler *self)
{
  g_return_val_if_fail (FB_IS_CPU_SAMPLER (self), NULL);

  return self->read (self->read_data);
}

guint
fb_cpu_sampler_get_interval (FbCpuSampler *self)
{
  g_return_val_if_fail (FB_IS_CPU_SAMPLER (self), 0);
  return self->interval_ms;
}

void
fb_cpu_sampler_set_interval (FbCpuSampler *self,
                             guint         interval_ms)
{
  g_return_if_fail (FB_IS_CPU_SAMPLER (self));

  interval_ms = CLAMP (interval_ms, FB_CPU_SAMPLER_MIN_INTERVAL, FB_CPU_SAMPLER_MAX_INTERVAL);
  if (self->interval_ms == interval_ms)
    return;

  self->interval_ms = interval_ms;
  if (self->timer != NULL)
    {
      fb_cpu_sampler_stop (self);
      fb_cpu_sampler_start (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INTERVAL]);
}

gboolean
fb_cpu_sampler_get_running (FbCpuSampler *self)
{
  g_return_val_if_fail (FB_IS_CPU_SAMPLER (self), FALSE);
  return self->timer != NULL;
}

/**
 * fb_cpu_sampler_start:
 *
 * Takes a baseline now, then a sample every #FbCpuSampler:interval.
 */
void
fb_cpu_sampler_start (FbCpuSampler *self)
{
  g_return_if_fail (FB_IS_CPU_SAMPLER (self));

  if (self->timer != NULL)
    return;

  /* Back after a stop: nothing was measured meanwhile, and the series say
   * so (an unknown value breaks their lines) rather than drawing the
   * whole pause as one sample; the next sample starts from now. */
  if (self->stopped && self->previous != NULL)
    {
      g_autoptr(FbCpuCounters) now = self->read (self->read_data);

      if (now != NULL)
        {
          double t = (now->time_us - self->start_us) / 1e6;

          fb_series_push (self->total_series, t, -1);
          for (guint i = 0; i < self->core_series->len; i++)
            fb_series_push (g_ptr_array_index (self->core_series, i), t, -1);
          g_clear_pointer (&self->previous, fb_cpu_counters_free);
          self->previous = g_steal_pointer (&now);
        }
    }
  self->stopped = FALSE;

  /* A baseline, so that the first tick already gives a sample. */
  if (self->previous == NULL)
    {
      FbCpuSample *sample = fb_cpu_sampler_sample_now (self);

      if (sample != NULL)
        fb_cpu_sample_unref (sample);
    }

  self->timer = g_timeout_source_new (self->interval_ms);
  g_source_set_static_name (self->timer, "[fb-cpu-sampler]");
  g_source_set_callback (self->timer, timer_cb, self, NULL);
  g_source_attach (self->timer, self->context);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
}

void
fb_cpu_sampler_stop (FbCpuSampler *self)
{
  g_return_if_fail (FB_IS_CPU_SAMPLER (self));

  if (self->timer == NULL)
    return;

  g_source_destroy (self->timer);
  g_clear_pointer (&self->timer, g_source_unref);
  self->stopped = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
}

/**
 * fb_cpu_sampler_get_n_cores:
 *
 * Returns: how many cores the last sample had
 */
guint
fb_cpu_sampler_get_n_cores (FbCpuSampler *self)
{
  g_return_val_if_fail (FB_IS_CPU_SAMPLER (self), 0);
  return self->core_series->len;
}

/**
 * fb_cpu_sampler_get_series:
 * @core: a core, or -1 for the whole machine
 *
 * Returns: (transfer none) (nullable): the busy fraction over time
 */
FbSeries *
fb_cpu_sampler_get_series (FbCpuSampler *self,
                           int           core)
{
  g_return_val_if_fail (FB_IS_CPU_SAMPLER (self), NULL);

  if (core < 0)
    return self->total_series;
  if ((guint) core >= self->core_series->len)
    return NULL;
  return g_ptr_array_index (self->core_series, core);
}
