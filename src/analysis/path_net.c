/* path_net.c -- the network prepared for paths, and the legs of a path.
 *
 * Error bounds.  A form computed in double differs from the exact form of
 * the same piece (the network's exact numbers, the path's exact points) by
 * at most a bound per row, the same for each of its d entries.  With
 * u = 2^-53 and gamma_n = n u / (1 - n u) (Higham's bound on a sum of n
 * products):
 *   first layer: z_ic = b_i [c = 0] + sum_j W_ij V_cj, where W and V are
 *     the nearest doubles of the exact W*, V* (|W - W*| <= u |W|, likewise
 *     V), so |z - z*| <= (gamma_{n+1} + 3u) (sum_j |W_ij| |V_cj| + |b_i|);
 *   later layers (path_walk.c): z_i = b_i + sum_j W_ij a_j over the active
 *     rows a_j of the layer below, with bounds e_j and entries below M:
 *     |z - z*| <= s_i ((1 + u) E + (gamma + u) M) + (gamma + u) |b_i|,
 *     s_i = sum_j |W_ij| (rounded up), E = max e_j.
 * The exact network is kept as integers over one denominator per layer,
 * W_l = wi_l / q_l, b_l = bi_l / q_l, so forms are integer rows over a
 * denominator per layer (path_exact.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "base/rational.h"

static double
gamma_n(size_t n)
{
    double nu = (double)n * RC_U;

    return nu / (1.0 - nu) * 1.0001;
}

void
rc_pnet_free(rc_pnet *pn)
{
    size_t l;

    if (pn == NULL)
        return;
    for (l = 0; l < pn->L; l++) {
        if (pn->rowsum != NULL)
            free(pn->rowsum[l]);
        if (pn->wi != NULL)
            rc_mpz_array_free(pn->wi[l], pn->net->sizes[l + 1] * pn->net->sizes[l]);
        if (pn->bi != NULL)
            rc_mpz_array_free(pn->bi[l], pn->net->sizes[l + 1]);
    }
    free(pn->rowsum);
    free(pn->wi);
    free(pn->bi);
    rc_mpz_array_free(pn->q, pn->L);
    free(pn->offset);
    free(pn->comb);
    rc_mpq_array_free(pn->combq, pn->nout);
    free(pn);
}

/* Numerators of vals over their least common denominator q. */
static void
common_denominator(mpz_t *num, mpz_t q, const mpq_t *vals, size_t count)
{
    size_t i;

    mpz_set_ui(q, 1);
    for (i = 0; i < count; i++)
        mpz_lcm(q, q, mpq_denref(vals[i]));
    for (i = 0; i < count; i++) {
        mpz_divexact(num[i], q, mpq_denref(vals[i]));
        mpz_mul(num[i], num[i], mpq_numref(vals[i]));
    }
}

/* The integer network: per layer one denominator for weights and biases. */
rc_status
rc_pnet_build_exact(rc_pnet *pn, rc_error *err)
{
    const rc_net *net = pn->net;
    size_t l, i;
    mpz_t qb, f;

    if (pn->wi != NULL)
        return RC_OK;
    pn->wi = calloc(pn->L, sizeof *pn->wi);
    pn->bi = calloc(pn->L, sizeof *pn->bi);
    pn->q = rc_mpz_array_new(pn->L);
    if (pn->wi == NULL || pn->bi == NULL || pn->q == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    mpz_init(qb);
    mpz_init(f);
    for (l = 0; l < pn->L; l++) {
        size_t rows = net->sizes[l + 1], cols = net->sizes[l];
        pn->wi[l] = rc_mpz_array_new(rows * cols);
        pn->bi[l] = rc_mpz_array_new(rows);
        if (pn->wi[l] == NULL || pn->bi[l] == NULL)
            break;
        common_denominator(pn->wi[l], pn->q[l],
                           (const mpq_t *)net->weights_q[l], rows * cols);
        common_denominator(pn->bi[l], qb, (const mpq_t *)net->biases_q[l],
                           rows);
        mpz_lcm(f, qb, pn->q[l]);
        mpz_divexact(qb, f, qb);
        for (i = 0; i < rows; i++)
            mpz_mul(pn->bi[l][i], pn->bi[l][i], qb);
        mpz_divexact(qb, f, pn->q[l]);
        for (i = 0; i < rows * cols; i++)
            mpz_mul(pn->wi[l][i], pn->wi[l][i], qb);
        mpz_set(pn->q[l], f);
    }
    mpz_clear(qb);
    mpz_clear(f);
    if (l < pn->L)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    return RC_OK;
}

rc_status
rc_pnet_new(rc_pnet **out, const rc_net *net, const rc_path_opts *opts,
            int exact, rc_error *err)
{
    rc_pnet *pn = calloc(1, sizeof *pn);
    size_t l, i, j;
    rc_status st;

    *out = NULL;
    if (pn == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    pn->net = net;
    pn->L = net->num_layers;
    pn->nh = pn->L - 1;
    pn->nin = net->sizes[0];
    pn->nout = net->sizes[pn->L];
    pn->npat = rc_net_num_neurons(net);
    for (l = 0; l <= pn->L; l++)
        if (net->sizes[l] > pn->maxw)
            pn->maxw = net->sizes[l];
    pn->offset = calloc(pn->L + 1, sizeof *pn->offset);
    pn->rowsum = calloc(pn->L, sizeof *pn->rowsum);
    if (pn->offset == NULL || pn->rowsum == NULL) {
        rc_pnet_free(pn);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (l = 1; l <= pn->L; l++)
        pn->offset[l] = pn->offset[l - 1] + net->sizes[l];
    for (l = 0; l < pn->L; l++) {
        size_t rows = net->sizes[l + 1], cols = net->sizes[l];
        double g = 1.0 + gamma_n(cols + 1);
        if ((pn->rowsum[l] = malloc((rows + 1) * sizeof(double))) == NULL) {
            rc_pnet_free(pn);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
        for (i = 0; i < rows; i++) {
            const double *w = net->weights[l] + i * cols;
            double s = 0.0;
            for (j = 0; j < cols; j++)
                s += fabs(w[j]);
            pn->rowsum[l][i] = s * g;
        }
    }
    pn->ng = pn->nout;
    if (opts->combine != NULL || opts->combine_q != NULL) {
        pn->ng = 1;
        pn->comb = malloc(pn->nout * sizeof *pn->comb);
        pn->combq = rc_mpq_array_new(pn->nout);
        if (pn->comb == NULL || pn->combq == NULL) {
            rc_pnet_free(pn);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
        for (i = 0; i < pn->nout; i++) {
            if (opts->combine_q != NULL) {
                mpq_set(pn->combq[i], opts->combine_q[i]);
                pn->comb[i] = rc_q_get_d(pn->combq[i]);
            } else {
                pn->comb[i] = opts->combine[i];
                if (!isfinite(pn->comb[i])) {
                    rc_pnet_free(pn);
                    return rc_error_set(err, RC_ERR_ARG, "combination "
                                        "coefficient %zu is not finite",
                                        i + 1);
                }
                mpq_set_d(pn->combq[i], pn->comb[i]);
            }
            if (!isfinite(pn->comb[i])) {
                rc_pnet_free(pn);
                return rc_error_set(err, RC_ERR_ARG, "combination "
                                    "coefficient %zu is out of range", i + 1);
            }
        }
    }
    if (exact && (st = rc_pnet_build_exact(pn, err)) != RC_OK) {
        rc_pnet_free(pn);
        return st;
    }
    *out = pn;
    return RC_OK;
}

/* ---- legs ------------------------------------------------------------------- */

void
rc_leg_clear(rc_leg *leg, size_t nin, size_t N1)
{
    size_t d = leg->d;

    free(leg->V);
    free(leg->R);
    rc_mpq_array_free(leg->Vq, d * nin);
    rc_mpq_array_free(leg->Rq, d * nin);
    free(leg->z1);
    free(leg->e1);
    if (leg->z1q != NULL)
        rc_mpz_array_free(leg->z1q, N1 * d);
    if (d > 0) {
        mpq_clear(leg->s_end);
        mpq_clear(leg->norm2);
        mpz_clear(leg->den1);
    }
    memset(leg, 0, sizeof *leg);
}

rc_status
rc_leg_init(rc_leg *leg, const rc_pnet *pn, int arc, const mpq_t *Rq,
            const double *Rd, int exact, rc_error *err)
{
    const rc_net *net = pn->net;
    size_t nin = pn->nin, d = arc ? 3 : 2, N1 = net->sizes[1], i, j, c;
    double g = gamma_n(nin + 1) + 6.0 * RC_U;
    mpq_t t;

    memset(leg, 0, sizeof *leg);
    leg->arc = arc;
    leg->d = d;
    mpq_init(leg->s_end);
    mpq_init(leg->norm2);
    mpz_init(leg->den1);
    mpq_set_ui(leg->s_end, 1, 1);
    leg->s_end_d = 1.0;
    leg->V = malloc((d * nin + 1) * sizeof(double));
    leg->R = malloc((d * nin + 1) * sizeof(double));
    leg->z1 = malloc((N1 * d + 1) * sizeof(double));
    leg->e1 = malloc((N1 + 1) * sizeof(double));
    if (!leg->V || !leg->R || !leg->z1 || !leg->e1)
        goto nomem;
    if (Rq != NULL && exact) {
        leg->Vq = rc_mpq_array_new(d * nin);
        leg->Rq = rc_mpq_array_new(d * nin);
        if (leg->Vq == NULL || leg->Rq == NULL)
            goto nomem;
    }
    mpq_init(t);
    for (c = 0; c < d; c++)
        for (j = 0; j < nin; j++) {
            size_t k = c * nin + j;
            if (Rq != NULL) {
                leg->R[k] = rc_q_get_d(Rq[k]);
                if (leg->Vq != NULL) {
                    /* V_0 = (R_0 - mean) / range, V_c = R_c / range */
                    mpq_set(leg->Rq[k], Rq[k]);
                    if (c == 0)
                        mpq_sub(t, Rq[k], net->in_mean_q[j]);
                    else
                        mpq_set(t, Rq[k]);
                    mpq_div(leg->Vq[k], t, net->in_range_q[j]);
                    leg->V[k] = rc_q_get_d(leg->Vq[k]);
                    continue;
                }
            } else {
                leg->R[k] = Rd[k];
            }
            leg->V[k] = c == 0 ? (leg->R[k] - net->in_mean[j]) / net->in_range[j]
                               : leg->R[k] / net->in_range[j];
        }
    mpq_clear(t);
    for (j = 0; j < d * nin; j++)
        if (!isfinite(leg->V[j]) || !isfinite(leg->R[j]))
            return rc_error_set(err, RC_ERR_ARG, "a point of the path is too "
                                "large for double precision");
    if (!arc) {
        double s = 0.0, big = 0.0;
        for (j = 0; j < nin; j++)
            if (fabs(leg->R[nin + j]) > big)
                big = fabs(leg->R[nin + j]);
        for (j = 0; big > 0.0 && j < nin; j++)
            s += (leg->R[nin + j] / big) * (leg->R[nin + j] / big);
        leg->norm = big * sqrt(s);
        if (leg->Rq != NULL) {
            mpq_init(t);
            for (j = 0; j < nin; j++) {
                mpq_mul(t, leg->Rq[nin + j], leg->Rq[nin + j]);
                mpq_add(leg->norm2, leg->norm2, t);
            }
            mpq_clear(t);
        }
        if (!(leg->norm > 0.0) && (leg->Rq == NULL || mpq_sgn(leg->norm2) == 0))
            return rc_error_set(err, RC_ERR_ARG, "the two ends of a segment "
                                "are the same point");
    }
    /* The first layer's forms and their bounds. */
    for (i = 0; i < N1; i++) {
        const double *w = net->weights[0] + i * nin;
        double b = net->biases[0][i], e = 0.0;
        for (c = 0; c < d; c++) {
            const double *v = leg->V + c * nin;
            double s = c == 0 ? b : 0.0, a = c == 0 ? fabs(b) : 0.0;
            for (j = 0; j < nin; j++) {
                s += w[j] * v[j];
                a += fabs(w[j] * v[j]);
            }
            leg->z1[i * d + c] = s;
            if (a > e)
                e = a;
        }
        leg->e1[i] = g * e + (double)nin * 0x1p-1070;
    }
    return RC_OK;
nomem:
    return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
}

rc_status
rc_leg_exact_forms(rc_leg *leg, rc_pnet *pn, rc_error *err)
{
    size_t nin = pn->nin, d = leg->d, N1 = pn->net->sizes[1], i, j, c;
    mpz_t *vi;
    rc_status st;

    if (leg->have_z1q)
        return RC_OK;
    if ((st = rc_pnet_build_exact(pn, err)) != RC_OK)
        return st;
    if (leg->Vq == NULL)
        return rc_error_set(err, RC_ERR_ARG, "internal error: no exact data "
                            "for an exact step");
    vi = rc_mpz_array_new(d * nin);
    leg->z1q = rc_mpz_array_new(N1 * d);
    if (vi == NULL || leg->z1q == NULL) {
        rc_mpz_array_free(vi, d * nin);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    /* V = vi / Dx; z1 = (wi V Dx + bi Dx e_0) / (q_0 Dx). */
    common_denominator(vi, leg->den1, (const mpq_t *)leg->Vq, d * nin);
    for (i = 0; i < N1; i++) {
        const mpz_t *w = pn->wi[0] + i * nin;
        for (c = 0; c < d; c++) {
            mpz_t *z = &leg->z1q[i * d + c];
            const mpz_t *v = vi + c * nin;
            if (c == 0)
                mpz_mul(*z, pn->bi[0][i], leg->den1);
            for (j = 0; j < nin; j++)
                if (mpz_sgn(v[j]) != 0 && mpz_sgn(w[j]) != 0)
                    mpz_addmul(*z, w[j], v[j]);
        }
    }
    mpz_mul(leg->den1, leg->den1, pn->q[0]);
    rc_mpz_array_free(vi, d * nin);
    leg->have_z1q = 1;
    return RC_OK;
}
