/* fb-timeline-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each worker of a run did, and when: a lane per worker, a bar per
 * task from its start to its finish, coloured by how it ended, over the
 * seconds since the run started. A failed task ends with a red mark, and a
 * worker that was replaced after a crash shows a dashed line where its
 * successor took over, so a crash is seen at a glance.
 *
 * A run may have a million tasks: bars narrower than a pixel are merged,
 * per lane, into one span per pixel column, so that what is drawn never
 * grows past a few rectangles per column and lane. Zooming and panning
 * move the chart's time window, with the pointer (Ctrl+scroll, scroll,
 * drag) or the keyboard (+, -, Left, Right, Home); Up and Down step
 * through the tasks and read the focused one out.
 */

#define G_LOG_DOMAIN "fb-timeline-chart"

#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "fb-timeline-chart.h"

#define MIN_SPAN_S        1e-5     /* the deepest zoom: 10 µs across the plot */
#define ZOOM_STEP         2.0      /* for + and - */
#define SCROLL_ZOOM_STEP  1.25     /* per wheel notch */
#define PAN_STEP          0.1      /* of the window, per key press or notch */
#define MAX_LISTED_LANES  16       /* in the description */
#define LABEL_GAP         2.0
#define PICK_SLOP         3.0      /* pixels around a bar that still find it */

typedef enum
{
  OUTCOME_SUCCEEDED,
  OUTCOME_FAILED,
  OUTCOME_CANCELLED,
  OUTCOME_RUNNING,
  N_OUTCOMES
} Outcome;

/* Blue, red, brown, purple: red stays the one that means trouble. */
static const int outcome_colors[N_OUTCOMES] = { 0, 4, 6, 3 };

typedef enum
{
  MARK_FAILED,
  MARK_RESPAWN,
} MarkKind;

typedef struct
{
  guint   slot;
  guint   first;           /* in self->order */
  guint   n;
  guint   n_failed;
  guint   n_workers;       /* the first one and those that replaced it */
  guint   n_gaps;
  gint64  first_worker;
  gint64  last_worker;
  gint64  busy_us;
  gint64  longest_gap_us;
} Lane;

typedef struct
{
  float  x;
  float  y;
  float  width;
  float  height;
  float  alpha;
  guint8 outcome;
} Rect;

typedef struct
{
  float  x;
  float  y;
  float  height;
  guint8 kind;
} Mark;

typedef struct
{
  PangoLayout *layout;
  float        y;
} LaneLabel;

struct _FbTimelineChart
{
  FbChart          parent_instance;

  /* Owned */
  GPtrArray       *records;       /* FbTaskRecord */
  GArray          *lanes;         /* Lane, by slot */
  GArray          *order;         /* guint: record indices, lane by lane, by start */
  char            *readout;

  /* Prepared */
  GArray          *rects;         /* Rect */
  GArray          *marks;         /* Mark */
  GArray          *lane_labels;   /* LaneLabel */
  PangoLayout     *empty_label;
  graphene_rect_t  focus_rect;    /* in the plot */
  double           lane_height;
  double           bar_top;       /* in a lane */
  double           bar_height;

  FbPoolKind       kind;
  gint64           t0_us;
  double           t_end;         /* seconds: the last finish */
  guint            n_started;
  guint            n_by_outcome[N_OUTCOMES];
  int              focused;       /* a record index, or -1 */

  double           pointer_x;
  double           pointer_y;
  double           drag_from;
  double           drag_to;

  guint            has_pointer : 1;
  guint            has_focus_rect : 1;
  guint            dragging : 1;
};

enum {
  PROP_0,
  PROP_READOUT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (FbTimelineChart, fb_timeline_chart, FB_TYPE_CHART)

static void
lane_label_clear (gpointer data)
{
  LaneLabel *label = data;

  g_clear_object (&label->layout);
}

static inline FbTaskRecord *
record_at (FbTimelineChart *self,
           guint            i)
{
  return g_ptr_array_index (self->records, i);
}

static Outcome
record_outcome (const FbTaskRecord *record)
{
  switch (record->status)
    {
    case FB_TASK_SUCCEEDED:
      return OUTCOME_SUCCEEDED;
    case FB_TASK_FAILED:
      return OUTCOME_FAILED;
    case FB_TASK_CANCELLED:
      return OUTCOME_CANCELLED;
    case FB_TASK_PENDING:
    default:
      return OUTCOME_RUNNING;
    }
}

static const char *
outcome_label (Outcome outcome)
{
  switch (outcome)
    {
    case OUTCOME_SUCCEEDED:
      return _("Succeeded");
    case OUTCOME_FAILED:
      return _("Failed");
    case OUTCOME_CANCELLED:
      return _("Cancelled");
    case OUTCOME_RUNNING:
    default:
      return _("Unfinished");
    }
}

static gint64
record_worker (FbTimelineChart    *self,
               const FbTaskRecord *record)
{
  return self->kind == FB_POOL_PROCESSES ? record->worker_pid : record->worker_tid;
}

static double
record_start (FbTimelineChart    *self,
              const FbTaskRecord *record)
{
  return (record->started_us - self->t0_us) / (double) G_USEC_PER_SEC;
}

/* A task still running when the records were taken lasts to the end. */
static double
record_end (FbTimelineChart    *self,
            const FbTaskRecord *record)
{
  if (record->finished_us <= 0)
    return MAX (self->t_end, record_start (self, record));
  return MAX (record->finished_us - self->t0_us, record->started_us - self->t0_us) / (double) G_USEC_PER_SEC;
}

static int
compare_started (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  GPtrArray *records = user_data;
  const FbTaskRecord *ra = g_ptr_array_index (records, *(const guint *) a);
  const FbTaskRecord *rb = g_ptr_array_index (records, *(const guint *) b);

  if (ra->started_us != rb->started_us)
    return ra->started_us < rb->started_us ? -1 : 1;
  return ra->index < rb->index ? -1 : ra->index > rb->index;
}

static int
find_lane (FbTimelineChart *self,
           guint            slot)
{
  guint lo = 0, hi = self->lanes->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      guint mid_slot = g_array_index (self->lanes, Lane, mid).slot;

      if (mid_slot == slot)
        return (int) mid;
      if (mid_slot < slot)
        lo = mid + 1;
      else
        hi = mid;
    }

  return -1;
}

static char *
dup_lane_label (FbTimelineChart *self,
                const Lane      *lane)
{
  const char *what = self->kind == FB_POOL_PROCESSES ? "pid" : "tid";

  if (lane->first_worker <= 0)
    /* Translators: a lane of the worker timeline */
    return g_strdup_printf (_("Worker %u"), lane->slot + 1);

  if (lane->n_workers > 1)
    /* Translators: a lane whose worker was replaced: "Worker 2 · pid 4242 → 4250" */
    return g_strdup_printf (_("Worker %u · %s %" PRId64 " → %" PRId64),
                            lane->slot + 1, what, lane->first_worker, lane->last_worker);

  /* Translators: a lane of the worker timeline: "Worker 2 · pid 4242" */
  return g_strdup_printf (_("Worker %u · %s %" PRId64), lane->slot + 1, what, lane->first_worker);
}

static void
update_legend (FbTimelineChart *self)
{
  FbChartLegendEntry entries[N_OUTCOMES];
  guint n = 0;

  for (guint o = 0; o < N_OUTCOMES; o++)
    {
      /* Succeeded and failed are always there, to say what red means. */
      if (o > OUTCOME_FAILED && self->n_by_outcome[o] == 0)
        continue;
      entries[n++] = (FbChartLegendEntry) { outcome_label (o), outcome_colors[o], FB_CHART_SWATCH_THICK_LINE };
    }

  fb_chart_set_legend (FB_CHART (self), entries, self->n_started > 0 ? n : 0);
}

/* Sorts the records into lanes, and measures each lane once, so that
 * preparing and describing walk no more than they show. */
static void
index_records (FbTimelineChart *self)
{
  g_autoptr(GHashTable) slots = g_hash_table_new (NULL, NULL);
  g_autofree guint *fill = NULL;
  gint64 last_us = 0;
  gint64 gap_min_us;
  guint n = self->records != NULL ? self->records->len : 0;

  g_array_set_size (self->lanes, 0);
  g_array_set_size (self->order, 0);
  memset (self->n_by_outcome, 0, sizeof self->n_by_outcome);
  self->n_started = 0;
  self->t0_us = 0;
  self->t_end = 0;

  for (guint i = 0; i < n; i++)
    {
      const FbTaskRecord *record = record_at (self, i);

      if (record->queued_us > 0 && (self->t0_us == 0 || record->queued_us < self->t0_us))
        self->t0_us = record->queued_us;
      if (record->started_us > 0 && (self->t0_us == 0 || record->started_us < self->t0_us))
        self->t0_us = record->started_us;
      if (record->started_us <= 0)
        continue;

      last_us = MAX (last_us, MAX (record->started_us, record->finished_us));
      self->n_started++;
      self->n_by_outcome[record_outcome (record)]++;
      if (!g_hash_table_contains (slots, GUINT_TO_POINTER (record->worker_slot)))
        {
          Lane lane = { .slot = record->worker_slot };

          g_hash_table_add (slots, GUINT_TO_POINTER (record->worker_slot));
          g_array_append_val (self->lanes, lane);
        }
    }

  if (self->n_started == 0)
    return;

  self->t_end = (last_us - self->t0_us) / (double) G_USEC_PER_SEC;

  /* Lanes by slot, then each lane's records by start. */
  for (guint l = 1; l < self->lanes->len; l++)
    for (guint k = l; k > 0 && g_array_index (self->lanes, Lane, k - 1).slot > g_array_index (self->lanes, Lane, k).slot; k--)
      {
        Lane tmp = g_array_index (self->lanes, Lane, k);

        g_array_index (self->lanes, Lane, k) = g_array_index (self->lanes, Lane, k - 1);
        g_array_index (self->lanes, Lane, k - 1) = tmp;
      }

  for (guint i = 0; i < n; i++)
    {
      const FbTaskRecord *record = record_at (self, i);

      if (record->started_us > 0)
        g_array_index (self->lanes, Lane, find_lane (self, record->worker_slot)).n++;
    }

  fill = g_new0 (guint, self->lanes->len);
  for (guint l = 0, offset = 0; l < self->lanes->len; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);

      lane->first = offset;
      offset += lane->n;
    }

  g_array_set_size (self->order, self->n_started);
  for (guint i = 0; i < n; i++)
    {
      const FbTaskRecord *record = record_at (self, i);
      int l;

      if (record->started_us <= 0)
        continue;
      l = find_lane (self, record->worker_slot);
      g_array_index (self->order, guint, g_array_index (self->lanes, Lane, l).first + fill[l]++) = i;
    }

  /* Shorter pauses are the pool handing out work, not idleness. */
  gap_min_us = MAX (1000, (last_us - self->t0_us) / 100);

  for (guint l = 0; l < self->lanes->len; l++)
    {
      Lane *lane = &g_array_index (self->lanes, Lane, l);
      guint *ids = &g_array_index (self->order, guint, lane->first);
      gboolean sorted = TRUE;
      gint64 prev_end = 0;

      for (guint k = 1; k < lane->n && sorted; k++)
        sorted = record_at (self, ids[k - 1])->started_us <= record_at (self, ids[k])->started_us;
      if (!sorted)
        g_qsort_with_data (ids, lane->n, sizeof (guint), compare_started, self->records);

      for (guint k = 0; k < lane->n; k++)
        {
          const FbTaskRecord *record = record_at (self, ids[k]);
          gint64 worker = record_worker (self, record);
          gint64 end = record->finished_us > 0 ? MAX (record->finished_us, record->started_us) : last_us;

          if (k == 0)
            {
              lane->first_worker = worker;
              lane->n_workers = 1;
            }
          else
            {
              gint64 gap = record->started_us - prev_end;

              if (worker != lane->last_worker)
                lane->n_workers++;
              if (gap >= gap_min_us)
                {
                  lane->n_gaps++;
                  lane->longest_gap_us = MAX (lane->longest_gap_us, gap);
                }
            }

          lane->last_worker = worker;
          lane->busy_us += end - record->started_us;
          if (record->status == FB_TASK_FAILED)
            lane->n_failed++;
          prev_end = MAX (prev_end, end);
        }
    }
}

/* Preparing */

static void
add_span (FbTimelineChart *self,
          int              column,
          const guint     *counts,
          double           coverage,
          double           y,
          double           height)
{
  Rect rect;
  Outcome outcome = OUTCOME_SUCCEEDED;

  if (column < 0)
    return;

  /* Whatever went wrong in a column shows, however many went right. */
  if (counts[OUTCOME_FAILED] > 0)
    outcome = OUTCOME_FAILED;
  else if (counts[OUTCOME_CANCELLED] > 0)
    outcome = OUTCOME_CANCELLED;
  else if (counts[OUTCOME_RUNNING] > 0)
    outcome = OUTCOME_RUNNING;

  rect = (Rect) { column, y, 1, height, 0.35 + 0.65 * CLAMP (coverage, 0, 1), outcome };
  g_array_append_val (self->rects, rect);
}

static void
add_mark (FbTimelineChart *self,
          MarkKind         kind,
          double           x,
          double           y,
          double           height)
{
  Mark mark = { x, y, height, kind };

  g_array_append_val (self->marks, mark);
}

static guint
first_visible (FbTimelineChart *self,
               const Lane      *lane,
               double           t_from)
{
  const guint *ids = &g_array_index (self->order, guint, lane->first);
  guint lo = 0, hi = lane->n;

  /* The first task starting after @t_from; the one before may reach in. */
  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (record_start (self, record_at (self, ids[mid])) <= t_from)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo > 0 ? lo - 1 : 0;
}

static void
prepare_lane (FbTimelineChart *self,
              const Lane      *lane,
              double           lane_y,
              int              plot_width,
              double           t_from,
              double           t_to)
{
  FbChart *chart = FB_CHART (self);
  const guint *ids = &g_array_index (self->order, guint, lane->first);
  double y = lane_y + self->bar_top;
  double h = self->bar_height;
  guint counts[N_OUTCOMES] = { 0 };
  double coverage = 0;
  int span_column = -1;
  int fail_column = -1;
  int respawn_column = -1;
  guint k = first_visible (self, lane, t_from);
  gint64 prev_worker = k > 0 ? record_worker (self, record_at (self, ids[k - 1])) : 0;

  for (; k < lane->n; k++)
    {
      const FbTaskRecord *record = record_at (self, ids[k]);
      double start = record_start (self, record);
      double end = record_end (self, record);
      gint64 worker = record_worker (self, record);
      Outcome outcome = record_outcome (record);
      double x0, x1;

      if (start > t_to)
        break;

      x0 = CLAMP (fb_chart_x_for_time (chart, start), -1, plot_width + 1);
      x1 = CLAMP (fb_chart_x_for_time (chart, end), -1, plot_width + 1);

      if (k > 0 && worker != prev_worker && (int) floor (x0) != respawn_column)
        {
          respawn_column = (int) floor (x0);
          add_mark (self, MARK_RESPAWN, x0, lane_y, self->lane_height);
        }
      prev_worker = worker;

      if (end < t_from)
        continue;

      if (x1 - x0 >= 1)
        {
          Rect rect = { x0, y, x1 - x0, h, 1, outcome };

          add_span (self, span_column, counts, coverage, y, h);
          memset (counts, 0, sizeof counts);
          coverage = 0;
          span_column = -1;
          g_array_append_val (self->rects, rect);
        }
      else
        {
          int column = CLAMP ((int) floor (x0), 0, MAX (plot_width - 1, 0));

          if (column != span_column)
            {
              add_span (self, span_column, counts, coverage, y, h);
              memset (counts, 0, sizeof counts);
              coverage = 0;
              span_column = column;
            }
          counts[outcome]++;
          coverage += x1 - x0;
        }

      if (outcome == OUTCOME_FAILED && (int) floor (x1) != fail_column)
        {
          fail_column = (int) floor (x1);
          add_mark (self, MARK_FAILED, x1, lane_y, self->lane_height);
        }
    }

  add_span (self, span_column, counts, coverage, y, h);
}

static void
update_focus_rect (FbTimelineChart *self)
{
  FbChart *chart = FB_CHART (self);
  const FbTaskRecord *record;
  cairo_rectangle_int_t plot;
  int l;

  self->has_focus_rect = FALSE;
  if (self->focused < 0 || !fb_chart_get_plot_area (chart, &plot))
    return;

  record = record_at (self, (guint) self->focused);
  l = find_lane (self, record->worker_slot);
  if (l < 0)
    return;

  self->focus_rect.origin.x = fb_chart_x_for_time (chart, record_start (self, record));
  self->focus_rect.size.width = MAX (fb_chart_x_for_time (chart, record_end (self, record)) - self->focus_rect.origin.x, 1);
  self->focus_rect.origin.y = l * self->lane_height + self->bar_top;
  self->focus_rect.size.height = self->bar_height;
  self->has_focus_rect = TRUE;
}

static void
fb_timeline_chart_prepare (FbChart *chart,
                           int      plot_width,
                           int      plot_height)
{
  FbTimelineChart *self = FB_TIMELINE_CHART (chart);
  guint n_lanes = self->lanes->len;
  double t_from, t_to;
  int label_height = 0;

  g_array_set_size (self->rects, 0);
  g_array_set_size (self->marks, 0);
  g_array_set_size (self->lane_labels, 0);
  g_clear_object (&self->empty_label);
  self->has_focus_rect = FALSE;

  if (n_lanes == 0)
    {
      self->empty_label = fb_chart_create_label (chart, _("No tasks yet"));
      return;
    }

  fb_chart_get_visible_window (chart, &t_from, &t_to);

  self->lane_height = (double) plot_height / n_lanes;

  /* A label above the bar where the lane has room for both; otherwise the
   * lanes are thin stripes, and hovering says which worker they are. */
  {
    g_autoptr(PangoLayout) probe = fb_chart_create_label (chart, "W");

    pango_layout_get_pixel_size (probe, NULL, &label_height);
  }

  if (self->lane_height >= label_height + LABEL_GAP + 8)
    {
      self->bar_top = label_height + LABEL_GAP;
      self->bar_height = MIN (self->lane_height - self->bar_top - 3, 28);
    }
  else if (self->lane_height >= 4)
    {
      self->bar_top = 1;
      self->bar_height = self->lane_height - 2;
    }
  else
    {
      self->bar_top = 0;
      self->bar_height = self->lane_height;
    }

  for (guint l = 0; l < n_lanes; l++)
    {
      const Lane *lane = &g_array_index (self->lanes, Lane, l);
      double lane_y = l * self->lane_height;

      prepare_lane (self, lane, lane_y, plot_width, t_from, t_to);

      if (self->bar_top > 1)
        {
          g_autofree char *text = dup_lane_label (self, lane);
          LaneLabel label = { fb_chart_create_label (chart, text), lane_y + 1 };

          pango_layout_set_width (label.layout, MAX (1, plot_width - 8) * PANGO_SCALE);
          pango_layout_set_ellipsize (label.layout, PANGO_ELLIPSIZE_END);
          g_array_append_val (self->lane_labels, label);
        }
    }

  update_focus_rect (self);
}

/* Drawing */

static void
fb_timeline_chart_draw_plot (FbChart             *chart,
                             cairo_t             *cr,
                             const FbChartColors *colors,
                             int                  plot_width,
                             int                  plot_height)
{
  FbTimelineChart *self = FB_TIMELINE_CHART (chart);

  if (self->empty_label != NULL)
    {
      int w, h;

      pango_layout_get_pixel_size (self->empty_label, &w, &h);
      gdk_cairo_set_source_rgba (cr, &colors->dim);
      cairo_move_to (cr, (plot_width - w) / 2.0, (plot_height - h) / 2.0);
      pango_cairo_show_layout (cr, self->empty_label);
      return;
    }

  /* Every other lane is shaded, so that a lane reads across. */
  for (guint l = 1; l < self->lanes->len; l += 2)
    {
      GdkRGBA shade = colors->foreground;

      shade.alpha *= 0.05;
      gdk_cairo_set_source_rgba (cr, &shade);
      cairo_rectangle (cr, 0, l * self->lane_height, plot_width, self->lane_height);
      cairo_fill (cr);
    }

  for (guint i = 0; i < self->rects->len; i++)
    {
      const Rect *rect = &g_array_index (self->rects, Rect, i);
      GdkRGBA color = *fb_chart_colors_lookup (colors, outcome_colors[rect->outcome]);

      color.alpha *= rect->alpha;
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_rectangle (cr, rect->x, rect->y, rect->width, rect->height);
      cairo_fill (cr);

      /* Adjacent bars of the same colour stay apart where they are wide. */
      if (rect->width >= 4)
        {
          gdk_cairo_set_source_rgba (cr, &colors->background);
          cairo_rectangle (cr, rect->x + rect->width - 1, rect->y, 1, rect->height);
          cairo_fill (cr);
        }
    }

  for (guint i = 0; i < self->marks->len; i++)
    {
      const Mark *mark = &g_array_index (self->marks, Mark, i);
      double x = floor (mark->x) + 0.5;

      if (mark->kind == MARK_FAILED)
        {
          gdk_cairo_set_source_rgba (cr, fb_chart_colors_lookup (colors, outcome_colors[OUTCOME_FAILED]));
          cairo_set_line_width (cr, 2.0);
          cairo_move_to (cr, x, mark->y);
          cairo_line_to (cr, x, mark->y + mark->height);
          cairo_stroke (cr);
          /* A notch at the top: the failure shows even over a red span. */
          cairo_move_to (cr, x - 4, mark->y);
          cairo_line_to (cr, x + 4, mark->y);
          cairo_line_to (cr, x, mark->y + MIN (6, mark->height));
          cairo_close_path (cr);
          cairo_fill (cr);
        }
      else
        {
          static const double dashes[] = { 3, 2 };

          gdk_cairo_set_source_rgba (cr, &colors->foreground);
          cairo_set_line_width (cr, 1.0);
          cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
          cairo_move_to (cr, x, mark->y);
          cairo_line_to (cr, x, mark->y + mark->height);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
        }
    }

  gdk_cairo_set_source_rgba (cr, &colors->dim);
  for (guint i = 0; i < self->lane_labels->len; i++)
    {
      const LaneLabel *label = &g_array_index (self->lane_labels, LaneLabel, i);

      cairo_move_to (cr, 4, label->y);
      pango_cairo_show_layout (cr, label->layout);
    }

  if (self->has_focus_rect)
    {
      const graphene_rect_t *r = &self->focus_rect;

      cairo_set_line_width (cr, 2.0);
      gdk_cairo_set_source_rgba (cr, &colors->foreground);
      cairo_rectangle (cr, r->origin.x - 1, r->origin.y - 1, r->size.width + 2, r->size.height + 2);
      cairo_stroke (cr);
    }
}

/* FbChart */

static gboolean
fb_timeline_chart_get_extent (FbChart *chart,
                              double  *t_min,
                              double  *t_max)
{
  FbTimelineChart *self = FB_TIMELINE_CHART (chart);

  *t_min = 0;
  *t_max = self->t_end;
  return self->n_started > 0 && self->t_end > 0;
}

static char *
fb_timeline_chart_format_y_tick (FbChart *chart,
                                 double   value,
                                 double   step,
                                 double   axis_max)
{
  /* Lanes have their names in the plot: the y axis has no numbers. */
  return NULL;
}

static char *
format_share (double share)
{
  /* Translators: a share of time, as in 97% */
  return g_strdup_printf (_("%.0f%%"), share * 100);
}

static char *
fb_timeline_chart_dup_description (FbChart *chart)
{
  FbTimelineChart *self = FB_TIMELINE_CHART (chart);
  g_autoptr(GString) str = g_string_new (NULL);
  g_autofree char *wall = NULL;
  guint n_lanes = self->lanes->len;
  guint n_failed = self->n_by_outcome[OUTCOME_FAILED];
  guint listed = MIN (n_lanes, MAX_LISTED_LANES);
  gint64 wall_us = (gint64) (self->t_end * G_USEC_PER_SEC);

  if (n_lanes == 0)
    return g_strdup (_("Worker timeline: no tasks yet"));

  wall = fb_format_seconds (self->t_end);
  g_string_append_printf (str, self->kind == FB_POOL_PROCESSES
                               ? g_dngettext (GETTEXT_PACKAGE,
                                              "Worker timeline of processes: %u worker",
                                              "Worker timeline of processes: %u workers", n_lanes)
                               : g_dngettext (GETTEXT_PACKAGE,
                                              "Worker timeline of threads: %u worker",
                                              "Worker timeline of threads: %u workers", n_lanes),
                          n_lanes);
  g_string_append (str, ", ");
  g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "%u task in %s", "%u tasks in %s", self->n_started),
                          self->n_started, wall);

  if (n_failed > 0)
    {
      g_string_append (str, ", ");
      g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", n_failed), n_failed);
    }
  if (self->n_by_outcome[OUTCOME_CANCELLED] > 0)
    {
      g_string_append (str, ", ");
      g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "%u cancelled", "%u cancelled",
                                                self->n_by_outcome[OUTCOME_CANCELLED]),
                              self->n_by_outcome[OUTCOME_CANCELLED]);
    }
  g_string_append (str, ".");

  for (guint l = 0; l < listed; l++)
    {
      const Lane *lane = &g_array_index (self->lanes, Lane, l);
      g_autofree char *busy = format_share (wall_us > 0 ? (double) lane->busy_us / wall_us : 0);

      /* Translators: one worker in the timeline's description: "Worker 2 busy 97%" */
      g_string_append_printf (str, _(" Worker %u busy %s"), lane->slot + 1, busy);

      if (lane->n_gaps > 0)
        {
          g_autofree char *longest = fb_format_us (lane->longest_gap_us);

          g_string_append (str, ", ");
          g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "%u idle gap of %s", "%u idle gaps, the longest %s",
                                                    lane->n_gaps),
                                  lane->n_gaps, longest);
        }
      if (lane->n_failed > 0)
        {
          g_string_append (str, ", ");
          g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "%u failed", "%u failed", lane->n_failed),
                                  lane->n_failed);
        }
      if (lane->n_workers > 1)
        {
          g_string_append (str, ", ");
          g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "replaced %u time", "replaced %u times",
                                                    lane->n_workers - 1),
                                  lane->n_workers - 1);
        }
      g_string_append (str, ";");
    }

  if (n_lanes > listed)
    {
      g_string_append_c (str, ' ');
      g_string_append_printf (str, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more", n_lanes - listed),
                              n_lanes - listed);
    }
  else if (str->str[str->len - 1] == ';')
    g_string_truncate (str, str->len - 1);

  if (self->focused >= 0)
    {
      g_autofree char *task = fb_timeline_chart_dup_task_text (self, record_at (self, (guint) self->focused));

      g_string_append (str, ". ");
      g_string_append (str, task);
    }

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/* Zooming and panning */

static void
set_window (FbTimelineChart *self,
            double           from,
            double           span)
{
  double end = self->t_end > 0 ? self->t_end : 1;

  span = CLAMP (span, MIN_SPAN_S, end);
  from = CLAMP (from, 0, end - span);
  fb_chart_set_time_window (FB_CHART (self), from, from + span);
}

static double
time_at_x (FbTimelineChart *self,
           double           x)
{
  cairo_rectangle_int_t plot;
  double from, to;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  if (!fb_chart_get_plot_area (FB_CHART (self), &plot))
    return (from + to) / 2;
  return from + (x - plot.x) / plot.width * (to - from);
}

static void
set_focused (FbTimelineChart *self,
             int              focused)
{
  g_autofree char *text = NULL;

  if (self->focused == focused)
    return;

  self->focused = focused;
  if (focused >= 0)
    text = fb_timeline_chart_dup_task_text (self, record_at (self, (guint) focused));

  g_free (self->readout);
  self->readout = g_steal_pointer (&text);

  update_focus_rect (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_READOUT]);
}

/* Steps to the task that starts next (or before) in time, over all lanes. */
static void
step_focus (FbTimelineChart *self,
            int              direction)
{
  const FbTaskRecord *current;
  int best = -1;
  double from, to;

  if (self->n_started == 0)
    return;

  if (self->focused < 0)
    {
      /* From the left edge of what is shown. */
      fb_chart_get_visible_window (FB_CHART (self), &from, &to);
      for (guint i = 0; i < self->records->len; i++)
        {
          const FbTaskRecord *record = record_at (self, i);

          if (record->started_us <= 0 || record_end (self, record) < from)
            continue;
          if (best < 0 || record->started_us < record_at (self, (guint) best)->started_us)
            best = (int) i;
        }
    }
  else
    {
      current = record_at (self, (guint) self->focused);
      for (guint i = 0; i < self->records->len; i++)
        {
          const FbTaskRecord *record = record_at (self, i);
          const FbTaskRecord *b;
          gboolean after;

          if (record->started_us <= 0 || (int) i == self->focused)
            continue;

          after = record->started_us > current->started_us
                  || (record->started_us == current->started_us && i > (guint) self->focused);
          if (after != (direction > 0))
            continue;

          if (best < 0)
            {
              best = (int) i;
              continue;
            }

          /* The nearest in (start, position) order. */
          b = record_at (self, (guint) best);
          if (direction > 0 ? record->started_us < b->started_us
                            : (record->started_us > b->started_us
                               || (record->started_us == b->started_us && (int) i > best)))
            best = (int) i;
        }
    }

  if (best < 0)
    return;

  set_focused (self, best);

  /* Keep the focused task in view. */
  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  {
    const FbTaskRecord *record = record_at (self, (guint) best);
    double start = record_start (self, record);
    double end = record_end (self, record);

    if (!fb_chart_get_follow (FB_CHART (self)) && (start < from || end > to))
      set_window (self, start - (to - from) * 0.1, to - from);
  }
  fb_chart_invalidate (FB_CHART (self));
}

static gboolean
key_pressed_cb (FbTimelineChart       *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  double from, to, anchor;

  g_assert (FB_IS_TIMELINE_CHART (self));

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return GDK_EVENT_PROPAGATE;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  anchor = (from + to) / 2;
  if (self->focused >= 0)
    {
      const FbTaskRecord *record = record_at (self, (guint) self->focused);
      double start = record_start (self, record);

      if (start >= from && start <= to)
        anchor = start;
    }

  switch (keyval)
    {
    case GDK_KEY_plus:
    case GDK_KEY_equal:
    case GDK_KEY_KP_Add:
      fb_timeline_chart_zoom (self, ZOOM_STEP, anchor);
      return GDK_EVENT_STOP;

    case GDK_KEY_minus:
    case GDK_KEY_KP_Subtract:
      fb_timeline_chart_zoom (self, 1 / ZOOM_STEP, anchor);
      return GDK_EVENT_STOP;

    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      fb_timeline_chart_pan (self, -(to - from) * PAN_STEP);
      return GDK_EVENT_STOP;

    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      fb_timeline_chart_pan (self, (to - from) * PAN_STEP);
      return GDK_EVENT_STOP;

    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      fb_timeline_chart_reset_view (self);
      return GDK_EVENT_STOP;

    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      step_focus (self, -1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      step_focus (self, 1);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      if (self->focused < 0)
        return GDK_EVENT_PROPAGATE;
      set_focused (self, -1);
      return GDK_EVENT_STOP;

    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static gboolean
scroll_cb (FbTimelineChart          *self,
           double                    dx,
           double                    dy,
           GtkEventControllerScroll *controller)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double from, to;

  g_assert (FB_IS_TIMELINE_CHART (self));

  if (self->n_started == 0)
    return GDK_EVENT_PROPAGATE;

  if (state & GDK_CONTROL_MASK)
    {
      double anchor = self->has_pointer ? time_at_x (self, self->pointer_x) : NAN;

      if (isnan (anchor))
        {
          fb_chart_get_visible_window (FB_CHART (self), &from, &to);
          anchor = (from + to) / 2;
        }
      fb_timeline_chart_zoom (self, pow (SCROLL_ZOOM_STEP, -dy), anchor);
      return GDK_EVENT_STOP;
    }

  /* Showing the whole run there is nothing to pan: the page scrolls. */
  if (fb_chart_get_follow (FB_CHART (self)))
    return GDK_EVENT_PROPAGATE;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  fb_timeline_chart_pan (self, (dx + dy) * (to - from) * PAN_STEP);
  return GDK_EVENT_STOP;
}

static void
motion_cb (FbTimelineChart          *self,
           double                    x,
           double                    y,
           GtkEventControllerMotion *controller)
{
  g_assert (FB_IS_TIMELINE_CHART (self));

  self->pointer_x = x;
  self->pointer_y = y;
  self->has_pointer = TRUE;
}

static void
leave_cb (FbTimelineChart          *self,
          GtkEventControllerMotion *controller)
{
  g_assert (FB_IS_TIMELINE_CHART (self));

  self->has_pointer = FALSE;
}

static void
drag_begin_cb (FbTimelineChart *self,
               double           x,
               double           y,
               GtkGestureDrag  *gesture)
{
  g_assert (FB_IS_TIMELINE_CHART (self));

  fb_chart_get_visible_window (FB_CHART (self), &self->drag_from, &self->drag_to);
  self->dragging = !fb_chart_get_follow (FB_CHART (self));
}

static void
drag_update_cb (FbTimelineChart *self,
                double           offset_x,
                double           offset_y,
                GtkGestureDrag  *gesture)
{
  cairo_rectangle_int_t plot;
  double span = self->drag_to - self->drag_from;

  g_assert (FB_IS_TIMELINE_CHART (self));

  if (!self->dragging || !fb_chart_get_plot_area (FB_CHART (self), &plot) || fabs (offset_x) < 1)
    return;

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  set_window (self, self->drag_from - offset_x / plot.width * span, span);
}

static void
pressed_cb (FbTimelineChart *self,
            int              n_press,
            double           x,
            double           y,
            GtkGestureClick *gesture)
{
  FbTaskRecord *record;

  g_assert (FB_IS_TIMELINE_CHART (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  record = fb_timeline_chart_get_task_at (self, x, y);
  if (record != NULL)
    fb_timeline_chart_set_focused_task (self, record);
}

static gboolean
query_tooltip_cb (FbTimelineChart *self,
                  int              x,
                  int              y,
                  gboolean         keyboard_mode,
                  GtkTooltip      *tooltip)
{
  g_autofree char *text = NULL;
  FbTaskRecord *record;

  g_assert (FB_IS_TIMELINE_CHART (self));

  if (keyboard_mode)
    record = fb_timeline_chart_get_focused_task (self);
  else
    record = fb_timeline_chart_get_task_at (self, x, y);

  if (record == NULL)
    return FALSE;

  text = fb_timeline_chart_dup_task_text (self, record);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* GObject */

static void
fb_timeline_chart_finalize (GObject *object)
{
  FbTimelineChart *self = (FbTimelineChart *)object;

  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->lanes, g_array_unref);
  g_clear_pointer (&self->order, g_array_unref);
  g_clear_pointer (&self->readout, g_free);
  g_clear_pointer (&self->rects, g_array_unref);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->lane_labels, g_array_unref);
  g_clear_object (&self->empty_label);

  G_OBJECT_CLASS (fb_timeline_chart_parent_class)->finalize (object);
}

static void
fb_timeline_chart_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FbTimelineChart *self = FB_TIMELINE_CHART (object);

  switch (prop_id)
    {
    case PROP_READOUT:
      g_value_set_string (value, self->readout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_timeline_chart_class_init (FbTimelineChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FbChartClass *chart_class = FB_CHART_CLASS (klass);

  object_class->finalize = fb_timeline_chart_finalize;
  object_class->get_property = fb_timeline_chart_get_property;

  chart_class->get_extent = fb_timeline_chart_get_extent;
  chart_class->format_y_tick = fb_timeline_chart_format_y_tick;
  chart_class->prepare = fb_timeline_chart_prepare;
  chart_class->draw_plot = fb_timeline_chart_draw_plot;
  chart_class->dup_description = fb_timeline_chart_dup_description;

  /**
   * FbTimelineChart:readout:
   *
   * The focused task in words, as its tooltip says it, or %NULL.
   */
  properties [PROP_READOUT] =
    g_param_spec_string ("readout", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
fb_timeline_chart_init (FbTimelineChart *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->focused = -1;
  self->lanes = g_array_new (FALSE, TRUE, sizeof (Lane));
  self->order = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rects = g_array_new (FALSE, FALSE, sizeof (Rect));
  self->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  self->lane_labels = g_array_new (FALSE, TRUE, sizeof (LaneLabel));
  g_array_set_clear_func (self->lane_labels, lane_label_clear);

  fb_chart_set_title (FB_CHART (self), _("Worker Timeline"));
  /* The whole run, until the user zooms. */
  fb_chart_set_follow (FB_CHART (self), TRUE, 0);
  update_legend (self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focus_on_click (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  controller = gtk_event_controller_key_new ();
  g_signal_connect_swapped (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect_swapped (controller, "scroll", G_CALLBACK (scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (motion_cb), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_drag_new ();
  g_signal_connect_swapped (gesture, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect_swapped (gesture, "drag-update", G_CALLBACK (drag_update_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  g_signal_connect_swapped (gesture, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));
}

/* Public */

/**
 * fb_timeline_chart_new:
 *
 * Returns: (transfer floating): a timeline of no tasks yet
 */
FbTimelineChart *
fb_timeline_chart_new (void)
{
  return g_object_new (FB_TYPE_TIMELINE_CHART, NULL);
}

/**
 * fb_timeline_chart_set_records:
 * @kind: which mode ran them, for the title and whether workers are
 *   pids or tids
 * @records: (nullable) (element-type FbTaskRecord): the records of one
 *   run, which are not changed after
 *
 * Shows the tasks of a run, from the earliest time one entered the pool,
 * and the whole run until the user zooms.
 */
void
fb_timeline_chart_set_records (FbTimelineChart *self,
                               FbPoolKind       kind,
                               GPtrArray       *records)
{
  g_return_if_fail (FB_IS_TIMELINE_CHART (self));
  g_return_if_fail (kind == FB_POOL_PROCESSES || kind == FB_POOL_THREADS);

  if (records != NULL)
    g_ptr_array_ref (records);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = records;
  self->kind = kind;

  index_records (self);
  update_legend (self);

  fb_chart_set_title (FB_CHART (self), kind == FB_POOL_PROCESSES ? _("Worker Timeline: Processes")
                                                                 : _("Worker Timeline: Threads"));
  self->focused = -2;
  set_focused (self, -1);
  fb_chart_set_follow (FB_CHART (self), TRUE, 0);
  fb_chart_invalidate (FB_CHART (self));
}

/**
 * fb_timeline_chart_get_records:
 *
 * Returns: (transfer none) (nullable) (element-type FbTaskRecord): the
 *   records shown
 */
GPtrArray *
fb_timeline_chart_get_records (FbTimelineChart *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), NULL);
  return self->records;
}

FbPoolKind
fb_timeline_chart_get_kind (FbTimelineChart *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), FB_POOL_PROCESSES);
  return self->kind;
}

/**
 * fb_timeline_chart_get_n_lanes:
 *
 * Returns: how many lanes there are: one per worker slot that ran a task
 */
guint
fb_timeline_chart_get_n_lanes (FbTimelineChart *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), 0);
  return self->lanes->len;
}

/**
 * fb_timeline_chart_get_task_at:
 * @x: in the widget's coordinates, as of its last drawing
 * @y: likewise
 *
 * Returns: (transfer none) (nullable): the task whose bar is there, or
 *   the nearest within a few pixels
 */
FbTaskRecord *
fb_timeline_chart_get_task_at (FbTimelineChart *self,
                               double           x,
                               double           y)
{
  cairo_rectangle_int_t plot;
  const Lane *lane;
  const guint *ids;
  double from, to, t, slop, best_distance = G_MAXDOUBLE;
  FbTaskRecord *best = NULL;
  guint k;
  int l;

  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), NULL);

  if (self->lanes->len == 0 || !fb_chart_get_plot_area (FB_CHART (self), &plot))
    return NULL;
  if (x < plot.x - PICK_SLOP || x > plot.x + plot.width + PICK_SLOP || y < plot.y || y >= plot.y + plot.height)
    return NULL;

  l = (int) ((y - plot.y) / self->lane_height);
  if (l < 0 || (guint) l >= self->lanes->len)
    return NULL;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  t = time_at_x (self, x);
  slop = PICK_SLOP / plot.width * (to - from);

  lane = &g_array_index (self->lanes, Lane, l);
  ids = &g_array_index (self->order, guint, lane->first);

  for (k = first_visible (self, lane, t - slop); k < lane->n; k++)
    {
      FbTaskRecord *record = record_at (self, ids[k]);
      double start = record_start (self, record);
      double end = record_end (self, record);
      double distance;

      if (start > t + slop)
        break;

      distance = t < start ? start - t : t > end ? t - end : 0;
      if (distance < best_distance)
        {
          best = record;
          best_distance = distance;
        }
      if (distance == 0)
        break;
    }

  return best_distance <= slop ? best : NULL;
}

/**
 * fb_timeline_chart_get_task_area:
 * @record: one of the records shown
 * @area: (out caller-allocates): where its bar is, in the widget's
 *   coordinates as of its last drawing
 *
 * Returns: %FALSE when it is not shown
 */
gboolean
fb_timeline_chart_get_task_area (FbTimelineChart *self,
                                 FbTaskRecord    *record,
                                 graphene_rect_t *area)
{
  cairo_rectangle_int_t plot;
  double from, to, x0, x1;
  int l;

  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  if (record->started_us <= 0 || !fb_chart_get_plot_area (FB_CHART (self), &plot))
    return FALSE;
  if ((l = find_lane (self, record->worker_slot)) < 0)
    return FALSE;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  x0 = (record_start (self, record) - from) / (to - from) * plot.width;
  x1 = (record_end (self, record) - from) / (to - from) * plot.width;
  if (x1 < 0 || x0 > plot.width)
    return FALSE;

  x0 = MAX (x0, 0);
  x1 = MIN (x1, plot.width);
  graphene_rect_init (area, plot.x + x0, plot.y + l * self->lane_height + self->bar_top,
                      x1 - x0, self->bar_height);
  return TRUE;
}

/**
 * fb_timeline_chart_dup_task_text:
 * @record: one of the records shown
 *
 * Returns: (transfer full): what there is to know of the task, in words,
 *   as its tooltip shows it
 */
char *
fb_timeline_chart_dup_task_text (FbTimelineChart *self,
                                 FbTaskRecord    *record)
{
  g_autoptr(GString) str = g_string_new (NULL);
  g_autofree char *start = NULL;
  g_autofree char *end = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *cpu_time = NULL;
  const GError *error;
  double start_s, end_s;

  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  error = fb_task_record_get_error (record);

  /* Translators: the first line of a task's tooltip in the worker timeline */
  g_string_append_printf (str, _("Task %" PRIu64 ", input %" PRId64),
                          record->index, record->input);
  g_string_append_c (str, '\n');

  if (record->status == FB_TASK_FAILED && error != NULL)
    /* Translators: a task's outcome, then why it failed */
    g_string_append_printf (str, _("%s: %s"), outcome_label (OUTCOME_FAILED), error->message);
  else
    g_string_append (str, outcome_label (record_outcome (record)));
  g_string_append_c (str, '\n');

  start_s = record_start (self, record);
  end_s = record_end (self, record);
  start = fb_format_seconds (start_s);
  duration = fb_format_seconds (end_s - start_s);
  if (record->finished_us > 0)
    {
      end = fb_format_seconds (end_s);
      /* Translators: in a task's tooltip, times since the run started */
      g_string_append_printf (str, _("Started at %s, finished at %s, took %s"), start, end, duration);
    }
  else
    /* Translators: in a task's tooltip, times since the run started */
    g_string_append_printf (str, _("Started at %s, still running"), start);
  g_string_append_c (str, '\n');

  cpu_time = fb_format_us (record->cpu_us);
  /* Translators: in a task's tooltip */
  g_string_append_printf (str, _("CPU time %s"), cpu_time);
  g_string_append_c (str, '\n');

  /* Translators: in a task's tooltip: which worker ran it */
  g_string_append_printf (str, _("Worker %u"), record->worker_slot + 1);
  if (record->worker_pid > 0)
    g_string_append_printf (str, _(", pid %d"), record->worker_pid);
  if (record->worker_tid > 0 && (self->kind == FB_POOL_THREADS || record->worker_tid != record->worker_pid))
    g_string_append_printf (str, _(", tid %d"), record->worker_tid);
  if (record->cpu >= 0)
    g_string_append_printf (str, _(", core %d"), record->cpu);

  return g_string_free (g_steal_pointer (&str), FALSE);
}

/**
 * fb_timeline_chart_get_focused_task:
 *
 * Returns: (transfer none) (nullable): the task the keyboard (or a click)
 *   chose
 */
FbTaskRecord *
fb_timeline_chart_get_focused_task (FbTimelineChart *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), NULL);

  return self->focused >= 0 ? record_at (self, (guint) self->focused) : NULL;
}

/**
 * fb_timeline_chart_set_focused_task:
 * @record: (nullable): one of the records shown, or %NULL for none
 *
 * Highlights a task and reads it out in #FbTimelineChart:readout.
 */
void
fb_timeline_chart_set_focused_task (FbTimelineChart *self,
                                    FbTaskRecord    *record)
{
  guint index;

  g_return_if_fail (FB_IS_TIMELINE_CHART (self));

  if (record == NULL)
    {
      set_focused (self, -1);
      return;
    }

  g_return_if_fail (self->records != NULL && g_ptr_array_find (self->records, record, &index));
  set_focused (self, (int) index);
  fb_chart_invalidate (FB_CHART (self));
}

/**
 * fb_timeline_chart_get_readout:
 *
 * Returns: (nullable): the focused task in words
 */
const char *
fb_timeline_chart_get_readout (FbTimelineChart *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), NULL);
  return self->readout;
}

/**
 * fb_timeline_chart_zoom:
 * @factor: above 1 to zoom in, under 1 to zoom out
 * @t_anchor: the time that stays in place, in seconds since the run
 *   started
 *
 * Zooming out past the whole run shows the whole run again.
 */
void
fb_timeline_chart_zoom (FbTimelineChart *self,
                        double           factor,
                        double           t_anchor)
{
  double from, to, span, new_span;

  g_return_if_fail (FB_IS_TIMELINE_CHART (self));
  g_return_if_fail (factor > 0);

  if (self->n_started == 0 || self->t_end <= 0)
    return;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  span = to - from;
  new_span = span / factor;
  t_anchor = CLAMP (t_anchor, from, to);

  if (new_span >= self->t_end)
    {
      fb_timeline_chart_reset_view (self);
      return;
    }

  set_window (self, t_anchor - (t_anchor - from) / span * new_span, new_span);
}

/**
 * fb_timeline_chart_pan:
 * @dt: seconds to move the window by, later when positive
 *
 * The window stays within the run.
 */
void
fb_timeline_chart_pan (FbTimelineChart *self,
                       double           dt)
{
  double from, to;

  g_return_if_fail (FB_IS_TIMELINE_CHART (self));

  if (fb_chart_get_follow (FB_CHART (self)))
    return;

  fb_chart_get_visible_window (FB_CHART (self), &from, &to);
  set_window (self, from + dt, to - from);
}

/**
 * fb_timeline_chart_reset_view:
 *
 * Shows the whole run again.
 */
void
fb_timeline_chart_reset_view (FbTimelineChart *self)
{
  g_return_if_fail (FB_IS_TIMELINE_CHART (self));

  fb_chart_set_follow (FB_CHART (self), TRUE, 0);
}

/**
 * fb_timeline_chart_get_n_prepared_shapes:
 *
 * For tests: how many rectangles and marks the last preparation made,
 * which merging keeps to a few per pixel column and lane however many
 * tasks there are.
 *
 * Returns: the number of shapes
 */
guint
fb_timeline_chart_get_n_prepared_shapes (FbTimelineChart *self)
{
  g_return_val_if_fail (FB_IS_TIMELINE_CHART (self), 0);
  return self->rects->len + self->marks->len;
}
