/* fb-tsan-glib.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ThreadSanitizer sees pthread mutexes and condition variables, and atomics
 * in code it compiled. On Linux, GLib's GMutex and GCond are neither: they
 * are built on futexes inside libglib, which was not compiled with
 * -fsanitize=thread. Without help, every value that one of our threads
 * hands to another under a GMutex looks like a data race.
 *
 * In a ThreadSanitizer build, the tests (and the engine in them) are linked
 * with -Wl,--wrap for these functions, so our code's calls come here: each one
 * calls GLib's and tells ThreadSanitizer what it did, with the annotations
 * of <sanitizer/tsan_interface.h>. ThreadSanitizer then checks our locks
 * like any other mutex: accesses they do not order are reported, and so are
 * lock-order inversions, unlocking a mutex this thread does not hold, and
 * clearing a locked one. Only calls made from our code are annotated: the
 * locks GLib takes inside itself stay invisible, which is why the "tsan"
 * test setup (tests/meson.build) leaves out what GLib's own calls to the C
 * library touch.
 *
 * GRecMutex and GRWLock are pthread objects in GLib, which ThreadSanitizer
 * already understands.
 */

#include <glib.h>
#include <sanitizer/tsan_interface.h>

/* The linker makes our calls to g_mutex_lock() call __wrap_g_mutex_lock(),
 * and __real_g_mutex_lock() call GLib's g_mutex_lock(). */
void     __real_g_mutex_init       (GMutex *mutex);
void     __real_g_mutex_clear      (GMutex *mutex);
void     __real_g_mutex_lock       (GMutex *mutex);
gboolean __real_g_mutex_trylock    (GMutex *mutex);
void     __real_g_mutex_unlock     (GMutex *mutex);
void     __real_g_cond_wait        (GCond  *cond,
                                    GMutex *mutex);
gboolean __real_g_cond_wait_until  (GCond  *cond,
                                    GMutex *mutex,
                                    gint64  end_time);

void     __wrap_g_mutex_init       (GMutex *mutex);
void     __wrap_g_mutex_clear      (GMutex *mutex);
void     __wrap_g_mutex_lock       (GMutex *mutex);
gboolean __wrap_g_mutex_trylock    (GMutex *mutex);
void     __wrap_g_mutex_unlock     (GMutex *mutex);
void     __wrap_g_cond_wait        (GCond  *cond,
                                    GMutex *mutex);
gboolean __wrap_g_cond_wait_until  (GCond  *cond,
                                    GMutex *mutex,
                                    gint64  end_time);

void
__wrap_g_mutex_init (GMutex *mutex)
{
  __real_g_mutex_init (mutex);
  __tsan_mutex_create (mutex, 0);
}

void
__wrap_g_mutex_clear (GMutex *mutex)
{
  __tsan_mutex_destroy (mutex, 0);
  __real_g_mutex_clear (mutex);
}

void
__wrap_g_mutex_lock (GMutex *mutex)
{
  __tsan_mutex_pre_lock (mutex, 0);
  __real_g_mutex_lock (mutex);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

gboolean
__wrap_g_mutex_trylock (GMutex *mutex)
{
  gboolean locked;

  __tsan_mutex_pre_lock (mutex, __tsan_mutex_try_lock);
  locked = __real_g_mutex_trylock (mutex);
  __tsan_mutex_post_lock (mutex,
                          __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed),
                          0);

  return locked;
}

void
__wrap_g_mutex_unlock (GMutex *mutex)
{
  /* The release is recorded before the mutex is free to be taken, so the
   * next owner's acquire always sees it. */
  __tsan_mutex_pre_unlock (mutex, 0);
  __real_g_mutex_unlock (mutex);
  __tsan_mutex_post_unlock (mutex, 0);
}

/* A wait unlocks the mutex and locks it again before it returns, inside
 * GLib, where the calls are not wrapped: say so on either side. */
void
__wrap_g_cond_wait (GCond  *cond,
                    GMutex *mutex)
{
  __tsan_mutex_pre_unlock (mutex, 0);
  __tsan_mutex_post_unlock (mutex, 0);
  __real_g_cond_wait (cond, mutex);
  __tsan_mutex_pre_lock (mutex, 0);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

gboolean
__wrap_g_cond_wait_until (GCond  *cond,
                          GMutex *mutex,
                          gint64  end_time)
{
  gboolean signalled;

  __tsan_mutex_pre_unlock (mutex, 0);
  __tsan_mutex_post_unlock (mutex, 0);
  signalled = __real_g_cond_wait_until (cond, mutex, end_time);
  __tsan_mutex_pre_lock (mutex, 0);
  __tsan_mutex_post_lock (mutex, 0, 0);

  return signalled;
}
