/* main.c - panelcheck: dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static void usage(FILE *f)
{
    fputs("usage: panelcheck run   --url URL --key KEY --dialect NAME [--report FMT:PATH]...\n"
          "                        [--allow-orders] [--spend-limit AMOUNT] [--only ACTION,...]\n"
          "       panelcheck run   --dialect NAME|all   (no --url: an embedded panelmock)\n"
          "       panelcheck run   --replay FILE.har --dialect NAME   (offline)\n"
          "       panelcheck detect --url URL --key KEY [--report json:PATH] [--draft FILE]\n"
          "       panelcheck proxy --listen HOST:PORT --upstream URL --dialect NAME\n"
          "       panelcheck parse --dialect NAME ACTION [FILE|-]\n"
          "       panelcheck dialects\n"
          "       panelcheck checks\n",
          f);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(argv[1], "parse"))
        return cmd_parse(argc - 1, argv + 1);
    if (!strcmp(argv[1], "dialects"))
        return cmd_dialects(argc - 1, argv + 1);
    if (!strcmp(argv[1], "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(argv[1], "detect"))
        return cmd_detect(argc - 1, argv + 1);
    if (!strcmp(argv[1], "proxy"))
        return cmd_proxy(argc - 1, argv + 1);
    if (!strcmp(argv[1], "checks"))
        return cmd_checks(argc - 1, argv + 1);
    fprintf(stderr, "panelcheck: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
