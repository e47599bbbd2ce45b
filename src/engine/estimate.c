/* estimate.c -- Knuth's estimator of the engine's layer tree, with
 * Purdom's partial backtracking.
 *
 * One descent starts at the root with W = 1; at a node of depth l and
 * weight W it makes the node's c children, adds W c to its estimate of
 * the regions after layer l + 1 and W t to its estimate of the cost, t
 * being the CPU time the node took, then follows m children drawn
 * uniformly without replacement, each with weight W c / m.  A node of
 * depth k is then reached with probability 1 / W, so each sum is an
 * unbiased estimate (Knuth 1975 for m = 1, Purdom 1978 for m > 1); the
 * mean of N descents is reported with the normal interval mean +- 1.96
 * sd / sqrt(N).
 *
 * m is min(c, b) for a budget of b paths to the leaves, P at the first
 * node (opts->paths), shared out evenly among the children followed: a
 * descent walks P paths at most, spread as wide as the tree allows near
 * its top.  Knuth's single paths (P = 1) make a skewed estimate on deep
 * trees: most paths miss the bushy parts that carry the mean, so it is
 * usually low and its sample sd too small.  Several children per node
 * sample the subtrees without replacement, which lowers the skew: on the
 * 3D ACAS Xu slice the intervals hold the count more often at the same
 * CPU time, with about the same spread (docs/scaling.md, measured by
 * bench/estimator.py).
 *
 * The root's children are the same for every descent and can be the
 * costliest node by far (the 5D ACAS Xu box: half a million pieces), so
 * they are made once (descent.h) and shared out: the descents draw their
 * first child without replacement, c_0 descents per making of the root
 * (a round).  Each descent's first child is still uniform, so each
 * descent stays unbiased; within a round they are negatively correlated,
 * which makes the variance of the mean smaller than the interval assumes
 * (the interval errs on the wide side).  With fewer descents than
 * children, one round: each descent takes several (round_of), and when
 * they take them all the interval is the ratio estimator's (interval).
 * The root's cost is counted once per descent, as Knuth's estimator
 * counts it.
 *
 * Round r draws its children from xoshiro256** seeded by (seed, r),
 * descent k its later choices from one seeded by (seed, k); a descent
 * starts with the kernel's memory wiped and the sums run in the order of
 * k, so the counts are the same for any number of threads. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#define thread_index() ((size_t)omp_get_thread_num())
#else
#define thread_index() ((size_t)0)
#endif

#include "base/error_internal.h"
#include "base/limits.h"
#include "base/random.h"
#include "engine/descent.h"
#include "model/net_internal.h"
#include "model/view.h"
#include "relucells/estimate.h"

/* The normal quantile of a two-sided 95% interval. */
#define Z95 1.959963984540054

void
rc_estimate_opts_init(rc_estimate_opts *opts)
{
    opts->samples = 1000;
    opts->seed = 1;
    opts->paths = 16;
}

void
rc_estimate_init(rc_estimate *est)
{
    memset(est, 0, sizeof *est);
}

void
rc_estimate_clear(rc_estimate *est)
{
    free(est->layers);
    free(est->node_seconds);
    memset(est, 0, sizeof *est);
}

static double
wall_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the calling thread: other work on the machine does not
 * inflate it. */
static double
cpu_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU time of the whole process: the root's children are made on every
 * thread. */
static double
process_seconds(void)
{
    struct timespec t;

    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* splitmix64, to give descent k a seed of its own. */
static uint64_t
mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/* What descent k found: counts[l] = W_{l+1} (regions after layer l + 1),
 * cost[l] = W_l t_l (the node of depth l, the leaf's at l = hidden),
 * weight[l] = W_l; children, the most a node had. */
typedef struct sample {
    double *counts, *cost, *weight;
    size_t children;
} sample;

/* A probe under way: worker w of d, its generator, its record, and per
 * depth the children it follows (picks: paths entries a depth). */
typedef struct probe {
    rc_descent *d;
    size_t w, hidden, paths, *picks;
    rc_rng rng;
    sample *s;
} probe;

/* m of 0..n-1, uniformly, in increasing order (Knuth's selection
 * sampling, algorithm S). */
static void
choose(size_t *out, size_t m, size_t n, rc_rng *rng)
{
    size_t i, k = 0;

    for (i = 0; i < n && k < m; i++)
        if (rc_rng_below(rng, n - i) < m - k)
            out[k++] = i;
}

/* The probe at its node of depth l, of weight W (the inverse of the
 * chance that the probe reaches it), with budget paths to the leaves:
 * make the node's n children and follow m = min(n, budget) of
 * them drawn without replacement, each with weight W n / m (a child is
 * drawn with chance m / n, so each subtree's estimate stays unbiased),
 * sharing the budget out among them.  t0: when the node's work began. */
static rc_status
walk(probe *p, size_t l, double W, size_t budget, double t0, rc_error *err)
{
    sample *s = p->s;
    size_t n = 0, m, j, *pick;
    rc_status st;

    if (l == p->hidden) {
        st = rc_descent_finish(p->d, p->w, err);
        s->cost[l] += W * (cpu_seconds() - t0);
        s->weight[l] += W;
        return st;
    }
    if ((st = rc_descent_expand(p->d, p->w, &n, err)) != RC_OK)
        return st;
    if (n == 0)   /* a node has interior, so one piece at least */
        return rc_error_set(err, RC_ERR_NUMERIC, "a node without pieces");
    s->cost[l] += W * (cpu_seconds() - t0);
    s->weight[l] += W;
    s->counts[l] += W * (double)n;
    if (n > s->children)
        s->children = n;
    m = n < budget ? n : budget;
    pick = p->picks + l * p->paths;
    choose(pick, m, n, &p->rng);
    for (j = 0; j < m; j++) {
        size_t b = budget / m + (j < budget % m);
        rc_descent_follow(p->d, p->w, pick[j]);
        st = walk(p, l + 1, W * (double)n / (double)m, b, cpu_seconds(), err);
        rc_descent_up(p->d, p->w);
        if (st != RC_OK)
            return st;
    }
    return RC_OK;
}

/* Descent k on worker w from the g root's children first[0..g): c0
 * children of the root, made in root_cost seconds.  The g children are a
 * uniform draw without replacement, so c0 / g times the sum of their
 * subtrees' estimates is unbiased; the paths are shared out among them,
 * one each at least (g <= paths). */
static rc_status
descend(rc_descent *d, size_t w, const size_t *first, size_t g, size_t c0,
        double root_cost, size_t hidden, const rc_estimate_opts *eo, size_t k,
        sample *s, rc_error *err)
{
    probe p;
    size_t b;
    rc_status st = RC_OK;

    p.d = d;
    p.w = w;
    p.hidden = hidden;
    p.paths = eo->paths;
    p.s = s;
    if ((p.picks = malloc((hidden + 1) * p.paths * sizeof *p.picks)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    rc_rng_seed(&p.rng, mix(mix(eo->seed) + k));
    s->counts[0] = (double)c0;
    s->cost[0] = root_cost;
    s->weight[0] = 1.0;
    s->children = c0;
    for (b = 0; b < g && st == RC_OK; b++) {
        double t = cpu_seconds();
        rc_descent_start(d, w, first[b]);
        st = walk(&p, 1, (double)c0 / (double)g,
                  p.paths / g + (b < p.paths % g), t, err);
    }
    free(p.picks);
    return st;
}

/* The estimate of column col of the samples (row k at data + k width)
 * and its 95% interval, low clamped at floor; *share (if share is not
 * NULL) the largest part of the estimate one descent makes.
 *
 * When every one of the root's c0 children started at least two descents
 * (N >= 2 c0: whole rounds give each q or q + 1), the descents are strata
 * by that child: the estimate is (1 / c0) sum_i mean_i, with variance
 * (1 / c0^2) sum_i s_i^2 / n_i from the spread within each stratum (the
 * spread between children, which the rounds remove, does not count).
 * Otherwise every descent started from g_k other children, drawn without
 * replacement (g_k at width - 4): the mean weighted by g_k (the plain one
 * when the g_k are equal), and the variance of independent draws,
 * N / (N - 1) sum_k w_k^2 (x_k - mean)^2 with w_k = g_k / sum g (s^2 / N
 * for equal g_k), slightly too large when the descents see most of the
 * root's children: it counts the spread between those children, which
 * seeing them all removes.  When they see them all, the regions after
 * layer 2 (column 1) are known exactly, and z = 1 takes the differences
 * between the children out, as the ratio estimator's variance does; z =
 * -1 otherwise.  group: 3 c0 scratch. */
static rc_estimate_value
interval(const double *data, size_t col, size_t N, size_t width, size_t c0,
         size_t z, double *group, double floor, double *share)
{
    rc_estimate_value v;
    double mean = 0.0, var = 0.0, half, top = 0.0;
    size_t k, i;

    if (N >= 2 * c0) {
        double *sum = group, *ss = group + c0, *n = group + 2 * c0;
        memset(group, 0, 3 * c0 * sizeof *group);
        for (k = 0; k < N; k++) {
            i = (size_t)data[k * width + width - 2];
            sum[i] += data[k * width + col];
            n[i] += 1.0;
        }
        for (i = 0; i < c0; i++)
            sum[i] /= n[i];               /* the mean of stratum i */
        for (k = 0; k < N; k++) {
            double dx;
            i = (size_t)data[k * width + width - 2];
            dx = data[k * width + col] - sum[i];
            ss[i] += dx * dx;
            if (data[k * width + col] / n[i] > top)
                top = data[k * width + col] / n[i];
        }
        for (i = 0; i < c0; i++) {
            mean += sum[i];
            var += ss[i] / (n[i] - 1.0) / n[i];
        }
        mean /= (double)c0;
        var /= (double)c0 * (double)c0;
        top /= (double)c0;
    } else {
        double G = 0.0;
        for (k = 0; k < N; k++)
            G += data[k * width + width - 4];
        /* One division at the end: a column that is the same in every
         * row (layer 1) comes out exact. */
        for (k = 0; k < N; k++) {
            double gx = data[k * width + width - 4] * data[k * width + col];
            mean += gx;
            if (gx > top)
                top = gx;
        }
        mean /= G;
        top /= G;
        if (z != (size_t)-1) {
            /* Column z is known exactly: the spread of x - R z, R the
             * ratio of the means, leaves out the differences between
             * descents that their share of z explains (the ratio
             * estimator's variance; zero for z = col). */
            double mz = 0.0, R;
            for (k = 0; k < N; k++)
                mz += data[k * width + width - 4] * data[k * width + z];
            mz /= G;
            R = mz > 0.0 ? mean / mz : 0.0;
            for (k = 0; k < N; k++) {
                double wk = data[k * width + width - 4] / G;
                double dx = data[k * width + col] - R * data[k * width + z];
                var += wk * wk * dx * dx;
            }
        } else {
            for (k = 0; k < N; k++) {
                double wk = data[k * width + width - 4] / G;
                double dx = data[k * width + col] - mean;
                var += wk * wk * dx * dx;
            }
        }
        var *= (double)N / (double)(N - 1);
    }
    half = Z95 * sqrt(var);
    if (share != NULL)
        *share = mean > 0.0 ? top / mean : 0.0;
    v.estimate = mean;
    v.low = mean - half < floor ? floor : mean - half;
    v.high = mean + half;
    return v;
}

/* The descents k0.. of one round: make the root's children, draw m of
 * them without replacement, drop the others, and descend from each.  With
 * fewer descents than children (N < c0: one round), each descent takes
 * g = m / N or m / N + 1 of them, m = min(c0, N paths): the root, too, is
 * followed as widely as the paths allow. */
static rc_status
round_of(rc_descent *d, size_t threads, size_t hidden,
         const rc_estimate_opts *eo, size_t r, size_t k0, size_t N,
         double *data, size_t width, size_t *done, size_t *children,
         rc_error *errs, rc_status *sts, rc_error *err)
{
    size_t c0, m, j, n, *perm = NULL, *start = NULL;
    unsigned char *used = NULL;
    double t = process_seconds(), root_cost;
    rc_rng rng;
    int halt = 0;
    rc_status st;

    *done = 0;
    if ((st = rc_descent_root(d, &c0, err)) != RC_OK)
        return st;
    root_cost = process_seconds() - t;
    if (c0 == 0)
        return rc_error_set(err, RC_ERR_NUMERIC, "a domain without pieces");
    *children = c0;
    if (k0 == 0 && N < c0) {
        n = N;
        m = N * eo->paths < c0 ? N * eo->paths : c0;
    } else {
        n = m = c0 < N - k0 ? c0 : N - k0;
    }
    perm = malloc(c0 * sizeof *perm);
    start = malloc((n + 1) * sizeof *start);
    used = calloc(c0, 1);
    if (perm == NULL || start == NULL || used == NULL) {
        free(perm);
        free(start);
        free(used);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    rc_rng_seed(&rng, mix(mix(~(uint64_t)eo->seed) + r));
    for (j = 0; j < c0; j++)
        perm[j] = j;
    for (j = 0; j < m; j++) {
        size_t x = j + (size_t)rc_rng_below(&rng, c0 - j), tmp = perm[j];
        perm[j] = perm[x];
        perm[x] = tmp;
        used[perm[j]] = 1;
    }
    for (j = 0; j < c0; j++)
        if (!used[j])
            rc_descent_drop(d, j);
    /* Descent j takes perm[start[j]..start[j + 1]). */
    for (j = 0, start[0] = 0; j < n; j++)
        start[j + 1] = start[j] + m / n + (j < m % n);
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads((int)threads)
#endif
    for (j = 0; j < n; j++) {
        size_t me = thread_index(), k = k0 + j, g = start[j + 1] - start[j];
        double *row = data + k * width;
        sample s = {row, row + hidden, row + 2 * hidden + 1, 0};
        /* After a failure or a stop the other descents are skipped. */
        if (__atomic_load_n(&halt, __ATOMIC_ACQUIRE))
            continue;
        sts[me] = descend(d, me, perm + start[j], g, c0, root_cost, hidden, eo,
                          k, &s, &errs[me]);
        if (sts[me] != RC_OK)
            __atomic_store_n(&halt, 1, __ATOMIC_RELEASE);
        row[width - 1] = (double)s.children;
        row[width - 2] = (double)perm[start[j]];
        row[width - 4] = (double)g;
    }
    free(perm);
    free(start);
    free(used);
    *done = n;
    for (j = 0; j < threads; j++)
        if (sts[j] != RC_OK) {
            *err = errs[j];
            return sts[j];
        }
    return RC_OK;
}

rc_status
rc_estimate_compute(rc_estimate *est, const rc_net *net, const rc_domain *dom,
                    const rc_enum_opts *opts, const rc_estimate_opts *eopts_in,
                    rc_error *err)
{
    rc_estimate_opts eopts;
    rc_view view;
    rc_descent *d = NULL;
    rc_error *errs = NULL;
    rc_status *sts = NULL, st = RC_OK;
    double *data = NULL, start = wall_seconds();
    size_t hidden, width, threads, k, l, r, N, done, c0 = 0, z;
    double *group = NULL;
    int have_view = 0;

    rc_estimate_clear(est);
    if (eopts_in != NULL)
        eopts = *eopts_in;
    else
        rc_estimate_opts_init(&eopts);
    N = eopts.samples;
    if (N < 2 || N > ((size_t)1 << 40))
        return rc_error_set(err, RC_ERR_ARG, "samples must be 2 to 2^40, not %zu", N);
    if (eopts.paths < 1 || eopts.paths > RC_ESTIMATE_MAX_PATHS)
        return rc_error_set(err, RC_ERR_ARG, "paths must be 1 to %d, not %zu",
                            RC_ESTIMATE_MAX_PATHS, eopts.paths);
    if (opts != NULL && (opts->threads < 0 || opts->threads > RC_MAX_THREADS))
        return rc_error_set(err, RC_ERR_ARG, "threads must be 0 (all cores) "
                            "to %d", RC_MAX_THREADS);
    if (dom->num_inputs != net->sizes[0])
        return rc_error_set(err, RC_ERR_ARG, "domain has %zu inputs, network "
                            "has %zu", dom->num_inputs, net->sizes[0]);
    threads = opts == NULL ? 1 : opts->threads > 0 ? (size_t)opts->threads
                                                   : (size_t)rc_enum_threads_available();
    if (threads > RC_MAX_THREADS)
        threads = RC_MAX_THREADS;
    hidden = net->num_layers - 1;
    /* Per sample: counts[hidden], cost[hidden + 1], weight[hidden + 1],
     * the number of root's children it took, the whole cost, the (first)
     * root's child it started from and the most children a node had (the
     * last four at width - 4, - 3, - 2, - 1). */
    width = 3 * hidden + 6;
    errs = calloc(threads, sizeof *errs);
    sts = calloc(threads, sizeof *sts);
    data = calloc(N * width, sizeof *data);
    est->layers = calloc(hidden + 1, sizeof *est->layers);
    est->node_seconds = calloc(hidden + 1, sizeof *est->node_seconds);
    if (errs == NULL || sts == NULL || data == NULL
        || est->layers == NULL || est->node_seconds == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    est->num_hidden = hidden;
    est->samples = N;
    est->paths = eopts.paths;
    est->seed = eopts.seed;
    if (hidden == 0) {
        /* No tree: one region, nothing to time. */
        est->regions.estimate = est->regions.low = est->regions.high = 1.0;
        goto done;
    }
    if ((st = rc_view_from_domain(&view, net, dom, err)) != RC_OK)
        goto done;
    have_view = 1;
    if ((st = rc_descent_new(&d, &view, opts, threads, err)) != RC_OK)
        goto done;
    for (k = 0, r = 0; k < N; k += done, r++) {
        st = round_of(d, threads, hidden, &eopts, r, k, N, data, width,
                      &done, &c0, errs, sts, err);
        if (st != RC_OK)
            goto done;
    }
    for (k = 0; k < N; k++) {
        double *row = data + k * width;
        for (l = 0; l <= hidden; l++)
            row[width - 3] += row[hidden + l];
        if ((size_t)row[width - 1] > est->max_children)
            est->max_children = (size_t)row[width - 1];
    }
    if (N >= 2 * c0 && (group = malloc(3 * c0 * sizeof *group)) == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    /* One round that took every child of the root (round_of). */
    z = N < c0 && N * eopts.paths >= c0 && hidden >= 2 ? 1 : (size_t)-1;
    for (l = 0; l < hidden; l++)
        est->layers[l] = interval(data, l, N, width, c0, l == 0 ? (size_t)-1 : z,
                                  group, 1.0,
                                  l + 1 == hidden ? &est->largest_share : NULL);
    est->regions = est->layers[hidden - 1];
    est->seconds = interval(data, width - 3, N, width, c0, z, group, 0.0, NULL);
    /* The weighted mean cost of a node of depth l: sum W t / sum W (the
     * descents weighted by their share of the root's children). */
    for (l = 0; l <= hidden; l++) {
        double num = 0.0, den = 0.0;
        for (k = 0; k < N; k++) {
            double g = data[k * width + width - 4];
            num += g * data[k * width + hidden + l];
            den += g * data[k * width + 2 * hidden + 1 + l];
        }
        est->node_seconds[l] = den > 0.0 ? num / den : 0.0;
    }
done:
    free(group);
    rc_descent_free(d);
    free(errs);
    free(sts);
    free(data);
    if (have_view)
        rc_view_clear(&view);
    if (st != RC_OK)
        rc_estimate_clear(est);
    else
        est->elapsed = wall_seconds() - start;
    return st;
}
