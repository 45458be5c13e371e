/* fb-editor-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workload editor. Every field maps to a key of the workload format;
 * the kernel's parameters follow the kernel. Each change is checked at
 * once with the validator that files go through, and the field the message
 * is about is marked.
 */

#define G_LOG_DOMAIN "fb-editor-view"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-editor-view.h"
#include "fb-python.h"

struct _FbEditorView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  AdwComboRow        *kernel_row;
  AdwEntryRow        *name_row;
  AdwEntryRow        *description_row;
  AdwEntryRow        *inputs_row;
  AdwActionRow       *tasks_row;
  GtkSpinButton      *tasks_spin;
  AdwActionRow       *workers_row;
  GtkSpinButton      *workers_spin;
  AdwComboRow        *mode_row;
  AdwActionRow       *chunksize_row;
  GtkSpinButton      *chunksize_spin;
  GtkSwitch          *ordered_switch;
  AdwActionRow       *timeout_row;
  GtkSpinButton      *timeout_spin;
  AdwPreferencesGroup *params_group;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;

  /* Owned */
  FbWorkload         *workload;
  GPtrArray          *param_rows;
  char               *error;

  guint               loading : 1;
};

enum {
  PROP_0,
  PROP_VALID,
  PROP_ERROR,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (FbEditorView, fb_editor_view, GTK_TYPE_WIDGET)

static void fields_changed (FbEditorView *self);

static const char *mode_names[] = { N_("Processes"), N_("Threads"), N_("Both, one after the other") };

/* Parameters */

/* What a parameter is called here: its title, or its name in files. */
static const char *
param_title (const FbParamSpec *spec)
{
  return spec->title != NULL ? _(spec->title) : spec->name;
}

static GtkWidget *
make_param_row (FbEditorView      *self,
                const FbParamSpec *spec,
                GVariant          *value)
{
  GtkWidget *row;

  switch (spec->type)
    {
    case FB_PARAM_INT:
      {
        GtkWidget *spin = gtk_spin_button_new_with_range ((double) spec->min, (double) spec->max, 1);
        gint64 v = spec->default_value;

        if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
          v = g_variant_get_int64 (value);

        gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) v);
        gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
        gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, param_title (spec), -1);
        g_signal_connect_swapped (spin, "value-changed", G_CALLBACK (fields_changed), self);

        row = adw_action_row_new ();
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
        g_object_set_data (G_OBJECT (row), "spin", spin);
        if (spec->unit != NULL)
          {
            GtkWidget *unit = gtk_label_new (_(spec->unit));

            gtk_widget_add_css_class (unit, "dim-label");
            adw_action_row_add_suffix (ADW_ACTION_ROW (row), unit);
          }
      }
      break;

    case FB_PARAM_CHOICE:
      {
        GtkStringList *list = gtk_string_list_new ((const char * const *) spec->choices);
        guint selected = (guint) spec->default_value;

        if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
          for (guint i = 0; spec->choices[i]; i++)
            if (g_str_equal (spec->choices[i], g_variant_get_string (value, NULL)))
              selected = i;

        row = adw_combo_row_new ();
        adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
        g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (fields_changed), self);
        g_object_unref (list);
      }
      break;

    case FB_PARAM_STRING:
    case FB_PARAM_STRV:
    case FB_PARAM_INT_ARRAY:
    default:
      {
        g_autofree char *text = NULL;

        if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING_ARRAY))
          {
            g_autofree const char **strv = g_variant_get_strv (value, NULL);
            text = g_strjoinv (" ", (char **) strv);
          }
        else if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE ("ax")))
          {
            g_autoptr(GString) str = g_string_new (NULL);
            gsize n;
            const gint64 *values = g_variant_get_fixed_array (value, &n, sizeof (gint64));

            for (gsize i = 0; i < n; i++)
              g_string_append_printf (str, "%s%" G_GINT64_FORMAT, i ? ", " : "", values[i]);
            text = g_string_free (g_steal_pointer (&str), FALSE);
          }
        else if (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
          text = g_variant_dup_string (value, NULL);

        row = adw_entry_row_new ();
        gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
        g_signal_connect_swapped (row, "changed", G_CALLBACK (fields_changed), self);
      }
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), param_title (spec));

  /* Say what the parameter does: under its name, or where an entry row has
   * no room for that, when the pointer rests on it. */
  if (ADW_IS_ACTION_ROW (row))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(spec->description));
  else
    gtk_widget_set_tooltip_text (row, _(spec->description));
  g_object_set_data (G_OBJECT (row), "spec", (gpointer) spec);

  return row;
}

/* The python kernel: a file to choose, and the functions it defines. */

static GtkWidget *
find_param_row (FbEditorView *self,
                const char   *name)
{
  for (guint i = 0; i < self->param_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->param_rows, i);
      const FbParamSpec *spec = g_object_get_data (G_OBJECT (row), "spec");

      if (spec != NULL && g_str_equal (spec->name, name))
        return row;
    }

  return NULL;
}

/* The functions of the file the file row names, read again as it changes:
 * offered in the function row's menu, and the first one picked when the
 * row names none of them. */
static void
update_functions (FbEditorView *self)
{
  GtkWidget *file_row = find_param_row (self, "file");
  GtkWidget *function_row = find_param_row (self, "function");
  GtkMenuButton *button;
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  g_auto(GStrv) names = NULL;
  const char *file_text;
  const char *function_text;
  gsize length = 0;

  if (file_row == NULL || function_row == NULL)
    return;

  button = g_object_get_data (G_OBJECT (function_row), "functions-button");
  file_text = gtk_editable_get_text (GTK_EDITABLE (file_row));
  if (file_text[0] != '\0')
    path = g_canonicalize_filename (file_text, fb_workload_get_base_dir (self->workload));

  /* A Python file a learner writes is small; anything larger is not one. */
  if (path != NULL && g_file_get_contents (path, &source, &length, NULL) &&
      length <= 4 * 1024 * 1024 && g_utf8_validate (source, (gssize) length, NULL))
    names = fb_python_list_functions (source);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (names[i], NULL);

      g_menu_item_set_action_and_target_value (item, "editor.pick-function", g_variant_new_string (names[i]));
      g_menu_append_item (menu, item);
    }

  gtk_menu_button_set_menu_model (button, G_MENU_MODEL (menu));
  gtk_widget_set_sensitive (GTK_WIDGET (button), names != NULL && names[0] != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               names != NULL && names[0] != NULL ? _("Functions in the File")
                                                                 : _("No functions found in the file"));

  /* A workload being loaded keeps the function it names, which may come
   * from elsewhere than a def; a file the user picks offers its first. */
  function_text = gtk_editable_get_text (GTK_EDITABLE (function_row));
  if (names != NULL && names[0] != NULL &&
      (function_text[0] == '\0' ||
       (!self->loading && !g_strv_contains ((const char * const *) names, function_text))))
    gtk_editable_set_text (GTK_EDITABLE (function_row), names[0]);
}

/**
 * fb_editor_view_dup_functions:
 *
 * Returns: (transfer full): the functions the editor offers for a python
 *   workload, from its file; empty for other kernels
 */
GStrv
fb_editor_view_dup_functions (FbEditorView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkWidget *function_row;
  GtkMenuButton *button;
  GMenuModel *menu;

  g_return_val_if_fail (FB_IS_EDITOR_VIEW (self), NULL);

  function_row = find_param_row (self, "function");
  button = function_row ? g_object_get_data (G_OBJECT (function_row), "functions-button") : NULL;
  menu = button ? gtk_menu_button_get_menu_model (button) : NULL;

  for (int i = 0; menu != NULL && i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GVariant) target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                                          G_VARIANT_TYPE_STRING);
      if (target != NULL)
        g_strv_builder_add (builder, g_variant_get_string (target, NULL));
    }

  return g_strv_builder_end (builder);
}

static void
pick_function_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  FbEditorView *self = FB_EDITOR_VIEW (widget);
  GtkWidget *function_row = find_param_row (self, "function");

  if (function_row != NULL)
    gtk_editable_set_text (GTK_EDITABLE (function_row), g_variant_get_string (param, NULL));
}

static void
python_file_response_cb (FbEditorView         *self,
                         int                   response,
                         GtkFileChooserNative *dialog)
{
  GtkWidget *file_row = find_param_row (self, "file");

  if (response == GTK_RESPONSE_ACCEPT && file_row != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      /* The interpreter reads the file by its path: the portal gives one. */
      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (file_row), path);
    }

  g_object_unref (dialog);
}

static void
choose_python_file_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  FbEditorView *self = FB_EDITOR_VIEW (widget);
  GtkNative *native = gtk_widget_get_native (widget);
  GtkFileChooserNative *dialog;
  GtkFileFilter *filter = gtk_file_filter_new ();

  /* A native dialog goes through the file chooser portal in a sandbox. */
  dialog = gtk_file_chooser_native_new (_("Choose a Python File"),
                                        GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Python Files"));
  gtk_file_filter_add_mime_type (filter, "text/x-python");
  gtk_file_filter_add_mime_type (filter, "text/x-python3");
  gtk_file_filter_add_suffix (filter, "py");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_object_unref (filter);
  g_signal_connect_object (dialog, "response", G_CALLBACK (python_file_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* A button to choose the file beside its row, and a menu of its functions
 * beside the function's. */
static void
decorate_python_rows (FbEditorView *self)
{
  GtkWidget *file_row = find_param_row (self, "file");
  GtkWidget *function_row = find_param_row (self, "function");
  GtkWidget *choose, *functions;

  if (file_row == NULL || function_row == NULL)
    return;

  choose = gtk_button_new_from_icon_name ("document-open-symbolic");
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (choose, "flat");
  gtk_widget_set_tooltip_text (choose, _("Choose a Python File…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (choose), "editor.choose-python-file");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (file_row), choose);

  functions = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (functions), "view-list-symbolic");
  gtk_widget_set_valign (functions, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (functions, "flat");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (function_row), functions);
  g_object_set_data (G_OBJECT (function_row), "functions-button", functions);

  g_signal_connect_swapped (file_row, "changed", G_CALLBACK (update_functions), self);
  update_functions (self);
}

static void
rebuild_param_rows (FbEditorView *self,
                    const char   *kernel,
                    GVariant     *params)
{
  const FbKernelInfo *info = fb_kernel_lookup (kernel);
  const FbParamSpec *specs;
  guint n = 0;

  for (guint i = 0; i < self->param_rows->len; i++)
    adw_preferences_group_remove (self->params_group, g_ptr_array_index (self->param_rows, i));
  g_ptr_array_set_size (self->param_rows, 0);

  specs = info ? fb_kernel_info_get_params (info, &n) : NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GVariant) value = params ? g_variant_lookup_value (params, specs[i].name, NULL) : NULL;
      GtkWidget *row = make_param_row (self, &specs[i], value);

      adw_preferences_group_add (self->params_group, row);
      g_ptr_array_add (self->param_rows, row);
    }

  if (g_strcmp0 (kernel, "python") == 0)
    decorate_python_rows (self);

  adw_preferences_group_set_description (self->params_group,
                                         info ? fb_kernel_info_get_summary (info) : NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->params_group), info != NULL);
}

/* Reads a list of numbers as a user types it: "3, 4, 5" or "3 4 5". */
static GArray *
parse_numbers (const char  *text,
               const char  *what,
               GError     **error)
{
  g_auto(GStrv) tokens = g_regex_split_simple ("[\\s,;]+", text, 0, 0);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; tokens[i]; i++)
    {
      gint64 value;

      if (tokens[i][0] == '\0')
        continue;
      if (!g_ascii_string_to_signed (tokens[i], 10, G_MININT64, G_MAXINT64, &value, NULL))
        {
          g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                       _("“%s”: “%s” is not a whole number"), what, tokens[i]);
          return NULL;
        }
      g_array_append_val (values, value);
    }

  return g_steal_pointer (&values);
}

static GVariant *
params_from_rows (FbEditorView  *self,
                  GError       **error)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  for (guint i = 0; i < self->param_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->param_rows, i);
      const FbParamSpec *spec = g_object_get_data (G_OBJECT (row), "spec");

      switch (spec->type)
        {
        case FB_PARAM_INT:
          {
            GtkSpinButton *spin = g_object_get_data (G_OBJECT (row), "spin");

            g_variant_builder_add (&builder, "{sv}", spec->name,
                                   g_variant_new_int64 ((gint64) gtk_spin_button_get_value (spin)));
          }
          break;

        case FB_PARAM_CHOICE:
          g_variant_builder_add (&builder, "{sv}", spec->name,
                                 g_variant_new_string (spec->choices[adw_combo_row_get_selected (ADW_COMBO_ROW (row))]));
          break;

        case FB_PARAM_STRV:
          {
            const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
            g_auto(GStrv) argv = NULL;
            g_autoptr(GError) local_error = NULL;

            if (text[0] != '\0' && !g_shell_parse_argv (text, NULL, &argv, &local_error))
              {
                g_set_error (error, FB_WORKLOAD_ERROR, FB_WORKLOAD_ERROR_TYPE,
                             _("“%s”: %s"), spec->name, local_error->message);
                return NULL;
              }
            if (argv != NULL)
              g_variant_builder_add (&builder, "{sv}", spec->name,
                                     g_variant_new_strv ((const char * const *) argv, -1));
          }
          break;

        case FB_PARAM_INT_ARRAY:
          {
            g_autoptr(GArray) values = parse_numbers (gtk_editable_get_text (GTK_EDITABLE (row)), spec->name, error);

            if (values == NULL)
              return NULL;
            if (values->len > 0)
              g_variant_builder_add (&builder, "{sv}", spec->name,
                                     g_variant_new_fixed_array (G_VARIANT_TYPE_INT64, values->data,
                                                                values->len, sizeof (gint64)));
          }
          break;

        case FB_PARAM_STRING:
        default:
          g_variant_builder_add (&builder, "{sv}", spec->name,
                                 g_variant_new_string (gtk_editable_get_text (GTK_EDITABLE (row))));
          break;
        }
    }

  return g_variant_builder_end (&builder);
}

static const char *
selected_kernel (FbEditorView *self)
{
  GtkStringObject *item = adw_combo_row_get_selected_item (self->kernel_row);

  return item ? gtk_string_object_get_string (item) : "square";
}

/* Builds the workload the fields describe, or says what is wrong with them. */
static FbWorkload *
workload_from_fields (FbEditorView  *self,
                      GError       **error)
{
  g_autoptr(FbWorkload) workload = fb_workload_copy (self->workload);
  g_autoptr(GArray) inputs = NULL;
  GVariant *params;

  fb_workload_set_name (workload, gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  fb_workload_set_description (workload, gtk_editable_get_text (GTK_EDITABLE (self->description_row)));
  fb_workload_set_kernel (workload, selected_kernel (self));

  if (!(params = params_from_rows (self, error)))
    return NULL;
  fb_workload_set_params (workload, params);

  if (!(inputs = parse_numbers (gtk_editable_get_text (GTK_EDITABLE (self->inputs_row)), "inputs", error)))
    return NULL;
  if (inputs->len > 0)
    fb_workload_set_inputs (workload, (const gint64 *) (gpointer) inputs->data, inputs->len);
  else
    fb_workload_set_tasks (workload, (guint64) gtk_spin_button_get_value (self->tasks_spin));

  fb_workload_set_workers (workload, (guint) gtk_spin_button_get_value (self->workers_spin));
  fb_workload_set_mode (workload, (FbRunMode) adw_combo_row_get_selected (self->mode_row));
  fb_workload_set_chunksize (workload, (guint) gtk_spin_button_get_value (self->chunksize_spin));
  fb_workload_set_ordered (workload, gtk_switch_get_active (self->ordered_switch));
  fb_workload_set_timeout (workload, (guint) gtk_spin_button_get_value (self->timeout_spin));

  /* The validator the files go through, so the messages are the same. */
  if (!fb_workload_validate (workload, error))
    return NULL;

  return g_steal_pointer (&workload);
}

/* Marks the row whose key the message names, and unmarks the others. */
static gboolean
is_word_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* Whether @message names the key @key, quoted as a language quotes it:
 * “tasks” in English, „tasks“ in German, «tasks» in Spanish. The key
 * itself is never translated. */
static gboolean
mentions_key (const char *message,
              const char *key)
{
  gsize len = strlen (key);

  for (const char *at = message ? strstr (message, key) : NULL; at != NULL; at = strstr (at + 1, key))
    {
      char before = at > message ? at[-1] : ' ';
      char after = at[len];

      /* Quoted: a punctuation mark (or the bytes of one) right around it. */
      if (!is_word_char (before) && !is_word_char (after) &&
          !g_ascii_isspace (before) && !g_ascii_isspace (after) && before != '\0' && after != '\0')
        return TRUE;
    }
  return FALSE;
}

static void
mark_error_rows (FbEditorView *self,
                 const char   *message)
{
  struct { const char *key; GtkWidget *row; } fixed[] = {
    { "name", GTK_WIDGET (self->name_row) },
    { "description", GTK_WIDGET (self->description_row) },
    { "inputs", GTK_WIDGET (self->inputs_row) },
    { "tasks", GTK_WIDGET (self->tasks_row) },
    { "workers", GTK_WIDGET (self->workers_row) },
    { "chunksize", GTK_WIDGET (self->chunksize_row) },
    { "timeout_ms", GTK_WIDGET (self->timeout_row) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fixed); i++)
    {
      if (mentions_key (message, fixed[i].key))
        gtk_widget_add_css_class (fixed[i].row, "error");
      else
        gtk_widget_remove_css_class (fixed[i].row, "error");
    }

  for (guint i = 0; i < self->param_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->param_rows, i);
      const FbParamSpec *spec = g_object_get_data (G_OBJECT (row), "spec");

      if (mentions_key (message, spec->name))
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

static void
fields_changed (FbEditorView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  gboolean was_valid = self->error == NULL;

  if (self->loading)
    return;

  /* Typed inputs replace the task count, which then only says how many. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->tasks_spin),
                            gtk_editable_get_text (GTK_EDITABLE (self->inputs_row))[0] == '\0');

  workload = workload_from_fields (self, &error);
  g_clear_pointer (&self->error, g_free);

  if (workload != NULL)
    g_set_object (&self->workload, workload);
  else
    self->error = g_strdup (error->message);

  gtk_label_set_text (self->error_label, self->error ? self->error : "");
  gtk_revealer_set_reveal_child (self->error_revealer, self->error != NULL);
  mark_error_rows (self, self->error);

  if (was_valid != (self->error == NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_VALID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ERROR]);
  g_signal_emit (self, signals [CHANGED], 0);
}

static void
kernel_changed_cb (FbEditorView *self)
{
  if (self->loading)
    return;

  /* The fields follow the kernel: its own parameters, at their defaults. */
  rebuild_param_rows (self, selected_kernel (self), NULL);
  fields_changed (self);
}

/**
 * fb_editor_view_set_workload:
 *
 * Shows @workload in the fields; edits do not change it, they make new
 * workloads, read with fb_editor_view_get_workload().
 */
void
fb_editor_view_set_workload (FbEditorView *self,
                             FbWorkload   *workload)
{
  const gint64 *inputs;
  gsize n_inputs;
  guint n_kernels;
  const FbKernelInfo **kernels = fb_kernel_list (&n_kernels);

  g_return_if_fail (FB_IS_EDITOR_VIEW (self));
  g_return_if_fail (FB_IS_WORKLOAD (workload));

  self->loading = TRUE;
  g_clear_object (&self->workload);
  self->workload = fb_workload_copy (workload);

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), fb_workload_get_name (workload));
  gtk_editable_set_text (GTK_EDITABLE (self->description_row), fb_workload_get_description (workload));

  for (guint i = 0; i < n_kernels; i++)
    if (g_str_equal (fb_kernel_info_get_name (kernels[i]), fb_workload_get_kernel (workload)))
      adw_combo_row_set_selected (self->kernel_row, i);
  rebuild_param_rows (self, fb_workload_get_kernel (workload), fb_workload_get_params (workload));

  inputs = fb_workload_get_inputs (workload, &n_inputs);
  if (inputs != NULL)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (gsize i = 0; i < n_inputs; i++)
        g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i ? ", " : "", inputs[i]);
      gtk_editable_set_text (GTK_EDITABLE (self->inputs_row), text->str);
    }
  else
    gtk_editable_set_text (GTK_EDITABLE (self->inputs_row), "");

  gtk_spin_button_set_value (self->tasks_spin, (double) fb_workload_get_n_tasks (workload));
  gtk_spin_button_set_value (self->workers_spin, fb_workload_get_workers (workload));
  adw_combo_row_set_selected (self->mode_row, fb_workload_get_mode (workload));
  gtk_spin_button_set_value (self->chunksize_spin, fb_workload_get_chunksize (workload));
  gtk_switch_set_active (self->ordered_switch, fb_workload_get_ordered (workload));
  gtk_spin_button_set_value (self->timeout_spin, fb_workload_get_timeout (workload));
  self->loading = FALSE;

  fields_changed (self);
}

/**
 * fb_editor_view_get_workload:
 *
 * Returns: (transfer none): the workload the fields describe, as last valid
 */
FbWorkload *
fb_editor_view_get_workload (FbEditorView *self)
{
  g_return_val_if_fail (FB_IS_EDITOR_VIEW (self), NULL);
  return self->workload;
}

gboolean
fb_editor_view_get_valid (FbEditorView *self)
{
  g_return_val_if_fail (FB_IS_EDITOR_VIEW (self), FALSE);
  return self->error == NULL;
}

/**
 * fb_editor_view_get_error:
 *
 * Returns: (nullable): what is wrong with the fields, or %NULL
 */
const char *
fb_editor_view_get_error (FbEditorView *self)
{
  g_return_val_if_fail (FB_IS_EDITOR_VIEW (self), NULL);
  return self->error;
}

static void
fb_editor_view_dispose (GObject *object)
{
  FbEditorView *self = (FbEditorView *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_EDITOR_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))))
    gtk_widget_unparent (child);
  g_clear_object (&self->workload);
  g_clear_pointer (&self->param_rows, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (fb_editor_view_parent_class)->dispose (object);
}

static void
fb_editor_view_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  FbEditorView *self = FB_EDITOR_VIEW (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, fb_editor_view_get_valid (self));
      break;

    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
fb_editor_view_class_init (FbEditorViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_editor_view_dispose;
  object_class->get_property = fb_editor_view_get_property;

  properties [PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FbEditorView::changed:
   *
   * A field changed; #FbEditorView:valid says whether it still makes a workload.
   */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/forkbench/Forkbench/fb-editor-view.ui");
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, chunksize_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, chunksize_spin);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, description_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, error_label);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, inputs_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, kernel_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, mode_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, name_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, ordered_switch);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, params_group);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, tasks_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, tasks_spin);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, timeout_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, workers_row);
  gtk_widget_class_bind_template_child (widget_class, FbEditorView, workers_spin);
  gtk_widget_class_bind_template_callback (widget_class, fields_changed);
  gtk_widget_class_bind_template_callback (widget_class, kernel_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  gtk_widget_class_install_action (widget_class, "editor.choose-python-file", NULL, choose_python_file_action);
  gtk_widget_class_install_action (widget_class, "editor.pick-function", "s", pick_function_action);
}

static void
fb_editor_view_init (FbEditorView *self)
{
  g_autoptr(GtkStringList) kernels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) modes = gtk_string_list_new (NULL);
  g_autoptr(FbWorkload) workload = fb_workload_new ();
  const FbKernelInfo **list;
  guint n;

  self->param_rows = g_ptr_array_new ();
  self->loading = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  list = fb_kernel_list (&n);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (kernels, fb_kernel_info_get_name (list[i]));
  adw_combo_row_set_model (self->kernel_row, G_LIST_MODEL (kernels));

  for (guint i = 0; i < G_N_ELEMENTS (mode_names); i++)
    gtk_string_list_append (modes, _(mode_names[i]));
  adw_combo_row_set_model (self->mode_row, G_LIST_MODEL (modes));

  gtk_spin_button_set_range (self->tasks_spin, 1, FB_WORKLOAD_MAX_TASKS);
  gtk_spin_button_set_range (self->workers_spin, 1, FB_POOL_MAX_WORKERS);
  gtk_spin_button_set_range (self->chunksize_spin, 1, FB_POOL_MAX_CHUNKSIZE);
  gtk_spin_button_set_range (self->timeout_spin, 0, FB_POOL_MAX_TIMEOUT_MS);

  fb_workload_set_name (workload, _("New Workload"));
  self->loading = FALSE;
  fb_editor_view_set_workload (self, workload);
}
