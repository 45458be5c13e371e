/* test-amdahl.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Amdahl's law fitted to a sweep: the serial fraction comes back from
 * speedups that follow the law, stays close on noisy ones, is refused when
 * there is nothing to fit, and reads as a sentence with the right figures.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "fb-test-util.h"

static void
synthetic (double  f,
           guint  *workers,
           double *speedup,
           guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      workers[i] = i + 1;
      speedup[i] = 1.0 / (f + (1.0 - f) / workers[i]);
    }
}

static void
test_exact (void)
{
  static const double fractions[] = { 0, 0.1, 0.5, 1 };

  for (guint k = 0; k < G_N_ELEMENTS (fractions); k++)
    {
      guint workers[8];
      double speedup[8];
      double f = -1, rms = -1;

      synthetic (fractions[k], workers, speedup, G_N_ELEMENTS (workers));
      g_assert_true (fb_amdahl_fit (workers, speedup, G_N_ELEMENTS (workers), &f, &rms));
      g_assert_cmpfloat_with_epsilon (f, fractions[k], 1e-9);
      g_assert_cmpfloat_with_epsilon (rms, 0, 1e-9);
    }
}

static void
test_noisy (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint round = 0; round < 20; round++)
    {
      guint workers[16];
      double speedup[16];
      double truth = g_rand_double_range (rand, 0.02, 0.6);
      double f = -1, rms = -1;

      synthetic (truth, workers, speedup, G_N_ELEMENTS (workers));
      for (guint i = 1; i < G_N_ELEMENTS (speedup); i++)
        speedup[i] *= 1 + g_rand_double_range (rand, -0.03, 0.03);

      g_assert_true (fb_amdahl_fit (workers, speedup, G_N_ELEMENTS (workers), &f, &rms));
      g_assert_cmpfloat (fabs (f - truth), <, 0.02);
      g_assert_cmpfloat (rms, >, 0);
    }
}

static void
test_refused (void)
{
  guint workers[] = { 1, 2, 4 };
  guint ones[] = { 1, 1, 1 };
  double good[] = { 1, 1.8, 3.1 };
  double negative[] = { 1, -1.8, 3.1 };
  double zero[] = { 1, 1.8, 0 };
  double nan_[] = { 1, NAN, 3.1 };
  double inf_[] = { 1, 1.8, INFINITY };
  double f = 42, rms = 42;

  g_assert_false (fb_amdahl_fit (workers, good, 0, &f, &rms));
  g_assert_false (fb_amdahl_fit (workers, good, 1, &f, &rms));
  g_assert_false (fb_amdahl_fit (ones, good, 3, &f, &rms));
  g_assert_false (fb_amdahl_fit (workers, negative, 3, &f, &rms));
  g_assert_false (fb_amdahl_fit (workers, zero, 3, &f, &rms));
  g_assert_false (fb_amdahl_fit (workers, nan_, 3, &f, &rms));
  g_assert_false (fb_amdahl_fit (workers, inf_, 3, &f, &rms));

  /* Nothing is set when there is nothing to fit. */
  g_assert_cmpfloat (f, ==, 42);
  g_assert_cmpfloat (rms, ==, 42);

  /* The out arguments are optional. */
  g_assert_true (fb_amdahl_fit (workers, good, 3, NULL, NULL));
}

static void
test_clamped (void)
{
  guint workers[] = { 1, 2, 4, 8 };
  double superlinear[] = { 1, 2.2, 4.4, 8.8 };
  double slower[] = { 1, 0.8, 0.6, 0.5 };
  double f = -1, rms = -1;

  /* Caches warming up can make N workers more than N times faster; that
   * is no serial work at all, not a negative amount of it. */
  g_assert_true (fb_amdahl_fit (workers, superlinear, G_N_ELEMENTS (workers), &f, &rms));
  g_assert_cmpfloat (f, ==, 0);
  g_assert_cmpfloat_with_epsilon (rms, sqrt ((0.2 * 0.2 + 0.4 * 0.4 + 0.8 * 0.8) / 4), 1e-9);

  /* More workers that only get in each other's way: all of it serial. */
  g_assert_true (fb_amdahl_fit (workers, slower, G_N_ELEMENTS (workers), &f, &rms));
  g_assert_cmpfloat (f, ==, 1);
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

static void
test_describe (void)
{
  g_autofree char *twelve = fb_amdahl_describe (0.12, 4);
  g_autofree char *quarter = fb_amdahl_describe (0.25, 8);
  g_autofree char *one_worker = fb_amdahl_describe (0.5, 1);
  g_autofree char *perfect = fb_amdahl_describe (0.001, 16);
  g_autofree char *serial = fb_amdahl_describe (0.95, 4);
  g_autofree char *perfect_one = fb_amdahl_describe (0.001, 1);
  g_autofree char *serial_one = fb_amdahl_describe (0.95, 1);

  /* 1 / 0.12 = 8.33; 1 / (0.12 + 0.88 / 4) = 2.94 */
  assert_contains (twelve, "About 12% of the work ran serially");
  assert_contains (twelve, "more than 8.3 times faster");
  assert_contains (twelve, "4 workers reach at most 2.9 times");

  /* 1 / 0.25 = 4; 1 / (0.25 + 0.75 / 8) = 2.91 */
  assert_contains (quarter, "About 25%");
  assert_contains (quarter, "more than 4.0 times faster");
  assert_contains (quarter, "8 workers reach at most 2.9 times");

  assert_contains (one_worker, "1 worker reaches at most 1.0 times");

  /* 1 / (0.001 + 0.999 / 16) = 15.76 */
  assert_contains (perfect, "almost perfectly");
  assert_contains (perfect, "0.1%");
  assert_contains (perfect, "16 workers tested");
  assert_contains (perfect, "15.8 times");

  /* 1 / (0.95 + 0.05 / 4) = 1.04 */
  assert_contains (serial, "About 95%");
  assert_contains (serial, "barely gains from more workers");
  assert_contains (serial, "4 workers reach at most 1.0 times");

  /* A count of one reads in the singular in every sentence. */
  assert_contains (perfect_one, "up to the 1 worker tested, which reaches 1.0 times");
  assert_contains (serial_one, "and 1 worker reaches at most 1.0 times");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Forkbench/Amdahl/exact", test_exact);
  g_test_add_func ("/Forkbench/Amdahl/noisy", test_noisy);
  g_test_add_func ("/Forkbench/Amdahl/refused", test_refused);
  g_test_add_func ("/Forkbench/Amdahl/clamped", test_clamped);
  g_test_add_func ("/Forkbench/Amdahl/describe", test_describe);

  return g_test_run ();
}
