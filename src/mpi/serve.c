/* serve.c -- the tasks of the engine's plan, handed out by rank 0.
 *
 * The workers' engines ask for a task through rc_enum_opts.next_task when
 * a thread is idle (a message to rank 0 and its answer); rank 0's own
 * engine takes them from the same ledger (checkpoint.h), served by a
 * thread of rank 0 that answers the workers.  A worker sends what its
 * finished tasks found (rc_task_result) with its next request and, when
 * its engine is done, in a last message; rank 0 adds them to the ledger
 * (and to the checkpoint file, which only it writes).  Messages:
 * mpi_job.h.
 * MPI calls on rank 0 are made by the serving thread during the run and
 * by the main thread before and after; on a worker under the client's
 * lock, by the engine's next_task, by its region sink (enumerate's
 * REGIONS) and by the main thread after the run. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mpi/mpi_job.h"

/* ---- words ------------------------------------------------------------------ */

void
words_put(words *b, uint64_t v)
{
    if (b->len == b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 256;
        uint64_t *w = realloc(b->w, cap * sizeof *w);
        if (w == NULL)
            mpi_die(EXIT_FAILURE_RUN, "out of memory");
        b->w = w;
        b->cap = cap;
    }
    b->w[b->len++] = v;
}

void
words_put_bytes(words *b, const char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i += 8) {
        uint64_t v = 0;
        memcpy(&v, p + i, n - i < 8 ? n - i : 8);
        words_put(b, v);
    }
}

static void
put_result(words *b, const rc_task_result *r, uint64_t extra)
{
    size_t k, v[CLI_NUM_STATS];
    uint64_t s;

    words_put(b, r->index);
    words_put(b, r->regions);
    memcpy(&s, &r->seconds, sizeof s);
    words_put(b, s);
    words_put(b, extra);
    words_put(b, r->first);
    words_put(b, r->count);
    words_put(b, r->nodes);
    for (k = 0; k < r->num_hidden; k++)
        words_put(b, r->layer_counts[k]);
    cli_stats_get(v, &r->stats);
    for (k = 0; k < CLI_NUM_STATS; k++)
        words_put(b, v[k]);
}

/* ---- rank 0 --------------------------------------------------------------------- */

/* The parts of a split task finished so far, added up. */
struct split_sum {
    size_t nodes_done, regions;
    size_t *counts;
    rc_enum_stats stats;
    double seconds;
};

int
server_init(server *s, const rc_net *net)
{
    memset(s, 0, sizeof *s);
    s->lg.fd = -1;
    s->H = rc_net_num_hidden(net);
    if (cli_ledger_init(&s->lg, s->H) != 0)
        return -1;
    s->counts = calloc(s->H + 1, sizeof *s->counts);
    if (s->counts == NULL) {
        cli_error("out of memory");
        return -1;
    }
    pthread_mutex_init(&s->lock, NULL);
    s->start = mpi_now();
    s->split_task = RC_NO_TASK;
    return 0;
}

void
server_clear(server *s)
{
    size_t i;

    if (s->sums != NULL)
        for (i = 0; i < s->lg.num_tasks; i++)
            if (s->sums[i] != NULL) {
                free(s->sums[i]->counts);
                free(s->sums[i]);
            }
    cli_ledger_clear(&s->lg);
    if (s->counts != NULL)
        pthread_mutex_destroy(&s->lock);
    free(s->counts);
    free(s->nodes);
    free(s->sums);
    s->counts = s->nodes = NULL;
    s->sums = NULL;
}

/* The plan of some rank (under lock): the ledger's, or the job ends. */
static void
server_plan(server *s, size_t num_tasks, int from)
{
    if (s->lg.done != NULL && s->lg.num_tasks != num_tasks)
        mpi_die(EXIT_FAILURE_RUN, "rank %d's plan has %zu tasks, rank 0's %zu: "
                "the ranks do not enumerate the same thing", from, num_tasks,
                s->lg.num_tasks);
    if (cli_ledger_plan(&s->lg, num_tasks, mpi_now() - s->start) != 0)
        mpi_die(EXIT_BAD_INPUT, "the checkpoint does not fit this run");
    if (!s->todo_known) {
        s->todo = num_tasks - s->lg.finished;
        s->todo_known = 1;
    }
}

/* A finished task (under lock). */
static void
server_add(server *s, const rc_task_result *r, uint64_t extra, int from)
{
    if (r->index >= s->lg.num_tasks || cli_ledger_has(&s->lg, r->index))
        mpi_die(EXIT_FAILURE_RUN, "rank %d reported task %zu, which is not "
                "pending", from, r->index);
    if (s->on_done != NULL)
        s->on_done(s->hook, r, extra, from);
    if (cli_ledger_add(&s->lg, r) != 0)
        mpi_die(EXIT_FAILURE_RUN, "the checkpoint cannot be written");
}

/* A finished task or part (under lock): a part is added up with the
 * task's others, and the task goes into the ledger once all its nodes
 * have run. */
static void
server_add_part(server *s, const rc_task_result *r, uint64_t extra, int from)
{
    struct split_sum *sum;
    size_t k;

    if (r->first == 0 && r->count == r->nodes) {
        server_add(s, r, extra, from);
        return;
    }
    if (r->index >= s->lg.num_tasks || r->count == 0 || r->first >= r->nodes
        || r->count > r->nodes - r->first)
        mpi_die(EXIT_FAILURE_RUN, "rank %d reported nodes %zu+%zu of task %zu, "
                "which is not a part of the plan", from, r->first, r->count,
                r->index);
    if (s->sums == NULL
        && (s->sums = calloc(s->lg.num_tasks + 1, sizeof *s->sums)) == NULL)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    if ((sum = s->sums[r->index]) == NULL) {
        if ((sum = calloc(1, sizeof *sum)) == NULL
            || (sum->counts = calloc(s->H + 1, sizeof *sum->counts)) == NULL)
            mpi_die(EXIT_FAILURE_RUN, "out of memory");
        s->sums[r->index] = sum;
    }
    sum->nodes_done += r->count;
    if (sum->nodes_done > r->nodes)
        mpi_die(EXIT_FAILURE_RUN, "rank %d reported a node of task %zu twice",
                from, r->index);
    sum->regions += r->regions;
    for (k = 0; k < s->H; k++)
        sum->counts[k] += r->layer_counts[k];
    sum->stats.classifications += r->stats.classifications;
    sum->stats.cuts += r->stats.cuts;
    sum->stats.uncertain += r->stats.uncertain;
    sum->stats.lp_decisions += r->stats.lp_decisions;
    sum->stats.lp_calls += r->stats.lp_calls;
    sum->stats.exact_signs += r->stats.exact_signs;
    sum->stats.exact_decisions += r->stats.exact_decisions;
    sum->stats.exact_pieces += r->stats.exact_pieces;
    sum->seconds += r->seconds;
    if (sum->nodes_done == r->nodes) {
        rc_task_result whole = *r;
        whole.regions = sum->regions;
        whole.layer_counts = sum->counts;
        whole.stats = sum->stats;
        whole.seconds = sum->seconds;
        whole.first = 0;
        whole.count = r->nodes;
        server_add(s, &whole, extra, from);
        free(sum->counts);
        free(sum);
        s->sums[r->index] = NULL;
    }
}

/* The next task, or part of one, to hand out (under lock): *count 0 for
 * the whole task.  Whole tasks in order, until fewer than split_below
 * are left to hand out: the rest go node by node, so that the last large
 * ones are shared by the idle ranks instead of keeping one busy alone. */
static size_t
server_next(server *s, size_t *first, size_t *count)
{
    size_t i;

    *first = *count = 0;
    if (s->no_more)
        return RC_NO_TASK;
    if (s->split_task != RC_NO_TASK) {
        i = s->split_task;
        *first = s->split_next++;
        *count = 1;
        if (s->split_next == s->nodes[i])
            s->split_task = RC_NO_TASK;
        return i;
    }
    if ((i = cli_ledger_next(&s->lg)) == RC_NO_TASK)
        return i;
    s->handed++;
    if (s->nodes != NULL && s->todo_known && s->handed <= s->todo
        && s->todo - s->handed < s->split_below && s->nodes[i] > 1) {
        s->split_task = i;
        s->split_next = 1;
        *count = 1;
        s->tasks_split++;
        s->parts += s->nodes[i];
    }
    return i;
}

size_t
server_local_next(void *user, size_t num_tasks)
{
    server *s = user;
    size_t i, first, count;

    pthread_mutex_lock(&s->lock);
    server_plan(s, num_tasks, 0);
    i = server_next(s, &first, &count);
    pthread_mutex_unlock(&s->lock);
    if (count != 0)
        mpi_die(EXIT_FAILURE_RUN, "a part of task %zu for a whole-task run", i);
    return i;
}

size_t
server_local_next_part(void *user, size_t num_tasks, const size_t *nodes,
                       size_t *first, size_t *count)
{
    server *s = user;
    size_t i;

    pthread_mutex_lock(&s->lock);
    server_plan(s, num_tasks, 0);
    if (s->nodes == NULL) {
        if ((s->nodes = malloc((num_tasks + 1) * sizeof *s->nodes)) == NULL)
            mpi_die(EXIT_FAILURE_RUN, "out of memory");
        memcpy(s->nodes, nodes, num_tasks * sizeof *s->nodes);
    }
    i = server_next(s, first, count);
    if (i != RC_NO_TASK && *count == 0)
        *count = nodes[i] - *first;
    pthread_mutex_unlock(&s->lock);
    /* The workers are answered once the sizes of the tasks are known
     * here, so that the last ones can be split whoever asks first. */
    server_start(s);
    return i;
}

void
server_local_done(server *s, const rc_task_result *r, uint64_t extra)
{
    pthread_mutex_lock(&s->lock);
    server_add_part(s, r, extra, 0);
    pthread_mutex_unlock(&s->lock);
}

static void
count_local_done(void *user, const rc_task_result *r)
{
    server_local_done(user, r, 0);
}

/* One message of a worker: its results into the ledger; the answer to a
 * request. */
static void
serve_one(server *s, const uint64_t *m, size_t len, int from, int *last)
{
    size_t n, i, k, H = s->H, per = PER(H), v[CLI_NUM_STATS], first, count;
    uint64_t answer[ANSWER];
    rc_task_result r;

    if (len >= 1 && m[0] == KIND_REGIONS) {
        if (s->on_regions == NULL)
            mpi_die(EXIT_FAILURE_RUN, "rank %d sent regions to count", from);
        pthread_mutex_lock(&s->lock);
        s->on_regions(s->hook, m, len, s->lg.num_tasks, from);
        pthread_mutex_unlock(&s->lock);
        return;
    }
    if (len < HEAD || (m[0] != KIND_REQUEST && m[0] != KIND_LAST)
        || (len - HEAD) / per != m[2] || (len - HEAD) % per != 0)
        mpi_die(EXIT_FAILURE_RUN, "a message of %zu words from rank %d is not "
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
        r.first = (size_t)p[4];
        r.count = (size_t)p[5];
        r.nodes = (size_t)p[6];
        for (k = 0; k < H; k++)
            s->counts[k] = (size_t)p[7 + k];
        for (k = 0; k < CLI_NUM_STATS; k++)
            v[k] = (size_t)p[7 + H + k];
        cli_stats_set(&r.stats, v);
        r.layer_counts = s->counts;
        r.num_hidden = H;
        r.num_tasks = s->lg.num_tasks;
        server_add_part(s, &r, p[3], from);
    }
    if (m[0] == KIND_LAST) {
        if ((int)m[3] != RC_OK) {
            if (s->worst_status == RC_OK) {
                s->worst_status = (int)m[3];
                s->worst_reason = (rc_stop_reason)m[4];
            }
            if (s->stop_on_short)
                s->no_more = 1;
        }
        *last = 1;
        pthread_mutex_unlock(&s->lock);
        return;
    }
    i = server_next(s, &first, &count);
    pthread_mutex_unlock(&s->lock);
    answer[0] = i == RC_NO_TASK ? NONE : (uint64_t)i;
    answer[1] = first;
    answer[2] = count;
    MPI_Send(answer, ANSWER, MPI_UINT64_T, from, TAG_TASK, MPI_COMM_WORLD);
}

/* Answer the workers until every one has sent its last message.  Polls
 * (a blocking receive would spin a core in most MPI libraries, which rank
 * 0's engine needs). */
static void *
serve(void *user)
{
    server *s = user;
    int left = mpi_ranks - 1, flag, count;
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
            mpi_die(EXIT_FAILURE_RUN, "a bad message from rank %d",
                    stat.MPI_SOURCE);
        if ((size_t)count + 1 > cap) {
            cap = 2 * (size_t)count + 64;
            free(buf);
            if ((buf = malloc(cap * sizeof *buf)) == NULL)
                mpi_die(EXIT_FAILURE_RUN, "out of memory");
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

void
server_start(server *s)
{
    if (mpi_ranks > 1 && !s->started) {
        if (pthread_create(&s->thread, NULL, serve, s) != 0)
            mpi_die(EXIT_FAILURE_RUN, "cannot start the serving thread");
        s->started = 1;
    }
}

void
server_join(server *s)
{
    if (s->started)
        pthread_join(s->thread, NULL);
    s->started = 0;
}

/* ---- a worker ------------------------------------------------------------------- */

void
client_init(client *c)
{
    memset(c, 0, sizeof *c);
    pthread_mutex_init(&c->mpi, NULL);
}

void
client_clear(client *c)
{
    free(c->pending.w);
    c->pending.w = NULL;
    pthread_mutex_destroy(&c->mpi);
}

void
client_send(client *c, const uint64_t *m, size_t len)
{
    pthread_mutex_lock(&c->mpi);
    MPI_Send(m, (int)len, MPI_UINT64_T, 0, TAG_ASK, MPI_COMM_WORLD);
    pthread_mutex_unlock(&c->mpi);
}

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
    client_send(c, m.w, m.len);
    free(m.w);
    c->pending.len = 0;
    c->num_pending = 0;
}

/* Ask rank 0 for work: the answer's words. */
static void
client_ask(client *c, size_t num_tasks, uint64_t *answer)
{
    MPI_Request req;
    int flag = 0;

    c->num_tasks = num_tasks;
    send_words(c, KIND_REQUEST, RC_OK, RC_STOP_NONE);
    /* Polled, not a blocking receive, which would spin a core (that the
     * rank's other threads, or another rank, could use) while rank 0 is
     * busy; and would keep the region sink from sending. */
    pthread_mutex_lock(&c->mpi);
    MPI_Irecv(answer, ANSWER, MPI_UINT64_T, 0, TAG_TASK, MPI_COMM_WORLD, &req);
    pthread_mutex_unlock(&c->mpi);
    for (;;) {
        struct timespec t = {0, 20000};
        pthread_mutex_lock(&c->mpi);
        MPI_Test(&req, &flag, MPI_STATUS_IGNORE);
        pthread_mutex_unlock(&c->mpi);
        if (flag)
            break;
        nanosleep(&t, NULL);
    }
}

size_t
client_next(void *user, size_t num_tasks)
{
    uint64_t a[ANSWER];

    client_ask(user, num_tasks, a);
    if (a[0] != NONE && a[2] != 0)
        mpi_die(EXIT_FAILURE_RUN, "rank 0 handed out a part of task %llu "
                "for a whole-task run", (unsigned long long)a[0]);
    return a[0] == NONE ? RC_NO_TASK : (size_t)a[0];
}

size_t
client_next_part(void *user, size_t num_tasks, const size_t *nodes,
                 size_t *first, size_t *count)
{
    uint64_t a[ANSWER];

    client_ask(user, num_tasks, a);
    if (a[0] == NONE)
        return RC_NO_TASK;
    if (a[0] >= num_tasks || a[1] >= nodes[a[0]])
        mpi_die(EXIT_FAILURE_RUN, "rank 0 handed out node %llu of task %llu, "
                "which this rank's plan does not have", (unsigned long long)a[1],
                (unsigned long long)a[0]);
    *first = (size_t)a[1];
    *count = a[2] != 0 ? (size_t)a[2] : nodes[a[0]] - *first;
    return (size_t)a[0];
}

void
client_done(client *c, const rc_task_result *r, uint64_t extra)
{
    put_result(&c->pending, r, extra);
    c->num_pending++;
}

static void
count_client_done(void *user, const rc_task_result *r)
{
    client_done(user, r, 0);
}

void
client_last(client *c, int status, rc_stop_reason reason)
{
    send_words(c, KIND_LAST, status, reason);
}

/* ---- the run ------------------------------------------------------------------- */

rc_status
mpi_run(server *s, client *cl, cli_common *c, const rc_net *net,
        const rc_domain *dom, rc_region_fn fn, void *user,
        rc_enum_summary *whole, rc_error *err)
{
    rc_enum_summary sum;
    rc_status st;

    rc_enum_summary_init(&sum);
    if (mpi_rank != 0) {
        if (c->opts.next_task == NULL) {
            c->opts.next_part = client_next_part;
            c->opts.task_done = count_client_done;
            c->opts.task_user = cl;
        }
        st = rc_enumerate_each(net, dom, &c->opts, fn, user, &sum, err);
        if (st != RC_OK && st != RC_ERR_LIMIT && st != RC_ERR_STOPPED)
            mpi_die(EXIT_FAILURE_RUN, "%s", err->msg);
        client_last(cl, st, sum.stop_reason);
        rc_enum_summary_clear(&sum);
        return st;
    }
    if (c->opts.next_task == NULL) {
        /* The serving thread starts at the first next_part. */
        c->opts.next_part = server_local_next_part;
        c->opts.task_done = count_local_done;
        c->opts.task_user = s;
    } else {
        server_start(s);
    }
    st = rc_enumerate_each(net, dom, &c->opts, fn, user, &sum, err);
    server_start(s);     /* if the engine stopped before its plan */
    if (st != RC_OK && st != RC_ERR_LIMIT && st != RC_ERR_STOPPED)
        mpi_die(EXIT_FAILURE_RUN, "%s", err->msg);
    if (st != RC_OK && s->stop_on_short) {
        pthread_mutex_lock(&s->lock);
        s->no_more = 1;
        pthread_mutex_unlock(&s->lock);
    }
    server_join(s);
    if (cli_ledger_sync(&s->lg) != 0)
        mpi_die(EXIT_FAILURE_RUN, "the checkpoint cannot be synced");
    if (cli_ledger_summary(whole, &s->lg, &sum) != 0)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    if (!whole->complete && st == RC_OK && s->worst_status != RC_OK) {
        st = s->worst_status;
        whole->stop_reason = s->worst_reason;
        err->status = st;
        snprintf(err->msg, sizeof err->msg, "a rank stopped: %s",
                 rc_stop_reason_name(s->worst_reason));
    }
    rc_enum_summary_clear(&sum);
    return st;
}
