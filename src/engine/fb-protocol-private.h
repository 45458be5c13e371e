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
 *   CALL     (parent) u32 call_id, str kernel, bytes params (GVariant a{sv}),
 *                     u64 shm_offset, u64 shared_len
 *   UNIT     (parent) u32 call_id, u64 seq, u32 n,
 *                     n × (u64 index, i64 input, bytes payload)
 *   HELLO    (worker) u32 version, i64 pid
 *   RESULTS  (worker) u64 seq, u32 first, u32 n, i64 base_us,
 *                     i64 run_wall_us, i64 run_cpu_us, i32 cpu,
 *                     n × result
 *   STARTED  (worker) u64 seq, u32 lane, i64 tid
 *   RESULTS_BARE (worker) the header of RESULTS, then n × i64 value,
 *                     then n × i64 end_ns
 *
 * A worker runs the units it is sent in order and may report a unit's
 * results in several RESULTS frames (tasks first .. first + n - 1), so
 * that long units stream their results and no frame grows without bound.
 * Each frame starts where the one before it ended: every task is reported
 * once.
 *
 * The tasks of one RESULTS frame ran back to back from base_us: each
 * started when the one before it finished, so a result only carries how
 * long it ran. The frame says how much wall and CPU time the run took and
 * on which core it ended; each task gets the share of CPU time its wall
 * time was of the run's. A result is:
 *
 *   u8 status, i64 value, u32 wall_us, and unless status is OK_BARE:
 *   u32 error_code, str error, str output, bytes payload
 *
 * so a task that only returned a number costs 13 bytes.
 *
 * The python kernel's workers are Python interpreters running
 * forkbench-harness.py (src/worker), which speaks this protocol with the
 * standard library alone. Its file and function come on its command line
 * when it is started, so it skips CALL frames (their parameters are a
 * GVariant, which Python does not read) and runs every UNIT with them. Its
 * results use the payload, which the pool only sends to the echo kernel:
 * a task that returned something other than a whole number of 64 bits
 * returns it as JSON in the payload (its repr as a JSON string when it has
 * no JSON form), and a task that raised an exception has its error (the
 * exception's last line) and its traceback in the payload. Its cpu is -1:
 * Python cannot say on which core it ran.
 *
 * RESULTS_BARE is a RESULTS frame whose tasks all returned a bare value,
 * sent as two columns, which Python packs in one call each instead of a
 * struct call per task: the values, then when each task ended (in ns of
 * CLOCK_MONOTONIC, as Python's clock gives it, so that the harness does no
 * arithmetic per task); a task's wall time is from the end of the one
 * before it (from base_us for the first). forkbench-worker does not send
 * it.
 *
 * For the thread pool, one interpreter runs N threads, its lanes, each with
 * a slot of the shared memory (lane i has slot i). A lane sends STARTED
 * before the results of a unit it took, so that the pool knows which
 * worker and which thread ran it; units finish in any order. A worker
 * without lanes never sends STARTED.
 */

#pragma once

#include <string.h>

#include <glib.h>

#include "fb-task-record.h"

G_BEGIN_DECLS

#define FB_PROTOCOL_VERSION 2

/* The largest frame either side accepts: room for a chunk of echo payloads. */
#define FB_PROTOCOL_MAX_FRAME (64u * 1024 * 1024)

/* The most tasks a UNIT frame may hold. */
#define FB_PROTOCOL_MAX_TASKS (1u << 20)

/* The latest time, and the longest run, a RESULTS frame may give (in µs
 * of the monotonic clock, some 36,000 years): room enough that adding up
 * the times of its tasks cannot overflow. */
#define FB_PROTOCOL_MAX_TIME_US (G_MAXINT64 / 8)

/* The largest call id a CALL frame may give. */
#define FB_PROTOCOL_MAX_CALL_ID (1u << 20)

/* Where the fields a worker fills in last sit, from the start of a RESULTS
 * frame: length (4), type (1), seq (8), first (4), n (4), base_us (8), ... */
#define FB_WIRE_RESULTS_N_OFFSET    17
#define FB_WIRE_RESULTS_RUN_OFFSET  29

typedef enum
{
  FB_FRAME_CALL    = 1,
  FB_FRAME_UNIT    = 2,
  FB_FRAME_HELLO   = 16,
  FB_FRAME_RESULTS = 17,
  FB_FRAME_STARTED = 18,
  FB_FRAME_RESULTS_BARE = 19,
} FbFrameType;

typedef enum
{
  FB_WIRE_OK        = 1,
  FB_WIRE_FAILED    = 2,
  FB_WIRE_CANCELLED = 3,
  FB_WIRE_OK_BARE   = 4,
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
  guint64       seq;
  guint32       first;
  guint32       n;
  gint64        base_us;
  gint64        run_wall_us;
  gint64        run_cpu_us;
  gint32        cpu;
} FbWireResultsHeader;

typedef struct
{
  guint8        status;
  gint64        value;
  guint32       wall_us;
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
  guint64       seq;
  guint32       n;
} FbWireUnit;

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

/* What the parent does with what it reads from a worker. */
typedef struct
{
  /* A HELLO of the right version: the worker is ready. */
  void     (*hello)        (gpointer                   user_data);
  /* The unit @seq the worker reports on, if it was sent it and has not
   * reported it in whole: its number of tasks and how many of them were
   * reported. A worker without lanes reports its units in the order it
   * was sent them; lanes finish theirs in any order. */
  gboolean (*find_unit)    (gpointer                   user_data,
                            guint64                    seq,
                            guint32                   *n,
                            guint32                   *n_reported);
  /* STARTED: lane @lane, thread @tid, took unit @seq. FALSE when the
   * worker has no such lane or was not sent that unit. */
  gboolean (*started)      (gpointer                   user_data,
                            guint64                    seq,
                            guint32                    lane,
                            gint64                     tid);
  /* Task @i of unit @header->seq ended, and started at @started_us. */
  void     (*result)       (gpointer                   user_data,
                            const FbWireResultsHeader *header,
                            guint32                    i,
                            gint64                     started_us,
                            const FbWireResult        *result);
  /* A RESULTS frame was read to its end. */
  void     (*results_read) (gpointer                   user_data,
                            const FbWireResultsHeader *header);
} FbWireResultsFuncs;

/* What a worker does with what it reads from the parent. */
typedef struct
{
  /* @params is the CALL's a{sv} dictionary, in normal form. */
  void     (*call)         (gpointer                   user_data,
                            const FbWireCall          *call,
                            GVariant                  *params);
  /* A UNIT begins: FALSE when its call is unknown. */
  gboolean (*unit)         (gpointer                   user_data,
                            const FbWireUnit          *unit);
  /* Task @i of the unit, in order; its payload points into the frame. */
  void     (*task)         (gpointer                   user_data,
                            const FbWireUnit          *unit,
                            guint32                    i,
                            const FbWireTask          *task);
  /* The UNIT frame was read to its end. */
  void     (*unit_read)    (gpointer                   user_data,
                            const FbWireUnit          *unit);
} FbWireTasksFuncs;

/* Framing */
gsize    fb_wire_begin_frame   (GByteArray          *buf,
                                FbFrameType          type);
void     fb_wire_end_frame     (GByteArray          *buf,
                                gsize                start);
int      fb_wire_next_frame    (const guint8        *buf,
                                gsize                len,
                                guint8              *type,
                                FbWireReader        *body,
                                gsize               *consumed,
                                GError             **error);

/* Writing */
void     fb_wire_put_bytes     (GByteArray          *buf,
                                const void          *data,
                                gsize                len);
gsize    fb_wire_begin_results (GByteArray          *buf,
                                guint64              seq,
                                guint32              first,
                                gint64               base_us);
void     fb_wire_end_results   (GByteArray          *buf,
                                gsize                start,
                                guint32              n,
                                gint64               run_wall_us,
                                gint64               run_cpu_us,
                                gint32               cpu);
void     fb_wire_put_result    (GByteArray          *buf,
                                const FbWireResult  *result);

/* Reading */
gboolean fb_wire_get_call      (FbWireReader        *r,
                                FbWireCall          *call);
gboolean fb_wire_get_task      (FbWireReader        *r,
                                FbWireTask          *task);
gboolean fb_wire_get_results_header (FbWireReader   *r,
                                FbWireResultsHeader *header);
gboolean fb_wire_get_result    (FbWireReader        *r,
                                FbWireResult        *result);

/* Streams: each side reads the other's bytes here and nowhere else. */
gboolean fb_wire_parse_results (const guint8              *buf,
                                gsize                      len,
                                gint64                    *pid,
                                const FbWireResultsFuncs  *funcs,
                                gpointer                   user_data,
                                gsize                     *consumed,
                                GError                   **error);
void     fb_wire_fill_record   (FbTaskRecord              *record,
                                GBytes                    *sent_payload,
                                const FbWireResultsHeader *header,
                                gint64                     started_us,
                                const FbWireResult        *result);
gboolean fb_wire_parse_tasks   (const guint8              *buf,
                                gsize                      len,
                                const FbWireTasksFuncs    *funcs,
                                gpointer                   user_data,
                                gsize                     *consumed,
                                GError                   **error);

static inline void
fb_wire_put_u8 (GByteArray *buf,
                guint8      v)
{
  g_byte_array_append (buf, &v, 1);
}

static inline void
fb_wire_put_u32 (GByteArray *buf,
                 guint32     v)
{
  v = GUINT32_TO_LE (v);
  g_byte_array_append (buf, (const guint8 *) &v, 4);
}

static inline void
fb_wire_put_u64 (GByteArray *buf,
                 guint64     v)
{
  v = GUINT64_TO_LE (v);
  g_byte_array_append (buf, (const guint8 *) &v, 8);
}

static inline void
fb_wire_reader_init (FbWireReader *r,
                     const guint8 *data,
                     gsize         len)
{
  r->data = data;
  r->len = len;
  r->pos = 0;
  r->failed = FALSE;
}

/* Every read goes through here: past the end, the reader fails and stays failed. */
static inline const guint8 *
fb_wire_take (FbWireReader *r,
              gsize         n)
{
  const guint8 *p;

  if (G_UNLIKELY (r->failed || r->len - r->pos < n))
    {
      r->failed = TRUE;
      return NULL;
    }

  p = r->data + r->pos;
  r->pos += n;
  return p;
}

static inline guint8
fb_wire_get_u8 (FbWireReader *r)
{
  const guint8 *p = fb_wire_take (r, 1);

  return p ? *p : 0;
}

static inline guint32
fb_wire_get_u32 (FbWireReader *r)
{
  const guint8 *p = fb_wire_take (r, 4);
  guint32 v = 0;

  if (p)
    memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

static inline guint64
fb_wire_get_u64 (FbWireReader *r)
{
  const guint8 *p = fb_wire_take (r, 8);
  guint64 v = 0;

  if (p)
    memcpy (&v, p, 8);
  return GUINT64_FROM_LE (v);
}

static inline const guint8 *
fb_wire_get_bytes (FbWireReader *r,
                   guint32      *len)
{
  guint32 n = fb_wire_get_u32 (r);
  const guint8 *p = fb_wire_take (r, n);

  *len = p ? n : 0;
  return p;
}

static inline gboolean
fb_wire_at_end (FbWireReader *r)
{
  return !r->failed && r->pos == r->len;
}

G_END_DECLS
