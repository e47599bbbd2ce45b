/* path_step.c -- the exact steps of the walk and the recording of a
 * piece (see path_walk.c).
 *
 * An exact step takes the same decisions as the float step, from the
 * exact forms of the piece (path_exact.c): the position s exactly (the
 * zero of the neuron that defined it, in the enclosure the float step
 * gave), the pattern just after it (every sign behind a float filter whose
 * bound is proven: relative error 2^-50 of the forms' doubles, so a sign
 * beyond 2^-45 of the coefficients is right), and the next zero over every
 * neuron: candidates in the order of a lower bound on their zero, each
 * compared exactly, until the lower bounds pass the best zero found. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "analysis/path_walk.h"
#include "base/rational.h"

/* ---- exact steps ---------------------------------------------------------- */

/* The exact position s from the zero of the neuron that defines it. */
rc_status
rc_walk_exact_position(rc_walker *w)
{
    rc_pnet *pn = w->pn;
    size_t k = w->group[0], l = w->layer_of[k], i, g;
    rc_qnum r[2];
    int n, pick = 0;
    rc_status st;

    if (w->sq_known)
        return RC_OK;
    for (g = 1; g < w->ngroup; g++)
        if (w->layer_of[w->group[g]] < l) {
            k = w->group[g];
            l = w->layer_of[k];
        }
    i = k - pn->offset[l];
    if ((st = rc_leg_exact_forms(w->legw, pn, w->err)) != RC_OK)
        return st;
    rc_qforms_sync(&w->qf, pn, w->leg, w->pat, l, w->q_reset);
    w->q_reset = 0;
    rc_qpoly(w->p, (const mpz_t *)w->qf.pre[l] + i * w->d, w->arc);
    rc_qnum_init(&r[0]);
    rc_qnum_init(&r[1]);
    n = rc_qnum_roots(r, w->p[0], w->p[1], w->p[2]);
    if (n == 2 && fabs(rc_qnum_get_d(&r[1]) - w->s) < fabs(rc_qnum_get_d(&r[0]) - w->s))
        pick = 1;
    if (n > 0)
        rc_qnum_set(&w->sq, &r[pick]);
    rc_qnum_clear(&r[0]);
    rc_qnum_clear(&r[1]);
    if (n == 0)
        return rc_error_set(w->err, RC_ERR_NUMERIC, "internal error: a break "
                            "point is no zero of its neuron's exact form");
    w->sq_known = 1;
    return RC_OK;
}

/* (A) exactly at sq. */
void
rc_walk_exact_pattern(rc_walker *w)
{
    const rc_pnet *pn = w->pn;
    size_t l, i, d = w->d;
    double s = rc_qnum_get_d(&w->sq);

    for (l = 0; l < pn->nh; l++) {
        size_t N = pn->net->sizes[l + 1], off = pn->offset[l];
        rc_qforms_sync(&w->qf, pn, w->leg, w->next, l, w->q_reset);
        w->q_reset = 0;
        for (i = 0; i < N; i++) {
            const double *a = w->qf.approx[l] + i * d;
            double p[3], ep[3], v, bound;
            rc_fpoly(p, ep, a, 0.0, w->arc);
            v = p[0] + s * (p[1] + s * p[2]);
            bound = 0x1p-45 * (fabs(p[0]) + fabs(p[1]) + fabs(p[2]));
            if (fabs(v) > bound && bound > 0.0) {
                w->next[off + i] = v > 0;
                continue;
            }
            rc_qpoly(w->p, (const mpz_t *)w->qf.pre[l] + i * d, w->arc);
            w->next[off + i] = rc_qpoly_sign_after((const mpz_t *)w->p, &w->sq) > 0;
        }
    }
}

static int
cmp_lo(const void *a, const void *b)
{
    double x = ((const rc_cand *)a)->lo, y = ((const rc_cand *)b)->lo;
    size_t i = ((const rc_cand *)a)->k, j = ((const rc_cand *)b)->k;

    return x < y ? -1 : x > y ? 1 : (i > j) - (i < j);
}

/* A lower bound on the next zero after s of the approximate form r, or
 * INFINITY when there is certainly none before the end. */
static double
approx_next_lo(const double *r, int arc, double s, double end)
{
    double p[3], ep[3];

    rc_fpoly(p, ep, r, 0.0, arc);
    if (!arc || p[2] == 0.0) {
        double root, rho;
        if (p[1] == 0.0)
            return INFINITY;
        root = -p[0] / p[1];
        rho = 0x1p-40 * (1.0 + fabs(root));
        if (root + rho < s || root - rho > end)
            return INFINITY;
        return root - rho;
    }
    {
        double a = p[2], b = p[1], c = p[0], disc = b * b - 4.0 * a * c;
        double derr = 0x1p-44 * (b * b + 4.0 * fabs(a * c)), q, r1, r2, rho, dq;
        if (disc < -derr)
            return INFINITY;
        if (disc <= derr)
            return -INFINITY;   /* a near double zero: decide exactly */
        dq = sqrt(disc);
        q = -0.5 * (b + (b >= 0 ? dq : -dq));
        r1 = q / a;
        r2 = c / q;
        if (r1 > r2) {
            double t = r1;
            r1 = r2;
            r2 = t;
        }
        rho = 0x1p-40 * (1.0 + fabs(r1) + fabs(r2))
              + 16.0 * derr / (dq * fabs(a)) ;
        if (r1 + rho >= s && r1 - rho <= end)
            return r1 - rho;
        if (r2 + rho >= s && r2 - rho <= end)
            return r2 - rho;
        return INFINITY;
    }
}

/* (B) exactly: the next zero after sq over every neuron, into sq. */
void
rc_walk_exact_next(rc_walker *w)
{
    const rc_pnet *pn = w->pn;
    size_t k, n = 0, j, d = w->d;
    double s = rc_qnum_get_d(&w->sq), end = w->leg->s_end_d, best_hi = INFINITY;
    int have = 0;

    rc_qforms_sync(&w->qf, pn, w->leg, w->next, pn->L - 1, w->q_reset);
    w->q_reset = 0;
    for (k = 0; k < pn->npat; k++) {
        size_t l = w->layer_of[k], i = k - pn->offset[l];
        double lo = approx_next_lo(w->qf.approx[l] + i * d, w->arc,
                                   s - 0x1p-40 * (1.0 + s), end * (1.0 + 0x1p-40));
        if (lo < INFINITY) {
            w->cands[n].lo = lo;
            w->cands[n].k = k;
            n++;
        }
    }
    qsort(w->cands, n, sizeof *w->cands, cmp_lo);
    w->ngroup = 0;
    for (j = 0; j < n; j++) {
        size_t l, i;
        k = w->cands[j].k;
        if (have && w->cands[j].lo > best_hi)
            break;
        l = w->layer_of[k];
        i = k - pn->offset[l];
        rc_qpoly(w->p, (const mpz_t *)w->qf.pre[l] + i * d, w->arc);
        if (!rc_qpoly_next_root(&w->cand, (const mpz_t *)w->p, &w->sq, w->leg->s_end))
            continue;
        if (have) {
            int c = rc_qnum_cmp(&w->cand, &w->best);
            if (c > 0)
                continue;
            if (c == 0) {
                w->group[w->ngroup++] = k;
                continue;
            }
        }
        rc_qnum_set(&w->best, &w->cand);
        have = 1;
        w->ngroup = 0;
        w->group[w->ngroup++] = k;
        {
            double b = rc_qnum_get_d(&w->best);
            best_hi = b + 0x1p-40 * (1.0 + fabs(b));
        }
    }
    if (!have) {
        w->at_end = 1;
        w->ngroup = 0;
        return;
    }
    /* the group by neuron order */
    if (w->ngroup > 1) {
        size_t a, b;
        for (a = 1; a < w->ngroup; a++)
            for (b = a; b > 0 && w->group[b - 1] > w->group[b]; b--) {
                size_t t = w->group[b];
                w->group[b] = w->group[b - 1];
                w->group[b - 1] = t;
            }
    }
    rc_qnum_set(&w->sq, &w->best);
    w->s = rc_qnum_get_d(&w->sq);
    w->srad = 0x1p-51 * fabs(w->s) + 0x1p-1000;
    w->sq_known = 1;
}

/* ---- recording ------------------------------------------------------------- */

/* The values' forms on the piece (ng x d): scaled, combined. */
void
rc_walk_values_form(rc_walker *w, int exact)
{
    const rc_pnet *pn = w->pn;
    const rc_net *net = pn->net;
    size_t o, c, d = w->d, L = pn->L;

    for (o = 0; o < pn->ng * d; o++)
        w->gform[o] = 0.0;
    if (exact) {
        mpq_t t;
        mpq_init(t);
        for (o = 0; o < pn->ng * d; o++)
            mpq_set_ui(w->gform_q[o], 0, 1);
        for (o = 0; o < pn->nout; o++)
            for (c = 0; c < d; c++) {
                mpz_set(mpq_numref(t), w->qf.pre[L - 1][o * d + c]);
                mpz_set(mpq_denref(t), w->qf.den[L - 1]);
                mpq_canonicalize(t);
                mpq_mul(t, t, net->out_range_q);
                if (c == 0)
                    mpq_add(t, t, net->out_mean_q);
                if (pn->combq != NULL) {
                    mpq_mul(t, t, pn->combq[o]);
                    mpq_add(w->gform_q[c], w->gform_q[c], t);
                } else {
                    mpq_set(w->gform_q[o * d + c], t);
                }
            }
        for (o = 0; o < pn->ng * d; o++)
            w->gform[o] = rc_q_get_d(w->gform_q[o]);
        mpq_clear(t);
        return;
    }
    for (o = 0; o < pn->nout; o++)
        for (c = 0; c < d; c++) {
            double v = w->pre[L - 1][o * d + c] * net->out_range
                       + (c == 0 ? net->out_mean : 0.0);
            if (pn->comb != NULL)
                w->gform[c] += pn->comb[o] * v;
            else
                w->gform[o * d + c] = v;
        }
}

/* Trajectory lengths of the piece [s0, s1] of the current leg. */
void
rc_walk_piece_lengths(rc_walker *w, int exact, double s0, double s1)
{
    const rc_pnet *pn = w->pn;
    rc_path *path = w->path;
    size_t l, i, d = w->d, nh = pn->nh;
    double tol = w->opts->length_tol;

    for (l = 0; l <= nh + 1; l++) {
        double alpha = 0, beta = 0, gamma = 0;
        size_t rows;
        const double *f;
        const unsigned char *bits = NULL;
        if (l == 0) {
            rows = 0;
        } else if (l <= nh) {
            rows = pn->net->sizes[l];
            f = exact ? w->qf.approx[l - 1] : w->pre[l - 1];
            bits = w->next + pn->offset[l - 1];
        } else {
            rows = pn->ng;
            f = w->gform;
        }
        if (l == 0 && !w->arc) {
            rc_path_length_add_segment(&path->lengths[0], w->leg->norm, s0, s1);
            continue;
        }
        if (l == 0) {
            const double *P = w->leg->R + pn->nin, *Q = P + pn->nin;
            for (i = 0; i < pn->nin; i++) {
                alpha += P[i] * P[i];
                beta += P[i] * Q[i];
                gamma += Q[i] * Q[i];
            }
        }
        for (i = 0; i < rows; i++) {
            if (bits != NULL && !bits[i])
                continue;
            if (!w->arc) {
                alpha += f[i * d + 1] * f[i * d + 1];
            } else {
                alpha += f[i * d + 1] * f[i * d + 1];
                beta += f[i * d + 1] * f[i * d + 2];
                gamma += f[i * d + 2] * f[i * d + 2];
            }
        }
        if (!w->arc)
            rc_path_length_add_segment(&path->lengths[l], sqrt(alpha), s0, s1);
        else
            rc_path_length_add_arc(&path->lengths[l], &path->length_err[l],
                                   alpha, beta, gamma, s0, s1, tol);
    }
}

