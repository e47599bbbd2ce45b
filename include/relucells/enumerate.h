/* relucells/enumerate.h -- enumerating the linear regions of a network.
 *
 * The engine refines the domain layer by layer (Heinecke & Hwang,
 * Prop. 3): Theta_k, the regions after hidden layer k, comes from cutting
 * every region of Theta_{k-1} by the N_k hyperplanes of layer k, whose
 * affine functions are fixed on that region.  A piece is a region only if
 * it has interior.  The layer tree is walked depth first, so memory is
 * bounded by its depth, not by the number of regions; each finished
 * region is handed to a callback (a sink) in an order that does not
 * depend on the number of threads, with ids 1, 2, ... in that order.
 * rc_enumerate keeps them all in a partition (partition.h). */
#ifndef RELUCELLS_ENUMERATE_H
#define RELUCELLS_ENUMERATE_H

#include <stddef.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/region.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* How the signs that decide the regions are computed. */
typedef enum rc_arithmetic {
    /* Double precision with a proven error bound on every sign; a sign
     * the bound cannot decide is computed exactly from the network's
     * exact numbers.  The regions are exactly those of RC_ARITH_EXACT, at
     * about the cost of floating point.  The default. */
    RC_ARITH_FILTERED = 0,
    /* Plain double precision with the tolerances eps and lp_margin: the
     * fastest, but a close call can be decided wrongly; such calls are
     * counted (rc_enum_stats.uncertain). */
    RC_ARITH_FLOAT = 1,
    /* Exact rationals throughout (GMP); every number of the result is
     * also given exactly (exact.h). */
    RC_ARITH_EXACT = 2
} rc_arithmetic;

/* What an enumeration in progress has done (rc_enum_opts.progress). */
typedef struct rc_progress {
    size_t regions;      /* regions finished so far */
    size_t depth;        /* the layer a worker was refining (1-based) */
    double elapsed;      /* seconds since the start */
    double fraction;     /* estimated share of the work done, 0 to 1: the
                            share of the layer tree (each node splitting
                            its parent's share evenly) already finished */
    int finished;        /* 1 in the last report, made when the run ends
                            (complete or not) */
} rc_progress;

typedef void (*rc_progress_fn)(void *user, const rc_progress *p);

/* Why an enumeration stopped short. */
typedef enum rc_stop_reason {
    RC_STOP_NONE = 0,        /* it did not (or it failed) */
    RC_STOP_MAX_REGIONS,     /* max_regions (RC_ERR_LIMIT) */
    RC_STOP_TIME,            /* time_limit (RC_ERR_LIMIT) */
    RC_STOP_REQUEST,         /* *stop became nonzero (RC_ERR_STOPPED) */
    RC_STOP_CALLBACK         /* the region callback asked (RC_ERR_STOPPED) */
} rc_stop_reason;

/* "max-regions", "time limit", "interrupted", ... (static text). */
const char *rc_stop_reason_name(rc_stop_reason r);

/* Tasks.  The engine plans its work before it starts: it makes the top
 * levels of the layer tree (down to the first level with a few thousand
 * nodes) and cuts that level into tasks, short runs of sibling nodes
 * numbered 0 .. num_tasks-1 in the tree's order.  The plan depends on the network,
 * the domain, the arithmetic and its tolerances only: not on the number of
 * threads, nor on the limits.  A caller may run any subset of the tasks
 * (rc_enum_opts.next_task) and learn what each one contributed
 * (rc_enum_opts.task_done): the counts of disjoint subsets add up exactly
 * to those of the whole run (rc_enum_summary.top_counts).  This is how a
 * run is checkpointed, or spread over several processes.  A task can also
 * be run in parts, runs of its nodes (rc_enum_opts.next_part), so that a
 * large one can be shared out when little work is left: the parts of a
 * task add up to it, and each computes exactly what it would have within
 * the whole task (the engine replays what the task's earlier nodes leave
 * behind), so the regions and every number in them are the same. */

/* No task (rc_next_task_fn: no more tasks to run). */
#define RC_NO_TASK ((size_t)-1)

/* Counters of the decisions an enumeration made. */
typedef struct rc_enum_stats {
    size_t classifications;   /* (piece, hyperplane) sign tests */
    size_t cuts;              /* hyperplanes that cut a piece */
    size_t uncertain;         /* float: decisions closer than lp_margin */
    size_t lp_decisions;      /* float: of the cuts among those, how many the
                                 Chebyshev LPs reversed */
    size_t lp_calls;          /* LPs solved (GLPK, or cddlib when exact) */
    size_t exact_signs;       /* exact: signs the float filter left to GMP */
    size_t exact_decisions;   /* filtered: decisions made exactly */
    size_t exact_pieces;      /* filtered: pieces rebuilt exactly for them */
} rc_enum_stats;

/* What one task contributed (rc_enum_opts.task_done). */
typedef struct rc_task_result {
    size_t index;             /* 0 .. num_tasks-1 */
    size_t num_tasks;         /* in the plan */
    size_t regions;           /* the regions it made */
    size_t num_hidden;
    /* For each hidden layer k < num_hidden, the regions of Theta_k the
     * task made (0 for the layers of the top levels); valid during the
     * call. */
    const size_t *layer_counts;
    rc_enum_stats stats;      /* the decisions it made */
    double seconds;           /* wall-clock time of its worker on it */
    /* The task's nodes it ran (count of them from first) and how many the
     * task has: all of them (first 0, count nodes) unless next_part chose
     * a part of the task. */
    size_t first, count, nodes;
} rc_task_result;

/* Called by an idle worker for its next task, one call at a time (never
 * at once with another next_task or task_done): return the index of a
 * task not run yet in this enumeration, or RC_NO_TASK.  Once it has
 * returned RC_NO_TASK it is not called again.  num_tasks is the plan's. */
typedef size_t (*rc_next_task_fn)(void *user, size_t num_tasks);
/* Called when a task is finished and all its regions have been handed to
 * the region callback; one call at a time as next_task.  Not called for a
 * task that a limit, a stop or a failure cut short. */
typedef void (*rc_task_done_fn)(void *user, const rc_task_result *r);
/* Like rc_next_task_fn, for a part of a task: return task i and set
 * *first and *count to run its nodes first .. first + count - 1 (of
 * nodes[i], the size of each task of the plan); no node may be chosen
 * twice in one enumeration.  Or RC_NO_TASK. */
typedef size_t (*rc_next_part_fn)(void *user, size_t num_tasks,
                                  const size_t *nodes, size_t *first,
                                  size_t *count);

/* Options of the enumeration; rc_enum_opts_init sets every default. */
typedef struct rc_enum_opts {
    rc_arithmetic arithmetic;
    /* RC_ARITH_FLOAT: a generator within eps of a hyperplane lies on it
     * (internal units: a box domain is scaled to [-1,1]^n). 1e-9. */
    double eps;
    /* RC_ARITH_FLOAT: a decision closer than lp_margin is uncertain; a
     * cut that shallow is re-decided by the Chebyshev LPs of both pieces.
     * 1e-7. */
    double lp_margin;
    /* RC_ARITH_FILTERED: a sign is decided in double only when the value
     * exceeds both its proven error bound and filter_margin (internal
     * units); others are decided exactly.  A safety floor; 2^-40. */
    double filter_margin;
    /* Stop with RC_ERR_LIMIT once more than max_regions regions exist
     * after some layer. 0: no limit. */
    size_t max_regions;
    /* What a region holds beyond its pattern and id: with geometry 0 the
     * engine hands over bare patterns (counting needs no more; the last
     * layer's pieces are then made only where a later cut needs them),
     * and chebyshev and volume are ignored.  Default 1. */
    int geometry;
    /* Compute per region an interior point and the Chebyshev ball (an LP
     * per region), and the volume. */
    int chebyshev;
    int volume;
    /* RC_ARITH_EXACT: solve each region's interior-margin LP exactly with
     * cddlib (the optimal margin, see exact.h). Slower. Default 0. */
    int certify_lp;
    /* When not NULL, the enumeration stops (RC_ERR_STOPPED, partial
     * result) soon after *stop becomes nonzero: set it from a signal
     * handler or another thread. */
    const volatile int *stop;
    /* Worker threads: 1 (the default), up to 256, or 0 for one per core
     * (rc_enum_threads_available).  The regions, their order, ids and
     * every number in them are the same for any count. */
    int threads;
    /* Stop with RC_ERR_LIMIT (partial result) after this many seconds,
     * within a small fraction of a second. 0: no limit. */
    double time_limit;
    /* When not NULL, called every progress_interval seconds (default
     * 0.25) during the enumeration and once at its end (finished = 1, also
     * after a failure or a stop), from one thread at a time (not
     * necessarily the caller's). */
    rc_progress_fn progress;
    void *progress_user;
    double progress_interval;
    /* Tasks (see above).  next_task NULL (the default): every task, in
     * order.  Otherwise only the tasks it returns, in the order it returns
     * them: the regions come task after task in that order, numbered 1, 2,
     * ... in it (rc_region_task gives a region's place in the plan, which
     * is the same in every run).  task_done (may be NULL) reports each
     * task finished; both get task_user. */
    rc_next_task_fn next_task;
    rc_task_done_fn task_done;
    void *task_user;
    /* Parts of tasks (see above): when not NULL, used instead of
     * next_task, with the same task_done (reporting each part) and
     * task_user.  The regions come part after part in the order given;
     * rc_region_task's place counts from the part's first region. */
    rc_next_part_fn next_part;
} rc_enum_opts;

void rc_enum_opts_init(rc_enum_opts *opts);

/* The number of cores the enumeration can use (threads = 0). */
int rc_enum_threads_available(void);

/* What an enumeration found, beside its regions. */
typedef struct rc_enum_summary {
    size_t num_regions;
    size_t num_hidden;
    size_t *layer_counts;     /* |Theta_k| for k < num_hidden (owned) */
    int complete;             /* 0 when a limit or a stop cut it short */
    rc_stop_reason stop_reason;
    rc_enum_stats stats;
    /* The plan: its number of tasks and how many ran here to the end
     * (task_done); top_counts (owned): the regions of each Theta_k made
     * by the top levels, and top_stats their decisions.  The counts of
     * the whole enumeration are top_counts plus the layer_counts of every
     * task's rc_task_result, and num_regions the sum of their regions;
     * layer_counts and stats here are those of this run (the top levels
     * and the tasks it ran). */
    size_t num_tasks;
    size_t tasks_run;
    size_t *top_counts;
    rc_enum_stats top_stats;
} rc_enum_summary;

void rc_enum_summary_init(rc_enum_summary *s);
void rc_enum_summary_clear(rc_enum_summary *s);

/* Called with each finished region, in order, from one thread at a time
 * (with threads > 1 not necessarily the caller's); r lives until the call
 * returns.  Return 0 to go on, anything else to stop the enumeration
 * (it then returns RC_ERR_STOPPED). */
typedef int (*rc_region_fn)(void *user, const rc_region *r);

/* Enumerate the regions of net on dom, handing each to fn.  summary (may
 * be NULL) receives the counts.  On RC_ERR_LIMIT or RC_ERR_STOPPED the
 * regions handed over so far are complete and correct, and the summary
 * says complete = 0. */
rc_status rc_enumerate_each(const rc_net *net, const rc_domain *dom,
                            const rc_enum_opts *opts, rc_region_fn fn,
                            void *user, rc_enum_summary *summary,
                            rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
