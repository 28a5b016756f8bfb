/* main.c - the panelmock command line. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mock_internal.h"

static int stop_pipe[2] = {-1, -1};

/* SIGINT/SIGTERM: wakes main through the self-pipe. */
static void on_signal(int sig)
{
    (void)sig;
    ssize_t w = write(stop_pipe[1], "x", 1);
    (void)w;
}

/* Prints the usage text to f. */
static void usage(FILE *f)
{
    fputs("usage: panelmock [--listen HOST:PORT] [--dialect NAME|all] [--seed N] [--key KEY]\n"
          "                 [--balance AMOUNT] [--faults SPEC] [--quirks SPEC]\n"
          "                 [--deviate NAME,...] [--list-deviations] [--webhook URL]\n"
          "                 [--dialect-dir DIR] [--quiet]\n",
          f);
}

/* Prints the planted deviations, one per line: NAME<TAB>ACTION<TAB>what. */
static int list_deviations(void)
{
    size_t n;
    const mock_deviation_info *t = mock_deviations(&n);
    for (size_t i = 0; i < n; i++)
        printf("%s\t%s\t%s\n", t[i].name, t[i].action, t[i].what);
    return 0;
}

int main(int argc, char **argv)
{
    static const struct option opts[] = {{"listen", required_argument, NULL, 'l'},
                                         {"dialect", required_argument, NULL, 'd'},
                                         {"seed", required_argument, NULL, 's'},
                                         {"key", required_argument, NULL, 'k'},
                                         {"balance", required_argument, NULL, 'b'},
                                         {"faults", required_argument, NULL, 'f'},
                                         {"quirks", required_argument, NULL, 'q'},
                                         {"deviate", required_argument, NULL, 'v'},
                                         {"list-deviations", no_argument, NULL, 'L'},
                                         {"webhook", required_argument, NULL, 'w'},
                                         {"dialect-dir", required_argument, NULL, 'D'},
                                         {"quiet", no_argument, NULL, 'Q'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    mock_config cfg = {.listen = "127.0.0.1:0", .dialect = "all", .seed = 1};
    const char *quirks = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'l':
            cfg.listen = optarg;
            break;
        case 'd':
            cfg.dialect = optarg;
            break;
        case 's':
            cfg.seed = strtoull(optarg, &end, 10);
            if (*end || end == optarg) {
                fprintf(stderr, "panelmock: --seed wants a number\n");
                return 2;
            }
            break;
        case 'k':
            cfg.key = optarg;
            break;
        case 'b':
            cfg.balance = optarg;
            break;
        case 'f':
            cfg.faults = optarg;
            break;
        case 'q':
            quirks = optarg;
            break;
        case 'v':
            cfg.deviate = optarg;
            break;
        case 'L':
            return list_deviations();
        case 'w':
            cfg.webhook = optarg;
            break;
        case 'D':
            cfg.dialect_dir = optarg;
            break;
        case 'Q':
            cfg.quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        default:
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        usage(stderr);
        return 2;
    }
    if (pipe(stop_pipe) != 0) {
        perror("panelmock: pipe");
        return 1;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    mock_server *m = NULL;
    char url[128], err[512] = "";
    panel_err rc = mock_server_start(&cfg, &m, url, sizeof url, err, sizeof err);
    if (rc != PANEL_E_OK) {
        fprintf(stderr, "panelmock: %s\n", err[0] ? err : panel_strerror(rc));
        return rc == PANEL_E_USAGE ? 2 : 1;
    }
    mock_state *s = mock_server_state_borrow(m);
    if (quirks && mock_state_configure(s, "quirks", quirks, err, sizeof err) != PANEL_E_OK) {
        fprintf(stderr, "panelmock: --quirks: %s\n", err);
        mock_server_stop(m);
        return 2;
    }
    printf("panelmock: listening on %s\n", url);
    if (!cfg.quiet)
        for (size_t i = 0; i < s->n_acc; i++)
            printf("panelmock: %s at %s%s key %s\n", s->acc[i].d->name, url, s->acc[i].prefix,
                   s->acc[i].key);
    fflush(stdout);
    char byte;
    while (read(stop_pipe[0], &byte, 1) < 0 && errno == EINTR)
        ;
    mock_server_stop(m);
    return 0;
}
