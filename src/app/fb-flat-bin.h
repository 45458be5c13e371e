/* fb-flat-bin.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define FB_TYPE_FLAT_BIN (fb_flat_bin_get_type ())

G_DECLARE_FINAL_TYPE (FbFlatBin, fb_flat_bin, FB, FLAT_BIN, GtkWidget)

GtkWidget *fb_flat_bin_new       (void);
GtkWidget *fb_flat_bin_get_child (FbFlatBin *self);
void       fb_flat_bin_set_child (FbFlatBin *self,
                                  GtkWidget *child);

G_END_DECLS
