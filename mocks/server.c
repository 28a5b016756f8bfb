/* server.c - the libmicrohttpd daemon around a mock_state: request bodies with a cap,
 * headers and query re-assembled for mock_handle, transport faults on the raw socket, and
 * the limits a hostile client meets (guard.c: deadlines and room for new clients; here:
 * per-address and global connection limits, per-connection memory, 413/414 answers). */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "guard.h"
#include "mock_internal.h"

#define DRIP_PAUSE_MS 10 /* pause before each drip chunk */
/* MHD's per-connection pool (request line, headers, query arguments). Over 32 KiB MHD
 * mmaps it, so it goes back to the system when the connection closes. */
#define CONN_MEMORY (128u * 1024u)
#define PATH_MAX_BYTES 8192 /* the path and query re-assembled for mock_handle */
#define MAX_QUERY_ARGS 256  /* more query arguments are refused with 414 */

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
    mock_guard *g;
};

typedef struct {
    panel_buf body;
    int started;       /* the access handler has seen the request's headers */
    int too_many_args; /* the query held more than MAX_QUERY_ARGS arguments */
    int ambiguous;     /* Content-Length and Transfer-Encoding disagree or repeat */
    int too_large;
    int pending; /* resp holds an answer held back by latency; queue it on resumption */
    mock_response resp;
    uint64_t fuzz_n, fuzz_session; /* --fuzz: the mutated answer queued (0: none) */
    int fuzz_closed;               /* the client had closed its side before it was queued */
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

/* The path and query re-assembled for mock_handle, and whether it passed its cap. */
typedef struct {
    panel_buf b;
    int args;
    panel_err rc;
} path_buf;

/* Appends one query argument to the path buffer; stops the walk once it is too long. */
static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    (void)kind;
    path_buf *p = cls;
    panel_err rc = panel_buf_puts(&p->b, p->args++ ? "&" : "?");
    if (rc == PANEL_E_OK)
        rc = panel_form_escape(&p->b, key, strlen(key));
    if (rc == PANEL_E_OK && value)
        rc = panel_buf_puts(&p->b, "=");
    if (rc == PANEL_E_OK && value)
        rc = panel_form_escape(&p->b, value, strlen(value));
    p->rc = rc;
    return rc == PANEL_E_OK ? MHD_YES : MHD_NO;
}

/* The MHD URI log callback, called before MHD splits the query: creates the request's
 * context, and when the query holds more than MAX_QUERY_ARGS arguments cuts it off in
 * MHD's own line buffer (which libmicrohttpd 0.9.75 splits right after this call), so that
 * the arguments cannot exhaust the connection's memory pool (MHD then closes without any
 * answer); the request is refused with 414 instead. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)cls;
    (void)c;
    conn_ctx *ctx = calloc(1, sizeof *ctx);
    if (!ctx)
        return NULL;
    panel_buf_init(&ctx->body, MOCK_MAX_BODY);
    char *q = strchr(uri, '?');
    size_t args = q && q[1] ? 1 : 0;
    for (const char *p = q; p && *p && args <= MAX_QUERY_ARGS; p++)
        args += *p == '&';
    if (args > MAX_QUERY_ARGS) {
        ctx->too_many_args = 1;
        q[1] = '\0';
    }
    return ctx;
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

/* Where collect_headers writes: the buffer, its size and how much is used. */
typedef struct {
    char *out;
    size_t size, used;
} header_sink;

/* Appends one request header as "Name: value\r\n" while it fits whole (MHD callback). */
static enum MHD_Result add_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                  const char *value)
{
    header_sink *hs = cls;
    (void)kind;
    size_t need = strlen(key) + 2 + (value ? strlen(value) : 0) + 2;
    if (hs->used + need >= hs->size)
        return MHD_YES; /* a header that does not fit is left out; the next may fit */
    int w = snprintf(hs->out + hs->used, hs->size - hs->used, "%s: %s\r\n", key,
                     value ? value : "");
    if (w > 0)
        hs->used += (size_t)w;
    return MHD_YES;
}

/* Copies the request's headers into out (the handler reads Content-Type, User-Agent, the
 * dialect's key header and the X-Panelmock-* switches from it), whole headers only. */
static void collect_headers(struct MHD_Connection *c, char *out, size_t outsz)
{
    header_sink hs = {out, outsz, 0};
    out[0] = '\0';
    MHD_get_connection_values(c, MHD_HEADER_KIND, add_header, &hs);
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
    if (ret == MHD_YES)
        mock_guard_answered(c);
    mock_response_free(r);
    return ret;
}

/* Answers 413 on the raw socket and shuts its sending side, for a body that passed its cap
 * while being read (MHD takes no queued answer then); the caller returns MHD_NO so that MHD
 * closes the connection instead of reading the rest. */
static enum MHD_Result refuse_body(struct MHD_Connection *c)
{
    static const char msg[] = "HTTP/1.1 413 Payload Too Large\r\nContent-Type: application/json\r\n"
                              "Content-Length: 34\r\nConnection: close\r\n\r\n"
                              "{\"error\":\"Request body too large\"}";
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci) {
        write_all(ci->connect_fd, msg, sizeof msg - 1);
        shutdown(ci->connect_fd, SHUT_WR);
    }
    return MHD_NO;
}

/* Counts the request headers named cls->name (an MHD_KeyValueIterator). */
typedef struct {
    const char *name;
    int n;
} header_count;

/* Counts one header if it has the wanted name. */
static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
    (void)kind;
    (void)value;
    header_count *hc = cls;
    hc->n += strcasecmp(key, hc->name) == 0;
    return MHD_YES;
}

/* How many request headers are named name. */
static int headers_named(struct MHD_Connection *c, const char *name)
{
    header_count hc = {name, 0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &hc);
    return hc.n;
}

/* 1 when the request's framing is ambiguous (Content-Length with Transfer-Encoding, or more
 * than one Content-Length or Transfer-Encoding): the request-smuggling shapes, which RFC
 * 9112 §6.3 says to treat as an error; they are refused with 400 and the connection closed. */
static int ambiguous_framing(struct MHD_Connection *c)
{
    int cl = headers_named(c, MHD_HTTP_HEADER_CONTENT_LENGTH);
    int te = headers_named(c, MHD_HTTP_HEADER_TRANSFER_ENCODING);
    return cl > 1 || te > 1 || (cl && te);
}

/* 1 when the request announces a body over the cap in Content-Length. */
static int announced_too_large(struct MHD_Connection *c)
{
    const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (!v)
        return 0;
    char *end;
    errno = 0;
    unsigned long long n = strtoull(v, &end, 10);
    return errno == ERANGE || n > MOCK_MAX_BODY;
}

/* Runs the complete request through mock_handle into r. */
static void handle(mock_server *m, struct MHD_Connection *c, conn_ctx *ctx, const char *url,
                   const char *method, mock_response *r)
{
    path_buf path = {.rc = PANEL_E_OK};
    panel_buf_init(&path.b, PATH_MAX_BYTES);
    path.rc = panel_buf_puts(&path.b, url);
    if (path.rc == PANEL_E_OK)
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, add_arg, &path);
    char headers[8192], ip[64];
    collect_headers(c, headers, sizeof headers);
    client_ip(c, ip, sizeof ip);
    panel_err rc;
    if (ctx->ambiguous) {
        memset(r, 0, sizeof *r);
        panel_buf_init(&r->body, 256);
        rc = mock_respond_text(r, 400, "application/json",
                               "{\"error\":\"Ambiguous request framing\"}", 37);
    } else if (path.rc != PANEL_E_OK || ctx->too_many_args) {
        memset(r, 0, sizeof *r);
        panel_buf_init(&r->body, 256);
        rc = mock_respond_text(r, 414, "application/json", "{\"error\":\"Request-URI too long\"}",
                               32);
    } else if (ctx->too_large) {
        memset(r, 0, sizeof *r);
        panel_buf_init(&r->body, 256);
        rc = mock_respond_text(r, 413, "application/json", "{\"error\":\"Request body too large\"}",
                               34);
    } else {
        rc = mock_handle(m->s, method, path.b.data ? path.b.data : url, headers,
                         ctx->body.data ? ctx->body.data : "", ctx->body.len, ip, r);
    }
    panel_buf_free(&path.b);
    if (rc != PANEL_E_OK)
        mock_respond_text(r, 500, "application/json", "{\"error\":\"panelmock error\"}", 27);
}

/* Remembers the mutated answer r about to be queued on c, so on_completed can tell
 * fuzzserve when it did not reach the client whole; a raw transport fault closes the
 * connection on purpose and is not the client's doing. A peek at the socket finds whether
 * the client has closed its side already (it gave up before the answer came: MHD will still
 * write it whole into the kernel, but nobody reads it). */
static void note_fuzz(struct MHD_Connection *c, conn_ctx *ctx, const mock_response *r)
{
    int raw = r->fault && r->fault != MOCK_FAULT_DRIP;
    ctx->fuzz_n = raw ? 0 : r->fuzz_n;
    ctx->fuzz_session = r->fuzz_session;
    ctx->fuzz_closed = 0;
    if (!ctx->fuzz_n)
        return;
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    char byte;
    ctx->fuzz_closed = ci && recv(ci->connect_fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

/* The fuzz drop reason of a request-completed code (closed: the client had closed its side
 * before the answer was queued), or -1 when the answer went out whole or the mock itself is
 * stopping. */
static int drop_reason(enum MHD_RequestTerminationCode toe, int closed)
{
    switch (toe) {
    case MHD_REQUEST_TERMINATED_COMPLETED_OK:
        return closed ? MOCK_FUZZ_DROP_CLOSED : -1;
    case MHD_REQUEST_TERMINATED_WITH_ERROR:
        return MOCK_FUZZ_DROP_SEND;
    case MHD_REQUEST_TERMINATED_TIMEOUT_REACHED:
        return MOCK_FUZZ_DROP_TIMEOUT;
    case MHD_REQUEST_TERMINATED_READ_ERROR:
        return MOCK_FUZZ_DROP_READ;
    case MHD_REQUEST_TERMINATED_CLIENT_ABORT:
        return MOCK_FUZZ_DROP_CLOSED;
    default:
        return -1;
    }
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
    if (!ctx)
        return MHD_NO; /* on_uri could not allocate it */
    if (!ctx->started) {
        ctx->started = 1;
        mock_guard_headers_done(c);
        ctx->ambiguous = ambiguous_framing(c);
        ctx->too_large = !ctx->ambiguous && announced_too_large(c);
        if (!ctx->ambiguous && !ctx->too_large)
            return MHD_YES;
        /* answered at once: MHD then reads no body and closes the connection */
        mock_response r;
        handle(m, c, ctx, url, method, &r);
        return answer(m, c, &r);
    }
    if (ctx->pending) {
        ctx->pending = 0;
        note_fuzz(c, ctx, &ctx->resp);
        return answer(m, c, &ctx->resp);
    }
    if (*upload_size > 0) {
        if (panel_buf_append(&ctx->body, upload_data, *upload_size) != PANEL_E_OK)
            return refuse_body(c);
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
    note_fuzz(c, ctx, &r);
    return answer(m, c, &r);
}

/* Frees the per-connection body buffer when a request completes; the connection then waits
 * for its next request under the header deadline. A mutated answer that did not go out whole
 * (toe) is reported to fuzzserve. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    mock_server *m = cls;
    mock_guard_request_done(c);
    conn_ctx *ctx = *con_cls;
    int why = ctx && ctx->fuzz_n ? drop_reason(toe, ctx->fuzz_closed) : -1;
    if (why >= 0)
        mock_fuzz_dropped(m->s, ctx->fuzz_session, ctx->fuzz_n, (mock_fuzz_drop)why);
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

/* The environment variable name as an integer in [lo, hi], or dflt when unset or invalid. */
static unsigned env_uint(const char *name, long lo, long hi, unsigned dflt)
{
    const char *v = getenv(name);
    char *end;
    long n = v ? strtol(v, &end, 10) : 0;
    return v && end != v && *end == '\0' && n >= lo && n <= hi ? (unsigned)n : dflt;
}

/* The connection limits: MHD's global one, the guard's soft one below it (room kept for new
 * clients), and the per-address one (a quarter of the global one unless
 * PANELMOCK_PER_IP_LIMIT says otherwise; 0 there means none). */
static void conn_limits(unsigned *global, unsigned *soft, unsigned *per_ip)
{
    unsigned n = conn_limit();
    unsigned reserve = n / 8 > 16 ? n / 8 : 16;
    *global = n;
    *soft = n - reserve;
    *per_ip = env_uint("PANELMOCK_PER_IP_LIMIT", 0, 1000000, n / 4);
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
    unsigned global, soft, per_ip;
    conn_limits(&global, &soft, &per_ip);
    mock_guard_opts go = {env_uint("PANELMOCK_HEADER_TIMEOUT_MS", 100, 3600000, 10000),
                          env_uint("PANELMOCK_REQUEST_TIMEOUT_MS", 100, 3600000, 30000), soft};
    if (mock_guard_new(&go, &m->g) != PANEL_E_OK) {
        snprintf(err, errsz, "cannot start the connection guard");
        timer_stop(&m->t);
        timer_free(&m->t);
        mock_state_free(m->s);
        free(m);
        return PANEL_E_NOMEM;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned pool = cores > 0 ? (unsigned)cores : 1;
    m->d = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME, 0, NULL, NULL,
        on_request, m, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa, MHD_OPTION_THREAD_POOL_SIZE,
        pool, MHD_OPTION_CONNECTION_TIMEOUT, env_uint("PANELMOCK_CONN_TIMEOUT_S", 1, 3600, 10),
        MHD_OPTION_CONNECTION_LIMIT, global, MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY, MHD_OPTION_LISTEN_BACKLOG_SIZE,
        (unsigned)4096, MHD_OPTION_NOTIFY_COMPLETED, on_completed, m, MHD_OPTION_URI_LOG_CALLBACK,
        on_uri, m, MHD_OPTION_NOTIFY_CONNECTION, mock_guard_notify, m->g, MHD_OPTION_END);
    if (!m->d) {
        snprintf(err, errsz, "cannot listen on %s: %s", cfg->listen ? cfg->listen : "?",
                 strerror(errno));
        mock_guard_free(m->g);
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
    mock_guard_free(m->g);
    timer_free(&m->t);
    mock_state_free(m->s);
    free(m);
}
