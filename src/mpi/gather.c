/* gather.c -- the regions of the tasks, written in plan order with the ids
 * of the single-process run.
 *
 * The single-process enumeration numbers its regions 1, 2, ... task after
 * task in plan order, a task's regions in their order in it (every region
 * is made in a task: the top levels stop above the final pieces, and with
 * one hidden layer the root's pieces are the tasks' nodes).  So the region
 * at place k of task t has the id
 *     (regions of the tasks before t) + k + 1,
 * known once every earlier task is finished.  The head is the first task
 * not yet written: its records are written as they come (streamed), those
 * of later tasks wait, in memory up to a budget and beyond it in an
 * unlinked temporary file, until the head reaches them.  Everything here
 * runs under the server's lock. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpi/mpi_job.h"

/* A REGIONS message waiting for its task's turn: in memory, or at off in
 * the temporary file. */
typedef struct waiting {
    struct waiting *next;
    uint64_t *m;
    size_t len;                  /* words */
    off_t off;
} waiting;

typedef struct gtask {
    waiting *first, *last;
    size_t received;             /* records received */
    size_t regions;              /* once done */
    int done;
} gtask;

struct gather {
    rc_writer *w;
    gtask *t;
    size_t num_tasks;
    size_t head, written;
    size_t memory, used;
    const char *dir;
    int fd;                      /* the temporary file, or -1 */
    off_t end;
    size_t spilled;
};

gather *
gather_new(rc_writer *w, const char *dir, size_t memory)
{
    gather *g = calloc(1, sizeof *g);

    if (g == NULL)
        return NULL;
    g->w = w;
    g->dir = dir;
    g->memory = memory;
    g->fd = -1;
    return g;
}

void
gather_free(gather *g)
{
    size_t i;

    if (g == NULL)
        return;
    for (i = 0; g->t != NULL && i < g->num_tasks; i++) {
        waiting *q = g->t[i].first, *next;
        for (; q != NULL; q = next) {
            next = q->next;
            free(q->m);
            free(q);
        }
    }
    free(g->t);
    if (g->fd >= 0)
        close(g->fd);
    free(g);
}

size_t
gather_written(const gather *g)
{
    return g->written;
}

size_t
gather_spilled(const gather *g)
{
    return g->spilled;
}

static void
plan(gather *g, size_t num_tasks)
{
    if (g->t != NULL)
        return;
    if (num_tasks == 0)
        mpi_die(EXIT_FAILURE_RUN, "regions before the plan is known");
    g->t = calloc(num_tasks + 1, sizeof *g->t);
    if (g->t == NULL)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    g->num_tasks = num_tasks;
}

/* Write the records of a REGIONS message m (checked) under their ids. */
static void
write_records(gather *g, const uint64_t *m)
{
    size_t count = (size_t)m[3], i;
    const uint64_t *lens = m + REGIONS_HEAD;
    const char *p = (const char *)(lens + count);
    rc_error err;

    for (i = 0; i < count; i++) {
        if (rc_writer_record(g->w, p, (size_t)lens[i], g->written + 1, &err)
            != RC_OK)
            mpi_die(EXIT_FAILURE_RUN, "%s", err.msg);
        g->written++;
        p += lens[i];
    }
}

static void
spill_write(gather *g, waiting *q)
{
    size_t n = q->len * sizeof *q->m, off = 0;

    if (g->fd < 0) {
        size_t len = strlen(g->dir) + 32;
        char *path = malloc(len);
        if (path == NULL)
            mpi_die(EXIT_FAILURE_RUN, "out of memory");
        snprintf(path, len, "%s/.relucells-mpi-XXXXXX", g->dir);
        g->fd = mkstemp(path);
        if (g->fd < 0)
            mpi_die(EXIT_FAILURE_RUN, "cannot make a temporary file in %s for "
                    "the regions that wait for earlier tasks: %s", g->dir,
                    strerror(errno));
        unlink(path);    /* gone with the process, however it ends */
        free(path);
    }
    while (off < n) {
        ssize_t k = pwrite(g->fd, (const char *)q->m + off, n - off, g->end + (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            mpi_die(EXIT_FAILURE_RUN, "cannot write the temporary file of the "
                    "regions that wait for earlier tasks (in %s): %s", g->dir,
                    strerror(errno));
        off += (size_t)k;
    }
    q->off = g->end;
    g->end += (off_t)n;
    g->spilled += n;
    free(q->m);
    q->m = NULL;
}

static void
spill_read(gather *g, waiting *q)
{
    size_t n = q->len * sizeof *q->m, off = 0;

    if ((q->m = malloc(n + 8)) == NULL)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    while (off < n) {
        ssize_t k = pread(g->fd, (char *)q->m + off, n - off, q->off + (off_t)off);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            mpi_die(EXIT_FAILURE_RUN, "cannot read the temporary file of the "
                    "regions that wait for earlier tasks: %s",
                    k < 0 ? strerror(errno) : "it is short");
        off += (size_t)k;
    }
}

/* Write what waits for the head, and move the head past every finished
 * task. */
static void
advance(gather *g)
{
    while (g->head < g->num_tasks) {
        gtask *t = &g->t[g->head];
        waiting *q;
        while ((q = t->first) != NULL) {
            t->first = q->next;
            if (q->m == NULL)
                spill_read(g, q);
            else
                g->used -= q->len * sizeof *q->m;
            write_records(g, q->m);
            free(q->m);
            free(q);
        }
        t->last = NULL;
        if (!t->done)
            break;
        g->head++;
    }
}

void
gather_regions(gather *g, const uint64_t *m, size_t len, size_t num_tasks,
               int from)
{
    size_t task, place, count, bytes, i, sum = 0;
    gtask *t;
    waiting *q;

    plan(g, num_tasks);
    if (len < REGIONS_HEAD)
        mpi_die(EXIT_FAILURE_RUN, "a short message of regions from rank %d", from);
    task = (size_t)m[1];
    place = (size_t)m[2];
    count = (size_t)m[3];
    bytes = (size_t)m[4];
    if (count > len - REGIONS_HEAD
        || len - REGIONS_HEAD - count != (bytes + 7) / 8)
        mpi_die(EXIT_FAILURE_RUN, "a message of regions from rank %d does not "
                "add up", from);
    for (i = 0; i < count; i++)
        sum += (size_t)m[REGIONS_HEAD + i];
    if (sum != bytes || task >= g->num_tasks)
        mpi_die(EXIT_FAILURE_RUN, "a message of regions from rank %d does not "
                "add up (task %zu of %zu)", from, task, g->num_tasks);
    t = &g->t[task];
    if (t->done || place != t->received)
        mpi_die(EXIT_FAILURE_RUN, "rank %d sent the regions of task %zu from "
                "place %zu, expected %zu", from, task, place, t->received);
    t->received += count;
    if (task == g->head) {
        write_records(g, m);
        return;
    }
    if ((q = calloc(1, sizeof *q)) == NULL
        || (q->m = malloc(len * sizeof *m + 8)) == NULL)
        mpi_die(EXIT_FAILURE_RUN, "out of memory");
    memcpy(q->m, m, len * sizeof *m);
    q->len = len;
    if (g->used + len * sizeof *m > g->memory)
        spill_write(g, q);
    else
        g->used += len * sizeof *m;
    if (t->last != NULL)
        t->last->next = q;
    else
        t->first = q;
    t->last = q;
}

void
gather_done(gather *g, size_t task, size_t regions, size_t num_tasks, int from)
{
    gtask *t;

    plan(g, num_tasks);
    t = &g->t[task];
    if (t->received != regions)
        mpi_die(EXIT_FAILURE_RUN, "rank %d finished task %zu with %zu regions "
                "but sent %zu", from, task, regions, t->received);
    t->done = 1;
    t->regions = regions;
    advance(g);
}
