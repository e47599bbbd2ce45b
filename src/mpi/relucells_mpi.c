/* relucells_mpi.c -- relucells-mpi: 'count' over the ranks of an MPI job.
 *
 * Every rank loads the network and makes the engine's plan (enumerate.h:
 * the top levels of the layer tree and the task list, the same on every
 * rank).  Rank 0 hands the tasks out one at a time to whoever asks: the
 * workers' engines ask through rc_enum_opts.next_task when a thread is
 * idle (a message to rank 0 and its answer), rank 0's own engine takes
 * them from the same ledger (checkpoint.h), served by a thread of rank 0
 * that answers the workers.  A worker sends what its finished tasks found
 * (rc_task_result) with its next request and, when its engine is done, in
 * a last message; rank 0 adds them to the ledger (and to the checkpoint
 * file, which only it writes), so the counts are the top levels' plus the
 * ledger's: those of 'relucells count'.
 *
 * Messages are arrays of uint64: a worker's
 *   kind (REQUEST or LAST), its plan's number of tasks, results, status,
 *   stop reason, then per result: index, regions, seconds (the bits of a
 *   double), the counts of the hidden layers, the 8 decision counters;
 * rank 0's answer: a task index or NONE.
 * MPI calls are made by one thread at a time (MPI_THREAD_SERIALIZED): on
 * rank 0 by the serving thread during the run and the main thread before
 * and after; on a worker by the engine's next_task (the engine calls it
 * under a lock) and the main thread after the run.  Any failure ends the
 * job with MPI_Abort after a one-line message: never a hang. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <mpi.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/checkpoint.h"
#include "cli/cli.h"
#include "config.h"

enum { TAG_ASK = 1, TAG_TASK = 2 };
enum { KIND_REQUEST = 1, KIND_LAST = 2 };
#define NONE UINT64_MAX
#define HEAD 5                        /* words before the results */
#define PER(H) (3 + (H) + CLI_NUM_STATS)

static int rank, ranks;

static double
now(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* A message, printed, and the job ended with status code. */
static void
die(int code, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "relucells-mpi: rank %d: ", rank);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
    MPI_Abort(MPI_COMM_WORLD, code);
    exit(code);
}

/* ---- results as words ---------------------------------------------------- */

typedef struct words {
    uint64_t *w;
    size_t len, cap;
} words;

static void
words_put(words *b, uint64_t v)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        uint64_t *w = realloc(b->w, cap * sizeof *w);
        if (w == NULL)
            die(EXIT_FAILURE_RUN, "out of memory");
        b->w = w;
        b->cap = cap;
    }
    b->w[b->len++] = v;
}

static void
put_result(words *b, const rc_task_result *r)
{
    size_t k, v[CLI_NUM_STATS];
    uint64_t s;

    words_put(b, r->index);
    words_put(b, r->regions);
    memcpy(&s, &r->seconds, sizeof s);
    words_put(b, s);
    for (k = 0; k < r->num_hidden; k++)
        words_put(b, r->layer_counts[k]);
    cli_stats_get(v, &r->stats);
    for (k = 0; k < CLI_NUM_STATS; k++)
        words_put(b, v[k]);
}

/* ---- rank 0: the ledger and the serving thread --------------------------- */

typedef struct server {
    cli_ledger lg;
    pthread_mutex_t lock;
    double start;
    int failed;                  /* exit status of a failure, or 0 */
    int worst_status;            /* of the workers' runs */
    rc_stop_reason worst_reason;
    size_t H;
    size_t *counts;              /* H: a result being read */
} server;

/* The plan of some rank (under lock): the ledger's, or the job ends. */
static void
server_plan(server *s, size_t num_tasks, int from)
{
    if (s->lg.done != NULL && s->lg.num_tasks != num_tasks)
        die(EXIT_FAILURE_RUN, "rank %d's plan has %zu tasks, rank 0's %zu: "
            "the ranks do not enumerate the same thing", from, num_tasks,
            s->lg.num_tasks);
    if (cli_ledger_plan(&s->lg, num_tasks, now() - s->start) != 0)
        die(EXIT_BAD_INPUT, "the checkpoint does not fit this run");
}

static void
server_add(server *s, const rc_task_result *r, int from)
{
    if (r->index >= s->lg.num_tasks || cli_ledger_has(&s->lg, r->index))
        die(EXIT_FAILURE_RUN, "rank %d reported task %zu, which is not "
            "pending", from, r->index);
    if (cli_ledger_add(&s->lg, r) != 0)
        die(EXIT_FAILURE_RUN, "the checkpoint cannot be written");
}

/* Rank 0's engine: its next task and its results, from the ledger. */
static size_t
local_next(void *user, size_t num_tasks)
{
    server *s = user;
    size_t i;

    pthread_mutex_lock(&s->lock);
    server_plan(s, num_tasks, 0);
    i = cli_ledger_next(&s->lg);
    pthread_mutex_unlock(&s->lock);
    return i;
}

static void
local_done(void *user, const rc_task_result *r)
{
    server *s = user;

    pthread_mutex_lock(&s->lock);
    server_add(s, r, 0);
    pthread_mutex_unlock(&s->lock);
}

/* One message of a worker: its results into the ledger; the answer to a
 * request. */
static void
serve_one(server *s, const uint64_t *m, size_t len, int from, int *last)
{
    size_t n, i, k, H = s->H, per = PER(H), v[CLI_NUM_STATS];
    uint64_t answer;
    rc_task_result r;

    if (len < HEAD || (m[0] != KIND_REQUEST && m[0] != KIND_LAST)
        || len != HEAD + m[2] * per)
        die(EXIT_FAILURE_RUN, "a message of %zu words from rank %d is not "
            "relucells-mpi's", len, from);
    n = (size_t)m[2];
    pthread_mutex_lock(&s->lock);
    if (m[1] != 0)
        server_plan(s, (size_t)m[1], from);
    for (i = 0; i < n; i++) {
        const uint64_t *p = m + HEAD + i * per;
        memset(&r, 0, sizeof r);
        r.index = (size_t)p[0];
        r.regions = (size_t)p[1];
        memcpy(&r.seconds, &p[2], sizeof r.seconds);
        for (k = 0; k < H; k++)
            s->counts[k] = (size_t)p[3 + k];
        for (k = 0; k < CLI_NUM_STATS; k++)
            v[k] = (size_t)p[3 + H + k];
        cli_stats_set(&r.stats, v);
        r.layer_counts = s->counts;
        r.num_hidden = H;
        r.num_tasks = s->lg.num_tasks;
        server_add(s, &r, from);
    }
    if (m[0] == KIND_LAST) {
        if ((int)m[3] != RC_OK && s->worst_status == RC_OK) {
            s->worst_status = (int)m[3];
            s->worst_reason = (rc_stop_reason)m[4];
        }
        *last = 1;
        pthread_mutex_unlock(&s->lock);
        return;
    }
    i = cli_ledger_next(&s->lg);
    pthread_mutex_unlock(&s->lock);
    answer = i == RC_NO_TASK ? NONE : (uint64_t)i;
    MPI_Send(&answer, 1, MPI_UINT64_T, from, TAG_TASK, MPI_COMM_WORLD);
}

/* Answer the workers until every one has sent its last message.  Polls
 * (a blocking receive would spin a core in most MPI libraries, which rank
 * 0's engine needs). */
static void *
serve(void *user)
{
    server *s = user;
    int left = ranks - 1, flag, count;
    uint64_t *buf = NULL;
    size_t cap = 0;
    MPI_Status stat;

    while (left > 0) {
        MPI_Iprobe(MPI_ANY_SOURCE, TAG_ASK, MPI_COMM_WORLD, &flag, &stat);
        if (!flag) {
            struct timespec t = {0, 100000};
            nanosleep(&t, NULL);
            continue;
        }
        MPI_Get_count(&stat, MPI_UINT64_T, &count);
        if (count < 0)
            die(EXIT_FAILURE_RUN, "a bad message from rank %d", stat.MPI_SOURCE);
        if ((size_t)count + 1 > cap) {
            cap = 2 * (size_t)count + 64;
            free(buf);
            if ((buf = malloc(cap * sizeof *buf)) == NULL)
                die(EXIT_FAILURE_RUN, "out of memory");
        }
        MPI_Recv(buf, count, MPI_UINT64_T, stat.MPI_SOURCE, TAG_ASK,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        {
            int last = 0;
            serve_one(s, buf, (size_t)count, stat.MPI_SOURCE, &last);
            left -= last;
        }
    }
    free(buf);
    return NULL;
}

/* ---- a worker: asks rank 0 ----------------------------------------------- */

typedef struct client {
    size_t num_tasks;
    words pending;               /* results not sent yet */
    size_t num_pending;
    int ended;
} client;

static void
send_words(client *c, uint64_t kind, int status, rc_stop_reason reason)
{
    words m = {NULL, 0, 0};
    size_t i;

    words_put(&m, kind);
    words_put(&m, c->num_tasks);
    words_put(&m, c->num_pending);
    words_put(&m, (uint64_t)status);
    words_put(&m, (uint64_t)reason);
    for (i = 0; i < c->pending.len; i++)
        words_put(&m, c->pending.w[i]);
    MPI_Send(m.w, (int)m.len, MPI_UINT64_T, 0, TAG_ASK, MPI_COMM_WORLD);
    free(m.w);
    c->pending.len = 0;
    c->num_pending = 0;
}

static size_t
remote_next(void *user, size_t num_tasks)
{
    client *c = user;
    uint64_t answer;

    MPI_Request req;
    int flag = 0;

    c->num_tasks = num_tasks;
    send_words(c, KIND_REQUEST, RC_OK, RC_STOP_NONE);
    /* Polled, not a blocking receive, which would spin a core (that the
     * rank's other threads, or another rank, could use) while rank 0 is
     * busy. */
    MPI_Irecv(&answer, 1, MPI_UINT64_T, 0, TAG_TASK, MPI_COMM_WORLD, &req);
    for (;;) {
        struct timespec t = {0, 20000};
        MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
        if (flag)
            break;
        nanosleep(&t, NULL);
    }
    return answer == NONE ? RC_NO_TASK : (size_t)answer;
}

static void
remote_done(void *user, const rc_task_result *r)
{
    client *c = user;

    put_result(&c->pending, r);
    c->num_pending++;
}

/* ---- the program --------------------------------------------------------- */

static int
no_region(void *user, const rc_region *r)
{
    (void)user;
    (void)r;
    return 0;
}

static void
help(FILE *f)
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
          "                        ranks or with 'relucells count', to resume\n",
          f);
    cli_help_exit(f);
    fputs("A rank that fails ends the job (MPI_Abort) with a message.\n"
          "\nExample:\n"
          "  mpirun -n 8 relucells-mpi count --threads 4 --fix 1=30000,5=600 \\\n"
          "      --checkpoint acas3d.ck ACASXU_run2a_1_1_batch_2000.nnet\n", f);
}

/* Every rank's status agreed on: the largest. */
static int
agree(int rc)
{
    int all = rc;

    MPI_Allreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

static int
finish(int rc)
{
    MPI_Finalize();
    return rc;
}

static int
count(int argc, char **argv)
{
    enum { OPT_CHECKPOINT = OPT_LOCAL };
    static const struct option opts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS,
        {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
        {NULL, 0, NULL, 0}};
    const char *checkpoint = NULL, *name = NULL;
    cli_common c;
    cli_output out = CLI_OUTPUT_INIT;
    rc_write_opts wo;
    rc_writer *wr = NULL;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_enum_summary sum, whole;
    rc_error err = {RC_OK, ""};
    server s;
    client cl;
    pthread_t thread;
    rc_status st;
    int opt, handled, rc = EXIT_OK;

    cli_common_init(&c);
    rc_enum_summary_init(&sum);
    rc_enum_summary_init(&whole);
    rc_write_opts_init(&wo);
    memset(&s, 0, sizeof s);
    memset(&cl, 0, sizeof cl);
    s.lg.fd = -1;
    c.opts.geometry = c.opts.chebyshev = c.opts.volume = 0;
    /* Only rank 0 speaks about the options and files (they are the same
     * on every rank): the others' stderr goes nowhere until they agree. */
    int saved = -1, mine, first;
    if (rank != 0) {
        int null = open("/dev/null", O_WRONLY);
        fflush(stderr);
        saved = dup(STDERR_FILENO);
        if (null >= 0) {
            dup2(null, STDERR_FILENO);
            close(null);
        }
    }
    while ((opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0) {
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (handled)
            continue;
        if (opt == OPT_CHECKPOINT) {
            checkpoint = optarg;
        } else if (opt == 'h') {
            if (rank == 0)
                help(stdout);
            cli_common_clear(&c);
            return EXIT_OK;
        } else {
            cli_bad_option("count", argv);
            rc = EXIT_BAD_INPUT;
            break;
        }
    }
    if (rc == EXIT_OK)
        rc = cli_load_open(&net, &dom, rank == 0 ? &out : NULL, &c, argc,
                           argv, "count", &name);
    if (rank == 0 && rc == EXIT_OK && checkpoint != NULL) {
        if (cli_ledger_init(&s.lg, rc_net_num_hidden(net)) != 0)
            rc = EXIT_FAILURE_RUN;
        else
            rc = cli_ledger_open(&s.lg, checkpoint, net, dom, &c.opts);
    } else if (rank == 0 && rc == EXIT_OK) {
        if (cli_ledger_init(&s.lg, rc_net_num_hidden(net)) != 0)
            rc = EXIT_FAILURE_RUN;
    }
    if (rank == 0 && rc == EXIT_OK) {
        wo.format = RC_FORMAT_TEXT;
        wo.regions = 0;
        wo.net_name = name;
        if (rc_writer_new(&wr, out.f, net, dom, c.opts.arithmetic, &wo, &err)
            != RC_OK) {
            cli_error("%s", err.msg);
            rc = EXIT_FAILURE_RUN;
        }
    }
    mine = rc;
    first = rc;
    MPI_Bcast(&first, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (saved >= 0) {
        fflush(stderr);
        dup2(saved, STDERR_FILENO);
        close(saved);
    }
    if (rank != 0 && mine != EXIT_OK && first == EXIT_OK)
        fprintf(stderr, "relucells-mpi: rank %d: cannot load the network or "
                "its domain, which rank 0 could (is the file on every "
                "node?)\n", rank);
    rc = agree(rc);
    if (rc != EXIT_OK)
        goto done;
    c.progress = -1;
    cli_run_prepare(&c);
    if (rank == 0) {
        s.H = rc_net_num_hidden(net);
        s.counts = calloc(s.H + 1, sizeof *s.counts);
        if (s.counts == NULL)
            die(EXIT_FAILURE_RUN, "out of memory");
        pthread_mutex_init(&s.lock, NULL);
        s.start = now();
        c.opts.next_task = local_next;
        c.opts.task_done = local_done;
        c.opts.task_user = &s;
        if (ranks > 1 && pthread_create(&thread, NULL, serve, &s) != 0)
            die(EXIT_FAILURE_RUN, "cannot start the serving thread");
        st = rc_enumerate_each(net, dom, &c.opts, no_region, NULL, &sum, &err);
        if (st != RC_OK && st != RC_ERR_LIMIT && st != RC_ERR_STOPPED)
            die(EXIT_FAILURE_RUN, "%s", err.msg);
        if (ranks > 1)
            pthread_join(thread, NULL);
        if (cli_ledger_sync(&s.lg) != 0)
            die(EXIT_FAILURE_RUN, "the checkpoint cannot be synced");
        if (cli_ledger_summary(&whole, &s.lg, &sum) != 0)
            die(EXIT_FAILURE_RUN, "out of memory");
        if (!whole.complete && st == RC_OK && s.worst_status != RC_OK) {
            st = s.worst_status;
            whole.stop_reason = s.worst_reason;
            err.status = st;
            snprintf(err.msg, sizeof err.msg, "a rank stopped: %s",
                     rc_stop_reason_name(s.worst_reason));
        }
        {
            rc_error werr;
            if (rc_writer_finish(wr, &whole, NULL, &werr) != RC_OK) {
                cli_error("%s", werr.msg);
                rc = EXIT_FAILURE_RUN;
            }
        }
        if (rc == EXIT_OK)
            rc = cli_status_exit(st, &err);
        if (cli_output_close(&out, rc == EXIT_OK || st == RC_ERR_LIMIT
                                    || st == RC_ERR_STOPPED) && rc == EXIT_OK)
            rc = EXIT_FAILURE_RUN;
        pthread_mutex_destroy(&s.lock);
    } else {
        c.opts.next_task = remote_next;
        c.opts.task_done = remote_done;
        c.opts.task_user = &cl;
        st = rc_enumerate_each(net, dom, &c.opts, no_region, NULL, &sum, &err);
        if (st != RC_OK && st != RC_ERR_LIMIT && st != RC_ERR_STOPPED)
            die(EXIT_FAILURE_RUN, "%s", err.msg);
        send_words(&cl, KIND_LAST, st, sum.stop_reason);
    }
    /* Every rank ends with rank 0's status. */
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
done:
    cli_output_abort(&out);
    rc_writer_free(wr);
    cli_ledger_clear(&s.lg);
    free(s.counts);
    free(cl.pending.w);
    rc_enum_summary_clear(&sum);
    rc_enum_summary_clear(&whole);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}

int
main(int argc, char **argv)
{
    int provided, rc;

    cli_program = "relucells-mpi";
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided)
        != MPI_SUCCESS) {
        fputs("relucells-mpi: MPI_Init_thread failed\n", stderr);
        return EXIT_FAILURE_RUN;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (provided < MPI_THREAD_SERIALIZED)
        die(EXIT_FAILURE_RUN, "the MPI library does not allow calls from "
            "several threads (MPI_THREAD_SERIALIZED)");
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        if (rank == 0)
            help(argc < 2 ? stderr : stdout);
        return finish(argc < 2 ? EXIT_BAD_INPUT : EXIT_OK);
    }
    if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
        if (rank == 0)
            printf("relucells-mpi %s\n", PACKAGE_VERSION);
        return finish(EXIT_OK);
    }
    opterr = 0;
    optind = 1;
    cli_signals_install(1);
    if (strcmp(argv[1], "count") != 0) {
        if (rank == 0)
            fprintf(stderr, "relucells-mpi: unknown command '%s' (relucells-mpi "
                    "runs 'count'; try 'relucells-mpi --help')\n", argv[1]);
        return finish(EXIT_BAD_INPUT);
    }
    rc = count(argc - 1, argv + 1);
    return finish(rc);
}
