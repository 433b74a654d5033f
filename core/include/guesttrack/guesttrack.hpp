// guesttrack.hpp — the whole public API of the core in one include.
#pragma once

#include "guesttrack/datetime.hpp"
#include "guesttrack/money.hpp"
#include "guesttrack/normalize.hpp"
#include "guesttrack/order.hpp"
#include "guesttrack/parse.hpp"
#include "guesttrack/report.hpp"
#include "guesttrack/status.hpp"
#include "guesttrack/tracker.hpp"
#include "guesttrack/version.hpp"
