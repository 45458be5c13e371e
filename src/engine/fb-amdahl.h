/* fb-amdahl.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  fb_amdahl_fit       (const guint  *workers,
                               const double *speedup,
                               guint         n,
                               double       *serial_fraction,
                               double       *residual);
double    fb_amdahl_speedup   (double        serial_fraction,
                               guint         workers);
char     *fb_amdahl_describe  (double        serial_fraction,
                               guint         max_workers);

G_END_DECLS
