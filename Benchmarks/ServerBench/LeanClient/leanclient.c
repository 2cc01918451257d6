// Lean fan-out load client: the same arguments and output lines as BenchClient, at a fraction
// of its CPU, so that the server (not the client) is what the figures measure.
//
// Usage: leanclient PORT SERVER_PID CLIENTS RATES SECONDS   (STUCK=n adds n clients that never read)
//
// One thread reads every WebSocket with epoll and non-blocking sockets, parsing only frame headers
// and the send time in each task's title ("title":"t<CLOCK_MONOTONIC ns>"); a second thread creates
// tasks over REST (HTTP/1.1 keep-alive) at the rate. Latency is REST send -> WebSocket receipt.
// Server CPU (utime + stime) and RSS come from /proc/PID. Built by bench.sh with cc -O2.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *token = "bench-token-0123456789";
static int port;

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

// ---- latency histogram: 1 µs buckets below 100 ms, 100 µs buckets up to 60 s ----
#define FINE 100000
#define COARSE 600000
static uint32_t fine[FINE], coarse[COARSE];
static uint64_t samples, max_us;

static void record_us(uint64_t us) {
    if (us < FINE) fine[us]++;
    else coarse[us / 100 < COARSE ? us / 100 : COARSE - 1]++;
    if (us > max_us) max_us = us;
    samples++;
}

static double percentile_ms(double p) {
    if (samples == 0) return 0;
    uint64_t rank = (uint64_t)(p / 100.0 * (double)samples + 0.5), seen = 0;
    if (rank == 0) rank = 1;
    for (uint64_t i = 0; i < FINE; i++)
        if ((seen += fine[i]) >= rank) return (double)i / 1000.0;
    for (uint64_t i = FINE / 100; i < COARSE; i++)
        if ((seen += coarse[i]) >= rank) return (double)(i * 100) / 1000.0;
    return (double)max_us / 1000.0;
}

static void reset_histogram(void) {
    memset(fine, 0, sizeof fine);
    memset(coarse, 0, sizeof coarse);
    samples = max_us = 0;
}

// ---- /proc ----
static pid_t server_pid;

static double server_cpu_seconds(void) {
    char path[64], text[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", server_pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = 0;
    char *p = strrchr(text, ')');
    if (!p) return 0;
    unsigned long long utime = 0, stime = 0;
    // After ") ": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime);
    return (double)(utime + stime) / (double)sysconf(_SC_CLK_TCK);
}

static long server_rss_bytes(void) {
    char path[64], line[256];
    snprintf(path, sizeof path, "/proc/%d/status", server_pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    long kib = 0;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld", &kib) == 1) break;
    fclose(f);
    return kib * 1024;
}

// ---- sockets ----
static int connect_loopback(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) die("socket");
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0) die("connect");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

static void send_all(int fd, const char *bytes, size_t count) {
    while (count > 0) {
        ssize_t n = send(fd, bytes, count, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) die("send");
        bytes += n;
        count -= (size_t)n;
    }
}

// ---- WebSocket subscribers ----
struct connection {
    int fd;
    int welcomed, closed;
    uint8_t *pending; // bytes of an incomplete frame, kept between reads
    size_t pending_len, pending_cap;
};

static struct connection *connections;
static int connection_count;
static int welcomed_count;
static uint64_t received; // messages carrying a send time, this phase

static const char marker[] = "\"title\":\"t";

static void on_text(struct connection *c, const uint8_t *payload, size_t length, uint64_t now) {
    const uint8_t *at = memmem(payload, length, marker, sizeof marker - 1);
    if (!at) {
        if (!c->welcomed) {
            c->welcomed = 1;
            welcomed_count++;
        }
        return;
    }
    at += sizeof marker - 1;
    uint64_t sent = 0;
    while (at < payload + length && *at >= '0' && *at <= '9') sent = sent * 10 + (uint64_t)(*at++ - '0');
    received++;
    record_us(now > sent ? (now - sent) / 1000 : 0);
}

// Answers a ping with a masked pong (client frames must be masked; a zero mask keeps the payload as is).
static void send_pong(struct connection *c, const uint8_t *payload, size_t length) {
    uint8_t frame[2 + 4 + 125];
    if (length > 125) return;
    frame[0] = 0x8A;
    frame[1] = 0x80 | (uint8_t)length;
    memset(frame + 2, 0, 4);
    memcpy(frame + 6, payload, length);
    send(c->fd, frame, 6 + length, MSG_NOSIGNAL);
}

// Handles every complete frame in bytes; returns how many bytes were consumed.
static size_t parse_frames(struct connection *c, const uint8_t *bytes, size_t count, uint64_t now) {
    size_t at = 0;
    while (count - at >= 2) {
        const uint8_t *h = bytes + at;
        uint64_t length = h[1] & 0x7f;
        size_t header = 2;
        if (length == 126) {
            if (count - at < 4) break;
            length = ((uint64_t)h[2] << 8) | h[3];
            header = 4;
        } else if (length == 127) {
            if (count - at < 10) break;
            length = 0;
            for (int i = 2; i < 10; i++) length = (length << 8) | h[i];
            header = 10;
        }
        if (h[1] & 0x80) header += 4; // servers do not mask; tolerate it anyway
        if (count - at < header + length) break;
        const uint8_t *payload = h + header;
        switch (h[0] & 0x0f) {
        case 0x1: on_text(c, payload, (size_t)length, now); break;
        case 0x8: c->closed = 1; break;
        case 0x9: send_pong(c, payload, (size_t)length); break;
        default: break;
        }
        at += header + (size_t)length;
    }
    return at;
}

static void keep_pending(struct connection *c, const uint8_t *bytes, size_t count) {
    if (c->pending_len + count > c->pending_cap) {
        c->pending_cap = (c->pending_len + count) * 2;
        c->pending = realloc(c->pending, c->pending_cap);
        if (!c->pending) die("realloc");
    }
    memcpy(c->pending + c->pending_len, bytes, count);
    c->pending_len += count;
}

static uint8_t read_buffer[1 << 18];

static void on_readable(struct connection *c) {
    for (;;) {
        ssize_t n = recv(c->fd, read_buffer, sizeof read_buffer, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        if (n <= 0) {
            c->closed = 1;
            close(c->fd);
            return;
        }
        uint64_t now = now_ns();
        if (c->pending_len == 0) {
            size_t used = parse_frames(c, read_buffer, (size_t)n, now);
            if (used < (size_t)n) keep_pending(c, read_buffer + used, (size_t)n - used);
        } else {
            keep_pending(c, read_buffer, (size_t)n);
            size_t used = parse_frames(c, c->pending, c->pending_len, now);
            memmove(c->pending, c->pending + used, c->pending_len - used);
            c->pending_len -= used;
        }
        if ((size_t)n < sizeof read_buffer) return;
    }
}

static const char *upgrade_request =
    "GET /ws?token=%s&program=bench HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

// Connects and upgrades (blocking), keeping any bytes after the 101 head; then non-blocking.
static void open_connection(struct connection *c, int epoll_fd) {
    char request[512], head[4096];
    c->fd = connect_loopback();
    int length = snprintf(request, sizeof request, upgrade_request, token);
    send_all(c->fd, request, (size_t)length);
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        ssize_t n = recv(c->fd, head + have, sizeof head - 1 - have, 0);
        if (n <= 0) die("upgrade");
        have += (size_t)n;
        head[have] = 0;
        end = strstr(head, "\r\n\r\n");
    }
    if (strncmp(head, "HTTP/1.1 101", 12) != 0) {
        fprintf(stderr, "upgrade refused: %.40s\n", head);
        exit(1);
    }
    size_t used = (size_t)(end + 4 - head);
    if (used < have) keep_pending(c, (uint8_t *)head + used, have - used);
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
    struct epoll_event event = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, c->fd, &event) < 0) die("epoll_ctl");
    if (c->pending_len) {
        size_t done = parse_frames(c, c->pending, c->pending_len, now_ns());
        memmove(c->pending, c->pending + done, c->pending_len - done);
        c->pending_len -= done;
    }
}

static int epoll_fd;

// Reads whatever is ready, waiting at most timeout_ms.
static void pump(int timeout_ms) {
    struct epoll_event events[512];
    int n = epoll_wait(epoll_fd, events, 512, timeout_ms);
    for (int i = 0; i < n; i++) on_readable(events[i].data.ptr);
}

static void pump_for(double seconds) {
    uint64_t end = now_ns() + (uint64_t)(seconds * 1e9);
    while (now_ns() < end) pump(10);
}

// ---- publisher: POST /api/tasks at a fixed rate on a keep-alive socket ----
struct publisher {
    int fd;
    int rate;
    double seconds;
    int acknowledged;
    atomic_int done;
    char pending[65536];
    size_t pending_len;
};

// Reads one response; returns 1 for 201.
static int read_response(struct publisher *p) {
    for (;;) {
        p->pending[p->pending_len] = 0;
        char *end = strstr(p->pending, "\r\n\r\n");
        if (end) {
            size_t head = (size_t)(end + 4 - p->pending), body = 0;
            char *length = strcasestr(p->pending, "content-length:");
            if (length && length < end) body = (size_t)strtoul(length + 15, NULL, 10);
            while (p->pending_len < head + body) {
                ssize_t n = recv(p->fd, p->pending + p->pending_len, sizeof p->pending - 1 - p->pending_len, 0);
                if (n <= 0) return 0;
                p->pending_len += (size_t)n;
            }
            int created = strncmp(p->pending, "HTTP/1.1 201", 12) == 0;
            memmove(p->pending, p->pending + head + body, p->pending_len - head - body);
            p->pending_len -= head + body;
            return created;
        }
        ssize_t n = recv(p->fd, p->pending + p->pending_len, sizeof p->pending - 1 - p->pending_len, 0);
        if (n <= 0) return 0;
        p->pending_len += (size_t)n;
    }
}

static void *publish(void *argument) {
    struct publisher *p = argument;
    int total = (int)((double)p->rate * p->seconds);
    uint64_t start = now_ns();
    char body[64], request[512];
    p->acknowledged = 0;
    for (int i = 0; i < total; i++) {
        uint64_t due = start + (uint64_t)((double)i / p->rate * 1e9);
        struct timespec wake = {.tv_sec = (time_t)(due / 1000000000ull), .tv_nsec = (long)(due % 1000000000ull)};
        while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, NULL) == EINTR) {}
        int body_length = snprintf(body, sizeof body, "{\"title\":\"t%llu\"}", (unsigned long long)now_ns());
        int length = snprintf(request, sizeof request,
                              "POST /api/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer %s\r\n"
                              "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                              token, body_length, body);
        send_all(p->fd, request, (size_t)length);
        if (read_response(p)) p->acknowledged++;
    }
    atomic_store(&p->done, 1);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 6) {
        fprintf(stderr, "usage: leanclient PORT SERVER_PID CLIENTS RATES SECONDS\n");
        return 2;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    port = atoi(argv[1]);
    server_pid = (pid_t)atoi(argv[2]);
    connection_count = atoi(argv[3]);
    char *rates = argv[4];
    double seconds = atof(argv[5]);
    struct rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    epoll_fd = epoll_create1(0);
    long baseline = server_rss_bytes();
    connections = calloc((size_t)connection_count, sizeof *connections);
    for (int i = 0; i < connection_count; i++) {
        open_connection(&connections[i], epoll_fd);
        pump(0);
    }
    uint64_t deadline = now_ns() + 60000000000ull;
    while (welcomed_count < connection_count && now_ns() < deadline) pump(20);
    int connected = welcomed_count == connection_count;
    pump_for(1.0);
    long idle = server_rss_bytes();
    double per_connection = (double)(idle - baseline) / (connection_count > 0 ? connection_count : 1) / 1024;
    printf("clients=%d connected=%s server_rss_before=%.1fMiB after=%.1fMiB per_idle_connection=%.1fKiB\n", connection_count,
           connected ? "yes" : "NO", baseline / 1048576.0, idle / 1048576.0, per_connection);
    if (connection_count == 1000)
        printf("BUDGET | memory per idle WebSocket connection (1,000 clients, server RSS growth) | < 32 KiB | %.1f KiB | %s\n",
               per_connection, per_connection < 32 ? "yes" : "no");

    // STUCK=n: n more clients upgrade and never read (slow-consumer check: the others' latency must hold).
    int stuck = getenv("STUCK") ? atoi(getenv("STUCK")) : 0;
    for (int i = 0; i < stuck; i++) {
        int fd = socket(AF_INET, SOCK_STREAM, 0), size = 4096;
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
        struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, (struct sockaddr *)&address, sizeof address) < 0) die("connect");
        char request[512];
        int length = snprintf(request, sizeof request, upgrade_request, token);
        send_all(fd, request, (size_t)length);
    }
    if (stuck) printf("stuck clients: %d (upgraded, never reading)\n", stuck);

    struct publisher *publisher = calloc(1, sizeof *publisher);
    publisher->fd = connect_loopback();
    publisher->seconds = seconds;
    for (char *rate_text = strtok(rates, ","); rate_text; rate_text = strtok(NULL, ",")) {
        int rate = atoi(rate_text);
        reset_histogram();
        received = 0;
        double cpu_before = server_cpu_seconds();
        uint64_t wall_start = now_ns();
        publisher->rate = rate;
        atomic_store(&publisher->done, 0);
        pthread_t thread;
        pthread_create(&thread, NULL, publish, publisher);
        while (!atomic_load(&publisher->done)) pump(10);
        pthread_join(thread, NULL);
        uint64_t expected = (uint64_t)publisher->acknowledged * (uint64_t)connection_count;
        uint64_t drain_end = now_ns() + 5000000000ull;
        while (received < expected && now_ns() < drain_end) pump(10);
        double wall = (double)(now_ns() - wall_start) / 1e9;
        double cpu = server_cpu_seconds() - cpu_before;
        uint64_t lost = expected > received ? expected - received : 0;
        double per_delivery = received > 0 ? cpu / (double)received * 1e6 : 0;
        double p99 = percentile_ms(99);
        printf("clients=%d rate=%d/s posted=%d delivered=%llu lost=%llu deliveries_per_s=%.0f p50=%.2fms p99=%.2fms max=%.2fms "
               "server_cpu=%.2fs cpu_per_delivery=%.2fus server_cpu_util=%.0f%%\n",
               connection_count, rate, publisher->acknowledged, (unsigned long long)received, (unsigned long long)lost,
               (double)received / wall, percentile_ms(50), p99, (double)max_us / 1000.0, cpu, per_delivery, cpu / wall * 100);
        if (connection_count == 1000 && rate == 100) {
            printf("BUDGET | WebSocket fan-out, 1,000 clients × 100 events/s: p99 and loss | p99 < 10 ms, no loss | p99 %.1f ms, %llu lost | %s\n",
                   p99, (unsigned long long)lost, p99 < 10 && lost == 0 ? "yes" : "no");
            printf("BUDGET | WebSocket fan-out, 1,000 clients × 100 events/s: server CPU per delivered message | < 2.5 µs | %.2f µs | %s\n",
                   per_delivery, per_delivery < 2.5 ? "yes" : "no");
        }
    }
    // HOLD=s: keep the connections open (and read) s seconds more, for inspecting the server.
    if (getenv("HOLD")) pump_for(atof(getenv("HOLD")));
    return 0;
}
