// version.hpp — the release this core belongs to.
#pragma once

namespace guesttrack {
constexpr const char* kVersion = "0.1.0";
}
