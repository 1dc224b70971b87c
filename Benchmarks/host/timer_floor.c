/* How late this host wakes a thread that waits for an absolute deadline: the floor under any
 * load generator's schedule lag (docs/measurement.md, "The host's own timing").
 *
 *   cc -O2 -o timer_floor timer_floor.c
 *   ./timer_floor [--hold-idle] [--spin] [seconds] [period_us]
 *
 * Waits on a timerfd armed at absolute CLOCK_MONOTONIC deadlines every period (default 1 ms, for
 * 10 s) and prints the lateness's p50, p99, p99.9 and max in ms. --hold-idle holds
 * /dev/cpu_dma_latency at 0 µs meanwhile (idle CPUs poll, as Gauntlet does by default; needs
 * root); --spin reads the clock in a loop instead of sleeping. */
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static int compare(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv) {
    int hold = 0, spin = 0;
    double seconds = 10, period_us = 1000;
    int positional = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--hold-idle")) hold = 1;
        else if (!strcmp(argv[i], "--spin")) spin = 1;
        else if (positional++ == 0) seconds = atof(argv[i]);
        else period_us = atof(argv[i]);
    }
    int qos = -1;
    if (hold) {
        qos = open("/dev/cpu_dma_latency", O_WRONLY);
        int32_t zero = 0;
        if (qos < 0 || write(qos, &zero, sizeof zero) != sizeof zero) { perror("/dev/cpu_dma_latency"); return 1; }
    }
    size_t count = (size_t)(seconds * 1e6 / period_us);
    uint64_t *late = malloc(count * sizeof *late);
    int timer = timerfd_create(CLOCK_MONOTONIC, 0);
    uint64_t period = (uint64_t)(period_us * 1000), start = now_ns() + period;
    for (size_t i = 0; i < count; i++) {
        uint64_t deadline = start + i * period;
        if (spin) {
            while (now_ns() < deadline) {}
        } else {
            struct itimerspec spec = {0};
            spec.it_value.tv_sec = (time_t)(deadline / 1000000000u);
            spec.it_value.tv_nsec = (long)(deadline % 1000000000u);
            timerfd_settime(timer, TFD_TIMER_ABSTIME, &spec, NULL);
            struct pollfd fd = {.fd = timer, .events = POLLIN};
            poll(&fd, 1, -1);
            uint64_t expirations;
            if (read(timer, &expirations, sizeof expirations) < 0) { perror("read"); return 1; }
        }
        uint64_t woke = now_ns();
        late[i] = woke > deadline ? woke - deadline : 0;
    }
    qsort(late, count, sizeof *late, compare);
    printf("%s%s: %zu waits of %.0f us: lateness p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms\n",
           spin ? "spinning" : "timerfd", hold ? ", idle CPUs held polling" : "", count, period_us,
           late[count / 2] / 1e6, late[(size_t)(count * 0.99)] / 1e6, late[(size_t)(count * 0.999)] / 1e6,
           late[count - 1] / 1e6);
    if (qos >= 0) close(qos);
    return 0;
}
