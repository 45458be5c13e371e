/* fb-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-protocol"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-protocol-private.h"

gsize
fb_wire_begin_frame (GByteArray  *buf,
                     FbFrameType  type)
{
  gsize start = buf->len;

  fb_wire_put_u32 (buf, 0);
  fb_wire_put_u8 (buf, type);
  return start;
}

void
fb_wire_end_frame (GByteArray *buf,
                   gsize       start)
{
  guint32 len = GUINT32_TO_LE ((guint32) (buf->len - start - 4));

  memcpy (buf->data + start, &len, 4);
}

/*
 * fb_wire_next_frame:
 *
 * Looks for a whole frame at the start of @buf.
 *
 * Returns: 1 with @type, @body and @consumed set when there is one, 0 when
 *   more bytes are needed, -1 with @error set when the bytes cannot be a frame
 */
int
fb_wire_next_frame (const guint8  *buf,
                    gsize          len,
                    guint8        *type,
                    FbWireReader  *body,
                    gsize         *consumed,
                    GError       **error)
{
  guint32 frame_len;

  if (len < 4)
    return 0;

  memcpy (&frame_len, buf, 4);
  frame_len = GUINT32_FROM_LE (frame_len);

  if (frame_len < 1 || frame_len > FB_PROTOCOL_MAX_FRAME)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   g_dngettext (GETTEXT_PACKAGE,
                                /* TRANSLATORS: the size of a message between the app and a worker */
                                "A frame of %u byte is outside the protocol's limits",
                                "A frame of %u bytes is outside the protocol's limits",
                                frame_len),
                   frame_len);
      return -1;
    }

  if (len - 4 < frame_len)
    return 0;

  *type = buf[4];
  fb_wire_reader_init (body, buf + 5, frame_len - 1);
  *consumed = 4 + (gsize) frame_len;
  return 1;
}

void
fb_wire_put_bytes (GByteArray *buf,
                   const void *data,
                   gsize       len)
{
  g_assert (len <= FB_PROTOCOL_MAX_FRAME);

  fb_wire_put_u32 (buf, (guint32) len);
  if (len > 0)
    g_byte_array_append (buf, data, (guint) len);
}

/*
 * fb_wire_begin_results:
 *
 * Starts a RESULTS frame; its count and the measures of its run are filled
 * in by fb_wire_end_results() once the run is over.
 */
gsize
fb_wire_begin_results (GByteArray *buf,
                       guint64     seq,
                       guint32     first,
                       gint64      base_us)
{
  gsize start = fb_wire_begin_frame (buf, FB_FRAME_RESULTS);

  fb_wire_put_u64 (buf, seq);
  fb_wire_put_u32 (buf, first);
  fb_wire_put_u32 (buf, 0);
  fb_wire_put_u64 (buf, (guint64) base_us);
  fb_wire_put_u64 (buf, 0);
  fb_wire_put_u64 (buf, 0);
  fb_wire_put_u32 (buf, 0);
  return start;
}

void
fb_wire_end_results (GByteArray *buf,
                     gsize       start,
                     guint32     n,
                     gint64      run_wall_us,
                     gint64      run_cpu_us,
                     gint32      cpu)
{
  guint32 n_le = GUINT32_TO_LE (n);
  guint64 wall_le = GUINT64_TO_LE ((guint64) run_wall_us);
  guint64 cpu_us_le = GUINT64_TO_LE ((guint64) run_cpu_us);
  guint32 cpu_le = GUINT32_TO_LE ((guint32) cpu);
  guint8 *p = buf->data + start;

  memcpy (p + FB_WIRE_RESULTS_N_OFFSET, &n_le, 4);
  memcpy (p + FB_WIRE_RESULTS_RUN_OFFSET, &wall_le, 8);
  memcpy (p + FB_WIRE_RESULTS_RUN_OFFSET + 8, &cpu_us_le, 8);
  memcpy (p + FB_WIRE_RESULTS_RUN_OFFSET + 16, &cpu_le, 4);
  fb_wire_end_frame (buf, start);
}

void
fb_wire_put_result (GByteArray         *buf,
                    const FbWireResult *result)
{
  gboolean bare = result->status == FB_WIRE_OK &&
                  result->error_len == 0 && result->output_len == 0 && result->payload_len == 0;
  guint8 head[13];
  guint64 value = GUINT64_TO_LE ((guint64) result->value);
  guint32 wall = GUINT32_TO_LE (result->wall_us);

  head[0] = bare ? FB_WIRE_OK_BARE : result->status;
  memcpy (head + 1, &value, 8);
  memcpy (head + 9, &wall, 4);
  g_byte_array_append (buf, head, sizeof head);

  if (bare)
    return;

  fb_wire_put_u32 (buf, result->error_code);
  fb_wire_put_bytes (buf, result->error, result->error_len);
  fb_wire_put_bytes (buf, result->output, result->output_len);
  fb_wire_put_bytes (buf, result->payload, result->payload_len);
}

gboolean
fb_wire_get_call (FbWireReader *r,
                  FbWireCall   *call)
{
  call->call_id = fb_wire_get_u32 (r);
  call->kernel = (const char *) fb_wire_get_bytes (r, &call->kernel_len);
  call->params = fb_wire_get_bytes (r, &call->params_len);
  call->shm_offset = fb_wire_get_u64 (r);
  call->shared_len = fb_wire_get_u64 (r);
  return !r->failed;
}

gboolean
fb_wire_get_task (FbWireReader *r,
                  FbWireTask   *task)
{
  task->index = fb_wire_get_u64 (r);
  task->input = (gint64) fb_wire_get_u64 (r);
  task->payload = fb_wire_get_bytes (r, &task->payload_len);
  return !r->failed;
}

gboolean
fb_wire_get_results_header (FbWireReader        *r,
                            FbWireResultsHeader *header)
{
  header->seq = fb_wire_get_u64 (r);
  header->first = fb_wire_get_u32 (r);
  header->n = fb_wire_get_u32 (r);
  header->base_us = (gint64) fb_wire_get_u64 (r);
  header->run_wall_us = (gint64) fb_wire_get_u64 (r);
  header->run_cpu_us = (gint64) fb_wire_get_u64 (r);
  header->cpu = (gint32) fb_wire_get_u32 (r);

  if (header->run_wall_us < 0 || header->run_cpu_us < 0)
    r->failed = TRUE;

  return !r->failed;
}

gboolean
fb_wire_get_result (FbWireReader *r,
                    FbWireResult *result)
{
  result->status = fb_wire_get_u8 (r);
  result->value = (gint64) fb_wire_get_u64 (r);
  result->wall_us = fb_wire_get_u32 (r);

  if (result->status == FB_WIRE_OK_BARE)
    {
      result->status = FB_WIRE_OK;
      result->error_code = 0;
      result->error = result->output = NULL;
      result->payload = NULL;
      result->error_len = result->output_len = result->payload_len = 0;
      return !r->failed;
    }

  result->error_code = fb_wire_get_u32 (r);
  result->error = (const char *) fb_wire_get_bytes (r, &result->error_len);
  result->output = (const char *) fb_wire_get_bytes (r, &result->output_len);
  result->payload = fb_wire_get_bytes (r, &result->payload_len);

  if (result->status < FB_WIRE_OK || result->status > FB_WIRE_CANCELLED)
    r->failed = TRUE;

  return !r->failed;
}
