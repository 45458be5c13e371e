/* test-protocol.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The frames between the pool and its workers: what is written is read
 * back the same, and a truncated, oversized or random frame is an error,
 * never a read out of bounds.
 */

#include "config.h"

#include <string.h>

#include "fb-protocol-private.h"
#include "fb-test-util.h"

static GByteArray *
make_results_frame (const FbWireResult *results,
                    guint               n)
{
  GByteArray *buf = g_byte_array_new ();
  gsize start = fb_wire_begin_results (buf, 42, 0, 1000);

  for (guint i = 0; i < n; i++)
    fb_wire_put_result (buf, &results[i]);
  fb_wire_end_results (buf, start, n, 30, 12, 1);

  return buf;
}

static void
test_results_round_trip (void)
{
  FbWireResult results[3] = {
    { .status = FB_WIRE_OK, .value = -7569, .wall_us = 10 },
    { .status = FB_WIRE_OK, .value = 5, .wall_us = 7, .output = "Number: 87\n", .output_len = 11 },
    { .status = FB_WIRE_FAILED, .error_code = 4, .error = "boom", .error_len = 4,
      .payload = (const guint8 *) "\0\1\2", .payload_len = 3, .wall_us = 13 },
  };
  g_autoptr(GByteArray) buf = make_results_frame (results, 3);
  g_autoptr(GError) error = NULL;
  FbWireResultsHeader header;
  FbWireReader body;
  FbWireResult got;
  gsize consumed;
  guint8 type;

  g_assert_cmpint (fb_wire_next_frame (buf->data, buf->len, &type, &body, &consumed, &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpuint (type, ==, FB_FRAME_RESULTS);
  g_assert_cmpuint (consumed, ==, buf->len);

  /* The fields filled in last landed where they belong. */
  g_assert_true (fb_wire_get_results_header (&body, &header));
  g_assert_cmpuint (header.seq, ==, 42);
  g_assert_cmpuint (header.first, ==, 0);
  g_assert_cmpuint (header.n, ==, 3);
  g_assert_cmpint (header.base_us, ==, 1000);
  g_assert_cmpint (header.run_wall_us, ==, 30);
  g_assert_cmpint (header.run_cpu_us, ==, 12);
  g_assert_cmpint (header.cpu, ==, 1);

  /* A task that only returned a number takes 13 bytes. */
  g_assert_cmpuint (body.pos, ==, 44);
  g_assert_true (fb_wire_get_result (&body, &got));
  g_assert_cmpuint (body.pos, ==, 44 + 13);
  g_assert_cmpuint (got.status, ==, FB_WIRE_OK);
  g_assert_cmpint (got.value, ==, -7569);
  g_assert_cmpuint (got.wall_us, ==, 10);
  g_assert_cmpuint (got.output_len, ==, 0);

  g_assert_true (fb_wire_get_result (&body, &got));
  g_assert_cmpuint (got.status, ==, FB_WIRE_OK);
  g_assert_cmpmem (got.output, got.output_len, "Number: 87\n", 11);

  g_assert_true (fb_wire_get_result (&body, &got));
  g_assert_cmpuint (got.status, ==, FB_WIRE_FAILED);
  g_assert_cmpuint (got.error_code, ==, 4);
  g_assert_cmpmem (got.error, got.error_len, "boom", 4);
  g_assert_cmpmem (got.payload, got.payload_len, "\0\1\2", 3);
  g_assert_true (fb_wire_at_end (&body));
}

static void
test_bad_status (void)
{
  FbWireResult result = { .status = FB_WIRE_OK, .value = 1 };
  g_autoptr(GByteArray) buf = make_results_frame (&result, 1);
  FbWireResultsHeader header;
  FbWireReader body;
  FbWireResult got;
  gsize consumed;
  guint8 type;

  /* A status the protocol does not know is an error, not a guess. The
   * frame's body starts after its length (4) and type (1). */
  buf->data[5 + 44] = 9;
  g_assert_cmpint (fb_wire_next_frame (buf->data, buf->len, &type, &body, &consumed, NULL), ==, 1);
  g_assert_true (fb_wire_get_results_header (&body, &header));
  g_assert_false (fb_wire_get_result (&body, &got));
}

static void
test_truncated (void)
{
  FbWireResult result = { .status = FB_WIRE_OK, .output = "hello", .output_len = 5 };
  g_autoptr(GByteArray) buf = make_results_frame (&result, 1);

  /* Every prefix of a frame is "more bytes needed", never a frame. */
  for (gsize len = 0; len < buf->len; len++)
    {
      g_autoptr(GError) error = NULL;
      FbWireReader body;
      gsize consumed;
      guint8 type;

      g_assert_cmpint (fb_wire_next_frame (buf->data, len, &type, &body, &consumed, &error), ==, 0);
      g_assert_no_error (error);
    }
}

static void
test_lying_lengths (void)
{
  FbWireResult result = { .status = FB_WIRE_OK, .output = "hello", .output_len = 5 };
  g_autoptr(GByteArray) buf = make_results_frame (&result, 1);
  g_autoptr(GError) error = NULL;
  FbWireResultsHeader header;
  FbWireReader body;
  FbWireResult got;
  gsize consumed;
  guint8 type;
  guint32 huge = GUINT32_TO_LE (G_MAXUINT32);

  /* An inner length that runs past the frame fails the read: here, the
   * output's, which is followed by the payload's (empty) length. */
  memcpy (buf->data + buf->len - 4 - 5 - 4, &huge, 4);
  g_assert_cmpint (fb_wire_next_frame (buf->data, buf->len, &type, &body, &consumed, &error), ==, 1);
  g_assert_true (fb_wire_get_results_header (&body, &header));
  g_assert_false (fb_wire_get_result (&body, &got));
  g_assert_false (fb_wire_at_end (&body));

  /* A frame longer than the protocol allows is refused outright. */
  memcpy (buf->data, &huge, 4);
  g_assert_cmpint (fb_wire_next_frame (buf->data, buf->len, &type, &body, &consumed, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
test_random_bytes (void)
{
  /* Whatever the bytes, reading them ends in an answer, within bounds. */
  for (guint round = 0; round < 2000; round++)
    {
      gsize len = g_test_rand_int_range (0, 200);
      g_autofree guint8 *data = g_malloc (len + 1);
      gsize pos = 0;

      for (gsize i = 0; i < len; i++)
        data[i] = (guint8) g_test_rand_int_range (0, 256);
      if (len >= 4 && round % 2 == 0)
        {
          guint32 frame_len = GUINT32_TO_LE ((guint32) (len - 4));
          memcpy (data, &frame_len, 4);
        }

      for (;;)
        {
          g_autoptr(GError) error = NULL;
          FbWireReader body;
          FbWireResult result;
          FbWireResultsHeader header;
          FbWireTask task;
          FbWireCall call;
          gsize consumed;
          guint8 type;
          int r = fb_wire_next_frame (data + pos, len - pos, &type, &body, &consumed, &error);

          if (r <= 0)
            break;
          pos += consumed;
          g_assert_cmpuint (pos, <=, len);

          {
            FbWireReader copy = body;
            fb_wire_get_call (&copy, &call);
            copy = body;
            while (fb_wire_get_task (&copy, &task))
              ;
            copy = body;
            if (fb_wire_get_results_header (&copy, &header))
              while (fb_wire_get_result (&copy, &result))
                ;
            g_assert_cmpuint (copy.pos, <=, copy.len);
          }
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Protocol/results-round-trip", test_results_round_trip);
  g_test_add_func ("/Forkbench/Protocol/bad-status", test_bad_status);
  g_test_add_func ("/Forkbench/Protocol/truncated", test_truncated);
  g_test_add_func ("/Forkbench/Protocol/lying-lengths", test_lying_lengths);
  g_test_add_func ("/Forkbench/Protocol/random-bytes", test_random_bytes);

  return g_test_run ();
}
