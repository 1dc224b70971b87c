#ifndef GAUNTLET_CJEMALLOC_SHIM_H
#define GAUNTLET_CJEMALLOC_SHIM_H
// Linking jemalloc puts libjemalloc.so.2 first among the executable's libraries, so it replaces
// malloc for the whole process. Only mallctl is called by name, to read its statistics.
#include <jemalloc/jemalloc.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/// Reads a size_t statistic after refreshing jemalloc's cached figures; 0 when unknown.
static inline size_t gauntlet_jemalloc_size(const char *name) {
    uint64_t epoch = 1;
    size_t epoch_size = sizeof(epoch);
    mallctl("epoch", &epoch, &epoch_size, &epoch, epoch_size);
    size_t value = 0;
    size_t value_size = sizeof(value);
    if (mallctl(name, &value, &value_size, NULL, 0) != 0) return 0;
    return value;
}

/// jemalloc's version string ("5.3.0-0-g…"), or NULL.
static inline const char *gauntlet_jemalloc_version(void) {
    const char *version = NULL;
    size_t size = sizeof(version);
    if (mallctl("version", &version, &size, NULL, 0) != 0) return NULL;
    return version;
}

/// The options jemalloc runs with, as it parsed them (opt.* is read-only after start).
static inline unsigned gauntlet_jemalloc_unsigned_option(const char *name) {
    unsigned value = 0;
    size_t size = sizeof(value);
    if (mallctl(name, &value, &size, NULL, 0) != 0) return 0;
    return value;
}

static inline long gauntlet_jemalloc_ssize_option(const char *name) {
    ssize_t value = 0;
    size_t size = sizeof(value);
    if (mallctl(name, &value, &size, NULL, 0) != 0) return -2;
    return (long)value;
}

static inline int gauntlet_jemalloc_bool_option(const char *name) {
    _Bool value = 0;
    size_t size = sizeof(value);
    if (mallctl(name, &value, &size, NULL, 0) != 0) return -1;
    return value ? 1 : 0;
}
#endif
