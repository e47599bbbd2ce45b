/* cmd_enumerate.c -- 'relucells enumerate' and 'relucells count': the
 * regions are written as the engine hands them over (a streaming sink),
 * so memory does not grow with their number; --adjacency (JSON) keeps
 * them to build the region graph. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkpoint.h"
#include "cli.h"

static void
help_enumerate(FILE *f)
{
    fputs("Usage: relucells enumerate [OPTIONS] NET\n"
          "List every linear region of NET on its domain: activation pattern,\n"
          "interior point, Chebyshev radius, facets with the neuron or domain\n"
          "facet that owns each, vertices (counter-clockwise in 2D), volume and\n"
          "the affine output map; then the count after each hidden layer.\n"
          "\nOutput:\n"
          "  --format text|json    text (default) or JSON (relucells-json(5))\n"
          "  --adjacency           JSON: add the region graph (keeps every region\n"
          "                        in memory; see relucells graph)\n"
          "  --atoms, --lipschitz  JSON: add each region's atomic decomposition\n"
          "                        and Lipschitz figures (keeps every region)\n"
          "  --certify             with --exact: solve each region's interior-\n"
          "                        margin LP exactly (cddlib), the optimal margin\n", f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    cli_help_exit(f);
    fputs("\nExamples:\n"
          "  relucells enumerate --format json -o regions.json net.nnet\n"
          "  relucells enumerate --fix 1=30000,2=0,5=600 --exact acas.nnet\n", f);
}

static void
help_count(FILE *f)
{
    fputs("Usage: relucells count [OPTIONS] NET\n"
          "Count the linear regions of NET on its domain: the count after each\n"
          "hidden layer, how the decisions were made, and last 'regions: N'.\n"
          "\nCheckpoint:\n"
          "  --checkpoint FILE     record each finished task of the run in FILE\n"
          "                        (synced); run again with the same FILE to\n"
          "                        resume after a kill or --time-limit: the tasks\n"
          "                        recorded are skipped, the counts are those of\n"
          "                        an uninterrupted run.  A FILE of another\n"
          "                        network, domain or arithmetic is refused\n",
          f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    cli_help_exit(f);
    fputs("\nExample:\n"
          "  relucells count --fix 1=30000,2=0,5=600 ACASXU_run2a_1_1_batch_2000.nnet\n",
          f);
}

/* --checkpoint: the engine's tasks, those of the file skipped. */
typedef struct resume {
    cli_ledger lg;
    double start;
    int failed;              /* exit status of a failure, or 0 */
} resume;

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static size_t
resume_next(void *user, size_t num_tasks)
{
    resume *r = user;

    if (r->failed)
        return RC_NO_TASK;
    if (cli_ledger_plan(&r->lg, num_tasks, now() - r->start) != 0) {
        r->failed = EXIT_BAD_INPUT;
        return RC_NO_TASK;
    }
    return cli_ledger_next(&r->lg);
}

static void
resume_done(void *user, const rc_task_result *t)
{
    resume *r = user;

    if (!r->failed && cli_ledger_add(&r->lg, t) != 0)
        r->failed = EXIT_FAILURE_RUN;
}

/* The streaming sink: each region to the writer. */
typedef struct stream {
    rc_writer *w;
    rc_error err;
    rc_status st;
} stream;

static int
write_one(void *user, const rc_region *r)
{
    stream *s = user;

    s->st = rc_writer_region(s->w, r, &s->err);
    return s->st != RC_OK;
}

static int
run(int argc, char **argv, int count_only)
{
    enum { OPT_CERTIFY = OPT_LOCAL, OPT_ATOMS, OPT_LIPSCHITZ, OPT_ADJACENCY,
           OPT_CHECKPOINT };
    static const struct option count_opts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS,
        {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
        {NULL, 0, NULL, 0}};
    static const struct option enum_opts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {"certify", no_argument, NULL, OPT_CERTIFY},
        {"atoms", no_argument, NULL, OPT_ATOMS},
        {"lipschitz", no_argument, NULL, OPT_LIPSCHITZ},
        {"adjacency", no_argument, NULL, OPT_ADJACENCY},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    const char *command = count_only ? "count" : "enumerate", *name = NULL;
    const char *checkpoint = NULL;
    resume res;
    rc_enum_summary whole;
    cli_common c;
    rc_write_opts wo;
    int json = 0, opt, rc = EXIT_BAD_INPUT, handled, keep;
    int atoms = 0, lipschitz = 0, adjacency = 0;
    rc_lipschitz_info lip;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_graph *graph = NULL;
    rc_enum_summary sum;
    stream s = {NULL, {RC_OK, ""}, RC_OK};
    rc_error err = {RC_OK, ""};
    rc_status st;
    cli_output out = CLI_OUTPUT_INIT;

    cli_common_init(&c);
    memset(&res, 0, sizeof res);
    res.lg.fd = -1;
    rc_enum_summary_init(&whole);
    rc_lipschitz_info_init(&lip);
    rc_enum_summary_init(&sum);
    rc_write_opts_init(&wo);
    if (count_only)
        c.opts.geometry = c.opts.chebyshev = c.opts.volume = 0;
    while ((opt = getopt_long(argc, argv, "ho:",
                              count_only ? count_opts : enum_opts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0)
            goto done;
        if (handled)
            continue;
        switch (opt) {
        case OPT_CERTIFY: c.opts.certify_lp = 1; break;
        case OPT_ATOMS: atoms = 1; break;
        case OPT_LIPSCHITZ: lipschitz = 1; break;
        case OPT_ADJACENCY: adjacency = 1; break;
        case OPT_CHECKPOINT: checkpoint = optarg; break;
        case 'h':
            (count_only ? help_count : help_enumerate)(stdout);
            rc = EXIT_OK;
            goto done;
        default:
            cli_bad_option(command, argv);
            goto done;
        }
    }
    if ((json = cli_format_index(&c, formats, 2)) < 0)
        goto done;
    if ((atoms || lipschitz || adjacency) && !json) {
        cli_error("--atoms, --lipschitz and --adjacency add to the JSON: use "
                  "--format json");
        goto done;
    }
    if (c.opts.certify_lp && c.opts.arithmetic != RC_ARITH_EXACT) {
        cli_error("--certify certifies exact regions: add --exact");
        goto done;
    }
    if ((rc = cli_load_open(&net, &dom, &out, &c, argc, argv, command,
                            &name)) != EXIT_OK)
        goto done;
    if (checkpoint != NULL) {
        if (cli_ledger_init(&res.lg, rc_net_num_hidden(net)) != 0) {
            rc = EXIT_FAILURE_RUN;
            goto done;
        }
        if ((rc = cli_ledger_open(&res.lg, checkpoint, net, dom, &c.opts))
            != EXIT_OK)
            goto done;
        rc = EXIT_BAD_INPUT;
        res.start = now();
        c.opts.next_task = resume_next;
        c.opts.task_done = resume_done;
        c.opts.task_user = &res;
    }
    cli_run_prepare(&c);
    wo.format = json ? RC_FORMAT_JSON : RC_FORMAT_TEXT;
    wo.regions = !count_only;
    wo.net_name = name;
    wo.atoms = atoms;
    keep = atoms || lipschitz || adjacency;
    if (keep) {
        /* These need all the regions: enumerate, compute, then write. */
        st = rc_enumerate(&part, net, dom, &c.opts, &err);
        if (part != NULL && lipschitz && st == RC_OK)
            st = rc_lipschitz_compute(&lip, net, part, NULL, &err);
        if (part != NULL && adjacency && st == RC_OK)
            st = rc_graph_build(&graph, part, &err);
        if (part != NULL && (st == RC_OK || st == RC_ERR_LIMIT
                             || st == RC_ERR_STOPPED)) {
            rc_status ws;
            rc_error werr;
            wo.lipschitz = lipschitz && st == RC_OK ? &lip : NULL;
            ws = rc_partition_write(out.f, part, net, dom, graph, &wo, &werr);
            if (ws != RC_OK) {
                st = ws;
                err = werr;
            }
        }
    } else {
        st = rc_writer_new(&s.w, out.f, net, dom, c.opts.arithmetic, &wo, &err);
        if (st == RC_OK) {
            st = rc_enumerate_each(net, dom, &c.opts, write_one, &s, &sum, &err);
            if (s.st != RC_OK) {
                st = s.st;
                err = s.err;
            }
            if (checkpoint != NULL && !res.failed && cli_ledger_sync(&res.lg) != 0)
                res.failed = EXIT_FAILURE_RUN;
            if (res.failed) {
                /* The message is printed. */
                rc = res.failed;
                goto done;
            }
            /* With a checkpoint: the top levels and every task recorded. */
            if (checkpoint != NULL && cli_ledger_summary(&whole, &res.lg, &sum) != 0) {
                cli_error("out of memory");
                rc = EXIT_FAILURE_RUN;
                goto done;
            }
            if (st == RC_OK || st == RC_ERR_LIMIT || st == RC_ERR_STOPPED) {
                rc_error werr;
                rc_status ws = rc_writer_finish(s.w, checkpoint != NULL ? &whole
                                                : &sum, NULL, &werr);
                if (ws != RC_OK) {
                    st = ws;
                    err = werr;
                }
            }
        }
    }
    /* A partial result is a result: written, marked incomplete, exit 3. */
    rc = cli_status_exit(st, &err);
    if (cli_output_close(&out, rc == EXIT_OK || st == RC_ERR_LIMIT
                                || st == RC_ERR_STOPPED) && rc == EXIT_OK)
        rc = EXIT_FAILURE_RUN;
done:
    cli_output_abort(&out);
    cli_ledger_clear(&res.lg);
    rc_enum_summary_clear(&whole);
    rc_writer_free(s.w);
    rc_enum_summary_clear(&sum);
    rc_lipschitz_info_clear(&lip);
    rc_graph_free(graph);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}

int
cmd_enumerate(int argc, char **argv)
{
    return run(argc, argv, 0);
}

int
cmd_count(int argc, char **argv)
{
    return run(argc, argv, 1);
}
