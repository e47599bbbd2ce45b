/* cli.h -- shared pieces of the relucells program (not the library). */
#ifndef RC_CLI_H
#define RC_CLI_H

#include <stdio.h>

#include "relucells.h"

/* Exit statuses of the program. */
enum { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_BAD_INPUT = 2 };

/* Domain options common to the subcommands that enumerate. */
typedef struct domain_args {
    const char *box;       /* --box text, or NULL */
    int unbounded;         /* --unbounded */
    char *fix;             /* --fix texts joined with ',' (owned), or NULL */
} domain_args;

/* Print "relucells: message" on stderr. */
void cli_error(const char *fmt, ...);

/* Build the domain of net from the options; on error print one line and
 * return EXIT_BAD_INPUT. */
int cli_make_domain(rc_domain **dom, const rc_net *net, const domain_args *a);

/* Append one --fix argument. */
int cli_add_fix(domain_args *a, const char *text);

/* Output to -o FILE goes to FILE.tmp.XXXXXX and is renamed only when the
 * command succeeds, so a failure never leaves a half-written file. */
typedef struct cli_output {
    FILE *f;
    const char *path;      /* NULL for stdout */
    char *tmp;
} cli_output;
int cli_output_open(cli_output *o, const char *path);
/* Close; commit (rename) when ok, else remove. Returns 0 on success. */
int cli_output_close(cli_output *o, int ok);

int cmd_enumerate(int argc, char **argv, int count_only);
int cmd_info(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_atoms(int argc, char **argv);
int cmd_lipschitz(int argc, char **argv);
int cmd_bounds(int argc, char **argv);

#endif
