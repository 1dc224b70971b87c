#ifndef GAUNTLET_CJEMALLOCCONF_H
#define GAUNTLET_CJEMALLOCCONF_H
/// The options compiled into the server for jemalloc (docs/server.md says why each is there);
/// the MALLOC_CONF environment variable still overrides any of them.
const char *gauntlet_malloc_conf(void);
#endif
