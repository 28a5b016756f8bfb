/* har.c - the bounded, strict HAR 1.2 reader, request parameters, and the replay matcher. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "panel/buf.h"
#include "panel/form.h"
#include "panel/har.h"

/* Puts into *out a new copy of s with every occurrence of key replaced by the mask (key NULL
 * or "": a plain copy); PANEL_E_TOO_LARGE past PANEL_HAR_MAX_BODY bytes and PANEL_E_NOMEM leave
 * *out NULL. */
static panel_err mask_dup(const char *s, const char *key, char **out)
{
    size_t kl = key ? strlen(key) : 0;
    panel_buf b;
    panel_buf_init(&b, PANEL_HAR_MAX_BODY);
    panel_err rc = panel_buf_puts(&b, "");
    for (const char *p = s; rc == PANEL_E_OK && *p;) {
        if (kl && !strncmp(p, key, kl)) {
            rc = panel_buf_puts(&b, PANEL_HAR_KEY_MASK);
            p += kl;
        } else {
            rc = panel_buf_append(&b, p, 1);
            p++;
        }
    }
    *out = NULL;
    if (rc != PANEL_E_OK) {
        panel_buf_free(&b);
        return rc;
    }
    *out = panel_buf_take(&b, NULL);
    return PANEL_E_OK;
}

/* Appends name=value (value masked with key) to p. */
static panel_err params_add(panel_har_params *p, const char *name, const char *value,
                            const char *key)
{
    if (p->n >= PANEL_HAR_MAX_PARAMS)
        return PANEL_E_TOO_LARGE;
    panel_har_param *t = realloc(p->items, (p->n + 1) * sizeof(*t));
    if (!t)
        return PANEL_E_NOMEM;
    p->items = t;
    t[p->n].name = strdup(name);
    panel_err rc = t[p->n].name ? mask_dup(value, key, &t[p->n].value) : PANEL_E_NOMEM;
    if (rc != PANEL_E_OK) {
        free(t[p->n].name);
        return rc;
    }
    p->n++;
    return PANEL_E_OK;
}

/* Adds the pairs of a form-encoded text; an undecodable text is kept as one "" parameter. */
static panel_err params_form(panel_har_params *p, const char *s, size_t n, const char *key)
{
    panel_form f;
    panel_form_init(&f, PANEL_HAR_MAX_PARAMS);
    panel_err rc = panel_form_decode(&f, s, n);
    if (rc == PANEL_E_PARSE) {
        char *raw = strndup(s, n);
        rc = raw ? params_add(p, "", raw, key) : PANEL_E_NOMEM;
        free(raw);
        goto out;
    }
    for (size_t i = 0; rc == PANEL_E_OK && i < f.count; i++)
        rc = params_add(p, f.pairs[i].name, f.pairs[i].value, key);
out:
    panel_form_free(&f);
    return rc;
}

/* Adds the members of a JSON object body: strings as they are, other values as compact JSON. */
static panel_err params_json(panel_har_params *p, const char *s, size_t n, const char *key)
{
    json_error_t je;
    json_t *o = json_loadb(s, n, JSON_DECODE_ANY, &je);
    panel_err rc = PANEL_E_OK;
    if (!o && json_error_code(&je) == json_error_out_of_memory)
        return PANEL_E_NOMEM;
    if (!json_is_object(o)) {
        char *raw = strndup(s, n);
        rc = raw ? params_add(p, "", raw, key) : PANEL_E_NOMEM;
        free(raw);
        goto out;
    }
    const char *k;
    json_t *v;
    json_object_foreach(o, k, v)
    {
        if (json_is_string(v)) {
            rc = params_add(p, k, json_string_value(v), key);
        } else {
            char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
            rc = t ? params_add(p, k, t, key) : PANEL_E_NOMEM;
            free(t);
        }
        if (rc != PANEL_E_OK)
            break;
    }
out:
    json_decref(o);
    return rc;
}

/* Extracts the query-string and body parameters of a request. */
panel_err panel_har_params_new(const char *url, const char *content_type, const char *body,
                               size_t n, const char *key, panel_har_params *out)
{
    memset(out, 0, sizeof(*out));
    panel_err rc = PANEL_E_OK;
    const char *q = url ? strchr(url, '?') : NULL;
    if (q) {
        const char *end = strchr(q, '#');
        rc = params_form(out, q + 1, end ? (size_t)(end - q - 1) : strlen(q + 1), key);
    }
    if (rc == PANEL_E_OK && body && n) {
        if (content_type && strstr(content_type, "json"))
            rc = params_json(out, body, n, key);
        else
            rc = params_form(out, body, n, key);
    }
    if (rc != PANEL_E_OK)
        panel_har_params_free(out);
    return rc;
}

/* Frees the parameters. */
void panel_har_params_free(panel_har_params *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->items[i].name);
        free(p->items[i].value);
    }
    free(p->items);
    memset(p, 0, sizeof(*p));
}

/* Writes the path of url into out. */
void panel_har_url_path(const char *url, char *out, size_t outsz)
{
    const char *p = strstr(url, "://");
    p = p ? strchr(p + 3, '/') : url;
    if (!p)
        p = "/";
    size_t n = strcspn(p, "?#");
    if (n >= outsz)
        n = outsz - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    if (!n)
        snprintf(out, outsz, "/");
}

/* Frees one entry's strings. */
static void entry_free(panel_har_entry *e)
{
    free(e->method);
    free(e->path);
    free(e->url);
    panel_har_params_free(&e->params);
    free(e->status_text);
    free(e->content_type);
    free(e->retry_after);
    free(e->body);
}

/* Frees the recording. */
void panel_har_free(panel_har *h)
{
    for (size_t i = 0; i < h->n; i++)
        entry_free(&h->entries[i]);
    free(h->entries);
    memset(h, 0, sizeof(*h));
}

/* The member name of o as a string, or NULL with err set (where: its location). */
static const char *want_string(json_t *o, const char *name, int required, const char *where,
                               char *err, size_t errsz)
{
    json_t *v = json_object_get(o, name);
    if (!v && !required)
        return "";
    if (!json_is_string(v)) {
        snprintf(err, errsz, "%s.%s: want a string", where, name);
        return NULL;
    }
    return json_string_value(v);
}

/* The member name of o as an object, or NULL with err set. */
static json_t *want_object(json_t *o, const char *name, const char *where, char *err, size_t errsz)
{
    json_t *v = json_object_get(o, name);
    if (!json_is_object(v)) {
        snprintf(err, errsz, "%s.%s: want an object", where, name);
        return NULL;
    }
    return v;
}

/* Decodes base64 text into a new NUL-terminated buffer; NULL when it is not base64. */
static char *base64_dup(const char *s, size_t *len)
{
    static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t n = strlen(s);
    char *out = malloc(n / 4 * 3 + 4);
    if (!out)
        return NULL;
    size_t w = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '=')
            break;
        const char *c = s[i] ? strchr(tab, s[i]) : NULL;
        if (!c) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)(c - tab);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[w++] = (char)((acc >> bits) & 0xff);
        }
    }
    out[w] = '\0';
    *len = w;
    return out;
}

/* The value of header name in a HAR headers array, or NULL. */
static const char *header_get(json_t *hdrs, const char *name)
{
    size_t i;
    json_t *h;
    json_array_foreach(hdrs, i, h)
    {
        const char *n = json_string_value(json_object_get(h, "name"));
        const char *v = json_string_value(json_object_get(h, "value"));
        if (n && v && !strcasecmp(n, name))
            return v;
    }
    return NULL;
}

/* Checks that a headers member is an array of {name, value} strings. */
static int headers_ok(json_t *o, const char *where, char *err, size_t errsz)
{
    json_t *hdrs = json_object_get(o, "headers");
    if (!json_is_array(hdrs)) {
        snprintf(err, errsz, "%s.headers: want an array", where);
        return 0;
    }
    size_t i;
    json_t *h;
    json_array_foreach(hdrs, i, h)
    {
        if (!json_is_string(json_object_get(h, "name")) ||
            !json_is_string(json_object_get(h, "value"))) {
            snprintf(err, errsz, "%s.headers[%zu]: want {\"name\": string, \"value\": string}",
                     where, i);
            return 0;
        }
    }
    return 1;
}

/* Reads one entry j (the i-th) into e; PANEL_E_PARSE with err set when a member is missing or
 * of the wrong type. */
static panel_err entry_read(json_t *j, size_t i, panel_har_entry *e, char *err, size_t errsz)
{
    char where[64];
    snprintf(where, sizeof(where), "log.entries[%zu]", i);
    if (!json_is_object(j)) {
        snprintf(err, errsz, "%s: want an object", where);
        return PANEL_E_PARSE;
    }
    char rw[80], sw[80];
    snprintf(rw, sizeof(rw), "%s.request", where);
    snprintf(sw, sizeof(sw), "%s.response", where);
    json_t *rq = want_object(j, "request", where, err, errsz);
    json_t *rs = rq ? want_object(j, "response", where, err, errsz) : NULL;
    if (!rs || !headers_ok(rq, rw, err, errsz) || !headers_ok(rs, sw, err, errsz))
        return PANEL_E_PARSE;
    const char *method = want_string(rq, "method", 1, rw, err, errsz);
    const char *url = method ? want_string(rq, "url", 1, rw, err, errsz) : NULL;
    if (!url)
        return PANEL_E_PARSE;
    const char *ptext = "", *pmime = "";
    json_t *pd = json_object_get(rq, "postData");
    if (pd) {
        char pw[96];
        snprintf(pw, sizeof(pw), "%s.postData", rw);
        if (!json_is_object(pd)) {
            snprintf(err, errsz, "%s: want an object", pw);
            return PANEL_E_PARSE;
        }
        pmime = want_string(pd, "mimeType", 1, pw, err, errsz);
        ptext = pmime ? want_string(pd, "text", 0, pw, err, errsz) : NULL;
        if (!ptext)
            return PANEL_E_PARSE;
    }
    json_t *st = json_object_get(rs, "status");
    if (!json_is_integer(st) || json_integer_value(st) < 0 || json_integer_value(st) > 999) {
        snprintf(err, errsz, "%s.status: want an integer 0-999", sw);
        return PANEL_E_PARSE;
    }
    json_t *ct = want_object(rs, "content", sw, err, errsz);
    if (!ct)
        return PANEL_E_PARSE;
    char cw[96];
    snprintf(cw, sizeof(cw), "%s.content", sw);
    const char *text = want_string(ct, "text", 0, cw, err, errsz);
    const char *enc = text ? want_string(ct, "encoding", 0, cw, err, errsz) : NULL;
    const char *stext = enc ? want_string(rs, "statusText", 0, sw, err, errsz) : NULL;
    if (!stext)
        return PANEL_E_PARSE;
    if (strlen(text) > PANEL_HAR_MAX_BODY * 2) {
        snprintf(err, errsz, "%s.text: over %u bytes", cw, PANEL_HAR_MAX_BODY);
        return PANEL_E_TOO_LARGE;
    }
    if (!strcmp(enc, "base64")) {
        e->body = base64_dup(text, &e->body_len);
        if (!e->body) {
            snprintf(err, errsz, "%s.text: not base64", cw);
            return PANEL_E_PARSE;
        }
    } else if (enc[0]) {
        snprintf(err, errsz, "%s.encoding: unknown '%.32s'", cw, enc);
        return PANEL_E_PARSE;
    } else {
        e->body = strdup(text);
        e->body_len = strlen(text);
    }
    char path[1024];
    panel_har_url_path(url, path, sizeof(path));
    const char *rct = header_get(json_object_get(rs, "headers"), "Content-Type");
    const char *mime = json_string_value(json_object_get(ct, "mimeType"));
    const char *ra = header_get(json_object_get(rs, "headers"), "Retry-After");
    e->method = strdup(method);
    e->path = strdup(path);
    e->url = strdup(url);
    e->status = (long)json_integer_value(st);
    e->status_text = strdup(stext);
    e->content_type = strdup(rct ? rct : mime ? mime : "");
    e->retry_after = ra ? strdup(ra) : NULL;
    if (!e->body || !e->method || !e->path || !e->url || !e->status_text || !e->content_type ||
        (ra && !e->retry_after))
        return PANEL_E_NOMEM;
    panel_err rc = panel_har_params_new(url, pmime, ptext, strlen(ptext), NULL, &e->params);
    if (rc != PANEL_E_OK)
        snprintf(err, errsz, "%s.postData: %s", rw, panel_strerror(rc));
    return rc;
}

/* Loads a recording from memory. */
panel_err panel_har_load_mem(const char *text, size_t n, panel_har *h, char *err, size_t errsz)
{
    memset(h, 0, sizeof(*h));
    err[0] = '\0';
    panel_err rc = PANEL_E_OK;
    if (n > PANEL_HAR_MAX_FILE) {
        snprintf(err, errsz, "over %u bytes", PANEL_HAR_MAX_FILE);
        return PANEL_E_TOO_LARGE;
    }
    json_error_t je;
    json_t *root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &je);
    if (!root && json_error_code(&je) == json_error_out_of_memory)
        return PANEL_E_NOMEM;
    if (!root) {
        snprintf(err, errsz, "not JSON: line %d column %d: %s", je.line, je.column, je.text);
        return PANEL_E_PARSE;
    }
    json_t *log = want_object(root, "log", "(top)", err, errsz);
    const char *ver = log ? want_string(log, "version", 1, "log", err, errsz) : NULL;
    json_t *ents = ver ? json_object_get(log, "entries") : NULL;
    if (!ver) {
        rc = PANEL_E_PARSE;
        goto out;
    }
    if (!json_is_array(ents)) {
        snprintf(err, errsz, "log.entries: want an array");
        rc = PANEL_E_PARSE;
        goto out;
    }
    if (json_array_size(ents) > PANEL_HAR_MAX_ENTRIES) {
        snprintf(err, errsz, "log.entries: over %u entries", PANEL_HAR_MAX_ENTRIES);
        rc = PANEL_E_TOO_LARGE;
        goto out;
    }
    h->entries = calloc(json_array_size(ents) + 1, sizeof(*h->entries));
    if (!h->entries) {
        rc = PANEL_E_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < json_array_size(ents); i++) {
        h->n = i + 1;
        rc = entry_read(json_array_get(ents, i), i, &h->entries[i], err, errsz);
        if (rc != PANEL_E_OK)
            goto out;
    }
out:
    json_decref(root);
    if (rc != PANEL_E_OK) {
        if (!err[0])
            snprintf(err, errsz, "%s", panel_strerror(rc));
        panel_har_free(h);
    }
    return rc;
}

/* Loads the HAR file at path. */
panel_err panel_har_load(const char *path, panel_har *h, char *err, size_t errsz)
{
    memset(h, 0, sizeof(*h));
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errsz, "cannot open");
        return PANEL_E_IO;
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && sb.st_size > (off_t)PANEL_HAR_MAX_FILE) {
        fclose(f);
        snprintf(err, errsz, "over %u bytes", PANEL_HAR_MAX_FILE);
        return PANEL_E_TOO_LARGE;
    }
    panel_buf b;
    panel_buf_init(&b, PANEL_HAR_MAX_FILE);
    char chunk[65536];
    size_t got;
    panel_err rc = PANEL_E_OK;
    while (rc == PANEL_E_OK && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
        rc = panel_buf_append(&b, chunk, got);
    int bad = ferror(f);
    fclose(f);
    if (rc != PANEL_E_OK || bad) {
        snprintf(err, errsz,
                 bad                   ? "read error"
                 : rc == PANEL_E_NOMEM ? "out of memory"
                                       : "over %u bytes",
                 PANEL_HAR_MAX_FILE);
        panel_buf_free(&b);
        return bad ? PANEL_E_IO : rc;
    }
    rc = panel_har_load_mem(b.data ? b.data : "", b.len, h, err, errsz);
    panel_buf_free(&b);
    return rc;
}

/* The value of name in p, or NULL. */
static const char *param_get(const panel_har_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->items[i].name, name))
            return p->items[i].value;
    return NULL;
}

/* 1 when a and b carry the same parameter names (each name of one is in the other). */
static int same_names(const panel_har_params *a, const panel_har_params *b)
{
    if (a->n != b->n)
        return 0;
    for (size_t i = 0; i < a->n; i++)
        if (!param_get(b, a->items[i].name))
            return 0;
    return 1;
}

/* The number of parameters of a whose value in b is equal. */
static size_t equal_values(const panel_har_params *a, const panel_har_params *b)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n; i++) {
        const char *v = param_get(b, a->items[i].name);
        n += v && !strcmp(v, a->items[i].value);
    }
    return n;
}

/* A likeness of a recorded request to a request, for "closest" (higher is closer). */
static size_t likeness(const panel_har_entry *e, const char *method, const char *path,
                       const panel_har_params *p)
{
    const char *a = param_get(p, "action"), *b = param_get(&e->params, "action");
    size_t s = !strcmp(e->method, method) + 2 * !strcmp(e->path, path);
    s += 4 * (a && b && !strcmp(a, b));
    for (size_t i = 0; i < p->n; i++)
        s += param_get(&e->params, p->items[i].name) != NULL;
    return s + equal_values(p, &e->params);
}

/* Writes a short text of a request into out ("POST /api/v2 action=status order=1"). */
static void describe(const char *method, const char *path, const panel_har_params *p, char *out,
                     size_t outsz)
{
    int w = snprintf(out, outsz, "%s %s", method, path);
    for (size_t i = 0; i < p->n && w >= 0 && (size_t)w < outsz; i++)
        w += snprintf(out + w, outsz - (size_t)w, " %s=%.40s", p->items[i].name, p->items[i].value);
}

/* Finds and marks the recorded answer for a request. */
const panel_har_entry *panel_har_match(panel_har *h, const char *method, const char *path,
                                       const panel_har_params *params, char *why, size_t whysz)
{
    const char *act = param_get(params, "action");
    panel_har_entry *best = NULL, *last_exact = NULL;
    size_t best_eq = 0;
    for (size_t i = 0; i < h->n; i++) {
        panel_har_entry *e = &h->entries[i];
        const char *ea = param_get(&e->params, "action");
        if (strcmp(e->method, method) || strcmp(e->path, path) || !same_names(params, &e->params))
            continue;
        if ((act || ea) && (!act || !ea || strcmp(act, ea)))
            continue;
        size_t eq = equal_values(params, &e->params);
        if (e->used) {
            if (eq == params->n)
                last_exact = e;
            continue;
        }
        if (!best || eq > best_eq) {
            best = e;
            best_eq = eq;
        }
    }
    /* an exact unused answer first; else repeat the last exact one; else the closest unused */
    panel_har_entry *pick = best && best_eq == params->n ? best : last_exact ? last_exact : best;
    if (pick) {
        pick->used = 1;
        return pick;
    }
    const panel_har_entry *near = NULL;
    size_t near_s = 0;
    for (size_t i = 0; i < h->n; i++) {
        size_t s = likeness(&h->entries[i], method, path, params);
        if (!near || s > near_s) {
            near = &h->entries[i];
            near_s = s;
        }
    }
    char req[512], rec[512] = "(the recording is empty)";
    describe(method, path, params, req, sizeof(req));
    if (near) {
        char d[480];
        describe(near->method, near->path, &near->params, d, sizeof(d));
        snprintf(rec, sizeof(rec), "#%zu %s", (size_t)(near - h->entries), d);
    }
    snprintf(why, whysz, "no recorded exchange matches %s; closest recorded request: %s", req, rec);
    return NULL;
}
