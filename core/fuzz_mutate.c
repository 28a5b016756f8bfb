/* fuzz_mutate.c - the structure-aware mutator of provider answers (panel/fuzz.h): the body is
 * read with jansson and one to three tree edits are made that mimic real provider quirks
 * (types swapped, keys duplicated or dropped, status spellings, id formats and sizes,
 * wrappers, huge numbers, comma decimals, deep nesting), then, at a low rate, the text is
 * truncated or broken. Non-JSON input gets byte edits. */
#include "panel/fuzz.h"

#include <ctype.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES 256
#define N_DYN 4                      /* raw tokens made for one call (ids in exponent form) */
#define DYN_LEN 40                   /* their buffer */
#define MUTATE_MAX_INPUT (16u << 20) /* larger inputs are left alone */
#define GRAFT_MAX 4096               /* cross-over grafts only between inputs this small */

static const char *const mutation_names[] = {
#define PANEL_FUZZ_MUTATION_NAME(n, s, w) s,
    PANEL_FUZZ_MUTATION_MAP(PANEL_FUZZ_MUTATION_NAME)
#undef PANEL_FUZZ_MUTATION_NAME
};

static const char *const mutation_whats[] = {
#define PANEL_FUZZ_MUTATION_WHAT(n, s, w) w,
    PANEL_FUZZ_MUTATION_MAP(PANEL_FUZZ_MUTATION_WHAT)
#undef PANEL_FUZZ_MUTATION_WHAT
};

/* Raw JSON tokens jansson cannot hold; a string "\u0001<index>" stands for one of them. */
static const char *const raw_tokens[] = {
    "1e400",
    "-1e400",
    "99999999999999999999",
    "-99999999999999999999",
    "1.7976931348623157e308",
    "0.000000001",
    "-0",
    "1E2",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "0.08011655652",
    "1,20",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
};
#define N_RAW (sizeof(raw_tokens) / sizeof(raw_tokens[0]))

static const char *const status_words[] = {
    "Completed",   "completed",  "COMPLETED",   "Complete",    "Done",
    "Pending",     "pending",    "PENDING",     "In progress", "In Progress",
    "in progress", "Inprogress", "IN_PROGRESS", "inprogress",  "Processing",
    "processing",  "Partial",    "partial",     "PARTIAL",     "Canceled",
    "Cancelled",   "canceled",   "CANCELED",    "Fail",        "Failed",
    "FAIL",        "Refunded",   "Rejected",    "Error",       "AWAITING",
    "Awaiting",    "error",      "success",     "Unknown",     "",
    "Completed ",
};
#define N_STATUS (sizeof(status_words) / sizeof(status_words[0]))

static const char *const keys[] = {
    "status",  "order",    "orders",  "refill", "refills",  "cancel",   "charge", "start_count",
    "remains", "currency", "balance", "error",  "service",  "name",     "type",   "category",
    "rate",    "min",      "max",     "data",   "success",  "order_id", "desc",   "dripfeed",
    "id",      "message",  "result",  "refund", "response", "code",
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

static const char *const money_texts[] = {
    "0.90", "1,20", "$1.20", "95200", "0.27819", "-0.01", "1.123456789", "100.84292",
    "0",    "",     "NaN",   "1e3",   " 1.20",   "1.2.3", "-",           "92233720368.54775808",
};
#define N_MONEY (sizeof(money_texts) / sizeof(money_texts[0]))

/* One call's state: the generator, the dialect's words, the raw tokens made on the way and
 * the first kind of edit applied. */
typedef struct {
    unsigned long long s;
    const panel_dialect *d;
    panel_action action;
    char dyn[N_DYN][DYN_LEN];
    size_t n_dyn;
    panel_fuzz_mutation first;
} mctx;

/* Returns the name of mutation kind m, or "unknown". */
const char *panel_fuzz_mutation_name(panel_fuzz_mutation m)
{
    return (unsigned)m < PANEL_FUZZ__COUNT ? mutation_names[m] : "unknown";
}

/* Returns what mutation kind m does, or "". */
const char *panel_fuzz_mutation_what(panel_fuzz_mutation m)
{
    return (unsigned)m < PANEL_FUZZ__COUNT ? mutation_whats[m] : "";
}

/* Returns the next pseudo-random number (xorshift64*). */
static unsigned long long next(mctx *g)
{
    g->s ^= g->s >> 12;
    g->s ^= g->s << 25;
    g->s ^= g->s >> 27;
    return g->s * 2685821657736338717ULL;
}

/* Returns a number in [0, n). */
static size_t pick(mctx *g, size_t n)
{
    return n ? (size_t)(next(g) % n) : 0;
}

/* Notes kind m as applied when it is the first one. */
static void applied(mctx *g, panel_fuzz_mutation m)
{
    if (g->first == PANEL_FUZZ_NONE)
        g->first = m;
}

/* A node of the tree with where it hangs: its parent and its key or index there. */
typedef struct {
    json_t *node;
    json_t *parent;
    const char *key;
    size_t index;
} slot;

/* Collects up to MAX_NODES nodes of j, depth-first, into nodes (borrowed references). */
static void collect(json_t *j, json_t *parent, const char *key, size_t index, slot *nodes,
                    size_t *n)
{
    const char *k;
    json_t *v;
    size_t i;

    if (*n >= MAX_NODES)
        return;
    nodes[*n].node = j;
    nodes[*n].parent = parent;
    nodes[*n].key = key;
    nodes[*n].index = index;
    (*n)++;
    if (json_is_object(j)) {
        json_object_foreach(j, k, v) collect(v, j, k, 0, nodes, n);
    } else if (json_is_array(j)) {
        json_array_foreach(j, i, v) collect(v, j, NULL, i, nodes, n);
    }
}

/* Returns a raw-token placeholder string for table entry idx (new reference). */
static json_t *raw_at(size_t idx)
{
    char s[16];

    snprintf(s, sizeof(s), "\x01%u", (unsigned)idx);
    return json_string(s);
}

/* Returns a placeholder for a random fixed raw token (new reference). */
static json_t *raw_new(mctx *g)
{
    return raw_at(pick(g, N_RAW));
}

/* Returns a placeholder for text as a raw token made for this call (new reference), or a
 * fixed one when the call's slots are used up. */
static json_t *dyn_new(mctx *g, const char *text)
{
    if (g->n_dyn >= N_DYN)
        return raw_new(g);
    snprintf(g->dyn[g->n_dyn], DYN_LEN, "%s", text);
    return raw_at(N_RAW + g->n_dyn++);
}

/* Returns a random 24-hex ObjectId string (new reference). */
static json_t *objectid_new(mctx *g)
{
    static const char hex[] = "0123456789abcdef";
    char s[25];
    size_t i;

    for (i = 0; i < 24; i++)
        s[i] = hex[pick(g, 16)];
    s[24] = '\0';
    return json_string(s);
}

/* Returns a value of another JSON type than v has, often derived from v (new reference). */
static json_t *retype_new(mctx *g, const json_t *v)
{
    char text[64];

    switch (pick(g, 8)) {
    case 0:
        if (json_is_integer(v))
            snprintf(text, sizeof(text), "%lld", (long long)json_integer_value(v));
        else if (json_is_real(v))
            snprintf(text, sizeof(text), "%.17g", json_real_value(v));
        else
            snprintf(text, sizeof(text), "%s", json_is_true(v) ? "true" : "1");
        return json_string(text);
    case 1:
        if (json_is_string(v))
            return json_integer(strtoll(json_string_value(v), NULL, 10));
        return json_integer((json_int_t)pick(g, 100000));
    case 2:
        return json_boolean(pick(g, 2));
    case 3:
        return json_null();
    case 4:
        return json_pack("{s:O}", "error", v);
    case 5:
        return json_pack("[O]", v);
    case 6:
        return json_real(json_is_string(v) ? atof(json_string_value(v)) : 0.08011655652);
    default:
        return raw_new(g);
    }
}

/* Returns an id in another format or size: int, "int", 24-hex ObjectId, 0, negated, past
 * 2^53, or the id as a float in exponent form (1.234567e+06, as a client's printf writes it)
 * (new reference). */
static json_t *reid_new(mctx *g, const json_t *v)
{
    long long id = json_is_integer(v)  ? (long long)json_integer_value(v)
                   : json_is_string(v) ? strtoll(json_string_value(v), NULL, 10)
                                       : 1234567;
    char text[40];

    if (id == 0)
        id = 1234567;
    switch (pick(g, 9)) {
    case 0:
        return json_integer(id);
    case 1:
        snprintf(text, sizeof(text), "%lld", id);
        return json_string(text);
    case 2:
        return objectid_new(g);
    case 3:
        return json_integer(0);
    case 4:
        return json_string("0");
    case 5: /* past 2^53: a double cannot hold it */
        return json_integer(9007199254740993LL + (json_int_t)pick(g, 1000));
    case 6:
        snprintf(text, sizeof(text), "%e", (double)id);
        return dyn_new(g, text);
    case 7:
        snprintf(text, sizeof(text), "%e", (double)id);
        return json_string(text);
    default: /* negated; LLONG_MIN (no positive twin) stays as it is */
        return json_integer(id == LLONG_MIN ? id : -id);
    }
}

/* Returns a status spelling: a fixed quirk word, or one of the dialect's own words for the
 * action's vocabulary with its case changed (new reference). */
static json_t *status_new(mctx *g)
{
    const panel_vocab *v = NULL;
    char w[64];
    size_t i;

    if (g->d)
        v = g->action == PANEL_ACTION_REFILL_STATUS ? &g->d->refill_status : &g->d->order_status;
    if (!v || v->n_words == 0 || pick(g, 2))
        return json_string(status_words[pick(g, N_STATUS)]);
    snprintf(w, sizeof(w), "%s", v->words[pick(g, v->n_words)].word);
    switch (pick(g, 3)) {
    case 0:
        for (i = 0; w[i]; i++)
            w[i] = (char)toupper((unsigned char)w[i]);
        break;
    case 1:
        for (i = 0; w[i]; i++)
            w[i] = (char)tolower((unsigned char)w[i]);
        break;
    default:
        for (i = 0; w[i]; i++)
            if (w[i] == ' ')
                w[i] = '_';
        break;
    }
    return json_string(w);
}

/* Puts value (reference stolen) where slot s hangs, or returns it as the new root. */
static json_t *replace(slot *s, json_t *value, json_t *root)
{
    if (!value)
        return root;
    if (!s->parent) {
        json_decref(root);
        return value;
    }
    if (json_is_object(s->parent))
        json_object_set_new(s->parent, s->key, value);
    else
        json_array_set_new(s->parent, s->index, value);
    return root;
}

/* Wraps or unwraps the root the way providers do; returns the new root (owned). */
static json_t *rewrap(mctx *g, json_t *root)
{
    json_t *inner;

    if (json_is_object(root) && pick(g, 2)) {
        inner = json_object_get(root, "data");
        if (!inner)
            inner = json_object_get(root, "response");
        if (inner) {
            json_incref(inner);
            json_decref(root);
            return inner;
        }
    }
    switch (pick(g, 4)) {
    case 0:
        if (json_is_object(root)) {
            json_t *w = json_pack("{s:s}", "status", "success");
            json_object_update(w, root);
            json_decref(root);
            return w;
        }
        return json_pack("{s:s,s:o}", "status", "success", "data", root);
    case 1:
        return json_pack("{s:b,s:o}", "status", 1, "data", root);
    case 2:
        return json_pack("{s:s,s:o}", "success", "ok", "data", root);
    default:
        return json_pack("{s:o}", "response", root);
    }
}

/* Applies one random quirk-shaped edit to the tree; returns the new root (owned). */
static json_t *mutate_tree(mctx *g, json_t *root)
{
    slot nodes[MAX_NODES];
    size_t n = 0;
    slot *s;

    collect(root, NULL, NULL, 0, nodes, &n);
    s = &nodes[pick(g, n)];
    switch (pick(g, 12)) {
    case 0:
        applied(g, PANEL_FUZZ_RETYPE);
        return replace(s, retype_new(g, s->node), root);
    case 1:
        if (s->parent && json_is_object(s->parent))
            json_object_del(s->parent, s->key);
        else if (s->parent)
            json_array_remove(s->parent, s->index);
        if (s->parent)
            applied(g, PANEL_FUZZ_DROP);
        return root;
    case 2:
        if (s->parent && json_is_object(s->parent)) {
            char k[80];
            snprintf(k, sizeof(k), "%s%s", pick(g, 2) ? s->key : keys[pick(g, N_KEYS)],
                     pick(g, 2) ? "" : "_");
            json_object_set(s->parent, k, s->node);
        } else if (s->parent) {
            json_array_append(s->parent, s->node);
        }
        if (s->parent)
            applied(g, PANEL_FUZZ_DUPLICATE);
        return root;
    case 3:
        applied(g, PANEL_FUZZ_STATUS_WORD);
        return replace(s, status_new(g), root);
    case 4:
        applied(g, PANEL_FUZZ_ID_FORMAT);
        return replace(s, reid_new(g, s->node), root);
    case 5:
        applied(g, PANEL_FUZZ_WRAPPER);
        return rewrap(g, root);
    case 6:
        applied(g, PANEL_FUZZ_RAW_NUMBER);
        return replace(s, raw_new(g), root);
    case 7:
        applied(g, PANEL_FUZZ_MONEY_TEXT);
        return replace(s, json_string(money_texts[pick(g, N_MONEY)]), root);
    case 8:
        if (json_is_object(s->node)) {
            json_object_set_new(s->node, keys[pick(g, N_KEYS)], retype_new(g, json_null()));
            applied(g, PANEL_FUZZ_EXTRA_MEMBER);
        }
        return root;
    case 9:
        applied(g, PANEL_FUZZ_SINGLE_AS_MAP);
        if (json_is_object(root) && json_object_size(root) == 1 && pick(g, 2)) {
            json_t *only = json_object_iter_value(json_object_iter(root));
            json_incref(only);
            json_decref(root);
            return only;
        }
        return pick(g, 2) ? json_pack("{s:o}", "23501", root)
                          : json_pack("{s:o}", "5f8d0d55b54764421b7156c5", root);
    case 10:
        applied(g, PANEL_FUZZ_NEST);
        return replace(s, json_pack("[O]", s->node), root);
    default:
        if (json_is_array(s->node) && json_array_size(s->node) > 0) {
            json_array_append(s->node, json_array_get(s->node, pick(g, json_array_size(s->node))));
            applied(g, PANEL_FUZZ_EXTRA_ENTRY);
        } else if (json_is_object(s->node) && json_object_size(s->node) > 0) {
            json_object_set(s->node, "1", json_object_iter_value(json_object_iter(s->node)));
            applied(g, PANEL_FUZZ_EXTRA_ENTRY);
        }
        return root;
    }
}

/* The raw text placeholder index idx stands for, or NULL. */
static const char *raw_text(const mctx *g, size_t idx)
{
    if (idx < N_RAW)
        return raw_tokens[idx];
    if (idx - N_RAW < g->n_dyn)
        return g->dyn[idx - N_RAW];
    return NULL;
}

/* Serialises root with raw tokens substituted for their placeholders, and optionally a
 * textual duplicate of the first member; writes into out (cap max) and returns the length,
 * or 0 when it does not fit. */
static size_t serialise(mctx *g, const json_t *root, uint8_t *out, size_t max)
{
    char *text = json_dumps(root, JSON_COMPACT | JSON_ENCODE_ANY | JSON_PRESERVE_ORDER);
    size_t len = 0, i = 0, tl;

    if (!text)
        return 0;
    tl = strlen(text);
    if (tl > 2 && text[0] == '{' && pick(g, 8) == 0) {
        /* Duplicate the first member textually: {"a":1,...} -> {"a":1,"a":1,...}. */
        const char *comma = strchr(text, ',');
        size_t mlen = comma ? (size_t)(comma - text) - 1 : tl - 2;
        if (1 + mlen + 1 + tl - 1 > max) {
            free(text);
            return 0;
        }
        out[len++] = '{';
        memcpy(out + len, text + 1, mlen);
        len += mlen;
        out[len++] = ',';
        i = 1;
        applied(g, PANEL_FUZZ_TEXT_DUPLICATE);
    }
    while (i < tl) {
        if (strncmp(text + i, "\"\\u0001", 7) == 0) {
            size_t j = i + 7, idx = 0;
            while (text[j] >= '0' && text[j] <= '9' && idx < 1000)
                idx = idx * 10 + (size_t)(text[j++] - '0');
            const char *raw = raw_text(g, idx);
            if (text[j] == '"' && raw) {
                size_t rl = strlen(raw);
                if (len + rl > max)
                    break;
                memcpy(out + len, raw, rl);
                len += rl;
                i = j + 1;
                continue;
            }
        }
        if (len + 1 > max)
            break;
        out[len++] = (uint8_t)text[i++];
    }
    free(text);
    return i < tl ? 0 : len;
}

/* Breaks a structural byte of data[0..n) (a brace, bracket, quote, colon or comma) or, when
 * there is none, the last byte; returns the new length (n, or n - 1 for a removal). */
static size_t break_text(mctx *g, uint8_t *data, size_t n)
{
    static const char repl[] = "{}[]\":, x\\";
    size_t start = pick(g, n), i;

    for (i = 0; i < n; i++) {
        size_t at = (start + i) % n;
        if (strchr("{}[]\":,", data[at]) && data[at]) {
            if (pick(g, 2)) {
                memmove(data + at, data + at + 1, n - at - 1);
                return n - 1;
            }
            data[at] = (uint8_t)repl[pick(g, sizeof(repl) - 1)];
            return n;
        }
    }
    data[n - 1] = (uint8_t)repl[pick(g, sizeof(repl) - 1)];
    return n;
}

/* Byte edits of non-JSON input: a byte flipped, one inserted (when it fits) or the tail cut;
 * returns the new length. */
static size_t mutate_bytes(mctx *g, uint8_t *data, size_t size, size_t max_size)
{
    size_t at;

    if (size == 0) {
        if (max_size == 0)
            return 0;
        data[0] = (uint8_t) "{[\"0"[pick(g, 4)];
        return 1;
    }
    at = pick(g, size);
    switch (pick(g, 3)) {
    case 0:
        data[at] ^= (uint8_t)(1u << pick(g, 8));
        return size;
    case 1:
        if (size < max_size) {
            memmove(data + at + 1, data + at, size - at);
            data[at] = (uint8_t) "{}[]\",:0-e."[pick(g, 11)];
            return size + 1;
        }
        return at ? at : size;
    default:
        return at ? at : size;
    }
}

/* Mutates data in place; see panel/fuzz.h. */
size_t panel_fuzz_mutate_named(const panel_dialect *dialect, panel_action action, uint8_t *data,
                               size_t size, size_t max_size, uint64_t seed,
                               panel_fuzz_mutation *out_kind)
{
    mctx g;
    json_error_t err;
    json_t *root = NULL;
    size_t n = 0, rounds, k, cap;
    uint8_t *tmp = NULL;

    memset(&g, 0, sizeof g);
    /* splitmix64 of the seed: every seed, 0 included, gives a good xorshift state. */
    g.s = seed + 0x9E3779B97F4A7C15ULL;
    g.s = (g.s ^ (g.s >> 30)) * 0xBF58476D1CE4E5B9ULL;
    g.s = (g.s ^ (g.s >> 27)) * 0x94D049BB133111EBULL;
    g.s = (g.s ^ (g.s >> 31)) | 1;
    g.d = dialect;
    g.action = action;
    if (out_kind)
        *out_kind = PANEL_FUZZ_NONE;
    if (!data || size > max_size || size > MUTATE_MAX_INPUT)
        return size;
    if (size > 0)
        root = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!root) {
        n = mutate_bytes(&g, data, size, max_size);
        if (out_kind)
            *out_kind = PANEL_FUZZ_BYTES;
        return n;
    }
    rounds = 1 + pick(&g, 3);
    for (k = 0; k < rounds && root; k++)
        root = mutate_tree(&g, root);
    cap = max_size;
    tmp = malloc(cap ? cap : 1);
    n = root && tmp ? serialise(&g, root, tmp, cap) : 0;
    json_decref(root);
    if (n == 0) { /* the edit did not fit: cut the input instead */
        free(tmp);
        if (size < 2)
            return size;
        if (out_kind)
            *out_kind = PANEL_FUZZ_TRUNCATE;
        return 1 + pick(&g, size - 1);
    }
    memcpy(data, tmp, n);
    free(tmp);
    if (n > 1 && pick(&g, 16) == 0) {
        n = 1 + pick(&g, n - 1);
        applied(&g, PANEL_FUZZ_TRUNCATE);
    } else if (n > 0 && pick(&g, 16) == 0) {
        n = break_text(&g, data, n);
        applied(&g, PANEL_FUZZ_INVALID_JSON);
    }
    if (out_kind)
        *out_kind = g.first;
    return n;
}

/* Mutates data in place; see panel/fuzz.h. */
size_t panel_fuzz_mutate(const panel_dialect *dialect, panel_action action, uint8_t *data,
                         size_t size, size_t max_size, uint64_t seed)
{
    return panel_fuzz_mutate_named(dialect, action, data, size, max_size, seed, NULL);
}

/* Crosses two answers over; see panel/fuzz.h. */
size_t panel_fuzz_crossover(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                            uint8_t *out, size_t max_out_size, uint64_t seed)
{
    mctx g;
    json_error_t err;
    json_t *a = NULL, *b = NULL;
    size_t n = 0, cut1, cut2;

    memset(&g, 0, sizeof g);
    g.s = (seed << 1) | 1;
    if (size1 < 1 || size2 < 1 || max_out_size < 1 || size1 > GRAFT_MAX || size2 > GRAFT_MAX ||
        pick(&g, 4) != 0)
        goto splice;
    a = json_loadb((const char *)data1, size1, JSON_DECODE_ANY, &err);
    b = json_loadb((const char *)data2, size2, JSON_DECODE_ANY, &err);
    if (a && b) {
        slot na[MAX_NODES], nb[MAX_NODES];
        size_t ca = 0, cb = 0;
        collect(a, NULL, NULL, 0, na, &ca);
        collect(b, NULL, NULL, 0, nb, &cb);
        a = replace(&na[pick(&g, ca)], json_incref(nb[pick(&g, cb)].node), a);
        n = serialise(&g, a, out, max_out_size);
    }
    json_decref(a);
    json_decref(b);
    if (n)
        return n;
splice:
    cut1 = size1 ? pick(&g, size1 + 1) : 0;
    cut2 = size2 ? pick(&g, size2 + 1) : 0;
    if (cut1 > max_out_size)
        cut1 = max_out_size;
    memcpy(out, data1, cut1);
    n = size2 - cut2;
    if (n > max_out_size - cut1)
        n = max_out_size - cut1;
    memcpy(out + cut1, data2 + cut2, n);
    return cut1 + n;
}
