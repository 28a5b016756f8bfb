/* guard.c - panelmock's connection guard. Every connection is listed from MHD's connect
 * notification to its close notification; a reaper thread shuts down (shutdown(2), MHD then
 * closes) a connection whose request misses its header or request deadline, and a new
 * connection past the soft limit evicts the oldest one still waiting for headers. After a
 * burst of connections the reaper hands freed heap back to the system (malloc_trim). */
#include "guard.h"

#include <malloc.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "mock_internal.h"

#define GUARD_TICK_MS 50         /* the reaper's period */
#define GUARD_TRIM_AFTER 256     /* closed connections that make a heap trim worth it */
#define GUARD_TRIM_IDLE_CONNS 16 /* ... once no more than this many stay open */

enum { PHASE_HEADERS, PHASE_BODY, PHASE_ANSWERED };

typedef struct guard_conn {
    struct guard_conn *prev, *next;
    mock_guard *g;
    int fd;
    int phase;
    int killed;        /* shut down already */
    uint64_t since_ms; /* when the current request began (connect or end of the last one) */
} guard_conn;

struct mock_guard {
    mock_guard_opts o;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t thread;
    int stopping;
    guard_conn *head, *tail; /* oldest first */
    unsigned count;
    unsigned long closed_since_trim;
};

/* Unlinks e from g's list (the lock is held). */
static void unlink_conn(mock_guard *g, guard_conn *e)
{
    if (e->prev)
        e->prev->next = e->next;
    else
        g->head = e->next;
    if (e->next)
        e->next->prev = e->prev;
    else
        g->tail = e->prev;
    e->prev = e->next = NULL;
}

/* Appends e at the tail of g's list (the lock is held). */
static void append_conn(mock_guard *g, guard_conn *e)
{
    e->prev = g->tail;
    e->next = NULL;
    if (g->tail)
        g->tail->next = e;
    else
        g->head = e;
    g->tail = e;
}

/* Shuts e's socket down once so that MHD closes the connection (the guard's lock is held; the
 * descriptor stays valid because MHD notifies the close, which takes the lock, first). */
static void kill_conn(guard_conn *e)
{
    if (e->killed || e->fd < 0)
        return;
    e->killed = 1;
    shutdown(e->fd, SHUT_RDWR);
}

/* 1 when e has missed its deadline at now (the lock is held). */
static int overdue(const mock_guard *g, const guard_conn *e, uint64_t now)
{
    uint64_t age = now - e->since_ms;
    if (e->phase == PHASE_HEADERS)
        return g->o.header_ms && age > g->o.header_ms;
    if (e->phase == PHASE_BODY)
        return g->o.request_ms && age > g->o.request_ms;
    return 0;
}

/* The reaper: every tick, closes overdue connections and trims the heap after a burst. */
static void *reaper_main(void *arg)
{
    mock_guard *g = arg;
    pthread_mutex_lock(&g->mu);
    while (!g->stopping) {
        uint64_t now = mock_now_ms();
        for (guard_conn *e = g->head; e; e = e->next)
            if (!e->killed && overdue(g, e, now))
                kill_conn(e);
        if (g->closed_since_trim >= GUARD_TRIM_AFTER && g->count <= GUARD_TRIM_IDLE_CONNS) {
            g->closed_since_trim = 0;
            malloc_trim(0);
        }
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        ts.tv_nsec += GUARD_TICK_MS * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->cv, &g->mu, &ts);
    }
    pthread_mutex_unlock(&g->mu);
    return NULL;
}

/* Starts a guard and its reaper thread; see guard.h. */
panel_err mock_guard_new(const mock_guard_opts *o, mock_guard **out)
{
    *out = NULL;
    mock_guard *g = calloc(1, sizeof *g);
    if (!g)
        return PANEL_E_NOMEM;
    g->o = *o;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&g->mu, NULL);
    pthread_cond_init(&g->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&g->thread, NULL, reaper_main, g) != 0) {
        pthread_cond_destroy(&g->cv);
        pthread_mutex_destroy(&g->mu);
        free(g);
        return PANEL_E_NOMEM;
    }
    *out = g;
    return PANEL_E_OK;
}

/* Stops the reaper and frees g with any entry left; see guard.h. */
void mock_guard_free(mock_guard *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    g->stopping = 1;
    pthread_cond_signal(&g->cv);
    pthread_mutex_unlock(&g->mu);
    pthread_join(g->thread, NULL);
    while (g->head) {
        guard_conn *e = g->head;
        unlink_conn(g, e);
        free(e);
    }
    pthread_cond_destroy(&g->cv);
    pthread_mutex_destroy(&g->mu);
    free(g);
}

/* Lists a new connection (evicting the oldest one waiting for headers past the soft limit)
 * or unlists a closed one; see guard.h. */
void mock_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode code)
{
    mock_guard *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        guard_conn *e = calloc(1, sizeof *e);
        if (!e)
            return; /* unguarded: MHD's idle timeout still applies */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        e->g = g;
        e->fd = ci ? ci->connect_fd : -1;
        e->phase = PHASE_HEADERS;
        e->since_ms = mock_now_ms();
        pthread_mutex_lock(&g->mu);
        append_conn(g, e);
        g->count++;
        if (g->o.soft_limit && g->count > g->o.soft_limit) {
            for (guard_conn *old = g->head; old && old != e; old = old->next)
                if (!old->killed && old->phase == PHASE_HEADERS) {
                    kill_conn(old);
                    break;
                }
        }
        pthread_mutex_unlock(&g->mu);
        *socket_context = e;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        guard_conn *e = *socket_context;
        if (!e)
            return;
        pthread_mutex_lock(&g->mu);
        unlink_conn(g, e);
        g->count--;
        g->closed_since_trim++;
        pthread_mutex_unlock(&g->mu);
        free(e);
        *socket_context = NULL;
    }
}

/* Sets c's phase (and, when restart, moves it to the tail with a fresh start time). */
static void set_phase(struct MHD_Connection *c, int phase, int restart)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    guard_conn *e = ci ? ci->socket_context : NULL;
    if (!e)
        return;
    mock_guard *g = e->g;
    pthread_mutex_lock(&g->mu);
    e->phase = phase;
    if (restart) {
        e->since_ms = mock_now_ms();
        unlink_conn(g, e);
        append_conn(g, e);
    }
    pthread_mutex_unlock(&g->mu);
}

/* Marks c's request as past its headers; see guard.h. */
void mock_guard_headers_done(struct MHD_Connection *c)
{
    set_phase(c, PHASE_BODY, 0);
}

/* Marks c's request as answered; see guard.h. */
void mock_guard_answered(struct MHD_Connection *c)
{
    set_phase(c, PHASE_ANSWERED, 0);
}

/* Marks c as waiting for its next request; see guard.h. */
void mock_guard_request_done(struct MHD_Connection *c)
{
    set_phase(c, PHASE_HEADERS, 1);
}
