/* detect_draft.c - the draft dialect file of panelcheck detect: the nearest dialect's rules,
 * each marked `assumed` (copied), and the rules a fitting probe saw marked `observed` with the
 * exchange they came from. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "detect.h"

/* 1 for a provenance member name: src, example, observed, assumed, or <one of them>_<part>. */
static int prov_member(const char *k)
{
    static const char *const p[] = {"src", "example", "observed", "assumed"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(p[i]);
        if (!strncmp(k, p[i], n) && (k[n] == '\0' || k[n] == '_'))
            return 1;
    }
    return 0;
}

/* Sets o[k] to v (taken); a failure (out of memory) is noted in *oom. */
static void put(json_t *o, const char *k, json_t *v, int *oom)
{
    if (json_object_set_new(o, k, v) != 0)
        *oom = 1;
}

/* Rewrites every rule object under j as assumed (copied from nearest); *oom set on failure. */
static void all_assumed(json_t *j, const char *why, int *oom)
{
    if (json_is_array(j)) {
        size_t i;
        json_t *v;
        json_array_foreach(j, i, v) all_assumed(v, why, oom);
        return;
    }
    if (!json_is_object(j))
        return;
    int rule = 0;
    const char *k;
    json_t *v;
    void *tmp;
    json_object_foreach_safe(j, tmp, k, v)
    {
        if (prov_member(k) && json_is_string(v)) {
            rule = 1;
            json_object_del(j, k);
        } else {
            all_assumed(v, why, oom);
        }
    }
    if (rule)
        put(j, "assumed", json_string(why), oom);
}

/* Marks the rule object at j (when it is one) observed on probe exchange idx; *oom set on
 * failure. */
static void observe(json_t *j, int idx, const char *what, int *oom)
{
    if (!json_is_object(j) || idx < 0)
        return;
    char note[160];
    snprintf(note, sizeof(note), "panelcheck detect, exchange %d (%s)", idx, what);
    json_object_del(j, "assumed");
    put(j, "observed", json_string(note), oom);
}

/* The draft's dialect name from path's base name (without .json), lower-case letters,
 * digits and '-' only; "draft" when nothing is left. */
static void draft_name(const char *path, char *out, size_t outsz)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t w = 0;
    for (; *b && w + 1 < outsz && strcmp(b, ".json"); b++) {
        char c = (char)tolower((unsigned char)*b);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')
            out[w++] = c;
    }
    out[w] = '\0';
    if (!w)
        snprintf(out, outsz, "draft");
}

/* Writes the draft. */
panel_err detect_draft_write(const detect_run *r, const char *path, char *err, size_t errsz)
{
    if (!r->n_fit || !r->fit[0].d->root) {
        snprintf(err, errsz, "no dialect to start from");
        return PANEL_E_INVALID;
    }
    const detect_fit *ft = &r->fit[0];
    json_t *root = json_deep_copy(ft->d->root);
    if (!root) {
        snprintf(err, errsz, "%s", panel_strerror(PANEL_E_NOMEM));
        return PANEL_E_NOMEM;
    }
    char name[64], why[160], title[200];
    draft_name(path, name, sizeof(name));
    snprintf(why, sizeof(why), "copied from dialect %s by panelcheck detect", ft->d->name);
    int oom = 0;
    all_assumed(root, why, &oom);
    snprintf(title, sizeof(title), "Draft of %s (panelcheck detect, nearest: %s)", name,
             ft->d->name);
    put(root, "name", json_string(name), &oom);
    put(root, "title", json_string(title), &oom);
    const detect_feature *f = ft->f;
    json_t *acts = json_object_get(root, "actions");
    json_t *cases = json_object_get(json_object_get(root, "errors"), "cases");
    if (f[DETECT_SERVICES].v == DETECT_FIT) {
        int i = f[DETECT_SERVICES].probe;
        observe(json_object_get(root, "request_encoding"), i, "services answered in it", &oom);
        observe(json_object_get(root, "method"), i, "services answered to it", &oom);
        observe(json_object_get(root, "key"), i, "services answered with it", &oom);
        observe(json_object_get(acts, "services"), i, "services parsed clean", &oom);
    }
    if (f[DETECT_BALANCE].v == DETECT_FIT)
        observe(json_object_get(acts, "balance"), f[DETECT_BALANCE].probe, "balance parsed clean",
                &oom);
    if (f[DETECT_STATUS].v == DETECT_FIT && f[DETECT_STATUS_MULTI].v == DETECT_FIT)
        observe(json_object_get(acts, "status"), f[DETECT_STATUS].probe,
                "status single and multi refused bogus ids as documented", &oom);
    if (f[DETECT_REFILL_STATUS].v == DETECT_FIT)
        observe(json_object_get(acts, "refill_status"), f[DETECT_REFILL_STATUS].probe,
                "refill_status refused a bogus id as documented", &oom);
    static const struct {
        detect_kind k;
        const char *c;
    } errs[] = {{DETECT_BAD_KEY, "bad_key"},
                {DETECT_MISSING_ACTION, "missing_action"},
                {DETECT_UNKNOWN_ACTION, "unknown_action"},
                {DETECT_STATUS, "bad_order_id"},
                {DETECT_REFILL_STATUS, "bad_refill_id"}};
    for (size_t i = 0; i < sizeof(errs) / sizeof(errs[0]); i++)
        if (f[errs[i].k].v == DETECT_FIT)
            observe(json_object_get(cases, errs[i].c), f[errs[i].k].probe,
                    "HTTP code and text as in the draft", &oom);
    panel_err rc = PANEL_E_NOMEM;
    if (oom) {
        snprintf(err, errsz, "%s", panel_strerror(rc));
        goto done;
    }
    char tmp[1100];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    rc = PANEL_E_IO;
    struct stat st; /* a device or a pipe is written in place, never renamed over */
    int special = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    FILE *out = fopen(special ? path : tmp, "w");
    if (!out) {
        snprintf(err, errsz, "cannot write %s: %s", path, strerror(errno));
        goto done;
    }
    int bad = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER) != 0;
    if (bad && !ferror(out)) /* the dump failed, not the stream: out of memory */
        rc = PANEL_E_NOMEM;
    bad = fputc('\n', out) == EOF || bad;
    bad = fclose(out) != 0 || bad;
    if (bad || (!special && rename(tmp, path) != 0)) {
        snprintf(err, errsz, "writing %s failed%s", path,
                 rc == PANEL_E_NOMEM ? ": out of memory" : "");
        unlink(tmp);
        goto done;
    }
    rc = PANEL_E_OK;
done:
    json_decref(root);
    return rc;
}
