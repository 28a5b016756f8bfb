/* core/result_write.c - the normalized result written straight as indented JSON, the bytes
 * jansson's json_dumpf(panel_result_to_json_new(r), JSON_INDENT(2) | JSON_PRESERVE_ORDER)
 * gives, without a tree: panelcheck parse's output path. */
#include <stdio.h>
#include <string.h>

#include "json_util.h"
#include "panel/result.h"

/* Writer state: the buffer, the nesting depth and whether the open container has members. */
typedef struct {
    panel_buf *out;
    int depth;
    int first; /* no member yet in the innermost open container */
    panel_err rc;
} writer;

/* Appends n bytes unless an earlier append failed. */
static void put(writer *w, const char *s, size_t n)
{
    if (w->rc == PANEL_E_OK)
        w->rc = panel_buf_append(w->out, s, n);
}

/* Appends a newline and the indentation of the current depth. */
static void newline(writer *w)
{
    static const char spaces[] = "\n                                ";
    size_t n = (size_t)w->depth * 2;
    if (n + 1 < sizeof spaces) {
        put(w, spaces, n + 1);
        return;
    }
    put(w, "\n", 1);
    for (size_t i = 0; i < n; i++)
        put(w, " ", 1);
}

/* Length of the valid UTF-8 sequence at s[0..left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    size_t need = c >= 0xC2 && c <= 0xDF   ? 2
                  : c >= 0xE0 && c <= 0xEF ? 3
                  : c >= 0xF0 && c <= 0xF4 ? 4
                                           : 0;
    if (!need || left < need)
        return 0;
    for (size_t k = 1; k < need; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] >= 0xA0) || (c == 0xF0 && s[1] < 0x90) ||
        (c == 0xF4 && s[1] >= 0x90))
        return 0;
    return need;
}

/* Appends a JSON string literal as jansson dumps it. */
static void put_string(writer *w, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), run = 0, i = 0;
    put(w, "\"", 1);
    while (i < n) {
        unsigned char c = u[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
            i++;
            continue;
        }
        size_t k = c >= 0x80 ? utf8_len(u + i, n - i) : 0;
        if (k) {
            i += k;
            continue;
        }
        put(w, s + run, i - run);
        char esc[8];
        const char *e = c == '"'    ? "\\\""
                        : c == '\\' ? "\\\\"
                        : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t"
                        : c >= 0x80 ? "\xef\xbf\xbd"
                                    : NULL;
        if (!e) {
            snprintf(esc, sizeof esc, "\\u%04X", c);
            e = esc;
        }
        put(w, e, strlen(e));
        run = ++i;
    }
    put(w, s + run, n - run);
    put(w, "\"", 1);
}

/* Opens an object or array ('{' or '['). */
static void open_c(writer *w, char c)
{
    put(w, &c, 1);
    w->depth++;
    w->first = 1;
}

/* Closes the innermost container; empty ones print as {} and []. */
static void close_c(writer *w, char c)
{
    w->depth--;
    if (!w->first)
        newline(w);
    put(w, &c, 1);
    w->first = 0;
}

/* Starts the next member or element. */
static void next(writer *w)
{
    if (!w->first)
        put(w, ",", 1);
    w->first = 0;
    newline(w);
}

/* Starts member key. */
static void key(writer *w, const char *k)
{
    next(w);
    put_string(w, k);
    put(w, ": ", 2);
}

/* key: "s" when s is non-NULL. */
static void kv_str(writer *w, const char *k, const char *s)
{
    if (!s)
        return;
    key(w, k);
    put_string(w, s);
}

/* key: integer. */
static void kv_int(writer *w, const char *k, int64_t v)
{
    char tmp[JSON_UTIL_INT_TEXT];
    key(w, k);
    put(w, tmp, json_util_int_text(v, tmp));
}

/* key: true|false. */
static void kv_bool(writer *w, const char *k, int v)
{
    key(w, k);
    put(w, v ? "true" : "false", v ? 4 : 5);
}

/* key: money with 8 places, as a string. */
static void kv_money(writer *w, const char *k, panel_money m)
{
    char tmp[48];
    if (panel_money_format(m, 8, tmp, sizeof tmp) != PANEL_E_OK) {
        w->rc = PANEL_E_INVALID;
        return;
    }
    kv_str(w, k, tmp);
}

/* One service, as service_json in result.c. */
static void write_service(writer *w, const panel_service *s)
{
    open_c(w, '{');
    kv_str(w, "id", s->id);
    kv_str(w, "name", s->name);
    kv_str(w, "type", s->type);
    kv_str(w, "category", s->category);
    kv_money(w, "rate", s->rate);
    kv_int(w, "min", s->min);
    kv_int(w, "max", s->max);
    if (s->refill >= 0)
        kv_bool(w, "refill", s->refill);
    if (s->cancel >= 0)
        kv_bool(w, "cancel", s->cancel);
    if (s->dripfeed >= 0)
        kv_bool(w, "dripfeed", s->dripfeed);
    kv_str(w, "desc", s->desc);
    close_c(w, '}');
}

/* One entry, as entry_json in result.c. */
static void write_entry(writer *w, const panel_entry *e)
{
    open_c(w, '{');
    kv_str(w, "id", e->id);
    kv_str(w, "error", e->error);
    if (e->has & PANEL_HAS_STATUS) {
        kv_str(w, "status", panel_status_name(e->status));
        kv_str(w, "status_word", e->status_word);
    }
    if (e->has & PANEL_HAS_CHARGE)
        kv_money(w, "charge", e->charge);
    if (e->has & PANEL_HAS_START_COUNT)
        kv_int(w, "start_count", e->start_count);
    if (e->has & PANEL_HAS_REMAINS)
        kv_int(w, "remains", e->remains);
    kv_str(w, "currency", e->currency);
    kv_str(w, "refill_id", e->refill_id);
    if (e->has & PANEL_HAS_OK)
        kv_bool(w, "ok", e->ok);
    close_c(w, '}');
}

/* The value object, as panel_result_value_json_new. */
static void write_value(writer *w, const panel_result *r)
{
    open_c(w, '{');
    kv_str(w, "error", r->error);
    kv_str(w, "order", r->order);
    if (r->has & PANEL_HAS_BALANCE)
        kv_money(w, "balance", r->balance);
    kv_str(w, "currency", r->currency);
    if (r->n_services) {
        key(w, "services");
        open_c(w, '[');
        for (size_t i = 0; i < r->n_services && w->rc == PANEL_E_OK; i++) {
            next(w);
            write_service(w, &r->services[i]);
        }
        close_c(w, ']');
    }
    if (r->n_entries) {
        key(w, "entries");
        open_c(w, '[');
        for (size_t i = 0; i < r->n_entries && w->rc == PANEL_E_OK; i++) {
            next(w);
            write_entry(w, &r->entries[i]);
        }
        close_c(w, ']');
    }
    close_c(w, '}');
}

/* One diagnostic, as diag_json in result.c. */
static void write_diag(writer *w, const panel_diag *dg)
{
    open_c(w, '{');
    kv_str(w, "code", panel_diag_code_name(dg->code));
    kv_str(w, "severity", panel_severity_name(dg->severity));
    kv_str(w, "pointer", dg->pointer ? dg->pointer : "");
    kv_str(w, "expected", dg->expected);
    kv_str(w, "actual", dg->actual);
    kv_str(w, "message", dg->message);
    if (dg->line || dg->column || dg->position) {
        kv_int(w, "line", dg->line);
        kv_int(w, "column", dg->column);
        kv_int(w, "position", (int64_t)dg->position);
    }
    close_c(w, '}');
}

/* Appends r as indented JSON; see result.h. */
panel_err panel_result_write_json(const panel_result *r, panel_buf *out)
{
    if (!r || !out)
        return PANEL_E_INVALID;
    writer w = {out, 0, 1, PANEL_E_OK};
    open_c(&w, '{');
    kv_str(&w, "action", panel_action_name(r->action));
    kv_bool(&w, "multi", r->multi);
    key(&w, "value");
    write_value(&w, r);
    key(&w, "diagnostics");
    open_c(&w, '[');
    for (size_t i = 0; i < r->n_diags && w.rc == PANEL_E_OK; i++) {
        next(&w);
        write_diag(&w, &r->diags[i]);
    }
    close_c(&w, ']');
    close_c(&w, '}');
    return w.rc;
}
