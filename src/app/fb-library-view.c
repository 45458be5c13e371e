/* fb-library-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workload library: the lessons Forkbench ships, then the user's own
 * workloads, each with what it shows in a sentence.
 */

#define G_LOG_DOMAIN "fb-library-view"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-library-view.h"

struct _FbLibraryView
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkListBox *list;

  guint       reloading : 1;
};

enum {
  WORKLOAD_ACTIVATED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbLibraryView, fb_library_view, GTK_TYPE_WIDGET)

/**
 * fb_library_view_get_user_dir:
 *
 * Returns: (transfer full): where the user's workloads are kept
 */
GFile *
fb_library_view_get_user_dir (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "forkbench", "workloads", NULL);

  return g_file_new_for_path (path);
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *id,
          GFile      *file)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (id != NULL)
    g_object_set_data_full (G_OBJECT (row), "preset", g_strdup (id), g_free);
  if (file != NULL)
    g_object_set_data_full (G_OBJECT (row), "file", g_object_ref (file), g_object_unref);

  return row;
}

static int
compare_rows_by_title (gconstpointer a,
                       gconstpointer b)
{
  return g_utf8_collate (adw_preferences_row_get_title (*(AdwPreferencesRow * const *) a),
                         adw_preferences_row_get_title (*(AdwPreferencesRow * const *) b));
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  gboolean is_preset = g_object_get_data (G_OBJECT (row), "preset") != NULL;
  gboolean was_preset = before && g_object_get_data (G_OBJECT (before), "preset") != NULL;
  GtkWidget *label;

  if (before != NULL && is_preset == was_preset)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  label = gtk_label_new (is_preset ? _("Lessons") : _("Your Workloads"));
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_top (label, before ? 18 : 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_box_row_set_header (row, label);
}

/* A preset in the user's language: its name and description are in
 * po/ (through data/presets/fb-preset-strings.c). */
static FbWorkload *
new_preset (const char  *id,
            GError     **error)
{
  FbWorkload *workload = fb_workload_new_from_preset (id, error);

  if (workload != NULL)
    {
      fb_workload_set_name (workload, _(fb_workload_get_name (workload)));
      fb_workload_set_description (workload, _(fb_workload_get_description (workload)));
    }
  return workload;
}

/**
 * fb_library_view_reload:
 *
 * Lists the presets and the workloads in the user's folder again.
 */
void
fb_library_view_reload (FbLibraryView *self)
{
  g_auto(GStrv) ids = fb_workload_list_presets ();
  g_autoptr(GFile) dir = fb_library_view_get_user_dir ();
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) presets = g_ptr_array_new ();
  g_autoptr(GPtrArray) mine = g_ptr_array_new ();
  GtkWidget *child;

  g_return_if_fail (FB_IS_LIBRARY_VIEW (self));

  self->reloading = TRUE;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(FbWorkload) workload = new_preset (ids[i], NULL);

      if (workload != NULL)
        g_ptr_array_add (presets, make_row (fb_workload_get_name (workload),
                                            fb_workload_get_description (workload), ids[i], NULL));
    }

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *file = NULL;
      g_autoptr(FbWorkload) workload = NULL;

      if (!g_file_enumerator_iterate (children, &info, &file, NULL, NULL) || info == NULL)
        break;
      if (!g_str_has_suffix (g_file_info_get_name (info), ".json"))
        continue;

      /* A file that does not load is left out here; opening it says why. */
      if ((workload = fb_workload_new_from_file (file, NULL)))
        g_ptr_array_add (mine, make_row (fb_workload_get_name (workload),
                                         fb_workload_get_description (workload), NULL, file));
    }

  g_ptr_array_sort (presets, compare_rows_by_title);
  g_ptr_array_sort (mine, compare_rows_by_title);
  for (guint i = 0; i < presets->len; i++)
    gtk_list_box_append (self->list, g_ptr_array_index (presets, i));
  for (guint i = 0; i < mine->len; i++)
    gtk_list_box_append (self->list, g_ptr_array_index (mine, i));

  self->reloading = FALSE;
}

static void
row_selected_cb (FbLibraryView *self,
                 GtkListBoxRow *row,
                 GtkListBox    *list)
{
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(GError) error = NULL;
  const char *preset;
  GFile *file;

  if (row == NULL || self->reloading)
    return;

  preset = g_object_get_data (G_OBJECT (row), "preset");
  file = g_object_get_data (G_OBJECT (row), "file");

  workload = preset ? new_preset (preset, &error) : fb_workload_new_from_file (file, &error);
  if (workload == NULL)
    {
      g_warning ("%s", error->message);
      return;
    }

  g_signal_emit (self, signals [WORKLOAD_ACTIVATED], 0, workload, file, preset);
}

static void
row_activated_cb (FbLibraryView *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  /* Activating the selected row again still shows it, on a narrow window. */
  if (row == gtk_list_box_get_selected_row (list))
    row_selected_cb (self, row, list);
}

static GtkListBoxRow *
find_row (FbLibraryView *self,
          const char    *id,
          GFile         *file)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *preset = g_object_get_data (G_OBJECT (child), "preset");
      GFile *row_file = g_object_get_data (G_OBJECT (child), "file");

      if ((id != NULL && g_strcmp0 (preset, id) == 0) ||
          (file != NULL && row_file != NULL && g_file_equal (file, row_file)))
        return GTK_LIST_BOX_ROW (child);
    }

  return NULL;
}

gboolean
fb_library_view_select_preset (FbLibraryView *self,
                               const char    *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (FB_IS_LIBRARY_VIEW (self), FALSE);

  if (!(row = find_row (self, id, NULL)))
    return FALSE;

  gtk_list_box_select_row (self->list, row);
  return TRUE;
}

/**
 * fb_library_view_select_file:
 *
 * Selects @file's row, if it is one of the user's workloads, without
 * opening it again; otherwise selects nothing.
 */
void
fb_library_view_select_file (FbLibraryView *self,
                             GFile         *file)
{
  GtkListBoxRow *row;

  g_return_if_fail (FB_IS_LIBRARY_VIEW (self));

  self->reloading = TRUE;
  row = file ? find_row (self, NULL, file) : NULL;
  if (row != NULL)
    gtk_list_box_select_row (self->list, row);
  else
    gtk_list_box_unselect_all (self->list);
  self->reloading = FALSE;
}

static void
fb_library_view_dispose (GObject *object)
{
  FbLibraryView *self = (FbLibraryView *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_LIBRARY_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (fb_library_view_parent_class)->dispose (object);
}

static void
fb_library_view_class_init (FbLibraryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_library_view_dispose;

  /**
   * FbLibraryView::workload-activated:
   * @workload: the workload, loaded
   * @file: (nullable): its file, for the user's own
   * @preset: (nullable): its id, for a preset
   */
  signals [WORKLOAD_ACTIVATED] =
    g_signal_new ("workload-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, FB_TYPE_WORKLOAD, G_TYPE_FILE, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/forkbench/Forkbench/fb-library-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FbLibraryView, list);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
fb_library_view_init (FbLibraryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, header_func, NULL, NULL);
  fb_library_view_reload (self);
}
