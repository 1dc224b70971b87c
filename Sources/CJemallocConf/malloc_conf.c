#include "CJemallocConf.h"

// jemalloc reads this symbol at start-up, before main. Each choice is measured in docs/server.md
// ("jemalloc and its options"):
// - background_thread:true  purging runs on jemalloc's own thread, not inside a request's free();
// - narenas:2               one arena per core instead of 4 per core: the server has few threads,
//                           and fewer arenas keep less dirty memory around for the same work;
// - dirty_decay_ms:1000     freed pages go back to the system after ~1 s instead of 10 s, so RSS
//                           falls soon after a burst.
// (muzzy_decay_ms is already 0 in jemalloc 5.3: no second, lazier stage.)
const char *malloc_conf = "background_thread:true,narenas:2,dirty_decay_ms:1000";

const char *gauntlet_malloc_conf(void) { return malloc_conf; }
