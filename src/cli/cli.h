/* cli.h -- the relucells program: shared options, output and exit
 * statuses.  The program uses the library's public interface only. */
#ifndef RC_CLI_H
#define RC_CLI_H

#include <getopt.h>
#include <stdio.h>

#include <relucells.h>

/* Exit statuses of the program (relucells(1)). */
enum {
    EXIT_OK = 0,
    EXIT_FAILURE_RUN = 1,    /* the computation failed */
    EXIT_BAD_INPUT = 2,      /* bad input or usage: nothing computed */
    EXIT_INCOMPLETE = 3      /* a limit stopped it: the output is partial */
};

/* Options that several commands take; each command lists the groups it
 * accepts in its getopt_long table, numbers its own options from
 * OPT_LOCAL, and passes every option to cli_common_option first. */
enum { OPT_BOX = 256, OPT_UNBOUNDED, OPT_FIX, OPT_MAX, OPT_EXACT, OPT_FORMAT,
       OPT_EPS, OPT_FLOAT, OPT_INPUT_FORMAT, OPT_VNNLIB, OPT_THREADS,
       OPT_TIME_LIMIT, OPT_PROGRESS, OPT_QUIET, OPT_OUTPUT_INDEX, OPT_COMBINE,
       OPT_LOCAL = 300 };

#define CLI_DOMAIN_OPTS \
    {"box", required_argument, NULL, OPT_BOX}, \
    {"unbounded", no_argument, NULL, OPT_UNBOUNDED}, \
    {"fix", required_argument, NULL, OPT_FIX}, \
    {"vnnlib", required_argument, NULL, OPT_VNNLIB}, \
    {"input-format", required_argument, NULL, OPT_INPUT_FORMAT}
#define CLI_ARITH_OPTS \
    {"exact", no_argument, NULL, OPT_EXACT}, \
    {"float", no_argument, NULL, OPT_FLOAT}, \
    {"eps", required_argument, NULL, OPT_EPS}
#define CLI_RUN_OPTS \
    {"max-regions", required_argument, NULL, OPT_MAX}, \
    {"time-limit", required_argument, NULL, OPT_TIME_LIMIT}, \
    {"threads", required_argument, NULL, OPT_THREADS}, \
    {"progress", no_argument, NULL, OPT_PROGRESS}, \
    {"quiet", no_argument, NULL, OPT_QUIET}, \
    {"output", required_argument, NULL, 'o'}, \
    {"help", no_argument, NULL, 'h'}
#define CLI_VALUES_OPTS \
    {"output-index", required_argument, NULL, OPT_OUTPUT_INDEX}, \
    {"combine", required_argument, NULL, OPT_COMBINE}
#define CLI_FORMAT_OPT \
    {"format", required_argument, NULL, OPT_FORMAT}

/* What the shared options set. */
typedef struct cli_common {
    rc_net_format input_format;
    rc_domain_spec domain;
    char *fix;             /* --fix texts joined with ',' (owned) */
    rc_enum_opts opts;
    const char *output;    /* -o FILE, or NULL */
    const char *format;    /* --format value, or NULL */
    int progress;          /* -1 --quiet, 0 on a terminal, 1 --progress */
} cli_common;

void cli_common_init(cli_common *c);
void cli_common_clear(cli_common *c);
/* Handle opt if it is a shared option: 1 handled, 0 not shared, -1 bad
 * value (the message is printed). */
int cli_common_option(cli_common *c, int opt, const char *arg);
/* Index of c->format in names[0..count) (NULL: 0), or -1 with a message. */
int cli_format_index(const cli_common *c, const char *const *names,
                     size_t count);

/* The help sections of the shared option groups. */
void cli_help_domain(FILE *f);
void cli_help_arith(FILE *f);
void cli_help_run(FILE *f);
void cli_help_exit(FILE *f);

/* Output to -o FILE goes to a temporary file beside FILE (or beside the
 * target of a symbolic link FILE) and is renamed only when the command
 * succeeds, so a failure never leaves a half-written file (output.c).
 * Open it before the computation, so that a bad path fails at once. */
typedef struct cli_output {
    FILE *f;
    const char *path;      /* as given; NULL for stdout */
    char *target;          /* the file replaced (links followed) */
    char *tmp;
} cli_output;
#define CLI_OUTPUT_INIT {NULL, NULL, NULL, NULL}
/* 0, or EXIT_BAD_INPUT with the message printed. */
int cli_output_open(cli_output *o, const char *path);
/* Close; commit (rename) when ok, else remove. Returns 0 on success. */
int cli_output_close(cli_output *o, int ok);
/* Remove an output still open (after a failure); a no-op once closed or
 * when never opened. */
void cli_output_abort(cli_output *o);
/* SIGINT/SIGTERM remove a pending temporary file; with graceful_stop the
 * first one only sets the flag cli_stop_flag points to. */
void cli_signals_install(int graceful_stop);
const volatile int *cli_stop_flag(void);
/* The signal that stopped the run (0: none): the exit status is then
 * 128 + it. */
int cli_stop_signal(void);

/* Load the one network file of argv[optind..argc), build its domain and
 * open the output; EXIT_OK, or the exit status of the failure (message
 * printed).  *name receives the file's name. */
int cli_load_open(rc_net **net, rc_domain **dom, cli_output *out,
                  const cli_common *c, int argc, char **argv,
                  const char *command, const char **name);

/* Before the enumeration: the stop flag (signals) and, on a terminal or
 * with --progress, the progress line (progress.c). */
void cli_run_prepare(cli_common *c);

/* The exit status for a library status (message printed). */
int cli_status_exit(rc_status st, const rc_error *err);

/* The one line for an option getopt did not accept (opterr is 0). */
void cli_bad_option(const char *command, char **argv);
/* Print "relucells: message" on stderr (cli_program: "relucells"). */
extern const char *cli_program;
void cli_error(const char *fmt, ...);

int cmd_enumerate(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_estimate(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_graph(int argc, char **argv);
int cmd_atoms(int argc, char **argv);
int cmd_lipschitz(int argc, char **argv);
int cmd_bounds(int argc, char **argv);
int cmd_draw(int argc, char **argv);
int cmd_boundary(int argc, char **argv);
int cmd_mesh(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_path(int argc, char **argv);
int cmd_paths(int argc, char **argv);
int cmd_random(int argc, char **argv);

/* --input-format text to *f: 0, or -1 with the message printed. */
int cli_parse_input_format(rc_net_format *f, const char *text);
/* Load the network file path (- is stdin) in the given format; EXIT_OK,
 * or EXIT_BAD_INPUT with the message printed. */
int cli_load_net(rc_net **net, const char *path, rc_net_format format);

/* --level K=C (draw, boundary): a level set of output K at the value C
 * (kept as text for exact mode: arg must outlive b).  0, or -1 with a
 * message. */
int cli_parse_level(rc_boundary_opts *b, const char *arg);

/* The scalar value of a gradient report: --output-index K (1-based) or
 * --combine c1,...,cm for g = c^T f.  Texts are kept until
 * cli_values_resolve knows the number of outputs. */
typedef struct cli_values {
    const char *index, *combine;   /* option texts, or NULL */
    double *c;                     /* the coefficients, or NULL: all */
    mpq_t *cq;
    size_t m;
} cli_values;
#define CLI_VALUES_INIT {NULL, NULL, NULL, NULL, 0}
/* Handle opt if it is one of CLI_VALUES_OPTS: 1 handled, 0 not. */
int cli_values_option(cli_values *v, int opt, const char *arg);
/* Check the texts against m outputs and fill c and cq: 0, or -1 with a
 * message. */
int cli_values_resolve(cli_values *v, size_t m);
/* For the reports of a network's gradient: replace *net by the network of
 * the chosen value (rc_net_new_combined_q), if one is chosen.  EXIT_OK, or
 * the exit status with the message printed. */
int cli_values_apply(cli_values *v, rc_net **net);
void cli_values_clear(cli_values *v);
void cli_help_values(FILE *f);

/* A point of n numbers: "x1,x2,..." (exact decimals or fractions), or
 * "@FILE" (one number a line, or comma-separated).  q: n initialised
 * rationals.  0, or -1 with a message naming what (e.g. "--from"). */
int cli_parse_point(mpq_t *q, size_t n, const char *text, const char *what);

#endif
