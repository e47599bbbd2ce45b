/* mpi_job.h -- relucells-mpi's parts: the job (main.c), the task server
 * of rank 0 and the workers' client (serve.c), the commands (count.c,
 * enumerate.c) and the ordered assembly of the regions (gather.c).
 *
 * Messages to rank 0 are arrays of uint64 (tag TAG_ASK):
 *   REQUEST or LAST: kind, the sender's plan's number of tasks, results,
 *     status, stop reason, then per result: index, regions, seconds (the
 *     bits of a double), extra (enumerate --shards: the byte offset of the
 *     task's records in the sender's shard; else 0), the task's nodes that
 *     ran (first, count) and its number of nodes, the counts of the
 *     hidden layers, the 8 decision counters;
 *   REGIONS (enumerate): kind, task, place of the first record, records,
 *     bytes, the length of each record, then the bytes (records of a
 *     records writer, rc_write_opts.records) packed 8 to a word.
 * A worker sends the REGIONS of a task before the REQUEST or LAST that
 * reports it finished: the messages of one sender arrive in order.
 * Rank 0's answer (tag TAG_TASK) is a task index or NONE, the first node
 * to run and how many (0: all from the first: the whole task).  The bytes and
 * doubles are sent as they are in memory: the ranks of a job share one
 * byte order and one double format. */
#ifndef RC_MPI_JOB_H
#define RC_MPI_JOB_H

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#include "cli/checkpoint.h"
#include "cli/cli.h"

enum { TAG_ASK = 1, TAG_TASK = 2 };
enum { KIND_REQUEST = 1, KIND_LAST = 2, KIND_REGIONS = 3 };
#define NONE UINT64_MAX
#define HEAD 5                        /* words before the results */
#define PER(H) (7 + (H) + CLI_NUM_STATS)
#define ANSWER 3                      /* words of an answer */
#define REGIONS_HEAD 5                /* words before the lengths */

extern int mpi_rank, mpi_ranks;

/* A message, printed, and the job ended with status code (MPI_Abort). */
void mpi_die(int code, const char *fmt, ...);
double mpi_now(void);

/* Every rank's status agreed on: the largest. */
int mpi_agree(int rc);

/* Only rank 0 speaks about the options and the files, which are the same
 * on every rank: the others' stderr goes nowhere until mpi_speak, which
 * agrees on the status of the setup (the largest) and says so on a rank
 * that failed where rank 0 did not. */
int mpi_quiet(void);
int mpi_speak(int saved, int rc);

/* ---- words ---------------------------------------------------------------- */

typedef struct words {
    uint64_t *w;
    size_t len, cap;
} words;

void words_put(words *b, uint64_t v);
/* n bytes, 8 to a word (the last padded with zeros). */
void words_put_bytes(words *b, const char *p, size_t n);

/* ---- rank 0: the ledger and the serving thread ----------------------------- */

typedef struct server server;
/* What enumerate does with the messages: REGIONS, and each finished task
 * (with its extra word), under the server's lock. */
typedef void (*server_regions_fn)(void *hook, const uint64_t *m, size_t len,
                                  size_t num_tasks, int from);
typedef void (*server_done_fn)(void *hook, const rc_task_result *r,
                               uint64_t extra, int from);

struct server {
    cli_ledger lg;
    pthread_mutex_t lock;
    pthread_t thread;
    int started;
    double start;
    int worst_status;            /* of the workers' runs */
    rc_stop_reason worst_reason;
    /* Hand out no task once a rank stopped short (enumerate: the regions
     * cannot be written past a task that no rank finished). */
    int stop_on_short, no_more;
    size_t H;
    size_t *counts;              /* H: a result being read */
    /* Splitting (count): once fewer than split_below tasks are left to
     * hand out, the rest go out node by node (0: never).  nodes: each
     * task's number of nodes (from rank 0's plan; NULL until known);
     * todo: tasks to run when the plan came, handed: given out since;
     * the task being handed out node by node (RC_NO_TASK: none) and its
     * next node; the parts of split tasks, added up until each is whole. */
    size_t split_below;
    size_t *nodes;
    size_t todo, handed;
    int todo_known;
    size_t split_task, split_next;
    size_t tasks_split, parts;   /* how many, and their parts */
    struct split_sum **sums;
    server_regions_fn on_regions;
    server_done_fn on_done;
    void *hook;
};

/* The server of net's plan (ledger initialised, lock made); 0 or -1 (out of
 * memory, message printed). */
int server_init(server *s, const rc_net *net);
void server_clear(server *s);
/* Rank 0's engine: next_task (whole tasks, enumerate) or next_part
 * (count), and a finished task or part (with its extra word). */
size_t server_local_next(void *user, size_t num_tasks);
size_t server_local_next_part(void *user, size_t num_tasks, const size_t *nodes,
                              size_t *first, size_t *count);
void server_local_done(server *s, const rc_task_result *r, uint64_t extra);
/* The serving thread (when there are workers): start (once; later calls
 * do nothing), and wait until every worker has sent its last message. */
void server_start(server *s);
void server_join(server *s);

/* ---- a worker: asks rank 0 ------------------------------------------------- */

typedef struct client {
    pthread_mutex_t mpi;         /* one MPI call at a time */
    size_t num_tasks;
    words pending;               /* results not sent yet */
    size_t num_pending;
} client;

void client_init(client *c);
void client_clear(client *c);
size_t client_next(void *user, size_t num_tasks);
size_t client_next_part(void *user, size_t num_tasks, const size_t *nodes,
                        size_t *first, size_t *count);
void client_done(client *c, const rc_task_result *r, uint64_t extra);
/* A message of words to rank 0 (REGIONS). */
void client_send(client *c, const uint64_t *m, size_t len);
/* The last message: the results not sent yet and how the run ended. */
void client_last(client *c, int status, rc_stop_reason reason);

/* ---- the run ---------------------------------------------------------------- */

/* Run the engine on every rank, with the tasks from rank 0: on rank 0
 * (with the serving thread) opts' task functions are set to the server's
 * (next_part: tasks or parts of them) unless the caller set next_task,
 * elsewhere to the client's.  On rank 0 *whole
 * receives the whole job's summary and the status to report (a worker's
 * stop included); on the others the status of its run. */
rc_status mpi_run(server *s, client *cl, cli_common *c, const rc_net *net,
                  const rc_domain *dom, rc_region_fn fn, void *user,
                  rc_enum_summary *whole, rc_error *err);

/* ---- the commands ------------------------------------------------------------ */

int mpi_count(int argc, char **argv);
int mpi_enumerate(int argc, char **argv);
void mpi_help_count(FILE *f);
void mpi_help_enumerate(FILE *f);

/* ---- gather.c: the regions of the tasks, written in plan order ------------- */

typedef struct gather gather;
/* A gatherer writing through w (a plain writer: rc_writer_record), keeping
 * at most memory bytes of records that wait for earlier tasks in memory and
 * the rest in an unlinked temporary file in dir; NULL (out of memory). */
gather *gather_new(rc_writer *w, const char *dir, size_t memory);
void gather_free(gather *g);
/* A REGIONS message; a finished task and its number of regions.  A message
 * that does not fit ends the job. */
void gather_regions(gather *g, const uint64_t *m, size_t len, size_t num_tasks,
                    int from);
void gather_done(gather *g, size_t task, size_t regions, size_t num_tasks,
                 int from);
/* Regions written; bytes that waited in the temporary file. */
size_t gather_written(const gather *g);
size_t gather_spilled(const gather *g);

#endif
