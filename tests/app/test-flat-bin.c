/* test-flat-bin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FbFlatBin under GTK's Cairo renderer: its child drawn as one node, with
 * the same pixels as the child's own nodes, and again when the child
 * changes.
 */

#include "config.h"

#include <adwaita.h>
#include <libglib-testing/signal-logger.h>

#include "fb-chart-test-util.h"
#include "fb-flat-bin.h"

#define WIDTH  FB_TEST_CHART_WIDTH
#define HEIGHT FB_TEST_CHART_HEIGHT

/* A little of what the window's flattened parts hold: text, a button, and
 * a symbolic icon, which GTK recolours through a group of its own. */
static GtkWidget *
make_child (GtkLabel **label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *button = gtk_button_new_from_icon_name ("document-open-symbolic");

  *label = GTK_LABEL (gtk_label_new ("Eight tasks on four workers"));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (*label));
  gtk_box_append (GTK_BOX (box), button);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("go-previous-symbolic"));
  return box;
}

/* The widget as GTK would draw it, into an image: at its own size and
 * scale, as the window is. */
static cairo_surface_t *
render_widget (GtkWidget      *widget,
               GskRenderNode **node_out)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int scale = gtk_widget_get_scale_factor (widget);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH * scale, HEIGHT * scale);
  GskRenderNode *node;
  cairo_t *cr;

  g_assert_cmpint (gtk_widget_get_width (widget), ==, WIDTH);
  g_assert_cmpint (gtk_widget_get_height (widget), ==, HEIGHT);
  gdk_paintable_snapshot (paintable, snapshot, WIDTH, HEIGHT);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  cairo_surface_set_device_scale (image, scale, scale);
  cr = cairo_create (image);
  gsk_render_node_draw (node, cr);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (image);

  if (node_out != NULL)
    *node_out = node;
  else
    gsk_render_node_unref (node);
  return image;
}

/* How many nodes of @type the tree under @node holds. */
static guint
count_nodes (GskRenderNode     *node,
             GskRenderNodeType  type)
{
  guint n = gsk_render_node_get_node_type (node) == type;

  switch (gsk_render_node_get_node_type (node))
    {
    case GSK_CONTAINER_NODE:
      for (guint i = 0; i < gsk_container_node_get_n_children (node); i++)
        n += count_nodes (gsk_container_node_get_child (node, i), type);
      break;
    case GSK_TRANSFORM_NODE:
      n += count_nodes (gsk_transform_node_get_child (node), type);
      break;
    case GSK_CLIP_NODE:
      n += count_nodes (gsk_clip_node_get_child (node), type);
      break;
    case GSK_ROUNDED_CLIP_NODE:
      n += count_nodes (gsk_rounded_clip_node_get_child (node), type);
      break;
    case GSK_OPACITY_NODE:
      n += count_nodes (gsk_opacity_node_get_child (node), type);
      break;
    case GSK_COLOR_MATRIX_NODE:
      n += count_nodes (gsk_color_matrix_node_get_child (node), type);
      break;
    default:
      break;
    }

  return n;
}

/* How many pixels of @image have ink. */
static guint
count_inked (cairo_surface_t *image)
{
  const guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  guint inked = 0;

  for (int y = 0; y < cairo_image_surface_get_height (image); y++)
    for (int x = 0; x < cairo_image_surface_get_width (image); x++)
      inked += data[y * stride + x * 4 + 3] > 0;

  return inked;
}

static void
test_flat_bin_same_pixels (void)
{
  GtkWidget *bin = fb_flat_bin_new ();
  GtkLabel *label;
  GtkWidget *child = make_child (&label);
  GtkWidget *window;
  g_autoptr(GskRenderNode) node = NULL;
  cairo_surface_t *flat, *direct;

  fb_flat_bin_set_child (FB_FLAT_BIN (bin), child);
  window = fb_test_show_in_window (bin);
  fb_test_wait_for_frames (bin);

  /* One Cairo node, no text or icon of its own; in a scaled window (the
   * test runs again with GDK_SCALE=2), the child's own nodes... */
  flat = render_widget (bin, &node);
  if (gtk_widget_get_scale_factor (bin) == 1)
    {
      g_assert_cmpuint (count_nodes (node, GSK_CAIRO_NODE), ==, 1);
      g_assert_cmpuint (count_nodes (node, GSK_TEXT_NODE), ==, 0);
      g_assert_cmpuint (count_nodes (node, GSK_TEXTURE_NODE), ==, 0);
    }
  else
    g_assert_cmpuint (count_nodes (node, GSK_TEXT_NODE), >, 0);

  /* ...with the pixels of the child's own nodes, which are many. */
  direct = render_widget (child, NULL);
  g_assert_cmpuint (fb_test_max_difference (flat, direct), <=, 1);
  g_assert_cmpuint (count_inked (flat), >, 500);

  /* Text that changes is drawn anew. */
  gtk_label_set_text (label, "Four tasks sleep 500, 200, 100 and 50 ms");
  fb_test_wait_for_frames (bin);
  cairo_surface_destroy (direct);
  direct = render_widget (child, NULL);
  g_assert_cmpuint (fb_test_max_difference (flat, direct), >, 100);
  cairo_surface_destroy (flat);
  flat = render_widget (bin, NULL);
  g_assert_cmpuint (fb_test_max_difference (flat, direct), <=, 1);

  cairo_surface_destroy (flat);
  cairo_surface_destroy (direct);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_flat_bin_child (void)
{
  g_autoptr(GtkWidget) bin = g_object_ref_sink (fb_flat_bin_new ());
  g_autoptr(GtSignalLogger) logger = gt_signal_logger_new ();
  GtkWidget *first = gtk_label_new ("first");
  GtkWidget *second = gtk_label_new ("second");
  GtkWidget *elsewhere = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *taken = gtk_label_new ("taken");

  g_object_ref_sink (elsewhere);
  gt_signal_logger_connect (logger, bin, "notify::child");

  fb_flat_bin_set_child (FB_FLAT_BIN (bin), first);
  gt_signal_logger_assert_notify_emission_pop (logger, bin, "child");
  g_assert_true (gtk_widget_get_parent (first) == bin);
  g_assert_true (fb_flat_bin_get_child (FB_FLAT_BIN (bin)) == first);

  /* The same child again changes nothing. */
  fb_flat_bin_set_child (FB_FLAT_BIN (bin), first);
  gt_signal_logger_assert_no_emissions (logger);

  /* A new child takes the old one's place. */
  g_object_ref (first);
  g_object_set (bin, "child", second, NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, bin, "child");
  g_assert_null (gtk_widget_get_parent (first));
  g_assert_true (gtk_widget_get_parent (second) == bin);
  g_object_unref (first);

  /* A widget with a parent of its own is refused. */
  gtk_box_append (GTK_BOX (elsewhere), taken);
  g_test_expect_message ("fb-flat-bin", G_LOG_LEVEL_CRITICAL, "*gtk_widget_get_parent (child) == NULL*");
  fb_flat_bin_set_child (FB_FLAT_BIN (bin), taken);
  g_test_assert_expected_messages ();
  g_assert_true (gtk_widget_get_parent (taken) == elsewhere);
  g_assert_true (fb_flat_bin_get_child (FB_FLAT_BIN (bin)) == second);
  gt_signal_logger_assert_no_emissions (logger);

  fb_flat_bin_set_child (FB_FLAT_BIN (bin), NULL);
  gt_signal_logger_assert_notify_emission_pop (logger, bin, "child");
  g_assert_null (fb_flat_bin_get_child (FB_FLAT_BIN (bin)));

  gt_signal_logger_assert_no_emissions (logger);
  g_clear_pointer (&logger, gt_signal_logger_free);
  g_object_unref (elsewhere);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/Forkbench/FlatBin/same-pixels", test_flat_bin_same_pixels);
  g_test_add_func ("/Forkbench/FlatBin/child", test_flat_bin_child);

  return g_test_run ();
}
