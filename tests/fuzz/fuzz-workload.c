/* fuzz-workload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workload parser against any bytes: it must answer, never crash or
 * hang, and whatever it accepts must save and load back the same.
 */

#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "fb-engine.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FbWorkload) workload = NULL;
  g_autoptr(FbWorkload) again = NULL;
  g_autofree char *saved = NULL;

  workload = fb_workload_new_from_data ((const char *) data, (gssize) size, "fuzz.json", &error);
  if (workload == NULL)
    {
      /* A refusal is an error that says something. */
      g_assert_nonnull (error);
      g_assert_true (error->domain == FB_WORKLOAD_ERROR);
      g_assert_cmpstr (error->message, !=, "");
      return 0;
    }

  g_assert_no_error (error);
  saved = fb_workload_to_data (workload, NULL);
  again = fb_workload_new_from_data (saved, -1, "saved.json", &error);
  g_assert_no_error (error);
  g_assert_true (fb_workload_equal (workload, again));

  return 0;
}
