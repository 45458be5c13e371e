/* fb-run-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A run, live: what every core does, how many tasks each mode finishes per
 * second, how far it got, and what the tasks printed or why they failed.
 */

#define G_LOG_DOMAIN "fb-run-view"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "fb-cpu-chart.h"
#include "fb-flat-bin.h"
#include "fb-run-view.h"
#include "fb-throughput-chart.h"

/* The log keeps this many lines, so that a million printing tasks do not
 * make the window crawl. */
#define MAX_LOG_LINES 2000

struct _FbRunView
{
  GtkWidget          parent_instance;

  /* Template widgets */
  GtkLabel          *status_label;
  GtkProgressBar    *progress_bar;
  GtkBox            *charts_box;
  GtkTextView       *log_view;
  GtkLabel          *log_count_label;

  /* Owned */
  FbCpuSampler      *sampler;
  FbCpuChart        *cpu_chart;
  FbThroughputChart *throughput_chart;
  FbRun             *run;
  FbRunMonitor      *monitor;
  GCancellable      *cancellable;
  char              *step_label;

  gint64             step_started_us;
  gint64             last_progress_us;
  double             step_t0;
  guint              step;
  guint              n_steps;
  guint              log_lines;
  guint              log_dropped;
};

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_SAMPLE_INTERVAL,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbRunView, fb_run_view, GTK_TYPE_WIDGET)

static void
append_log (FbRunView  *self,
            const char *text,
            const char *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter end;

  if (self->log_lines >= MAX_LOG_LINES)
    {
      g_autofree char *count = NULL;

      self->log_dropped++;
      count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u more line not shown",
                                            "%u more lines not shown", self->log_dropped),
                               self->log_dropped);
      gtk_label_set_text (self->log_count_label, count);
      return;
    }

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, &end, text, -1);
  if (!g_str_has_suffix (text, "\n"))
    {
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, "\n", 1);
    }
  self->log_lines++;
}

static void
step_started_cb (FbRunView  *self,
                 FbPoolKind  kind,
                 guint       workers,
                 guint       step,
                 guint       n_steps,
                 FbRun      *run)
{
  g_autofree char *line = NULL;
  FbSeries *total = fb_cpu_sampler_get_series (self->sampler, -1);
  double t = 0;

  self->step = step;
  self->n_steps = n_steps;
  self->step_started_us = g_get_monotonic_time ();

  g_free (self->step_label);
  self->step_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s, %u worker", "%s, %u workers", workers),
                                      kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads"), workers);
  gtk_label_set_text (self->status_label, self->step_label);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);

  /* Mark on the core chart when this mode started. */
  fb_series_get_last (total, &t, NULL);
  self->step_t0 = t;
  fb_cpu_chart_mark_mode (self->cpu_chart, kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads"), t, NAN);

  fb_throughput_chart_set_series (self->throughput_chart, kind,
                                  fb_run_monitor_get_throughput (self->monitor, kind));

  line = g_strdup_printf (_("— %s —"), self->step_label);
  append_log (self, line, "heading");
}

static char *
format_time_left (double seconds)
{
  if (seconds < 1)
    return g_strdup (_("less than a second left"));
  if (seconds < 90)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %.0f second left", "about %.0f seconds left",
                                         (gulong) (seconds + 0.5)), seconds);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "about %.0f minute left", "about %.0f minutes left",
                                       (gulong) (seconds / 60 + 0.5)), seconds / 60);
}

static void
progress_cb (FbRunView *self,
             guint64    n_done,
             guint64    n_failed,
             guint64    n_total,
             FbRun     *run)
{
  gint64 now = g_get_monotonic_time ();
  g_autofree char *done_text = NULL;
  g_autofree char *left_text = NULL;
  g_autofree char *status = NULL;
  double elapsed, left;

  /* A label that changes faster than it can be read helps nobody. */
  if (now - self->last_progress_us < 100000 && n_done < n_total)
    return;
  self->last_progress_us = now;

  gtk_progress_bar_set_fraction (self->progress_bar, n_total ? (double) n_done / n_total : 0);

  done_text = n_failed > 0
    ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " of %" PRIu64 " tasks, %" PRIu64 " failed",
                                    "%" PRIu64 " of %" PRIu64 " tasks, %" PRIu64 " failed", n_total),
                       n_done, n_total, n_failed)
    : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " of %" PRIu64 " task",
                                    "%" PRIu64 " of %" PRIu64 " tasks", n_total),
                       n_done, n_total);

  elapsed = (now - self->step_started_us) / 1e6;
  if (n_done > 0 && n_done < n_total)
    {
      /* This mode's pace so far, and the other mode, if it is still to come. */
      left = elapsed / n_done * (n_total - n_done) + elapsed / n_done * n_total * (self->n_steps - self->step - 1);
      left_text = format_time_left (left);
    }

  status = left_text ? g_strdup_printf ("%s: %s, %s", self->step_label, done_text, left_text)
                     : g_strdup_printf ("%s: %s", self->step_label, done_text);
  gtk_label_set_text (self->status_label, status);
}

static void
tasks_finished_cb (FbRunView *self,
                   GPtrArray *records,
                   FbRun     *run)
{
  for (guint i = 0; i < records->len; i++)
    {
      const FbTaskRecord *record = g_ptr_array_index (records, i);
      const char *output = fb_task_record_get_output (record);

      if (output != NULL)
        append_log (self, output, NULL);

      if (record->status == FB_TASK_FAILED)
        {
          g_autofree char *line = g_strdup_printf (_("Task %" PRIu64 " failed: %s"),
                                                   record->index, fb_task_record_get_error (record)->message);
          append_log (self, line, "error");
        }
    }
}

static void
step_finished_cb (FbRunView *self,
                  FbReport  *report,
                  FbRun     *run)
{
  FbSeries *total = fb_cpu_sampler_get_series (self->sampler, -1);
  double t = self->step_t0;

  fb_series_get_last (total, &t, NULL);
  fb_cpu_chart_mark_mode (self->cpu_chart, report->kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads"),
                          self->step_t0, MAX (t, self->step_t0));
  fb_chart_invalidate (FB_CHART (self->throughput_chart));
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(FbRunView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FbRun) run = g_object_ref (FB_RUN (object));

  fb_run_execute_finish (run, result, &error);

  g_clear_object (&self->cancellable);
  gtk_label_set_text (self->status_label,
                      error == NULL ? _("Finished") :
                      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? _("Stopped") : error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
  g_signal_emit (self, signals [FINISHED], 0, run, error);
}

/* Takes @run and starts it. */
static void
start_run (FbRunView *self,
           FbRun     *run)
{
  GtkTextBuffer *buffer;

  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);
  g_clear_object (&self->monitor);
  g_clear_object (&self->run);

  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_label_set_text (self->log_count_label, "");
  self->log_lines = 0;
  self->log_dropped = 0;

  fb_cpu_chart_clear_marks (self->cpu_chart);
  fb_throughput_chart_set_series (self->throughput_chart, FB_POOL_PROCESSES, NULL);
  fb_throughput_chart_set_series (self->throughput_chart, FB_POOL_THREADS, NULL);

  self->run = run;
  self->monitor = fb_run_monitor_new (self->run, self->sampler);
  self->cancellable = g_cancellable_new ();

  g_signal_connect_swapped (self->run, "step-started", G_CALLBACK (step_started_cb), self);
  g_signal_connect_swapped (self->run, "progress", G_CALLBACK (progress_cb), self);
  g_signal_connect_swapped (self->run, "tasks-finished", G_CALLBACK (tasks_finished_cb), self);
  g_signal_connect_swapped (self->run, "step-finished", G_CALLBACK (step_finished_cb), self);

  gtk_label_set_text (self->status_label, _("Starting…"));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  fb_run_execute_async (self->run, self->cancellable, run_done_cb, g_object_ref (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RUNNING]);
}

/**
 * fb_run_view_start:
 * @workload: what to run
 *
 * Runs @workload, showing it live; ::finished says when it is done.
 */
void
fb_run_view_start (FbRunView  *self,
                   FbWorkload *workload)
{
  g_return_if_fail (FB_IS_RUN_VIEW (self));
  g_return_if_fail (FB_IS_WORKLOAD (workload));
  g_return_if_fail (self->cancellable == NULL);

  start_run (self, fb_run_new (workload));
}

/**
 * fb_run_view_start_sweep:
 * @workload: what to run
 * @max_workers: the most workers to try, at least 2
 *
 * Runs @workload with 1 to @max_workers workers in each of its modes,
 * showing each step live; ::finished says when all are done.
 */
void
fb_run_view_start_sweep (FbRunView  *self,
                         FbWorkload *workload,
                         guint       max_workers)
{
  g_return_if_fail (FB_IS_RUN_VIEW (self));
  g_return_if_fail (FB_IS_WORKLOAD (workload));
  g_return_if_fail (max_workers >= 2);
  g_return_if_fail (self->cancellable == NULL);

  start_run (self, fb_run_new_sweep (workload, max_workers));
}

/**
 * fb_run_view_stop:
 *
 * Stops the run now; what finished is kept, and no worker is left.
 */
void
fb_run_view_stop (FbRunView *self)
{
  g_return_if_fail (FB_IS_RUN_VIEW (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/**
 * fb_run_view_set_sample_interval:
 * @interval_ms: from 100 to 5000
 *
 * Sets how often the live charts read the cores; a running sampler takes
 * the new pace at once.
 */
void
fb_run_view_set_sample_interval (FbRunView *self,
                                 guint      interval_ms)
{
  g_return_if_fail (FB_IS_RUN_VIEW (self));
  g_return_if_fail (interval_ms >= 100 && interval_ms <= 5000);

  if (fb_cpu_sampler_get_interval (self->sampler) == interval_ms)
    return;

  fb_cpu_sampler_set_interval (self->sampler, interval_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SAMPLE_INTERVAL]);
}

guint
fb_run_view_get_sample_interval (FbRunView *self)
{
  g_return_val_if_fail (FB_IS_RUN_VIEW (self), 0);

  return fb_cpu_sampler_get_interval (self->sampler);
}

gboolean
fb_run_view_get_running (FbRunView *self)
{
  g_return_val_if_fail (FB_IS_RUN_VIEW (self), FALSE);
  return self->cancellable != NULL;
}

/**
 * fb_run_view_get_run:
 *
 * Returns: (transfer none) (nullable): the last run started
 */
FbRun *
fb_run_view_get_run (FbRunView *self)
{
  g_return_val_if_fail (FB_IS_RUN_VIEW (self), NULL);
  return self->run;
}

FbChart *
fb_run_view_get_cpu_chart (FbRunView *self)
{
  g_return_val_if_fail (FB_IS_RUN_VIEW (self), NULL);
  return FB_CHART (self->cpu_chart);
}

FbChart *
fb_run_view_get_throughput_chart (FbRunView *self)
{
  g_return_val_if_fail (FB_IS_RUN_VIEW (self), NULL);
  return FB_CHART (self->throughput_chart);
}

/**
 * fb_run_view_get_log:
 *
 * Returns: (transfer full): what the log shows
 */
char *
fb_run_view_get_log (FbRunView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (FB_IS_RUN_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
fb_run_view_map (GtkWidget *widget)
{
  FbRunView *self = FB_RUN_VIEW (widget);

  GTK_WIDGET_CLASS (fb_run_view_parent_class)->map (widget);

  /* The cores are worth watching even between runs. */
  fb_cpu_sampler_start (self->sampler);
}

static void
fb_run_view_unmap (GtkWidget *widget)
{
  FbRunView *self = FB_RUN_VIEW (widget);

  /* Nobody sees the charts: stop paying for them, unless a run needs them. */
  if (self->cancellable == NULL)
    fb_cpu_sampler_stop (self->sampler);

  GTK_WIDGET_CLASS (fb_run_view_parent_class)->unmap (widget);
}

static void
fb_run_view_dispose (GObject *object)
{
  FbRunView *self = (FbRunView *)object;
  GtkWidget *child;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->run != NULL)
    g_signal_handlers_disconnect_by_data (self->run, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_RUN_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  g_clear_object (&self->monitor);
  g_clear_object (&self->run);
  g_clear_object (&self->sampler);
  g_clear_pointer (&self->step_label, g_free);

  G_OBJECT_CLASS (fb_run_view_parent_class)->dispose (object);
}

static void
fb_run_view_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FbRunView *self = FB_RUN_VIEW (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, fb_run_view_get_running (self));
      break;

    case PROP_SAMPLE_INTERVAL:
      g_value_set_uint (value, fb_cpu_sampler_get_interval (self->sampler));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_run_view_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FbRunView *self = FB_RUN_VIEW (object);

  switch (prop_id)
    {
    case PROP_SAMPLE_INTERVAL:
      fb_run_view_set_sample_interval (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_run_view_class_init (FbRunViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_run_view_dispose;
  object_class->get_property = fb_run_view_get_property;
  object_class->set_property = fb_run_view_set_property;

  widget_class->map = fb_run_view_map;
  widget_class->unmap = fb_run_view_unmap;

  properties [PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * FbRunView:sample-interval:
   *
   * How often the live charts read the cores, in milliseconds.
   */
  properties [PROP_SAMPLE_INTERVAL] =
    g_param_spec_uint ("sample-interval", NULL, NULL, 100, 5000, 500,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbRunView::finished:
   * @run: the run
   * @error: (nullable): why it did not finish, %G_IO_ERROR_CANCELLED when stopped
   */
  signals [FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, FB_TYPE_RUN, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/forkbench/Forkbench/fb-run-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FbRunView, charts_box);
  gtk_widget_class_bind_template_child (widget_class, FbRunView, log_count_label);
  gtk_widget_class_bind_template_child (widget_class, FbRunView, log_view);
  gtk_widget_class_bind_template_child (widget_class, FbRunView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, FbRunView, status_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_run_view_init (FbRunView *self)
{
  GtkTextBuffer *buffer;
  GtkWidget *throughput_bin;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->sampler = fb_cpu_sampler_new ();

  self->cpu_chart = fb_cpu_chart_new ();
  fb_cpu_chart_set_sampler (self->cpu_chart, self->sampler);
  gtk_widget_set_vexpand (GTK_WIDGET (self->cpu_chart), TRUE);
  gtk_box_append (self->charts_box, GTK_WIDGET (self->cpu_chart));

  /* Between runs the throughput chart stays as it is while the CPU chart
   * moves every second: as one node, it costs those frames next to
   * nothing. */
  self->throughput_chart = fb_throughput_chart_new ();
  gtk_widget_set_vexpand (GTK_WIDGET (self->throughput_chart), TRUE);
  throughput_bin = fb_flat_bin_new ();
  fb_flat_bin_set_child (FB_FLAT_BIN (throughput_bin), GTK_WIDGET (self->throughput_chart));
  gtk_box_append (self->charts_box, throughput_bin);

  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_create_tag (buffer, "error", "foreground", "#e01b24", NULL);
  gtk_text_buffer_create_tag (buffer, "heading", "weight", PANGO_WEIGHT_BOLD, NULL);
}
