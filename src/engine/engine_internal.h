/* engine_internal.h -- the engine's state, shared by its files; internal.
 *
 * refine.c walks the layer tree (the top levels, the tasks, the ordered
 * hand-over of regions to the sink); node.c cuts one node of the tree into
 * its ordered children and looks at the limits while it does; descent.c
 * walks single paths down the same tree for the estimator.  All three work
 * on the engine and worker structures below. */
#ifndef RC_ENGINE_INTERNAL_H
#define RC_ENGINE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "engine/engine.h"
#include "kernel/kernel.h"

/* Tasks are made at the first level of the tree with this many nodes. */
#define SPLIT_NODES 4096
/* Siblings per task.  A node's subtree can hold a few percent of the
 * tree, and the largest task bounds the speed-up of any number of workers
 * or ranks (docs/scaling.md, the 3D ACAS Xu slice: 21 with runs of 128,
 * 39 with runs of 16); shorter runs would multiply the requests to
 * relucells-mpi's rank 0, and the kernel's cheap updates between siblings
 * that a new task starts without measured no faster. */
#define CHUNK 16
/* Finished regions a worker may keep waiting for earlier tasks before it
 * waits itself. */
#define BUFFER_REGIONS 16384
/* Classifications between two looks at the clock and the limits. */
#define CHECK_EVERY 64
/* A node cut in parallel is cut on one thread until it has this many
 * pieces (a number of its own, not of the threads, so that the pieces are
 * made the same way for any number of threads), then piece by piece. */
#define TOP_PIECES 32
/* The share of the whole tree that the root stands for (progress). */
#define ROOT_WEIGHT (UINT64_C(1) << 62)

/* ---- locks (none without OpenMP) ----------------------------------------- */

#ifdef _OPENMP
typedef omp_lock_t lock_t;
#define lock_init(l) omp_init_lock(l)
#define lock_destroy(l) omp_destroy_lock(l)
#define lock_take(l) omp_set_lock(l)
#define lock_try(l) omp_test_lock(l)
#define lock_give(l) omp_unset_lock(l)
#define thread_index() ((size_t)omp_get_thread_num())
#else
typedef int lock_t;
#define lock_init(l) ((void)(l))
#define lock_destroy(l) ((void)(l))
#define lock_take(l) ((void)(l))
#define lock_try(l) ((void)(l), 1)
#define lock_give(l) ((void)(l))
#define thread_index() ((size_t)0)
#endif

#define LOAD(x) __atomic_load_n(&(x), __ATOMIC_ACQUIRE)
#define STORE(x, v) __atomic_store_n(&(x), (v), __ATOMIC_RELEASE)
#define ADD(x, v) __atomic_add_fetch(&(x), (v), __ATOMIC_ACQ_REL)

static inline double
seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static inline void
pause_briefly(void)
{
    struct timespec t = {0, 200000};

    nanosleep(&t, NULL);
}

/* ---- the engine's state -------------------------------------------------- */

/* A piece under refinement: its polyhedron, its configuration so far, the
 * post-activations of the last refined layer on it, the hash of the cuts
 * that made it within its node, and its share of the tree. */
typedef struct cell {
    void *piece;
    unsigned char *pattern;
    void *map;
    uint64_t path;
    uint64_t weight;
} cell;

typedef struct cell_list {
    cell *items;
    size_t len, cap;
} cell_list;

/* A node of the level where tasks are made: a region of Theta_layer
 * (layer + 1 == L: a final piece). */
typedef struct node {
    cell c;
    size_t layer;
    uint64_t id;
} node;

/* A task of the plan: a run of siblings, in order. */
typedef struct task {
    node *nodes;
    size_t len;
    int taken;                /* given a slot (opts->next_task) */
} task;

/* What a worker runs at once: a task, or a part of one (opts->next_part):
 * nodes first .. first + len - 1 of task t.  A part started past the
 * task's first node replays the kernel's compositions of the nodes
 * before it (engine.replay), so that it computes what the whole task
 * would have. */
typedef struct unit {
    task *t;
    size_t first, len;
    rc_region **out;          /* finished regions waiting for their turn */
    size_t out_len, out_cap;
    int done;
    /* What it found, once refined to the end (ok): for task_done. */
    int ok;
    size_t regions;
    size_t *counts;
    rc_enum_stats stats;
    double seconds;
} unit;

/* A worker's state, on cache lines of its own (workers count their
 * regions and progress for themselves: shared counters would make the
 * cores fight over one line). */
typedef struct worker {
    _Alignas(64) rc_kernel_ws *ws;
    rc_error err;
    rc_stop_reason reason;    /* with a stopping status */
    unit *unit;               /* NULL: regions go to the sink directly */
    size_t index;             /* the unit's slot (its turn at the sink) */
    size_t *counts;           /* pieces made per layer in the unit */
    size_t task_found;        /* regions made in the unit */
    unsigned ticks;
    size_t found;             /* regions finished (read by progress) */
    uint64_t done_weight;     /* their share of the tree */
    /* While one node's pieces are cut by all workers: the number of its
     * pieces on all of them (else NULL), for max_regions. */
    size_t *node_pieces;
} worker;

typedef struct engine {
    const rc_kernel_ops *ops;
    void *ctx;
    const rc_net *net;
    const rc_enum_opts *opts;
    size_t L, dim, outputs, pattern_length;
    size_t *offset;              /* pattern offset of each hidden layer */
    rc_region_sink sink;
    void *user;
    size_t *layer_counts;        /* added to atomically */
    size_t threads;
    worker *workers;
    /* Tasks and their ordered hand-over (head: the oldest unfinished);
     * the counters that change often have cache lines of their own. */
    task *tasks;
    size_t ntasks;
    size_t *task_nodes;          /* each task's number of nodes */
    node *level;                 /* the level's nodes, tasks in order */
    size_t nnodes;
    unsigned char *given;        /* per node: in a unit (opts->next_part) */
    void **replay;               /* per node: a copy of its map, for parts
                                  * (NULL: nothing to replay) */
    unit *units;                 /* as handed over */
    unit **slots;                /* slot s: the unit handed over s-th */
    size_t nslots, tasks_run;
    int no_more;                 /* next_task said RC_NO_TASK */
    size_t *top_counts;          /* layer_counts after the top levels */
    rc_enum_stats top_stats;
    _Alignas(64) size_t next_task;
    _Alignas(64) size_t head;
    _Alignas(64) size_t buffered;
    _Alignas(64) int halt;       /* read at every classification */
    lock_t sink_lock, progress_lock, task_lock;
    size_t regions;              /* handed to the sink */
    int sink_failed;
    /* The first failure or stop: later ones are its echoes. */
    rc_status status;
    rc_stop_reason reason;
    rc_error *err;
    /* Time and progress. */
    double start, deadline, next_progress;
} engine;

/* splitmix64: identifiers of nodes and cuts from their place in the tree. */
static inline uint64_t
mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static inline const rc_kernel_ops *
kernel_of(rc_arithmetic a)
{
    return a == RC_ARITH_EXACT ? &rc_kernel_exact
           : a == RC_ARITH_FLOAT ? &rc_kernel_float : &rc_kernel_filtered;
}

/* ---- node.c, for the engine's other files -------------------------------- */

/* Free a cell's contents; a list's cells and the list. */
void rc_cell_clear(const engine *e, cell *c);
void rc_cell_list_clear(const engine *e, cell_list *l);
/* Append c (RC_ERR_NOMEM when the list cannot grow). */
rc_status rc_cell_list_push(cell_list *l, cell c);
/* Record the first failure or stop of the run (later ones are its echoes)
 * and tell every worker to halt; returns st. */
rc_status rc_engine_fail(engine *e, worker *w, rc_status st);
/* A stop of worker w: status st for the given reason and message. */
rc_status rc_engine_stop_with(worker *w, rc_status st, rc_stop_reason reason,
                              const char *msg);
/* One step (a classification, a region made) of worker w at depth l, with
 * pending pieces of layer l not yet counted: every CHECK_EVERY steps the
 * limits, the stop flag and the progress are looked at. */
rc_status rc_engine_tick(engine *e, worker *w, size_t l, size_t pending);
/* The pieces of node nd (depth l) into children, ordered by their bits of
 * layer l, with their maps and weights; nd's contents are consumed.
 * parallel: cut the pieces on all threads once there are enough. */
rc_status rc_make_children(engine *e, worker *w, cell *nd, size_t l,
                           uint64_t node_id, cell_list *children,
                           int parallel);

#endif
