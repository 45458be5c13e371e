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
 * that was two fifths of the instructions a frame took. */

typedef struct
{
  guint8 *mask;
  int     stride;
  int     width;
  int     height;
  /* From a segment, the distance at which coverage falls to nothing. */
  double  reach;
} Raster;

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

      if (low > high)
        continue;
      pv = low + 0.5 - av;
      along = pu * du + pv * dv;
      across = pu * dv - pv * du;
      pixel = r->mask + k * u_step + low * v_step;

      for (int m = low; m <= high; m++, pv += 1, along += dv, across -= du, pixel += v_step)
        {
          double distance, coverage;
          guint8 value;

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

/* A curve, cut into segments at most @tolerance off it. */
static void
raster_curve (const Raster *r,
              double        x0,
              double        y0,
              double        x1,
              double        y1,
              double        x2,
              double        y2,
              double        x3,
              double        y3,
              double        tolerance)
{
  /* Straight segments through n evenly spaced points of a cubic are off
   * it by at most 3/4 of its largest second difference over n². */
  double bend = MAX (hypot (x0 - 2 * x1 + x2, y0 - 2 * y1 + y2),
                     hypot (x1 - 2 * x2 + x3, y1 - 2 * y2 + y3));
  int n = CLAMP ((int) ceil (sqrt (0.75 * bend / tolerance)), 1, 256);
  double last_x = x0, last_y = y0;

  for (int i = 1; i <= n; i++)
    {
      double t = (double) i / n, s = 1 - t;
      double a = s * s * s, b = 3 * s * s * t, c = 3 * s * t * t, d = t * t * t;
      double x = a * x0 + b * x1 + c * x2 + d * x3;
      double y = a * y0 + b * y1 + c * y2 + d * y3;

      raster_segment (r, last_x, last_y, x, y);
      last_x = x;
      last_y = y;
    }
}

/*
 * fb_line_raster_stroke:
 * @cr: a context with a path of straight segments and curves
 * @line_width: the line's width, in user units
 * @color: its colour
 * @mask: memory to reuse from one call to the next
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
                       GByteArray    *mask)
{
  cairo_surface_t *target = cairo_get_group_target (cr);
  cairo_rectangle_list_t *clip;
  cairo_surface_t *surface;
  cairo_path_t *path;
  cairo_matrix_t ctm;
  double sx, sy, ox, oy, scale, off_x, off_y, tolerance;
  double min_x = G_MAXDOUBLE, min_y = G_MAXDOUBLE, max_x = -G_MAXDOUBLE, max_y = -G_MAXDOUBLE;
  double clip_left, clip_top, clip_right, clip_bottom;
  double start_x = 0, start_y = 0, last_x = 0, last_y = 0;
  int left, top, right, bottom;
  Raster r;

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
  r.reach = line_width * scale / 2 + 0.5;
  clip_left = MAX (clip_left, floor (min_x - r.reach));
  clip_top = MAX (clip_top, floor (min_y - r.reach));
  clip_right = MIN (clip_right, ceil (max_x + r.reach));
  clip_bottom = MIN (clip_bottom, ceil (max_y + r.reach));
  if (!(clip_right > clip_left && clip_bottom > clip_top))
    {
      cairo_path_destroy (path);
      return TRUE;
    }
  left = (int) clip_left;
  top = (int) clip_top;
  right = (int) clip_right;
  bottom = (int) clip_bottom;

  r.width = right - left;
  r.height = bottom - top;
  r.stride = cairo_format_stride_for_width (CAIRO_FORMAT_A8, r.width);
  g_byte_array_set_size (mask, (guint) (r.stride * r.height));
  r.mask = mask->data;
  memset (r.mask, 0, mask->len);

  for (int i = 0; i < path->num_data; i += path->data[i].header.length)
    {
      const cairo_path_data_t *data = &path->data[i];
      double x = 0, y = 0;

      switch (data->header.type)
        {
        case CAIRO_PATH_MOVE_TO:
          start_x = last_x = data[1].point.x - left;
          start_y = last_y = data[1].point.y - top;
          continue;
        case CAIRO_PATH_LINE_TO:
          x = data[1].point.x - left;
          y = data[1].point.y - top;
          break;
        case CAIRO_PATH_CLOSE_PATH:
          x = start_x;
          y = start_y;
          break;
        case CAIRO_PATH_CURVE_TO:
          x = data[3].point.x - left;
          y = data[3].point.y - top;
          raster_curve (&r, last_x, last_y,
                        data[1].point.x - left, data[1].point.y - top,
                        data[2].point.x - left, data[2].point.y - top,
                        x, y, tolerance);
          last_x = x;
          last_y = y;
          continue;
        default:
          continue;
        }

      raster_segment (&r, last_x, last_y, x, y);
      last_x = x;
      last_y = y;
    }
  cairo_path_destroy (path);

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
