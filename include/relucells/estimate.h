/* relucells/estimate.h -- how many regions, and how long to enumerate
 * them, without enumerating.
 *
 * The engine refines the domain layer by layer (enumerate.h): in its layer
 * tree the root is the domain, the children of a node of depth l are the
 * pieces the hyperplanes of hidden layer l+1 cut it into, and the nodes of
 * depth k are the regions after hidden layer k.  Knuth's estimator of the
 * size of a search tree (Knuth 1975, "Estimating the efficiency of
 * backtrack programs") walks one random path from the root: at depth l it
 * makes the node's c_l children, picks one uniformly, and goes on.  With
 * W_0 = 1 and W_{l+1} = W_l c_l, W_k is an unbiased estimate of the number
 * of nodes of depth k (a node of depth k is reached with probability
 * 1 / W_k), and sum_l W_l t_l of the total cost when t_l is the cost of
 * the node met at depth l.  Purdom's partial backtracking (Purdom 1978,
 * "Tree size by partial backtracking") follows m of the c_l children
 * instead, drawn without replacement, each with weight W_l c_l / m: still
 * unbiased, and much less skewed on deep trees.  A descent here walks up
 * to opts.paths paths to the leaves, following min(c_l, budget) children
 * at each node and sharing its budget out among them (paths = 1 is
 * Knuth's estimator).
 *
 * The root's children are made once and shared out among the descents
 * (they can be the costliest node by far: half a million pieces on the 5D
 * ACAS Xu box), each descent starting from another one, drawn without
 * replacement, as long as there are; then again.  Each descent's first
 * child is still uniform, so the estimate stays unbiased.  With fewer
 * descents than children (samples < c_0) the root is followed like any
 * node: min(c_0, samples paths) of its children are drawn and each descent
 * takes its share of them (samples-th), with its paths spread over them.
 * When every child of the root starts two descents or more (samples >= 2
 * c_0) the descents are strata by that child and the interval comes from
 * the spread within the strata; when the descents took every child once,
 * from the spread left once the known count of layer 2 is accounted for
 * (the ratio estimator's variance); otherwise from the spread of all
 * descents (a little wide when they see most of the children).  The
 * interval is the normal 95% one, estimate +- 1.96 sd of the estimate.
 * It is exact for the first hidden layer (and for the second one with
 * strata or every child taken), and honest only when the samples see the
 * tree's rare bushy parts: heavy tails make it too narrow (more samples
 * or paths help), never biased. */
#ifndef RELUCELLS_ESTIMATE_H
#define RELUCELLS_ESTIMATE_H

#include <stddef.h>

#include "relucells/domain.h"
#include "relucells/enumerate.h"
#include "relucells/net.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_estimate_opts {
    /* Descents (each paths root-to-leaf paths): at least 2.  1000. */
    size_t samples;
    /* Descent k draws its choices from a generator seeded by (seed, k),
     * so the estimate depends on the seed alone, not on the number of
     * threads.  1. */
    unsigned long seed;
    /* Paths to the leaves per descent, at most (partial backtracking;
     * 1: Knuth's single paths): 1 to RC_ESTIMATE_MAX_PATHS.  16. */
    size_t paths;
} rc_estimate_opts;

#define RC_ESTIMATE_MAX_PATHS 65536

void rc_estimate_opts_init(rc_estimate_opts *opts);

/* An estimate and its 95% interval (low >= 1 for counts, >= 0 for
 * seconds). */
typedef struct rc_estimate_value {
    double estimate, low, high;
} rc_estimate_value;

typedef struct rc_estimate {
    size_t num_hidden;
    /* Regions after hidden layer k + 1, k < num_hidden (owned); layer 1 is
     * exact (zero width). */
    rc_estimate_value *layers;
    /* Regions of the network: layers[num_hidden - 1] (1 without hidden
     * layers). */
    rc_estimate_value regions;
    /* CPU seconds of the whole enumeration on one thread with the same
     * options (on an idle core, the wall-clock time of a one-thread run;
     * the regions' geometry counts only when opts->geometry), from the
     * CPU time each node of the descents took.  Reading the network and
     * writing the regions are not included. */
    rc_estimate_value seconds;
    /* Per depth l <= num_hidden: the mean CPU seconds of a node of depth
     * l, making its children (l < num_hidden) or completing its region (l
     * = num_hidden), the descents' nodes weighted as the estimator weighs
     * them (owned).  seconds is about sum_l layers[l-1] node_seconds[l]. */
    double *node_seconds;
    size_t samples, paths;
    unsigned long seed;
    /* The largest number of children a node of the descents had. */
    size_t max_children;
    /* The largest share of regions.estimate that one descent makes (0 to
     * 1).  Knuth's estimator is skewed: a few descents through bushy parts
     * of the tree carry much of the estimate.  A large share (more than a
     * few percent) says those parts are seen too rarely: the estimate is
     * then more likely too low than too high, the interval too narrow,
     * and more samples are needed. */
    double largest_share;
    /* Wall-clock seconds the estimate took. */
    double elapsed;
} rc_estimate;

void rc_estimate_init(rc_estimate *est);
void rc_estimate_clear(rc_estimate *est);

/* Estimate the regions of net on dom and the cost of enumerating them with
 * opts (NULL: defaults; opts->threads descents run at once, which changes
 * no count; stop is honoured; max_regions, time_limit and progress are
 * ignored).  eopts NULL: defaults.  est must be initialised; it is
 * replaced.  RC_ERR_ARG for fewer than 2 samples. */
rc_status rc_estimate_compute(rc_estimate *est, const rc_net *net,
                              const rc_domain *dom, const rc_enum_opts *opts,
                              const rc_estimate_opts *eopts, rc_error *err);

#ifdef __cplusplus
}
#endif
#endif
