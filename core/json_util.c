/* core/json_util.c - JSON pointers, type names, depth, brief texts and a compact dumper. */
#include "json_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Grows p to hold at least need more bytes plus the NUL; returns 0 on NOMEM. */
static int ptr_reserve(json_util_ptr *p, size_t need)
{
    if (p->cap == (size_t)-1)
        return 0;
    if (p->len + need + 1 <= p->cap)
        return 1;
    size_t cap = p->cap ? p->cap : 64;
    while (cap < p->len + need + 1)
        cap *= 2;
    int inl = p->s == p->inline_buf;
    char *s = inl ? malloc(cap) : realloc(p->s, cap);
    if (!s) {
        p->cap = (size_t)-1; /* sticky failure marker */
        return 0;
    }
    if (inl)
        memcpy(s, p->inline_buf, p->len + 1);
    p->s = s;
    p->cap = cap;
    return 1;
}

/* Initialises an empty pointer in its inline buffer. */
void json_util_ptr_init(json_util_ptr *p)
{
    p->s = p->inline_buf;
    p->len = 0;
    p->cap = sizeof p->inline_buf;
    p->s[0] = '\0';
}

/* Frees the pointer's memory. */
void json_util_ptr_free(json_util_ptr *p)
{
    if (p->s != p->inline_buf)
        free(p->s);
    p->s = NULL;
    p->len = p->cap = 0;
}

/* Appends an escaped reference token for key. */
size_t json_util_ptr_push_key(json_util_ptr *p, const char *key)
{
    size_t old = p->len;
    size_t n = strlen(key);
    if (!ptr_reserve(p, 2 * n + 1))
        return old;
    char *w = p->s + p->len;
    *w++ = '/';
    for (size_t i = 0; i < n; i++) {
        if (key[i] == '~') {
            *w++ = '~';
            *w++ = '0';
        } else if (key[i] == '/') {
            *w++ = '~';
            *w++ = '1';
        } else {
            *w++ = key[i];
        }
    }
    *w = '\0';
    p->len = (size_t)(w - p->s);
    return old;
}

/* Appends "/index". */
size_t json_util_ptr_push_index(json_util_ptr *p, size_t index)
{
    size_t old = p->len;
    char tmp[24];
    size_t k = 0;
    do {
        tmp[k++] = (char)('0' + index % 10);
        index /= 10;
    } while (index);
    if (!ptr_reserve(p, k + 1))
        return old;
    char *w = p->s + p->len;
    *w++ = '/';
    while (k)
        *w++ = tmp[--k];
    *w = '\0';
    p->len = (size_t)(w - p->s);
    return old;
}

/* Pops back to len. */
void json_util_ptr_pop(json_util_ptr *p, size_t len)
{
    if (p->s && len <= p->len) {
        p->len = len;
        p->s[len] = '\0';
    }
}

/* 1 after an allocation failure. */
int json_util_ptr_failed(const json_util_ptr *p)
{
    return p->cap == (size_t)-1 || !p->s;
}

/* Type name of j. */
const char *json_util_type_name(const json_t *j)
{
    if (!j)
        return "absent";
    switch (json_typeof(j)) {
    case JSON_OBJECT:
        return "object";
    case JSON_ARRAY:
        return "array";
    case JSON_STRING:
        return "string";
    case JSON_INTEGER:
        return "integer";
    case JSON_REAL:
        return "real";
    case JSON_TRUE:
    case JSON_FALSE:
        return "boolean";
    case JSON_NULL:
        return "null";
    }
    return "unknown";
}

/* Depth of j, counting stops past limit. */
size_t json_util_depth(const json_t *j, size_t limit)
{
    if (!j || (!json_is_object(j) && !json_is_array(j)))
        return 1;
    if (limit == 0)
        return 1;
    size_t best = 0;
    if (json_is_object(j)) {
        const char *k;
        json_t *v;
        json_object_foreach((json_t *)j, k, v)
        {
            size_t dd = json_util_depth(v, limit - 1);
            if (dd > best)
                best = dd;
            if (best >= limit)
                break;
        }
    } else {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v)
        {
            size_t dd = json_util_depth(v, limit - 1);
            if (dd > best)
                best = dd;
            if (best >= limit)
                break;
        }
    }
    return best + 1;
}

/* Brief text of a value, cut to 64 bytes. */
void json_util_brief(const json_t *j, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    out[0] = '\0';
    if (!j) {
        snprintf(out, outsz, "absent");
        return;
    }
    if (json_is_string(j)) {
        size_t n = json_string_length(j);
        size_t max = outsz - 1 < 64 ? outsz - 1 : 64;
        if (n > max)
            n = json_util_utf8_cut(json_string_value(j), max);
        memcpy(out, json_string_value(j), n);
        out[n] = '\0';
        return;
    }
    if (json_is_integer(j)) {
        snprintf(out, outsz, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        return;
    }
    if (json_is_real(j)) {
        for (int prec = 15; prec <= 17; prec++) {
            snprintf(out, outsz, "%.*g", prec, json_real_value(j));
            if (strtod(out, NULL) == json_real_value(j))
                break;
        }
        return;
    }
    panel_buf b;
    panel_buf_init(&b, 4096);
    if (json_util_dump(j, &b) != PANEL_E_OK) {
        snprintf(out, outsz, "%s", json_util_type_name(j));
        panel_buf_free(&b);
        return;
    }
    size_t max = outsz - 1 < 64 ? outsz - 1 : 64;
    size_t n = b.len > max ? json_util_utf8_cut(b.data, max) : b.len;
    if (n)
        memcpy(out, b.data, n);
    out[n] = '\0';
    panel_buf_free(&b);
}

/* Backs off from a cut inside a character. */
size_t json_util_utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

/* Drops a lead byte left without all its continuation bytes at the end of s[0..n). */
size_t json_util_utf8_whole(const char *s, size_t n)
{
    size_t i = n, cont = 0;
    while (i > 0 && cont < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i == 0)
        return n;
    unsigned char lead = (unsigned char)s[i - 1];
    size_t need = (lead & 0xE0) == 0xC0   ? 2
                  : (lead & 0xF0) == 0xE0 ? 3
                  : (lead & 0xF8) == 0xF0 ? 4
                                          : 1;
    return cont + 1 < need ? i - 1 : n;
}

/* Exact decimal integer parse. */
panel_err json_util_parse_int(const char *s, size_t n, int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    if (i < n && s[i] == '-') {
        neg = 1;
        i++;
    }
    if (i >= n)
        return PANEL_E_PARSE;
    uint64_t v = 0;
    uint64_t lim = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    int range = 0;
    for (; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return PANEL_E_PARSE;
        unsigned dg = (unsigned)(s[i] - '0');
        if (!range && (v > (lim - dg) / 10))
            range = 1;
        if (!range)
            v = v * 10 + dg;
    }
    if (range)
        return PANEL_E_RANGE;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return PANEL_E_OK;
}

/* Appends a real in the fewest significant digits (15 to 17) that read back as the same
 * double: 0.27819 stays "0.27819", not "0.27818999999999999" (a money number rendered from
 * exact money must read back without extra places). */
static panel_err dump_real(double x, panel_buf *out)
{
    char tmp[40];
    for (int prec = 15; prec <= 17; prec++) {
        int k = snprintf(tmp, sizeof tmp, "%.*g", prec, x);
        if (k < 0 || (size_t)k >= sizeof tmp)
            return PANEL_E_INVALID;
        if (prec == 17 || strtod(tmp, NULL) == x)
            break;
    }
    if (!strpbrk(tmp, ".eEn"))
        strcat(tmp, ".0");
    return panel_buf_puts(out, tmp);
}

/* Recursive compact dump. */
static panel_err dump(const json_t *j, panel_buf *out, int depth)
{
    panel_err rc = PANEL_E_OK;
    if (depth > 4096)
        return PANEL_E_TOO_LARGE;
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        rc = panel_buf_append(out, "{", 1);
        int first = 1;
        for (void *it = json_object_iter((json_t *)j); it && rc == PANEL_E_OK;
             it = json_object_iter_next((json_t *)j, it)) {
            if (!first)
                rc = panel_buf_append(out, ",", 1);
            first = 0;
            const char *k = json_object_iter_key(it);
            if (rc == PANEL_E_OK)
                rc = panel_buf_json_string(out, k, json_object_iter_key_len(it));
            if (rc == PANEL_E_OK)
                rc = panel_buf_append(out, ":", 1);
            if (rc == PANEL_E_OK)
                rc = dump(json_object_iter_value(it), out, depth + 1);
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_append(out, "}", 1);
        break;
    }
    case JSON_ARRAY: {
        rc = panel_buf_append(out, "[", 1);
        for (size_t i = 0; i < json_array_size(j) && rc == PANEL_E_OK; i++) {
            if (i)
                rc = panel_buf_append(out, ",", 1);
            if (rc == PANEL_E_OK)
                rc = dump(json_array_get(j, i), out, depth + 1);
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_append(out, "]", 1);
        break;
    }
    case JSON_STRING:
        rc = panel_buf_json_string(out, json_string_value(j), json_string_length(j));
        break;
    case JSON_INTEGER:
        rc = panel_buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
        break;
    case JSON_REAL:
        rc = dump_real(json_real_value(j), out);
        break;
    case JSON_TRUE:
        rc = panel_buf_puts(out, "true");
        break;
    case JSON_FALSE:
        rc = panel_buf_puts(out, "false");
        break;
    case JSON_NULL:
        rc = panel_buf_puts(out, "null");
        break;
    }
    return rc;
}

/* Compact dump in insertion order. */
panel_err json_util_dump(const json_t *j, panel_buf *out)
{
    if (!j || !out)
        return PANEL_E_INVALID;
    return dump(j, out, 0);
}

/* Writes v's decimal digits at out; see json_util.h. */
size_t json_util_int_text(int64_t v, char *out)
{
    char rev[JSON_UTIL_INT_TEXT];
    size_t k = 0, n = 0;
    uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
    do {
        rev[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        out[n++] = '-';
    while (k)
        out[n++] = rev[--k];
    return n;
}

/* Brief writer: at most max bytes into out, then it stops taking more. */
typedef struct {
    char *out;
    size_t len, max;
    int full;
} brief_w;

/* Appends n bytes, cutting at a character boundary when the room ends. */
static void bw_put(brief_w *w, const char *s, size_t n)
{
    if (w->full)
        return;
    if (n > w->max - w->len) {
        size_t room = w->max - w->len;
        n = room < n ? room : n;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        w->full = 1;
    }
    memcpy(w->out + w->len, s, n);
    w->len += n;
}

/* Appends s[0..n) as a JSON string literal (escapes as panel_buf_json_string). */
static void bw_string(brief_w *w, const char *s, size_t n)
{
    bw_put(w, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n && !w->full; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        bw_put(w, s + run, i - run);
        char esc[8];
        const char *e = c == '"'    ? "\\\""
                        : c == '\\' ? "\\\\"
                        : c == '\n' ? "\\n"
                        : c == '\r' ? "\\r"
                        : c == '\t' ? "\\t"
                        : c == '\b' ? "\\b"
                        : c == '\f' ? "\\f"
                                    : NULL;
        if (!e) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            e = esc;
        }
        bw_put(w, e, strlen(e));
        run = i + 1;
    }
    bw_put(w, s + run, n - run);
    bw_put(w, "\"", 1);
}

/* Appends v compactly; recursion ends as soon as the room does (each level writes a byte). */
static void bw_value(brief_w *w, const jdoc_val *v)
{
    if (w->full)
        return;
    switch ((jdoc_type)v->type) {
    case JDOC_NULL:
        bw_put(w, "null", 4);
        break;
    case JDOC_TRUE:
        bw_put(w, "true", 4);
        break;
    case JDOC_FALSE:
        bw_put(w, "false", 5);
        break;
    case JDOC_NUMBER:
        bw_put(w, v->u.s, v->n);
        break;
    case JDOC_STRING:
        bw_string(w, v->u.s, v->n);
        break;
    case JDOC_ARRAY:
        bw_put(w, "[", 1);
        for (uint32_t i = 0; i < v->n && !w->full; i++) {
            if (i)
                bw_put(w, ",", 1);
            bw_value(w, &v->u.items[i]);
        }
        bw_put(w, "]", 1);
        break;
    case JDOC_OBJECT:
        bw_put(w, "{", 1);
        for (uint32_t i = 0; i < v->n && !w->full; i++) {
            if (i)
                bw_put(w, ",", 1);
            bw_string(w, v->u.members[i].key.u.s, v->u.members[i].key.n);
            bw_put(w, ":", 1);
            bw_value(w, &v->u.members[i].val);
        }
        bw_put(w, "}", 1);
        break;
    }
}

/* Brief text of a read value, cut to 64 bytes on a character boundary. */
void json_util_vbrief(const jdoc_val *v, char *out, size_t outsz)
{
    if (outsz == 0)
        return;
    brief_w w = {out, 0, outsz - 1 < 64 ? outsz - 1 : 64, 0};
    if (!v)
        bw_put(&w, "absent", 6);
    else if (v->type == JDOC_STRING)
        bw_put(&w, v->u.s, v->n);
    else
        bw_value(&w, v);
    out[w.len] = '\0';
}

/* Compares a read value with a jansson one. */
int json_util_vequal(const jdoc_val *a, const json_t *b)
{
    if (!a || !b)
        return 0;
    switch ((jdoc_type)a->type) {
    case JDOC_NULL:
        return json_is_null(b);
    case JDOC_TRUE:
        return json_is_true(b);
    case JDOC_FALSE:
        return json_is_false(b);
    case JDOC_STRING:
        return json_is_string(b) && json_string_length(b) == a->n &&
               !memcmp(json_string_value(b), a->u.s, a->n);
    case JDOC_NUMBER: {
        if (json_is_integer(b)) {
            int64_t x;
            return jdoc_is_int(a) && json_util_parse_int(a->u.s, a->n, &x) == PANEL_E_OK &&
                   x == json_integer_value(b);
        }
        char tmp[64];
        if (!json_is_real(b) || jdoc_is_int(a) || a->n >= sizeof tmp)
            return 0;
        memcpy(tmp, a->u.s, a->n);
        tmp[a->n] = '\0';
        return strtod(tmp, NULL) == json_real_value(b);
    }
    case JDOC_ARRAY:
        if (!json_is_array(b) || json_array_size(b) != a->n)
            return 0;
        for (uint32_t i = 0; i < a->n; i++)
            if (!json_util_vequal(&a->u.items[i], json_array_get(b, i)))
                return 0;
        return 1;
    case JDOC_OBJECT:
        if (!json_is_object(b) || json_object_size(b) != a->n)
            return 0;
        for (uint32_t i = 0; i < a->n; i++) {
            const jdoc_member *m = &a->u.members[i];
            if (strlen(m->key.u.s) != m->key.n ||
                !json_util_vequal(&m->val, json_object_get(b, m->key.u.s)))
                return 0;
        }
        return 1;
    }
    return 0;
}
