/*
 * curl_multi_baseline: the cheapest closed-loop load generator that can be
 * built on libcurl's multi interface, as a yardstick for gauntlet.
 *
 *     curl_multi_baseline [--socket-action] URL CONNECTIONS THREADS SECONDS [RATE]
 *
 * With RATE (requests per second, split evenly over the threads) it is the
 * cheapest open loop instead: each thread sends at fixed intervals, sleeping in
 * curl_multi_poll on a timerfd until the next send is due, as gauntlet's worker
 * does. Its CPU per request at a low rate is libcurl's own floor for open loop.
 *
 * With --socket-action (open loop only) the thread drives libcurl the other way
 * it allows: its own epoll set (the timerfd and libcurl's sockets, registered
 * lazily: a kept-alive connection stays in the set between its transfers) and
 * curl_multi_socket_action for the sockets that are ready, instead of
 * curl_multi_perform over every transfer and curl_multi_poll over every socket.
 * It answers whether fewer polls per transfer would lower that floor.
 *
 * It does what gauntlet's engine does per request and nothing more: no
 * scheduling, no latency histogram, no per-second series. So its CPU per
 * request is what libcurl itself costs on this machine, and gauntlet divided by
 * it shows how much gauntlet's engine adds on top of libcurl.
 *
 * Shape (mirrors Sources/GauntletLoad/Engine/CurlWorker.swift and Transfer.swift):
 *   - THREADS pthreads, each with its own multi handle and its share of
 *     CONNECTIONS (CURLMOPT_MAXCONNECTS = CURLMOPT_MAX_TOTAL_CONNECTIONS = share).
 *   - Each thread creates one easy handle per connection once, with the same
 *     options gauntlet sets, and reuses it: on CURLMSG_DONE the handle is
 *     removed and immediately added again, so `share` requests are always in
 *     flight (closed loop) and connections stay alive in the multi's cache.
 *   - Per completion it reads CURLINFO_PRIVATE, CURLINFO_RESPONSE_CODE and
 *     CURLINFO_REQUEST_SIZE, as gauntlet does.
 *   - Loop: curl_multi_perform, drain curl_multi_info_read,
 *     curl_multi_poll(multi, NULL, 0, 50, NULL), until SECONDS have passed.
 *
 * Output, one line of JSON on stdout:
 *     {"requests": N, "ok": N, "errors": N, "seconds": S, "rate": R, "cpu_us_per_request": C}
 * requests = transfers completed within the run; ok = CURLE_OK with HTTP
 * status 200-399; errors = requests - ok; seconds = wall time from the common
 * start to the last thread's end of loop; rate = requests / seconds. Transfers
 * still in flight at the end are abandoned and not counted (as wrk does);
 * cpu_us_per_request = the threads' CPU time (CLOCK_THREAD_CPUTIME_ID) in the
 * timed loop, divided by requests.
 *
 * Safety: only plain-HTTP URLs on 127.0.0.1 are accepted; this is a benchmark
 * against a local server, never a tool to point at someone else's.
 *
 * Build (Benchmarks/peers/nginx_compare.py does this itself):
 *     gcc -O2 -o .build-release/bench/curl_multi_baseline \
 *         Benchmarks/peers/curl_multi_baseline.c -lcurl -lpthread
 *
 * Needs libcurl >= 7.66 (curl_multi_poll).
 */

#define _POSIX_C_SOURCE 200809L

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

/* Same values and user agent as gauntlet's defaults. */
#define TIMEOUT_MS 30000L
#define CONNECT_TIMEOUT_MS 10000L
#define USER_AGENT "gauntlet/0.1.0"
#define POLL_MS 50

/* Per-thread state. Each thread touches only its own struct until it has
 * finished; main reads the counters after pthread_join. */
struct worker {
    pthread_t thread;
    const char *url;
    long connections;   /* this thread's share of CONNECTIONS */
    double seconds;     /* how long to run */
    double rate;        /* this thread's sends per second; 0 = closed loop */
    int socket_action;  /* open loop driven by curl_multi_socket_action and epoll */
    void *socket_loop;  /* its state; freed after the handles, whose callbacks use it */
    pthread_barrier_t *start;

    CURLM *multi;
    CURL **easy;        /* `connections` handles, created once, reused */

    unsigned long long requests;   /* completed transfers */
    unsigned long long ok;         /* CURLE_OK and HTTP 2xx/3xx */
    unsigned long long request_bytes; /* sum of CURLINFO_REQUEST_SIZE; read
                                         only because gauntlet reads it */
    double end;         /* CLOCK_MONOTONIC seconds when the loop ended */
    double cpu;         /* thread CPU seconds spent in the timed loop */
    const char *failure; /* set if setup failed; the run is then invalid */
};

static double clock_seconds(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double now_seconds(void) { return clock_seconds(CLOCK_MONOTONIC); }

/* Bodies are consumed and dropped, like gauntlet's write callback. */
static size_t discard_body(char *data, size_t size, size_t nmemb, void *user)
{
    (void)data;
    (void)user;
    return size * nmemb;
}

/* Creates one easy handle with the options gauntlet sets per handle for a
 * plain GET (Transfer.configure). Returns NULL on failure. */
static CURL *make_easy(struct worker *w)
{
    CURL *e = curl_easy_init();
    if (!e)
        return NULL;
    CURLcode rc = CURLE_OK;
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_URL, w->url);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L); /* threads: no signals */
    /* No proxy and no look-up of the proxy variables, as gauntlet without --proxy. */
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_PROXY, "");
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, TIMEOUT_MS);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, discard_body);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_PRIVATE, (void *)w);
    if (!rc) rc = curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
    if (rc) {
        curl_easy_cleanup(e);
        return NULL;
    }
    return e;
}

/* Handles every finished transfer: count it, then put the same handle straight
 * back into the multi so that it sends the next request (closed loop), or, when
 * `idle` is given, onto that stack until its next send is due (open loop). */
static void collect_completions(struct worker *w, CURL **idle, long *idle_count)
{
    CURLMsg *msg;
    int remaining;
    while ((msg = curl_multi_info_read(w->multi, &remaining)) != NULL) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        CURL *e = msg->easy_handle;
        CURLcode result = msg->data.result; /* read before remove: msg is freed */

        /* The same three look-ups gauntlet does per completion. */
        char *owner = NULL;
        long status = 0;
        long request_size = 0;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, &owner);
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
        curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &request_size);

        struct worker *self = (struct worker *)owner; /* == w */
        self->requests++;
        self->request_bytes += (unsigned long long)request_size;
        if (result == CURLE_OK && status >= 200 && status < 400)
            self->ok++;

        curl_multi_remove_handle(w->multi, e);
        if (idle)
            idle[(*idle_count)++] = e;
        else
            curl_multi_add_handle(w->multi, e);
    }
}

/* Open loop: a send every 1/rate seconds from the start, each on a free handle
 * (a send due while all are busy waits for one); the thread sleeps in
 * curl_multi_poll until the next send is due or an answer comes. */
static void run_open_loop(struct worker *w, double deadline)
{
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    if (timer < 0) {
        w->failure = "timerfd_create failed";
        return;
    }
    long idle_count = w->connections;
    CURL **idle = calloc((size_t)w->connections, sizeof *idle);
    for (long i = 0; i < w->connections; i++)
        idle[i] = w->easy[i];
    double interval = 1.0 / w->rate;
    double due = now_seconds();
    int running = 0;
    double now;
    while ((now = now_seconds()) < deadline) {
        while (due <= now && idle_count > 0) {
            curl_multi_add_handle(w->multi, idle[--idle_count]);
            due += interval;
        }
        curl_multi_perform(w->multi, &running);
        collect_completions(w, idle, &idle_count);
        struct itimerspec at = {0};
        at.it_value.tv_sec = (time_t)due;
        at.it_value.tv_nsec = (long)((due - (double)(time_t)due) * 1e9);
        timerfd_settime(timer, TFD_TIMER_ABSTIME, &at, NULL);
        struct curl_waitfd wake = {.fd = timer, .events = CURL_WAIT_POLLIN, .revents = 0};
        curl_multi_poll(w->multi, &wake, 1, 1000, NULL);
    }
    free(idle);
    close(timer);
}


/* State of an open loop driven by curl_multi_socket_action: the thread's epoll
 * set, what is registered in it and what libcurl wants of each socket. */
#define MAX_SOCKETS 65536
struct socket_loop {
    int epoll;
    long curl_timeout_ms;            /* libcurl's timer: -1 none, 0 now */
    unsigned char registered[MAX_SOCKETS]; /* epoll events registered, 0 = not in the set */
    unsigned char wanted[MAX_SOCKETS];     /* what libcurl wants now, 0 = nothing */
};

static int on_curl_timer(CURLM *multi, long timeout_ms, void *data)
{
    (void)multi;
    ((struct socket_loop *)data)->curl_timeout_ms = timeout_ms;
    return 0;
}

/* libcurl says what it wants of a socket. A socket it no longer wants (its
 * transfer finished, the connection kept alive) stays registered, so the next
 * transfer on it costs no epoll_ctl; it is dropped if it turns ready meanwhile. */
static int on_curl_socket(CURL *easy, curl_socket_t fd, int what, void *data, void *socket_data)
{
    (void)easy;
    (void)socket_data;
    struct socket_loop *loop = data;
    if (fd < 0 || fd >= MAX_SOCKETS)
        return -1;
    unsigned char events = 0;
    if (what == CURL_POLL_IN || what == CURL_POLL_INOUT) events |= EPOLLIN;
    if (what == CURL_POLL_OUT || what == CURL_POLL_INOUT) events |= EPOLLOUT;
    loop->wanted[fd] = what == CURL_POLL_REMOVE ? 0 : events;
    if (!loop->wanted[fd] || loop->registered[fd] == events)
        return 0;
    struct epoll_event ev = {.events = events, .data.fd = fd};
    epoll_ctl(loop->epoll, loop->registered[fd] ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
    loop->registered[fd] = events;
    return 0;
}

/* A closed socket leaves the epoll set by itself; its number may come back for
 * a new connection, which must then be registered afresh. */
static int on_close_socket(void *data, curl_socket_t fd)
{
    struct socket_loop *loop = data;
    if (fd >= 0 && fd < MAX_SOCKETS)
        loop->registered[fd] = loop->wanted[fd] = 0;
    return close(fd);
}

static void run_open_loop_socket_action(struct worker *w, double deadline)
{
    struct socket_loop *loop = calloc(1, sizeof *loop);
    w->socket_loop = loop;
    if (loop)
        loop->epoll = epoll_create1(EPOLL_CLOEXEC);
    int timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    CURL **idle = calloc((size_t)w->connections, sizeof *idle);
    if (!loop || loop->epoll < 0 || timer < 0 || !idle) {
        w->failure = "socket-action set-up failed";
        free(idle);
        if (timer >= 0)
            close(timer);
        return;
    }
    loop->curl_timeout_ms = -1;
    struct epoll_event timer_event = {.events = EPOLLIN, .data.fd = timer};
    epoll_ctl(loop->epoll, EPOLL_CTL_ADD, timer, &timer_event);
    curl_multi_setopt(w->multi, CURLMOPT_SOCKETFUNCTION, on_curl_socket);
    curl_multi_setopt(w->multi, CURLMOPT_SOCKETDATA, loop);
    curl_multi_setopt(w->multi, CURLMOPT_TIMERFUNCTION, on_curl_timer);
    curl_multi_setopt(w->multi, CURLMOPT_TIMERDATA, loop);
    long idle_count = w->connections;
    for (long i = 0; i < w->connections; i++) {
        idle[i] = w->easy[i];
        curl_easy_setopt(w->easy[i], CURLOPT_CLOSESOCKETFUNCTION, on_close_socket);
        curl_easy_setopt(w->easy[i], CURLOPT_CLOSESOCKETDATA, loop);
    }
    double interval = 1.0 / w->rate;
    double due = now_seconds();
    int running = 0;
    double now;
    struct epoll_event ready[64];
    while ((now = now_seconds()) < deadline) {
        while (due <= now && idle_count > 0) {
            curl_multi_add_handle(w->multi, idle[--idle_count]); /* sets libcurl's timer to 0 */
            due += interval;
        }
        if (loop->curl_timeout_ms == 0) {
            loop->curl_timeout_ms = -1;
            curl_multi_socket_action(w->multi, CURL_SOCKET_TIMEOUT, 0, &running);
            collect_completions(w, idle, &idle_count);
            if (loop->curl_timeout_ms == 0)
                continue;
        }
        struct itimerspec at = {0};
        at.it_value.tv_sec = (time_t)due;
        at.it_value.tv_nsec = (long)((due - (double)(time_t)due) * 1e9);
        timerfd_settime(timer, TFD_TIMER_ABSTIME, &at, NULL);
        int wait_ms = loop->curl_timeout_ms < 0 || loop->curl_timeout_ms > 1000 ? 1000 : (int)loop->curl_timeout_ms;
        int n = epoll_wait(loop->epoll, ready, 64, wait_ms);
        if (n == 0) {
            loop->curl_timeout_ms = -1;
            curl_multi_socket_action(w->multi, CURL_SOCKET_TIMEOUT, 0, &running);
        }
        for (int i = 0; i < n; i++) {
            int fd = ready[i].data.fd;
            if (fd == timer)
                continue; /* re-armed above before the next wait */
            if (!loop->wanted[fd]) {
                /* Ready with no transfer on it (the server closed it): stop watching it. */
                epoll_ctl(loop->epoll, EPOLL_CTL_DEL, fd, NULL);
                loop->registered[fd] = 0;
                continue;
            }
            int bits = 0;
            if (ready[i].events & (EPOLLIN | EPOLLHUP)) bits |= CURL_CSELECT_IN;
            if (ready[i].events & EPOLLOUT) bits |= CURL_CSELECT_OUT;
            if (ready[i].events & EPOLLERR) bits |= CURL_CSELECT_ERR;
            curl_multi_socket_action(w->multi, fd, bits, &running);
        }
        collect_completions(w, idle, &idle_count);
    }
    free(idle);
    close(timer);
}

static void *run_worker(void *arg)
{
    struct worker *w = arg;

    /* Setup before the start barrier, so it is not part of the timed run. */
    w->multi = curl_multi_init();
    w->easy = calloc((size_t)w->connections, sizeof *w->easy);
    if (!w->multi || !w->easy) {
        w->failure = "curl_multi_init or calloc failed";
    } else {
        curl_multi_setopt(w->multi, CURLMOPT_MAXCONNECTS, w->connections);
        curl_multi_setopt(w->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, w->connections);
        for (long i = 0; i < w->connections && !w->failure; i++) {
            w->easy[i] = make_easy(w);
            if (!w->easy[i])
                w->failure = "curl_easy_init or curl_easy_setopt failed";
        }
    }

    pthread_barrier_wait(w->start);
    double deadline = now_seconds() + w->seconds;
    double cpu_start = clock_seconds(CLOCK_THREAD_CPUTIME_ID);

    if (!w->failure && w->rate > 0) {
        if (w->socket_action)
            run_open_loop_socket_action(w, deadline);
        else
            run_open_loop(w, deadline);
    } else if (!w->failure) {
        for (long i = 0; i < w->connections; i++)
            curl_multi_add_handle(w->multi, w->easy[i]);

        int running = 0;
        while (now_seconds() < deadline) {
            curl_multi_perform(w->multi, &running);
            collect_completions(w, NULL, NULL);
            curl_multi_poll(w->multi, NULL, 0, POLL_MS, NULL);
        }
    }
    w->end = now_seconds();
    w->cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID) - cpu_start;

    /* Tear down (untimed). Removing a handle mid-transfer abandons it. */
    for (long i = 0; w->easy && i < w->connections; i++) {
        if (w->easy[i]) {
            if (w->multi)
                curl_multi_remove_handle(w->multi, w->easy[i]);
            curl_easy_cleanup(w->easy[i]);
        }
    }
    free(w->easy);
    if (w->multi)
        curl_multi_cleanup(w->multi);
    struct socket_loop *loop = w->socket_loop;
    if (loop) {
        if (loop->epoll >= 0)
            close(loop->epoll);
        free(loop);
    }
    return NULL;
}

static long parse_positive(const char *text, const char *what)
{
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno || *end || v <= 0) {
        fprintf(stderr, "curl_multi_baseline: %s must be a positive integer, got '%s'\n", what, text);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    int socket_action = argc > 1 && strcmp(argv[1], "--socket-action") == 0;
    if (socket_action) {
        argv++;
        argc--;
    }
    if ((argc != 5 && argc != 6) || (socket_action && argc != 6)) {
        fprintf(stderr, "usage: %s [--socket-action] URL CONNECTIONS THREADS SECONDS [RATE]\n"
                        "       (--socket-action needs RATE: it is an open loop)\n", argv[0]);
        return 2;
    }
    const char *url = argv[1];
    long connections = parse_positive(argv[2], "CONNECTIONS");
    long threads = parse_positive(argv[3], "THREADS");
    long seconds = parse_positive(argv[4], "SECONDS");
    long rate = argc == 6 ? parse_positive(argv[5], "RATE") : 0;

    /* Local targets only (see the header comment). */
    if (strncmp(url, "http://127.0.0.1:", 17) != 0 && strncmp(url, "http://127.0.0.1/", 17) != 0) {
        fprintf(stderr, "curl_multi_baseline: only http://127.0.0.1 URLs are allowed, got '%s'\n", url);
        return 2;
    }
    if (threads > connections) {
        fprintf(stderr, "curl_multi_baseline: THREADS (%ld) must not exceed CONNECTIONS (%ld)\n",
                threads, connections);
        return 2;
    }

    /* Not thread-safe in older libcurl: call once, before any thread starts. */
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "curl_multi_baseline: curl_global_init failed\n");
        return 1;
    }

    struct worker *workers = calloc((size_t)threads, sizeof *workers);
    if (!workers) {
        fprintf(stderr, "curl_multi_baseline: out of memory\n");
        return 1;
    }

    /* All workers and main meet at the barrier once setup is done. When it
     * opens, main reads the start time and each worker its own deadline, a
     * few microseconds apart at most, so the run's clock starts there. */
    pthread_barrier_t start;
    pthread_barrier_init(&start, NULL, (unsigned)threads + 1);

    for (long i = 0; i < threads; i++) {
        struct worker *w = &workers[i];
        w->url = url;
        /* Split as evenly as possible: the first (connections % threads)
         * workers get one extra, like gauntlet's LoadConfiguration.share. */
        w->connections = connections / threads + (i < connections % threads ? 1 : 0);
        w->seconds = (double)seconds;
        w->rate = (double)rate / (double)threads;
        w->socket_action = socket_action;
        w->start = &start;
        int err = pthread_create(&w->thread, NULL, run_worker, w);
        if (err) {
            fprintf(stderr, "curl_multi_baseline: pthread_create: %s\n", strerror(err));
            return 1; /* exiting the process ends any workers already started */
        }
    }
    pthread_barrier_wait(&start);
    double begin = now_seconds();

    unsigned long long requests = 0, ok = 0;
    double end = begin, cpu = 0;
    const char *failure = NULL;
    for (long i = 0; i < threads; i++) {
        pthread_join(workers[i].thread, NULL);
        requests += workers[i].requests;
        ok += workers[i].ok;
        cpu += workers[i].cpu;
        if (workers[i].end > end)
            end = workers[i].end;
        if (workers[i].failure)
            failure = workers[i].failure;
    }
    pthread_barrier_destroy(&start);
    free(workers);
    curl_global_cleanup();

    if (failure) {
        fprintf(stderr, "curl_multi_baseline: setup failed: %s\n", failure);
        return 1;
    }

    double elapsed = end - begin;
    printf("{\"requests\": %llu, \"ok\": %llu, \"errors\": %llu, \"seconds\": %.6f, \"rate\": %.2f, "
           "\"cpu_us_per_request\": %.2f}\n",
           requests, ok, requests - ok, elapsed, elapsed > 0 ? (double)requests / elapsed : 0.0,
           requests > 0 ? cpu * 1e6 / (double)requests : 0.0);
    return 0;
}
