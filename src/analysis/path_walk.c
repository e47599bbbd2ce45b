/* path_walk.c -- walking a path from break point to break point.
 *
 * On each leg the parameter s runs from 0 to the leg's end.  At a point s
 * with the pattern of the piece before it (none at the start), a step
 *   (A) decides the pattern just after s, layer by layer: a neuron's bit
 *       is the sign of its pre-activation just after s -- its value at s,
 *       or, where that is zero, its derivative (then its second
 *       derivative): the forms of layer l are those of the bits of layers
 *       below l just decided, so every degenerate case (several neurons
 *       zero at s, a form zero on the whole piece) comes out as the
 *       pattern of the open interval;
 *   (B) finds the next break point: the smallest zero after s, among all
 *       neurons, where a form changes sign (the forms are valid up to
 *       there), and the group of neurons whose zero it is.
 * Between (A) and (B) the piece from s to the next break point is
 * recorded.  Only neurons of the group can change in the layer of the
 * group's lowest neuron, and the layers below keep their forms, so (A)
 * re-evaluates the layers above it only, and (B) recomputes the zeros of
 * those layers' neurons.
 *
 * Arithmetic.  Forms are doubles with proven bounds (path_net.c).  A sign
 * is taken only when the value exceeds its bound; a zero is located in an
 * interval (its enclosure) and the next break point is certified when its
 * enclosure is disjoint from the current point, the leg's end and every
 * other zero's enclosure.  RC_ARITH_FILTERED turns every decision the
 * bounds cannot make into an exact step (the same step in rationals:
 * path_step.c, on the exact forms of path_exact.c), after which the walk
 * goes on in double; RC_ARITH_FLOAT
 * decides such cases from the doubles and counts them; RC_ARITH_EXACT
 * takes every step exactly (with a floating-point filter in front of each
 * sign). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "analysis/path_walk.h"
#include "base/rational.h"

#define UNCERTAIN 1

/* ---- float forms ---------------------------------------------------------- */

static double
gamma_n(size_t n)
{
    double nu = (double)n * RC_U;

    return nu / (1.0 - nu) * 1.0001;
}

/* Dot products of w with the columns x, y (and z) of length n. */
static void
dot2(const double *w, const double *x, const double *y, size_t n, double *sx,
     double *sy)
{
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
    size_t j = 0;

    for (; j + 4 <= n; j += 4) {
        a0 += w[j] * x[j];
        b0 += w[j] * y[j];
        a1 += w[j + 1] * x[j + 1];
        b1 += w[j + 1] * y[j + 1];
        a2 += w[j + 2] * x[j + 2];
        b2 += w[j + 2] * y[j + 2];
        a3 += w[j + 3] * x[j + 3];
        b3 += w[j + 3] * y[j + 3];
    }
    for (; j < n; j++) {
        a0 += w[j] * x[j];
        b0 += w[j] * y[j];
    }
    *sx = (a0 + a1) + (a2 + a3);
    *sy = (b0 + b1) + (b2 + b3);
}

static void
dot3(const double *w, const double *x, const double *y, const double *z,
     size_t n, double *sx, double *sy, double *sz)
{
    double a0 = 0, a1 = 0, b0 = 0, b1 = 0, c0 = 0, c1 = 0;
    size_t j = 0;

    for (; j + 2 <= n; j += 2) {
        a0 += w[j] * x[j];
        b0 += w[j] * y[j];
        c0 += w[j] * z[j];
        a1 += w[j + 1] * x[j + 1];
        b1 += w[j + 1] * y[j + 1];
        c1 += w[j + 1] * z[j + 1];
    }
    for (; j < n; j++) {
        a0 += w[j] * x[j];
        b0 += w[j] * y[j];
        c0 += w[j] * z[j];
    }
    *sx = a0 + a1;
    *sy = b0 + b1;
    *sz = c0 + c1;
}

/* pre[l] from pre[l-1] and the bits of hidden layer l-1, with bounds. */
static void
fcompose(rc_walker *w, size_t l, const unsigned char *bits)
{
    const rc_net *net = w->pn->net;
    size_t out = net->sizes[l + 1], in = net->sizes[l], d = w->d, i, j, c;
    const double *W = net->weights[l], *b = net->biases[l];
    const double *a = w->pre[l - 1], *ea = w->perr[l - 1];
    const double *rs = w->pn->rowsum[l];
    double *x = w->col, *y = x + in, *z = y + in, M = 0.0, E = 0.0, g;

    for (j = 0; j < in; j++) {
        if (!bits[j]) {
            for (c = 0; c < d; c++)
                x[c * in + j] = 0.0;
            continue;
        }
        for (c = 0; c < d; c++) {
            double v = a[j * d + c];
            x[c * in + j] = v;
            if (fabs(v) > M)
                M = fabs(v);
        }
        if (ea[j] > E)
            E = ea[j];
    }
    g = gamma_n(in + 1) + RC_U;
    for (i = 0; i < out; i++) {
        double *r = w->pre[l] + i * d;
        if (d == 2)
            dot2(W + i * in, x, y, in, &r[0], &r[1]);
        else
            dot3(W + i * in, x, y, z, in, &r[0], &r[1], &r[2]);
        r[0] += b[i];
        w->perr[l][i] = rs[i] * ((1.0 + RC_U) * E + g * M) + g * fabs(b[i])
                        + (double)in * 0x1p-1070;
    }
}

/* Add (on) or subtract (off) column j of W_l times row j of pre[l-1]:
 * the forms of layer l after neuron j of layer l-1 flipped.  Each entry
 * r += w a (rounded twice) moves its error by at most
 * |w| ((1 + u) e_j + 2u |a|) + u |r|, the bounds of a sum of two terms. */
static void
fcolumn(rc_walker *w, size_t l, size_t j, int on)
{
    const rc_net *net = w->pn->net;
    size_t out = net->sizes[l + 1], in = net->sizes[l], d = w->d, i, c;
    const double *W = net->weights[l], *a = w->pre[l - 1] + j * d;
    double ea = w->perr[l - 1][j], amax = 0.0, sg = on ? 1.0 : -1.0;

    for (c = 0; c < d; c++)
        if (fabs(a[c]) > amax)
            amax = fabs(a[c]);
    for (i = 0; i < out; i++) {
        double wij = W[i * in + j], *r = w->pre[l] + i * d, rmax = 0.0;
        if (wij == 0.0)
            continue;
        for (c = 0; c < d; c++) {
            r[c] += sg * wij * a[c];
            if (fabs(r[c]) > rmax)
                rmax = fabs(r[c]);
        }
        w->perr[l][i] += fabs(wij) * ((1.0 + RC_U) * ea + 2.0 * RC_U * amax)
                         * 1.0001 + RC_U * rmax + 0x1p-1070;
    }
}

/* Make the float forms of layers 0 .. upto current for bits.  A layer
 * whose input layer kept its forms and changed a few bits is updated by
 * those columns (a rank-k update, O(width) a bit instead of O(width^2));
 * its bounds grow with each update, so after RC_RANK_UPDATES of them it is
 * recomputed whole. */
#define RC_RANK_UPDATES 64

static void
fsync(rc_walker *w, size_t upto, const unsigned char *bits)
{
    const rc_pnet *pn = w->pn;
    size_t l, k;

    if (!w->fok[0]) {
        size_t n = pn->net->sizes[1];
        memcpy(w->pre[0], w->leg->z1, n * w->d * sizeof(double));
        memcpy(w->perr[0], w->leg->e1, n * sizeof(double));
        w->fok[0] = 1;
        w->fver[0]++;
    }
    for (l = 1; l <= upto && l < pn->L; l++) {
        size_t in = pn->net->sizes[l], off = pn->offset[l - 1], diff = 0;
        const unsigned char *nb = bits + off;
        unsigned char *ob = w->fbits + off;
        int fresh = w->fok[l] && w->fbased[l] == w->fver[l - 1];

        if (fresh) {
            for (k = 0; k < in; k++)
                diff += nb[k] != ob[k];
            if (diff == 0)
                continue;
        }
        if (fresh && diff * 8 <= in && w->franks[l] + diff <= RC_RANK_UPDATES) {
            for (k = 0; k < in; k++)
                if (nb[k] != ob[k])
                    fcolumn(w, l, k, nb[k]);
            w->franks[l] += diff;
        } else {
            fcompose(w, l, nb);
            w->franks[l] = 0;
        }
        memcpy(ob, nb, in);
        w->fok[l] = 1;
        w->fver[l]++;
        w->fbased[l] = w->fver[l - 1];
    }
}

/* ---- signs and zeros in double ------------------------------------------- */

void
rc_fpoly(double p[3], double ep[3], const double *r, double e, int arc)
{
    if (!arc) {
        p[0] = r[0];
        p[1] = r[1];
        p[2] = 0.0;
        ep[0] = ep[1] = e;
        ep[2] = 0.0;
        return;
    }
    p[0] = r[0] + r[1];
    p[1] = 2.0 * r[2];
    p[2] = r[0] - r[1];
    ep[0] = 2.0 * e + RC_U * fabs(p[0]);
    ep[1] = 2.0 * e;
    ep[2] = 2.0 * e + RC_U * fabs(p[2]);
}

double
rc_feval(const double p[3], const double ep[3], double s, double srad,
         double *bound)
{
    double v = p[0] + s * (p[1] + s * p[2]);
    double as = fabs(s) > 1.0 ? fabs(s) : 1.0;

    *bound = (ep[0] + as * (ep[1] + as * ep[2]))
             + (fabs(p[1]) + 2.0 * as * fabs(p[2]) + ep[1] + 2.0 * ep[2]) * srad
             + 4.0 * RC_U * (fabs(p[0]) + as * (fabs(p[1]) + as * fabs(p[2])))
             + 0x1p-1000;
    return v;
}

/* The derivative at s and its bound. */
static double
fderiv(const double p[3], const double ep[3], double s, double srad,
       double *bound)
{
    double as = fabs(s) > 1.0 ? fabs(s) : 1.0;

    *bound = ep[1] + 2.0 * as * ep[2] + 2.0 * fabs(p[2]) * srad
             + 4.0 * RC_U * (fabs(p[1]) + 2.0 * as * fabs(p[2])) + 0x1p-1000;
    return p[1] + 2.0 * s * p[2];
}

/* A row that is zero with a zero bound: identically zero, certified. */
static int
zero_row(const double *r, double e, size_t d)
{
    size_t c;

    if (e != 0.0)
        return 0;
    for (c = 0; c < d; c++)
        if (r[c] != 0.0)
            return 0;
    return 1;
}

/* The next zero after s of a linear form with sign sg at s (0: s is its
 * zero), in (s, end): 1 found (*root, *rad), 0 none, -1 unknown. */
static int
froot_segment(double *root, double *rad, const double p[3], const double ep[3],
              int sg, double end)
{
    double r, rho, bound, v;

    if (sg == 0)
        return 0;
    if (!(fabs(p[1]) > 2.0 * ep[1])) {
        /* nearly flat: no zero if the sign at the end is certainly sg */
        v = rc_feval(p, ep, end, 0.0, &bound);
        return fabs(v) > bound && (v > 0) == (sg > 0) ? 0 : -1;
    }
    if ((p[1] > 0) == (sg > 0))
        return 0;   /* moving away from zero */
    r = -p[0] / p[1];
    rho = (ep[0] + ep[1] * fabs(r)) / (fabs(p[1]) - ep[1])
          + 2.0 * RC_U * fabs(r) + 0x1p-1000;
    if (r - rho >= end)
        return 0;
    *root = r;
    *rad = rho;
    return 1;
}

/* ---- the walker ----------------------------------------------------------- */

void
rc_walker_clear(rc_walker *w)
{
    size_t l;
    const rc_pnet *pn = w->pn;

    if (pn == NULL)
        return;
    for (l = 0; l < pn->L; l++) {
        if (w->pre != NULL)
            free(w->pre[l]);
        if (w->perr != NULL)
            free(w->perr[l]);
    }
    free(w->pre);
    free(w->perr);
    free(w->fbits);
    free(w->fok);
    free(w->fver);
    free(w->fbased);
    free(w->franks);
    free(w->col);
    free(w->pat);
    free(w->next);
    free(w->sgn);
    free(w->root);
    free(w->rad);
    free(w->unknown);
    free(w->group);
    free(w->layer_of);
    free(w->gform);
    free(w->cands);
    rc_mpq_array_free(w->gform_q, pn->ng * 3);
    rc_qnum_clear(&w->sq);
    rc_qnum_clear(&w->s0q);
    rc_qnum_clear(&w->best);
    rc_qnum_clear(&w->cand);
    mpz_clear(w->p[0]);
    mpz_clear(w->p[1]);
    mpz_clear(w->p[2]);
    mpq_clear(w->tq);
    if (w->qf_on)
        rc_qforms_clear(&w->qf, pn);
    memset(w, 0, sizeof *w);
}

rc_status
rc_walker_init(rc_walker *w, rc_path *path, rc_pnet *pn,
               const rc_path_opts *opts, rc_error *err)
{
    size_t l, k, n = pn->npat;

    memset(w, 0, sizeof *w);
    w->path = path;
    w->pn = pn;
    w->opts = opts;
    w->err = err;
    w->mode = opts->arithmetic;
    rc_qnum_init(&w->sq);
    rc_qnum_init(&w->s0q);
    rc_qnum_init(&w->best);
    rc_qnum_init(&w->cand);
    mpz_init(w->p[0]);
    mpz_init(w->p[1]);
    mpz_init(w->p[2]);
    mpq_init(w->tq);
    w->pre = calloc(pn->L, sizeof *w->pre);
    w->perr = calloc(pn->L, sizeof *w->perr);
    w->fbits = calloc(n + 1, 1);
    w->fok = calloc(pn->L, 1);
    w->fver = calloc(pn->L, sizeof *w->fver);
    w->fbased = calloc(pn->L, sizeof *w->fbased);
    w->franks = calloc(pn->L, sizeof *w->franks);
    w->col = malloc((3 * pn->maxw + 1) * sizeof(double));
    w->pat = calloc(n + 1, 1);
    w->next = calloc(n + 1, 1);
    w->sgn = calloc(n + 1, 1);
    w->root = malloc((n + 1) * sizeof(double));
    w->rad = malloc((n + 1) * sizeof(double));
    w->unknown = calloc(n + 1, 1);
    w->group = malloc((n + 1) * sizeof(size_t));
    w->layer_of = malloc((n + 1) * sizeof(size_t));
    w->cands = malloc((n + 1) * sizeof *w->cands);
    w->gform = malloc((pn->ng * 3 + 1) * sizeof(double));
    w->gform_q = rc_mpq_array_new(pn->ng * 3);
    if (!w->pre || !w->perr || !w->fbits || !w->fok || !w->fver
        || !w->fbased || !w->franks || !w->col || !w->pat || !w->next || !w->sgn
        || !w->root || !w->rad || !w->unknown || !w->group || !w->layer_of
        || !w->cands || !w->gform || !w->gform_q)
        goto nomem;
    for (l = 0; l < pn->L; l++) {
        size_t rows = pn->net->sizes[l + 1];
        w->pre[l] = malloc((rows * 3 + 1) * sizeof(double));
        w->perr[l] = malloc((rows + 1) * sizeof(double));
        if (w->pre[l] == NULL || w->perr[l] == NULL)
            goto nomem;
    }
    for (l = 0; l < pn->nh; l++)
        for (k = pn->offset[l]; k < pn->offset[l + 1]; k++)
            w->layer_of[k] = l;
    if (w->mode != RC_ARITH_FLOAT) {
        rc_status st = rc_qforms_init(&w->qf, pn, 3, err);
        if (st != RC_OK)
            return st;
        w->qf_on = 1;
    }
    return RC_OK;
nomem:
    return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
}

/* Start leg legi at s = 0. */
static void
leg_begin(rc_walker *w, size_t legi)
{
    w->legi = legi;
    w->legw = &w->path->legs[legi];
    w->leg = w->legw;
    w->arc = w->leg->arc;
    w->d = w->leg->d;
    w->qf.d = w->d;
    memset(w->fok, 0, w->pn->L);
    w->q_reset = 1;
    w->s = 0.0;
    w->srad = 0.0;
    mpq_set_ui(w->tq, 0, 1);
    rc_qnum_set_q(&w->sq, w->tq);
    w->sq_known = 1;
    w->ngroup = 0;
    w->at_end = 0;
}

/* The zero after s of neuron k from the float forms. */
static void
float_root(rc_walker *w, size_t k)
{
    size_t l = w->layer_of[k], i = k - w->pn->offset[l], d = w->d;
    const double *r = w->pre[l] + i * d;
    double p[3], ep[3], e = w->perr[l][i];
    int found;

    w->root[k] = INFINITY;
    w->unknown[k] = 0;
    if (zero_row(r, e, d))
        return;
    rc_fpoly(p, ep, r, e, w->arc);
    if (w->arc)
        found = rc_arc_froot(&w->root[k], &w->rad[k], p, ep, w->sgn[k], w->s,
                             w->srad, w->leg->s_end_d);
    else
        found = froot_segment(&w->root[k], &w->rad[k], p, ep, w->sgn[k],
                              w->leg->s_end_d);
    if (found < 0)
        w->unknown[k] = 1;
    if (found <= 0)
        w->root[k] = INFINITY;
}

/* Decide the bit of neuron k from the float forms at s: 0, or UNCERTAIN
 * (FILTERED only; FLOAT decides and counts). */
static int
float_decide(rc_walker *w, size_t k, int at_zero)
{
    size_t l = w->layer_of[k], i = k - w->pn->offset[l], d = w->d;
    const double *r = w->pre[l] + i * d;
    double p[3], ep[3], v, bound, dv, dbound, e = w->perr[l][i];

    if (zero_row(r, e, d)) {
        w->next[k] = 0;
        w->sgn[k] = 0;
        return 0;
    }
    rc_fpoly(p, ep, r, e, w->arc);
    if (!at_zero) {
        v = rc_feval(p, ep, w->s, w->srad, &bound);
        if (fabs(v) > bound) {
            w->next[k] = v > 0;
            w->sgn[k] = v > 0 ? 1 : -1;
            return 0;
        }
        if (w->mode == RC_ARITH_FILTERED)
            return UNCERTAIN;
        w->path->uncertain++;
    }
    /* at a zero of the form: the sign of the derivative */
    w->sgn[k] = 0;
    dv = fderiv(p, ep, w->s, w->srad, &dbound);
    if (fabs(dv) > dbound) {
        w->next[k] = dv > 0;
        return 0;
    }
    if (w->mode == RC_ARITH_FILTERED)
        return UNCERTAIN;
    w->path->uncertain++;
    w->next[k] = dv != 0.0 ? dv > 0 : p[2] > 0;
    return 0;
}

/* (A) in double: the pattern after s into next. */
static int
float_pattern(rc_walker *w)
{
    const rc_pnet *pn = w->pn;
    size_t lmin = 0, l, k, g;

    if (w->ngroup > 0) {
        lmin = w->layer_of[w->group[0]];
        for (g = 1; g < w->ngroup; g++)
            if (w->layer_of[w->group[g]] < lmin)
                lmin = w->layer_of[w->group[g]];
    }
    memcpy(w->next, w->pat, pn->npat);
    w->lmin = lmin;
    for (l = lmin; l < pn->nh; l++) {
        fsync(w, l, w->next);
        if (w->ngroup > 0 && l == lmin) {
            for (g = 0; g < w->ngroup; g++)
                if (w->layer_of[w->group[g]] == l
                    && float_decide(w, w->group[g], 1) == UNCERTAIN)
                    return UNCERTAIN;
            continue;
        }
        for (k = pn->offset[l]; k < pn->offset[l + 1]; k++)
            if (float_decide(w, k, 0) == UNCERTAIN)
                return UNCERTAIN;
    }
    return 0;
}

/* The zeros of the neurons whose forms or signs changed at this step. */
static void
float_roots(rc_walker *w, int all)
{
    const rc_pnet *pn = w->pn;
    size_t k, g;

    if (all) {
        fsync(w, pn->nh - 1, w->next);
        for (k = 0; k < pn->npat; k++) {
            size_t l = w->layer_of[k];
            if (l < w->lmin || (l == w->lmin && w->ngroup > 0)) {
                /* not re-evaluated: nonzero at s unless in the group */
                w->sgn[k] = w->next[k] ? 1 : -1;
            }
        }
        for (g = 0; g < w->ngroup; g++)
            w->sgn[w->group[g]] = 0;
        for (k = 0; k < pn->npat; k++)
            float_root(w, k);
        return;
    }
    for (g = 0; g < w->ngroup; g++)
        if (w->layer_of[w->group[g]] == w->lmin)
            float_root(w, w->group[g]);
    for (k = pn->offset[w->ngroup > 0 ? w->lmin + 1 : 0]; k < pn->npat; k++)
        float_root(w, k);
}

/* (B) in double: the next break point and its group. */
static int
float_next(rc_walker *w)
{
    const rc_pnet *pn = w->pn;
    size_t k, best = (size_t)-1;
    double r, rho, end = w->leg->s_end_d, endrad = w->arc ? RC_U * end : 0.0;
    int ok = 1;

    for (k = 0; k < pn->npat; k++) {
        if (w->unknown[k]) {
            if (w->mode == RC_ARITH_FILTERED)
                return UNCERTAIN;
            w->path->uncertain++;
            w->unknown[k] = 0;
        }
        if (w->root[k] < INFINITY && (best == (size_t)-1 || w->root[k] < w->root[best]))
            best = k;
    }
    if (best == (size_t)-1) {
        w->at_end = 1;
        w->ngroup = 0;
        return 0;
    }
    r = w->root[best];
    rho = w->rad[best];
    ok = r - rho > w->s + w->srad;
    ok = ok && r + rho < end - endrad;
    for (k = 0; ok && k < pn->npat; k++)
        if (k != best && w->root[k] < INFINITY && !(w->root[k] - w->rad[k] > r + rho))
            ok = 0;
    if (!ok && w->mode == RC_ARITH_FILTERED)
        return UNCERTAIN;
    if (!ok) {
        w->path->uncertain++;
        if (r >= end) {
            w->at_end = 1;
            w->ngroup = 0;
            return 0;
        }
    }
    w->ngroup = 0;
    for (k = 0; k < pn->npat; k++)
        if (k == best || (!ok && w->root[k] < INFINITY && w->root[k] - w->rad[k] <= r + rho))
            w->group[w->ngroup++] = k;
    w->s = r;
    w->srad = rho;
    w->sq_known = 0;
    return 0;
}

/* ---- the walk ----------------------------------------------------------------- */

static int
stopped(const rc_walker *w)
{
    return w->opts->stop != NULL && *w->opts->stop;
}

/* One leg. */
static rc_status
walk_leg(rc_walker *w, size_t legi)
{
    rc_path *path = w->path;
    rc_pnet *pn = w->pn;
    int exact_mode = w->mode == RC_ARITH_EXACT;
    rc_status st;

    leg_begin(w, legi);
    if (!exact_mode)
        w->roots_stale = 1;
    for (;;) {
        double s0, s1;
        int fallback = 0, first = w->ngroup == 0;
        rc_qnum *s0q = NULL;

        if (stopped(w))
            return rc_error_set(w->err, RC_ERR_STOPPED, "stopped on request");
        /* (A) */
        if (!exact_mode && float_pattern(w) == UNCERTAIN)
            fallback = 1;
        if (fallback || exact_mode) {
            if ((st = rc_leg_exact_forms(w->legw, pn, w->err)) != RC_OK
                || (st = rc_walk_exact_position(w)) != RC_OK)
                return st;
            rc_walk_exact_pattern(w);
        }
        s0 = w->s;
        if (w->sq_known) {
            rc_qnum_set(&w->s0q, &w->sq);
            s0q = &w->s0q;
        }
        /* a break point where the pattern changes (at a joint too) */
        if (w->has_pat && memcmp(w->pat, w->next, pn->npat) != 0) {
            st = rc_path_add_breakpoint(path, pn, legi, w->s,
                                        exact_mode ? &w->sq : NULL,
                                        w->pat, w->next);
            if (st != RC_OK)
                return rc_error_set(w->err, st, "out of memory");
            if (w->opts->max_breakpoints > 0
                && path->nbp >= w->opts->max_breakpoints) {
                path->complete = 0;
                return rc_error_set(w->err, RC_ERR_LIMIT, "more than %zu "
                                    "break points", w->opts->max_breakpoints);
            }
        }
        /* (B) */
        if (!fallback && !exact_mode) {
            float_roots(w, w->roots_stale || first);
            w->roots_stale = 0;
            if (float_next(w) == UNCERTAIN) {
                if ((st = rc_leg_exact_forms(w->legw, pn, w->err)) != RC_OK
                    || (st = rc_walk_exact_position(w)) != RC_OK)
                    return st;
                fallback = 1;
            }
        }
        if (fallback || exact_mode) {
            rc_walk_exact_next(w);
            if (!exact_mode) {
                w->roots_stale = 1;
                path->exact_steps++;
            }
        }
        s1 = w->at_end ? w->leg->s_end_d : w->s;
        /* the piece [s0, s1] with pattern next */
        if (!exact_mode)
            fsync(w, pn->L - 1, w->next);
        else
            rc_qforms_sync(&w->qf, pn, w->leg, w->next, pn->L - 1, 0);
        rc_walk_values_form(w, exact_mode);
        rc_walk_piece_lengths(w, exact_mode, s0, s1);
        {
            rc_qnum endq;
            rc_qnum_init(&endq);
            if (w->at_end)
                rc_qnum_set_q(&endq, w->leg->s_end);
            else
                rc_qnum_set(&endq, &w->sq);
            st = rc_path_add_piece(path, pn, legi, s0, s1,
                                   exact_mode ? s0q : NULL,
                                   exact_mode ? &endq : NULL, w->next,
                                   w->gform, exact_mode ? w->gform_q : NULL,
                                   w->has_pat && legi > 0 && first
                                   && memcmp(w->pat, w->next, pn->npat) == 0);
            rc_qnum_clear(&endq);
        }
        if (st == RC_OK)
            st = rc_path_count_pattern(path, pn, w->next);
        if (st != RC_OK)
            return rc_error_set(w->err, st, "out of memory");
        memcpy(w->pat, w->next, pn->npat);
        w->has_pat = 1;
        if (w->at_end)
            return RC_OK;
    }
}

rc_status
rc_path_walk(rc_path *path, rc_pnet *pn, const rc_path_opts *opts,
             rc_error *err)
{
    rc_walker w;
    size_t k;
    rc_status st;

    if ((st = rc_walker_init(&w, path, pn, opts, err)) != RC_OK) {
        rc_walker_clear(&w);
        return st;
    }
    for (k = 0; k < path->nlegs && st == RC_OK; k++)
        st = walk_leg(&w, k);
    rc_walker_clear(&w);
    path->complete = st == RC_OK;
    rc_path_finish(path);
    return st;
}
