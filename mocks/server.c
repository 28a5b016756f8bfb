/* server.c - the libmicrohttpd daemon around a mock_state: request bodies with a cap,
 * headers and query re-assembled for mock_handle, transport faults on the raw socket. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mock_internal.h"

#define DRIP_PAUSE_MS 10 /* pause before each drip chunk */

/* A suspended connection and when to resume it. */
typedef struct {
    uint64_t due_ms;
    struct MHD_Connection *c;
} wake;

/* The resume timer: a min-heap of suspended connections serviced by one thread. */
typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int running, stopping;
    wake *heap;
    size_t n, cap;
} wake_timer;

struct mock_server {
    struct MHD_Daemon *d;
    mock_state *s;
    wake_timer t;
};

typedef struct {
    panel_buf body;
    int too_large;
    int pending; /* resp holds an answer held back by latency; queue it on resumption */
    mock_response resp;
} conn_ctx;

typedef struct {
    char *data;
    size_t len;
    mock_server *m;
    struct MHD_Connection *c;
    uint64_t next_ms; /* when the next chunk may go */
} drip_ctx;

/* Moves heap entry i up to its place. */
static void heap_up(wake_timer *t, size_t i)
{
    while (i > 0 && t->heap[(i - 1) / 2].due_ms > t->heap[i].due_ms) {
        wake tmp = t->heap[i];
        t->heap[i] = t->heap[(i - 1) / 2];
        t->heap[(i - 1) / 2] = tmp;
        i = (i - 1) / 2;
    }
}

/* Removes the heap's first entry. */
static void heap_pop(wake_timer *t)
{
    t->heap[0] = t->heap[--t->n];
    for (size_t i = 0;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < t->n && t->heap[l].due_ms < t->heap[m].due_ms)
            m = l;
        if (r < t->n && t->heap[r].due_ms < t->heap[m].due_ms)
            m = r;
        if (m == i)
            break;
        wake tmp = t->heap[i];
        t->heap[i] = t->heap[m];
        t->heap[m] = tmp;
        i = m;
    }
}

/* The timer thread: resumes each suspended connection when it is due (all at stop). */
static void *timer_main(void *arg)
{
    wake_timer *t = arg;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        uint64_t now = mock_now_ms();
        while (t->n > 0 && (t->stopping || t->heap[0].due_ms <= now)) {
            MHD_resume_connection(t->heap[0].c);
            heap_pop(t);
        }
        if (t->stopping)
            break;
        if (t->n == 0) {
            pthread_cond_wait(&t->cv, &t->mu);
            continue;
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t wait = t->heap[0].due_ms - now;
        ts.tv_sec += (time_t)(wait / 1000);
        ts.tv_nsec += (long)(wait % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&t->cv, &t->mu, &ts);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

/* Starts the timer thread; PANEL_E_NOMEM when it cannot. */
static panel_err timer_start(wake_timer *t)
{
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&t->thread, NULL, timer_main, t) != 0) {
        pthread_cond_destroy(&t->cv);
        pthread_mutex_destroy(&t->mu);
        return PANEL_E_NOMEM;
    }
    t->running = 1;
    return PANEL_E_OK;
}

/* Resumes every suspended connection and stops the thread; later suspensions resume at
 * once. */
static void timer_stop(wake_timer *t)
{
    if (!t->running)
        return;
    pthread_mutex_lock(&t->mu);
    t->stopping = 1;
    pthread_cond_signal(&t->cv);
    pthread_mutex_unlock(&t->mu);
    pthread_join(t->thread, NULL);
    t->running = 0;
}

/* Frees a stopped timer (once no connection can be suspended any more). */
static void timer_free(wake_timer *t)
{
    pthread_cond_destroy(&t->cv);
    pthread_mutex_destroy(&t->mu);
    free(t->heap);
    t->heap = NULL;
}

/* Suspends c (the caller is its access handler or content reader) until due_ms. */
static void suspend_until(mock_server *m, struct MHD_Connection *c, uint64_t due_ms)
{
    wake_timer *t = &m->t;
    MHD_suspend_connection(c);
    pthread_mutex_lock(&t->mu);
    if (!t->stopping && t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        wake *h = realloc(t->heap, cap * sizeof *h);
        if (h) {
            t->heap = h;
            t->cap = cap;
        }
    }
    if (t->stopping || t->n == t->cap) { /* stopping, or no room: the answer goes at once */
        MHD_resume_connection(c);
    } else {
        t->heap[t->n] = (wake){due_ms, c};
        heap_up(t, t->n++);
        pthread_cond_signal(&t->cv);
    }
    pthread_mutex_unlock(&t->mu);
}

/* Appends one query argument to the path buffer. */
static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    panel_buf *b = cls;
    panel_buf_puts(b, b->data && strchr(b->data, '?') ? "&" : "?");
    panel_form_escape(b, key, strlen(key));
    if (value) {
        panel_buf_puts(b, "=");
        panel_form_escape(b, value, strlen(value));
    }
    return MHD_YES;
}

/* Writes all of buf to a non-blocking fd, waiting up to a second. */
static void write_all(int fd, const char *buf, size_t n)
{
    size_t off = 0;
    int tries = 0;
    while (off < n && tries < 100) {
        ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
        if (w > 0) {
            off += (size_t)w;
            continue;
        }
        if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return;
        struct pollfd p = {fd, POLLOUT, 0};
        poll(&p, 1, 10);
        tries++;
    }
}

/* Applies a transport fault on the raw socket; the caller then closes the connection. */
static void raw_fault(struct MHD_Connection *c, const mock_response *r)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (!ci)
        return;
    int fd = ci->connect_fd;
    char head[256];
    size_t n = r->body.len;
    const char *body = r->body.data ? r->body.data : "";
    if (r->fault == MOCK_FAULT_RESET) {
        struct linger lg = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        /* connect(AF_UNSPEC) aborts an established TCP connection with an RST at once; MHD
         * still owns (and later closes) the descriptor. */
        struct sockaddr unspec;
        memset(&unspec, 0, sizeof unspec);
        unspec.sa_family = AF_UNSPEC;
        connect(fd, &unspec, sizeof unspec);
    } else if (r->fault == MOCK_FAULT_TRUNCATE) {
        int hl = snprintf(head, sizeof head,
                          "HTTP/1.1 %d OK\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                          "Connection: close\r\n\r\n",
                          r->status, r->content_type, n + 16);
        write_all(fd, head, (size_t)hl);
        write_all(fd, body, n / 2);
    } else if (r->fault == MOCK_FAULT_BADCHUNK) {
        int hl = snprintf(head, sizeof head,
                          "HTTP/1.1 %d OK\r\nContent-Type: %s\r\nTransfer-Encoding: chunked\r\n"
                          "Connection: close\r\n\r\nZZ;\r\n",
                          r->status, r->content_type);
        write_all(fd, head, (size_t)hl);
        write_all(fd, body, n);
        write_all(fd, "\r\nxyz\r\n", 7);
    } else if (r->fault == MOCK_FAULT_GARBAGE) {
        char junk[512];
        uint64_t x = mock_hash(body, n) | 1;
        for (size_t i = 0; i < sizeof junk; i++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            junk[i] = (char)(x & 0xff);
        }
        junk[0] = '\x01'; /* never a valid status line */
        write_all(fd, junk, sizeof junk);
    }
}

/* Drip callback: a few bytes per call with a pause, during which the connection is
 * suspended (the pool thread serves others). */
static ssize_t drip_read(void *cls, uint64_t pos, char *buf, size_t max)
{
    drip_ctx *d = cls;
    if (pos >= d->len)
        return MHD_CONTENT_READER_END_OF_STREAM;
    uint64_t now = mock_now_ms();
    if (now < d->next_ms) {
        suspend_until(d->m, d->c, d->next_ms);
        return 0;
    }
    d->next_ms = now + DRIP_PAUSE_MS;
    size_t step = d->len / 20 + 1;
    size_t n = d->len - (size_t)pos;
    n = n < step ? n : step;
    n = n < max ? n : max;
    memcpy(buf, d->data + pos, n);
    return (ssize_t)n;
}

/* Frees a drip context. */
static void drip_free(void *cls)
{
    drip_ctx *d = cls;
    free(d->data);
    free(d);
}

/* Builds the MHD response for r on c (NULL on failure). */
static struct MHD_Response *make_response(mock_server *m, struct MHD_Connection *c,
                                          mock_response *r)
{
    struct MHD_Response *resp;
    if (r->fault == MOCK_FAULT_DRIP) {
        drip_ctx *d = calloc(1, sizeof *d);
        if (!d)
            return NULL;
        d->m = m;
        d->c = c;
        d->next_ms = mock_now_ms() + DRIP_PAUSE_MS;
        d->data = panel_buf_take(&r->body, &d->len);
        resp = MHD_create_response_from_callback(d->len, 64, drip_read, d, drip_free);
        if (!resp)
            drip_free(d);
    } else {
        size_t len = 0;
        char *data = panel_buf_take(&r->body, &len);
        resp = MHD_create_response_from_buffer(
            len, data ? data : (char *)"", data ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    }
    if (!resp)
        return NULL;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    for (int i = 0; i < r->n_headers; i++)
        MHD_add_response_header(resp, r->header_name[i], r->header_value[i]);
    return resp;
}

/* Where collect_headers writes. */
typedef struct {
    char *out;
    size_t outsz, off;
} header_sink;

/* Appends one request header as "Name: value\r\n" (dropped when it does not fit). */
static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    header_sink *h = cls;
    (void)kind;
    size_t need = strlen(key) + (value ? strlen(value) : 0) + 4;
    if (h->off + need < h->outsz) {
        int w = snprintf(h->out + h->off, h->outsz - h->off, "%s: %s\r\n", key, value ? value : "");
        if (w > 0)
            h->off += (size_t)w;
    }
    return MHD_YES;
}

/* Collects the request headers into "Name: value\r\n" lines: all of them, so a dialect's
 * key header (Authorization, X-Api-Key, ...) reaches the handler whatever its name. */
static void collect_headers(struct MHD_Connection *c, char *out, size_t outsz)
{
    header_sink h = {out, outsz, 0};
    out[0] = '\0';
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_header, &h);
}

/* The client's address as text. */
static void client_ip(struct MHD_Connection *c, char *out, size_t outsz)
{
    snprintf(out, outsz, "?");
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (!ci || !ci->client_addr)
        return;
    const struct sockaddr *sa = ci->client_addr;
    if (sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, out,
                  (socklen_t)outsz);
    else if (sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, out,
                  (socklen_t)outsz);
}

/* Sends r on c: a raw transport fault (the connection then closes) or a queued response. */
static enum MHD_Result answer(mock_server *m, struct MHD_Connection *c, mock_response *r)
{
    enum MHD_Result ret = MHD_NO;
    if (r->fault && r->fault != MOCK_FAULT_DRIP) {
        raw_fault(c, r);
        mock_response_free(r);
        return MHD_NO;
    }
    struct MHD_Response *resp = make_response(m, c, r);
    if (resp) {
        ret = MHD_queue_response(c, (unsigned)r->status, resp);
        MHD_destroy_response(resp);
    }
    mock_response_free(r);
    return ret;
}

/* Runs the complete request through mock_handle into r. */
static void handle(mock_server *m, struct MHD_Connection *c, conn_ctx *ctx, const char *url,
                   const char *method, mock_response *r)
{
    panel_buf path;
    panel_buf_init(&path, 8192);
    panel_buf_puts(&path, url);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &path);
    char headers[8192], ip[64];
    collect_headers(c, headers, sizeof headers);
    client_ip(c, ip, sizeof ip);
    panel_err rc;
    if (ctx->too_large) {
        memset(r, 0, sizeof *r);
        panel_buf_init(&r->body, 256);
        rc = mock_respond_text(r, 413, "application/json", "{\"error\":\"Request body too large\"}",
                               34);
    } else {
        rc = mock_handle(m->s, method, path.data ? path.data : url, headers,
                         ctx->body.data ? ctx->body.data : "", ctx->body.len, ip, r);
    }
    panel_buf_free(&path);
    if (rc != PANEL_E_OK)
        mock_respond_text(r, 500, "application/json", "{\"error\":\"panelmock error\"}", 27);
}

/* The MHD access handler: gathers the body, answers through mock_handle; a latency fault
 * suspends the connection and the answer goes when the timer resumes it. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_size, void **con_cls)
{
    (void)version;
    mock_server *m = cls;
    conn_ctx *ctx = *con_cls;
    if (!ctx) {
        ctx = calloc(1, sizeof *ctx);
        if (!ctx)
            return MHD_NO;
        panel_buf_init(&ctx->body, MOCK_MAX_BODY);
        *con_cls = ctx;
        return MHD_YES;
    }
    if (ctx->pending) {
        ctx->pending = 0;
        return answer(m, c, &ctx->resp);
    }
    if (*upload_size > 0) {
        if (!ctx->too_large &&
            panel_buf_append(&ctx->body, upload_data, *upload_size) != PANEL_E_OK)
            ctx->too_large = 1;
        *upload_size = 0;
        return MHD_YES;
    }
    mock_response r;
    handle(m, c, ctx, url, method, &r);
    if (r.latency_ms) {
        ctx->resp = r;
        ctx->pending = 1;
        suspend_until(m, c, mock_now_ms() + r.latency_ms);
        return MHD_YES;
    }
    return answer(m, c, &r);
}

/* Frees the per-connection body buffer when a request completes. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    conn_ctx *ctx = *con_cls;
    if (ctx) {
        if (ctx->pending)
            mock_response_free(&ctx->resp);
        panel_buf_free(&ctx->body);
        free(ctx);
        *con_cls = NULL;
    }
}

/* Parses "HOST:PORT" into an IPv4 address. */
static panel_err parse_listen(const char *listen, struct sockaddr_in *sa, char *host, size_t hostsz)
{
    memset(sa, 0, sizeof *sa);
    sa->sin_family = AF_INET;
    const char *colon = strrchr(listen, ':');
    if (!colon || colon == listen || (size_t)(colon - listen) >= hostsz)
        return PANEL_E_USAGE;
    memcpy(host, listen, (size_t)(colon - listen));
    host[colon - listen] = '\0';
    if (strcmp(host, "localhost") == 0)
        snprintf(host, hostsz, "127.0.0.1");
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end || port < 0 || port > 65535 || end == colon + 1)
        return PANEL_E_USAGE;
    if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
        return PANEL_E_USAGE;
    sa->sin_port = htons((uint16_t)port);
    return PANEL_E_OK;
}

/* The port the daemon is bound to. */
static unsigned bound_port(struct MHD_Daemon *d)
{
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_LISTEN_FD);
    if (!di)
        return 0;
    struct sockaddr_in sa;
    socklen_t sl = sizeof sa;
    if (getsockname(di->listen_fd, (struct sockaddr *)&sa, &sl) != 0)
        return 0;
    return ntohs(sa.sin_port);
}

/* Raises the soft descriptor limit to the hard one (best effort); returns the soft limit. */
static rlim_t raise_nofile(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return 1024;
    rlim_t want = rl.rlim_max == RLIM_INFINITY ? (rlim_t)65536 : rl.rlim_max;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
        return rl.rlim_cur == RLIM_INFINITY ? want : rl.rlim_cur;
    rlim_t old = rl.rlim_cur;
    rl.rlim_cur = want;
    return setrlimit(RLIMIT_NOFILE, &rl) == 0 ? want : old;
}

/* The connection limit: the descriptor limit less a reserve, within [64, 16384]. */
static unsigned conn_limit(void)
{
    rlim_t n = raise_nofile();
    if (n > 16384 + 64)
        return 16384;
    return n > 128 ? (unsigned)(n - 64) : 64;
}

/* The idle timeout in seconds: PANELMOCK_CONN_TIMEOUT_S (1..3600) or 10. */
static unsigned conn_timeout_s(void)
{
    const char *v = getenv("PANELMOCK_CONN_TIMEOUT_S");
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    return v && end != v && *end == '\0' && n >= 1 && n <= 3600 ? (unsigned)n : 10;
}

/* Starts the daemon on cfg->listen with a state built from cfg. */
panel_err mock_server_start(const mock_config *cfg, mock_server **out, char *url, size_t urlsz,
                            char *err, size_t errsz)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errsz = sizeof dummy;
    }
    *out = NULL;
    struct sockaddr_in sa;
    char host[64];
    if (parse_listen(cfg->listen ? cfg->listen : "127.0.0.1:0", &sa, host, sizeof host)) {
        snprintf(err, errsz, "--listen wants HOST:PORT with an IPv4 host");
        return PANEL_E_USAGE;
    }
    mock_server *m = calloc(1, sizeof *m);
    if (!m)
        return PANEL_E_NOMEM;
    panel_err rc = mock_state_new(cfg, &m->s, err, errsz);
    if (rc != PANEL_E_OK) {
        free(m);
        return rc;
    }
    if (timer_start(&m->t) != PANEL_E_OK) {
        snprintf(err, errsz, "cannot start the timer thread");
        mock_state_free(m->s);
        free(m);
        return PANEL_E_NOMEM;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned pool = cores > 0 ? (unsigned)cores : 1;
    m->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, m, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        pool, MHD_OPTION_CONNECTION_TIMEOUT, conn_timeout_s(), MHD_OPTION_CONNECTION_LIMIT,
        conn_limit(), MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)4096, MHD_OPTION_NOTIFY_COMPLETED,
        on_completed, m, MHD_OPTION_END);
    if (!m->d) {
        snprintf(err, errsz, "cannot listen on %s: %s", cfg->listen ? cfg->listen : "?",
                 strerror(errno));
        timer_stop(&m->t);
        timer_free(&m->t);
        mock_state_free(m->s);
        free(m);
        return PANEL_E_NET;
    }
    snprintf(url, urlsz, "http://%s:%u", host, bound_port(m->d));
    *out = m;
    return PANEL_E_OK;
}

/* The running server's state (borrowed). */
mock_state *mock_server_state_borrow(mock_server *m)
{
    return m ? m->s : NULL;
}

/* Stops the daemon and frees the state; NULL is fine. */
void mock_server_stop(mock_server *m)
{
    if (!m)
        return;
    timer_stop(&m->t); /* resumes every suspended connection: MHD refuses to stop with any */
    MHD_stop_daemon(m->d);
    timer_free(&m->t);
    mock_state_free(m->s);
    free(m);
}
