/* fuzz-tasks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A worker's reading of the parent's bytes against anything: the CALL and
 * UNIT frames through fb_wire_parse_tasks(), and each call's parameters
 * through fb_call_new(), as forkbench-worker does before it runs a task.
 * It must answer, never crash, leak or read out of bounds; tasks come in
 * order and whole; and the bytes arriving in small pieces must change
 * nothing.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "fb-kernel-private.h"
#include "fb-protocol-private.h"
#include "fuzz-feed.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

typedef struct
{
  /* Call ids to their FbCall, or to NULL when the worker refused it. */
  GHashTable *calls;
  guint       n_calls;
  guint       n_units;
  guint       n_tasks;
  guint64     checksum;
  gboolean    in_unit;
  guint32     next_task;
} Worker;

static void
call_free (gpointer data)
{
  if (data != NULL)
    fb_call_unref (data);
}

static void
worker_init (Worker *w)
{
  memset (w, 0, sizeof *w);
  w->calls = g_hash_table_new_full (NULL, NULL, NULL, call_free);
}

static void
worker_clear (Worker *w)
{
  g_clear_pointer (&w->calls, g_hash_table_unref);
}

static void
call (gpointer          user_data,
      const FbWireCall *wire,
      GVariant         *params)
{
  Worker *w = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *kernel = g_strndup (wire->kernel, wire->kernel_len);
  FbCall *c;

  g_assert_cmpuint (wire->call_id, <=, FB_PROTOCOL_MAX_CALL_ID);
  g_assert_true (g_variant_is_of_type (params, G_VARIANT_TYPE_VARDICT));
  g_assert_true (g_variant_is_normal_form (params));

  c = fb_call_new (kernel, params, &error);
  if (c == NULL)
    {
      /* A task error the worker reports for each task of the call. */
      g_assert_nonnull (error);
      g_assert_cmpstr (error->message, !=, "");
    }
  else
    {
      g_assert_no_error (error);
      (void) fb_call_get_shared_length (c);
    }

  g_hash_table_replace (w->calls, GUINT_TO_POINTER (wire->call_id), c);
  w->n_calls++;
}

static gboolean
unit (gpointer          user_data,
      const FbWireUnit *unit)
{
  Worker *w = user_data;

  g_assert_false (w->in_unit);
  g_assert_cmpuint (unit->n, <=, FB_PROTOCOL_MAX_TASKS);

  if (!g_hash_table_contains (w->calls, GUINT_TO_POINTER (unit->call_id)))
    return FALSE;

  w->in_unit = TRUE;
  w->next_task = 0;
  return TRUE;
}

static void
task (gpointer          user_data,
      const FbWireUnit *unit,
      guint32           i,
      const FbWireTask *task)
{
  Worker *w = user_data;

  g_assert_true (w->in_unit);
  g_assert_cmpuint (i, ==, w->next_task);
  g_assert_cmpuint (i, <, unit->n);
  w->next_task++;
  w->n_tasks++;

  /* Every byte of the payload is readable: ASan says so if not. */
  g_assert_true (task->payload != NULL || task->payload_len == 0);
  for (guint32 j = 0; j < task->payload_len; j++)
    w->checksum = w->checksum * 31 + task->payload[j];
  w->checksum += task->index ^ (guint64) task->input;
}

static void
unit_read (gpointer          user_data,
           const FbWireUnit *unit)
{
  Worker *w = user_data;

  g_assert_true (w->in_unit);
  g_assert_cmpuint (w->next_task, ==, unit->n);
  w->in_unit = FALSE;
  w->n_units++;
}

static const FbWireTasksFuncs funcs = {
  call,
  unit,
  task,
  unit_read,
};

/* What the worker does with the bytes it has read: every unit it began
 * reading, it finished. */
static gboolean
parse_tasks (const guint8  *buf,
             gsize          len,
             gpointer       user_data,
             gsize         *consumed,
             GError       **error)
{
  Worker *w = user_data;

  if (!fb_wire_parse_tasks (buf, len, &funcs, w, consumed, error))
    return FALSE;

  g_assert_false (w->in_unit);
  return TRUE;
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
  ok = fuzz_feed (data, size, 0, parse_tasks, &whole, &left, &error);

  if (!ok)
    {
      /* A refusal is an error that says something. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == G_IO_ERROR);
      g_assert_cmpstr (error->message, !=, "");
    }
  else
    g_assert_no_error (error);

  /* The same bytes, as a socket may deliver them. */
  worker_init (&pieces);
  again = fuzz_feed (data, size, 7, parse_tasks, &pieces, &again_left, &again_error);

  g_assert_cmpint (ok, ==, again);
  g_assert_cmpuint (whole.n_calls, ==, pieces.n_calls);
  g_assert_cmpuint (whole.n_units, ==, pieces.n_units);
  g_assert_cmpuint (whole.n_tasks, ==, pieces.n_tasks);
  g_assert_cmpuint (whole.checksum, ==, pieces.checksum);
  if (ok)
    g_assert_cmpuint (left, ==, again_left);
  else
    g_assert_cmpstr (error->message, ==, again_error->message);

  worker_clear (&whole);
  worker_clear (&pieces);

  return 0;
}
