/* commands.h - the panelcheck subcommands; each returns the process exit code
 * (0 ok, 1 check/diagnostic failure, 2 usage or configuration error, 3 unreachable). */
#ifndef PANELCHECK_COMMANDS_H
#define PANELCHECK_COMMANDS_H

int cmd_parse(int argc, char **argv);    /* cmd_parse.c: panelcheck parse */
int cmd_dialects(int argc, char **argv); /* cmd_parse.c: panelcheck dialects */
int cmd_run(int argc, char **argv);      /* cmd_run.c: panelcheck run */
int cmd_checks(int argc, char **argv);   /* cmd_run.c: panelcheck checks */
int cmd_detect(int argc, char **argv);   /* cmd_detect.c: panelcheck detect */
int cmd_proxy(int argc, char **argv);    /* cmd_proxy.c: panelcheck proxy */

#endif
