/* fuzz/fuzz_parse_mutator.c - structure-aware mutation for the parse targets: the body is
 * read with jansson and one or more tree edits are made that mimic real provider quirks
 * (types swapped, keys duplicated or dropped, status spellings, id formats, wrappers, huge
 * numbers, comma decimals, deep nesting). The selector byte is kept. Inputs that are not
 * JSON, and one mutation in two, go to libFuzzer's own LLVMFuzzerMutate (tree edits cost a
 * jansson load and dump, so they are kept to half the mutations for throughput). */
#include "fuzz.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NODES 256
#define GRAFT_MAX 4096

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

typedef struct {
    unsigned long long s;
} rng;

/* Returns the next pseudo-random number (xorshift64*). */
static unsigned long long next(rng *g)
{
    g->s ^= g->s >> 12;
    g->s ^= g->s << 25;
    g->s ^= g->s >> 27;
    return g->s * 2685821657736338717ULL;
}

/* Returns a number in [0, n). */
static size_t pick(rng *g, size_t n)
{
    return n ? (size_t)(next(g) % n) : 0;
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

/* Returns a raw-token placeholder string (new reference). */
static json_t *raw_new(rng *g)
{
    char s[8];

    snprintf(s, sizeof(s), "\x01%u", (unsigned)pick(g, N_RAW));
    return json_string(s);
}

/* Returns a random 24-hex ObjectId string (new reference). */
static json_t *objectid_new(rng *g)
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
static json_t *retype_new(rng *g, const json_t *v)
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

/* Returns an id in another format: int, "int", 24-hex ObjectId, 0 (new reference). */
static json_t *reid_new(rng *g, const json_t *v)
{
    long long id = json_is_integer(v)  ? (long long)json_integer_value(v)
                   : json_is_string(v) ? strtoll(json_string_value(v), NULL, 10)
                                       : 23501;
    char text[32];

    switch (pick(g, 6)) {
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
    default: /* negated; LLONG_MIN (no positive twin) stays as it is */
        return json_integer(id == LLONG_MIN ? id : -id);
    }
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
static json_t *rewrap(rng *g, json_t *root)
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
static json_t *mutate_tree(rng *g, json_t *root)
{
    slot nodes[MAX_NODES];
    size_t n = 0;
    slot *s;

    collect(root, NULL, NULL, 0, nodes, &n);
    s = &nodes[pick(g, n)];
    switch (pick(g, 12)) {
    case 0: /* change the JSON type */
        return replace(s, retype_new(g, s->node), root);
    case 1: /* drop a key or an element */
        if (s->parent && json_is_object(s->parent))
            json_object_del(s->parent, s->key);
        else if (s->parent)
            json_array_remove(s->parent, s->index);
        return root;
    case 2: /* copy a member under another known key, or a variant of its own */
        if (s->parent && json_is_object(s->parent)) {
            char k[80];
            snprintf(k, sizeof(k), "%s%s", pick(g, 2) ? s->key : keys[pick(g, N_KEYS)],
                     pick(g, 2) ? "" : "_");
            json_object_set(s->parent, k, s->node);
        } else if (s->parent) {
            json_array_append(s->parent, s->node);
        }
        return root;
    case 3: /* status spellings */
        return replace(s, json_string(status_words[pick(g, N_STATUS)]), root);
    case 4: /* id formats */
        return replace(s, reid_new(g, s->node), root);
    case 5:
        return rewrap(g, root);
    case 6: /* huge numbers and other raw tokens */
        return replace(s, raw_new(g), root);
    case 7: /* money spellings */
        return replace(s, json_string(money_texts[pick(g, N_MONEY)]), root);
    case 8: /* add an unknown or known key */
        if (json_is_object(s->node))
            json_object_set_new(s->node, keys[pick(g, N_KEYS)], retype_new(g, json_null()));
        return root;
    case 9: /* single answer as a one-entry map keyed by an id, or the reverse */
        if (json_is_object(root) && json_object_size(root) == 1 && pick(g, 2)) {
            json_t *only = json_object_iter_value(json_object_iter(root));
            json_incref(only);
            json_decref(root);
            return only;
        }
        return pick(g, 2) ? json_pack("{s:o}", "23501", root)
                          : json_pack("{s:o}", "5f8d0d55b54764421b7156c5", root);
    case 10: /* nest */
        return replace(s, json_pack("[O]", s->node), root);
    default: /* a new entry copied from the first one */
        if (json_is_array(s->node) && json_array_size(s->node) > 0)
            json_array_append(s->node, json_array_get(s->node, pick(g, json_array_size(s->node))));
        else if (json_is_object(s->node) && json_object_size(s->node) > 0)
            json_object_set(s->node, "1", json_object_iter_value(json_object_iter(s->node)));
        return root;
    }
}

/* Serialises root with raw tokens substituted for their placeholders, and optionally a
 * textual duplicate of the first member; writes into out (cap max) and returns the length,
 * or 0 when it does not fit. */
static size_t serialise(rng *g, const json_t *root, uint8_t *out, size_t max)
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
    }
    while (i < tl) {
        if (strncmp(text + i, "\"\\u0001", 7) == 0) {
            size_t j = i + 7, idx = 0;
            while (text[j] >= '0' && text[j] <= '9')
                idx = idx * 10 + (size_t)(text[j++] - '0');
            if (text[j] == '"' && idx < N_RAW) {
                size_t rl = strlen(raw_tokens[idx]);
                if (len + rl > max)
                    break;
                memcpy(out + len, raw_tokens[idx], rl);
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

/* libFuzzer's custom mutator: a structure-aware edit of the body, keeping the selector. */
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    rng g = {((unsigned long long)seed << 1) | 1};
    json_error_t err;
    json_t *root;
    size_t n, rounds, k;

    if (size < 2 || max_size < 2 || pick(&g, 2) == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    root = json_loadb((const char *)data + 1, size - 1, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    if (!root)
        return LLVMFuzzerMutate(data, size, max_size);
    rounds = 1 + pick(&g, 3);
    for (k = 0; k < rounds && root; k++)
        root = mutate_tree(&g, root);
    n = root ? serialise(&g, root, data + 1, max_size - 1) : 0;
    json_decref(root);
    if (n == 0)
        return LLVMFuzzerMutate(data, size, max_size);
    return n + 1;
}

/* libFuzzer's custom cross-over: one time in four (inputs under GRAFT_MAX bytes), the
 * selector and tree of data1 with a subtree of data2 grafted in place of one of its nodes;
 * otherwise, or when either is not JSON, a byte splice. */
size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2,
                                 size_t size2, uint8_t *out, size_t max_out_size, unsigned int seed)
{
    rng g = {((unsigned long long)seed << 1) | 1};
    json_error_t err;
    json_t *a = NULL, *b = NULL;
    size_t n = 0, cut1, cut2;

    if (size1 < 2 || size2 < 2 || max_out_size < 2 || size1 > GRAFT_MAX || size2 > GRAFT_MAX ||
        pick(&g, 4) != 0)
        goto splice;
    a = json_loadb((const char *)data1 + 1, size1 - 1, JSON_DECODE_ANY, &err);
    b = json_loadb((const char *)data2 + 1, size2 - 1, JSON_DECODE_ANY, &err);
    if (a && b) {
        slot na[MAX_NODES], nb[MAX_NODES];
        size_t ca = 0, cb = 0;
        collect(a, NULL, NULL, 0, na, &ca);
        collect(b, NULL, NULL, 0, nb, &cb);
        a = replace(&na[pick(&g, ca)], json_incref(nb[pick(&g, cb)].node), a);
        out[0] = data1[0];
        n = serialise(&g, a, out + 1, max_out_size - 1);
    }
    json_decref(a);
    json_decref(b);
    if (n)
        return n + 1;
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
