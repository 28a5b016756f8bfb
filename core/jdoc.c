/* core/jdoc.c - strict RFC 8259 reader: iterative (no recursion), strings decoded in place in
 * one copy of the body, containers laid out in an arena, numbers kept as their input text. */
#include "jdoc.h"
#include "panel/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DUP_PAIRWISE 16  /* objects up to this many members are checked pairwise */
#define INLINE_VALUES 64 /* value stack and frames start on the C stack: no malloc for */
#define INLINE_FRAMES 16 /* small bodies (fuzzing runs millions of them) */

/* The byte loops below carry no coverage instrumentation in fuzz builds: they branch on
 * nothing but the byte class, and libFuzzer's comparison tracing there cost a fifth of the
 * parse targets' time (the branches around them stay instrumented). */
#if defined(__clang__) && __clang_major__ >= 13
#define BYTE_LOOP __attribute__((no_sanitize("coverage")))
#else
#define BYTE_LOOP
#endif

/* Byte classes, so that the per-byte loops make one test a byte. The copy of the body ends
 * with a NUL (class 0), which stops every loop without a length test. */
enum { C_WS = 1, C_PLAIN = 2, C_DIGIT = 4 };
/* cls[c]: C_WS | C_PLAIN (printable ASCII but '"' and '\\') | C_DIGIT. */
static const unsigned char cls[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    3, 2, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* One arena block. */
typedef struct block {
    struct block *next;
    size_t used, cap;
    jdoc_val data[]; /* aligned for the values laid out in it */
} block;

/* An open container while reading. */
typedef struct {
    size_t start;    /* index of its first child on the value stack */
    uint8_t type;    /* JDOC_ARRAY or JDOC_OBJECT */
    uint16_t height; /* tallest container child so far (0: none) */
} frame;

/* Reader state for one call. */
typedef struct {
    const char *src; /* the body as given, for error positions */
    char *t;         /* its copy, decoded in place */
    size_t n, i;
    jdoc *d;
    jdoc_val *vs; /* value stack: children of the open containers */
    size_t vn, vcap;
    frame *fs;
    size_t fn, fcap;
    size_t max_depth;
    int too_deep;
    int nomem;
    size_t next_block;
    jdoc_dup_fn dup;
    void *dup_ctx;
    uint32_t *hs; /* duplicate-key hash scratch */
    size_t hcap;
    jdoc_error *err;
    jdoc_val vs_inline[INLINE_VALUES];
    frame fs_inline[INLINE_FRAMES];
} reader;

/* Allocates n values' room in the arena; NULL on NOMEM. */
static jdoc_val *arena_vals(reader *r, size_t count)
{
    block *b = r->d->blocks;
    if (!b || b->cap - b->used < count) {
        size_t cap = r->next_block;
        if (cap < count)
            cap = count;
        if (cap > SIZE_MAX / sizeof(jdoc_val) / 2)
            return NULL;
        block *nb = malloc(sizeof *nb + cap * sizeof(jdoc_val));
        if (!nb)
            return NULL;
        nb->next = b;
        nb->used = 0;
        nb->cap = cap;
        r->d->blocks = b = nb;
        if (r->next_block < (1u << 20))
            r->next_block *= 2;
    }
    jdoc_val *p = b->data + b->used;
    b->used += count;
    return p;
}

/* Length of the token starting at src[pos] as jansson would name it in an error. */
static size_t token_end(const reader *r, size_t pos)
{
    const char *s = r->src;
    size_t n = r->n;
    if (pos >= n)
        return n;
    if (s[pos] == '"') {
        size_t j = pos + 1;
        while (j < n && s[j] != '"') {
            if (s[j] == '\\' && j + 1 < n)
                j++;
            j++;
        }
        return j < n ? j + 1 : n;
    }
    size_t j = pos;
    while (j < n && (s[j] == '-' || s[j] == '+' || s[j] == '.' || (s[j] >= '0' && s[j] <= '9') ||
                     (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z')))
        j++;
    return j > pos ? j : pos + 1;
}

/* Fills e with the line, column (characters) and position of src[0..end). */
BYTE_LOOP static void locate(const reader *r, size_t end, jdoc_error *e)
{
    int line = 1, col = 0;
    const char *p = r->src, *stop = r->src + end, *nl;
    while (p < stop && (nl = memchr(p, '\n', (size_t)(stop - p))) != NULL) {
        line++;
        p = nl + 1;
    }
    for (; p < stop; p++)
        col += ((unsigned char)*p & 0xC0) != 0x80;
    e->line = line;
    e->column = col;
    e->position = end;
}

/* Writes "what near 'token'" (ASCII only) about the token at pos into e. */
static void describe(const reader *r, size_t pos, const char *what, jdoc_error *e)
{
    size_t end = token_end(r, pos);
    locate(r, end, e);
    if (pos >= r->n) {
        snprintf(e->text, sizeof e->text, "%s near end of file", what);
        return;
    }
    size_t len = end - pos;
    int printable = len <= 40;
    for (size_t k = pos; printable && k < end; k++)
        printable = r->src[k] >= 0x20 && r->src[k] < 0x7F;
    if (printable)
        snprintf(e->text, sizeof e->text, "%s near '%.*s'", what, (int)len, r->src + pos);
    else
        snprintf(e->text, sizeof e->text, "%s near byte 0x%02X", what,
                 (unsigned)(unsigned char)r->src[pos]);
}

/* Records a syntax error about the token at pos; returns 0 for the caller to pass on. */
static int fail(reader *r, size_t pos, const char *what)
{
    r->err->status = JDOC_SYNTAX;
    describe(r, pos, what, r->err);
    return 0;
}

/* Pushes v on the value stack; 0 on NOMEM. */
static int push(reader *r, const jdoc_val *v)
{
    if (r->vn == r->vcap) {
        size_t cap = r->vcap * 2;
        jdoc_val *nv =
            r->vs == r->vs_inline ? malloc(cap * sizeof *nv) : realloc(r->vs, cap * sizeof *nv);
        if (!nv) {
            r->nomem = 1;
            return 0;
        }
        if (r->vs == r->vs_inline)
            memcpy(nv, r->vs_inline, sizeof r->vs_inline);
        r->vs = nv;
        r->vcap = cap;
    }
    r->vs[r->vn++] = *v;
    return 1;
}

/* Skips JSON whitespace. */
BYTE_LOOP static void skip_ws(reader *r)
{
    const unsigned char *t = (const unsigned char *)r->t;
    size_t i = r->i;
    while (cls[t[i]] & C_WS)
        i++;
    r->i = i;
}

/* Value of one hex digit, or -1. */
static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads 4 hex digits at t[i]; -1 when they are not. */
static long hex4(const reader *r, size_t i)
{
    if (r->n - i < 4)
        return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval(r->t[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Length of the valid UTF-8 sequence at s[0..left) (lead byte >= 0x80), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t left)
{
    unsigned char c = s[0];
    if (c >= 0xC2 && c <= 0xDF)
        return left >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (left < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (left < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

/* 1 when s[0..n) is valid UTF-8 as the reader accepts it; see parse.h. */
int panel_utf8_valid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        size_t k = u[i] < 0x80 ? 1 : utf8_seq(u + i, n - i);
        if (k == 0)
            return 0;
        i += k;
    }
    return 1;
}

/* Writes code point cp as UTF-8 at p; returns the length. */
static size_t utf8_put(char *p, unsigned long cp)
{
    if (cp < 0x80) {
        p[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        p[0] = (char)(0xC0 | (cp >> 6));
        p[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        p[0] = (char)(0xE0 | (cp >> 12));
        p[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        p[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    p[0] = (char)(0xF0 | (cp >> 18));
    p[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    p[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    p[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Reads one escape at t[i] (after the backslash) into t[*w]; returns the new i or 0. */
static size_t read_escape(reader *r, size_t i, size_t *w)
{
    char *t = r->t;
    size_t at = i - 1;
    if (i >= r->n)
        return fail(r, at, "premature end of input"), 0;
    char c = t[i];
    static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
    const char *p = c ? strchr(from, c) : NULL;
    if (p) {
        t[(*w)++] = to[p - from];
        return i + 1;
    }
    if (c != 'u')
        return fail(r, at, "invalid escape"), 0;
    long cp = hex4(r, i + 1);
    if (cp < 0)
        return fail(r, at, "invalid \\u escape"), 0;
    i += 5;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(r, at, "lone low surrogate in \\u escape"), 0;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        long lo = i + 1 < r->n && t[i] == '\\' && t[i + 1] == 'u' ? hex4(r, i + 2) : -1;
        if (lo < 0xDC00 || lo > 0xDFFF)
            return fail(r, at, "high surrogate not followed by a low one"), 0;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        i += 6;
    }
    *w += utf8_put(t + *w, (unsigned long)cp);
    return i;
}

/* Index of the first byte at or after t[i] that is not plain string ASCII (the final NUL
 * stops the scan). */
BYTE_LOOP static size_t plain_run(const char *t, size_t i)
{
    while (cls[(unsigned char)t[i]] & C_PLAIN)
        i++;
    return i;
}

/* Reads the string at t[i] == '"' into v; 0 on error. */
static int read_string(reader *r, jdoc_val *v)
{
    char *t = r->t;
    size_t n = r->n, start = r->i + 1, i = start;
    i = plain_run(t, i); /* plain ASCII, nothing to move */
    size_t w = i;
    while (i < n) {
        unsigned char c = (unsigned char)t[i];
        if (c == '"')
            break;
        if (c == '\\') {
            i = read_escape(r, i + 1, &w);
            if (!i)
                return 0;
        } else if (c < 0x20) {
            return fail(r, i, c ? "control character in string" : "NUL byte in string");
        } else if (c < 0x80) {
            t[w++] = t[i++];
        } else {
            size_t k = utf8_seq((const unsigned char *)t + i, n - i);
            if (!k)
                return fail(r, i, "invalid UTF-8 in string");
            memmove(t + w, t + i, k);
            w += k;
            i += k;
        }
    }
    if (i >= n)
        return fail(r, r->i, "premature end of input in string");
    t[w] = '\0';
    v->u.s = t + start;
    v->n = (uint32_t)(w - start);
    v->type = JDOC_STRING;
    v->num = 0;
    v->height = 1;
    r->i = i + 1;
    return 1;
}

/* Counts the ASCII digits at t[i..). */
BYTE_LOOP static size_t digits(const reader *r, size_t i)
{
    size_t k = i;
    while (cls[(unsigned char)r->t[k]] & C_DIGIT)
        k++;
    return k - i;
}

/* Reads the number at t[i] into v (its text, checked against the grammar); 0 on error. */
static int read_number(reader *r, jdoc_val *v)
{
    size_t i = r->i, start = i;
    unsigned num = 0;
    if (r->t[i] == '-') {
        num |= JDOC_NUM_NEG;
        i++;
    }
    size_t k = digits(r, i);
    if (k == 0 || (r->t[i] == '0' && k > 1))
        return fail(r, start, "invalid number");
    i += k;
    if (i < r->n && r->t[i] == '.') {
        k = digits(r, i + 1);
        if (!k)
            return fail(r, start, "invalid number");
        i += 1 + k;
        num |= JDOC_NUM_FRAC;
    }
    if (i < r->n && (r->t[i] == 'e' || r->t[i] == 'E')) {
        i++;
        if (i < r->n && (r->t[i] == '+' || r->t[i] == '-'))
            i++;
        k = digits(r, i);
        if (!k)
            return fail(r, start, "invalid number");
        i += k;
        num |= JDOC_NUM_EXP;
    }
    v->u.s = r->t + start;
    v->n = (uint32_t)(i - start);
    v->type = JDOC_NUMBER;
    v->num = (uint8_t)num;
    v->height = 1;
    r->i = i;
    return 1;
}

/* Reads true, false or null at t[i]; 0 on error. */
static int read_literal(reader *r, jdoc_val *v)
{
    static const struct {
        const char *w;
        size_t n;
        jdoc_type t;
    } lits[] = {{"true", 4, JDOC_TRUE}, {"false", 5, JDOC_FALSE}, {"null", 4, JDOC_NULL}};
    for (size_t k = 0; k < 3; k++) {
        if (r->n - r->i >= lits[k].n && !memcmp(r->t + r->i, lits[k].w, lits[k].n)) {
            memset(v, 0, sizeof *v);
            v->type = (uint8_t)lits[k].t;
            v->height = 1;
            r->i += lits[k].n;
            return 1;
        }
    }
    return fail(r, r->i, "invalid token");
}

/* FNV-1a of a key. */
static uint32_t key_hash(const jdoc_val *k)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < k->n; i++)
        h = (h ^ (unsigned char)k->u.s[i]) * 16777619u;
    return h;
}

/* 1 when two keys are the same bytes. */
static int key_eq(const jdoc_val *a, const jdoc_val *b)
{
    return a->n == b->n && !memcmp(a->u.s, b->u.s, a->n);
}

/* Reports the duplicate key k (its decoded text sits where its token started). */
static void report_dup(reader *r, const jdoc_val *k)
{
    r->d->n_dups++;
    if (!r->dup || r->d->n_dups > JDOC_MAX_DUP_CALLS)
        return;
    jdoc_error e;
    memset(&e, 0, sizeof e);
    size_t pos = (size_t)(k->u.s - r->t) - 1;
    describe(r, pos, "duplicate object key", &e);
    r->dup(r->dup_ctx, &e);
}

/* Merges duplicate keys among m members at vs[base..): first place, last value. Returns
 * the member count left; -1 on NOMEM. */
static long dedupe(reader *r, jdoc_member *m, size_t count)
{
    size_t out = 0;
    if (count <= DUP_PAIRWISE) {
        for (size_t j = 0; j < count; j++) {
            size_t i = 0;
            while (i < out && !key_eq(&m[i].key, &m[j].key))
                i++;
            if (i < out) {
                report_dup(r, &m[j].key);
                m[i].val = m[j].val;
            } else {
                m[out++] = m[j];
            }
        }
        return (long)out;
    }
    size_t cap = 64;
    while (cap < count * 2)
        cap *= 2;
    if (cap > r->hcap) {
        uint32_t *nh = realloc(r->hs, cap * sizeof *nh);
        if (!nh)
            return -1;
        r->hs = nh;
        r->hcap = cap;
    }
    memset(r->hs, 0xFF, cap * sizeof *r->hs);
    for (size_t j = 0; j < count; j++) {
        size_t h = key_hash(&m[j].key) & (cap - 1);
        while (r->hs[h] != UINT32_MAX && !key_eq(&m[r->hs[h]].key, &m[j].key))
            h = (h + 1) & (cap - 1);
        if (r->hs[h] != UINT32_MAX) {
            report_dup(r, &m[j].key);
            m[r->hs[h]].val = m[j].val;
        } else {
            m[out] = m[j];
            r->hs[h] = (uint32_t)out++;
        }
    }
    return (long)out;
}

/* Closes the innermost container into one value on the stack; 0 on NOMEM. */
static int close_frame(reader *r)
{
    frame f = r->fs[--r->fn];
    size_t count = r->vn - f.start;
    jdoc_val v;
    memset(&v, 0, sizeof v);
    v.type = f.type;
    uint16_t h = count && !f.height ? 1 : f.height; /* scalars are 1 high */
    v.height = h < UINT16_MAX ? (uint16_t)(h + 1) : UINT16_MAX;
    if (r->fn && v.height > r->fs[r->fn - 1].height)
        r->fs[r->fn - 1].height = v.height; /* only containers raise their parent's height */
    if (f.type == JDOC_OBJECT && count) {
        long m = dedupe(r, (jdoc_member *)(r->vs + f.start), count / 2);
        if (m < 0) {
            r->nomem = 1;
            return 0;
        }
        count = (size_t)m * 2;
    }
    if (count) {
        jdoc_val *p = arena_vals(r, count);
        if (!p) {
            r->nomem = 1;
            return 0;
        }
        memcpy(p, r->vs + f.start, count * sizeof *p);
        v.u.items = p;
    }
    v.n = (uint32_t)(f.type == JDOC_OBJECT ? count / 2 : count);
    r->vn = f.start;
    return push(r, &v);
}

/* Opens a container of type at t[i]; 0 on NOMEM. */
static int open_frame(reader *r, jdoc_type type)
{
    if (r->fn == r->fcap) {
        size_t cap = r->fcap * 2;
        frame *nf =
            r->fs == r->fs_inline ? malloc(cap * sizeof *nf) : realloc(r->fs, cap * sizeof *nf);
        if (!nf) {
            r->nomem = 1;
            return 0;
        }
        if (r->fs == r->fs_inline)
            memcpy(nf, r->fs_inline, sizeof r->fs_inline);
        r->fs = nf;
        r->fcap = cap;
    }
    frame *f = &r->fs[r->fn++];
    f->start = r->vn;
    f->type = (uint8_t)type;
    f->height = 0;
    if (r->fn > r->max_depth)
        r->too_deep = 1;
    r->i++;
    return 1;
}

/* Reads a key and its ':' inside an object; 0 on error. */
static int read_key(reader *r)
{
    jdoc_val k;
    skip_ws(r);
    if (r->i >= r->n || r->t[r->i] != '"')
        return fail(r, r->i, "string or '}' expected");
    if (!read_string(r, &k))
        return 0;
    k.height = 0; /* a key adds no nesting */
    if (!push(r, &k))
        return 0;
    skip_ws(r);
    if (r->i >= r->n || r->t[r->i] != ':')
        return fail(r, r->i, "':' expected");
    r->i++;
    return 1;
}

/* The main loop: reads one value (and everything inside) iteratively; 0 on error. */
static int read_text(reader *r)
{
    for (;;) {
        /* a value is expected at t[i] */
        skip_ws(r);
        if (r->i >= r->n)
            return fail(r, r->i, r->fn ? "premature end of input" : "no JSON text");
        char c = r->t[r->i];
        jdoc_val v;
        int ok;
        if (c == '{' || c == '[') {
            if (!open_frame(r, c == '{' ? JDOC_OBJECT : JDOC_ARRAY))
                return 0;
            skip_ws(r);
            if (r->i < r->n && r->t[r->i] == (c == '{' ? '}' : ']')) {
                r->i++;
                if (!close_frame(r))
                    return 0;
            } else {
                if (c == '{' && !read_key(r))
                    return 0;
                continue;
            }
        } else {
            if (c == '"')
                ok = read_string(r, &v);
            else if (c == '-' || (c >= '0' && c <= '9'))
                ok = read_number(r, &v);
            else
                ok = read_literal(r, &v);
            if (!ok || !push(r, &v))
                return 0;
        }
        /* after a value: ',' or the closing bracket of the open container, or the end */
        for (;;) {
            skip_ws(r);
            if (!r->fn) {
                if (r->i < r->n)
                    return fail(r, r->i, "end of file expected");
                return 1;
            }
            uint8_t ft = r->fs[r->fn - 1].type;
            char close = ft == JDOC_OBJECT ? '}' : ']';
            if (r->i < r->n && r->t[r->i] == close) {
                r->i++;
                if (!close_frame(r))
                    return 0;
                continue;
            }
            if (r->i < r->n && r->t[r->i] == ',') {
                r->i++;
                if (ft == JDOC_OBJECT && !read_key(r))
                    return 0;
                break;
            }
            return fail(r, r->i, ft == JDOC_OBJECT ? "'}' expected" : "']' expected");
        }
    }
}

/* Reads body into d; see jdoc.h. */
panel_err jdoc_read(jdoc *d, const char *body, size_t n, size_t max_depth, jdoc_dup_fn dup,
                    void *dup_ctx, jdoc_error *err)
{
    memset(d, 0, sizeof *d);
    memset(err, 0, sizeof *err);
    if (n >= UINT32_MAX) {
        err->status = JDOC_SYNTAX;
        snprintf(err->text, sizeof err->text, "text too large");
        return PANEL_E_PARSE;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.src = body;
    r.n = n;
    r.d = d;
    r.max_depth = max_depth ? max_depth : 2048;
    r.dup = dup;
    r.dup_ctx = dup_ctx;
    r.err = err;
    r.vs = r.vs_inline;
    r.vcap = INLINE_VALUES;
    r.fs = r.fs_inline;
    r.fcap = INLINE_FRAMES;
    /* the copy of the text and the first arena block are one allocation */
    size_t first = n / 8 > 64 ? n / 8 : 64; /* about one value per 8 bytes of text */
    block *b0 = malloc(sizeof *b0 + first * sizeof(jdoc_val) + n + 1);
    if (!b0) {
        err->status = JDOC_NOMEM;
        return PANEL_E_NOMEM;
    }
    b0->next = NULL;
    b0->used = 0;
    b0->cap = first;
    d->blocks = b0;
    r.next_block = first * 2;
    r.t = (char *)(b0->data + first);
    memcpy(r.t, body, n);
    r.t[n] = '\0';
    int ok = read_text(&r);
    panel_err rc = PANEL_E_OK;
    if (r.nomem) {
        err->status = JDOC_NOMEM;
        rc = PANEL_E_NOMEM;
    } else if (!ok) {
        rc = PANEL_E_PARSE;
    } else if (r.too_deep) {
        err->status = JDOC_DEPTH;
        snprintf(err->text, sizeof err->text, "maximum parsing depth reached");
        locate(&r, 0, err);
        rc = PANEL_E_PARSE;
    } else {
        d->root = r.vs[0];
    }
    if (r.vs != r.vs_inline)
        free(r.vs);
    if (r.fs != r.fs_inline)
        free(r.fs);
    free(r.hs);
    return rc;
}

/* Frees d's memory. */
void jdoc_free(jdoc *d)
{
    if (!d)
        return;
    for (block *b = d->blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    memset(d, 0, sizeof *d);
}

/* Linear lookup: objects in answers are small, and duplicates are already merged. */
const jdoc_val *jdoc_get(const jdoc_val *o, const char *key)
{
    if (!o || o->type != JDOC_OBJECT)
        return NULL;
    size_t kn = strlen(key);
    for (uint32_t i = 0; i < o->n; i++) {
        const jdoc_val *k = &o->u.members[i].key;
        if (k->n == kn && k->u.s[0] == key[0] && !memcmp(k->u.s, key, kn))
            return &o->u.members[i].val;
    }
    return NULL;
}

/* Type names as the diagnostics have always shown them. */
const char *jdoc_type_name(const jdoc_val *v)
{
    if (!v)
        return "absent";
    switch ((jdoc_type)v->type) {
    case JDOC_OBJECT:
        return "object";
    case JDOC_ARRAY:
        return "array";
    case JDOC_STRING:
        return "string";
    case JDOC_NUMBER:
        return jdoc_is_int(v) ? "integer" : "real";
    case JDOC_TRUE:
    case JDOC_FALSE:
        return "boolean";
    case JDOC_NULL:
        return "null";
    }
    return "unknown";
}
