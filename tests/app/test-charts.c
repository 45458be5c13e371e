/* test-charts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a user sees on the charts, checked on their pixels: a busy core
 * draws at the top and an idle one at the bottom, many cores turn into a
 * heat map that still shows which core is busy, long series cost at most
 * a point per pixel column without losing a peak, the description says
 * the numbers, dark mode changes the colours, and a live chart shows what
 * a chart drawn once from the same samples shows.
 *
 * Set FB_TEST_CHART_PNG_DIR to a folder to also get each chart as a PNG,
 * light and dark, to look at.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>

#include "fb-chart-private.h"
#include "fb-chart-test-util.h"
#include "fb-cpu-chart.h"
#include "fb-line-raster.h"
#include "fb-throughput-chart.h"

#define WIDTH  FB_TEST_CHART_WIDTH
#define HEIGHT FB_TEST_CHART_HEIGHT

/* Counters as /proc/stat would give them, from a function of the core and
 * the reading: every reading adds 100 ticks to each core. */
typedef double (*BusyFunc) (guint core,
                            guint step);

typedef struct
{
  FbCpuCounters *counters;
  BusyFunc       busy;
  guint          step;
} FakeCpu;

static FbCpuCounters *
read_fake (gpointer user_data)
{
  FakeCpu *fake = user_data;

  fake->step++;
  fake->counters->time_us += G_USEC_PER_SEC / 2;

  for (guint core = 0; core < fake->counters->n_cores; core++)
    {
      guint64 busy = (guint64) llround (CLAMP (fake->busy (core, fake->step), 0, 1) * 100);

      fake->counters->cores[core].user += busy;
      fake->counters->cores[core].idle += 100 - busy;
      fake->counters->total.user += busy;
      fake->counters->total.idle += 100 - busy;
    }

  return fb_cpu_counters_copy (fake->counters);
}

static FakeCpu *
fake_cpu_new (guint    n_cores,
              BusyFunc busy)
{
  FakeCpu *fake = g_new0 (FakeCpu, 1);

  fake->counters = fb_cpu_counters_new (n_cores);
  fake->counters->time_us = G_USEC_PER_SEC;
  fake->busy = busy;

  /* Counters of zero mean an offline core: start from some history. */
  for (guint core = 0; core < n_cores; core++)
    {
      fake->counters->cores[core] = (FbCpuTimes) { .user = 1000, .idle = 1000 };
      fake->counters->total.user += 1000;
      fake->counters->total.idle += 1000;
    }

  return fake;
}

static void
fake_cpu_free (FakeCpu *fake)
{
  fb_cpu_counters_free (fake->counters);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeCpu, fake_cpu_free)

static FbCpuSampler *
fake_sampler_new (FakeCpu *fake)
{
  FbCpuSampler *sampler = fb_cpu_sampler_new ();

  fb_cpu_sampler_set_reader (sampler, read_fake, fake, NULL);
  return sampler;
}

/* Half a second apart: 200 samples are 100 seconds. */
static void
feed (FbCpuSampler *sampler,
      guint         n_samples)
{
  for (guint i = 0; i < n_samples; i++)
    {
      FbCpuSample *sample = fb_cpu_sampler_sample_now (sampler);

      if (sample != NULL)
        fb_cpu_sample_unref (sample);
    }
}

/* Pixels */

static cairo_surface_t *
render (FbChart  *chart,
        gboolean  with_background)
{
  return fb_test_render_chart (chart, with_background, WIDTH, HEIGHT);
}

/* Writes the chart, light and dark, when the environment asks for it. */
static void
maybe_write_pngs_sized (FbChart    *chart,
                        const char *name,
                        int         width,
                        int         height)
{
  const char *dir = g_getenv ("FB_TEST_CHART_PNG_DIR");

  if (dir == NULL)
    return;

  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *file = g_strdup_printf ("%s%s.png", name, dark ? "-dark" : "");
      g_autofree char *path = g_build_filename (dir, file, NULL);
      cairo_surface_t *surface;

      fb_test_set_dark (chart, dark);
      surface = fb_test_render_chart (chart, TRUE, width, height);
      g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
      g_test_message ("Wrote %s", path);
      cairo_surface_destroy (surface);
    }

  fb_test_set_dark (chart, FALSE);
}

static void
maybe_write_pngs (FbChart    *chart,
                  const char *name)
{
  maybe_write_pngs_sized (chart, name, WIDTH, HEIGHT);
}

static void
get_pixel (cairo_surface_t *surface,
           int              x,
           int              y,
           GdkRGBA         *rgba)
{
  const guchar *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 pixel;
  double a;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  pixel = *(const guint32 *) (gconstpointer) (data + y * stride + x * 4);
  a = ((pixel >> 24) & 0xff) / 255.0;
  rgba->alpha = a;
  rgba->red = a > 0 ? ((pixel >> 16) & 0xff) / 255.0 / a : 0;
  rgba->green = a > 0 ? ((pixel >> 8) & 0xff) / 255.0 / a : 0;
  rgba->blue = a > 0 ? (pixel & 0xff) / 255.0 / a : 0;
}

/* Whether @pixel is @color laid over @background with at least
 * @min_coverage of it, as an antialiased line leaves it. */
static gboolean
shows_color (const GdkRGBA *pixel,
             const GdkRGBA *background,
             const GdkRGBA *color,
             double         min_coverage)
{
  double d[3] = { color->red - background->red, color->green - background->green, color->blue - background->blue };
  double p[3] = { pixel->red - background->red, pixel->green - background->green, pixel->blue - background->blue };
  double dd = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
  double k, residual = 0;

  g_assert_cmpfloat (dd, >, 0.01);

  k = (p[0] * d[0] + p[1] * d[1] + p[2] * d[2]) / dd;
  for (guint i = 0; i < 3; i++)
    residual += (p[i] - k * d[i]) * (p[i] - k * d[i]);

  return k >= min_coverage && sqrt (residual) < 0.12;
}

/* Whether a pixel of columns @x_from to @x_to, rows @y_from to @y_to shows @color. */
static gboolean
area_shows_color (cairo_surface_t *surface,
                  int              x_from,
                  int              x_to,
                  int              y_from,
                  int              y_to,
                  const GdkRGBA   *background,
                  const GdkRGBA   *color)
{
  for (int x = MAX (x_from, 0); x <= MIN (x_to, WIDTH - 1); x++)
    for (int y = MAX (y_from, 0); y <= MIN (y_to, HEIGHT - 1); y++)
      {
        GdkRGBA pixel;

        get_pixel (surface, x, y, &pixel);
        if (shows_color (&pixel, background, color, 0.6))
          return TRUE;
      }

  return FALSE;
}

static gboolean
column_shows_color (cairo_surface_t *surface,
                    int              x,
                    int              y_from,
                    int              y_to,
                    const GdkRGBA   *background,
                    const GdkRGBA   *color)
{
  return area_shows_color (surface, x, x, y_from, y_to, background, color);
}

static guint
count_painted (cairo_surface_t *surface)
{
  guint n = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        GdkRGBA pixel;

        get_pixel (surface, x, y, &pixel);
        if (pixel.alpha > 0)
          n++;
      }

  return n;
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * c->red + 0.7152 * c->green + 0.0722 * c->blue;
}

/* What a translucent colour looks like over the background. */
static GdkRGBA
over (const GdkRGBA *color,
      const GdkRGBA *background)
{
  return (GdkRGBA) {
    color->red * color->alpha + background->red * (1 - color->alpha),
    color->green * color->alpha + background->green * (1 - color->alpha),
    color->blue * color->alpha + background->blue * (1 - color->alpha),
    1,
  };
}

/* Loads */

static double
busy_lines (guint core,
            guint step)
{
  /* Core 0 flat out, core 1 idle, cores 2 and 3 waves that cancel out:
   * the whole machine stays at 50 %. */
  switch (core)
    {
    case 0: return 1;
    case 1: return 0;
    case 2: return 0.5 + 0.4 * sin (step * 0.1);
    default: return 0.5 - 0.4 * sin (step * 0.1);
    }
}

static double
busy_description (guint core,
                  guint step)
{
  return core == 0 ? 0.97 : 0.01;
}

static double
busy_core_0_light (guint core,
                   guint step)
{
  return core == 0 ? 0.10 : 0.02;
}

static double
busy_idle (guint core,
           guint step)
{
  return 0;
}

static double
busy_heat (guint core,
           guint step)
{
  /* The top core flat out, core 5 idle, the others in waves. */
  if (core == 39)
    return 1;
  if (core == 5)
    return 0;
  return 0.5 + 0.5 * sin (step * 0.05 + core * 0.4);
}

static double
busy_by_number (guint core,
                guint step)
{
  return core / 1023.0;
}

/* Tests */

static void
test_cpu_lines (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (4, busy_lines);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_surface_t *surface;
  cairo_rectangle_int_t plot;
  FbChartColors colors;
  GdkRGBA total_color;
  int bottom;

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 201);
  g_assert_false (fb_cpu_chart_get_uses_heat_map (chart));

  /* Something is drawn at all, on a transparent surface. */
  surface = render (FB_CHART (chart), FALSE);
  g_assert_cmpuint (count_painted (surface), >, WIDTH * HEIGHT / 50);
  cairo_surface_destroy (surface);

  surface = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
  g_assert_cmpint (plot.width, >, WIDTH / 2);
  g_assert_cmpint (plot.height, >, HEIGHT / 3);
  fb_chart_get_colors (FB_CHART (chart), &colors);
  total_color = over (&colors.foreground, &colors.background);
  bottom = plot.y + plot.height;

  /* Across the window, the busy core is a line along the top, the idle
   * one along the bottom, and the machine a line through the middle. */
  for (guint i = 1; i < 8; i++)
    {
      int x = plot.x + plot.width * i / 8;

      g_assert_true (column_shows_color (surface, x, plot.y - 2, plot.y + 2, &colors.background, &colors.series[0]));
      g_assert_false (column_shows_color (surface, x, bottom - 4, bottom + 2, &colors.background, &colors.series[0]));
      g_assert_true (column_shows_color (surface, x, bottom - 2, bottom + 2, &colors.background, &colors.series[1]));
      g_assert_false (column_shows_color (surface, x, plot.y - 2, plot.y + 4, &colors.background, &colors.series[1]));
      g_assert_true (column_shows_color (surface, x, plot.y + plot.height / 2 - 2, plot.y + plot.height / 2 + 2,
                                         &colors.background, &total_color));
    }

  /* 100 seconds of samples, 60 of them shown, in fewer points than columns. */
  g_assert_cmpuint (fb_chart_get_n_prepared_points (FB_CHART (chart)), >, 100);
  g_assert_cmpuint (fb_chart_get_n_prepared_points (FB_CHART (chart)), <=, (guint) plot.width);
  cairo_surface_destroy (surface);

  fb_cpu_chart_mark_mode (chart, "Processes", 45, 70);
  fb_cpu_chart_mark_mode (chart, "Threads", 72, NAN);
  maybe_write_pngs (FB_CHART (chart), "chart-cpu");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static void
test_cpu_mode_marks (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (1, busy_idle);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_surface_t *plain, *marked, *cleared;
  cairo_rectangle_int_t plot;
  GdkRGBA a, b;
  int y, inside, outside, running;

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 201);
  fb_chart_set_time_window (FB_CHART (chart), 40, 100);
  g_assert_false (fb_chart_get_follow (FB_CHART (chart)));

  plain = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));

  fb_cpu_chart_mark_mode (chart, "Processes", 50, 70);
  fb_cpu_chart_mark_mode (chart, "Threads", 80, NAN);
  marked = render (FB_CHART (chart), TRUE);

  /* Between grid lines, above the idle line: only a band changes it. */
  y = plot.y + plot.height * 2 / 3 + 3;
  inside = plot.x + (int) (plot.width * (60.0 - 40) / 60);
  outside = plot.x + (int) (plot.width * (75.0 - 40) / 60);
  running = plot.x + (int) (plot.width * (95.0 - 40) / 60);

  get_pixel (plain, inside, y, &a);
  get_pixel (marked, inside, y, &b);
  g_assert_false (gdk_rgba_equal (&a, &b));

  get_pixel (plain, running, y, &a);
  get_pixel (marked, running, y, &b);
  g_assert_false (gdk_rgba_equal (&a, &b));

  get_pixel (plain, outside, y, &a);
  get_pixel (marked, outside, y, &b);
  g_assert_true (gdk_rgba_equal (&a, &b));

  /* Ending the running mode closes its band. */
  fb_cpu_chart_mark_mode (chart, "Threads", 80, 90);
  cairo_surface_destroy (marked);
  marked = render (FB_CHART (chart), TRUE);
  get_pixel (plain, running, y, &a);
  get_pixel (marked, running, y, &b);
  g_assert_true (gdk_rgba_equal (&a, &b));

  fb_cpu_chart_clear_marks (chart);
  cleared = render (FB_CHART (chart), TRUE);
  get_pixel (plain, inside, y, &a);
  get_pixel (cleared, inside, y, &b);
  g_assert_true (gdk_rgba_equal (&a, &b));

  cairo_surface_destroy (plain);
  cairo_surface_destroy (marked);
  cairo_surface_destroy (cleared);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

/* The chart as its widget shows it, through GTK's snapshot. */
static cairo_surface_t *
render_widget (FbChart *chart)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (chart));
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);

  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (chart)), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (chart)), ==, HEIGHT);

  gdk_paintable_snapshot (paintable, snapshot, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
test_cpu_live (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (4, busy_lines);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *live = g_object_ref_sink (fb_cpu_chart_new ());
  FbCpuChart *fresh = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *live_window = fb_test_show_in_window (live);
  GtkWidget *fresh_window;
  cairo_surface_t *shown, *expected;

  /* Sample by sample, each drawn: the window grows from 5 seconds to 60,
   * then slides, and the frame is only laid out again when it changes. */
  fb_cpu_chart_set_sampler (live, sampler);
  for (guint i = 0; i < 150; i++)
    {
      feed (sampler, 1);
      gtk_test_widget_wait_for_draw (GTK_WIDGET (live));
    }

  /* It shows what a chart drawn once from the same samples shows (GTK's
   * compositing of the nodes may round a channel by a step or two). */
  fb_cpu_chart_set_sampler (fresh, sampler);
  fresh_window = fb_test_show_in_window (fresh);
  shown = render_widget (FB_CHART (live));
  expected = render (FB_CHART (fresh), FALSE);
  g_assert_cmpuint (count_painted (expected), >, WIDTH * HEIGHT / 50);
  g_assert_cmpuint (fb_test_max_difference (shown, expected), <=, 2);
  cairo_surface_destroy (shown);
  cairo_surface_destroy (expected);

  /* And so does it in the other style, and with the keyboard's cursor. */
  fb_test_set_dark (live, TRUE);
  fb_chart_set_cursor (FB_CHART (live), 60);
  fb_chart_set_cursor (FB_CHART (fresh), 60);
  fb_test_wait_for_frames (live);
  shown = render_widget (FB_CHART (live));
  expected = render (FB_CHART (fresh), FALSE);
  g_assert_cmpuint (fb_test_max_difference (shown, expected), <=, 2);
  cairo_surface_destroy (shown);
  cairo_surface_destroy (expected);
  fb_test_set_dark (live, FALSE);

  gtk_window_destroy (GTK_WINDOW (live_window));
  gtk_window_destroy (GTK_WINDOW (fresh_window));
  g_assert_finalize_object (live);
  g_assert_finalize_object (fresh);
  g_assert_finalize_object (sampler);
}

static void
assert_heat_map_from (guint    n_cores,
                      gboolean expected)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (n_cores, busy_idle);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 3);
  g_assert_cmpint (fb_cpu_chart_get_uses_heat_map (chart), ==, expected);

  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static void
test_cpu_heat_map (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (40, busy_heat);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_surface_t *surface;
  cairo_rectangle_int_t plot;
  FbChartColors colors;
  double row_height;
  int top_row, core_5_row;

  assert_heat_map_from (16, FALSE);
  assert_heat_map_from (17, TRUE);

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 201);
  g_assert_true (fb_cpu_chart_get_uses_heat_map (chart));

  surface = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
  fb_chart_get_colors (FB_CHART (chart), &colors);

  /* A row per core, core 0 at the bottom: the busy top core paints its
   * row, the idle core 5 leaves its own empty. */
  row_height = plot.height / 40.0;
  g_assert_cmpfloat (row_height, >=, 2);
  top_row = plot.y + (int) (row_height / 2);
  core_5_row = plot.y + (int) (plot.height - 5.5 * row_height);

  for (guint i = 1; i < 8; i++)
    {
      int x = plot.x + plot.width * i / 8;

      g_assert_true (column_shows_color (surface, x, top_row, top_row, &colors.background, &colors.series[0]));
      g_assert_false (column_shows_color (surface, x, core_5_row, core_5_row, &colors.background, &colors.series[0]));
    }

  cairo_surface_destroy (surface);
  maybe_write_pngs (FB_CHART (chart), "chart-cpu-heatmap");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static void
test_cpu_1024_cores (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (FB_CPU_MAX_CORES, busy_by_number);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  g_autofree char *description = NULL;
  cairo_surface_t *surface;
  cairo_rectangle_int_t plot;
  FbChartColors colors;
  gint64 start;

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 301);
  g_assert_cmpuint (fb_cpu_sampler_get_n_cores (sampler), ==, 1024);
  g_assert_true (fb_cpu_chart_get_uses_heat_map (chart));

  start = g_get_monotonic_time ();
  surface = render (FB_CHART (chart), TRUE);
  g_test_message ("1,024 cores drawn in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* Cores outnumber pixel rows: the top row still shows the busiest. */
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
  fb_chart_get_colors (FB_CHART (chart), &colors);
  g_assert_true (column_shows_color (surface, plot.x + plot.width / 2, plot.y, plot.y + 1,
                                     &colors.background, &colors.series[0]));
  g_assert_false (column_shows_color (surface, plot.x + plot.width / 2, plot.y + plot.height - 2, plot.y + plot.height - 1,
                                      &colors.background, &colors.series[0]));

  /* A redraw without new data prepares nothing again. */
  start = g_get_monotonic_time ();
  cairo_surface_destroy (surface);
  surface = render (FB_CHART (chart), TRUE);
  g_test_message ("and again in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);

  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_nonnull (strstr (description, "all cores 50%"));
  g_assert_nonnull (strstr (description, "core 0 0%, core 1 0%"));
  g_assert_nonnull (strstr (description, "core 15 1%, and 1008 more"));

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static gboolean
wait_for_description (FbChart    *chart,
                      const char *expected,
                      guint       max_ms)
{
  gint64 deadline = g_get_monotonic_time () + max_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart),
                                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                                                      expected);
      if (mismatch == NULL)
        return TRUE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }

  return FALSE;
}

/* The description's pace, on a clock of its own: requests at the given
 * times (µs), and a timer that fires when the chart's would. Counts the
 * changes, the changes a timer made, and the shortest gap between two. */
typedef struct
{
  guint  changes;
  guint  timer_changes;
  gint64 min_gap;
  gint64 last;
} Paced;

static void
paced_change (Paced  *paced,
              gint64  now)
{
  if (paced->changes > 0)
    paced->min_gap = MIN (paced->min_gap, now - paced->last);
  paced->last = now;
  paced->changes++;
}

static Paced
pace_requests (const gint64 *times,
               guint         n)
{
  FbChartPace pace = { 0, };
  Paced paced = { 0, 0, G_MAXINT64, 0 };
  gint64 timer = 0;

  for (guint i = 0; i <= n; i++)
    {
      gint64 wait;

      if (timer != 0 && (i == n || timer <= times[i]))
        {
          fb_chart_pace_updated (&pace, timer);
          paced_change (&paced, timer);
          paced.timer_changes++;
          timer = 0;
        }
      if (i == n)
        break;

      wait = fb_chart_pace_request (&pace, times[i]);
      if (timer != 0)
        continue;
      if (wait == 0)
        {
          fb_chart_pace_updated (&pace, times[i]);
          paced_change (&paced, times[i]);
        }
      else
        {
          g_assert_cmpint (wait, >, 0);
          g_assert_cmpint (wait, <=, G_USEC_PER_SEC + FB_CHART_PACE_SLACK);
          timer = times[i] + (wait / 1000 + 1) * 1000;
        }
    }

  return paced;
}

static void
test_description_pace (void)
{
  gint64 times[240];
  Paced paced;

  /* A sampler ticking once a second, with a few ms of jitter, after a
   * hover made a change 0.3 s past a sample: after a few seconds every
   * sample changes the description at once, and the main loop wakes once
   * a second, not twice. */
  times[0] = G_USEC_PER_SEC;
  times[1] = times[0] + 300000;
  for (guint i = 2; i < 62; i++)
    times[i] = i * G_USEC_PER_SEC + 200000 + (i % 3) * 7000;
  paced = pace_requests (times, 62);
  g_assert_cmpuint (paced.timer_changes, <=, 3);
  g_assert_cmpuint (paced.changes, >=, 59);
  g_assert_cmpint (paced.min_gap, >=, G_USEC_PER_SEC - FB_CHART_PACE_SLACK);

  /* A sampler ticking four times a second: a change a second, no more. */
  for (guint i = 0; i < 240; i++)
    times[i] = G_USEC_PER_SEC + i * G_USEC_PER_SEC / 4;
  paced = pace_requests (times, 240);
  g_assert_cmpint (paced.min_gap, >=, G_USEC_PER_SEC - FB_CHART_PACE_SLACK);
  g_assert_cmpuint (paced.changes, >=, 58);
  g_assert_cmpuint (paced.changes, <=, 61);

  /* Pointer moves every 20 ms: still a change a second, and the last
   * place the pointer stopped is told. */
  for (guint i = 0; i < 240; i++)
    times[i] = G_USEC_PER_SEC + i * 20000;
  paced = pace_requests (times, 240);
  g_assert_cmpint (paced.min_gap, >=, G_USEC_PER_SEC - FB_CHART_PACE_SLACK);
  g_assert_cmpuint (paced.changes, ==, 6);
  g_assert_cmpint (paced.last, >=, times[239]);
}

static void
test_cpu_description (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (2, busy_description);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  g_autofree char *empty = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *mismatch = NULL;
  gint64 start;

  empty = fb_chart_dup_description (FB_CHART (chart));
  g_assert_cmpstr (empty, ==, "CPU use: no samples yet");

  fb_cpu_chart_set_sampler (chart, sampler);
  start = g_get_monotonic_time ();
  feed (sampler, 11);

  first = fb_chart_dup_description (FB_CHART (chart));
  g_assert_cmpstr (first, ==, "CPU use, last 60 seconds: all cores 49%; core 0 97%, core 1 1%");

  /* Screen readers hear it (the chart sends it within a second; the wait
   * is longer, as a loaded machine may be slow)... */
  g_assert_true (wait_for_description (FB_CHART (chart), first, 10000));
  g_test_message ("description arrived after %.0f ms", (g_get_monotonic_time () - start) / 1000.0);

  /* ...and not more than once a second. */
  fake->busy = busy_core_0_light;
  feed (sampler, 2);
  second = fb_chart_dup_description (FB_CHART (chart));
  g_assert_cmpstr (second, ==, "CPU use, last 60 seconds: all cores 6%; core 0 10%, core 1 2%");
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, first);
  g_assert_null (mismatch);
  g_assert_true (wait_for_description (FB_CHART (chart), second, 10000));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static FbSeries *
make_run (double duration,
          double level,
          double wobble,
          double peak_t,
          double peak)
{
  FbSeries *series = fb_series_new (1024);

  for (double t = 0.5; t <= duration + 1e-9; t += 0.5)
    {
      double value;

      if (fabs (t - peak_t) < 1e-9)
        value = peak;
      else if (fabs (t - duration) < 1e-9)
        value = level;
      else if (t < 2)
        value = level * t / 2;
      else
        value = level + wobble * sin (t);
      fb_series_push (series, t, value);
    }

  return series;
}

static void
test_throughput_overlay (void)
{
  g_autoptr(FbSeries) processes = make_run (20, 1250, 100, 10, 1400);
  g_autoptr(FbSeries) threads = make_run (30, 640, 40, 5, 700);
  FbThroughputChart *chart = g_object_ref_sink (fb_throughput_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;
  cairo_surface_t *surface;
  cairo_rectangle_int_t plot;
  FbChartColors colors;
  double t_from, t_to, value;
  int x, y;

  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_cmpstr (description, ==, "Throughput: no tasks yet");
  g_clear_pointer (&description, g_free);

  fb_throughput_chart_set_series (chart, FB_POOL_PROCESSES, processes);
  fb_throughput_chart_set_series (chart, FB_POOL_THREADS, threads);

  /* Both runs from their start, to the end of the longest. */
  fb_chart_get_visible_window (FB_CHART (chart), &t_from, &t_to);
  g_assert_cmpfloat (t_from, ==, 0);
  g_assert_cmpfloat (t_to, ==, 30);

  /* Numbers as the locale writes them: "1,250" in English. */
  description = fb_chart_dup_description (FB_CHART (chart));
  expected = g_strdup_printf ("Throughput: processes %'d tasks/s now, peak %'d; threads 640 tasks/s now, peak 700",
                              1250, 1400);
  g_assert_cmpstr (description, ==, expected);

  surface = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
  fb_chart_get_colors (FB_CHART (chart), &colors);

  /* The peak is under the top of the axis, not cut off. */
  g_assert_cmpfloat (fb_chart_y_for_value (FB_CHART (chart), 1400), >, 2);

  /* At 15 s both lines are where their values are... */
  fb_series_get (processes, 29, NULL, &value);
  x = plot.x + (int) fb_chart_x_for_time (FB_CHART (chart), 15);
  y = plot.y + (int) fb_chart_y_for_value (FB_CHART (chart), value);
  g_assert_true (column_shows_color (surface, x, y - 3, y + 3, &colors.background, &colors.series[0]));
  y = plot.y + (int) fb_chart_y_for_value (FB_CHART (chart), 640 + 40 * sin (15));
  g_assert_true (column_shows_color (surface, x, y - 3, y + 3, &colors.background, &colors.series[1]));

  /* ...and at 25 s the process run was over. */
  x = plot.x + (int) fb_chart_x_for_time (FB_CHART (chart), 25);
  g_assert_false (column_shows_color (surface, x, plot.y - 2, plot.y + plot.height + 2, &colors.background, &colors.series[0]));
  g_assert_true (column_shows_color (surface, x, plot.y, plot.y + plot.height, &colors.background, &colors.series[1]));

  cairo_surface_destroy (surface);
  maybe_write_pngs (FB_CHART (chart), "chart-throughput");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

/* Smoothed, a line goes through every sample in curves that stay between
 * the values they join: ramps up to a plateau of 1,000 (where a plain
 * spline would bulge over it) are never drawn above 1,000 or below 0. */
static void
test_smooth (void)
{
  static const double wave[] = { 0, 500, 1000, 1000, 1000, 500, 0, 0 };
  g_autoptr(FbSeries) series = fb_series_new (64);
  FbThroughputChart *chart = g_object_ref_sink (fb_throughput_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_surface_t *straight, *smooth;
  cairo_rectangle_int_t plot;
  FbChartColors colors;
  int top;

  for (int i = 0; i <= 20; i++)
    fb_series_push (series, i, wave[i % G_N_ELEMENTS (wave)]);
  fb_throughput_chart_set_series (chart, FB_POOL_PROCESSES, series);
  g_assert_false (fb_chart_get_smooth (FB_CHART (chart)));

  straight = render (FB_CHART (chart), TRUE);
  g_object_set (chart, "smooth", TRUE, NULL);
  g_assert_true (fb_chart_get_smooth (FB_CHART (chart)));
  smooth = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
  fb_chart_get_colors (FB_CHART (chart), &colors);

  /* Curves, not the straight lines... */
  g_assert_cmpuint (fb_test_max_difference (straight, smooth), >, 64);

  /* ...through every sample... */
  for (int i = 1; i < 20; i++)
    {
      int x = plot.x + (int) fb_chart_x_for_time (FB_CHART (chart), i);
      int y = plot.y + (int) fb_chart_y_for_value (FB_CHART (chart), wave[i % G_N_ELEMENTS (wave)]);

      g_assert_true (column_shows_color (smooth, x, y - 3, y + 3, &colors.background, &colors.series[0]));
    }

  /* ...and never above the highest of them, nor below the lowest. */
  top = plot.y + (int) fb_chart_y_for_value (FB_CHART (chart), 1000);
  for (int x = plot.x + 4; x < plot.x + plot.width - 4; x++)
    {
      g_assert_false (column_shows_color (smooth, x, plot.y, top - 3, &colors.background, &colors.series[0]));
      g_assert_false (column_shows_color (smooth, x, plot.y + plot.height + 3, plot.y + plot.height + 6,
                                          &colors.background, &colors.series[0]));
    }

  cairo_surface_destroy (straight);
  cairo_surface_destroy (smooth);
  maybe_write_pngs (FB_CHART (chart), "chart-smooth");
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static void
test_throughput_downsampling (void)
{
  g_autoptr(FbSeries) series = fb_series_new (100000);
  FbThroughputChart *chart = g_object_ref_sink (fb_throughput_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_surface_t *surface;
  cairo_rectangle_int_t plot;
  FbChartColors colors;
  guint n_points;
  int x, y;

  /* 100,000 values over 100 s, one of them a peak. */
  for (guint i = 0; i < 100000; i++)
    fb_series_push (series, (i + 1) * 0.001, i == 49999 ? 1000 : 100);
  fb_throughput_chart_set_series (chart, FB_POOL_PROCESSES, series);

  surface = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
  fb_chart_get_colors (FB_CHART (chart), &colors);

  n_points = fb_chart_get_n_prepared_points (FB_CHART (chart));
  g_assert_cmpuint (n_points, <=, (guint) plot.width);
  g_assert_cmpuint (n_points, >=, (guint) plot.width - 1);

  /* The one peak among a hundred values per column is still drawn. */
  x = plot.x + (int) fb_chart_x_for_time (FB_CHART (chart), 50);
  y = plot.y + (int) fb_chart_y_for_value (FB_CHART (chart), 1000);
  g_assert_true (area_shows_color (surface, x - 1, x + 1, y - 2, y + 2, &colors.background, &colors.series[0]));
  x = plot.x + (int) fb_chart_x_for_time (FB_CHART (chart), 25);
  g_assert_false (column_shows_color (surface, x, y - 2, y + 2, &colors.background, &colors.series[0]));
  y = plot.y + (int) fb_chart_y_for_value (FB_CHART (chart), 100);
  g_assert_true (column_shows_color (surface, x, y - 2, y + 2, &colors.background, &colors.series[0]));

  cairo_surface_destroy (surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

static double
busy_sixteen (guint core,
              guint step)
{
  return core / 15.0 * (0.6 + 0.4 * sin (step * 0.1 + core));
}

static void
test_small_sizes (void)
{
  static const int sizes[][2] = { { 1, 1 }, { 40, 20 }, { 120, 60 }, { 200, 120 } };
  g_autoptr(FakeCpu) fake = fake_cpu_new (16, busy_sixteen);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_rectangle_int_t plot;
  int min_width, min_height, natural_height;

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 201);

  /* The chart asks for room enough to read it. */
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (chart), GTK_ORIENTATION_VERTICAL, -1, &min_height, &natural_height, NULL, NULL);
  g_assert_cmpint (min_width, ==, 200);
  g_assert_cmpint (min_height, ==, 120);
  g_assert_cmpint (natural_height, ==, 220);

  /* Too small for a plot is no error, just no plot. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      cairo_surface_t *surface = fb_test_render_chart (FB_CHART (chart), TRUE, sizes[i][0], sizes[i][1]);

      cairo_surface_destroy (surface);
      g_assert_cmpint (fb_chart_get_plot_area (FB_CHART (chart), &plot), ==, sizes[i][0] >= 200);
    }

  /* At its minimum size, the 18 entries of the legend are cut short to
   * the title's row, so that the plot keeps half the height. */
  g_assert_cmpint (plot.width, >=, 120);
  g_assert_cmpint (plot.height, >=, 60);
  maybe_write_pngs_sized (FB_CHART (chart), "chart-cpu-small", 200, 120);
  maybe_write_pngs (FB_CHART (chart), "chart-cpu-16");

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static void
test_dark_mode (void)
{
  g_autoptr(FakeCpu) fake = fake_cpu_new (2, busy_lines);
  FbCpuSampler *sampler = fake_sampler_new (fake);
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  cairo_surface_t *light_surface, *dark_surface;
  cairo_rectangle_int_t plot;
  FbChartColors light, dark;
  GdkRGBA light_axis, dark_axis;
  int axis_x, axis_y;

  fb_cpu_chart_set_sampler (chart, sampler);
  feed (sampler, 21);

  fb_test_set_dark (chart, FALSE);
  fb_chart_get_colors (FB_CHART (chart), &light);
  light_surface = render (FB_CHART (chart), TRUE);
  g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));

  fb_test_set_dark (chart, TRUE);
  fb_chart_get_colors (FB_CHART (chart), &dark);
  dark_surface = render (FB_CHART (chart), TRUE);
  fb_test_set_dark (chart, FALSE);

  g_assert_false (light.dark);
  g_assert_true (dark.dark);
  g_assert_false (gdk_rgba_equal (&light.axis, &dark.axis));
  g_assert_false (gdk_rgba_equal (&light.series[0], &dark.series[0]));

  /* The y axis is dark on a light background, light on a dark one. */
  axis_x = plot.x - 1;
  axis_y = plot.y + plot.height / 2 + 5;
  get_pixel (light_surface, axis_x, axis_y, &light_axis);
  get_pixel (dark_surface, axis_x, axis_y, &dark_axis);
  g_assert_cmpfloat (luminance (&light_axis), <, luminance (&light.background) - 0.2);
  g_assert_cmpfloat (luminance (&dark_axis), >, luminance (&dark.background) + 0.2);
  g_assert_cmpfloat (luminance (&light.axis), <, 0.5);
  g_assert_cmpfloat (luminance (&dark.axis), >, 0.5);

  /* Back to light, back to its colours. */
  fb_chart_get_colors (FB_CHART (chart), &dark);
  g_assert_true (gdk_rgba_equal (&light.axis, &dark.axis));

  cairo_surface_destroy (light_surface);
  cairo_surface_destroy (dark_surface);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
  g_assert_finalize_object (sampler);
}

static void
test_series_colors_contrast (void)
{
  FbCpuChart *chart = g_object_ref_sink (fb_cpu_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);

  /* Every line stands out from the background by 3:1 (WCAG 1.4.11), in
   * light and dark: GNOME's yellow would not on white. */
  for (guint scheme = 0; scheme < 2; scheme++)
    {
      FbChartColors colors;

      fb_test_set_dark (chart, scheme == 1);
      fb_chart_get_colors (FB_CHART (chart), &colors);

      for (guint i = 0; i < FB_CHART_N_SERIES_COLORS; i++)
        {
          double l1 = 0, l2 = 0;
          const GdkRGBA *c[2] = { &colors.series[i], &colors.background };
          double *l[2] = { &l1, &l2 };

          for (guint k = 0; k < 2; k++)
            {
              double rgb[3] = { c[k]->red, c[k]->green, c[k]->blue };

              for (guint j = 0; j < 3; j++)
                rgb[j] = rgb[j] <= 0.03928 ? rgb[j] / 12.92 : pow ((rgb[j] + 0.055) / 1.055, 2.4);
              *l[k] = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
            }

          g_assert_cmpfloat ((MAX (l1, l2) + 0.05) / (MIN (l1, l2) + 0.05), >=, 3.0 - 0.05);
        }
    }

  fb_test_set_dark (chart, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

/* The values under the pointer or the keyboard's cursor, in words. */
static void
test_readout (void)
{
  g_autoptr(FbSeries) processes = fb_series_new (64);
  g_autoptr(FbSeries) threads = fb_series_new (64);
  FbThroughputChart *chart = g_object_ref_sink (fb_throughput_chart_new ());
  GtkWidget *window = fb_test_show_in_window (chart);
  g_autofree char *readout = NULL;
  g_autofree char *description = NULL;
  double t, value;

  /* The nearest sample, on either side, and none in an empty series. */
  for (guint i = 0; i <= 10; i++)
    {
      fb_series_push (processes, i, 100 * i);
      fb_series_push (threads, i * 2, 7);
    }
  g_assert_true (fb_chart_series_nearest (processes, 3.4, &t, &value));
  g_assert_cmpfloat (t, ==, 3);
  g_assert_cmpfloat (value, ==, 300);
  g_assert_true (fb_chart_series_nearest (processes, 3.6, &t, NULL));
  g_assert_cmpfloat (t, ==, 4);
  g_assert_true (fb_chart_series_nearest (processes, -5, &t, NULL));
  g_assert_cmpfloat (t, ==, 0);
  g_assert_true (fb_chart_series_nearest (processes, 99, &t, NULL));
  g_assert_cmpfloat (t, ==, 10);
  g_assert_false (fb_chart_series_nearest (NULL, 1, &t, NULL));

  fb_throughput_chart_set_series (chart, FB_POOL_PROCESSES, processes);
  fb_throughput_chart_set_series (chart, FB_POOL_THREADS, threads);
  cairo_surface_destroy (render (FB_CHART (chart), FALSE));

  /* Nothing is read out until asked. */
  g_assert_false (fb_chart_get_cursor (FB_CHART (chart), NULL));
  g_assert_null (fb_chart_dup_readout (FB_CHART (chart)));

  fb_chart_set_cursor (FB_CHART (chart), 5.2);
  readout = fb_chart_dup_readout (FB_CHART (chart));
  g_assert_cmpstr (readout, ==, "Processes at 5.0 s: 500 tasks/s; Threads at 6.0 s: 7 tasks/s.");

  /* A screen reader hears it first, then the chart's summary. */
  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_true (g_str_has_prefix (description, readout));
  g_assert_nonnull (strstr (description, "Throughput:"));

  /* The pointer's position maps to the time shown there. */
  {
    cairo_rectangle_int_t plot;
    double t_from, t_to;

    g_assert_true (fb_chart_get_plot_area (FB_CHART (chart), &plot));
    fb_chart_get_visible_window (FB_CHART (chart), &t_from, &t_to);
    g_assert_cmpfloat_with_epsilon (fb_chart_time_at (FB_CHART (chart), plot.x + plot.width / 2.0),
                                    (t_from + t_to) / 2, 1e-9);
  }

  fb_chart_clear_cursor (FB_CHART (chart));
  g_assert_null (fb_chart_dup_readout (FB_CHART (chart)));
  g_clear_pointer (&description, g_free);
  description = fb_chart_dup_description (FB_CHART (chart));
  g_assert_true (g_str_has_prefix (description, "Throughput:"));
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (chart)));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_finalize_object (chart);
}

/* A chart's lines: flat and a little uneven (an idle machine), a zigzag
 * (a busy one), curves (smoothing), and lone points beside a vertical and
 * a horizontal line. */
static void
line_path (cairo_t *cr,
           guint    kind)
{
  cairo_new_path (cr);
  switch (kind)
    {
    case 0:
      cairo_move_to (cr, 5, 50);
      for (int i = 1; i < 30; i++)
        cairo_line_to (cr, 5 + i * 6.4, 50 + ((i * 37) % 7) * 0.6);
      break;
    case 1:
      cairo_move_to (cr, 5, 10);
      for (int i = 1; i < 30; i++)
        cairo_line_to (cr, 5 + i * 6.4, i % 2 ? 90 : 10 + i);
      break;
    case 2:
      cairo_move_to (cr, 5, 80);
      for (int i = 0; i < 10; i++)
        cairo_curve_to (cr, 10 + i * 19, 80 - i * 5, 15 + i * 19, 20 + i * 3, 24 + i * 19, 60 - i * 2);
      break;
    default:
      cairo_move_to (cr, 50, 50);
      cairo_line_to (cr, 50, 50);
      cairo_move_to (cr, 80.3, 40.7);
      cairo_line_to (cr, 80.3, 40.7);
      cairo_move_to (cr, 100.5, 10);
      cairo_line_to (cr, 100.5, 90);
      cairo_move_to (cr, 120.25, 10.5);
      cairo_line_to (cr, 190.75, 10.5);
      break;
    }
}

/* An image of part of a 200 by 100 area, as snapshot_data() makes one. */
static cairo_surface_t *
line_image (int scale,
            int x,
            int y,
            int width,
            int height)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * scale, height * scale);

  cairo_surface_set_device_scale (image, scale, scale);
  cairo_surface_set_device_offset (image, -x * scale, -y * scale);
  return image;
}

static cairo_t *
line_context (cairo_surface_t *image,
              guint            kind,
              const double    *clip)
{
  cairo_t *cr = cairo_create (image);

  if (clip != NULL)
    {
      cairo_rectangle (cr, clip[0], clip[1], clip[2], clip[3]);
      cairo_clip (cr);
    }
  cairo_set_tolerance (cr, 0.25);
  line_path (cr, kind);
  return cr;
}

/* How the alpha of two images compares: the ink of @a over that of @b,
 * and how far apart their pixels are on average, where either has ink. */
static void
compare_ink (cairo_surface_t *a,
             cairo_surface_t *b,
             double          *ink_ratio,
             double          *mean_difference)
{
  const guint8 *pa = cairo_image_surface_get_data (a), *pb = cairo_image_surface_get_data (b);
  int stride = cairo_image_surface_get_stride (a);
  double ink_a = 0, ink_b = 0, difference = 0;
  guint inked = 0;

  cairo_surface_flush (a);
  cairo_surface_flush (b);
  for (int y = 0; y < cairo_image_surface_get_height (a); y++)
    for (int x = 0; x < cairo_image_surface_get_width (a); x++)
      {
        int va = pa[y * stride + x * 4 + 3], vb = pb[y * stride + x * 4 + 3];

        ink_a += va;
        ink_b += vb;
        difference += ABS (va - vb);
        inked += va > 0 || vb > 0;
      }

  g_assert_cmpuint (inked, >, 0);
  *ink_ratio = ink_a / ink_b;
  *mean_difference = difference / inked;
}

static void
check_line_raster (guint         kind,
                   int           scale,
                   double        width,
                   const double *clip)
{
  static const GdkRGBA black = { 0, 0, 0, 1 };
  g_autoptr(FbLineCache) mask = fb_line_cache_new ();
  cairo_surface_t *ours, *reference;
  double ink_ratio, mean_difference;
  int x = clip != NULL ? 50 : 0, y = clip != NULL ? 5 : 0;
  cairo_t *cr;

  ours = line_image (scale, x, y, 200 - x, 100 - y);
  cr = line_context (ours, kind, clip);
  g_assert_true (fb_line_raster_stroke (cr, width, &black, mask));
  /* The path is used up, as by cairo_stroke(). */
  g_assert_false (cairo_has_current_point (cr));
  cairo_destroy (cr);

  /* Cairo's best antialiasing. */
  reference = line_image (scale, x, y, 200 - x, 100 - y);
  cr = line_context (reference, kind, clip);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);
  cairo_stroke (cr);
  cairo_destroy (cr);

  /* As much ink, in the same places: a line half a pixel to the side is
   * 24 apart on average, and one half a pixel thinner or thicker has a
   * third less or more ink. */
  compare_ink (ours, reference, &ink_ratio, &mean_difference);
  if (g_test_verbose ())
    g_test_message ("kind %u, scale %d, width %.1f%s: ink %.3f, apart %.1f",
                    kind, scale, width, clip != NULL ? ", clipped" : "", ink_ratio, mean_difference);
  g_assert_cmpfloat (ink_ratio, >, 0.97);
  g_assert_cmpfloat (ink_ratio, <, 1.03);
  g_assert_cmpfloat (mean_difference, <, 12);

  cairo_surface_destroy (ours);
  cairo_surface_destroy (reference);
}

static void
test_line_raster (void)
{
  static const double widths[] = { 1.5, 3.0 };
  static const double clip[] = { 60, 5, 80, 95 };

  for (guint kind = 0; kind < 4; kind++)
    for (int scale = 1; scale <= 2; scale++)
      for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
        {
          check_line_raster (kind, scale, widths[i], NULL);
          /* An image of part of the area, with a clip inside it. */
          check_line_raster (kind, scale, widths[i], clip);
        }
}

/* A wavy line of @n points from @t0, 6 pixels apart, moved left by
 * @moved pixels; from @changed_from on, the points are elsewhere. */
static void
kept_line_path (cairo_t *cr,
                int      t0,
                int      n,
                double   moved,
                int      changed_from)
{
  cairo_new_path (cr);
  for (int t = t0; t < t0 + n; t++)
    {
      double x = t * 6.25 - moved;
      double y = 50 + 40 * sin (t * 0.7) + (t >= changed_from ? 7 : 0);

      if (t == t0)
        cairo_move_to (cr, x, y);
      else
        cairo_curve_to (cr, x - 4, y - 3, x - 2, y + 3, x, y);
    }
}

/* Draws the line through @cache into an image at @scale, as a chart keeping
 * it in its plot's area does. */
static cairo_surface_t *
draw_kept_line (FbLineCache *cache,
                int          scale,
                int          t0,
                double       moved,
                int          changed_from,
                double       shift)
{
  static const GdkRGBA black = { 0, 0, 0, 1 };
  /* The image covers part of the area, as one with the line's rows does. */
  cairo_surface_t *image = line_image (scale, 0, 5, 200, 90);
  cairo_t *cr = cairo_create (image);

  cairo_rectangle (cr, -2, -2, 204, 104);
  cairo_clip (cr);
  cairo_set_tolerance (cr, 0.25);
  kept_line_path (cr, t0, 40, moved, changed_from);
  fb_line_cache_keep (cache, -2, -2, 204, 104, shift);
  g_assert_true (fb_line_raster_stroke (cr, 1.5, &black, cache));
  cairo_destroy (cr);
  cairo_surface_flush (image);
  return image;
}

static void
test_line_raster_kept (void)
{
  for (int scale = 1; scale <= 2; scale++)
    {
      g_autoptr(FbLineCache) kept = fb_line_cache_new ();
      cairo_surface_t *blank = line_image (scale, 0, 5, 200, 90);
      cairo_surface_t *image;

      image = draw_kept_line (kept, scale, 0, 0, 1000, 0);
      cairo_surface_destroy (image);

      /* Moved left by whole pixels, and changed at its end: the kept line
       * moved and drawn again where it changed is the line drawn anew. A
       * shift that is not how far the line moved, or none, is only
       * slower. */
      for (int frame = 1; frame <= 6; frame++)
        {
          g_autoptr(FbLineCache) fresh = fb_line_cache_new ();
          double shift = frame == 4 ? 7 : frame == 5 ? 0 : 25;
          cairo_surface_t *expected;

          image = draw_kept_line (kept, scale, frame * 4, frame * 25, 30 + frame * 4, shift);
          expected = draw_kept_line (fresh, scale, frame * 4, frame * 25, 30 + frame * 4, 0);
          g_assert_cmpuint (fb_test_max_difference (image, expected), <=, 1);
          g_assert_cmpuint (fb_test_max_difference (image, blank), >, 200);
          cairo_surface_destroy (image);
          cairo_surface_destroy (expected);
        }

      cairo_surface_destroy (blank);
    }
}

static void
test_line_raster_elsewhere (void)
{
  static const GdkRGBA black = { 0, 0, 0, 1 };
  g_autoptr(FbLineCache) mask = fb_line_cache_new ();
  cairo_surface_t *recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cairo_surface_t *image = line_image (1, 0, 0, 200, 100);
  guint ink_inside = 0, ink_outside = 0;
  cairo_t *cr;

  /* A vector surface keeps the path, for cairo to stroke. */
  cr = line_context (recording, 2, NULL);
  g_assert_false (fb_line_raster_stroke (cr, 1.5, &black, mask));
  g_assert_true (cairo_has_current_point (cr));
  cairo_destroy (cr);

  /* So does a turned image. */
  cr = cairo_create (image);
  cairo_rotate (cr, 0.3);
  line_path (cr, 1);
  g_assert_false (fb_line_raster_stroke (cr, 1.5, &black, mask));
  g_assert_true (cairo_has_current_point (cr));
  cairo_destroy (cr);

  /* Outside the clip, nothing is drawn. */
  cr = line_context (image, 1, (const double[]) { 0, 0, 200, 30 });
  g_assert_true (fb_line_raster_stroke (cr, 3.0, &black, mask));
  cairo_destroy (cr);
  cairo_surface_flush (image);
  for (int y = 0; y < 100; y++)
    {
      const guint8 *row = cairo_image_surface_get_data (image) + y * cairo_image_surface_get_stride (image);

      for (int x = 0; x < 200; x++)
        {
          if (y < 30)
            ink_inside += row[x * 4 + 3];
          else
            ink_outside += row[x * 4 + 3];
        }
    }
  g_assert_cmpuint (ink_inside, >, 0);
  g_assert_cmpuint (ink_outside, ==, 0);

  cairo_surface_destroy (recording);
  cairo_surface_destroy (image);
}

int
main (int   argc,
      char *argv[])
{
  /* Tests have no accessibility bus: GTK keeps the properties to itself. */
  g_setenv ("GTK_A11Y", "test", FALSE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Forkbench/Charts/cpu/lines", test_cpu_lines);
  g_test_add_func ("/Forkbench/Charts/cpu/mode-marks", test_cpu_mode_marks);
  g_test_add_func ("/Forkbench/Charts/cpu/live", test_cpu_live);
  g_test_add_func ("/Forkbench/Charts/cpu/heat-map", test_cpu_heat_map);
  g_test_add_func ("/Forkbench/Charts/cpu/1024-cores", test_cpu_1024_cores);
  g_test_add_func ("/Forkbench/Charts/cpu/description", test_cpu_description);
  g_test_add_func ("/Forkbench/Charts/description-pace", test_description_pace);
  g_test_add_func ("/Forkbench/Charts/throughput/overlay", test_throughput_overlay);
  g_test_add_func ("/Forkbench/Charts/throughput/downsampling", test_throughput_downsampling);
  g_test_add_func ("/Forkbench/Charts/readout", test_readout);
  g_test_add_func ("/Forkbench/Charts/smooth", test_smooth);
  g_test_add_func ("/Forkbench/Charts/line-raster", test_line_raster);
  g_test_add_func ("/Forkbench/Charts/line-raster/elsewhere", test_line_raster_elsewhere);
  g_test_add_func ("/Forkbench/Charts/line-raster/kept", test_line_raster_kept);
  g_test_add_func ("/Forkbench/Charts/small-sizes", test_small_sizes);
  g_test_add_func ("/Forkbench/Charts/dark-mode", test_dark_mode);
  g_test_add_func ("/Forkbench/Charts/series-colors-contrast", test_series_colors_contrast);

  return g_test_run ();
}
