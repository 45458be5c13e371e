/* fb-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences: every row is bound to its GSettings key, so a change
 * takes effect at once and is kept.
 */

#define G_LOG_DOMAIN "fb-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "fb-preferences-window.h"

struct _FbPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  GtkSpinButton        *interval_spin;
  GtkSwitch            *notify_switch;
  GtkSwitch            *smooth_switch;
  GtkSpinButton        *workers_spin;
  GtkSpinButton        *history_spin;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
fb_preferences_window_dispose (GObject *object)
{
  FbPreferencesWindow *self = FB_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), FB_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (fb_preferences_window_parent_class)->dispose (object);
}

static void
fb_preferences_window_class_init (FbPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = fb_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/forkbench/Forkbench/fb-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, smooth_switch);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, workers_spin);
  gtk_widget_class_bind_template_child (widget_class, FbPreferencesWindow, history_spin);
}

static void
fb_preferences_window_init (FbPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * fb_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @settings: the app's settings
 *
 * Returns: (transfer floating): a preferences window bound to @settings
 */
FbPreferencesWindow *
fb_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  FbPreferencesWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (FB_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "sample-interval", self->interval_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "notify-when-finished", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "smooth-charts", self->smooth_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "default-workers", self->workers_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "history-size", self->history_spin, "value", G_SETTINGS_BIND_DEFAULT);

  return self;
}

GtkSpinButton *
fb_preferences_window_get_interval (FbPreferencesWindow *self)
{
  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), NULL);

  return self->interval_spin;
}

GtkSwitch *
fb_preferences_window_get_notify (FbPreferencesWindow *self)
{
  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), NULL);

  return self->notify_switch;
}

GtkSpinButton *
fb_preferences_window_get_workers (FbPreferencesWindow *self)
{
  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), NULL);
  return self->workers_spin;
}

GtkSpinButton *
fb_preferences_window_get_history (FbPreferencesWindow *self)
{
  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), NULL);
  return self->history_spin;
}

GtkSwitch *
fb_preferences_window_get_smooth (FbPreferencesWindow *self)
{
  g_return_val_if_fail (FB_IS_PREFERENCES_WINDOW (self), NULL);
  return self->smooth_switch;
}
