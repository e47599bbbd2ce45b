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
     * engine hands over bare patterns (counting needs no more), and
     * chebyshev and volume are ignored.  Default 1. */
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
} rc_enum_opts;

void rc_enum_opts_init(rc_enum_opts *opts);

/* The number of cores the enumeration can use (threads = 0). */
int rc_enum_threads_available(void);

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

/* What an enumeration found, beside its regions. */
typedef struct rc_enum_summary {
    size_t num_regions;
    size_t num_hidden;
    size_t *layer_counts;     /* |Theta_k| for k < num_hidden (owned) */
    int complete;             /* 0 when a limit or a stop cut it short */
    rc_stop_reason stop_reason;
    rc_enum_stats stats;
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
