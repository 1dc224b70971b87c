#include "CJemallocConf.h"

// jemalloc reads this symbol at start-up, before main. Both choices are measured by
// Benchmarks/peers/jemalloc_options.py (results in docs/server.md, "jemalloc and its options"):
// after a burst of large requests, the server keeps 39 MB resident instead of 54 MB with
// jemalloc's defaults, at the same throughput, and it takes both:
// - dirty_decay_ms:1000     freed pages go back to the system after ~1 s instead of 10 s;
// - background_thread:true  jemalloc's own thread does that purging, so it happens while the
//                           server is idle (without it, purging waits for the next free(), and
//                           an idle server keeps its burst-time memory: 51 MB).
// Left at their defaults because they measured no different here: narenas (4 per core),
// muzzy_decay_ms (already 0 in jemalloc 5.3).
const char *malloc_conf = "background_thread:true,dirty_decay_ms:1000";

const char *gauntlet_malloc_conf(void) { return malloc_conf; }
