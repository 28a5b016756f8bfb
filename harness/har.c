/* har.c - the HAR 1.2 writer (every exchange, secrets masked, written atomically) and the
 * answers of a recording for the HTTP client's replay. */
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "har.h"
#include "panel/form.h"
#include "panel/parse.h"
#include "panel/version.h"

#define FORMS 3 /* raw, form-encoded, JSON-escaped */

struct har_log {
    pthread_mutex_t mu;
    json_t *entries;
    char *secrets[HAR_MAX_SECRETS][FORMS];
    size_t n_secrets;
    int oom; /* an allocation failed building an entry: the recording is short of it */
};

/* Wall-clock milliseconds since the epoch. */
double har_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

/* Creates an empty recording. */
panel_err har_log_new(har_log **out)
{
    har_log *l = calloc(1, sizeof(*l));
    if (!l)
        return PANEL_E_NOMEM;
    l->entries = json_array();
    if (!l->entries) {
        free(l);
        return PANEL_E_NOMEM;
    }
    pthread_mutex_init(&l->mu, NULL);
    *out = l;
    return PANEL_E_OK;
}

/* Frees the recording and its secrets. */
void har_log_free(har_log *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_secrets; i++)
        for (int f = 0; f < FORMS; f++)
            free(l->secrets[i][f]);
    json_decref(l->entries);
    pthread_mutex_destroy(&l->mu);
    free(l);
}

/* Adds a secret in its three encodings (a known one is not added twice). */
panel_err har_log_add_key(har_log *l, const char *key)
{
    if (!key || !key[0])
        return PANEL_E_OK;
    panel_err rc = PANEL_E_OK;
    pthread_mutex_lock(&l->mu);
    for (size_t i = 0; i < l->n_secrets; i++)
        if (!strcmp(l->secrets[i][0], key))
            goto out;
    if (l->n_secrets >= HAR_MAX_SECRETS) {
        rc = PANEL_E_TOO_LARGE;
        goto out;
    }
    panel_buf fe, je;
    panel_buf_init(&fe, 4096);
    panel_buf_init(&je, 4096);
    rc = panel_form_escape(&fe, key, strlen(key));
    if (rc == PANEL_E_OK)
        rc = panel_buf_json_string(&je, key, strlen(key));
    char **s = l->secrets[l->n_secrets];
    s[0] = strdup(key);
    s[1] = rc == PANEL_E_OK ? panel_buf_take(&fe, NULL) : NULL;
    s[2] = rc == PANEL_E_OK && je.len >= 2 ? strndup(je.data + 1, je.len - 2) : NULL;
    panel_buf_free(&fe);
    panel_buf_free(&je);
    if (!s[0] || !s[1] || !s[2]) {
        for (int f = 0; f < FORMS; f++) {
            free(s[f]);
            s[f] = NULL;
        }
        rc = rc == PANEL_E_OK ? PANEL_E_NOMEM : rc;
        goto out;
    }
    l->n_secrets++;
out:
    pthread_mutex_unlock(&l->mu);
    return rc;
}

/* The length of the secret form at s[0..n) when one starts there, else 0. */
static size_t secret_at(const har_log *l, const char *s, size_t n)
{
    for (size_t i = 0; i < l->n_secrets; i++)
        for (int f = 0; f < FORMS; f++) {
            size_t k = strlen(l->secrets[i][f]);
            if (k && k <= n && !memcmp(s, l->secrets[i][f], k))
                return k;
        }
    return 0;
}

/* Copies data[0..n) into out with every secret form written as $PANEL_KEY. */
static panel_err mask_into(const har_log *l, const char *data, size_t n, panel_buf *out)
{
    panel_err rc = panel_buf_append(out, "", 0);
    for (size_t i = 0; rc == PANEL_E_OK && i < n;) {
        size_t k = secret_at(l, data + i, n - i);
        if (k) {
            rc = panel_buf_puts(out, PANEL_HAR_KEY_MASK);
            i += k;
        } else {
            rc = panel_buf_append(out, data + i, 1);
            i++;
        }
    }
    return rc;
}

/* A new JSON string of data masked; base64 (and *b64 set) when it is not UTF-8 text. */
static json_t *masked_string(har_log *l, const char *data, size_t n, int *b64)
{
    panel_buf b;
    panel_buf_init(&b, 2 * HTTP_MAX_BODY);
    json_t *j = NULL;
    if (mask_into(l, data ? data : "", data ? n : 0, &b) != PANEL_E_OK) {
        l->oom = 1;
        goto out;
    }
    if (panel_utf8_valid(b.data ? b.data : "", b.len)) {
        j = json_stringn(b.data ? b.data : "", b.len);
        l->oom |= !j;
        goto out;
    }
    if (!b64)
        goto out;
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *e = malloc(b.len / 3 * 4 + 5);
    if (!e) {
        l->oom = 1;
        goto out;
    }
    size_t w = 0;
    const unsigned char *p = (const unsigned char *)b.data;
    for (size_t i = 0; i < b.len; i += 3) {
        unsigned v = (unsigned)p[i] << 16;
        v |= i + 1 < b.len ? (unsigned)p[i + 1] << 8 : 0;
        v |= i + 2 < b.len ? p[i + 2] : 0;
        e[w++] = tab[(v >> 18) & 63];
        e[w++] = tab[(v >> 12) & 63];
        e[w++] = i + 1 < b.len ? tab[(v >> 6) & 63] : '=';
        e[w++] = i + 2 < b.len ? tab[v & 63] : '=';
    }
    e[w] = '\0';
    j = json_string(e);
    l->oom |= !j;
    free(e);
    *b64 = 1;
out:
    panel_buf_free(&b);
    return j;
}

/* Sets o[k] to v (taken); a NULL v is left out (text that is not UTF-8; an allocation failure
 * is noted where it happens); a failed set is noted in l->oom. */
static void put(har_log *l, json_t *o, const char *k, json_t *v)
{
    if (v && json_object_set_new(o, k, v) != 0)
        l->oom = 1;
}

/* v, an allocation that fails only for want of memory; noted in l->oom when NULL. */
static json_t *need(har_log *l, json_t *v)
{
    l->oom |= !v;
    return v;
}

/* Appends v (taken) to a; a failure is noted in l->oom. */
static void push(har_log *l, json_t *a, json_t *v)
{
    if (json_array_append_new(a, v) != 0)
        l->oom = 1;
}

/* A JSON string of server-sent text s, NULL when it is not UTF-8 (left out). */
static json_t *text_json(har_log *l, const char *s)
{
    return panel_utf8_valid(s, strlen(s)) ? need(l, json_string(s)) : NULL;
}

/* A HAR headers array of a raw header block ("Name: value" lines; status lines skipped),
 * Authorization and Cookie values masked, secrets masked everywhere. */
static json_t *headers_json(har_log *l, const char *raw)
{
    json_t *a = need(l, json_array());
    for (const char *p = raw; a && p && *p;) {
        size_t n = strcspn(p, "\r\n");
        const char *colon = memchr(p, ':', n);
        if (colon && strncmp(p, "HTTP/", 5)) {
            size_t nl = (size_t)(colon - p);
            const char *v = colon + 1;
            while (v < p + n && (*v == ' ' || *v == '\t'))
                v++;
            int secret = (nl == 13 && !strncasecmp(p, "Authorization", 13)) ||
                         (nl == 19 && !strncasecmp(p, "Proxy-Authorization", 19)) ||
                         (nl == 6 && !strncasecmp(p, "Cookie", 6));
            json_t *h = need(l, json_object());
            if (h) {
                put(l, h, "name", masked_string(l, p, nl, NULL));
                put(l, h, "value",
                    secret ? need(l, json_string("$PANEL_SECRET"))
                           : masked_string(l, v, (size_t)(p + n - v), NULL));
            }
            push(l, a, h);
        }
        p += n;
        while (*p == '\r' || *p == '\n')
            p++;
    }
    return a;
}

/* The masked query string pairs of url as a HAR queryString array. */
static json_t *query_json(har_log *l, const char *url)
{
    json_t *a = need(l, json_array());
    panel_har_params p;
    panel_err rc = a ? panel_har_params_new(url, NULL, NULL, 0, NULL, &p) : PANEL_E_NOMEM;
    l->oom |= rc == PANEL_E_NOMEM;
    if (rc != PANEL_E_OK)
        return a;
    for (size_t i = 0; i < p.n; i++) {
        json_t *o = need(l, json_object());
        if (o) {
            put(l, o, "name", masked_string(l, p.items[i].name, strlen(p.items[i].name), NULL));
            put(l, o, "value", masked_string(l, p.items[i].value, strlen(p.items[i].value), NULL));
        }
        push(l, a, o);
    }
    panel_har_params_free(&p);
    return a;
}

/* The HAR postData of a request body (params decoded for a form body). */
static json_t *post_json(har_log *l, const char *ct, const char *body, size_t n)
{
    json_t *pd = need(l, json_object());
    if (!pd)
        return NULL;
    put(l, pd, "mimeType", text_json(l, ct ? ct : ""));
    put(l, pd, "text", masked_string(l, body, n, NULL));
    json_t *params = need(l, json_array());
    panel_form f;
    panel_form_init(&f, PANEL_HAR_MAX_PARAMS);
    panel_err rc = params && ct && strstr(ct, "x-www-form-urlencoded")
                       ? panel_form_decode(&f, body, n)
                       : PANEL_E_INVALID;
    l->oom |= rc == PANEL_E_NOMEM;
    for (size_t i = 0; rc == PANEL_E_OK && i < f.count; i++) {
        json_t *o = need(l, json_object());
        if (o) {
            put(l, o, "name", masked_string(l, f.pairs[i].name, strlen(f.pairs[i].name), NULL));
            put(l, o, "value", masked_string(l, f.pairs[i].value, strlen(f.pairs[i].value), NULL));
        }
        push(l, params, o);
    }
    panel_form_free(&f);
    put(l, pd, "params", params);
    return pd;
}

/* The status text of the first status line of a raw header block into out. */
static void status_text(const char *raw, char *out, size_t outsz)
{
    out[0] = '\0';
    const char *last = NULL;
    for (const char *p = raw; p && (p = strstr(p, "HTTP/")) != NULL; p += 5)
        if (p == raw || p[-1] == '\n')
            last = p;
    if (!last)
        return;
    size_t line = strcspn(last, "\r\n"); /* the reason phrase is on the status line only */
    const char *sp = memchr(last, ' ', line);
    sp = sp ? memchr(sp + 1, ' ', line - (size_t)(sp + 1 - last)) : NULL;
    if (!sp)
        return;
    size_t n = strcspn(sp + 1, "\r\n");
    snprintf(out, outsz, "%.*s", (int)(n < outsz ? n : outsz - 1), sp + 1);
}

/* An ISO 8601 UTC time with milliseconds of ms since the epoch into out. */
static void iso_time(double ms, char *out, size_t outsz)
{
    time_t t = (time_t)(ms / 1000.0);
    struct tm tm;
    gmtime_r(&t, &tm);
    char s[32];
    strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, outsz, "%s.%03dZ", s, (int)((long long)ms % 1000));
}

/* The HAR url of url: userinfo masked, secrets masked. */
static json_t *url_json(har_log *l, const char *url)
{
    const char *p = strstr(url, "://");
    const char *host = p ? p + 3 : url;
    size_t auth = strcspn(host, "/?#");
    const char *at = NULL;
    for (const char *q = host; q < host + auth; q++)
        if (*q == '@')
            at = q;
    panel_buf b;
    panel_buf_init(&b, 1u << 20);
    json_t *j = NULL;
    panel_err rc = at ? panel_buf_printf(&b, "%.*s$PANEL_USERINFO%s", (int)(host - url), url, at)
                      : panel_buf_puts(&b, url);
    l->oom |= rc == PANEL_E_NOMEM;
    if (rc == PANEL_E_OK)
        j = masked_string(l, b.data, b.len, NULL);
    panel_buf_free(&b);
    return j;
}

/* Appends one exchange, masked. */
panel_err har_log_add(har_log *l, const char *method, const char *url, const char *req_headers,
                      const char *req_ct, const char *body, size_t n, const http_response *r,
                      const char *resp_headers, double started_ms)
{
    pthread_mutex_lock(&l->mu);
    char when[48], st[128];
    iso_time(started_ms, when, sizeof(when));
    status_text(resp_headers, st, sizeof(st));
    json_t *rq = json_object(), *rs = json_object(), *ct = json_object(), *e = json_object();
    json_t *tm = json_object();
    panel_err rc = PANEL_E_NOMEM;
    if (!rq || !rs || !ct || !e || !tm) {
        l->oom = 1;
        goto out;
    }
    put(l, rq, "method", need(l, json_string(method)));
    put(l, rq, "url", url_json(l, url));
    put(l, rq, "httpVersion", need(l, json_string("HTTP/1.1")));
    put(l, rq, "cookies", need(l, json_array()));
    put(l, rq, "headers", headers_json(l, req_headers));
    put(l, rq, "queryString", query_json(l, url));
    json_t *pd = body ? post_json(l, req_ct, body, n) : NULL;
    /* the masked body's size: the real one would tell the key's length */
    size_t bs = json_string_length(json_object_get(pd, "text"));
    if (pd)
        put(l, rq, "postData", pd);
    put(l, rq, "headersSize", need(l, json_integer(-1)));
    put(l, rq, "bodySize", need(l, json_integer((json_int_t)bs)));
    int b64 = 0;
    put(l, ct, "size", need(l, json_integer((json_int_t)r->body.len)));
    put(l, ct, "mimeType", text_json(l, r->content_type));
    put(l, ct, "text", masked_string(l, r->body.data, r->body.len, &b64));
    if (b64)
        put(l, ct, "encoding", need(l, json_string("base64")));
    put(l, rs, "status", need(l, json_integer(r->outcome == HTTP_OK ? r->status : 0)));
    put(l, rs, "statusText", text_json(l, st));
    put(l, rs, "httpVersion", need(l, json_string("HTTP/1.1")));
    put(l, rs, "cookies", need(l, json_array()));
    put(l, rs, "headers", headers_json(l, resp_headers));
    put(l, rs, "content", ct);
    ct = NULL;
    put(l, rs, "redirectURL", need(l, json_string("")));
    put(l, rs, "headersSize", need(l, json_integer(-1)));
    put(l, rs, "bodySize", need(l, json_integer((json_int_t)r->body.len)));
    if (r->outcome != HTTP_OK)
        put(l, rs, "_error", masked_string(l, r->error, strlen(r->error), NULL));
    put(l, tm, "send", need(l, json_integer(0)));
    put(l, tm, "wait", need(l, json_real(r->elapsed_ms)));
    put(l, tm, "receive", need(l, json_integer(0)));
    put(l, e, "startedDateTime", need(l, json_string(when)));
    put(l, e, "time", need(l, json_real(r->elapsed_ms)));
    put(l, e, "request", rq);
    put(l, e, "response", rs);
    put(l, e, "cache", need(l, json_object()));
    put(l, e, "timings", tm);
    rq = rs = tm = NULL;
    if (l->oom) /* the entry is short of a member: the recording fails (har_log_write) */
        goto out;
    rc = json_array_append_new(l->entries, e) ? PANEL_E_NOMEM : PANEL_E_OK;
    l->oom |= rc != PANEL_E_OK;
    e = NULL;
out:
    json_decref(rq);
    json_decref(rs);
    json_decref(ct);
    json_decref(e);
    json_decref(tm);
    pthread_mutex_unlock(&l->mu);
    return rc;
}

/* The number of entries so far. */
size_t har_log_count(har_log *l)
{
    pthread_mutex_lock(&l->mu);
    size_t n = json_array_size(l->entries);
    pthread_mutex_unlock(&l->mu);
    return n;
}

/* Writes the recording atomically, or in place to a device or a pipe. */
panel_err har_log_write(har_log *l, const char *path, const char *creator)
{
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    pthread_mutex_lock(&l->mu);
    json_t *root = json_object(), *log = json_object(), *cr = json_object();
    char *text = NULL;
    panel_err rc = PANEL_E_NOMEM;
    if (!root || !log || !cr || l->oom)
        goto out;
    put(l, cr, "name", need(l, json_string(creator)));
    put(l, cr, "version", need(l, json_string(panel_version())));
    put(l, log, "version", need(l, json_string("1.2")));
    put(l, log, "creator", cr);
    cr = NULL;
    l->oom |= json_object_set(log, "entries", l->entries) != 0;
    put(l, root, "log", log);
    log = NULL;
    /* the text first, so that a failed dump is out of memory and a failed write the file's;
     * into a buffer of the measured size: json_dumps drops an object key whose append fails
     * (jansson 2.14's do_dump ignores dump_string's result), a fixed buffer never fails */
    size_t n = l->oom ? 0 : json_dumpb(root, NULL, 0, JSON_INDENT(1));
    text = n ? malloc(n) : NULL;
    if (!text || json_dumpb(root, text, n, JSON_INDENT(1)) != n)
        goto out;
    struct stat st;
    int special = stat(path, &st) == 0 && !S_ISREG(st.st_mode); /* a device or a pipe */
    FILE *f = fopen(special ? path : tmp, "w");
    rc = PANEL_E_IO;
    if (!f)
        goto out;
    int bad = fwrite(text, 1, n, f) != n;
    bad = fputc('\n', f) == EOF || bad;
    bad = fflush(f) != 0 || (!special && fsync(fileno(f)) != 0) || bad;
    bad = fclose(f) != 0 || bad;
    if (!special && (bad || rename(tmp, path) != 0)) {
        unlink(tmp);
        goto out;
    }
    if (bad)
        goto out;
    rc = PANEL_E_OK;
out:
    free(text);
    json_decref(root);
    json_decref(log);
    json_decref(cr);
    pthread_mutex_unlock(&l->mu);
    return rc;
}

/* Answers a request from the recording. */
panel_err har_replay_answer(panel_har *h, const char *key, const char *method, const char *url,
                            const char *ct, const char *body, size_t n, http_response *out)
{
    panel_buf_reset(&out->body);
    out->status = 0;
    out->content_type[0] = out->retry_after[0] = out->error[0] = '\0';
    out->elapsed_ms = 0;
    panel_har_params p;
    char path[1024];
    panel_har_url_path(url, path, sizeof(path));
    panel_err rc = panel_har_params_new(url, ct, body, n, key, &p);
    if (rc == PANEL_E_NOMEM)
        return rc;
    if (rc != PANEL_E_OK) {
        out->outcome = HTTP_FAILED;
        snprintf(out->error, sizeof(out->error), "replay: cannot read the request");
        return PANEL_E_OK;
    }
    const panel_har_entry *e = panel_har_match(h, method, path, &p, out->error, sizeof(out->error));
    panel_har_params_free(&p);
    if (!e) {
        out->outcome = HTTP_FAILED;
        return PANEL_E_OK;
    }
    if (e->status == 0) { /* the recording saw no answer */
        out->outcome = HTTP_UNREACHABLE;
        snprintf(out->error, sizeof(out->error), "replay: recorded without an answer");
        return PANEL_E_OK;
    }
    out->outcome = HTTP_OK;
    out->status = e->status;
    snprintf(out->content_type, sizeof(out->content_type), "%s", e->content_type);
    snprintf(out->retry_after, sizeof(out->retry_after), "%s",
             e->retry_after ? e->retry_after : "");
    rc = panel_buf_append(&out->body, e->body, e->body_len);
    if (rc == PANEL_E_NOMEM)
        return rc;
    if (rc != PANEL_E_OK) {
        out->outcome = HTTP_TOO_LARGE;
        snprintf(out->error, sizeof(out->error), "replay: recorded body over the cap");
    }
    return PANEL_E_OK;
}
