/* webhook.c - status-change webhooks: bodies rendered from the dialect's webhook spec, sent
 * by one worker thread (libcurl, short timeouts) from a bounded queue. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mock_internal.h"

#define WH_QUEUE 256

typedef struct {
    char *url;
    char *body;
} wh_item;

struct mock_webhook {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    wh_item q[WH_QUEUE];
    size_t head, count;
    int stop;
    unsigned long sent, dropped;
};

/* Discards the peer's answer. */
static size_t sink(char *p, size_t sz, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return sz * n;
}

/* Posts one body (JSON) to url with short timeouts. */
static void post(const char *url, const char *body)
{
    CURL *c = curl_easy_init();
    if (!c)
        return;
    struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 2000L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_perform(c);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

/* The worker: sends queued bodies until stopped. */
static void *worker(void *arg)
{
    mock_webhook *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        while (w->count == 0 && !w->stop)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->count == 0 && w->stop)
            break;
        wh_item it = w->q[w->head];
        w->head = (w->head + 1) % WH_QUEUE;
        w->count--;
        pthread_mutex_unlock(&w->mu);
        if (!w->stop)
            post(it.url, it.body);
        free(it.url);
        free(it.body);
        pthread_mutex_lock(&w->mu);
        w->sent++;
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* Starts the worker; NULL on failure. */
static mock_webhook *start(void)
{
    mock_webhook *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, worker, w) != 0) {
        free(w);
        return NULL;
    }
    return w;
}

/* Stops the worker (pending posts are dropped) and frees it; NULL is fine. */
void mock_webhook_free(mock_webhook *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    for (size_t i = 0; i < w->count; i++) {
        wh_item *it = &w->q[(w->head + i) % WH_QUEUE];
        free(it->url);
        free(it->body);
    }
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    free(w);
}

/* Appends a money or count value in the field's kind. */
static panel_err put_value(panel_buf *b, panel_kind k, panel_money m, int money)
{
    char tmp[48];
    if (money)
        panel_money_format_min(m, 0, tmp, sizeof tmp);
    else
        snprintf(tmp, sizeof tmp, "%lld", (long long)m);
    if (k == PANEL_KIND_INT || k == PANEL_KIND_NUMBER)
        return panel_buf_puts(b, tmp);
    return panel_buf_json_string(b, tmp, strlen(tmp));
}

/* Renders the webhook body for o from the dialect's webhook fields into out. */
panel_err mock_webhook_body(mock_state *s, mock_account *a, const mock_order *o, panel_buf *out)
{
    (void)s;
    const panel_response_spec *sp = &a->d->webhook;
    panel_err rc = panel_buf_puts(out, "{");
    for (size_t i = 0; rc == PANEL_E_OK && i < sp->n_fields; i++) {
        const panel_field *f = &sp->fields[i];
        if (i > 0)
            rc = panel_buf_puts(out, ",");
        if (rc == PANEL_E_OK)
            rc = panel_buf_json_string(out, f->name, strlen(f->name));
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(out, ":");
        if (rc != PANEL_E_OK)
            break;
        const char *w = panel_vocab_word(&a->d->order_status, (panel_status)o->status);
        if (strstr(f->name, "order") || strcmp(f->name, "id") == 0) {
            if (f->kind == PANEL_KIND_INT && a->d->order_id_kind == PANEL_KIND_INT)
                rc = panel_buf_puts(out, o->id);
            else
                rc = panel_buf_json_string(out, o->id, strlen(o->id));
        } else if (strcmp(f->name, "status") == 0) {
            w = w ? w : panel_status_name((panel_status)o->status);
            rc = panel_buf_json_string(out, w, strlen(w));
        } else if (strcmp(f->name, "remains") == 0) {
            rc = put_value(out, f->kind, o->remains, 0);
        } else if (strcmp(f->name, "start_count") == 0) {
            rc = put_value(out, f->kind, o->start_count, 0);
        } else if (strcmp(f->name, "charge") == 0) {
            rc = put_value(out, f->kind, o->charge - o->refunded, 1);
        } else if (strcmp(f->name, "currency") == 0) {
            const char *c = a->d->currency ? a->d->currency : "USD";
            rc = panel_buf_json_string(out, c, strlen(c));
        } else {
            rc = panel_buf_puts(out, "null");
        }
    }
    if (rc == PANEL_E_OK)
        rc = panel_buf_puts(out, "}");
    return rc;
}

/* Queues a status-change notification for o (dropped when the queue is full). */
void mock_webhook_notify(mock_state *s, mock_account *a, const mock_order *o)
{
    if (!s->webhook_url[0] || !a->d->webhook.present)
        return;
    if (!s->wh && !(s->wh = start()))
        return;
    panel_buf b;
    panel_buf_init(&b, 4096);
    if (mock_webhook_body(s, a, o, &b) != PANEL_E_OK) {
        panel_buf_free(&b);
        return;
    }
    mock_webhook *w = s->wh;
    pthread_mutex_lock(&w->mu);
    if (w->count < WH_QUEUE) {
        wh_item *it = &w->q[(w->head + w->count) % WH_QUEUE];
        it->url = strdup(s->webhook_url);
        it->body = panel_buf_take(&b, NULL);
        w->count++;
        pthread_cond_signal(&w->cv);
    } else {
        w->dropped++;
    }
    pthread_mutex_unlock(&w->mu);
    panel_buf_free(&b);
}
