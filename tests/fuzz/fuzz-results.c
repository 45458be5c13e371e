/* fuzz-results.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parent's reading of a worker's bytes against anything a worker could
 * send: fb_wire_parse_results() and fb_wire_fill_record(), as the process
 * backend calls them. It must answer, never crash, leak or read out of
 * bounds; every record it fills must be one a user can be shown; and the
 * bytes arriving in small pieces must change nothing.
 *
 * The worker has four units in flight, as tests/fuzz/make-corpus.py
 * writes its seeds for: seq 1 (one task), seq 2 (three tasks with
 * payloads), seq 3 (a hundred tasks) and seq 5 (two tasks with payloads).
 * Task i of a unit with payloads was sent "task-i".
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "fb-pool-private.h"
#include "fb-protocol-private.h"
#include "fuzz-feed.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  guint64  seq;
  guint32  n;
  gboolean payloads;
} UnitSpec;

static const UnitSpec units[] = {
  { 1, 1, FALSE },
  { 2, 3, TRUE },
  { 3, 100, FALSE },
  { 5, 2, TRUE },
};

#define N_UNITS G_N_ELEMENTS (units)
#define MAX_TASKS 100

typedef struct
{
  guint          head;
  guint32        n_reported;
  gint64         pid;
  guint          n_results;
  guint          n_hellos;
  FbTaskRecord  *records[N_UNITS][MAX_TASKS];
  GBytes        *payloads[N_UNITS][MAX_TASKS];
} Worker;

static void
worker_init (Worker *w)
{
  memset (w, 0, sizeof *w);

  for (guint u = 0; u < N_UNITS; u++)
    for (guint32 i = 0; i < units[u].n; i++)
      {
        w->records[u][i] = fb_task_record_new (u * MAX_TASKS + i, i);
        if (units[u].payloads)
          {
            char *payload = g_strdup_printf ("task-%u", i);

            w->payloads[u][i] = g_bytes_new_take (payload, strlen (payload));
          }
      }
}

static void
worker_clear (Worker *w)
{
  for (guint u = 0; u < N_UNITS; u++)
    for (guint32 i = 0; i < units[u].n; i++)
      {
        g_clear_pointer (&w->records[u][i], fb_task_record_unref);
        g_clear_pointer (&w->payloads[u][i], g_bytes_unref);
      }
}

static void
hello (gpointer user_data)
{
  ((Worker *) user_data)->n_hellos++;
}

/* Units are reported in the order they were sent, except by lanes. */
static gboolean
find_unit (gpointer  user_data,
           guint64   seq,
           guint32  *n,
           guint32  *n_reported)
{
  Worker *w = user_data;

  if (w->head >= N_UNITS || units[w->head].seq != seq)
    return FALSE;

  *n = units[w->head].n;
  *n_reported = w->n_reported;
  return TRUE;
}

/* The worker has two lanes, and was sent the units above. */
static gboolean
started (gpointer user_data,
         guint64  seq,
         guint32  lane,
         gint64   tid)
{
  Worker *w = user_data;

  for (guint u = w->head; u < N_UNITS; u++)
    if (units[u].seq == seq)
      return lane < 2;

  return FALSE;
}

static void
result (gpointer                   user_data,
        const FbWireResultsHeader *header,
        guint32                    i,
        gint64                     started_us,
        const FbWireResult        *result)
{
  Worker *w = user_data;
  FbTaskRecord *record;

  /* Only a task of the unit in flight is ever reported. */
  g_assert_cmpuint (w->head, <, N_UNITS);
  g_assert_cmpuint (i, <, units[w->head].n);
  g_assert_cmpuint (i, >=, header->first);
  g_assert_cmpuint (i - header->first, <, header->n);

  /* Each task is reported once. */
  record = w->records[w->head][i];
  g_assert_cmpint (record->status, ==, FB_TASK_PENDING);
  fb_wire_fill_record (record, w->payloads[w->head][i], header, started_us, result);
  w->n_results++;

  /* What the record says is fit to be shown. */
  g_assert_cmpint (record->status, !=, FB_TASK_PENDING);
  if (record->status == FB_TASK_FAILED)
    {
      g_assert_nonnull (fb_task_record_get_error (record));
      g_assert_true (g_utf8_validate (fb_task_record_get_error (record)->message, -1, NULL));
    }
  if (fb_task_record_get_output (record) != NULL)
    g_assert_true (g_utf8_validate (fb_task_record_get_output (record), -1, NULL));
  if (fb_task_record_get_value_json (record) != NULL)
    g_assert_true (g_utf8_validate (fb_task_record_get_value_json (record), -1, NULL));
  if (fb_task_record_get_traceback (record) != NULL)
    g_assert_true (g_utf8_validate (fb_task_record_get_traceback (record), -1, NULL));
}

static void
results_read (gpointer                   user_data,
              const FbWireResultsHeader *header)
{
  Worker *w = user_data;

  g_assert_cmpuint (w->head, <, N_UNITS);
  w->n_reported = header->first + header->n;
  if (w->n_reported == units[w->head].n)
    {
      w->head++;
      w->n_reported = 0;
    }
}

static const FbWireResultsFuncs funcs = {
  hello,
  find_unit,
  started,
  result,
  results_read,
};

/* What the process backend does with the bytes it has read. */
static gboolean
parse_results (const guint8  *buf,
               gsize          len,
               gpointer       user_data,
               gsize         *consumed,
               GError       **error)
{
  Worker *w = user_data;

  return fb_wire_parse_results (buf, len, &w->pid, &funcs, w, consumed, error);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) again_error = NULL;
  Worker whole, pieces;
  gsize left = 0, again_left = 0;
  gboolean ok, again;

  worker_init (&whole);
  ok = fuzz_feed (data, size, 0, parse_results, &whole, &left, &error);

  if (!ok)
    {
      /* A refusal is an error that says something. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == FB_POOL_ERROR || error->domain == G_IO_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
  else
    g_assert_no_error (error);

  /* The same bytes, as a socket may deliver them. */
  worker_init (&pieces);
  again = fuzz_feed (data, size, 7, parse_results, &pieces, &again_left, &again_error);

  g_assert_cmpint (ok, ==, again);
  g_assert_cmpuint (whole.n_results, ==, pieces.n_results);
  g_assert_cmpuint (whole.head, ==, pieces.head);
  g_assert_cmpuint (whole.n_hellos, ==, pieces.n_hellos);
  g_assert_cmpint (whole.pid, ==, pieces.pid);
  if (ok)
    g_assert_cmpuint (left, ==, again_left);
  else
    g_assert_cmpstr (error->message, ==, again_error->message);

  worker_clear (&whole);
  worker_clear (&pieces);

  return 0;
}
