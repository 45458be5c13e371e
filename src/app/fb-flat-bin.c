/* fb-flat-bin.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A bin whose child is drawn as one node, for parts of the window that
 * change less often than what is beside them.
 *
 * GTK's Cairo renderer (what X11 without OpenGL gets, as on a virtual
 * display or a remote session) draws every node of the window in each
 * frame, under the clip of what changed: a live chart that changes once a
 * second costs a walk of the whole window, its sidebar's hundred labels
 * and the header bar's icons included, each in its own save and restore,
 * and an icon is copied out of its texture even when nothing of it is
 * painted. Here the child's nodes are recorded, when GTK snapshots the
 * child again, into one Cairo node, which Cairo skips whole when it lies
 * outside the clip, and replays only where it is inside.
 *
 * Other renderers keep the child's nodes: they cache what they draw
 * themselves. So does a scaled window: GTK recolours a symbolic icon in a
 * group of its own, which a recording would hold at one pixel a unit and
 * then scale up, blurred.
 */

#define G_LOG_DOMAIN "fb-flat-bin"

#include "config.h"

#include "fb-flat-bin.h"

struct _FbFlatBin
{
  GtkWidget  parent_instance;

  /* Owned */
  GtkWidget *child;
};

enum {
  PROP_0,
  PROP_CHILD,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (FbFlatBin, fb_flat_bin, GTK_TYPE_WIDGET)

static gboolean
flattens (GtkWidget *widget)
{
  GtkNative *native = gtk_widget_get_native (widget);

  return native != NULL && GSK_IS_CAIRO_RENDERER (gtk_native_get_renderer (native)) &&
         gtk_widget_get_scale_factor (widget) == 1;
}

static void
fb_flat_bin_snapshot (GtkWidget   *widget,
                      GtkSnapshot *snapshot)
{
  FbFlatBin *self = FB_FLAT_BIN (widget);
  g_autoptr(GtkSnapshot) child_snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->child == NULL)
    return;

  if (!flattens (widget))
    {
      gtk_widget_snapshot_child (widget, self->child, snapshot);
      return;
    }

  child_snapshot = gtk_snapshot_new ();
  gtk_widget_snapshot_child (widget, self->child, child_snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&child_snapshot));
  if (node == NULL)
    return;

  gsk_render_node_get_bounds (node, &bounds);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gsk_render_node_draw (node, cr);
  cairo_destroy (cr);
}

static void
fb_flat_bin_dispose (GObject *object)
{
  FbFlatBin *self = FB_FLAT_BIN (object);

  g_clear_pointer (&self->child, gtk_widget_unparent);

  G_OBJECT_CLASS (fb_flat_bin_parent_class)->dispose (object);
}

static void
fb_flat_bin_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  FbFlatBin *self = FB_FLAT_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_flat_bin_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  FbFlatBin *self = FB_FLAT_BIN (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      fb_flat_bin_set_child (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_flat_bin_class_init (FbFlatBinClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_flat_bin_dispose;
  object_class->get_property = fb_flat_bin_get_property;
  object_class->set_property = fb_flat_bin_set_property;

  widget_class->snapshot = fb_flat_bin_snapshot;

  properties [PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL,
                         GTK_TYPE_WIDGET,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_flat_bin_init (FbFlatBin *self)
{
}

GtkWidget *
fb_flat_bin_new (void)
{
  return g_object_new (FB_TYPE_FLAT_BIN, NULL);
}

/**
 * fb_flat_bin_get_child:
 *
 * Returns: (transfer none) (nullable): the widget drawn as one node
 */
GtkWidget *
fb_flat_bin_get_child (FbFlatBin *self)
{
  g_return_val_if_fail (FB_IS_FLAT_BIN (self), NULL);

  return self->child;
}

void
fb_flat_bin_set_child (FbFlatBin *self,
                       GtkWidget *child)
{
  g_return_if_fail (FB_IS_FLAT_BIN (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  if (child != NULL)
    g_return_if_fail (gtk_widget_get_parent (child) == NULL);

  g_clear_pointer (&self->child, gtk_widget_unparent);
  if (child != NULL)
    {
      self->child = child;
      gtk_widget_set_parent (child, GTK_WIDGET (self));
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CHILD]);
}
