/* fb-protocol-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol between FbPool and forkbench-worker, on the worker's
 * stdin and stdout. Every frame is:
 *
 *   u32 length      bytes that follow, type included (little-endian)
 *   u8  type        an FbFrameType
 *   ...             the body
 *
 * Integers are little-endian; strings and byte strings are a u32 length and
 * that many bytes, with no terminator. Both sides check every length against
 * what is left of the frame, so a truncated or hostile frame is an error,
 * never a read out of bounds.
 *
 * A worker runs the units it is sent in order and may report a unit's
 * results in several RESULTS frames (tasks first .. first + n - 1), so
 * that long units stream their results and no frame grows without bound.
 *
 *   CALL     (parent) u32 call_id, str kernel, bytes params (GVariant a{sv}),
 *                     u64 shm_offset, u64 shared_len
 *   UNIT     (parent) u32 call_id, u64 seq, u32 n,
 *                     n × (u64 index, i64 input, bytes payload)
 *   HELLO    (worker) u32 version, i64 pid
 *   RESULTS  (worker) u64 seq, u32 first, u32 n,
 *                     n × (u8 status, i64 value, i64 started_us,
 *                          i64 finished_us, i64 cpu_us, i32 cpu,
 *                          u32 error_code, str error, str output,
 *                          bytes payload)
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define FB_PROTOCOL_VERSION 1

/* The largest frame either side accepts: room for a chunk of echo payloads. */
#define FB_PROTOCOL_MAX_FRAME (64u * 1024 * 1024)

/* Where cpu_us sits in an encoded result: after status (1), value,
 * started_us and finished_us (8 each). A worker patches it in once it has
 * measured the run the task was part of. */
#define FB_WIRE_RESULT_CPU_OFFSET 25

/* The most tasks a UNIT frame may hold. */
#define FB_PROTOCOL_MAX_TASKS (1u << 20)

typedef enum
{
  FB_FRAME_CALL    = 1,
  FB_FRAME_UNIT    = 2,
  FB_FRAME_HELLO   = 16,
  FB_FRAME_RESULTS = 17,
} FbFrameType;

typedef enum
{
  FB_WIRE_OK        = 1,
  FB_WIRE_FAILED    = 2,
  FB_WIRE_CANCELLED = 3,
} FbWireStatus;

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gboolean      failed;
} FbWireReader;

typedef struct
{
  guint64       index;
  gint64        input;
  const guint8 *payload;
  guint32       payload_len;
} FbWireTask;

typedef struct
{
  guint8        status;
  gint64        value;
  gint64        started_us;
  gint64        finished_us;
  gint64        cpu_us;
  gint32        cpu;
  guint32       error_code;
  const char   *error;
  guint32       error_len;
  const char   *output;
  guint32       output_len;
  const guint8 *payload;
  guint32       payload_len;
} FbWireResult;

typedef struct
{
  guint32       call_id;
  const char   *kernel;
  guint32       kernel_len;
  const guint8 *params;
  guint32       params_len;
  guint64       shm_offset;
  guint64       shared_len;
} FbWireCall;

/* Framing */
gsize    fb_wire_begin_frame (GByteArray          *buf,
                              FbFrameType          type);
void     fb_wire_end_frame   (GByteArray          *buf,
                              gsize                start);
int      fb_wire_next_frame  (const guint8        *buf,
                              gsize                len,
                              guint8              *type,
                              FbWireReader        *body,
                              gsize               *consumed,
                              GError             **error);

/* Writing */
void     fb_wire_put_u8      (GByteArray          *buf,
                              guint8               v);
void     fb_wire_put_u32     (GByteArray          *buf,
                              guint32              v);
void     fb_wire_put_u64     (GByteArray          *buf,
                              guint64              v);
void     fb_wire_put_bytes   (GByteArray          *buf,
                              const void          *data,
                              gsize                len);
void     fb_wire_put_result  (GByteArray          *buf,
                              const FbWireResult  *result);

/* Reading */
void     fb_wire_reader_init (FbWireReader        *r,
                              const guint8        *data,
                              gsize                len);
guint8   fb_wire_get_u8      (FbWireReader        *r);
guint32  fb_wire_get_u32     (FbWireReader        *r);
guint64  fb_wire_get_u64     (FbWireReader        *r);
const guint8 *fb_wire_get_bytes (FbWireReader     *r,
                              guint32             *len);
gboolean fb_wire_get_call    (FbWireReader        *r,
                              FbWireCall          *call);
gboolean fb_wire_get_task    (FbWireReader        *r,
                              FbWireTask          *task);
gboolean fb_wire_get_result  (FbWireReader        *r,
                              FbWireResult        *result);
gboolean fb_wire_at_end      (FbWireReader        *r);

G_END_DECLS
