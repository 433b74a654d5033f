// ingest_pipeline.hpp — parse on one thread while the tracker stores on another.
#pragma once

#include "guesttrack/tracker.hpp"

namespace guesttrack::detail {

/// True where this build can run the parser on a second thread (native builds).
bool pipeline_available() noexcept;

/// Tracker::ingest_stream() on two threads: the calling thread stores records while a worker
/// splits, parses and normalises the next ones. Same records, same order, same result.
Status ingest_pipelined(Tracker& tracker, const char* data, size_t len, OrderSink* progress,
                        InputShape* shape);

}  // namespace guesttrack::detail
