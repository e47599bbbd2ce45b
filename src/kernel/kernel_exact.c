/* kernel_exact.c -- the kernel in exact rational arithmetic.
 *
 * Every number is exact.  Weights and biases of layer l are written over a
 * common denominator, W_l = Wi_l / Q_l and b_l = bi_l / Q_l with integer
 * Wi_l, bi_l, so the affine maps of the refinement are integer matrices
 * over a denominator that depends only on the layer: the post-activations
 * after layer l are N / D_l with D_0 the denominator of the input
 * normalisation and D_{l+1} = Q_l D_l.  The pre-activations of layer l on a
 * piece are then (Wi_l N + D_l bi_l e_0) / (Q_l D_l), whose numerator is the
 * integer row of the neuron's hyperplane (rows are homogeneous, so the
 * positive denominator does not matter).  Pieces are rc_polyq (poly_q.h),
 * in the raw coordinates of the free inputs.  Each region's interior is
 * certified by cddlib's exact LP (a positive rational margin). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "kernel/kernel.h"
#include "lp/lp_cdd.h"
#include "geom/poly_q.h"
#include "base/rational.h"

/* Integer numerators of affine maps on a piece: rows x (n+1). */
typedef struct qmap {
    size_t rows, d;
    mpz_t v[];
} qmap;

typedef struct exact_state {
    mpz_t **wi, **bi;    /* integer weights and biases per layer */
    mpz_t *q;            /* layer denominators Q_l */
    mpz_t *den;          /* map denominators D_l, l = 0..L */
    mpz_t *z;            /* pre-activation numerators, maxw x d */
    double *zd;          /* their approximations */
    unsigned char *zconst;
    signed char *sign;   /* scratch: signs at generators */
    size_t sign_cap, maxw;
} exact_state;

static qmap *
qmap_new(size_t rows, size_t d)
{
    qmap *m = malloc(sizeof *m + (rows * d + 1) * sizeof(mpz_t));
    size_t i;

    if (m == NULL)
        return NULL;
    m->rows = rows;
    m->d = d;
    for (i = 0; i < rows * d; i++)
        mpz_init(m->v[i]);
    return m;
}

static void
exact_map_free(void *map)
{
    qmap *m = map;
    size_t i;

    if (m == NULL)
        return;
    for (i = 0; i < m->rows * m->d; i++)
        mpz_clear(m->v[i]);
    free(m);
}

static void
exact_poly_free(void *poly)
{
    rc_polyq_free(poly);
}

static void
exact_clear(rc_kernel *k)
{
    exact_state *s = k->impl;
    const rc_net *net = k->net;
    size_t l, L = net->num_layers;

    if (s == NULL)
        return;
    for (l = 0; l < L; l++) {
        if (s->wi != NULL)
            rc_mpz_array_free(s->wi[l], net->sizes[l + 1] * net->sizes[l]);
        if (s->bi != NULL)
            rc_mpz_array_free(s->bi[l], net->sizes[l + 1]);
    }
    free(s->wi);
    free(s->bi);
    rc_mpz_array_free(s->q, L);
    rc_mpz_array_free(s->den, L + 1);
    rc_mpz_array_free(s->z, s->maxw * (k->n + 1));
    free(s->zd);
    free(s->zconst);
    free(s->sign);
    free(s);
    k->impl = NULL;
}

/* Numerators of the values over their least common denominator q. */
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

static rc_status
exact_init(rc_kernel *k)
{
    const rc_net *net = k->net;
    size_t l, L = net->num_layers, d = k->n + 1, i;
    exact_state *s = calloc(1, sizeof *s);
    mpz_t qb, f;

    if (s == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    k->impl = s;
    for (l = 0; l <= L; l++)
        if (net->sizes[l] > s->maxw)
            s->maxw = net->sizes[l];
    s->wi = calloc(L, sizeof *s->wi);
    s->bi = calloc(L, sizeof *s->bi);
    s->q = rc_mpz_array_new(L);
    s->den = rc_mpz_array_new(L + 1);
    s->z = rc_mpz_array_new(s->maxw * d);
    s->zd = malloc(s->maxw * d * sizeof *s->zd);
    s->zconst = malloc(s->maxw);
    if (!s->wi || !s->bi || !s->q || !s->den || !s->z || !s->zd || !s->zconst)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    mpz_init(qb);
    mpz_init(f);
    for (l = 0; l < L; l++) {
        size_t out = net->sizes[l + 1], in = net->sizes[l];
        s->wi[l] = rc_mpz_array_new(out * in);
        s->bi[l] = rc_mpz_array_new(out);
        if (s->wi[l] == NULL || s->bi[l] == NULL) {
            mpz_clear(qb);
            mpz_clear(f);
            return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        }
        /* One denominator Q for the weights and biases of the layer. */
        common_denominator(s->wi[l], s->q[l], (const mpq_t *)net->weights_q[l],
                           out * in);
        common_denominator(s->bi[l], qb, (const mpq_t *)net->biases_q[l], out);
        mpz_lcm(f, qb, s->q[l]);               /* f = Q */
        mpz_divexact(qb, f, qb);               /* qb = Q / q_biases */
        for (i = 0; i < out; i++)
            mpz_mul(s->bi[l][i], s->bi[l][i], qb);
        mpz_divexact(qb, f, s->q[l]);          /* qb = Q / q_weights */
        for (i = 0; i < out * in; i++)
            mpz_mul(s->wi[l][i], s->wi[l][i], qb);
        mpz_set(s->q[l], f);
    }
    mpz_clear(qb);
    mpz_clear(f);
    return RC_OK;
}

/* The piece of the domain, and x_n = (x - mean) / range over D_0. */
static rc_status
exact_root(rc_kernel *k, void **poly_out, void **map_out)
{
    exact_state *s = k->impl;
    const rc_net *net = k->net;
    const rc_domain *dom = k->dom;
    size_t nin = net->sizes[0], n = k->n, d = n + 1, i, c = 0, j;
    mpq_t *vals = rc_mpq_array_new(nin * d), *lo = rc_mpq_array_new(n),
          *hi = rc_mpq_array_new(n);
    qmap *a = qmap_new(nin, d);
    rc_polyq *p = NULL;
    rc_status st = RC_OK;

    if (!vals || !lo || !hi || !a) {
        st = rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    for (i = 0; i < nin; i++) {
        mpq_t *row = vals + i * d;
        if (dom->fixed[i]) {
            mpq_sub(row[0], dom->value_q[i], net->in_mean_q[i]);
            mpq_div(row[0], row[0], net->in_range_q[i]);
            continue;
        }
        mpq_div(row[0], net->in_mean_q[i], net->in_range_q[i]);
        mpq_neg(row[0], row[0]);
        mpq_inv(row[1 + c], net->in_range_q[i]);
        mpq_set(lo[c], dom->lo_q[i]);
        mpq_set(hi[c], dom->hi_q[i]);
        c++;
    }
    common_denominator(a->v, s->den[0], (const mpq_t *)vals, nin * d);
    for (j = 0; j + 1 < net->num_layers; j++)
        mpz_mul(s->den[j + 1], s->den[j], s->q[j]);
    st = dom->bounded ? rc_polyq_new_box(&p, n, (const mpq_t *)lo,
                                         (const mpq_t *)hi)
                      : rc_polyq_new_space(&p, n);
    if (st != RC_OK) {
        st = rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    *poly_out = p;
    *map_out = a;
    a = NULL;
done:
    exact_map_free(a);
    rc_mpq_array_free(vals, nin * d);
    rc_mpq_array_free(lo, n);
    rc_mpq_array_free(hi, n);
    return st;
}

/* out (rows x d) = Wi a + D bi e_0 for layer l. */
static void
integer_compose(mpz_t *out, const exact_state *s, const rc_net *net, size_t l,
                const qmap *a)
{
    size_t rows = net->sizes[l + 1], in = net->sizes[l], d = a->d, i, j, c;

    for (i = 0; i < rows; i++) {
        mpz_t *zi = out + i * d;
        mpz_mul(zi[0], s->bi[l][i], s->den[l]);
        for (c = 1; c < d; c++)
            mpz_set_ui(zi[c], 0);
        for (j = 0; j < in; j++) {
            const mpz_t *w = &s->wi[l][i * in + j];
            const mpz_t *aj = a->v + j * d;
            if (mpz_sgn(*w) == 0)
                continue;
            for (c = 0; c < d; c++)
                if (mpz_sgn(aj[c]) != 0)
                    mpz_addmul(zi[c], *w, aj[c]);
        }
    }
}

static rc_status
exact_compose(rc_kernel *k, size_t l, const void *map)
{
    exact_state *s = k->impl;
    size_t rows = k->net->sizes[l + 1], d = k->n + 1, i, c;

    integer_compose(s->z, s, k->net, l, map);
    for (i = 0; i < rows; i++) {
        s->zconst[i] = 1;
        for (c = 1; c < d; c++)
            if (mpz_sgn(s->z[i * d + c]) != 0)
                s->zconst[i] = 0;
        rc_polyq_approx(s->zd + i * d, s->z + i * d, d);
    }
    return RC_OK;
}

static rc_status
exact_classify(rc_kernel *k, rc_side *side, const void *poly, size_t j)
{
    exact_state *s = k->impl;
    const rc_polyq *p = poly;
    size_t d = k->n + 1;

    if (s->zconst[j]) {
        /* Constant on the piece: its sign is the bit (zero is inactive). */
        *side = mpz_sgn(s->z[j * d]) > 0 ? RC_SIDE_POS : RC_SIDE_NEG;
        return RC_OK;
    }
    if (p->k > s->sign_cap) {
        signed char *v = realloc(s->sign, 2 * p->k);
        if (v == NULL)
            return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        s->sign = v;
        s->sign_cap = 2 * p->k;
    }
    *side = rc_polyq_classify(p, (const mpz_t *)(s->z + j * d), s->zd + j * d,
                              s->sign, &k->stats->exact_signs);
    return RC_OK;
}

static rc_status
exact_split(rc_kernel *k, void **neg, void **pos, const void *poly, size_t j,
            rc_owner owner)
{
    exact_state *s = k->impl;
    rc_polyq *qn = NULL, *qp = NULL;

    /* s->sign holds this row's signs at the piece's generators. */
    if (rc_polyq_split(&qn, &qp, poly, (const mpz_t *)(s->z + j * (k->n + 1)),
                       owner, s->sign) != RC_OK)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    *neg = qn;
    *pos = qp;
    return RC_OK;
}

static rc_status
exact_post(rc_kernel *k, void **map, const unsigned char *bits, size_t width)
{
    exact_state *s = k->impl;
    size_t d = k->n + 1, j, c;
    qmap *a = qmap_new(width, d);

    if (a == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    for (j = 0; j < width; j++)
        if (bits[j])
            for (c = 0; c < d; c++)
                mpz_set(a->v[j * d + c], s->z[j * d + c]);
    *map = a;
    return RC_OK;
}

static double
unit_normalise(double *v, size_t n)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        s += v[i] * v[i];
    s = sqrt(s);
    if (s > 0.0)
        for (i = 0; i < n; i++)
            v[i] /= s;
    return s;
}

static rc_region_exact *
region_exact_new(size_t m, size_t k, size_t s, size_t n, size_t outputs)
{
    rc_region_exact *e = calloc(1, sizeof *e);

    if (e == NULL)
        return NULL;
    e->m = m;
    e->k = k;
    e->s = s;
    e->facet_a = rc_mpq_array_new(m * n);
    e->facet_b = rc_mpq_array_new(m);
    e->vertices = rc_mpq_array_new(k * n);
    e->rays = rc_mpq_array_new(k * n);
    e->lines = rc_mpq_array_new(s * n);
    e->A = rc_mpq_array_new(outputs * n);
    e->c = rc_mpq_array_new(outputs);
    e->point = rc_mpq_array_new(n);
    mpq_init(e->margin);
    mpq_init(e->volume);
    return e;
}

/* Facets, generators, output map, volume and interior margin, exactly. */
static rc_status
exact_region(rc_kernel *k, rc_region *r, const void *poly, const void *map)
{
    exact_state *s = k->impl;
    const rc_net *net = k->net;
    const rc_polyq *p = poly;
    size_t n = k->n, d = n + 1, L = net->num_layers, m = net->sizes[L];
    size_t i, j, g, o, nf = 0, nv = 0, nr = 0;
    rc_region_exact *e;
    unsigned char *is_vertex;
    mpz_t *y;
    mpq_t t;
    rc_status st;

    if (rc_region_alloc(r, p->m, p->k, p->s) != 0
        || (e = region_exact_new(p->m, p->k, p->s, n, m)) == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    r->exact = e;
    if (!e->facet_a || !e->facet_b || !e->vertices || !e->rays || !e->lines
        || !e->A || !e->c || !e->point)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    /* Facets: row0 + row . x >= 0 is (-row) . x <= row0. */
    for (i = 0; i < p->m; i++) {
        if (p->owners[i].kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        for (j = 0; j < n; j++) {
            mpz_neg(mpq_numref(e->facet_a[nf * n + j]), p->rows[i * d + 1 + j]);
            r->facet_a[nf * n + j] = rc_q_get_d(e->facet_a[nf * n + j]);
        }
        mpz_set(mpq_numref(e->facet_b[nf]), p->rows[i * d]);
        r->facet_b[nf] = rc_q_get_d(e->facet_b[nf])
                         / unit_normalise(r->facet_a + nf * n, n);
        r->owners[nf] = p->owners[i];
        if (r->owners[nf].kind == RC_OWNER_DOMAIN)
            r->owners[nf].index = (unsigned)k->part->free_inputs[p->owners[i].index];
        nf++;
    }
    r->num_facets = nf;
    is_vertex = malloc(p->k + 1);
    if (is_vertex == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    for (g = 0; g < p->k; g++)
        is_vertex[g] = mpz_sgn(p->gens[g * d]) > 0;
    rc_region_set_incidence(r, p->inc, p->words, p->k, p->m, p->owners,
                            is_vertex);
    free(is_vertex);
    for (g = 0; g < p->k; g++) {
        const mpz_t *gen = p->gens + g * d;
        if (mpz_sgn(gen[0]) > 0) {
            for (j = 0; j < n; j++) {
                mpq_t *x = &e->vertices[nv * n + j];
                mpz_set(mpq_numref(*x), gen[1 + j]);
                mpz_set(mpq_denref(*x), gen[0]);
                mpq_canonicalize(*x);
                r->vertices[nv * n + j] = rc_q_get_d(*x);
            }
            nv++;
        } else {
            for (j = 0; j < n; j++) {
                mpz_set(mpq_numref(e->rays[nr * n + j]), gen[1 + j]);
                r->rays[nr * n + j] = rc_q_get_d(e->rays[nr * n + j]);
            }
            unit_normalise(r->rays + nr * n, n);
            nr++;
        }
    }
    r->nv = nv;
    r->nr = nr;
    for (g = 0; g < p->s; g++) {
        for (j = 0; j < n; j++) {
            mpz_set(mpq_numref(e->lines[g * n + j]), p->lin[g * d + 1 + j]);
            r->lines[g * n + j] = rc_q_get_d(e->lines[g * n + j]);
        }
        unit_normalise(r->lines + g * n, n);
    }
    r->nl = p->s;
    r->bounded = nr == 0 && p->s == 0;

    /* y = (Wi_L N + D bi e0) / (Q_L D) * range_out + mean_out. */
    y = rc_mpz_array_new(m * d);
    if (y == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    mpq_init(t);
    integer_compose(y, s, net, L - 1, map);
    for (o = 0; o < m; o++)
        for (j = 0; j < d; j++) {
            mpz_set(mpq_numref(t), y[o * d + j]);
            mpz_mul(mpq_denref(t), s->q[L - 1], s->den[L - 1]);
            mpq_canonicalize(t);
            mpq_mul(t, t, net->out_range_q);
            if (j == 0) {
                mpq_add(e->c[o], t, net->out_mean_q);
                r->c[o] = rc_q_get_d(e->c[o]);
            } else {
                mpq_set(e->A[o * n + j - 1], t);
                r->A[o * n + j - 1] = rc_q_get_d(t);
            }
        }
    rc_mpz_array_free(y, m * d);
    mpq_clear(t);

    r->volume = r->bounded ? NAN : INFINITY;
    if (k->opts->volume && r->bounded) {
        if (rc_polyq_volume(e->volume, p) != RC_OK)
            return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        r->volume = rc_q_get_d(e->volume);
    }
    if (k->opts->chebyshev && k->opts->certify_lp) {
        st = rc_lp_cdd_margin(e->point, e->margin, (const mpq_t *)e->facet_a,
                              (const mpq_t *)e->facet_b, nf, n, k->err);
        k->stats->lp_calls++;
        if (st != RC_OK)
            return st;
        if (mpq_sgn(e->margin) <= 0)
            return rc_error_set(k->err, RC_ERR_NUMERIC,
                                "internal error: a region has no interior");
        e->has_point = 1;
    }
    return RC_OK;
}

const rc_kernel_ops rc_kernel_exact = {
    exact_init, exact_clear, exact_root, exact_compose, exact_classify,
    exact_split, exact_post, exact_region, exact_poly_free, exact_map_free
};
