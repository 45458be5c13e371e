/* fb-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define FB_TYPE_APPLICATION (fb_application_get_type ())

G_DECLARE_FINAL_TYPE (FbApplication, fb_application, FB, APPLICATION, AdwApplication)

/**
 * FbAccel:
 * @action: a detailed action name
 * @accels: its accelerators, %NULL-terminated
 */
typedef struct
{
  const char *action;
  const char *accels[3];
} FbAccel;

FbApplication *fb_application_new        (void);
const FbAccel *fb_application_get_accels (guint *n_accels);

G_END_DECLS
