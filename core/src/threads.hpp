// threads.hpp — whether this build has threads: natively yes; WASM only with Emscripten's
// pthreads (guesttrack's WASM module is built without them).
#pragma once

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define GUESTTRACK_NO_THREADS 1
#endif
