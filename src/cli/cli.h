/* cli.h -- shared pieces of the relucells program (not the library). */
#ifndef RC_CLI_H
#define RC_CLI_H

#include <stdio.h>

#include <jansson.h>

#include "relucells.h"

/* Exit statuses of the program. */
enum { EXIT_OK = 0, EXIT_FAILURE_RUN = 1, EXIT_BAD_INPUT = 2 };

/* Domain options common to the subcommands that enumerate. */
typedef struct domain_args {
    const char *box;       /* --box text, or NULL */
    int unbounded;         /* --unbounded */
    char *fix;             /* --fix texts joined with ',' (owned), or NULL */
    const char *vnnlib;    /* --vnnlib file, or NULL */
} domain_args;

/* Options shared by every command that enumerates; a command lists
 * CLI_ENUM_LONGOPTS in its getopt_long table, numbers its own options from
 * OPT_LOCAL, and passes each option to cli_enum_option first. */
enum { OPT_BOX = 256, OPT_UNBOUNDED, OPT_FIX, OPT_MAX, OPT_EXACT, OPT_FORMAT,
       OPT_EPS, OPT_INPUT_FORMAT, OPT_VNNLIB, OPT_LOCAL = 300 };
#define CLI_ENUM_LONGOPTS \
    {"box", required_argument, NULL, OPT_BOX}, \
    {"unbounded", no_argument, NULL, OPT_UNBOUNDED}, \
    {"fix", required_argument, NULL, OPT_FIX}, \
    {"max-regions", required_argument, NULL, OPT_MAX}, \
    {"exact", no_argument, NULL, OPT_EXACT}, \
    {"eps", required_argument, NULL, OPT_EPS}, \
    {"format", required_argument, NULL, OPT_FORMAT}, \
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT}, \
    {"vnnlib", required_argument, NULL, OPT_VNNLIB}, \
    {"output", required_argument, NULL, 'o'}, \
    {"help", no_argument, NULL, 'h'}

/* What the shared options set. */
typedef struct cli_common {
    domain_args domain;
    rc_enum_opts opts;
    const char *output;    /* -o FILE, or NULL */
    const char *format;    /* --format value, or NULL */
    rc_net_format input_format;   /* --input-format (default auto) */
} cli_common;

/* Initialise c (options at their defaults). */
void cli_common_init(cli_common *c);
void cli_common_clear(cli_common *c);
/* Handle opt if it is a shared option: 1 handled, 0 not shared, -1 bad
 * value (the message is printed). */
int cli_common_option(cli_common *c, int opt, const char *arg);
/* Index of c->format in names[0..count) (NULL: 0), or -1 with a message. */
int cli_format_index(const cli_common *c, const char *const *names,
                     size_t count);
/* Load the one network file of argv[optind..argc) and build its domain;
 * EXIT_OK, or the exit status of the failure (message printed). */
int cli_load(rc_net **net, rc_domain **dom, const cli_common *c, int argc,
             char **argv, int optind_, const char *command);

/* Load the network file path in the given format; EXIT_OK, or
 * EXIT_BAD_INPUT with the message printed. */
int cli_load_net(rc_net **net, const char *path, rc_net_format format);
/* --input-format text to *f: 0, or -1 with the message printed. */
int cli_parse_input_format(rc_net_format *f, const char *text);

/* Print "relucells: message" on stderr. */
void cli_error(const char *fmt, ...);

/* Build the domain of net (read from net_path) from the options; on error
 * print one line and return EXIT_BAD_INPUT. */
int cli_make_domain(rc_domain **dom, const rc_net *net, const domain_args *a,
                    const char *net_path);
/* The exact box and fixed inputs the options give, before a domain is made:
 * lo, hi, val arrays of num_inputs initialised rationals, fixed of
 * num_inputs bytes.  --unbounded is not handled here.  EXIT_OK or
 * EXIT_BAD_INPUT (message printed). */
int cli_domain_bounds(mpq_t *lo, mpq_t *hi, unsigned char *fixed, mpq_t *val,
                      const rc_net *net, const domain_args *a,
                      const char *net_path);

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

/* Per-region JSON objects of the atoms and lipschitz reports, for
 * 'enumerate --atoms/--lipschitz' (cmd_atoms.c).  The atoms one sets
 * *failed when its identity check fails; NULL when out of memory. */
json_t *cli_region_atoms_json(const rc_net *net, const rc_domain *dom,
                              const rc_partition *part, size_t idx,
                              int *failed);
json_t *cli_region_lipschitz_json(const rc_lipschitz_info *info, size_t r);

int cmd_enumerate(int argc, char **argv, int count_only);
int cmd_info(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_atoms(int argc, char **argv);
int cmd_lipschitz(int argc, char **argv);
int cmd_bounds(int argc, char **argv);
int cmd_convert(int argc, char **argv);

#endif
