/* fb-monitor.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "fb-cpu-load.h"
#include "fb-cpu-sampler.h"
#include "fb-proc-stats.h"
#include "fb-run-monitor.h"
#include "fb-series.h"
