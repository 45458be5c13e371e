/* fb-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "fb-protocol"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "fb-pool-private.h"
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

  if (header->base_us < 0 || header->base_us > FB_PROTOCOL_MAX_TIME_US ||
      header->run_wall_us < 0 || header->run_wall_us > FB_PROTOCOL_MAX_TIME_US ||
      header->run_cpu_us < 0 || header->run_cpu_us > FB_PROTOCOL_MAX_TIME_US)
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

/* A RESULTS frame, checked against the unit the worker is running; or a
 * RESULTS_BARE frame, whose results are two columns: values, and when each
 * task ended. */
static gboolean
parse_results_frame (FbWireReader              *r,
                     gboolean                   columns,
                     gint64                     pid,
                     const FbWireResultsFuncs  *funcs,
                     gpointer                   user_data,
                     GError                   **error)
{
  const guint8 *values = NULL;
  const guint8 *ends = NULL;
  FbWireResultsHeader header;
  guint32 n = 0;
  guint32 n_reported = 0;
  gint64 started_us;

  /* A task reported twice would be filled in twice: the frame must go on
   * from where the last one of its unit ended. */
  if (!fb_wire_get_results_header (r, &header) ||
      !funcs->find_unit (user_data, header.seq, &n, &n_reported) ||
      header.first != n_reported || header.first > n || header.n > n - header.first)
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                   /* TRANSLATORS: a worker's process id */
                   _("Worker %lld sent results for a unit it was not running"),
                   (long long) pid);
      return FALSE;
    }

  if (columns)
    {
      values = fb_wire_take (r, (gsize) header.n * 8);
      ends = fb_wire_take (r, (gsize) header.n * 8);
    }

  /* The tasks ran back to back from the frame's base time. */
  started_us = header.base_us;
  for (guint32 i = header.first; i < header.first + header.n; i++)
    {
      FbWireResult result;

      if (columns && ends != NULL)
        {
          guint64 value;
          guint64 end_ns;
          gint64 wall_us;

          memcpy (&value, values + (gsize) (i - header.first) * 8, 8);
          memcpy (&end_ns, ends + (gsize) (i - header.first) * 8, 8);
          memset (&result, 0, sizeof result);
          result.status = FB_WIRE_OK;
          result.value = (gint64) GUINT64_FROM_LE (value);
          /* A task ran from the end of the one before it to its own: a
           * clock that went back gives it no time, and none runs longer
           * than a result can say. */
          wall_us = (gint64) GUINT64_FROM_LE (end_ns) / 1000 - started_us;
          result.wall_us = (guint32) CLAMP (wall_us, 0, (gint64) G_MAXUINT32);
        }
      else if (columns || !fb_wire_get_result (r, &result))
        {
          g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                       /* TRANSLATORS: a worker's process id */
                       _("Worker %lld sent a result that could not be read"),
                       (long long) pid);
          return FALSE;
        }
      funcs->result (user_data, &header, i, started_us, &result);
      started_us += result.wall_us;
    }

  if (!fb_wire_at_end (r))
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                   /* TRANSLATORS: a worker's process id */
                   _("Worker %lld sent more than its results"), (long long) pid);
      return FALSE;
    }

  funcs->results_read (user_data, &header);
  return TRUE;
}

/* STARTED: a lane says which unit it took, and on which thread. */
static gboolean
parse_started_frame (FbWireReader              *r,
                     gint64                     pid,
                     const FbWireResultsFuncs  *funcs,
                     gpointer                   user_data,
                     GError                   **error)
{
  guint64 seq = fb_wire_get_u64 (r);
  guint32 lane = fb_wire_get_u32 (r);
  gint64 tid = (gint64) fb_wire_get_u64 (r);

  if (!fb_wire_at_end (r) || !funcs->started (user_data, seq, lane, tid))
    {
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                   /* TRANSLATORS: a worker's process id */
                   _("Worker %lld started a unit it was not sent"),
                   (long long) pid);
      return FALSE;
    }

  return TRUE;
}

typedef gboolean (*FrameFunc) (guint8         type,
                               FbWireReader  *body,
                               gpointer       data,
                               GError       **error);

/* Hands each whole frame at the start of @buf to @frame, in order, and says
 * in @consumed how many bytes the frames read took: when one breaks the
 * protocol, up to its start. A partial frame at the end is left for when
 * the rest arrives. */
static gboolean
parse_frames (const guint8  *buf,
              gsize          len,
              FrameFunc      frame,
              gpointer       data,
              gsize         *consumed,
              GError       **error)
{
  gsize pos = 0;

  /* An empty buffer may have no address at all. */
  *consumed = 0;
  if (len == 0)
    return TRUE;

  for (;;)
    {
      FbWireReader body;
      gsize frame_len;
      guint8 type;
      int r;

      *consumed = pos;

      r = fb_wire_next_frame (buf + pos, len - pos, &type, &body, &frame_len, error);
      if (r < 0)
        return FALSE;
      if (r == 0)
        return TRUE;

      pos += frame_len;

      if (!frame (type, &body, data, error))
        return FALSE;
    }
}

typedef struct
{
  gint64                   *pid;
  const FbWireResultsFuncs *funcs;
  gpointer                  user_data;
} ResultsStream;

/* A frame from a worker. */
static gboolean
results_frame (guint8         type,
               FbWireReader  *body,
               gpointer       data,
               GError       **error)
{
  ResultsStream *stream = data;
  gint64 *pid = stream->pid;

  switch (type)
    {
    case FB_FRAME_HELLO:
      if (fb_wire_get_u32 (body) != FB_PROTOCOL_VERSION)
        {
          g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                       /* TRANSLATORS: a worker's process id */
                       _("Worker %lld speaks another version of the protocol; "
                         "is it from another installation of Forkbench?"), (long long) *pid);
          return FALSE;
        }
      if (*pid == 0)
        *pid = (gint64) fb_wire_get_u64 (body);
      stream->funcs->hello (stream->user_data);
      return TRUE;

    case FB_FRAME_RESULTS:
    case FB_FRAME_RESULTS_BARE:
      return parse_results_frame (body, type == FB_FRAME_RESULTS_BARE, *pid, stream->funcs, stream->user_data,
                                  error);

    case FB_FRAME_STARTED:
      return parse_started_frame (body, *pid, stream->funcs, stream->user_data, error);

    default:
      g_set_error (error, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                   /* TRANSLATORS: a worker's process id, and a number */
                   _("Worker %lld sent a frame of unknown type %u"),
                   (long long) *pid, type);
      return FALSE;
    }
}

/*
 * fb_wire_parse_results:
 * @buf: the bytes a worker sent, from the start of a frame
 * @len: how many there are
 * @pid: (inout): the worker's process id, for messages; its HELLO sets it
 *   when it is 0
 * @funcs: what to do with each result
 * @user_data: for @funcs
 * @consumed: (out): how many bytes of whole frames were read
 * @error: where to say how the worker broke the protocol
 *
 * Reads the whole frames at the start of @buf, as the parent does with what
 * a worker sends: its HELLO, and RESULTS frames for the units in flight. A
 * partial frame at the end is left for when the rest arrives.
 *
 * Returns: FALSE with @error set when the worker broke the protocol
 */
gboolean
fb_wire_parse_results (const guint8              *buf,
                       gsize                      len,
                       gint64                    *pid,
                       const FbWireResultsFuncs  *funcs,
                       gpointer                   user_data,
                       gsize                     *consumed,
                       GError                   **error)
{
  ResultsStream stream = { pid, funcs, user_data };

  g_return_val_if_fail (buf != NULL || len == 0, FALSE);
  g_return_val_if_fail (pid != NULL, FALSE);
  g_return_val_if_fail (funcs != NULL, FALSE);
  g_return_val_if_fail (consumed != NULL, FALSE);

  return parse_frames (buf, len, results_frame, &stream, consumed, error);
}

/*
 * fb_wire_fill_record:
 * @record: the task's record
 * @sent_payload: (nullable): the payload the task was sent, if it had one
 * @header: the RESULTS frame the result came in
 * @started_us: when the task started
 * @result: what the worker said of it
 *
 * Fills in what a worker reported of a task: its times, its share of the
 * run's CPU time, and how it ended. A task sent a payload must send it back
 * unchanged.
 */
void
fb_wire_fill_record (FbTaskRecord              *record,
                     GBytes                    *sent_payload,
                     const FbWireResultsHeader *header,
                     gint64                     started_us,
                     const FbWireResult        *result)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (header != NULL);
  g_return_if_fail (result != NULL);

  record->started_us = started_us;
  record->finished_us = started_us + result->wall_us;
  record->cpu_us = fb_kernel_cpu_share (header->run_cpu_us, result->wall_us,
                                        header->run_wall_us, header->n);
  record->cpu = (gint16) CLAMP (header->cpu, -1, G_MAXINT16);
  /* The task's share of the UNIT frame and its result. */
  record->ipc_bytes = 20 + 13;

  if (result->status == FB_WIRE_OK && result->error_len + result->output_len + result->payload_len == 0)
    {
      record->value = result->value;
      record->status = FB_TASK_SUCCEEDED;
      return;
    }

  record->ipc_bytes += 16 + result->error_len + result->output_len + result->payload_len;
  if (sent_payload != NULL)
    record->ipc_bytes += g_bytes_get_size (sent_payload);

  if (result->output_len > 0)
    fb_task_record_take_output (record, g_utf8_make_valid (result->output, result->output_len));

  /* Without a payload sent, a payload that comes back is the python
   * harness's: a value that is not a whole number, as JSON, or the
   * traceback of a task that raised an exception. */
  if (sent_payload == NULL && result->payload_len > 0)
    {
      if (result->status == FB_WIRE_OK)
        fb_task_record_take_value_json (record, g_utf8_make_valid ((const char *) result->payload, result->payload_len));
      else if (result->status == FB_WIRE_FAILED)
        fb_task_record_take_traceback (record, g_utf8_make_valid ((const char *) result->payload, result->payload_len));
    }

  switch (result->status)
    {
    case FB_WIRE_OK:
      record->value = result->value;
      record->status = FB_TASK_SUCCEEDED;

      if (sent_payload != NULL)
        {
          gsize len;
          const guint8 *sent = g_bytes_get_data (sent_payload, &len);

          if (len != result->payload_len || (len > 0 && memcmp (sent, result->payload, len) != 0))
            fb_record_fail (record, FB_POOL_ERROR, FB_POOL_ERROR_PROTOCOL,
                            /* TRANSLATORS: the task's index */
                            _("The payload of task %llu came back changed"),
                            (unsigned long long) record->index);
        }
      break;

    case FB_WIRE_CANCELLED:
      record->status = FB_TASK_CANCELLED;
      break;

    case FB_WIRE_FAILED:
    default:
      {
        g_autofree char *message = g_utf8_make_valid (result->error, result->error_len);

        fb_record_fail (record, FB_KERNEL_ERROR, (int) result->error_code, "%s", message);
      }
      break;
    }
}

static gboolean
parse_call_frame (FbWireReader            *r,
                  const FbWireTasksFuncs  *funcs,
                  gpointer                 user_data,
                  GError                 **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GVariant) given = NULL;
  g_autoptr(GVariant) params = NULL;
  FbWireCall call;

  if (!fb_wire_get_call (r, &call) || !fb_wire_at_end (r) || call.call_id > FB_PROTOCOL_MAX_CALL_ID)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           /* TRANSLATORS: CALL is the name of a message from the app to a worker */
                           _("a CALL frame could not be read"));
      return FALSE;
    }

  /* The bytes are the parent's, but are checked all the same: the normal
   * form is a copy that every GVariant call can trust. */
  bytes = g_bytes_new (call.params, call.params_len);
  given = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));
  params = g_variant_get_normal_form (given);

  funcs->call (user_data, &call, params);
  return TRUE;
}

static gboolean
parse_unit_frame (FbWireReader            *r,
                  const FbWireTasksFuncs  *funcs,
                  gpointer                 user_data,
                  GError                 **error)
{
  FbWireUnit unit;

  unit.call_id = fb_wire_get_u32 (r);
  unit.seq = fb_wire_get_u64 (r);
  unit.n = fb_wire_get_u32 (r);

  if (r->failed || unit.n > FB_PROTOCOL_MAX_TASKS || !funcs->unit (user_data, &unit))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           /* TRANSLATORS: UNIT is the name of a message from the app to a worker */
                           _("a UNIT frame could not be read"));
      return FALSE;
    }

  for (guint32 i = 0; i < unit.n; i++)
    {
      FbWireTask task;

      if (!fb_wire_get_task (r, &task))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               /* TRANSLATORS: UNIT is the name of a message from the app to a worker */
                               _("a task of a UNIT frame could not be read"));
          return FALSE;
        }
      funcs->task (user_data, &unit, i, &task);
    }

  if (!fb_wire_at_end (r))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           /* TRANSLATORS: UNIT is the name of a message from the app to a worker */
                           _("a UNIT frame is longer than its tasks"));
      return FALSE;
    }

  funcs->unit_read (user_data, &unit);
  return TRUE;
}

typedef struct
{
  const FbWireTasksFuncs *funcs;
  gpointer                user_data;
} TasksStream;

/* A frame from the parent. */
static gboolean
tasks_frame (guint8         type,
             FbWireReader  *body,
             gpointer       data,
             GError       **error)
{
  TasksStream *stream = data;

  switch (type)
    {
    case FB_FRAME_CALL:
      return parse_call_frame (body, stream->funcs, stream->user_data, error);

    case FB_FRAME_UNIT:
      return parse_unit_frame (body, stream->funcs, stream->user_data, error);

    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* TRANSLATORS: a frame is a message from the app to a worker */
                   _("a frame of unknown type %u arrived"), type);
      return FALSE;
    }
}

/*
 * fb_wire_parse_tasks:
 * @buf: the bytes the parent sent, from the start of a frame
 * @len: how many there are
 * @funcs: what to do with each call and task
 * @user_data: for @funcs
 * @consumed: (out): how many bytes of whole frames were read
 * @error: where to say how the bytes broke the protocol
 *
 * Reads the whole frames at the start of @buf, as a worker does with what
 * the parent sends: CALL and UNIT frames. The tasks of a unit are handed
 * over one by one as they are read, so that a worker runs the first ones
 * while the rest waits. A partial frame at the end is left for when the
 * rest arrives.
 *
 * Returns: FALSE with @error set when the bytes broke the protocol
 */
gboolean
fb_wire_parse_tasks (const guint8            *buf,
                     gsize                    len,
                     const FbWireTasksFuncs  *funcs,
                     gpointer                 user_data,
                     gsize                   *consumed,
                     GError                 **error)
{
  TasksStream stream = { funcs, user_data };

  g_return_val_if_fail (buf != NULL || len == 0, FALSE);
  g_return_val_if_fail (funcs != NULL, FALSE);
  g_return_val_if_fail (consumed != NULL, FALSE);

  return parse_frames (buf, len, tasks_frame, &stream, consumed, error);
}
