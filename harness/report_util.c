/* report_util.c - what every report writer shares: table-driven escaping and writing a
 * finished buffer to its file. */
#include <string.h>

#include "report.h"

/* One escape: byte c becomes text rep. */
typedef struct {
    char c;
    const char *rep;
} entity;

/* The escape tables; each ends with {0, NULL}. */
static const entity XML[] = {{'&', "&amp;"},   {'<', "&lt;"},   {'>', "&gt;"},  {'"', "&quot;"},
                             {'\'', "&apos;"}, {'\n', "&#10;"}, {'\t', "&#9;"}, {0, NULL}};
static const entity HTML[] = {{'&', "&amp;"},  {'<', "&lt;"},   {'>', "&gt;"},
                              {'"', "&quot;"}, {'\'', "&#39;"}, {0, NULL}};
static const entity MD[] = {{'|', "\\|"},  {'\n', " "},    {'\r', " "},  {'<', "&lt;"},
                            {'>', "&gt;"}, {'&', "&amp;"}, {'`', "'"},   {'*', "\\*"},
                            {'_', "\\_"},  {'[', "\\["},   {']', "\\]"}, {'\\', "\\\\"},
                            {0, NULL}};

/* Appends s (NULL as "") with every byte in map replaced; other control bytes become '?'
 * when ctrl_to_q. */
static panel_err escape(panel_buf *b, const char *s, const entity *map, int ctrl_to_q)
{
    panel_err rc = PANEL_E_OK;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); rc == PANEL_E_OK && *p;
         p++) {
        const entity *e = map;
        while (e->rep != NULL && (unsigned char)e->c != *p)
            e++;
        if (e->rep != NULL)
            rc = panel_buf_puts(b, e->rep);
        else if (ctrl_to_q && (*p < 0x20 || *p == 0x7f))
            rc = panel_buf_puts(b, "?");
        else
            rc = panel_buf_append(b, p, 1);
    }
    return rc;
}

/* Appends s escaped for XML; control characters that XML 1.0 forbids become '?'. */
panel_err report_xml_escape(panel_buf *b, const char *s)
{
    return escape(b, s, XML, 1);
}

/* Appends s escaped for HTML text and attribute values. */
panel_err report_html_escape(panel_buf *b, const char *s)
{
    return escape(b, s, HTML, 0);
}

/* Appends s for a table cell: pipes escaped, newlines as spaces, < > & as entities. */
panel_err report_md_escape(panel_buf *b, const char *s)
{
    return escape(b, s, MD, 0);
}

/* Writes b to f when rc is OK, then frees b; returns rc, or PANEL_E_IO on a short write. */
panel_err report_buf_flush(panel_buf *b, panel_err rc, FILE *f)
{
    if (rc == PANEL_E_OK && fwrite(b->data, 1, b->len, f) != b->len)
        rc = PANEL_E_IO;
    panel_buf_free(b);
    return rc;
}
