/* fb-format.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

char *fb_format_seconds  (double  seconds);
char *fb_format_us       (double  us);
char *fb_format_rate     (double  per_second);
char *fb_format_quantity (double  value);
char *fb_format_bytes    (guint64 bytes);
char *fb_format_json     (JsonNode *root);

JsonNode *fb_json_raw_new (const char *json);

G_END_DECLS
