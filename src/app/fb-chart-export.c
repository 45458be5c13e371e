/* fb-chart-export.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart as a PNG or an SVG file, drawn by the same fb_chart_draw() as the
 * screen, on the background the chart sits on in the window.
 */

#define G_LOG_DOMAIN "fb-chart-export"

#include "config.h"

#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "fb-chart-export.h"

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * fb_chart_export:
 * @file: where to write, replaced atomically
 * @format: PNG or SVG
 * @width: in pixels (points for SVG)
 * @height: likewise
 *
 * Draws @chart into @file at @width × @height, whatever its size on screen.
 *
 * Returns: whether the file was written
 */
gboolean
fb_chart_export (FbChart        *chart,
                 GFile          *file,
                 FbChartFormat   format,
                 int             width,
                 int             height,
                 GError        **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  FbChartColors colors;
  cairo_t *cr;

  g_return_val_if_fail (FB_IS_CHART (chart), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  if (format == FB_CHART_FORMAT_SVG)
    {
      surface = cairo_svg_surface_create_for_stream (write_cb, bytes, width, height);
      cairo_svg_surface_set_document_unit (surface, CAIRO_SVG_UNIT_PX);
    }
  else
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  cr = cairo_create (surface);
  fb_chart_get_colors (chart, &colors);
  gdk_cairo_set_source_rgba (cr, &colors.background);
  cairo_paint (cr);
  fb_chart_draw (chart, cr, width, height);
  cairo_destroy (cr);

  if (format == FB_CHART_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, write_cb, bytes);
  else
    {
      cairo_surface_finish (surface);
      status = cairo_surface_status (surface);
    }
  cairo_surface_destroy (surface);

  /* The chart goes back to drawing at its own size on screen. */
  fb_chart_invalidate (chart);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("Could not draw the chart: %s"), cairo_status_to_string (status));
      return FALSE;
    }

  return g_file_replace_contents (file, (const char *) bytes->data, bytes->len, NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}
