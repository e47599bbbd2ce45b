/* path_stats.c -- the statistics of many paths (relucells/pathstats.h):
 * sums over the paths added, turned into the papers' measures on demand.
 * Sums are taken in the order the paths are added, so the figures do not
 * depend on how the paths were computed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "relucells/pathstats.h"

struct rc_path_stats {
    size_t nh, ng;
    rc_path_stats_opts opts;
    size_t npaths, exact_steps, uncertain;
    /* K */
    size_t *k;                 /* per path */
    size_t cap_k, kmin, kmax;
    double ksum, ksum2;
    /* Kubo */
    size_t ngaps;
    double gsum, gsum2, devsum;
    size_t nsegments;          /* paths with a deflection (segments) */
    double dmid;               /* sum of D(1/2)^2 over paths and values */
    double dnode;              /* sum of T_{K/2}^2 likewise */
    double *dgrid;             /* the same at each grid point */
    /* per layer: break points owned, squared gaps, jumps */
    size_t *lbp, *lgaps;
    double *lg2, *ljsum, *ljmax;
    double jsum, jsum2;
    size_t jn;
    double *ltrans, *lpat, *lens;
    /* Kim & Kim's Table 3 */
    size_t *lnear, nzeros, nnear;
    double *zeros;
    size_t cap_zeros;
};

void
rc_path_stats_opts_init(rc_path_stats_opts *o)
{
    o->grid = 0;
    o->bins = 20;
    o->normalise = 0;
    o->near_zero = 0.0;
}

void
rc_path_stats_free(rc_path_stats *s)
{
    if (s == NULL)
        return;
    free(s->k);
    free(s->dgrid);
    free(s->lbp);
    free(s->lgaps);
    free(s->lg2);
    free(s->ljsum);
    free(s->ljmax);
    free(s->ltrans);
    free(s->lpat);
    free(s->lens);
    free(s->lnear);
    free(s->zeros);
    free(s);
}

rc_status
rc_path_stats_new(rc_path_stats **out, const rc_net *net, size_t num_values,
                  const rc_path_stats_opts *opts, rc_error *err)
{
    rc_path_stats *s = calloc(1, sizeof *s);
    size_t nh = rc_net_num_hidden(net);

    *out = NULL;
    if (s == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    if (opts != NULL)
        s->opts = *opts;
    else
        rc_path_stats_opts_init(&s->opts);
    if (s->opts.bins == 0)
        s->opts.bins = 1;
    s->nh = nh;
    s->ng = num_values;
    s->kmin = (size_t)-1;
    s->dgrid = calloc(s->opts.grid + 2, sizeof *s->dgrid);
    s->lbp = calloc(nh + 1, sizeof *s->lbp);
    s->lgaps = calloc(nh + 1, sizeof *s->lgaps);
    s->lg2 = calloc(nh + 1, sizeof *s->lg2);
    s->ljsum = calloc(nh + 1, sizeof *s->ljsum);
    s->ljmax = calloc(nh + 1, sizeof *s->ljmax);
    s->ltrans = calloc(nh + 1, sizeof *s->ltrans);
    s->lpat = calloc(nh + 1, sizeof *s->lpat);
    s->lens = calloc(nh + 3, sizeof *s->lens);
    s->lnear = calloc(nh + 1, sizeof *s->lnear);
    if (!s->lnear || !s->dgrid || !s->lbp || !s->lgaps || !s->lg2 || !s->ljsum || !s->ljmax
        || !s->ltrans || !s->lpat || !s->lens) {
        rc_path_stats_free(s);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    *out = s;
    return RC_OK;
}

/* The piece whose interior holds t, or that starts at t (the last at the
 * end). */
static size_t
piece_at(const rc_path *p, double t)
{
    size_t lo = 0, hi = rc_path_num_pieces(p) - 1;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (rc_path_piece_t1(p, mid) <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Sum of D(t)^2 over the values. */
static double
deflection2(const rc_path *p, double t)
{
    size_t o, ng = rc_path_num_values(p), last = rc_path_num_pieces(p) - 1;
    const double *g0 = rc_path_piece_slope(p, 0), *g1 = rc_path_piece_slope(p, last);
    const double *gt = rc_path_piece_slope(p, piece_at(p, t));
    double sum = 0.0;

    for (o = 0; o < ng; o++) {
        double D = gt[o] - (g1[o] - g0[o]) * t - g0[o];
        sum += D * D;
    }
    return sum;
}

/* Kim & Kim's Table 3: the zeros of the value along a segment (where an
 * affine piece crosses or touches zero), then the flips of the break
 * points within near_zero of one. */
static rc_status
add_near_zero(rc_path_stats *s, const rc_path *p, rc_error *err)
{
    size_t i, k, f, nz = 0, np = rc_path_num_pieces(p), j = 0;
    double h = s->opts.near_zero;

    for (i = 0; i < np; i++) {
        double t0 = rc_path_piece_t0(p, i), t1 = rc_path_piece_t1(p, i);
        double v0, slope = rc_path_piece_slope_t(p, i)[0], z;
        if (rc_path_value(&v0, p, t0) != RC_OK || !isfinite(v0) || slope == 0.0)
            continue;
        z = t0 - v0 / slope;
        if (z < t0 || z > t1 || (i > 0 && z == t0 && nz > 0 && s->zeros[nz - 1] == z))
            continue;
        if (nz == s->cap_zeros) {
            size_t cap = s->cap_zeros ? 2 * s->cap_zeros : 16;
            double *zz = realloc(s->zeros, cap * sizeof *zz);
            if (zz == NULL)
                return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            s->zeros = zz;
            s->cap_zeros = cap;
        }
        s->zeros[nz++] = z;
    }
    s->nzeros += nz;
    for (k = 0; k < rc_path_num_breakpoints(p) && nz > 0; k++) {
        double t = rc_path_breakpoint_t(p, k);
        while (j + 1 < nz && s->zeros[j + 1] <= t)
            j++;
        if (!(fabs(t - s->zeros[j]) < h || (j + 1 < nz && fabs(s->zeros[j + 1] - t) < h)))
            continue;
        for (f = 0; f < rc_path_breakpoint_num_flips(p, k); f++) {
            rc_path_flip fl = rc_path_breakpoint_flip(p, k, f);
            s->lnear[fl.layer]++;
            s->nnear++;
        }
    }
    return RC_OK;
}

rc_status
rc_path_stats_add(rc_path_stats *s, const rc_path *p, rc_error *err)
{
    size_t K = rc_path_num_breakpoints(p), k, o, l, ng = s->ng;

    if (rc_path_num_values(p) != s->ng || rc_path_num_hidden(p) != s->nh)
        return rc_error_set(err, RC_ERR_ARG, "a path of another network");
    if (s->npaths == s->cap_k) {
        size_t cap = s->cap_k ? 2 * s->cap_k : 64;
        size_t *kk = realloc(s->k, cap * sizeof *kk);
        if (kk == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        s->k = kk;
        s->cap_k = cap;
    }
    s->k[s->npaths++] = K;
    s->ksum += (double)K;
    s->ksum2 += (double)K * (double)K;
    if (K < s->kmin)
        s->kmin = K;
    if (K > s->kmax)
        s->kmax = K;
    s->exact_steps += rc_path_num_exact_steps(p) > 0;
    s->uncertain += rc_path_num_uncertain(p) > 0;
    if (K > 0) {
        double h = floor((double)K / 2);
        s->devsum += sqrt(h * (1.0 - h / (double)K));
    }
    for (k = 0; k < K; k++) {
        const double *g = rc_path_breakpoint_gap(p, k);
        double size2 = 0.0, size;
        unsigned layer = rc_path_breakpoint_layer(p, k);
        if (g == NULL || !isfinite(g[0]))
            continue;
        for (o = 0; o < ng; o++) {
            s->gsum += g[o];
            s->gsum2 += g[o] * g[o];
            size2 += g[o] * g[o];
        }
        s->ngaps += ng;
        size = sqrt(size2);
        s->jsum += size;
        s->jsum2 += size2;
        s->jn++;
        if (layer < s->nh) {
            s->lbp[layer]++;
            s->lgaps[layer] += ng;
            s->lg2[layer] += size2;
            s->ljsum[layer] += size;
            if (size > s->ljmax[layer])
                s->ljmax[layer] = size;
        }
    }
    if (rc_path_get_kind(p) == RC_PATH_SEGMENT && rc_path_num_pieces(p) > 0) {
        size_t i;
        s->nsegments++;
        s->dmid += deflection2(p, 0.5);
        {
            /* the pieces of a segment are the K + 1 intervals of the nodes */
            size_t kk = K / 2, o;
            const double *r0 = rc_path_piece_slope(p, 0), *rk = rc_path_piece_slope(p, kk);
            const double *rK = rc_path_piece_slope(p, rc_path_num_pieces(p) - 1);
            for (o = 0; o < ng && K > 0; o++) {
                double T = (rk[o] - r0[o]) - (double)kk / (double)K * (rK[o] - r0[o]);
                s->dnode += T * T;
            }
        }
        for (i = 0; s->opts.grid > 0 && i <= s->opts.grid; i++)
            s->dgrid[i] += deflection2(p, (double)i / (double)s->opts.grid);
    }
    if (s->opts.near_zero > 0 && s->ng == 1 && rc_path_get_kind(p) == RC_PATH_SEGMENT) {
        rc_status st = add_near_zero(s, p, err);
        if (st != RC_OK)
            return st;
    }
    for (l = 0; l < s->nh; l++) {
        s->ltrans[l] += (double)rc_path_layer_transitions(p, l);
        s->lpat[l] += (double)rc_path_layer_patterns(p, l);
    }
    for (l = 0; l <= s->nh + 1; l++)
        s->lens[l] += rc_path_length(p, l, NULL);
    return RC_OK;
}

size_t rc_path_stats_num_paths(const rc_path_stats *s) { return s->npaths; }
size_t rc_path_stats_num_hidden(const rc_path_stats *s) { return s->nh; }
size_t rc_path_stats_num_values(const rc_path_stats *s) { return s->ng; }
size_t rc_path_stats_exact_steps(const rc_path_stats *s) { return s->exact_steps; }
size_t rc_path_stats_uncertain(const rc_path_stats *s) { return s->uncertain; }
size_t rc_path_stats_num_gaps(const rc_path_stats *s) { return s->ngaps; }
size_t rc_path_stats_grid(const rc_path_stats *s) { return s->opts.grid; }

double
rc_path_stats_k_mean(const rc_path_stats *s)
{
    return s->npaths ? s->ksum / (double)s->npaths : NAN;
}

double
rc_path_stats_k_sd(const rc_path_stats *s)
{
    double n = (double)s->npaths, m;

    if (s->npaths < 2)
        return s->npaths ? 0.0 : NAN;
    m = s->ksum / n;
    return sqrt(fmax(0.0, (s->ksum2 - n * m * m) / (n - 1.0)));
}

size_t rc_path_stats_k_min(const rc_path_stats *s) { return s->npaths ? s->kmin : 0; }
size_t rc_path_stats_k_max(const rc_path_stats *s) { return s->kmax; }

size_t
rc_path_stats_k_bins(const rc_path_stats *s)
{
    size_t range = s->npaths ? s->kmax - s->kmin + 1 : 0;

    return range < s->opts.bins ? range : s->opts.bins;
}

size_t
rc_path_stats_k_bin(const rc_path_stats *s, size_t i, double *lo, double *hi)
{
    size_t nb = rc_path_stats_k_bins(s), j, count = 0;
    double width;

    if (i >= nb)
        return 0;
    width = (double)(s->kmax - s->kmin + 1) / (double)nb;
    *lo = (double)s->kmin + width * (double)i;
    *hi = (double)s->kmin + width * (double)(i + 1);
    for (j = 0; j < s->npaths; j++) {
        double k = (double)s->k[j];
        if (k >= *lo && (k < *hi || (i + 1 == nb && k <= (double)s->kmax)))
            count++;
    }
    return count;
}

double
rc_path_stats_gap_mean(const rc_path_stats *s)
{
    return s->ngaps ? s->gsum / (double)s->ngaps : NAN;
}

double
rc_path_stats_gap_sigma2(const rc_path_stats *s)
{
    return s->ngaps ? s->gsum2 / (double)s->ngaps : NAN;
}

double
rc_path_stats_gap_deviation(const rc_path_stats *s)
{
    double sigma = sqrt(rc_path_stats_gap_sigma2(s));

    return s->npaths ? sigma * s->devsum / (double)s->npaths : NAN;
}

double
rc_path_stats_gap_deviation_max(const rc_path_stats *s)
{
    return 0.5 * sqrt(rc_path_stats_gap_sigma2(s)) * sqrt(rc_path_stats_k_mean(s));
}

double
rc_path_stats_deflection(const rc_path_stats *s)
{
    return s->nsegments ? sqrt(s->dmid / (double)(s->nsegments * s->ng)) : NAN;
}

double
rc_path_stats_deflection_node(const rc_path_stats *s)
{
    return s->nsegments ? sqrt(s->dnode / (double)(s->nsegments * s->ng)) : NAN;
}

double
rc_path_stats_deflection_at(const rc_path_stats *s, size_t i, double *t)
{
    if (i > s->opts.grid || s->opts.grid == 0)
        return NAN;
    *t = (double)i / (double)s->opts.grid;
    return s->nsegments ? sqrt(s->dgrid[i] / (double)(s->nsegments * s->ng)) : NAN;
}

size_t
rc_path_stats_layer_breakpoints(const rc_path_stats *s, size_t l)
{
    return l < s->nh ? s->lbp[l] : 0;
}

double
rc_path_stats_layer_share(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->jn ? 100.0 * (double)s->lbp[l] / (double)s->jn : NAN;
}

double
rc_path_stats_layer_gap_sigma2(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->lgaps[l] ? s->lg2[l] / (double)s->lgaps[l] : NAN;
}

double
rc_path_stats_jump_scale(const rc_path_stats *s)
{
    double n = (double)s->jn, m;

    if (!s->opts.normalise)
        return 1.0;
    if (s->jn < 2)
        return NAN;
    m = s->jsum / n;
    return sqrt(fmax(0.0, (s->jsum2 - n * m * m) / (n - 1.0)));
}

double
rc_path_stats_layer_jump_mean(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->lbp[l]
           ? s->ljsum[l] / (double)s->lbp[l] / rc_path_stats_jump_scale(s) : NAN;
}

double
rc_path_stats_layer_jump_max(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->lbp[l] ? s->ljmax[l] / rc_path_stats_jump_scale(s) : NAN;
}

double
rc_path_stats_layer_transitions(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->npaths ? s->ltrans[l] / (double)s->npaths : NAN;
}

double
rc_path_stats_layer_patterns(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->npaths ? s->lpat[l] / (double)s->npaths : NAN;
}

double
rc_path_stats_length(const rc_path_stats *s, size_t d)
{
    return d <= s->nh + 1 && s->npaths ? s->lens[d] / (double)s->npaths : NAN;
}

size_t
rc_path_stats_layer_near_zero(const rc_path_stats *s, size_t l)
{
    return l < s->nh ? s->lnear[l] : 0;
}

double
rc_path_stats_layer_near_zero_share(const rc_path_stats *s, size_t l)
{
    return l < s->nh && s->nnear ? 100.0 * (double)s->lnear[l] / (double)s->nnear : NAN;
}

size_t rc_path_stats_num_zeros(const rc_path_stats *s) { return s->nzeros; }
