/* fb-engine.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-amdahl.h"
#include "fb-format.h"
#include "fb-inputs.h"
#include "fb-kernel.h"
#include "fb-machine.h"
#include "fb-map.h"
#include "fb-pool.h"
#include "fb-python.h"
#include "fb-report.h"
#include "fb-run.h"
#include "fb-task-record.h"
#include "fb-types.h"
#include "fb-workload.h"
