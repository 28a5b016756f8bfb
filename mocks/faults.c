/* faults.c - switch specs ("name,name=rate,latency=20ms") and the transport faults, chosen
 * per request from a header or from seeded global rates. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

static const char *const fault_names[] = {
#define MOCK_FAULT_NAME(n, s, w) s,
    MOCK_FAULT_MAP(MOCK_FAULT_NAME)
#undef MOCK_FAULT_NAME
};

static const mock_switch_info fault_infos[] = {
#define MOCK_FAULT_INFO(n, s, w) {s, w},
    MOCK_FAULT_MAP(MOCK_FAULT_INFO)
#undef MOCK_FAULT_INFO
};

/* The fault table: name and what it does, indexed by mock_fault. */
const mock_switch_info *mock_fault_infos(size_t *n)
{
    *n = MOCK_FAULT__COUNT;
    return fault_infos;
}

/* The fault names, indexed by mock_fault. */
const char *const *mock_fault_names(size_t *n)
{
    *n = MOCK_FAULT__COUNT;
    return fault_names;
}

/* Parses a rate "0.05" (or "1", "100%") into ppm; -1 when malformed. */
static long parse_rate(const char *v)
{
    char *end;
    double r = strtod(v, &end);
    if (end == v)
        return -1;
    if (*end == '%') {
        r /= 100.0;
        end++;
    }
    if (*end != '\0' || r < 0 || r > 1)
        return -1;
    return (long)(r * 1000000.0 + 0.5);
}

/* Parses milliseconds "20ms" or "20"; -1 when malformed. */
static long parse_ms(const char *v)
{
    char *end;
    long ms = strtol(v, &end, 10);
    if (end == v || ms < 0 || ms > 60000)
        return -1;
    if (strcmp(end, "ms") != 0 && *end != '\0')
        return -1;
    return ms;
}

/* Parses a switch spec against names into out. */
panel_err mock_switches_parse(const char *spec, const char *const *names, size_t n_names,
                              mock_switches *out, char *err, size_t errsz)
{
    memset(out, 0, sizeof *out);
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", spec ? spec : "");
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(t, '=');
        if (eq)
            *eq++ = '\0';
        if (strcmp(t, "none") == 0 || *t == '\0')
            continue;
        size_t i = 0;
        while (i < n_names && strcmp(names[i], t) != 0)
            i++;
        if (i == n_names || i >= 32) {
            snprintf(err, errsz, "unknown switch %s", t);
            return PANEL_E_USAGE;
        }
        if (names == fault_names && (i == MOCK_FAULT_LATENCY || i == MOCK_FAULT_JITTER)) {
            long ms = eq ? parse_ms(eq) : -1;
            if (ms < 0) {
                snprintf(err, errsz, "%s needs milliseconds, e.g. %s=20ms", t, t);
                return PANEL_E_USAGE;
            }
            if (i == MOCK_FAULT_LATENCY)
                out->latency_ms = (unsigned)ms;
            else
                out->jitter_ms = (unsigned)ms;
            continue;
        }
        long r = eq ? parse_rate(eq) : 1000000;
        if (r < 0) {
            snprintf(err, errsz, "bad rate for %s: %s (want 0..1)", t, eq);
            return PANEL_E_USAGE;
        }
        out->rate[i] = (uint32_t)r;
    }
    return PANEL_E_OK;
}

static const char html_page[] =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
    "Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n";

/* Applies fault f to out (status-level ones here, transport ones via out->fault). */
static void apply(mock_response *out, int f)
{
    switch (f) {
    case MOCK_FAULT_EMPTY:
        panel_buf_reset(&out->body);
        break;
    case MOCK_FAULT_E429:
    case MOCK_FAULT_E429BARE:
        mock_respond_text(out, 429, "application/json", "{\"error\":\"Too many requests\"}", 29);
        if (f == MOCK_FAULT_E429 && out->n_headers < MOCK_MAX_HEADERS) {
            snprintf(out->header_name[out->n_headers], 32, "Retry-After");
            snprintf(out->header_value[out->n_headers], 128, "1");
            out->n_headers++;
        }
        break;
    case MOCK_FAULT_E500:
        mock_respond_text(out, 500, "text/plain", "Internal Server Error", 21);
        break;
    case MOCK_FAULT_E502:
        mock_respond_text(out, 502, "text/plain", "Bad Gateway", 11);
        break;
    case MOCK_FAULT_E503:
        mock_respond_text(out, 503, "text/plain", "Service Unavailable", 19);
        break;
    case MOCK_FAULT_HTML:
        mock_respond_text(out, 502, "text/html", html_page, sizeof html_page - 1);
        break;
    case MOCK_FAULT_CTYPE:
        snprintf(out->content_type, sizeof out->content_type, "text/html; charset=UTF-8");
        break;
    case MOCK_FAULT_DRIP:
    case MOCK_FAULT_RESET:
    case MOCK_FAULT_TRUNCATE:
    case MOCK_FAULT_BADCHUNK:
    case MOCK_FAULT_GARBAGE:
        out->fault = f;
        break;
    default:
        break;
    }
}

/* Chooses this request's fault and latency: the header's, else the seeded global rates. */
void mock_faults_pick(mock_state *s, const mock_switches *sw, const char *header_fault,
                      mock_fault_pick *p)
{
    p->fault = MOCK_FAULT_NONE;
    p->latency_ms = 0;
    if (header_fault) {
        char name[64];
        snprintf(name, sizeof name, "%s", header_fault);
        char *eq = strchr(name, '=');
        if (eq)
            *eq++ = '\0';
        for (int i = 1; i < MOCK_FAULT__COUNT; i++) {
            if (strcmp(name, fault_names[i]) != 0)
                continue;
            if (i == MOCK_FAULT_LATENCY || i == MOCK_FAULT_JITTER) {
                long ms = eq ? parse_ms(eq) : 100;
                ms = ms < 0 ? 100 : ms;
                p->latency_ms =
                    (unsigned)(i == MOCK_FAULT_JITTER ? mock_rng_below(&s->rng, (uint64_t)ms + 1)
                                                      : (uint64_t)ms);
            }
            p->fault = i;
        }
        return;
    }
    if (!sw)
        sw = &s->faults;
    p->latency_ms = sw->latency_ms;
    if (sw->jitter_ms)
        p->latency_ms += (unsigned)mock_rng_below(&s->rng, sw->jitter_ms + 1);
    for (int i = MOCK_FAULT_DRIP; i < MOCK_FAULT__COUNT; i++)
        if (sw->rate[i] && mock_rng_chance(&s->rng, sw->rate[i]) && p->fault == MOCK_FAULT_NONE)
            p->fault = i;
}

/* 1 when fault f answers in place of the request (429, 5xx, HTML page): the request is
 * then never processed, as behind a real rate limiter or gateway, so a retry is safe. */
int mock_fault_replaces(int f)
{
    return f == MOCK_FAULT_E429 || f == MOCK_FAULT_E429BARE || f == MOCK_FAULT_E500 ||
           f == MOCK_FAULT_E502 || f == MOCK_FAULT_E503 || f == MOCK_FAULT_HTML;
}

/* Applies a picked fault and latency to out. */
void mock_faults_apply(const mock_fault_pick *p, mock_response *out)
{
    out->latency_ms = p->latency_ms;
    if (p->fault != MOCK_FAULT_NONE && p->fault != MOCK_FAULT_LATENCY &&
        p->fault != MOCK_FAULT_JITTER)
        apply(out, p->fault);
}
