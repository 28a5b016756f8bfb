/* guard.h - panelmock's connection guard: header and request deadlines, and room kept for
 * new clients when the connection table fills (slowloris). Used by server.c only. */
#ifndef MOCK_GUARD_H
#define MOCK_GUARD_H

#include <microhttpd.h>

#include "panel/error.h"

typedef struct mock_guard mock_guard;

typedef struct {
    unsigned header_ms;  /* a request's headers must arrive within this (from its start) */
    unsigned request_ms; /* the whole request (headers and body) within this */
    unsigned soft_limit; /* past this many connections the oldest one still waiting for
                            headers is closed, so new clients always find room */
} mock_guard_opts;

/* Starts a guard and its reaper thread into *out (the caller frees it with mock_guard_free). */
panel_err mock_guard_new(const mock_guard_opts *o, mock_guard **out);

/* Stops the reaper thread and frees g; call after MHD_stop_daemon. NULL is fine. */
void mock_guard_free(mock_guard *g);

/* The MHD_OPTION_NOTIFY_CONNECTION callback (cls is the guard): tracks each connection. */
void mock_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                       enum MHD_ConnectionNotificationCode code);

/* Marks c's request as past its headers (its body is being read). */
void mock_guard_headers_done(struct MHD_Connection *c);

/* Marks c's request as answered: no deadline runs while the answer goes out. */
void mock_guard_answered(struct MHD_Connection *c);

/* Marks c as waiting for its next request (keep-alive): the header deadline starts again. */
void mock_guard_request_done(struct MHD_Connection *c);

#endif
