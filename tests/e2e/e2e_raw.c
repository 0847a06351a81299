/* e2e_raw.c - a raw PostgreSQL v3 client socket for tests that libpq cannot express
 * (startup errors with their SQLSTATE, SSLRequest bytes, garbage and truncated input), and
 * the runner for external programs (test-process thread).
 *
 * Backend message framing read here: type byte, int32 big-endian length that counts itself,
 * then the body. ErrorResponse bodies are a list of (code byte, NUL-terminated string)
 * ended by a zero byte. */
#include "e2e_server.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int wait_readable(int fd, int64_t deadline);
static size_t put_cstr(uint8_t *buf, size_t at, size_t cap, const char *s);

int e2e_raw_connect(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
        close(fd);
        return -1;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    return fd;
}

int e2e_raw_send(int fd, const void *buf, size_t len)
{
    const char *p = buf;
    while (len > 0) {
        ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        len -= (size_t)n;
    }
    return 0;
}

int e2e_raw_send_msg(int fd, char type, const void *body, size_t len)
{
    uint8_t hdr[5];
    uint32_t n = htonl((uint32_t)len + 4);
    hdr[0] = (uint8_t)type;
    memcpy(hdr + 1, &n, 4);
    if (e2e_raw_send(fd, hdr, sizeof(hdr)) != 0)
        return -1;
    return len ? e2e_raw_send(fd, body, len) : 0;
}

static size_t put_cstr(uint8_t *buf, size_t at, size_t cap, const char *s)
{
    size_t n = strlen(s) + 1;
    if (at + n > cap)
        return at;
    memcpy(buf + at, s, n);
    return at + n;
}

int e2e_raw_startup(int fd, const char *user, const char *database)
{
    uint8_t buf[512];
    size_t at = 8;
    at = put_cstr(buf, at, sizeof(buf) - 1, "user");
    at = put_cstr(buf, at, sizeof(buf) - 1, user);
    at = put_cstr(buf, at, sizeof(buf) - 1, "database");
    at = put_cstr(buf, at, sizeof(buf) - 1, database);
    buf[at++] = 0;
    uint32_t len = htonl((uint32_t)at), version = htonl(196608u); /* 3.0 */
    memcpy(buf, &len, 4);
    memcpy(buf + 4, &version, 4);
    return e2e_raw_send(fd, buf, at);
}

static int wait_readable(int fd, int64_t deadline)
{
    for (;;) {
        int64_t left = deadline - e2e_now_ms();
        if (left <= 0)
            return -1;
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, (int)left);
        if (r > 0)
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

int e2e_raw_read_exact(int fd, void *buf, size_t n, int timeout_ms)
{
    int64_t deadline = e2e_now_ms() + timeout_ms;
    size_t got = 0;
    while (got < n) {
        if (wait_readable(fd, deadline) != 0)
            return -1;
        ssize_t r = recv(fd, (char *)buf + got, n - got, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r == 0 || (r < 0 && errno == ECONNRESET))
            return 0;
        if (r < 0)
            return -1;
        got += (size_t)r;
    }
    return (int)n;
}

int e2e_raw_read_msg(int fd, e2e_msg_t *m, int timeout_ms)
{
    uint8_t hdr[5];
    int r = e2e_raw_read_exact(fd, hdr, 5, timeout_ms);
    if (r <= 0)
        return r;
    uint32_t len;
    memcpy(&len, hdr + 1, 4);
    len = ntohl(len);
    if (len < 4 || len - 4 >= sizeof(m->body))
        return -1;
    m->type = (char)hdr[0];
    m->len = len - 4;
    if (m->len > 0 && e2e_raw_read_exact(fd, m->body, m->len, timeout_ms) != (int)m->len)
        return -1;
    m->body[m->len] = '\0';
    return 1;
}

int e2e_raw_wait_close(int fd, int timeout_ms)
{
    int64_t deadline = e2e_now_ms() + timeout_ms;
    char buf[4096];
    for (;;) {
        if (wait_readable(fd, deadline) != 0)
            return -1;
        ssize_t r = recv(fd, buf, sizeof(buf), 0);
        if (r == 0 || (r < 0 && errno == ECONNRESET))
            return 0;
        if (r < 0 && errno != EINTR)
            return -1;
    }
}

const char *e2e_errfield(const e2e_msg_t *m, char code)
{
    if (m->type != 'E' && m->type != 'N')
        return NULL;
    size_t at = 0;
    while (at < m->len && m->body[at] != '\0') {
        char c = m->body[at++];
        const char *val = m->body + at;
        size_t vlen = strnlen(val, m->len - at);
        if (at + vlen >= m->len + 1)
            return NULL;
        if (c == code)
            return val;
        at += vlen + 1;
    }
    return NULL;
}

int e2e_run(const char *const *argv, const char *out_path, int timeout_ms)
{
    return e2e_run_split(argv, out_path, NULL, timeout_ms);
}

int e2e_run_split(const char *const *argv, const char *out_path, const char *err_path,
                  int timeout_ms)
{
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, out_path ? out_path : "/dev/null",
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (err_path)
        posix_spawn_file_actions_addopen(&fa, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    else
        posix_spawn_file_actions_adddup2(&fa, 1, 2);
    char *mut[64] = {0}; /* the prototype wants non-const strings; spawn does not write */
    size_t n = 0;
    while (argv[n] && n < 63)
        n++;
    memcpy(mut, argv, n * sizeof(*mut));
    pid_t pid;
    int rc = posix_spawnp(&pid, mut[0], &fa, NULL, mut, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) {
        fprintf(stderr, "e2e: cannot run %s: %s\n", argv[0], strerror(rc));
        return -1;
    }
    int64_t deadline = e2e_now_ms() + timeout_ms;
    int st = 0;
    for (;;) {
        pid_t r = waitpid(pid, &st, WNOHANG);
        if (r == pid)
            break;
        if (e2e_now_ms() >= deadline) {
            fprintf(stderr, "e2e: %s did not finish within %d ms; killing it\n", argv[0],
                    timeout_ms);
            kill(pid, SIGKILL);
            waitpid(pid, &st, 0);
            return -1;
        }
        struct timespec ts = {0, 5 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}
