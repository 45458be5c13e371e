/* fb-line-raster.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fb-line-raster.h"

/* A stroked line is the set of points within half its width of one of its
 * segments: a capsule per segment, whose round ends make the round joins
 * and caps. A pixel is covered by how far inside the nearest capsule its
 * centre lies, fully from half a pixel in and not at all from half a pixel
 * out, which for a straight line gives the area it covers; where segments
 * meet, a pixel takes the largest of their coverages rather than being
 * painted twice. The coverages make a mask that is painted once, in the
 * line's colour.
 *
 * Cairo's stroker finds the outline of the whole line, joins and all, and
 * scan-converts it: on a live chart that redraws its lines every sample,
 * that was two fifths of the instructions a frame took.
 *
 * A pixel's coverage depends only on the segments within reach of it. A
 * line kept in an FbLineCache, which comes back moved left by whole
 * pixels, as a chart following its data draws it, keeps its mask moved
 * with it, and is drawn again only in the columns near a segment that is
 * not in both: the newest samples and the oldest, which left. */

typedef struct
{
  guint8       *mask;
  int           stride;
  int           width;
  int           height;
  /* From a segment, the distance at which coverage falls to nothing. */
  double        reach;
  /* The columns to draw, or all of them */
  const guint8 *columns;
} Raster;

typedef struct
{
  double ax, ay, bx, by;
} Segment;

struct _FbLineCache
{
  GByteArray *mask;
  GArray     *segments;   /* Segment: what the mask holds, in its pixels */
  GArray     *scratch;    /* Segment: the line being drawn */
  GByteArray *columns;    /* which columns of the mask to draw again */
  /* Where the mask lies, in user units, and how far left the lines have
   * moved since it was drawn. */
  double      area_x, area_y, area_width, area_height;
  double      shift;
  /* What it was drawn for */
  int         width, height;
  double      scale, reach;
  guint       has_area : 1;
  guint       valid : 1;
};

/* floor (@x) clamped to [@low, @high], without a call to libm: this runs
 * twice for each column of each segment. */
static inline int
floor_within (double x,
              int    low,
              int    high)
{
  int i;

  if (!(x > low))
    return low;
  if (x >= high)
    return high;
  i = (int) x;
  return i - (x < i);
}

/* A segment walks along its longer axis, "u" (x or y), a pixel at a time,
 * and across the other, "v", only over what the capsule covers there: the
 * pixels within reach / cos(angle) of the line's centre, which also holds
 * its round ends. Along a column (or row), how far along the segment a
 * pixel's centre projects and how far across it lies change by a
 * constant step. */
static void
raster_segment (const Raster *r,
                double        ax,
                double        ay,
                double        bx,
                double        by)
{
  gboolean steep = fabs (by - ay) > fabs (bx - ax);
  double au = steep ? ay : ax, av = steep ? ax : ay;
  double bu = steep ? by : bx, bv = steep ? bx : by;
  int n_u = steep ? r->height : r->width, n_v = steep ? r->width : r->height;
  gsize u_step = steep ? (gsize) r->stride : 1, v_step = steep ? 1 : (gsize) r->stride;
  double reach = r->reach, du, dv, length2, inverse, slope, half;
  int first, last;

  if (!isfinite (ax) || !isfinite (ay) || !isfinite (bx) || !isfinite (by))
    return;

  /* Walk towards a larger u. */
  if (au > bu)
    {
      double t;

      t = au, au = bu, bu = t;
      t = av, av = bv, bv = t;
    }
  du = bu - au;
  dv = bv - av;
  length2 = du * du + dv * dv;
  inverse = length2 > 0 ? 1 / sqrt (length2) : 0;
  slope = du > 0 ? dv / du : 0;
  half = reach * sqrt (1 + slope * slope);

  /* The columns whose centres lie within reach. */
  first = floor_within (au - reach - 0.5, -1, n_u - 1) + 1;
  last = floor_within (bu + reach - 0.5, -1, n_u - 1);

  for (int k = first; k <= last; k++)
    {
      guint8 *pixel;
      double pu = k + 0.5 - au, pv, along, across;
      double centre = av + CLAMP (pu, 0, du) * slope;
      int low = floor_within (centre - half - 0.5, -1, n_v - 1) + 1;
      int high = floor_within (centre + half - 0.5, -1, n_v - 1);

      if (low > high || (!steep && r->columns != NULL && !r->columns[k]))
        continue;
      pv = low + 0.5 - av;
      along = pu * du + pv * dv;
      across = pu * dv - pv * du;
      pixel = r->mask + k * u_step + low * v_step;

      for (int m = low; m <= high; m++, pv += 1, along += dv, across -= du, pixel += v_step)
        {
          double distance, coverage;
          guint8 value;

          if (steep && r->columns != NULL && !r->columns[m])
            continue;
          if (along <= 0)
            distance = sqrt (pu * pu + pv * pv);
          else if (along >= length2)
            distance = sqrt ((pu - du) * (pu - du) + (pv - dv) * (pv - dv));
          else
            distance = fabs (across) * inverse;

          coverage = reach - distance;
          if (coverage <= 0)
            continue;
          value = coverage >= 1 ? 255 : (guint8) (coverage * 255 + 0.5);
          if (value > *pixel)
            *pixel = value;
        }
    }
}

static void
add_segment (GArray *segments,
             double  ax,
             double  ay,
             double  bx,
             double  by)
{
  Segment segment = { ax, ay, bx, by };

  g_array_append_val (segments, segment);
}

/* A curve, cut into segments at most @tolerance off it. */
static void
flatten_curve (GArray *segments,
               double  x0,
               double  y0,
               double  x1,
               double  y1,
               double  x2,
               double  y2,
               double  x3,
               double  y3,
               double  tolerance)
{
  /* Straight segments through n evenly spaced points of a cubic are off
   * it by at most 3/4 of its largest second difference over n². */
  double bend = MAX (hypot (x0 - 2 * x1 + x2, y0 - 2 * y1 + y2),
                     hypot (x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
  int n = isfinite (bend) ? CLAMP ((int) ceil (sqrt (0.75 * bend / tolerance)), 1, 256) : 1;
  double last_x = x0, last_y = y0;

  for (int i = 1; i <= n; i++)
    {
      double t = (double) i / n, s = 1 - t;
      double a = s * s * s, b = 3 * s * s * t, c = 3 * s * t * t, d = t * t * t;
      double x = a * x0 + b * x1 + c * x2 + d * x3;
      double y = a * y0 + b * y1 + c * y2 + d * y3;

      add_segment (segments, last_x, last_y, x, y);
      last_x = x;
      last_y = y;
    }
}

/* @path's segments, its curves cut into straight ones, in pixels from
 * (@left, @top). */
static void
flatten_path (GArray             *segments,
              const cairo_path_t *path,
              double              left,
              double              top,
              double              tolerance)
{
  double start_x = 0, start_y = 0, last_x = 0, last_y = 0;

  g_array_set_size (segments, 0);

  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *data = &path->data[i];
      double x, y;

      switch (data->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          start_x = last_x = data[1].point.x - left;
          start_y = last_y = data[1].point.y - top;
          continue;
        case CAIRO_PATH_LINE_TO:
          x = data[1].point.x - left;
          y = data[1].point.y - top;
          add_segment (segments, last_x, last_y, x, y);
          break;
        case CAIRO_PATH_CLOSE_PATH:
          x = start_x;
          y = start_y;
          add_segment (segments, last_x, last_y, x, y);
          break;
        case CAIRO_PATH_CURVE_TO:
          x = data[3].point.x - left;
          y = data[3].point.y - top;
          flatten_curve (segments, last_x, last_y,
                         data[1].point.x - left, data[1].point.y - top,
                         data[2].point.x - left, data[2].point.y - top,
                         x, y, tolerance);
          break;
        default:
          continue;
        }

      last_x = x;
      last_y = y;
    }
}

/* Whether two segments are the same, but for the last bits of the
 * arithmetic that moved them. */
static inline gboolean
same_segment (const Segment *a,
              const Segment *b,
              double         shift)
{
  const double epsilon = 1e-6;

  return fabs (a->ax - shift - b->ax) < epsilon && fabs (a->ay - b->ay) < epsilon &&
         fabs (a->bx - shift - b->bx) < epsilon && fabs (a->by - b->by) < epsilon;
}

/* The columns [*from, *to) of a mask @width wide that @segment, moved left
 * by @shift, may draw in, with a column to spare each side. */
static void
segment_columns (const Segment *segment,
                 double         shift,
                 double         reach,
                 int            width,
                 int           *from,
                 int           *to)
{
  *from = floor_within (MIN (segment->ax, segment->bx) - shift - reach - 1, 0, width);
  *to = floor_within (MAX (segment->ax, segment->bx) - shift + reach + 2, 0, width);
}

static void
mark_columns (guint8        *columns,
              int            width,
              const Segment *segment,
              double         shift,
              double         reach)
{
  int from, to;

  segment_columns (segment, shift, reach, width, &from, &to);
  if (to > from)
    memset (columns + from, 1, (gsize) (to - from));
}

/* Which columns of the kept mask, moved left by @shift pixels, to draw
 * again: around each segment of the line before that is not in the new
 * one, and each of the new one that was not in the line before. Both are
 * in the order of the path, the new one mostly the old one moved. */
static void
find_changed_columns (guint8        *columns,
                      int            width,
                      const Segment *old,
                      guint          n_old,
                      const Segment *new,
                      guint          n_new,
                      double         shift,
                      double         reach)
{
  /* How far ahead to look for where the old line goes on: past the
   * segments of the samples that left the window. A line that changed
   * all over, as when its scale does, is not looked through for long. */
  const guint window = 256;
  gsize budget = 8 * ((gsize) n_old + n_new + window);
  guint j = 0;

  for (guint i = 0; i < n_new; i++)
    {
      guint k = j;

      while (k < n_old && k < j + window && budget > 0 && !same_segment (&old[k], &new[i], shift))
        {
          k++;
          budget--;
        }

      if (k < n_old && k < j + window && budget > 0)
        {
          for (; j < k; j++)
            mark_columns (columns, width, &old[j], shift, reach);
          j = k + 1;
        }
      else
        mark_columns (columns, width, &new[i], 0, reach);
    }

  for (; j < n_old; j++)
    mark_columns (columns, width, &old[j], shift, reach);
}

/**
 * fb_line_cache_new:
 *
 * Returns: (transfer full): memory for fb_line_raster_stroke() to reuse
 *   from one line to the next, and to keep a line in between
 */
FbLineCache *
fb_line_cache_new (void)
{
  FbLineCache *cache = g_new0 (FbLineCache, 1);

  cache->mask = g_byte_array_new ();
  cache->segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  cache->scratch = g_array_new (FALSE, FALSE, sizeof (Segment));
  cache->columns = g_byte_array_new ();
  return cache;
}

void
fb_line_cache_free (FbLineCache *cache)
{
  if (cache == NULL)
    return;

  g_byte_array_unref (cache->mask);
  g_array_unref (cache->segments);
  g_array_unref (cache->scratch);
  g_byte_array_unref (cache->columns);
  g_free (cache);
}

/**
 * fb_line_cache_keep:
 * @x: the left of the area to keep the line for, in the user units of the
 *   context it is stroked in
 * @y: its top
 * @width: its width
 * @height: its height
 * @shift: how far left the line has moved since it was last stroked
 *   through @cache, in the same units, or 0
 *
 * Has the next fb_line_raster_stroke() through @cache keep the line it
 * draws, as it lies in that area: a line that then comes back moved left
 * by whole pixels, as a chart following its data does, is drawn again
 * only where it changed.
 */
void
fb_line_cache_keep (FbLineCache *cache,
                    double       x,
                    double       y,
                    double       width,
                    double       height,
                    double       shift)
{
  g_return_if_fail (cache != NULL);

  if (cache->has_area && (x != cache->area_x || y != cache->area_y ||
                          width != cache->area_width || height != cache->area_height))
    cache->valid = FALSE;

  cache->has_area = width > 0 && height > 0;
  cache->area_x = x;
  cache->area_y = y;
  cache->area_width = width;
  cache->area_height = height;
  cache->shift = shift;
}

/* Moves the kept mask left by @shift columns, and says which columns to
 * draw again. */
static void
scroll_mask (FbLineCache *cache,
             Raster      *r,
             int          shift)
{
  guint8 *columns = cache->columns->data;

  if (shift > 0 && shift < r->width)
    for (int row = 0; row < r->height; row++)
      {
        guint8 *line = r->mask + (gsize) row * r->stride;

        memmove (line, line + shift, (gsize) (r->width - shift));
      }

  memset (columns, 0, (gsize) r->width);
  if (shift > 0)
    memset (columns + MAX (r->width - shift, 0), 1, (gsize) MIN (shift, r->width));
  find_changed_columns (columns, r->width,
                        (const Segment *) (gpointer) cache->segments->data, cache->segments->len,
                        (const Segment *) (gpointer) cache->scratch->data, cache->scratch->len,
                        shift, r->reach);

  /* What is drawn again starts from nothing. */
  for (int column = 0; column < r->width;)
    {
      int end = column;

      if (!columns[column])
        {
          column++;
          continue;
        }
      while (end < r->width && columns[end])
        end++;
      for (int row = 0; row < r->height; row++)
        memset (r->mask + (gsize) row * r->stride + column, 0, (gsize) (end - column));
      column = end;
    }
}

/* Whether any of the columns within reach of @segment are to be drawn. */
static gboolean
touches_columns (const Raster  *r,
                 const Segment *segment)
{
  int from, to;

  if (r->columns == NULL)
    return TRUE;
  segment_columns (segment, 0, r->reach, r->width, &from, &to);
  for (int column = from; column < to; column++)
    if (r->columns[column])
      return TRUE;
  return FALSE;
}

/**
 * fb_line_raster_stroke:
 * @cr: a context with a path of straight segments and curves
 * @line_width: the line's width, in user units
 * @color: its colour
 * @cache: memory to reuse from one call to the next; what
 *   fb_line_cache_keep() asked for
 *
 * Strokes the current path as cairo_stroke() would with round joins and
 * caps, and clears it, when @cr draws into an image with no rotation or
 * shear and a rectangular clip, as a chart's data does. Curves are cut
 * into segments at @cr's tolerance.
 *
 * Returns: %FALSE, leaving the path, when @cr draws elsewhere (an SVG
 *   keeps its curves)
 */
gboolean
fb_line_raster_stroke (cairo_t       *cr,
                       double         line_width,
                       const GdkRGBA *color,
                       FbLineCache   *cache)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_surface_t *surface;
  cairo_path_t *path;
  cairo_matrix_t ctm;
  double sx, sy, ox, oy, scale, off_x, off_y, tolerance, reach;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double clip_left, clip_top, clip_right, clip_bottom;
  int left, top;
  gboolean keep;
  Raster r = { 0 };

  g_return_val_if_fail (cache != NULL, FALSE);

  if (cairo_surface_get_type (target) != CAIRO_SURFACE_TYPE_IMAGE ||
      cairo_image_surface_get_format (target) != CAIRO_FORMAT_ARGB32 ||
      cairo_get_operator (cr) != CAIRO_OPERATOR_OVER)
    return FALSE;

  cairo_get_matrix (cr, &ctm);
  cairo_surface_get_device_scale (target, &sx, &sy);
  cairo_surface_get_device_offset (target, &ox, &oy);
  if (ctm.xy != 0 || ctm.yx != 0 || ctm.xx <= 0 || ctm.xx != ctm.yy || sx != sy)
    return FALSE;

  clip = cairo_copy_clip_rectangle_list (cr);
  if (clip->status != CAIRO_STATUS_SUCCESS || clip->num_rectangles > 1)
    {
      cairo_rectangle_list_destroy (clip);
      return FALSE;
    }

  /* From user space to the image's pixels. */
  scale = ctm.xx * sx;
  off_x = ctm.x0 * sx + ox;
  off_y = ctm.y0 * sy + oy;

  if (clip->num_rectangles == 0)
    {
      cairo_rectangle_list_destroy (clip);
      cairo_new_path (cr);
      return TRUE;
    }
  clip_left = MAX (0, floor (clip->rectangles[0].x * scale + off_x));
  clip_top = MAX (0, floor (clip->rectangles[0].y * scale + off_y));
  clip_right = MIN (cairo_image_surface_get_width (target),
                    ceil ((clip->rectangles[0].x + clip->rectangles[0].width) * scale + off_x));
  clip_bottom = MIN (cairo_image_surface_get_height (target),
                     ceil ((clip->rectangles[0].y + clip->rectangles[0].height) * scale + off_y));
  cairo_rectangle_list_destroy (clip);

  path = cairo_copy_path (cr);
  cairo_new_path (cr);
  if (path->status != CAIRO_STATUS_SUCCESS)
    {
      cairo_path_destroy (path);
      return TRUE;
    }

  /* The points in pixels, in place, and what they cover: a curve lies
   * within its control points. */
  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    for (int j = 1; j < path->data[i].header.length; j++)
      {
        cairo_path_data_t *point = &path->data[i + j];

        point->point.x = point->point.x * scale + off_x;
        point->point.y = point->point.y * scale + off_y;
        if (!isfinite (point->point.x) || !isfinite (point->point.y))
          continue;
        min_x = MIN (min_x, point->point.x);
        max_x = MAX (max_x, point->point.x);
        min_y = MIN (min_y, point->point.y);
        max_y = MAX (max_y, point->point.y);
      }

  /* Cairo's tolerance is in pixels. */
  tolerance = MAX (cairo_get_tolerance (cr), 0.01);
  reach = line_width * scale / 2 + 0.5;

  /* A line kept between strokes lies in the mask as in the kept area,
   * whole pixels of which the image's pixels are; otherwise the mask is
   * as large as what the line covers in the image. */
  keep = cache->has_area &&
         cache->area_x * scale + off_x == floor (cache->area_x * scale + off_x) &&
         cache->area_y * scale + off_y == floor (cache->area_y * scale + off_y) &&
         cache->area_width * scale == floor (cache->area_width * scale) &&
         cache->area_height * scale == floor (cache->area_height * scale);
  if (keep)
    {
      left = (int) (cache->area_x * scale + off_x);
      top = (int) (cache->area_y * scale + off_y);
      r.width = (int) (cache->area_width * scale);
      r.height = (int) (cache->area_height * scale);
    }
  else
    {
      clip_left = MAX (clip_left, floor (min_x - reach));
      clip_top = MAX (clip_top, floor (min_y - reach));
      clip_right = MIN (clip_right, ceil (max_x + reach));
      clip_bottom = MIN (clip_bottom, ceil (max_y + reach));
      if (!(clip_right > clip_left && clip_bottom > clip_top))
        {
          cairo_path_destroy (path);
          return TRUE;
        }
      left = (int) clip_left;
      top = (int) clip_top;
      r.width = (int) clip_right - left;
      r.height = (int) clip_bottom - top;
    }

  r.reach = reach;
  r.stride = cairo_format_stride_for_width (CAIRO_FORMAT_A8, r.width);
  flatten_path (cache->scratch, path, left, top, tolerance);
  cairo_path_destroy (path);

  if (keep && cache->valid && cache->width == r.width && cache->height == r.height &&
      cache->scale == scale && cache->reach == reach &&
      cache->shift >= 0 && cache->shift * scale == floor (cache->shift * scale))
    {
      /* Only where the line changed. */
      r.mask = cache->mask->data;
      g_byte_array_set_size (cache->columns, (guint) r.width);
      scroll_mask (cache, &r, (int) (cache->shift * scale));
      r.columns = cache->columns->data;
    }
  else
    {
      g_byte_array_set_size (cache->mask, (guint) (r.stride * r.height));
      r.mask = cache->mask->data;
      memset (r.mask, 0, cache->mask->len);
    }

  for (guint i = 0; i < cache->scratch->len; i++)
    {
      const Segment *segment = &g_array_index (cache->scratch, Segment, i);

      if (touches_columns (&r, segment))
        raster_segment (&r, segment->ax, segment->ay, segment->bx, segment->by);
    }

  /* What the mask holds now. */
  {
    GArray *segments = cache->segments;

    cache->segments = cache->scratch;
    cache->scratch = segments;
  }
  cache->valid = keep;
  cache->width = r.width;
  cache->height = r.height;
  cache->scale = scale;
  cache->reach = reach;
  cache->shift = 0;

  surface = cairo_image_surface_create_for_data (r.mask, CAIRO_FORMAT_A8, r.width, r.height, r.stride);
  cairo_surface_set_device_scale (surface, sx, sy);
  cairo_save (cr);
  cairo_identity_matrix (cr);
  gdk_cairo_set_source_rgba (cr, color);
  cairo_mask_surface (cr, surface, (left - ox) / sx, (top - oy) / sy);
  cairo_restore (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  return TRUE;
}
