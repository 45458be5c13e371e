/* fb-run-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-run.h"

G_BEGIN_DECLS

/* Adds a report to a run that has not been executed: a run read back from
 * somewhere, or one built in a test to check what it concludes. */
void fb_run_add_report (FbRun    *self,
                        FbReport *report);
void fb_run_set_machine (FbRun     *self,
                         FbMachine *machine);

G_END_DECLS
