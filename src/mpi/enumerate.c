/* enumerate.c -- relucells-mpi enumerate: the regions of 'relucells
 * enumerate' from the tasks of every rank.
 *
 * Each rank writes the regions of the tasks it runs as records
 * (rc_write_opts.records: named by task and place, not by id, which
 * depends on the regions of every earlier task).  Then either
 *  - gather (the default): the records go to rank 0 in messages of about
 *    CHUNK_BYTES, sent as they are made (rank 0's own go straight in), and
 *    rank 0 writes them in plan order under their ids (gather.c,
 *    rc_writer_record): the document of 'relucells enumerate --threads 1',
 *    byte for byte; or
 *  - shards: each rank writes its records to a file of its own (JSON Lines)
 *    and reports where each task's records start; rank 0 writes an index
 *    (the tasks in plan order: shard, offset, regions, first id) and the
 *    summary.
 * Once a rank stops short (a limit, a signal), rank 0 hands out no more
 * tasks: no region can be written past a task that nobody finished. */
#include <errno.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpi/mpi_job.h"

/* Records per message: about this many bytes. */
#define CHUNK_BYTES ((size_t)1 << 20)

typedef struct job {
    server *s;
    client *cl;
    const rc_net *net;
    const rc_domain *dom;
    rc_arithmetic arith;
    rc_write_opts wo;            /* of the records */
    /* gather: rank 0's, and the message being made */
    gather *g;
    FILE *mem;
    char *buf;
    size_t size, prev;
    rc_writer *w;
    words lens;
    size_t task, place, count;
    /* shards: this rank's file, and the task being written */
    FILE *shard;
    char *shard_path;
    int in_task;
    size_t cur_task;
    off_t cur_start, complete_end;
    /* rank 0, shards: per task, who ran it and where its records are */
    size_t num_tasks;
    int *t_rank;
    uint64_t *t_off;
    size_t *t_regions;
} job;

static size_t
job_next(void *user, size_t num_tasks)
{
    job *j = user;

    return mpi_rank == 0 ? server_local_next(j->s, num_tasks)
                         : client_next(j->cl, num_tasks);
}

static void
job_report(job *j, const rc_task_result *r, uint64_t extra)
{
    if (mpi_rank == 0)
        server_local_done(j->s, r, extra);
    else
        client_done(j->cl, r, extra);
}

/* ---- gather --------------------------------------------------------------------- */

static void
chunk_open(job *j, size_t task, size_t place)
{
    rc_error err;

    j->mem = open_memstream(&j->buf, &j->size);
    if (j->mem == NULL)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    if (rc_writer_new(&j->w, j->mem, j->net, j->dom, j->arith, &j->wo, &err)
        != RC_OK)
        mpi_die(EXIT_FAILURE_RUN, "%s", err.msg);
    j->task = task;
    j->place = place;
    j->count = 0;
    j->prev = 0;
    j->lens.len = 0;
}

/* Send the records made (to rank 0's gatherer). */
static void
chunk_ship(job *j)
{
    words m = {NULL, 0, 0};
    size_t i;

    if (j->mem == NULL)
        return;
    rc_writer_free(j->w);
    j->w = NULL;
    if (fclose(j->mem) != 0)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    j->mem = NULL;
    words_put(&m, KIND_REGIONS);
    words_put(&m, j->task);
    words_put(&m, j->place);
    words_put(&m, j->count);
    words_put(&m, j->size);
    for (i = 0; i < j->lens.len; i++)
        words_put(&m, j->lens.w[i]);
    words_put_bytes(&m, j->buf, j->size);
    if (mpi_rank == 0) {
        pthread_mutex_lock(&j->s->lock);
        gather_regions(j->g, m.w, m.len, j->s->lg.num_tasks, 0);
        pthread_mutex_unlock(&j->s->lock);
    } else {
        client_send(j->cl, m.w, m.len);
    }
    free(m.w);
    free(j->buf);
    j->buf = NULL;
    j->count = 0;
}

/* Gather: each region, as a record, into the message being made; the
 * engine hands a task's regions over consecutively, in place order. */
static int
records_sink(void *user, const rc_region *r)
{
    job *j = user;
    size_t k, t = rc_region_task(r, &k);
    rc_error err;

    if (j->mem != NULL && (t != j->task || k != j->place + j->count))
        chunk_ship(j);
    if (j->mem == NULL)
        chunk_open(j, t, k);
    if (rc_writer_region(j->w, r, &err) != RC_OK || fflush(j->mem) != 0)
        mpi_die(EXIT_FAILURE_RUN, "cannot write a region: out of memory");
    words_put(&j->lens, j->size - j->prev);
    j->prev = j->size;
    j->count++;
    if (j->size >= CHUNK_BYTES)
        chunk_ship(j);
    return 0;
}

/* A task is finished: its last records go before the report, which
 * rank 0 checks against the records it received. */
static void
records_task_done(void *user, const rc_task_result *r)
{
    job *j = user;

    if (j->mem != NULL && j->task != r->index)
        mpi_die(EXIT_FAILURE_RUN, "task %zu finished while the regions of "
                "task %zu were written", r->index, j->task);
    chunk_ship(j);
    job_report(j, r, 0);
}

/* Rank 0's hooks in the server (under its lock). */
static void
hook_regions(void *hook, const uint64_t *m, size_t len, size_t num_tasks,
             int from)
{
    job *j = hook;

    if (j->g == NULL)
        mpi_die(EXIT_FAILURE_RUN, "rank %d sent regions to a run with shards",
                from);
    gather_regions(j->g, m, len, num_tasks, from);
}

static void
hook_done(void *hook, const rc_task_result *r, uint64_t extra, int from)
{
    job *j = hook;

    if (j->g != NULL) {
        gather_done(j->g, r->index, r->regions, r->num_tasks, from);
        return;
    }
    if (j->t_rank == NULL) {
        j->num_tasks = r->num_tasks;
        j->t_rank = calloc(j->num_tasks + 1, sizeof *j->t_rank);
        j->t_off = calloc(j->num_tasks + 1, sizeof *j->t_off);
        j->t_regions = calloc(j->num_tasks + 1, sizeof *j->t_regions);
        if (j->t_rank == NULL || j->t_off == NULL || j->t_regions == NULL)
            mpi_die(EXIT_FAILURE_RUN, "out of memory");
    }
    j->t_rank[r->index] = from;
    j->t_off[r->index] = extra;
    j->t_regions[r->index] = r->regions;
}

/* ---- shards ---------------------------------------------------------------------- */

/* Shards: each region, as a record, to this rank's file. */
static int
shard_sink(void *user, const rc_region *r)
{
    job *j = user;
    size_t k, t = rc_region_task(r, &k);
    rc_error err;

    if (!j->in_task || t != j->cur_task) {
        j->in_task = 1;
        j->cur_task = t;
        j->cur_start = ftello(j->shard);
    }
    if (rc_writer_region(j->w, r, &err) != RC_OK)
        mpi_die(EXIT_FAILURE_RUN, "%s: %s", j->shard_path, err.msg);
    return 0;
}

/* A task is finished: reported with the offset of its first record. */
static void
shard_task_done(void *user, const rc_task_result *r)
{
    job *j = user;
    off_t start = j->in_task && j->cur_task == r->index ? j->cur_start
                                                        : ftello(j->shard);

    j->in_task = 0;
    j->complete_end = ftello(j->shard);
    job_report(j, r, (uint64_t)start);
}

/* The shard ends with its last finished task (a task cut short by a stop
 * leaves no records). */
static void
shard_close(job *j)
{
    int bad = fflush(j->shard) != 0
              || ftruncate(fileno(j->shard), j->complete_end) != 0;

    bad |= fclose(j->shard) != 0;
    j->shard = NULL;
    if (bad)
        mpi_die(EXIT_FAILURE_RUN, "%s: cannot write: %s", j->shard_path,
                strerror(errno));
}

static void
json_text(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s != '\0'; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static const char *
base_name(const char *path)
{
    const char *b = strrchr(path, '/');

    return b != NULL ? b + 1 : path;
}

/* The index of the shards (relucells-json(5), "relucells-shards"). */
static void
write_index(FILE *f, const job *j, const char *prefix, const char *name,
            const rc_enum_summary *s)
{
    size_t i, next = 1, v[CLI_NUM_STATS];
    static const char *const stats[CLI_NUM_STATS] = {
        "classifications", "cuts", "uncertain", "lp_decisions", "lp_calls",
        "exact_signs", "exact_decisions", "exact_pieces"};
    int prefix_done = 1, first = 1;
    char *shard = malloc(strlen(prefix) + 32);

    if (shard == NULL)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    fputs("{\"format\": \"relucells-shards\",\n\"version\": 1,\n\"network\": ", f);
    if (name != NULL)
        json_text(f, name);
    else
        fputs("null", f);
    fprintf(f, ",\n\"arithmetic\": \"%s\",\n\"shards\": [",
            j->arith == RC_ARITH_EXACT ? "exact"
            : j->arith == RC_ARITH_FLOAT ? "float" : "default");
    for (i = 0; i < (size_t)mpi_ranks; i++) {
        snprintf(shard, strlen(prefix) + 32, "%s.%zu.jsonl", prefix, i);
        fputs(i ? ", " : "", f);
        json_text(f, base_name(shard));
    }
    free(shard);
    fprintf(f, "],\n\"num_tasks\": %zu,\n\"tasks\": [", s->num_tasks);
    for (i = 0; j->t_rank != NULL && i < j->num_tasks; i++) {
        if (!cli_ledger_has(&j->s->lg, i)) {
            prefix_done = 0;
            continue;
        }
        fprintf(f, "%s\n{\"task\":%zu,\"shard\":%d,\"offset\":%llu,"
                "\"regions\":%zu,\"first_id\":", first ? "" : ",", i,
                j->t_rank[i], (unsigned long long)j->t_off[i], j->t_regions[i]);
        if (prefix_done)
            fprintf(f, "%zu}", next);
        else
            fputs("null}", f);
        next += j->t_regions[i];
        first = 0;
    }
    fprintf(f, "\n],\n\"num_regions\": %zu,\n\"layer_counts\": [", s->num_regions);
    for (i = 0; i < s->num_hidden; i++)
        fprintf(f, "%s%zu", i ? "," : "", s->layer_counts[i]);
    fprintf(f, "],\n\"complete\": %s", s->complete ? "true" : "false");
    if (!s->complete)
        fprintf(f, ",\n\"stopped\": \"%s\"", rc_stop_reason_name(s->stop_reason));
    fputs(",\n\"stats\": {", f);
    cli_stats_get(v, &s->stats);
    for (i = 0; i < CLI_NUM_STATS; i++)
        fprintf(f, "%s\"%s\":%zu", i ? "," : "", stats[i], v[i]);
    fputs("}}\n", f);
}

/* ---- the command ------------------------------------------------------------------- */

void
mpi_help_enumerate(FILE *f)
{
    fputs("Usage: mpirun -n P relucells-mpi enumerate [OPTIONS] NET\n"
          "List every linear region of NET on its domain over the P ranks of an\n"
          "MPI job: the regions of 'relucells enumerate', with the same ids in\n"
          "the same order, on any number of ranks.\n"
          "\nOutput:\n"
          "  --gather              (the default) rank 0 writes one file (-o, or\n"
          "                        standard output): the output of 'relucells\n"
          "                        enumerate --threads 1', byte for byte\n"
          "  --gather-memory MB    the regions that wait for earlier tasks on\n"
          "                        rank 0 stay in memory up to MB megabytes\n"
          "                        (default 256), the rest in a temporary file\n"
          "                        beside the output (or in TMPDIR)\n"
          "  --shards PREFIX       every rank writes the regions of its tasks\n"
          "                        to PREFIX.RANK.jsonl (JSON Lines), rank 0\n"
          "                        the index PREFIX.index.json (relucells-\n"
          "                        json(5)) and the summary of 'count'\n"
          "  --format text|json    text (default) or JSON (relucells-json(5))\n"
          "  --atoms               JSON: each region's atomic decomposition\n"
          "  --certify             with --exact: solve each region's interior-\n"
          "                        margin LP exactly (cddlib)\n"
          "  (--lipschitz and --adjacency need every region in one process:\n"
          "  use relucells enumerate)\n", f);
    cli_help_domain(f);
    cli_help_arith(f);
    cli_help_run(f);
    fputs("  (--threads: per rank.  Limits apply on each rank; once a rank\n"
          "  stops, no task is handed out and the output is partial.)\n", f);
    cli_help_exit(f);
    fputs("A rank that fails ends the job (MPI_Abort) with a message.\n"
          "\nExamples:\n"
          "  mpirun -n 8 relucells-mpi enumerate --threads 4 --format json \\\n"
          "      -o regions.json net.nnet\n"
          "  mpirun -n 64 relucells-mpi enumerate --shards run/acas acas.nnet\n",
          f);
}

/* The directory of the temporary file: beside the output, or TMPDIR. */
static char *
spill_dir(const cli_output *out)
{
    const char *t = getenv("TMPDIR");
    char *d, *slash;

    if (out->target == NULL)
        return strdup(t != NULL && t[0] != '\0' ? t : "/tmp");
    if ((d = strdup(out->target)) == NULL)
        return NULL;
    if ((slash = strrchr(d, '/')) == NULL) {
        free(d);
        return strdup(".");
    }
    if (slash == d)
        slash[1] = '\0';
    else
        *slash = '\0';
    return d;
}

int
mpi_enumerate(int argc, char **argv)
{
    enum { OPT_CERTIFY = OPT_LOCAL, OPT_ATOMS, OPT_LIPSCHITZ, OPT_ADJACENCY,
           OPT_GATHER, OPT_GATHER_MEMORY, OPT_SHARDS };
    static const struct option opts[] = {
        CLI_DOMAIN_OPTS, CLI_ARITH_OPTS, CLI_RUN_OPTS, CLI_FORMAT_OPT,
        {"certify", no_argument, NULL, OPT_CERTIFY},
        {"atoms", no_argument, NULL, OPT_ATOMS},
        {"lipschitz", no_argument, NULL, OPT_LIPSCHITZ},
        {"adjacency", no_argument, NULL, OPT_ADJACENCY},
        {"gather", no_argument, NULL, OPT_GATHER},
        {"gather-memory", required_argument, NULL, OPT_GATHER_MEMORY},
        {"shards", required_argument, NULL, OPT_SHARDS},
        {NULL, 0, NULL, 0}};
    static const char *const formats[] = {"text", "json"};
    const char *name = NULL, *prefix = NULL;
    cli_common c;
    cli_output out = CLI_OUTPUT_INIT, idx = CLI_OUTPUT_INIT;
    rc_write_opts wo;
    rc_writer *wr = NULL;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_enum_summary whole;
    rc_error err = {RC_OK, ""};
    server s;
    client cl;
    job j;
    rc_status st;
    char *dir = NULL, *index_path = NULL, *end;
    double memory = 256;
    int opt, handled, rc = EXIT_OK, saved, json = 0, gather_opt = 0;

    cli_common_init(&c);
    rc_enum_summary_init(&whole);
    rc_write_opts_init(&wo);
    memset(&s, 0, sizeof s);
    s.lg.fd = -1;
    client_init(&cl);
    memset(&j, 0, sizeof j);
    saved = mpi_quiet();
    while (rc == EXIT_OK && (opt = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if ((handled = cli_common_option(&c, opt, optarg)) < 0) {
            rc = EXIT_BAD_INPUT;
            break;
        }
        if (handled)
            continue;
        switch (opt) {
        case OPT_CERTIFY: c.opts.certify_lp = 1; break;
        case OPT_ATOMS: wo.atoms = 1; break;
        case OPT_GATHER: gather_opt = 1; break;
        case OPT_SHARDS: prefix = optarg; break;
        case OPT_GATHER_MEMORY:
            errno = 0;
            memory = strtod(optarg, &end);
            if (errno != 0 || end == optarg || *end != '\0' || !(memory >= 0)
                || memory > 1e9) {
                cli_error("--gather-memory %s: expected megabytes (0 or more)",
                          optarg);
                rc = EXIT_BAD_INPUT;
            }
            break;
        case OPT_LIPSCHITZ:
        case OPT_ADJACENCY:
            cli_error("--lipschitz and --adjacency need every region in one "
                      "process: use relucells enumerate");
            rc = EXIT_BAD_INPUT;
            break;
        case 'h':
            if (mpi_rank == 0)
                mpi_help_enumerate(stdout);
            cli_common_clear(&c);
            client_clear(&cl);
            mpi_speak(saved, EXIT_OK);
            return EXIT_OK;
        default:
            cli_bad_option("enumerate", argv);
            rc = EXIT_BAD_INPUT;
        }
    }
    if (rc == EXIT_OK && prefix != NULL && (gather_opt || c.format != NULL)) {
        cli_error(gather_opt ? "--shards or --gather: choose one"
                  : "--shards writes JSON Lines: drop --format");
        rc = EXIT_BAD_INPUT;
    }
    if (rc == EXIT_OK && prefix != NULL && prefix[0] == '\0') {
        cli_error("--shards: the prefix is empty");
        rc = EXIT_BAD_INPUT;
    }
    if (rc == EXIT_OK && (json = cli_format_index(&c, formats, 2)) < 0)
        rc = EXIT_BAD_INPUT;
    if (rc == EXIT_OK && prefix != NULL)
        json = 1;
    if (rc == EXIT_OK && wo.atoms && !json) {
        cli_error("--atoms adds to the JSON: use --format json");
        rc = EXIT_BAD_INPUT;
    }
    if (rc == EXIT_OK && c.opts.certify_lp && c.opts.arithmetic != RC_ARITH_EXACT) {
        cli_error("--certify certifies exact regions: add --exact");
        rc = EXIT_BAD_INPUT;
    }
    if (rc == EXIT_OK)
        rc = cli_load_open(&net, &dom, mpi_rank == 0 ? &out : NULL, &c, argc,
                           argv, "enumerate", &name);
    j.s = &s;
    j.cl = &cl;
    j.net = net;
    j.dom = dom;
    j.arith = c.opts.arithmetic;
    j.wo = wo;
    j.wo.format = json ? RC_FORMAT_JSON : RC_FORMAT_TEXT;
    j.wo.net_name = name;
    j.wo.records = 1;
    /* Every rank: its shard. */
    if (rc == EXIT_OK && prefix != NULL) {
        size_t len = strlen(prefix) + 32;
        rc_error e;
        if ((j.shard_path = malloc(len)) == NULL
            || (index_path = malloc(len)) == NULL) {
            cli_error("out of memory");
            rc = EXIT_FAILURE_RUN;
        } else {
            snprintf(j.shard_path, len, "%s.%d.jsonl", prefix, mpi_rank);
            snprintf(index_path, len, "%s.index.json", prefix);
            if ((j.shard = fopen(j.shard_path, "w")) == NULL) {
                cli_error("%s: cannot open: %s", j.shard_path, strerror(errno));
                rc = EXIT_BAD_INPUT;
            } else if (rc_writer_new(&j.w, j.shard, net, dom, j.arith, &j.wo, &e)
                       != RC_OK) {
                cli_error("%s", e.msg);
                rc = EXIT_FAILURE_RUN;
            }
        }
    }
    if (mpi_rank == 0 && rc == EXIT_OK) {
        if (server_init(&s, net) != 0)
            rc = EXIT_FAILURE_RUN;
    }
    if (mpi_rank == 0 && rc == EXIT_OK && prefix != NULL)
        rc = cli_output_open(&idx, index_path);
    if (mpi_rank == 0 && rc == EXIT_OK) {
        rc_write_opts w0 = j.wo;
        w0.records = 0;
        if (prefix != NULL) {
            w0.format = RC_FORMAT_TEXT;
            w0.regions = 0;
            w0.atoms = 0;
        }
        if (rc_writer_new(&wr, out.f, net, dom, c.opts.arithmetic, &w0, &err)
            != RC_OK) {
            cli_error("%s", err.msg);
            rc = EXIT_FAILURE_RUN;
        } else if (prefix == NULL
                   && ((dir = spill_dir(&out)) == NULL
                       || (j.g = gather_new(wr, dir,
                                            (size_t)(memory * 1048576.0))) == NULL)) {
            cli_error("out of memory");
            rc = EXIT_FAILURE_RUN;
        }
    }
    if ((rc = mpi_speak(saved, rc)) != EXIT_OK)
        goto done;
    s.stop_on_short = 1;
    s.on_regions = hook_regions;
    s.on_done = hook_done;
    s.hook = &j;
    c.progress = -1;
    cli_run_prepare(&c);
    c.opts.next_task = job_next;
    c.opts.task_done = prefix != NULL ? shard_task_done : records_task_done;
    c.opts.task_user = &j;
    st = mpi_run(&s, &cl, &c, net, dom, prefix != NULL ? shard_sink : records_sink,
                 &j, &whole, &err);
    /* The records of a task cut short are dropped. */
    if (j.mem != NULL) {
        rc_writer_free(j.w);
        j.w = NULL;
        fclose(j.mem);
        j.mem = NULL;
    }
    if (j.shard != NULL)
        shard_close(&j);
    /* Everyone's shard is complete before the index names it. */
    MPI_Barrier(MPI_COMM_WORLD);
    if (mpi_rank == 0) {
        rc_error werr;
        int ok;
        if (j.g != NULL) {
            if (whole.complete && gather_written(j.g) != whole.num_regions)
                mpi_die(EXIT_FAILURE_RUN, "%zu regions written of %zu",
                        gather_written(j.g), whole.num_regions);
            whole.num_regions = gather_written(j.g);
            if (gather_spilled(j.g) > 0)
                fprintf(stderr, "relucells-mpi: note: %.1f MB of regions "
                        "waited for earlier tasks in a temporary file in %s "
                        "(--gather-memory)\n", gather_spilled(j.g) / 1048576.0,
                        dir);
        } else {
            write_index(idx.f, &j, prefix, name, &whole);
        }
        if (rc_writer_finish(wr, &whole, NULL, &werr) != RC_OK) {
            cli_error("%s", werr.msg);
            rc = EXIT_FAILURE_RUN;
        }
        if (rc == EXIT_OK)
            rc = cli_status_exit(st, &err);
        ok = rc == EXIT_OK || st == RC_ERR_LIMIT || st == RC_ERR_STOPPED;
        if (prefix != NULL && cli_output_close(&idx, ok) && rc == EXIT_OK)
            rc = EXIT_FAILURE_RUN;
        if (cli_output_close(&out, ok) && rc == EXIT_OK)
            rc = EXIT_FAILURE_RUN;
    }
    /* Every rank ends with rank 0's status. */
    MPI_Bcast(&rc, 1, MPI_INT, 0, MPI_COMM_WORLD);
done:
    cli_output_abort(&out);
    cli_output_abort(&idx);
    if (j.shard != NULL)
        fclose(j.shard);
    rc_writer_free(j.w);
    free(j.lens.w);
    free(j.shard_path);
    free(j.t_rank);
    free(j.t_off);
    free(j.t_regions);
    free(index_path);
    free(dir);
    gather_free(j.g);
    rc_writer_free(wr);
    server_clear(&s);
    client_clear(&cl);
    rc_enum_summary_clear(&whole);
    rc_domain_free(dom);
    rc_net_free(net);
    cli_common_clear(&c);
    return rc;
}
