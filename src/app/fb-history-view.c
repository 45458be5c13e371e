/* fb-history-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The runs kept, newest first: open one to see all its results again,
 * delete one (the window offers to undo it), or tick two and compare them
 * side by side, mode by mode, with how much sooner or later the second
 * finished than the first.
 */

#define G_LOG_DOMAIN "fb-history-view"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-history-view.h"
#include "fb-report-cells.h"

struct _FbHistoryView
{
  GtkWidget     parent_instance;

  /* Template widgets */
  GtkStack     *stack;
  GtkListBox   *list;
  GtkButton    *compare_button;
  GtkLabel     *comparison_title;
  GtkLabel     *comparison_note;
  GtkGrid      *comparison_grid;
  GtkLabel     *verdict_a;
  GtkLabel     *verdict_b;

  /* Owned */
  FbHistory    *history;
  GPtrArray    *ticked;       /* FbHistoryEntry, in the order ticked */
  GCancellable *comparing;
  GString      *comparison;   /* the comparison in words */
};

G_DEFINE_FINAL_TYPE (FbHistoryView, fb_history_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_HISTORY,
  N_PROPS
};

enum {
  RUN_ACTIVATED,
  DELETE_REQUESTED,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
update_compare_button (FbHistoryView *self)
{
  gboolean two = self->ticked->len == 2;

  gtk_widget_set_sensitive (GTK_WIDGET (self->compare_button), two);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->compare_button),
                               two ? _("Compare the Two Ticked Runs") : _("Tick two runs to compare them"));
}

static GtkCheckButton *
find_check (FbHistoryView  *self,
            FbHistoryEntry *entry)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_object_get_data (G_OBJECT (row), "entry") == entry)
      return g_object_get_data (G_OBJECT (row), "check");

  return NULL;
}

static void
check_toggled_cb (GtkCheckButton *check,
                  FbHistoryView  *self)
{
  FbHistoryEntry *entry = g_object_get_data (G_OBJECT (check), "entry");

  if (gtk_check_button_get_active (check))
    {
      if (!g_ptr_array_find (self->ticked, entry, NULL))
        g_ptr_array_add (self->ticked, g_object_ref (entry));

      /* Two are compared: a third tick takes the place of the first. */
      while (self->ticked->len > 2)
        {
          g_autoptr(FbHistoryEntry) first = g_object_ref (g_ptr_array_index (self->ticked, 0));
          GtkCheckButton *first_check = find_check (self, first);

          g_ptr_array_remove_index (self->ticked, 0);
          if (first_check != NULL)
            gtk_check_button_set_active (first_check, FALSE);
        }
    }
  else
    g_ptr_array_remove (self->ticked, entry);

  update_compare_button (self);
}

static void
delete_clicked_cb (GtkButton     *button,
                   FbHistoryView *self)
{
  g_signal_emit (self, signals [DELETE_REQUESTED], 0, g_object_get_data (G_OBJECT (button), "entry"));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  FbHistoryView *self = user_data;
  FbHistoryEntry *entry = item;
  g_autoptr(GDateTime) local = g_date_time_to_local (fb_history_entry_get_finished (entry));
  /* TRANSLATORS: when a run finished, in the list of kept runs; see strftime(3) */
  g_autofree char *when = g_date_time_format (local, _("%e %b %Y, %H:%M"));
  g_autofree char *subtitle = g_strdup_printf ("%s · %s", g_strstrip (when), fb_history_entry_get_summary (entry));
  g_autofree char *title = fb_history_entry_dup_title (entry);
  g_autofree char *tick_label = g_strdup_printf (_("Compare %s"), title);
  g_autofree char *delete_label = g_strdup_printf (_("Delete %s"), title);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), fb_history_entry_get_name (entry));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "entry", g_object_ref (entry), g_object_unref);
  g_object_set_data (G_OBJECT (row), "check", check);

  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (check, _("Tick to Compare"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, tick_label, -1);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), g_ptr_array_find (self->ticked, entry, NULL));
  g_object_set_data_full (G_OBJECT (check), "entry", g_object_ref (entry), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  gtk_widget_set_valign (delete, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (delete, "flat");
  gtk_widget_set_tooltip_text (delete, _("Delete This Run"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label, -1);
  g_object_set_data_full (G_OBJECT (delete), "entry", g_object_ref (entry), g_object_unref);
  g_signal_connect_object (delete, "clicked", G_CALLBACK (delete_clicked_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), delete);

  return row;
}

static void
row_activated_cb (FbHistoryView *self,
                  GtkListBoxRow *row,
                  GtkListBox    *list)
{
  FbHistoryEntry *entry = g_object_get_data (G_OBJECT (row), "entry");

  if (entry != NULL)
    g_signal_emit (self, signals [RUN_ACTIVATED], 0, entry);
}

static gboolean
history_contains (FbHistory      *history,
                  FbHistoryEntry *entry)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (history));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FbHistoryEntry) item = g_list_model_get_item (G_LIST_MODEL (history), i);

      if (item == entry)
        return TRUE;
    }
  return FALSE;
}

static void
update_page (FbHistoryView *self)
{
  gboolean empty = self->history == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->history)) == 0;
  const char *page = gtk_stack_get_visible_child_name (self->stack);

  if (empty)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (g_strcmp0 (page, "compare") != 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
}

static void
items_changed_cb (FbHistoryView *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *model)
{
  /* A deleted run is no longer ticked. */
  for (guint i = self->ticked->len; removed > 0 && i > 0; i--)
    if (!history_contains (self->history, g_ptr_array_index (self->ticked, i - 1)))
      g_ptr_array_remove_index (self->ticked, i - 1);

  update_compare_button (self);
  update_page (self);
}

/* The comparison, built when both runs are read. */

typedef struct
{
  FbHistoryView  *self;
  FbHistoryEntry *entries[2];
  FbRun          *runs[2];
  guint           n_pending;
  GError         *error;
} Comparing;

static void
comparing_free (Comparing *c)
{
  g_object_unref (c->self);
  for (guint i = 0; i < 2; i++)
    {
      g_clear_object (&c->entries[i]);
      g_clear_object (&c->runs[i]);
    }
  g_clear_error (&c->error);
  g_free (c);
}

/* The report a run is compared by in a mode: a sweep's at its most workers. */
static FbReport *
main_report (FbRun      *run,
             FbPoolKind  kind)
{
  GPtrArray *reports = fb_run_get_reports (run);
  FbReport *best = NULL;

  for (guint i = 0; i < reports->len; i++)
    {
      FbReport *report = g_ptr_array_index (reports, i);

      if (report->kind == kind && (best == NULL || report->workers > best->workers))
        best = report;
    }
  return best;
}

static gboolean
differ (double ratio)
{
  return ratio > 1.005 || ratio < 1 / 1.005;
}

/* How the second run compares with the first, for the rows where one
 * direction is better: "2.10× shorter", "1.35× less", "the same". */
static char *
dup_change (FbReport   *a,
            FbReport   *b,
            const char *id)
{
  if (a == NULL || b == NULL)
    return g_strdup ("");

  if (g_str_equal (id, "wall") && a->wall_s > 0 && b->wall_s > 0)
    {
      double ratio = a->wall_s / b->wall_s;

      if (!differ (ratio))
        return g_strdup (_("the same"));
      /* TRANSLATORS: the later run's wall time was this many times shorter */
      return ratio > 1 ? g_strdup_printf (_("%.2f× shorter"), ratio)
                       /* TRANSLATORS: the later run's wall time was this many times longer */
                       : g_strdup_printf (_("%.2f× longer"), 1 / ratio);
    }

  if (g_str_equal (id, "throughput") && a->throughput_tps > 0 && b->throughput_tps > 0)
    {
      double ratio = b->throughput_tps / a->throughput_tps;

      if (!differ (ratio))
        return g_strdup (_("the same"));
      return ratio > 1 ? g_strdup_printf (_("%.2f× more"), ratio) : g_strdup_printf (_("%.2f× less"), 1 / ratio);
    }

  return g_strdup ("");
}

static const char * const compared_rows[] = {
  "wall", "throughput", "speedup", "efficiency", "cores", "memory", "failed",
};

static const char *
row_title (const char *id)
{
  guint n_rows;
  const FbReportRow *rows = fb_report_rows (&n_rows);

  for (guint i = 0; i < n_rows; i++)
    if (g_str_equal (rows[i].id, id))
      return _(rows[i].title);

  g_return_val_if_reached (id);
}

static void
attach (FbHistoryView *self,
        const char    *text,
        gboolean       header,
        int            column,
        int            row)
{
  GtkWidget *label = fb_report_cell_label_new (text, header, column == 0 ? 0 : 1);

  gtk_grid_attach (self->comparison_grid, label, column, row, 1, 1);
  g_string_append_printf (self->comparison, "%s%s", column == 0 ? "" : " | ", text);
  if (column == 3)
    g_string_append_c (self->comparison, '\n');
}

static void
show_comparison (FbHistoryView *self,
                 Comparing     *c)
{
  g_autofree char *title_a = fb_history_entry_dup_title (c->entries[0]);
  g_autofree char *title_b = fb_history_entry_dup_title (c->entries[1]);
  g_autofree char *title = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *verdict_a = fb_run_dup_verdict (c->runs[0]);
  g_autofree char *verdict_b = fb_run_dup_verdict (c->runs[1]);
  g_autofree char *text_a = NULL;
  g_autofree char *text_b = NULL;
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->comparison_grid))))
    gtk_grid_remove (self->comparison_grid, child);
  g_string_truncate (self->comparison, 0);

  /* In the order of the columns below, earlier then later. */
  /* TRANSLATORS: two runs compared, the earlier one, then the later */
  title = g_strdup_printf (_("%s\nthen %s"), title_a, title_b);
  gtk_label_set_text (self->comparison_title, title);
  g_string_append_printf (self->comparison, "%s\n", title);

  fb_machine_is_comparable (fb_run_get_machine (c->runs[0]), fb_run_get_machine (c->runs[1]), &reason);
  gtk_label_set_text (self->comparison_note, reason ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->comparison_note), reason != NULL);

  for (FbPoolKind kind = FB_POOL_PROCESSES; kind <= FB_POOL_THREADS; kind++)
    {
      FbReport *a = main_report (c->runs[0], kind);
      FbReport *b = main_report (c->runs[1], kind);

      if (a == NULL && b == NULL)
        continue;

      attach (self, kind == FB_POOL_PROCESSES ? _("Processes") : _("Threads"), TRUE, 0, row);
      /* TRANSLATORS: the column of the run that finished first */
      attach (self, _("Earlier"), TRUE, 1, row);
      /* TRANSLATORS: the column of the run that finished last */
      attach (self, _("Later"), TRUE, 2, row);
      /* TRANSLATORS: the column that says how the later run compares */
      attach (self, _("Change"), TRUE, 3, row);
      row++;

      for (guint i = 0; i < G_N_ELEMENTS (compared_rows); i++, row++)
        {
          const char *id = compared_rows[i];
          g_autofree char *cell_a = a ? fb_report_dup_cell (a, id) : g_strdup (_("did not run"));
          g_autofree char *cell_b = b ? fb_report_dup_cell (b, id) : g_strdup (_("did not run"));
          g_autofree char *change = dup_change (a, b, id);

          attach (self, row_title (id), FALSE, 0, row);
          attach (self, cell_a, FALSE, 1, row);
          attach (self, cell_b, FALSE, 2, row);
          attach (self, change, FALSE, 3, row);
        }
    }

  text_a = g_strdup_printf (_("Earlier: %s"), verdict_a);
  text_b = g_strdup_printf (_("Later: %s"), verdict_b);
  gtk_label_set_text (self->verdict_a, text_a);
  gtk_label_set_text (self->verdict_b, text_b);
  g_string_append_printf (self->comparison, "%s\n%s", text_a, text_b);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->comparison_grid),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->comparison->str, -1);
  gtk_stack_set_visible_child_name (self->stack, "compare");
}

typedef struct
{
  Comparing *c;
  guint      index;
} Opening;

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Opening *opening = user_data;
  Comparing *c = opening->c;
  g_autoptr(GError) error = NULL;

  c->runs[opening->index] = fb_history_open_finish (FB_HISTORY (object), result, &error);
  if (c->runs[opening->index] == NULL && c->error == NULL)
    c->error = g_steal_pointer (&error);
  g_free (opening);

  if (--c->n_pending > 0)
    return;

  if (c->error == NULL)
    show_comparison (c->self, c);
  else if (!g_error_matches (c->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (c->self, signals [ERROR], 0, c->error->message);

  comparing_free (c);
}

/**
 * fb_history_view_compare:
 *
 * Reads @a and @b and shows them side by side, the earlier first.
 */
void
fb_history_view_compare (FbHistoryView  *self,
                         FbHistoryEntry *a,
                         FbHistoryEntry *b)
{
  Comparing *c;

  g_return_if_fail (FB_IS_HISTORY_VIEW (self));
  g_return_if_fail (FB_IS_HISTORY_ENTRY (a));
  g_return_if_fail (FB_IS_HISTORY_ENTRY (b));
  g_return_if_fail (self->history != NULL);

  g_cancellable_cancel (self->comparing);
  g_clear_object (&self->comparing);
  self->comparing = g_cancellable_new ();

  if (g_date_time_compare (fb_history_entry_get_finished (a), fb_history_entry_get_finished (b)) > 0)
    {
      FbHistoryEntry *later = a;

      a = b;
      b = later;
    }

  c = g_new0 (Comparing, 1);
  c->self = g_object_ref (self);
  c->entries[0] = g_object_ref (a);
  c->entries[1] = g_object_ref (b);
  c->n_pending = 2;

  for (guint i = 0; i < 2; i++)
    {
      Opening *opening = g_new0 (Opening, 1);

      opening->c = c;
      opening->index = i;
      fb_history_open_async (self->history, c->entries[i], self->comparing, open_cb, opening);
    }
}

static void
compare_clicked_cb (FbHistoryView *self,
                    GtkButton     *button)
{
  if (self->ticked->len == 2)
    fb_history_view_compare (self, g_ptr_array_index (self->ticked, 0), g_ptr_array_index (self->ticked, 1));
}

static void
all_runs_clicked_cb (FbHistoryView *self,
                     GtkButton     *button)
{
  gtk_stack_set_visible_child_name (self->stack, "list");
  update_page (self);
}

/**
 * fb_history_view_set_ticked:
 *
 * Ticks or unticks @entry for comparison, as its check box does.
 */
void
fb_history_view_set_ticked (FbHistoryView  *self,
                            FbHistoryEntry *entry,
                            gboolean        ticked)
{
  GtkCheckButton *check;

  g_return_if_fail (FB_IS_HISTORY_VIEW (self));
  g_return_if_fail (FB_IS_HISTORY_ENTRY (entry));

  if ((check = find_check (self, entry)) != NULL)
    gtk_check_button_set_active (check, ticked);
}

/**
 * fb_history_view_get_ticked:
 *
 * Returns: (transfer none) (element-type FbHistoryEntry): the runs ticked
 *   for comparison, in the order they were ticked
 */
GPtrArray *
fb_history_view_get_ticked (FbHistoryView *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_VIEW (self), NULL);
  return self->ticked;
}

/**
 * fb_history_view_get_page:
 *
 * Returns: "empty", "list" or "compare"
 */
const char *
fb_history_view_get_page (FbHistoryView *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_VIEW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * fb_history_view_get_comparison:
 *
 * Returns: the comparison shown, in words, a line per row with its cells
 *   apart by " | ", as its accessible description says it
 */
const char *
fb_history_view_get_comparison (FbHistoryView *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_VIEW (self), NULL);
  return self->comparison->str;
}

FbHistory *
fb_history_view_get_history (FbHistoryView *self)
{
  g_return_val_if_fail (FB_IS_HISTORY_VIEW (self), NULL);
  return self->history;
}

void
fb_history_view_set_history (FbHistoryView *self,
                             FbHistory     *history)
{
  g_return_if_fail (FB_IS_HISTORY_VIEW (self));
  g_return_if_fail (history == NULL || FB_IS_HISTORY (history));

  if (self->history == history)
    return;

  if (self->history != NULL)
    g_signal_handlers_disconnect_by_func (self->history, items_changed_cb, self);
  g_set_object (&self->history, history);
  g_ptr_array_set_size (self->ticked, 0);

  gtk_list_box_bind_model (self->list, G_LIST_MODEL (history), create_row, self, NULL);
  if (history != NULL)
    g_signal_connect_object (history, "items-changed", G_CALLBACK (items_changed_cb), self, G_CONNECT_SWAPPED);

  update_compare_button (self);
  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HISTORY]);
}

static void
fb_history_view_dispose (GObject *object)
{
  FbHistoryView *self = (FbHistoryView *)object;

  g_cancellable_cancel (self->comparing);
  g_clear_object (&self->comparing);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_HISTORY_VIEW);
  g_clear_object (&self->history);
  g_clear_pointer (&self->ticked, g_ptr_array_unref);
  if (self->comparison != NULL)
    g_string_free (g_steal_pointer (&self->comparison), TRUE);

  G_OBJECT_CLASS (fb_history_view_parent_class)->dispose (object);
}

static void
fb_history_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  FbHistoryView *self = FB_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      g_value_set_object (value, self->history);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_history_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  FbHistoryView *self = FB_HISTORY_VIEW (object);

  switch (prop_id)
    {
    case PROP_HISTORY:
      fb_history_view_set_history (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_history_view_class_init (FbHistoryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_history_view_dispose;
  object_class->get_property = fb_history_view_get_property;
  object_class->set_property = fb_history_view_set_property;

  properties [PROP_HISTORY] =
    g_param_spec_object ("history", NULL, NULL,
                         FB_TYPE_HISTORY,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbHistoryView::run-activated:
   * @entry: the run to open
   */
  signals [RUN_ACTIVATED] =
    g_signal_new ("run-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FB_TYPE_HISTORY_ENTRY);

  /**
   * FbHistoryView::delete-requested:
   * @entry: the run to delete
   */
  signals [DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, FB_TYPE_HISTORY_ENTRY);

  /**
   * FbHistoryView::error:
   * @message: what went wrong, such as a kept run that could not be read
   */
  signals [ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/forkbench/Forkbench/fb-history-view.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, stack);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, list);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, compare_button);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, comparison_title);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, comparison_note);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, comparison_grid);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, verdict_a);
  gtk_widget_class_bind_template_child (widget_class, FbHistoryView, verdict_b);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, compare_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, all_runs_clicked_cb);
}

static void
fb_history_view_init (FbHistoryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->ticked = g_ptr_array_new_with_free_func (g_object_unref);
  self->comparison = g_string_new (NULL);
  update_page (self);
}
