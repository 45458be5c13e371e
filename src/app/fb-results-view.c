/* fb-results-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a run learned: the two modes side by side, the verdict in a
 * sentence, the lesson it illustrates, and failures in words. Every figure
 * is the report's: nothing is computed here.
 */

#define G_LOG_DOMAIN "fb-results-view"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <glib/gi18n.h>

#include "fb-report-cells.h"
#include "fb-results-view.h"
#include "fb-speedup-chart.h"
#include "fb-timeline-chart.h"

struct _FbResultsView
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkScrolledWindow *scroller;
  GtkLabel     *caption_label;
  GtkLabel     *verdict_label;
  GtkLabel     *lesson_label;
  GtkGrid      *grid;
  GtkLabel     *failures_label;
  FbTimelineChart *process_timeline;
  GtkLabel     *process_readout;
  FbTimelineChart *thread_timeline;
  GtkLabel     *thread_readout;
  FbSpeedupChart *speedup_chart;
  GtkLabel     *scaling_label;

  /* Owned */
  FbRun        *run;
  GHashTable   *cells;   /* "row/kind" -> text */
};

G_DEFINE_FINAL_TYPE (FbResultsView, fb_results_view, GTK_TYPE_WIDGET)

/* "Task 3 failed: Worker 4242 was killed by signal 11 (SIGSEGV) while
 * running task 3; the other 9 tasks finished." */
static char *
describe_failures (FbReport *r)
{
  g_autoptr(GString) str = g_string_new (NULL);
  guint shown = 0;
  guint64 others = r->tasks_ok;

  for (guint i = 0; i < r->records->len && shown < 5; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (r->records, i);

      if (record->status != FB_TASK_FAILED)
        continue;
      if (shown++ > 0)
        g_string_append (str, "\n");
      g_string_append_printf (str, _("Task %" PRIu64 " failed: %s"), record->index, fb_task_record_get_error (record)->message);
    }

  if (r->tasks_failed > shown)
    g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "\n…and %" PRIu64 " more failed",
                                              "\n…and %" PRIu64 " more failed", r->tasks_failed - shown),
                            r->tasks_failed - shown);

  g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "; the other %" PRIu64 " task finished.",
                                            "; the other %" PRIu64 " tasks finished.", others),
                          others);
  return g_string_free (g_steal_pointer (&str), FALSE);
}

#define TIMELINE_BASE_HEIGHT  120
#define TIMELINE_LANE_HEIGHT  28
#define TIMELINE_MAX_HEIGHT   560

static FbTimelineChart *
get_timeline (FbResultsView *self,
              FbPoolKind     kind)
{
  return kind == FB_POOL_PROCESSES ? self->process_timeline : self->thread_timeline;
}

/* A lane per worker, each tall enough for its name over its bars, up to
 * where many workers become thin stripes. */
static void
show_timeline (FbResultsView *self,
               FbPoolKind     kind,
               FbReport      *report)
{
  FbTimelineChart *timeline = get_timeline (self, kind);
  guint n_lanes;

  fb_timeline_chart_set_records (timeline, kind, report != NULL ? report->records : NULL);
  gtk_widget_set_visible (GTK_WIDGET (timeline), report != NULL);

  n_lanes = fb_timeline_chart_get_n_lanes (timeline);
  gtk_widget_set_size_request (GTK_WIDGET (timeline), -1,
                               MIN (TIMELINE_BASE_HEIGHT + n_lanes * TIMELINE_LANE_HEIGHT, TIMELINE_MAX_HEIGHT));
}

static void
readout_changed_cb (FbResultsView   *self,
                    GParamSpec      *pspec,
                    FbTimelineChart *timeline)
{
  GtkLabel *label = timeline == self->process_timeline ? self->process_readout : self->thread_readout;
  const char *readout = fb_timeline_chart_get_readout (timeline);

  g_assert (FB_IS_RESULTS_VIEW (self));

  gtk_label_set_text (label, readout != NULL ? readout : "");
  gtk_widget_set_visible (GTK_WIDGET (label), readout != NULL);
}

/* A sweep's speedups by workers, and what Amdahl's law makes of them. */
static void
show_scaling (FbResultsView *self,
              FbRun         *run)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean sweep = run != NULL && fb_run_is_sweep (run);

  fb_speedup_chart_set_run (self->speedup_chart, sweep ? run : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->speedup_chart), sweep);

  for (guint k = 0; sweep && k < 2; k++)
    {
      g_autofree char *sentence = fb_run_dup_scaling (run, k);

      if (sentence == NULL)
        continue;

      g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "",
                              k == FB_POOL_PROCESSES ? _("Processes") : _("Threads"), sentence);
    }

  gtk_label_set_text (self->scaling_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->scaling_label), text->len > 0);
}

/**
 * fb_results_view_get_scaling:
 *
 * Returns: what the view says of a sweep's scaling, or "" for other runs
 */
const char *
fb_results_view_get_scaling (FbResultsView *self)
{
  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);
  return gtk_label_get_text (self->scaling_label);
}

FbSpeedupChart *
fb_results_view_get_speedup_chart (FbResultsView *self)
{
  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);
  return self->speedup_chart;
}

/**
 * fb_results_view_set_run:
 * @run: (nullable): a finished (or stopped) run, or %NULL for none
 * @lesson: (nullable): what the workload illustrates, in a sentence
 */
void
fb_results_view_set_run (FbResultsView *self,
                         FbRun         *run,
                         const char    *lesson)
{
  g_autofree char *verdict = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  GtkWidget *child;
  const FbReportRow *rows;
  FbReport *reports[2];
  gboolean same;
  guint n_rows;

  g_return_if_fail (FB_IS_RESULTS_VIEW (self));

  same = run == self->run;
  g_set_object (&self->run, run);
  g_hash_table_remove_all (self->cells);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))))
    gtk_grid_remove (self->grid, child);

  show_scaling (self, run);
  rows = fb_report_rows (&n_rows);

  if (run == NULL || fb_run_get_reports (run)->len == 0)
    {
      for (guint k = 0; k < 2; k++)
        show_timeline (self, k, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  /* A sweep compares the modes at its most workers; its chart shows the rest. */
  reports[0] = fb_run_get_report (run, FB_POOL_PROCESSES, fb_speedup_chart_get_max_workers (self->speedup_chart));
  reports[1] = fb_run_get_report (run, FB_POOL_THREADS, fb_speedup_chart_get_max_workers (self->speedup_chart));

  gtk_grid_attach (self->grid, fb_report_cell_label_new (_("Processes"), TRUE, 1), 1, 0, 1, 1);
  gtk_grid_attach (self->grid, fb_report_cell_label_new (_("Threads"), TRUE, 1), 2, 0, 1, 1);

  for (guint i = 0; i < n_rows; i++)
    {
      gtk_grid_attach (self->grid, fb_report_cell_label_new (_(rows[i].title), FALSE, 0), 0, i + 1, 1, 1);

      for (guint k = 0; k < 2; k++)
        {
          g_autofree char *text = reports[k] ? fb_report_dup_cell (reports[k], rows[i].id) : g_strdup (_("did not run"));
          GtkWidget *label = fb_report_cell_label_new (text, FALSE, 1);

          if (reports[k] == NULL)
            gtk_widget_add_css_class (label, "dim-label");
          gtk_grid_attach (self->grid, label, k + 1, i + 1, 1, 1);
          g_hash_table_insert (self->cells, g_strdup_printf ("%s/%u", rows[i].id, k), g_strdup (text));
        }
    }

  for (guint k = 0; k < 2; k++)
    if (reports[k] != NULL && reports[k]->tasks_failed > 0)
      {
        g_autofree char *text = describe_failures (reports[k]);

        g_string_append_printf (failures, "%s%s\n%s", failures->len ? "\n\n" : "",
                                k == 0 ? _("In processes:") : _("In threads:"), text);
      }
  for (guint k = 0; k < 2; k++)
    show_timeline (self, k, reports[k]);

  gtk_label_set_text (self->failures_label, failures->str);
  gtk_widget_set_visible (GTK_WIDGET (self->failures_label), failures->len > 0);

  verdict = fb_run_dup_verdict (run);
  gtk_label_set_text (self->verdict_label, verdict);
  gtk_label_set_text (self->lesson_label, lesson ? lesson : "");
  gtk_widget_set_visible (GTK_WIDGET (self->lesson_label), lesson != NULL && lesson[0] != '\0');

  gtk_stack_set_visible_child_name (self->stack, "results");

  /* Another run's results start at their verdict. */
  if (!same)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

/**
 * fb_results_view_focus_verdict:
 *
 * Gives the verdict the keyboard focus, without the whole of its text
 * selected, as a selectable label has it when it takes the focus.
 */
void
fb_results_view_focus_verdict (FbResultsView *self)
{
  g_return_if_fail (FB_IS_RESULTS_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->verdict_label));
  gtk_label_select_region (self->verdict_label, 0, 0);
}

/**
 * fb_results_view_set_caption:
 * @caption: (nullable): what the results are of, such as a kept run's
 *   name and date, or %NULL for the run that just finished
 */
void
fb_results_view_set_caption (FbResultsView *self,
                             const char    *caption)
{
  g_return_if_fail (FB_IS_RESULTS_VIEW (self));

  gtk_label_set_text (self->caption_label, caption ? caption : "");
  gtk_widget_set_visible (GTK_WIDGET (self->caption_label), caption != NULL);
}

/**
 * fb_results_view_get_caption:
 *
 * Returns: what the results are said to be of, or "" for the last run
 */
const char *
fb_results_view_get_caption (FbResultsView *self)
{
  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);
  return gtk_label_get_text (self->caption_label);
}

/**
 * fb_results_view_get_run:
 *
 * Returns: (transfer none) (nullable): the run shown
 */
FbRun *
fb_results_view_get_run (FbResultsView *self)
{
  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);
  return self->run;
}

/**
 * fb_results_view_get_cell:
 * @row: a row's id, such as "wall" or "speedup"
 *
 * Returns: (nullable): what the view shows there
 */
const char *
fb_results_view_get_cell (FbResultsView *self,
                          const char    *row,
                          FbPoolKind     kind)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);

  key = g_strdup_printf ("%s/%u", row, kind);
  return g_hash_table_lookup (self->cells, key);
}

/**
 * fb_results_view_get_timeline:
 *
 * Returns: (transfer none): the worker timeline of @kind's run
 */
FbTimelineChart *
fb_results_view_get_timeline (FbResultsView *self,
                              FbPoolKind     kind)
{
  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);
  g_return_val_if_fail (kind == FB_POOL_PROCESSES || kind == FB_POOL_THREADS, NULL);

  return get_timeline (self, kind);
}

const char *
fb_results_view_get_verdict (FbResultsView *self)
{
  g_return_val_if_fail (FB_IS_RESULTS_VIEW (self), NULL);
  return gtk_label_get_text (self->verdict_label);
}

static void
fb_results_view_dispose (GObject *object)
{
  FbResultsView *self = (FbResultsView *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_RESULTS_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->run);
  g_clear_pointer (&self->cells, g_hash_table_unref);

  G_OBJECT_CLASS (fb_results_view_parent_class)->dispose (object);
}

static void
fb_results_view_class_init (FbResultsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_results_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/forkbench/Forkbench/fb-results-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, failures_label);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, grid);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, lesson_label);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, process_readout);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, process_timeline);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, scaling_label);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, speedup_chart);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, thread_readout);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, thread_timeline);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, caption_label);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, scroller);
  gtk_widget_class_bind_template_child (widget_class, FbResultsView, verdict_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (FB_TYPE_SPEEDUP_CHART);
  g_type_ensure (FB_TYPE_TIMELINE_CHART);
}

static void
fb_results_view_init (FbResultsView *self)
{
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->process_timeline, "notify::readout",
                           G_CALLBACK (readout_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->thread_timeline, "notify::readout",
                           G_CALLBACK (readout_changed_cb), self, G_CONNECT_SWAPPED);

  /* The read-out of the focused task describes the chart it belongs to. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->process_timeline),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->process_readout, NULL,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->thread_timeline),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->thread_readout, NULL,
                                  -1);
}
