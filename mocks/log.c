/* log.c - one line per request on stderr: time, dialect, action, HTTP code, what was
 * applied (faults, quirks, deviations), milliseconds; keys masked by value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mock_internal.h"

/* Replaces spaces and control bytes of a text log field with '_' (one line, one field). */
static void sanitize(char *s)
{
    for (; s && *s; s++)
        if ((unsigned char)*s <= ' ' || *s == 0x7f)
            *s = '_';
}

/* Writes the request's log line (text or JSON, per the state's log format) to stderr in one
 * write; nothing with MOCK_LOG_NONE. */
void mock_log_request(const mock_state *s, const mock_jinfo *ji)
{
    if (s->log == MOCK_LOG_NONE)
        return;
    char iso[40];
    mock_time_iso(ji->time_ms, iso, sizeof iso);
    size_t plen = ji->path ? strcspn(ji->path, "?") : 0;
    char *path = mock_mask_new(s, ji->path, plen);
    char *action = ji->action ? mock_mask_new(s, ji->action, strlen(ji->action)) : NULL;
    const char *applied = ji->applied ? ji->applied : "";
    panel_buf b;
    panel_buf_init(&b, 8192);
    panel_err rc = PANEL_E_OK;
    if (s->log == MOCK_LOG_JSON) {
        rc = panel_buf_printf(&b, "{\"time\":\"%s\",\"dialect\":", iso);
        if (rc == PANEL_E_OK)
            rc = ji->dialect ? panel_buf_json_string(&b, ji->dialect, strlen(ji->dialect))
                             : panel_buf_puts(&b, "null");
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(&b, ",\"account\":%u,\"method\":", ji->account + 1);
        if (rc == PANEL_E_OK)
            rc = panel_buf_json_string(&b, ji->method ? ji->method : "",
                                       strlen(ji->method ? ji->method : ""));
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(&b, ",\"path\":");
        if (rc == PANEL_E_OK)
            rc = panel_buf_json_string(&b, path ? path : "", path ? strlen(path) : 0);
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(&b, ",\"action\":");
        if (rc == PANEL_E_OK)
            rc = action ? panel_buf_json_string(&b, action, strlen(action))
                        : panel_buf_puts(&b, "null");
        if (rc == PANEL_E_OK)
            rc = panel_buf_printf(&b, ",\"status\":%d,\"ms\":%u,\"applied\":[", ji->status, ji->ms);
        for (const char *t = applied; rc == PANEL_E_OK && *t;) {
            size_t n = strcspn(t, " ");
            if (n > 0)
                rc = panel_buf_printf(&b, "%s\"%.*s\"", t == applied ? "" : ",", (int)n, t);
            t += n;
            t += *t == ' ';
        }
        if (rc == PANEL_E_OK)
            rc = panel_buf_puts(&b, "]}\n");
    } else {
        char who[160];
        if (ji->dialect)
            snprintf(who, sizeof who, "%s#%u", ji->dialect, ji->account + 1);
        else
            snprintf(who, sizeof who, "admin");
        sanitize(path);
        sanitize(action);
        rc = panel_buf_printf(&b, "%s %s %s %s %s %d %ums%s%s\n", iso, who,
                              ji->method ? ji->method : "-", path && *path ? path : "-",
                              action && *action ? action : "-", ji->status, ji->ms,
                              *applied ? " " : "", applied);
    }
    if (rc == PANEL_E_OK && b.data) {
        ssize_t w = write(STDERR_FILENO, b.data, b.len);
        (void)w;
    }
    panel_buf_free(&b);
    free(path);
    free(action);
}
