/* affine.c -- the network composed with an affine input map; see affine.h.
 *
 * With x_n = (x - mean) / range the normalised input and x = A v + c,
 *     x_n = M v + m,  M_ik = A_ik / range_i,  m_i = (c_i - mean_i) / range_i,
 * so the first layer becomes W_1 M and b_1 + W_1 m; the last layer becomes
 * range_out W_L and range_out b_L + mean_out.  Exact arrays are computed in
 * rationals and rounded once; the others in double. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "model/affine.h"

void
rc_affine_free(rc_affine *a)
{
    size_t l;

    if (a == NULL)
        return;
    for (l = 0; l < a->num_layers; l++) {
        size_t rows = a->sizes[l + 1], cols = a->sizes[l];
        if (a->owned == NULL || !a->owned[l])
            continue;
        free(a->W[l]);
        free(a->b[l]);
        if (a->Wq != NULL)
            rc_mpq_array_free(a->Wq[l], rows * cols);
        if (a->bq != NULL)
            rc_mpq_array_free(a->bq[l], rows);
    }
    free(a->W);
    free(a->b);
    free(a->Wq);
    free(a->bq);
    free(a->owned);
    free(a->sizes);
    free(a);
}

/* The input map in normalised coordinates, M and m, exactly. */
static void
normalised_map(mpq_t *M, mpq_t *m, const rc_net *net, size_t n,
               const mpq_t *A, const mpq_t *c)
{
    size_t nin = net->sizes[0], i, k;

    for (i = 0; i < nin; i++) {
        for (k = 0; k < n; k++)
            mpq_div(M[i * n + k], A[i * n + k], net->in_range_q[i]);
        mpq_sub(m[i], c[i], net->in_mean_q[i]);
        mpq_div(m[i], m[i], net->in_range_q[i]);
    }
}

/* out (rows x n) = W (rows x nin) M (nin x n), ob = b + W m, exactly. */
static void
compose_first_q(mpq_t *out, mpq_t *ob, const mpq_t *W, const mpq_t *b,
                const mpq_t *M, const mpq_t *m, size_t rows, size_t nin,
                size_t n)
{
    size_t r, i, k;
    mpq_t t;

    mpq_init(t);
    for (r = 0; r < rows; r++) {
        mpq_set(ob[r], b[r]);
        for (i = 0; i < nin; i++) {
            const __mpq_struct *w = W[r * nin + i];
            if (mpq_sgn(w) == 0)
                continue;
            for (k = 0; k < n; k++)
                if (mpq_sgn(M[i * n + k]) != 0) {
                    mpq_mul(t, w, M[i * n + k]);
                    mpq_add(out[r * n + k], out[r * n + k], t);
                }
            if (mpq_sgn(m[i]) != 0) {
                mpq_mul(t, w, m[i]);
                mpq_add(ob[r], ob[r], t);
            }
        }
    }
    mpq_clear(t);
}

/* The same in double from the double input map. */
static void
compose_first_d(double *out, double *ob, const double *W, const double *b,
                const double *M, const double *m, size_t rows, size_t nin,
                size_t n)
{
    size_t r, i, k;

    for (r = 0; r < rows; r++) {
        ob[r] = b[r];
        for (k = 0; k < n; k++)
            out[r * n + k] = 0.0;
        for (i = 0; i < nin; i++) {
            double w = W[r * nin + i];
            if (w == 0.0)
                continue;
            for (k = 0; k < n; k++)
                out[r * n + k] += w * M[i * n + k];
            ob[r] += w * m[i];
        }
    }
}

/* Allocate layer l as our own (double, and exact when a->Wq). */
static int
own_layer(rc_affine *a, size_t l)
{
    size_t rows = a->sizes[l + 1], cols = a->sizes[l];

    a->owned[l] = 1;
    a->W[l] = calloc(rows * cols + 1, sizeof(double));
    a->b[l] = calloc(rows + 1, sizeof(double));
    if (a->W[l] == NULL || a->b[l] == NULL)
        return -1;
    if (a->Wq != NULL) {
        a->Wq[l] = rc_mpq_array_new(rows * cols);
        a->bq[l] = rc_mpq_array_new(rows);
        if (a->Wq[l] == NULL || a->bq[l] == NULL)
            return -1;
    }
    return 0;
}

static void
round_layer(rc_affine *a, size_t l)
{
    size_t rows = a->sizes[l + 1], cols = a->sizes[l], i;

    for (i = 0; i < rows * cols; i++)
        a->W[l][i] = rc_q_get_d(a->Wq[l][i]);
    for (i = 0; i < rows; i++)
        a->b[l][i] = rc_q_get_d(a->bq[l][i]);
}

/* Layer l (already the composed first layer, or the net's) times the
 * output range plus the output mean. */
static void
scale_output(rc_affine *a, const rc_net *net, size_t l)
{
    size_t rows = a->sizes[l + 1], cols = a->sizes[l], i;

    if (a->Wq != NULL) {
        for (i = 0; i < rows * cols; i++)
            mpq_mul(a->Wq[l][i], a->Wq[l][i], net->out_range_q);
        for (i = 0; i < rows; i++) {
            mpq_mul(a->bq[l][i], a->bq[l][i], net->out_range_q);
            mpq_add(a->bq[l][i], a->bq[l][i], net->out_mean_q);
        }
        return;
    }
    for (i = 0; i < rows * cols; i++)
        a->W[l][i] *= net->out_range;
    for (i = 0; i < rows; i++)
        a->b[l][i] = a->b[l][i] * net->out_range + net->out_mean;
}

rc_status
rc_affine_new(rc_affine **out, const rc_net *net, size_t n, const mpq_t *A,
              const mpq_t *c, int exact, rc_error *err)
{
    size_t L = net->num_layers, nin = net->sizes[0], l, i, k;
    size_t N1 = net->sizes[1];
    int scaled = mpq_cmp_ui(net->out_range_q, 1, 1) != 0
                 || mpq_sgn(net->out_mean_q) != 0;
    rc_affine *a = calloc(1, sizeof *a);
    mpq_t *M = NULL, *m = NULL;

    *out = NULL;
    if (a == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    a->n = n;
    a->num_layers = L;
    a->sizes = malloc((L + 1) * sizeof *a->sizes);
    a->W = calloc(L, sizeof *a->W);
    a->b = calloc(L, sizeof *a->b);
    a->owned = calloc(L, 1);
    if (exact) {
        a->Wq = calloc(L, sizeof *a->Wq);
        a->bq = calloc(L, sizeof *a->bq);
    }
    M = rc_mpq_array_new(nin * n);
    m = rc_mpq_array_new(nin);
    if (!a->sizes || !a->W || !a->b || !a->owned || !M || !m
        || (exact && (!a->Wq || !a->bq)))
        goto nomem;
    memcpy(a->sizes, net->sizes, (L + 1) * sizeof *a->sizes);
    a->sizes[0] = n;
    for (l = 1; l < L; l++) {
        /* The net's own layers; the last is copied only to be scaled. */
        if (l + 1 == L && scaled) {
            if (own_layer(a, l) != 0)
                goto nomem;
            if (exact) {
                for (i = 0; i < a->sizes[l + 1] * a->sizes[l]; i++)
                    mpq_set(a->Wq[l][i], net->weights_q[l][i]);
                for (i = 0; i < a->sizes[l + 1]; i++)
                    mpq_set(a->bq[l][i], net->biases_q[l][i]);
            } else {
                memcpy(a->W[l], net->weights[l],
                       a->sizes[l + 1] * a->sizes[l] * sizeof(double));
                memcpy(a->b[l], net->biases[l], a->sizes[l + 1] * sizeof(double));
            }
            scale_output(a, net, l);
            if (exact)
                round_layer(a, l);
            continue;
        }
        a->W[l] = net->weights[l];
        a->b[l] = net->biases[l];
        if (exact) {
            a->Wq[l] = net->weights_q[l];
            a->bq[l] = net->biases_q[l];
        }
    }
    if (own_layer(a, 0) != 0)
        goto nomem;
    normalised_map(M, m, net, n, A, c);
    if (exact) {
        compose_first_q(a->Wq[0], a->bq[0], (const mpq_t *)net->weights_q[0],
                        (const mpq_t *)net->biases_q[0], (const mpq_t *)M,
                        (const mpq_t *)m, N1, nin, n);
        if (L == 1 && scaled)
            scale_output(a, net, 0);
        round_layer(a, 0);
    } else {
        double *Md = malloc((nin * n + 1) * sizeof *Md);
        double *md = malloc((nin + 1) * sizeof *md);
        if (Md == NULL || md == NULL) {
            free(Md);
            free(md);
            goto nomem;
        }
        for (i = 0; i < nin; i++) {
            for (k = 0; k < n; k++)
                Md[i * n + k] = rc_q_get_d(M[i * n + k]);
            md[i] = rc_q_get_d(m[i]);
        }
        compose_first_d(a->W[0], a->b[0], net->weights[0], net->biases[0],
                        Md, md, N1, nin, n);
        free(Md);
        free(md);
        if (L == 1 && scaled)
            scale_output(a, net, 0);
    }
    rc_mpq_array_free(M, nin * n);
    rc_mpq_array_free(m, nin);
    *out = a;
    return RC_OK;

nomem:
    rc_mpq_array_free(M, nin * n);
    rc_mpq_array_free(m, nin);
    rc_affine_free(a);
    return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
}

int
rc_affine_frame(double *centre, double *scale, const rc_view *v)
{
    size_t k;
    int ok = 0;
    mpq_t t;

    mpq_init(t);
    for (k = 0; k < v->n; k++) {
        if (v->bounded) {
            mpq_add(t, v->lo[k], v->hi[k]);
            mpq_div_2exp(t, t, 1);
            centre[k] = rc_q_get_d(t);
            mpq_sub(t, v->hi[k], v->lo[k]);
            mpq_div_2exp(t, t, 1);
            scale[k] = rc_q_get_d(t);
        } else {
            centre[k] = 0.0;
            scale[k] = v->scale[k] > 0.0 && isfinite(v->scale[k]) ? v->scale[k] : 1.0;
        }
        if (!(scale[k] > 0.0) || !isfinite(scale[k]) || !isfinite(centre[k]))
            ok = -1;
    }
    mpq_clear(t);
    return ok;
}

void
rc_affine_unit_box(mpq_t *lo, mpq_t *hi, const rc_view *v,
                   const double *centre, const double *scale)
{
    size_t k;
    mpq_t c, s;

    mpq_init(c);
    mpq_init(s);
    for (k = 0; k < v->n; k++) {
        mpq_set_d(c, centre[k]);
        mpq_set_d(s, scale[k]);
        mpq_sub(lo[k], v->lo[k], c);
        mpq_div(lo[k], lo[k], s);
        mpq_sub(hi[k], v->hi[k], c);
        mpq_div(hi[k], hi[k], s);
    }
    mpq_clear(c);
    mpq_clear(s);
}

rc_status
rc_affine_new_view(rc_affine **out, const rc_view *v, rc_frame frame,
                   int exact, rc_error *err)
{
    size_t nin = v->net->sizes[0], n = v->n, i, k;
    mpq_t *A = rc_mpq_array_new(nin * n), *c = rc_mpq_array_new(nin), t;
    double *centre = malloc((n + 1) * sizeof *centre);
    double *scale = malloc((n + 1) * sizeof *scale);
    rc_status st;

    *out = NULL;
    if (!A || !c || !centre || !scale) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (frame == RC_FRAME_UNIT && rc_affine_frame(centre, scale, v) != 0) {
        st = rc_error_set(err, RC_ERR_NUMERIC,
                          "the domain is too thin or too large for floating "
                          "point (use exact mode)");
        goto done;
    }
    /* x = A v + c, and in the unit frame v = centre + scale u. */
    mpq_init(t);
    for (i = 0; i < nin; i++) {
        mpq_set(c[i], v->c[i]);
        for (k = 0; k < n; k++) {
            mpq_set(A[i * n + k], v->A[i * n + k]);
            if (frame != RC_FRAME_UNIT || mpq_sgn(A[i * n + k]) == 0)
                continue;
            mpq_set_d(t, centre[k]);
            mpq_mul(t, t, v->A[i * n + k]);
            mpq_add(c[i], c[i], t);
            mpq_set_d(t, scale[k]);
            mpq_mul(A[i * n + k], A[i * n + k], t);
        }
    }
    mpq_clear(t);
    st = rc_affine_new(out, v->net, n, (const mpq_t *)A, (const mpq_t *)c,
                       exact, err);
done:
    rc_mpq_array_free(A, nin * n);
    rc_mpq_array_free(c, nin);
    free(centre);
    free(scale);
    return st;
}
