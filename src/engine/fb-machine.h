/* fb-machine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define FB_TYPE_MACHINE (fb_machine_get_type ())

G_DECLARE_FINAL_TYPE (FbMachine, fb_machine, FB, MACHINE, GObject)

FbMachine  *fb_machine_new                        (void);
FbMachine  *fb_machine_new_from_files             (const char           *cpuinfo_path,
                                                   const char           *governor_path,
                                                   const char           *kernel_release,
                                                   guint                 n_logical);
FbMachine  *fb_machine_new_from_values             (const char           *cpu_model,
                                                   guint                 n_logical,
                                                   guint                 n_physical,
                                                   const char           *kernel,
                                                   const char           *governor,
                                                   const char           *power_profile);
const char *fb_machine_get_cpu_model              (FbMachine            *self);
guint       fb_machine_get_n_logical_cores        (FbMachine            *self);
guint       fb_machine_get_n_physical_cores       (FbMachine            *self);
const char *fb_machine_get_kernel                 (FbMachine            *self);
const char *fb_machine_get_governor               (FbMachine            *self);
const char *fb_machine_get_power_profile          (FbMachine            *self);

void        fb_machine_query_power_profile_async  (FbMachine            *self,
                                                   GDBusConnection      *connection,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
gboolean    fb_machine_query_power_profile_finish (FbMachine            *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

gboolean    fb_machine_is_comparable              (FbMachine            *a,
                                                   FbMachine            *b,
                                                   char                **reason);
char       *fb_machine_describe                   (FbMachine            *self);

G_END_DECLS
