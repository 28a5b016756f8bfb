/* http.c - the libcurl client: connection reuse, timeouts, size cap, retries. */
#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "har.h"
#include "http.h"
#include "panel/header.h"
#include "panel/version.h"
#include "policy.h"

struct http_client {
    CURL *h;
    http_opts o;
};

/* Initialises libcurl once per process (not thread-safe before first use, as libcurl). */
static void global_init(void)
{
    static int done;
    if (!done) {
        curl_global_init(CURL_GLOBAL_DEFAULT);
        done = 1;
    }
}

/* Creates a client with one easy handle reused for every request. */
panel_err http_new(const http_opts *o, http_client **out)
{
    global_init();
    http_client *c = calloc(1, sizeof(*c));
    if (!c)
        return PANEL_E_NOMEM;
    if (o)
        c->o = *o;
    if (c->o.timeout_ms <= 0)
        c->o.timeout_ms = 10000;
    if (c->o.connect_ms <= 0)
        c->o.connect_ms = c->o.timeout_ms < 5000 ? c->o.timeout_ms : 5000;
    if (c->o.max_retries < 0)
        c->o.max_retries = 2;
    c->h = curl_easy_init();
    if (!c->h) {
        free(c);
        return PANEL_E_NOMEM;
    }
    *out = c;
    return PANEL_E_OK;
}

/* Frees the handle (closing its connections). */
void http_free(http_client *c)
{
    if (!c)
        return;
    curl_easy_cleanup(c->h);
    free(c);
}

/* Frees the body of r. */
void http_response_free(http_response *r)
{
    panel_buf_free(&r->body);
}

/* Returns the outcome's name. */
const char *http_outcome_name(http_outcome o)
{
    switch (o) {
    case HTTP_OK:
        return "ok";
    case HTTP_UNREACHABLE:
        return "unreachable";
    case HTTP_TIMEOUT:
        return "timeout";
    case HTTP_TOO_LARGE:
        return "too large";
    default:
        return "failed";
    }
}

typedef struct {
    http_response *r;
    int too_large;
    panel_buf *raw; /* every header line, when recording; or NULL */
} sink;

/* Appends received bytes to the body; stops the transfer past the cap. */
static size_t on_body(char *ptr, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t n = size * nmemb;
    if (panel_buf_append(&s->r->body, ptr, n) != PANEL_E_OK) {
        s->too_large = 1;
        return 0;
    }
    return n;
}

/* Records the headers the checks need. */
static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
    sink *s = ud;
    size_t n = size * nmemb;
    if (n >= 5 && !strncmp(ptr, "HTTP/", 5)) { /* a new response (after 100): start over */
        s->r->content_type[0] = '\0';
        s->r->retry_after[0] = '\0';
    }
    if (s->raw)
        panel_buf_append(s->raw, ptr, n);
    panel_header_value(ptr, n, "Content-Type", s->r->content_type, sizeof(s->r->content_type));
    panel_header_value(ptr, n, "Retry-After", s->r->retry_after, sizeof(s->r->retry_after));
    return n;
}

/* Sleeps ms milliseconds. */
static void sleep_ms(long ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Milliseconds to wait before retry number attempt (1-based), capped. */
static long backoff_ms(const http_response *r, int attempt, long cap)
{
    long ms = 100L << (attempt - 1);
    if (r->retry_after[0]) {
        char *end;
        long s = strtol(r->retry_after, &end, 10);
        if (end != r->retry_after && *end == '\0' && s >= 0 && s < 86400)
            ms = s * 1000;
    }
    return ms > cap ? cap : ms;
}

/* Milliseconds of CLOCK_MONOTONIC. */
static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Aborts a transfer once the run is interrupted. */
static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    const http_client *c = ud;
    (void)dt;
    (void)dn;
    (void)ut;
    (void)un;
    return c->o.abort_flag && *c->o.abort_flag ? 1 : 0;
}

/* The timeout of the next attempt: the per-request timeout, cut to what the deadline leaves
 * (at least 1 ms). */
static long attempt_timeout(const http_client *c)
{
    long t = c->o.timeout_ms;
    if (c->o.deadline_ms > 0) {
        double left = c->o.deadline_ms - mono_ms();
        if (left < (double)t)
            t = left < 1 ? 1 : (long)left;
    }
    return t;
}

/* Performs one attempt into out. */
static void attempt_once(http_client *c, const http_req *rq, struct curl_slist *hdrs,
                         int idempotent, panel_buf *raw, http_response *out)
{
    CURL *h = c->h;
    sink s = {out, 0, raw};
    panel_buf_reset(&out->body);
    out->status = 0;
    out->content_type[0] = out->retry_after[0] = out->error[0] = '\0';
    curl_easy_reset(h);
    char errbuf[CURL_ERROR_SIZE] = "";
    const char *url = rq->url;
    if (rq->method && !strcmp(rq->method, "GET")) {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body ? rq->body : "");
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)rq->n);
    }
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &s);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L); /* the key travels in the request */
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    long tmo = attempt_timeout(c);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, tmo);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, c->o.connect_ms < tmo ? c->o.connect_ms : tmo);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
    /* "" disables every proxy, the environment's included: the key must not reach a proxy
     * for a loopback URL, nor for any other unless --proxy asked for it. */
    if (!c->o.proxy_env || policy_is_loopback(url))
        curl_easy_setopt(h, CURLOPT_PROXY, "");
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (c->o.timeout_ms + 999) / 1000);
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)HTTP_MAX_BODY);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_USERAGENT, "panelcheck/" PANEL_VERSION_STRING);
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    /* libcurl silently re-sends a request whose reused connection died before any answer;
     * for a request that changes state (add) that could place the order twice. */
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, idempotent ? 0L : 1L);
    CURLcode cc = curl_easy_perform(h);
    double t = 0;
    curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &t);
    out->elapsed_ms = t * 1000.0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
    if (cc == CURLE_OK) {
        out->outcome = HTTP_OK;
        return;
    }
    if (s.too_large || cc == CURLE_FILESIZE_EXCEEDED) {
        out->outcome = HTTP_TOO_LARGE;
        snprintf(out->error, sizeof(out->error), "response too large (over %u bytes)",
                 HTTP_MAX_BODY);
        return;
    }
    if (cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
        cc == CURLE_COULDNT_RESOLVE_PROXY)
        out->outcome = HTTP_UNREACHABLE;
    else if (cc == CURLE_ABORTED_BY_CALLBACK)
        out->outcome = HTTP_TIMEOUT; /* interrupted: counted as no answer */
    else if (cc == CURLE_OPERATION_TIMEDOUT)
        out->outcome = out->status ? HTTP_TIMEOUT : HTTP_UNREACHABLE;
    else
        out->outcome = HTTP_FAILED;
    snprintf(out->error, sizeof(out->error), "%s", errbuf[0] ? errbuf : curl_easy_strerror(cc));
}

/* Appends one attempt of rq to the recording (a failure to record is not the exchange's). */
static void http_record(http_client *c, const http_req *rq, const char *raw, double started,
                        const http_response *out)
{
    char req[800];
    snprintf(req, sizeof(req),
             "%s%s%sAccept: application/json\r\nUser-Agent: panelcheck/%s\r\n%s%s",
             rq->content_type ? "Content-Type: " : "", rq->content_type ? rq->content_type : "",
             rq->content_type ? "\r\n" : "", PANEL_VERSION_STRING, rq->header ? rq->header : "",
             rq->header ? "\r\n" : "");
    har_log_add(c->o.record, rq->method ? rq->method : "POST", rq->url, req,
                rq->content_type ? rq->content_type : "", rq->body, rq->n, out, raw, started);
}

/* Sends rq with retries on 429 (and 5xx when idempotent); answers from the recording instead
 * with --replay, and records every attempt with --record. */
panel_err http_send(http_client *c, const http_req *rq, int idempotent, int retries,
                    http_response *out)
{
    memset(out, 0, sizeof(*out));
    panel_buf_init(&out->body, HTTP_MAX_BODY);
    char ct[160];
    struct curl_slist *hdrs = curl_slist_append(NULL, "Accept: application/json");
    struct curl_slist *h2 = hdrs ? curl_slist_append(hdrs, "Expect:") : NULL;
    if (h2 && rq->content_type) {
        snprintf(ct, sizeof(ct), "Content-Type: %s", rq->content_type);
        h2 = curl_slist_append(h2, ct);
    }
    if (h2 && rq->header)
        h2 = curl_slist_append(h2, rq->header);
    if (!h2) {
        curl_slist_free_all(hdrs);
        return PANEL_E_NOMEM;
    }
    if (retries < 0)
        retries = c->o.max_retries;
    panel_buf raw;
    panel_buf_init(&raw, 1u << 16);
    panel_err rc = PANEL_E_OK;
    for (int a = 1;; a++) {
        double started = har_now_ms();
        panel_buf_reset(&raw);
        if (c->o.replay)
            rc = har_replay_answer(c->o.replay, c->o.replay_key, rq->method ? rq->method : "POST",
                                   rq->url, rq->content_type ? rq->content_type : "", rq->body,
                                   rq->n, out);
        else
            attempt_once(c, rq, hdrs, idempotent, c->o.record ? &raw : NULL, out);
        out->attempts = a;
        if (rc != PANEL_E_OK)
            break;
        if (c->o.record)
            http_record(c, rq, raw.data, started, out);
        int again =
            out->outcome == HTTP_OK && (out->status == 429 || (idempotent && out->status >= 500));
        if (!again || a > retries || (c->o.abort_flag && *c->o.abort_flag))
            break;
        if (c->o.deadline_ms > 0 && mono_ms() >= c->o.deadline_ms)
            break;
        if (!c->o.replay)
            sleep_ms(backoff_ms(out, a, c->o.backoff_cap_ms));
    }
    panel_buf_free(&raw);
    curl_slist_free_all(hdrs);
    return rc;
}

/* POSTs body to url with retries on 429 (and 5xx when idempotent). */
panel_err http_post(http_client *c, const char *url, const char *content_type, const char *body,
                    size_t n, int idempotent, int retries, http_response *out)
{
    http_req rq = {"POST", url, content_type, body, n, NULL};
    return http_send(c, &rq, idempotent, retries, out);
}
