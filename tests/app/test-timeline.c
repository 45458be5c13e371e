/* test-timeline.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user sees on the worker timeline: a lane per worker, a failed
 * task that says so on its bar and in words, zooming and panning from the
 * keyboard, the task under the pointer, a million tasks that draw as a
 * few shapes per pixel column, no tasks at all, and dark mode.
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "fb-chart-test-util.h"
#include "fb-results-view.h"
#include "fb-run-private.h"
#include "fb-timeline-chart.h"

#define WIDTH     FB_TEST_CHART_WIDTH
#define HEIGHT    FB_TEST_CHART_HEIGHT
#define T0_US     G_GINT64_CONSTANT (1000000000)
#define CRASH     "Worker 4242 was killed by signal 11 (SIGSEGV) while running task 7"

/* @n_workers workers taking tasks of @task_us in turn, a gap of @gap_us
 * between two tasks of a worker. */
static GPtrArray *
make_records (guint  n_workers,
              guint  n_tasks,
              gint64 task_us,
              gint64 gap_us)
{
  GPtrArray *records = g_ptr_array_new_full (n_tasks, (GDestroyNotify) fb_task_record_unref);

  for (guint i = 0; i < n_tasks; i++)
    {
      FbTaskRecord *record = fb_task_record_new (i, (gint64) i * 10);
      guint slot = i % n_workers;
      guint round = i / n_workers;

      record->queued_us = T0_US;
      record->started_us = T0_US + round * (task_us + gap_us);
      record->finished_us = record->started_us + task_us;
      record->cpu_us = task_us / 2;
      record->status = FB_TASK_SUCCEEDED;
      record->worker_slot = slot;
      record->worker_pid = 4240 + slot;
      record->worker_tid = record->worker_pid;
      record->cpu = (int) slot;
      g_ptr_array_add (records, record);
    }

  return records;
}

/* Task 7 crashes worker 4242, the fourth; a new worker takes its slot. */
static GPtrArray *
make_crash_records (void)
{
  GPtrArray *records = make_records (4, 20, 100000, 10000);

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      if (record->index == 7)
        {
          record->status = FB_TASK_FAILED;
          fb_task_record_take_error (record, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, CRASH));
        }
      else if (record->worker_slot == 3 && record->index > 7)
        record->worker_pid = record->worker_tid = 4299;
    }

  /* Before the crash, the fourth slot is the crashing worker's. */
  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);

      if (record->worker_slot == 3 && record->index <= 7)
        record->worker_pid = record->worker_tid = 4242;
    }

  return records;
}

/* Draws the chart as the widget does, at the widget's size, so that
 * pixels match widget coordinates. */
static cairo_surface_t *
render (FbChart *chart)
{
  return fb_test_render_chart (chart, TRUE, gtk_widget_get_width (GTK_WIDGET (chart)),
                               gtk_widget_get_height (GTK_WIDGET (chart)));
}

/* Set FB_TEST_CHART_PNG_DIR to a folder to look at what was checked. */
static void
maybe_write_png (cairo_surface_t *surface,
                 const char      *name)
{
  const char *dir = g_getenv ("FB_TEST_CHART_PNG_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  file = g_strdup_printf ("%s.png", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
}

static guint32
pixel_at (cairo_surface_t *surface,
          double           x,
          double           y)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  return *(const guint32 *) (gconstpointer) (data + (int) y * stride + (int) x * 4) & 0xffffff;
}

static guint32
rgb_of (const GdkRGBA *c)
{
  return ((guint32) (c->red * 255 + 0.5) << 16) | ((guint32) (c->green * 255 + 0.5) << 8) | (guint32) (c->blue * 255 + 0.5);
}

static gboolean
close_colors (guint32 a,
              guint32 b)
{
  for (guint shift = 0; shift <= 16; shift += 8)
    if (ABS ((int) ((a >> shift) & 0xff) - (int) ((b >> shift) & 0xff)) > 3)
      return FALSE;
  return TRUE;
}

static gboolean
press_key (gpointer widget,
           guint    keyval)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (widget));
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
    }

  gtk_test_widget_wait_for_draw (widget);
  return handled;
}

/* Shows @chart in a window of its own with @records, drawn: the window,
 * to destroy; @chart is sunk, for the caller to unref. */
static GtkWidget *
show_timeline (FbTimelineChart *chart,
               FbPoolKind       kind,
               GPtrArray       *records)
{
  GtkWidget *window;

  g_object_ref_sink (chart);
  window = fb_test_show_in_window (chart);
  fb_timeline_chart_set_records (chart, kind, records);
  fb_test_wait_for_frames (chart);
  return window;
}

/* A run shorter than a second still has a time axis to read: ticks in
 * milliseconds, not a lone "0 s". */
static void
test_short_run_axis (void)
{
  /* 8 tasks of 15 ms on 2 workers, 2 ms apart: 66 ms in all. */
  g_autoptr(GPtrArray) records = make_records (2, 8, 15000, 2000);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  g_auto(GStrv) labels = NULL;
  guint n_ms = 0;
  GtkWidget *window;

  window = show_timeline (chart, FB_POOL_PROCESSES, records);

  labels = fb_chart_dup_label_texts (FB_CHART (chart));
  for (guint i = 0; labels[i] != NULL; i++)
    {
      g_test_message ("label: %s", labels[i]);
      g_assert_cmpstr (labels[i], !=, "0.1 s");
      if (g_str_has_suffix (labels[i], " ms"))
        n_ms++;
    }
  g_assert_true (g_strv_contains ((const char * const *) labels, "0 ms"));
  g_assert_cmpuint (n_ms, >=, 3);

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (chart);
}

static void
test_lanes (void)
{
  g_autoptr(GPtrArray) records = make_records (4, 20, 100000, 10000);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  GtkWidget *window;
  g_autofree char *description = NULL;

  g_object_ref_sink (chart);
  window = fb_test_show_in_window (chart);

  fb_timeline_chart_set_records (chart, FB_POOL_PROCESSES, records);
  fb_test_wait_for_frames (chart);

  g_assert_cmpuint (fb_timeline_chart_get_n_lanes (chart), ==, 4);
  g_assert_cmpstr (fb_chart_get_title (FB_CHART (chart)), ==, "Worker Timeline: Processes");

  description = fb_chart_dup_description (FB_CHART (chart));
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "processes: 4 workers, 20 tasks in 540.0\u00a0ms"));
  /* 5 tasks of 100 ms in 540 ms, with 4 gaps of 10 ms between them. */
  g_assert_nonnull (strstr (description, "Worker 1 busy 93%, 4 idle gaps, the longest 10.0\u00a0ms"));
  g_assert_null (strstr (description, "failed"));

  /* Threads: the same workers, their tids. */
  fb_timeline_chart_set_records (chart, FB_POOL_THREADS, records);
  g_assert_cmpstr (fb_chart_get_title (FB_CHART (chart)), ==, "Worker Timeline: Threads");
  g_clear_pointer (&description, g_free);
  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_nonnull (strstr (description, "threads: 4 workers"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_failure (void)
{
  g_autoptr(GPtrArray) records = make_crash_records ();
  FbTimelineChart *chart = fb_timeline_chart_new ();
  FbTaskRecord *failed = g_ptr_array_index (records, 7);
  g_autofree char *description = NULL;
  g_autofree char *tooltip = NULL;
  cairo_surface_t *surface;
  graphene_rect_t area;
  FbChartColors colors;
  GtkWidget *window;

  window = show_timeline (chart, FB_POOL_PROCESSES, records);

  description = fb_chart_dup_description (FB_CHART (chart));
  g_test_message ("%s", description);
  g_assert_nonnull (strstr (description, "20 tasks in 540.0\u00a0ms, 1 failed."));
  g_assert_nonnull (strstr (description, "Worker 4 busy 93%, 4 idle gaps, the longest 10.0\u00a0ms, 1 failed, replaced 1 time"));

  /* The bar of the failed task is red, and says why in its tooltip. */
  g_assert_true (fb_timeline_chart_get_task_area (chart, failed, &area));
  g_assert_true (fb_timeline_chart_get_task_at (chart, area.origin.x + area.size.width / 2,
                                                area.origin.y + area.size.height / 2) == failed);
  tooltip = fb_timeline_chart_dup_task_text (chart, failed);
  g_test_message ("%s", tooltip);
  g_assert_nonnull (strstr (tooltip, "Task 7, input 70"));
  g_assert_nonnull (strstr (tooltip, "Failed: " CRASH));
  g_assert_nonnull (strstr (tooltip, "Worker 4, pid 4242, core 3"));
  g_assert_nonnull (strstr (tooltip, "took 100.0\u00a0ms"));

  fb_chart_get_colors (FB_CHART (chart), &colors);
  surface = render (FB_CHART (chart));
  g_assert_true (close_colors (pixel_at (surface, area.origin.x + area.size.width / 3, area.origin.y + area.size.height / 2),
                               rgb_of (&colors.series[4])));
  maybe_write_png (surface, "timeline-crash");
  cairo_surface_destroy (surface);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_zoom_keys (void)
{
  g_autoptr(GPtrArray) records = make_records (4, 400, 10000, 0);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  double from, to, from2, to2;
  GtkWidget *window;

  window = show_timeline (chart, FB_POOL_THREADS, records);

  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));

  /* The whole run: 100 rounds of 10 ms. */
  fb_chart_get_visible_window (FB_CHART (chart), &from, &to);
  g_assert_cmpfloat_with_epsilon (from, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (to, 1.0, 1e-9);

  g_assert_true (press_key (chart, GDK_KEY_plus));
  fb_chart_get_visible_window (FB_CHART (chart), &from, &to);
  g_assert_cmpfloat_with_epsilon (to - from, 0.5, 1e-9);
  g_assert_false (fb_chart_get_follow (FB_CHART (chart)));

  g_assert_true (press_key (chart, GDK_KEY_plus));
  fb_chart_get_visible_window (FB_CHART (chart), &from, &to);
  g_assert_cmpfloat_with_epsilon (to - from, 0.25, 1e-9);

  g_assert_true (press_key (chart, GDK_KEY_Right));
  fb_chart_get_visible_window (FB_CHART (chart), &from2, &to2);
  g_assert_cmpfloat (from2, >, from);
  g_assert_cmpfloat_with_epsilon (to2 - from2, 0.25, 1e-9);

  g_assert_true (press_key (chart, GDK_KEY_Left));
  g_assert_true (press_key (chart, GDK_KEY_Left));
  fb_chart_get_visible_window (FB_CHART (chart), &from2, &to2);
  g_assert_cmpfloat (from2, <, from);

  g_assert_true (press_key (chart, GDK_KEY_minus));
  fb_chart_get_visible_window (FB_CHART (chart), &from, &to);
  g_assert_cmpfloat_with_epsilon (to - from, 0.5, 1e-9);

  /* Home shows the whole run again. */
  g_assert_true (press_key (chart, GDK_KEY_Home));
  fb_chart_get_visible_window (FB_CHART (chart), &from, &to);
  g_assert_true (fb_chart_get_follow (FB_CHART (chart)));
  g_assert_cmpfloat_with_epsilon (from, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (to, 1.0, 1e-9);

  /* Out past the whole run is the whole run. */
  g_assert_true (press_key (chart, GDK_KEY_minus));
  fb_chart_get_visible_window (FB_CHART (chart), &from, &to);
  g_assert_cmpfloat_with_epsilon (to - from, 1.0, 1e-9);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_keyboard_readout (void)
{
  g_autoptr(GPtrArray) records = make_records (2, 6, 100000, 0);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  g_autofree char *description = NULL;
  FbTaskRecord *first;
  GtkWidget *window;

  window = show_timeline (chart, FB_POOL_PROCESSES, records);

  g_assert_null (fb_timeline_chart_get_readout (chart));

  /* Down from nothing: the first task; Down again: the next one. */
  g_assert_true (press_key (chart, GDK_KEY_Down));
  first = fb_timeline_chart_get_focused_task (chart);
  g_assert_nonnull (first);
  g_assert_cmpuint (first->index, ==, 0);
  g_assert_nonnull (strstr (fb_timeline_chart_get_readout (chart), "Task 0, input 0"));

  g_assert_true (press_key (chart, GDK_KEY_Down));
  g_assert_cmpuint (fb_timeline_chart_get_focused_task (chart)->index, ==, 1);
  g_assert_true (press_key (chart, GDK_KEY_Down));
  g_assert_cmpuint (fb_timeline_chart_get_focused_task (chart)->index, ==, 2);
  g_assert_nonnull (strstr (fb_timeline_chart_get_readout (chart), "Task 2, input 20"));
  g_assert_true (press_key (chart, GDK_KEY_Up));
  g_assert_cmpuint (fb_timeline_chart_get_focused_task (chart)->index, ==, 1);

  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_nonnull (strstr (description, "Task 1, input 10"));

  g_assert_true (press_key (chart, GDK_KEY_Escape));
  g_assert_null (fb_timeline_chart_get_focused_task (chart));
  g_assert_null (fb_timeline_chart_get_readout (chart));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_task_at_pixel (void)
{
  g_autoptr(GPtrArray) records = make_records (3, 30, 50000, 20000);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  GtkWidget *window;

  window = show_timeline (chart, FB_POOL_PROCESSES, records);

  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);
      graphene_rect_t area;

      g_assert_true (fb_timeline_chart_get_task_area (chart, record, &area));
      g_assert_true (fb_timeline_chart_get_task_at (chart, area.origin.x + area.size.width / 2,
                                                    area.origin.y + area.size.height / 2) == record);
    }

  /* Zoomed in on the middle, a task there is still found where it is. */
  fb_timeline_chart_zoom (chart, 4, 0.35);
  fb_test_wait_for_frames (chart);
  for (guint i = 0; i < records->len; i++)
    {
      FbTaskRecord *record = g_ptr_array_index (records, i);
      graphene_rect_t area;

      if (!fb_timeline_chart_get_task_area (chart, record, &area) || area.size.width < 4)
        continue;
      g_assert_true (fb_timeline_chart_get_task_at (chart, area.origin.x + area.size.width / 2,
                                                    area.origin.y + area.size.height / 2) == record);
    }

  /* Between lanes' bars in a gap, and outside the plot: nothing. */
  g_assert_null (fb_timeline_chart_get_task_at (chart, -10, -10));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_million (void)
{
  g_autoptr(GPtrArray) records = make_records (8, 1000000, 5, 1);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  FbTaskRecord *record = g_ptr_array_index (records, 555555);
  cairo_rectangle_int_t plot;
  graphene_rect_t area;
  GtkWidget *window;
  guint n_shapes;

  /* One in ten thousand failed: every one must still show. */
  for (guint i = 0; i < records->len; i += 10000)
    ((FbTaskRecord *) g_ptr_array_index (records, i))->status = FB_TASK_CANCELLED;

  window = show_timeline (chart, FB_POOL_PROCESSES, records);

  g_assert_cmpuint (fb_timeline_chart_get_n_lanes (chart), ==, 8);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));

  /* At most a bar and a span per pixel column and lane, and a mark. */
  n_shapes = fb_timeline_chart_get_n_prepared_shapes (chart);
  g_test_message ("%u shapes for a million tasks in %d columns", n_shapes, plot.width);
  g_assert_cmpuint (n_shapes, >, 0);
  g_assert_cmpuint (n_shapes, <=, 3 * (guint) (plot.width + 2) * 8);
  {
    cairo_surface_t *surface = render (FB_CHART (chart));

    maybe_write_png (surface, "timeline-million");
    cairo_surface_destroy (surface);
  }

  /* Deep in, the task under the pointer is still the right one. */
  fb_timeline_chart_zoom (chart, 20000, (record->started_us - T0_US) / 1e6);
  fb_test_wait_for_frames (chart);
  g_assert_cmpuint (fb_timeline_chart_get_n_prepared_shapes (chart), <=, 3 * (guint) (plot.width + 2) * 8);
  g_assert_true (fb_timeline_chart_get_task_area (chart, record, &area));
  g_assert_cmpfloat (area.size.width, >=, 4);
  g_assert_true (fb_timeline_chart_get_task_at (chart, area.origin.x + area.size.width / 2,
                                                area.origin.y + area.size.height / 2) == record);

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new_with_free_func ((GDestroyNotify) fb_task_record_unref);
  FbTimelineChart *chart = fb_timeline_chart_new ();
  g_autofree char *description = NULL;
  cairo_surface_t *surface;
  GtkWidget *window;

  g_object_ref_sink (chart);
  window = fb_test_show_in_window (chart);

  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_cmpstr (description, ==, "Worker timeline: no tasks yet");

  for (guint pass = 0; pass < 2; pass++)
    {
      fb_timeline_chart_set_records (chart, FB_POOL_PROCESSES, pass == 0 ? NULL : none);
      fb_test_wait_for_frames (chart);

      g_clear_pointer (&description, g_free);
      description = fb_chart_dup_description (FB_CHART (chart));
      g_assert_cmpstr (description, ==, "Worker timeline: no tasks yet");
      g_assert_cmpuint (fb_timeline_chart_get_n_lanes (chart), ==, 0);
      g_assert_null (fb_timeline_chart_get_task_at (chart, WIDTH / 2, HEIGHT / 2));

      for (guint i = 0; i < 7; i++)
        press_key (chart, (guint[]) { GDK_KEY_plus, GDK_KEY_minus, GDK_KEY_Left, GDK_KEY_Right,
                                      GDK_KEY_Home, GDK_KEY_Up, GDK_KEY_Down }[i]);
      g_assert_null (fb_timeline_chart_get_focused_task (chart));

      surface = render (FB_CHART (chart));
      cairo_surface_destroy (surface);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_dark_mode (void)
{
  g_autoptr(GPtrArray) records = make_crash_records ();
  FbTimelineChart *chart = fb_timeline_chart_new ();
  FbTaskRecord *record = g_ptr_array_index (records, 0);
  cairo_surface_t *light, *dark;
  graphene_rect_t area;
  GtkWidget *window;
  double x, y;

  window = show_timeline (chart, FB_POOL_PROCESSES, records);

  g_assert_true (fb_timeline_chart_get_task_area (chart, record, &area));
  x = area.origin.x + area.size.width / 2;
  y = area.origin.y + area.size.height / 2;

  fb_test_set_dark (chart, FALSE);
  light = render (FB_CHART (chart));
  fb_test_set_dark (chart, TRUE);
  dark = render (FB_CHART (chart));

  /* The bar and the background around it both change. */
  g_assert_cmphex (pixel_at (light, x, y), !=, pixel_at (dark, x, y));
  g_assert_cmphex (pixel_at (light, 1, 1), !=, pixel_at (dark, 1, 1));
  maybe_write_png (dark, "timeline-crash-dark");

  cairo_surface_destroy (light);
  cairo_surface_destroy (dark);
  fb_test_set_dark (chart, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_results_view (void)
{
  g_autoptr(GPtrArray) records = make_crash_records ();
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  g_autoptr(FbRun) run = fb_run_new (workload);
  g_autoptr(FbReport) report = fb_report_new (FB_POOL_PROCESSES, 4, 1, records->len, records);
  FbResultsView *view = g_object_new (FB_TYPE_RESULTS_VIEW, NULL);
  FbTimelineChart *processes, *threads;
  g_autofree char *description = NULL;
  GtkWidget *window;

  fb_run_add_report (run, report);

  g_object_ref_sink (view);
  window = fb_test_show_in_window (view);
  fb_results_view_set_run (view, run, NULL);
  fb_test_wait_for_frames (view);

  /* One timeline per mode that ran. */
  processes = fb_results_view_get_timeline (view, FB_POOL_PROCESSES);
  threads = fb_results_view_get_timeline (view, FB_POOL_THREADS);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (processes)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (threads)));
  g_assert_true (fb_timeline_chart_get_records (processes) == records);
  g_assert_cmpuint (fb_timeline_chart_get_n_lanes (processes), ==, 4);

  description = fb_chart_dup_description (FB_CHART (processes));
  g_assert_nonnull (strstr (description, "1 failed"));

  fb_results_view_set_run (view, NULL, NULL);
  g_assert_null (fb_timeline_chart_get_records (processes));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (view);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "test", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Forkbench/Timeline/lanes", test_lanes);
  g_test_add_func ("/Forkbench/Timeline/short-run-axis", test_short_run_axis);
  g_test_add_func ("/Forkbench/Timeline/failure", test_failure);
  g_test_add_func ("/Forkbench/Timeline/zoom-keys", test_zoom_keys);
  g_test_add_func ("/Forkbench/Timeline/keyboard-readout", test_keyboard_readout);
  g_test_add_func ("/Forkbench/Timeline/task-at-pixel", test_task_at_pixel);
  g_test_add_func ("/Forkbench/Timeline/million", test_million);
  g_test_add_func ("/Forkbench/Timeline/empty", test_empty);
  g_test_add_func ("/Forkbench/Timeline/dark-mode", test_dark_mode);
  g_test_add_func ("/Forkbench/Timeline/results-view", test_results_view);

  return g_test_run ();
}
