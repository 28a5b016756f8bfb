/* panel/error.h - the one error enum of libpanel, generated from an X-macro table. */
#ifndef PANEL_ERROR_H
#define PANEL_ERROR_H

/* XX(name, message). The table gives the enum, panel_err_name() and panel_strerror(). */
#define PANEL_ERRNO_MAP(XX)                                                                        \
    XX(OK, "success")                                                                              \
    XX(NOMEM, "out of memory")                                                                     \
    XX(TOO_LARGE, "input or buffer exceeds its cap")                                               \
    XX(INVALID, "invalid argument")                                                                \
    XX(PARSE, "malformed input")                                                                   \
    XX(RANGE, "number out of range")                                                               \
    XX(NOT_FOUND, "not found")                                                                     \
    XX(IO, "input/output error")                                                                   \
    XX(DIALECT, "invalid dialect file")                                                            \
    XX(UNSUPPORTED, "not supported by this dialect")                                               \
    XX(NET, "network error")                                                                       \
    XX(USAGE, "usage error")

typedef enum {
#define PANEL_ERR_ENUM(name, msg) PANEL_E_##name,
    PANEL_ERRNO_MAP(PANEL_ERR_ENUM)
#undef PANEL_ERR_ENUM
        PANEL_E__COUNT
} panel_err;

/* Returns the symbolic name of rc ("PANEL_E_TOO_LARGE"); never NULL. */
const char *panel_err_name(panel_err rc);

/* Returns the human message of rc; never NULL. */
const char *panel_strerror(panel_err rc);

#endif
