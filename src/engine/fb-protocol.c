/* fb-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-protocol"

#include "config.h"

#include <gio/gio.h>
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
                   "A frame of %u bytes is outside the protocol's limits", frame_len);
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
fb_wire_put_u8 (GByteArray *buf,
                guint8      v)
{
  g_byte_array_append (buf, &v, 1);
}

void
fb_wire_put_u32 (GByteArray *buf,
                 guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (buf, (const guint8 *) &v, 4);
}

void
fb_wire_put_u64 (GByteArray *buf,
                 guint64     v)
{
  v = GUINT64_TO_LE (v);
  g_byte_array_append (buf, (const guint8 *) &v, 8);
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

void
fb_wire_put_result (GByteArray         *buf,
                    const FbWireResult *result)
{
  fb_wire_put_u8 (buf, result->status);
  fb_wire_put_u64 (buf, (guint64) result->value);
  fb_wire_put_u64 (buf, (guint64) result->started_us);
  fb_wire_put_u64 (buf, (guint64) result->finished_us);
  fb_wire_put_u64 (buf, (guint64) result->cpu_us);
  fb_wire_put_u32 (buf, (guint32) result->cpu);
  fb_wire_put_u32 (buf, result->error_code);
  fb_wire_put_bytes (buf, result->error, result->error_len);
  fb_wire_put_bytes (buf, result->output, result->output_len);
  fb_wire_put_bytes (buf, result->payload, result->payload_len);
}

void
fb_wire_reader_init (FbWireReader *r,
                     const guint8 *data,
                     gsize         len)
{
  r->data = data;
  r->len = len;
  r->pos = 0;
  r->failed = FALSE;
}

static const guint8 *
take (FbWireReader *r,
      gsize         n)
{
  const guint8 *p;

  if (r->failed || r->len - r->pos < n)
    {
      r->failed = TRUE;
      return NULL;
    }

  p = r->data + r->pos;
  r->pos += n;
  return p;
}

guint8
fb_wire_get_u8 (FbWireReader *r)
{
  const guint8 *p = take (r, 1);

  return p ? *p : 0;
}

guint32
fb_wire_get_u32 (FbWireReader *r)
{
  const guint8 *p = take (r, 4);
  guint32 v = 0;

  if (p)
    memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

guint64
fb_wire_get_u64 (FbWireReader *r)
{
  const guint8 *p = take (r, 8);
  guint64 v = 0;

  if (p)
    memcpy (&v, p, 8);
  return GUINT64_FROM_LE (v);
}

const guint8 *
fb_wire_get_bytes (FbWireReader *r,
                   guint32      *len)
{
  guint32 n = fb_wire_get_u32 (r);
  const guint8 *p = take (r, n);

  *len = p ? n : 0;
  return p;
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
fb_wire_get_result (FbWireReader *r,
                    FbWireResult *result)
{
  result->status = fb_wire_get_u8 (r);
  result->value = (gint64) fb_wire_get_u64 (r);
  result->started_us = (gint64) fb_wire_get_u64 (r);
  result->finished_us = (gint64) fb_wire_get_u64 (r);
  result->cpu_us = (gint64) fb_wire_get_u64 (r);
  result->cpu = (gint32) fb_wire_get_u32 (r);
  result->error_code = fb_wire_get_u32 (r);
  result->error = (const char *) fb_wire_get_bytes (r, &result->error_len);
  result->output = (const char *) fb_wire_get_bytes (r, &result->output_len);
  result->payload = fb_wire_get_bytes (r, &result->payload_len);

  if (result->status < FB_WIRE_OK || result->status > FB_WIRE_CANCELLED)
    r->failed = TRUE;

  return !r->failed;
}

gboolean
fb_wire_at_end (FbWireReader *r)
{
  return !r->failed && r->pos == r->len;
}
