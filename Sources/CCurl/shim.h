#ifndef GAUNTLET_CCURL_SHIM_H
#define GAUNTLET_CCURL_SHIM_H

// Swift cannot call C variadic functions, so libcurl's curl_easy_setopt,
// curl_easy_getinfo and curl_multi_setopt are wrapped here in typed,
// non-variadic inline functions, one per argument type.

#include <curl/curl.h>
#include <sys/timerfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

typedef size_t (*gauntlet_curl_write_callback)(char *ptr, size_t size, size_t nmemb, void *userdata);

static inline CURLcode gauntlet_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gauntlet_easy_setopt_offt(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gauntlet_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gauntlet_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gauntlet_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode gauntlet_easy_setopt_write_function(CURL *handle, gauntlet_curl_write_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
}

static inline CURLcode gauntlet_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode gauntlet_easy_getinfo_offt(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode gauntlet_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLcode gauntlet_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode gauntlet_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

// CURLMsg keeps the transfer's result in a union that Swift cannot read directly.
static inline CURLcode gauntlet_msg_result(const CURLMsg *message) {
    return message->data.result;
}

// Lets a worker thread ask the kernel for precise wake-ups (the default slack is 50 µs).
static inline int gauntlet_set_timer_slack_ns(unsigned long nanoseconds) {
    return prctl(PR_SET_TIMERSLACK, nanoseconds, 0, 0, 0);
}

// struct sched_attr (linux/sched/types.h), which glibc before 2.41 does not declare.
struct gauntlet_sched_attr {
    uint32_t size, sched_policy;
    uint64_t sched_flags;
    int32_t sched_nice;
    uint32_t sched_priority;
    uint64_t sched_runtime, sched_deadline, sched_period;
    uint32_t sched_util_min, sched_util_max;
};

// Asks for a short scheduler slice for the calling thread, keeping its policy and nice value.
// Since Linux 6.12 (EEVDF) a normal thread's sched_runtime is its slice: a thread that wakes with
// a shorter slice gets an earlier deadline and preempts a busy CPU sooner, without taking a
// larger share of it. Returns the slice in force afterwards (0: the kernel keeps none, or the
// call failed; then errno says why).
static inline uint64_t gauntlet_set_thread_slice_ns(uint64_t nanoseconds) {
#ifdef SYS_sched_setattr
    struct gauntlet_sched_attr attributes;
    memset(&attributes, 0, sizeof attributes);
    if (syscall(SYS_sched_getattr, 0, &attributes, sizeof attributes, 0) != 0) return 0;
    if (attributes.sched_policy != 0 /* SCHED_OTHER */) return 0;
    attributes.size = sizeof attributes;
    attributes.sched_flags = 0;
    attributes.sched_runtime = nanoseconds;
    if (syscall(SYS_sched_setattr, 0, &attributes, 0) != 0) return 0;
    memset(&attributes, 0, sizeof attributes);
    if (syscall(SYS_sched_getattr, 0, &attributes, sizeof attributes, 0) != 0) return 0;
    return attributes.sched_runtime;
#else
    errno = ENOSYS;
    return 0;
#endif
}

#endif
