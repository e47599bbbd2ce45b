/* count.c -- relucells-mpi count: the counts of 'relucells count' from the
 * tasks of every rank.  The ledger of rank 0 (serve.c) adds what each
 * finished task found to the top levels' counts, made once; the regions
 * themselves are not made (rc_enum_opts.geometry 0).  The last tasks are
 * handed out node by node (--split-below), which the counts cannot tell:
 * a part computes what it would within its whole task. */
#include <errno.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "mpi/mpi_job.h"

static int
no_region(void *user, const rc_region *r)
{
    (void)user;
    (void)r;
    return 0;
}

void
mpi_help_count(FILE *f)
{
    fputs("Usage: mpirun -n P relucells-mpi count [OPTIONS] NET\n"
          "Count the linear regions of NET on its domain over the P ranks of an\n"
          "MPI job: the output of 'relucells count', the same on any number of\n"
          "ranks.  Every rank makes the top levels of the layer tree; rank 0\n"
          "hands out the tasks below them to whichever rank is idle and works\n"
          "on them too.  NET (and --vnnlib) must be readable on every rank.\n",
          f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    fputs("  (--threads: per rank; with several ranks on one machine give\n"
          "  each a share of its cores.  Limits apply on each rank.)\n"
          "\nCheckpoint:\n"
          "  --checkpoint FILE     rank 0 records each finished task in FILE;\n"
          "                        rerun with the same FILE, with any number of\n"
          "                        ranks or with 'relucells count', to resume\n"
          "\nSharing out the last tasks:\n"
          "  --split-below N       once fewer than N tasks are left to hand out,\n"
          "                        hand out the rest node by node (a task is a\n"
          "                        run of up to 16 sibling nodes), so that a large\n"
          "                        last task does not keep one rank busy alone;\n"
          "                        0: never.  Default: 2 x ranks x threads of\n"
          "                        rank 0.  The output is the same for any N.\n",
          f);
    cli_help_exit(f);
    fputs("A rank that fails ends the job (MPI_Abort) with a message.\n"
          "\nExample:\n"
          "  mpirun -n 8 relucells-mpi count --threads 4 --fix 1=30000,5=600 \\\n"
          "      --checkpoint acas3d.ck ACASXU_run2a_1_1_batch_2000.nnet\n", f);
}

int
mpi_count(int argc, char **argv)
{
    enum { OPT_CHECKPOINT = OPT_LOCAL, OPT_SPLIT_BELOW };
    static const struct option opts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS,
        {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
        {"split-below", required_argument, NULL, OPT_SPLIT_BELOW},
        {NULL, 0, NULL, 0}};
    const char *checkpoint = NULL, *name = NULL;
    cli_common c;
    cli_output out = CLI_OUTPUT_INIT;
    rc_write_opts wo;
    rc_writer *wr = NULL;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_enum_summary whole;
    rc_error err = {RC_OK, ""};
    server s;
    client cl;
    rc_status st;
    int opt, handled, rc = EXIT_OK, saved, split_set = 0;
    unsigned long long split_below = 0;
    char *end;

    cli_common_init(&c);
    rc_enum_summary_init(&whole);
    rc_write_opts_init(&wo);
    memset(&s, 0, sizeof s);
    s.lg.fd = -1;
    client_init(&cl);
    c.opts.geometry = c.opts.chebyshev = c.opts.volume = 0;
    saved = mpi_quiet();
    while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0) {
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (handled)
            continue;
        if (opt == OPT_CHECKPOINT) {
            checkpoint = optarg;
        } else if (opt == OPT_SPLIT_BELOW) {
            errno = 0;
            split_below = strtoull(optarg, &end, 10);
            if (*end != '\0' || errno != 0 || optarg[0] == '\0'
                || optarg[0] == '-') {
                cli_error("--split-below: '%s' is not a number of tasks", optarg);
                rc = EXIT_BAD_INPUT;
                break;
            }
            split_set = 1;
        } else if (opt == 'h') {
            if (mpi_rank == 0)
                mpi_help_count(stdout);
            cli_common_clear(&c);
            client_clear(&cl);
            mpi_speak(saved, EXIT_OK);
            return EXIT_OK;
        } else {
            cli_bad_option("count", argv);
            rc = EXIT_BAD_INPUT;
            break;
        }
    }
    if (rc == EXIT_OK)
        rc = cli_load_open(&net, &dom, mpi_rank == 0 ? &out : NULL, &c, argc,
                           argv, "count", &name);
    if (mpi_rank == 0 && rc == EXIT_OK) {
        if (server_init(&s, net) != 0)
            rc = EXIT_FAILURE_RUN;
        else if (checkpoint != NULL)
            rc = cli_ledger_open(&s.lg, checkpoint, net, dom, &c.opts);
        s.split_below = split_set ? (size_t)split_below
                        : 2 * (size_t)mpi_ranks
                          * (size_t)(c.opts.threads > 0 ? c.opts.threads
                                     : rc_enum_threads_available());
    }
    if (mpi_rank == 0 && rc == EXIT_OK) {
        wo.format = RC_FORMAT_TEXT;
        wo.regions = 0;
        wo.net_name = name;
        if (rc_writer_new(&wr, out.f, net, dom, c.opts.arithmetic, &wo, &err)
            != RC_OK) {
            cli_error("%s", err.msg);
            rc = EXIT_FAILURE_RUN;
        }
    }
    if ((rc = mpi_speak(saved, rc)) != EXIT_OK)
        goto done;
    c.progress = -1;
    cli_run_prepare(&c);
    st = mpi_run(&s, &cl, &c, net, dom, no_region, NULL, &whole, &err);
    if (mpi_rank == 0 && split_set && s.tasks_split > 0)
        fprintf(stderr, "relucells-mpi: note: the last %zu tasks were handed "
                "out node by node (%zu parts)\n", s.tasks_split, s.parts);
    if (mpi_rank == 0) {
        rc_error werr;
        if (rc_writer_finish(wr, &whole, NULL, &werr) != RC_OK) {
            cli_error("%s", werr.msg);
            rc = EXIT_FAILURE_RUN;
        }
        if (rc == EXIT_OK)
            rc = cli_status_exit(st, &err);
        if (cli_output_close(&out, rc == EXIT_OK || st == RC_ERR_LIMIT
                                    || st == RC_ERR_STOPPED) && rc == EXIT_OK)
            rc = EXIT_FAILURE_RUN;
    }
    /* Every rank ends with rank 0's status. */
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
done:
    cli_output_abort(&out);
    rc_writer_free(wr);
    server_clear(&s);
    client_clear(&cl);
    rc_enum_summary_clear(&whole);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
