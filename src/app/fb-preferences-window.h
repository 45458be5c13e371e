/* fb-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FB_TYPE_PREFERENCES_WINDOW (fb_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (FbPreferencesWindow, fb_preferences_window, FB, PREFERENCES_WINDOW, AdwPreferencesWindow)

FbPreferencesWindow *fb_preferences_window_new          (GtkWindow           *parent,
                                                         GSettings           *settings);
GtkSpinButton       *fb_preferences_window_get_interval (FbPreferencesWindow *self);
GtkSwitch           *fb_preferences_window_get_notify   (FbPreferencesWindow *self);
GtkSpinButton       *fb_preferences_window_get_workers  (FbPreferencesWindow *self);
GtkSwitch           *fb_preferences_window_get_smooth   (FbPreferencesWindow *self);
GtkSpinButton       *fb_preferences_window_get_history  (FbPreferencesWindow *self);

G_END_DECLS
