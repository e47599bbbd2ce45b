/* kernel_float.c -- the kernel in double precision.
 *
 * Pieces are rc_poly (poly.h) in internal coordinates u, x = centre +
 * scale * u, where a box domain is [-1,1]^n: tolerances are then relative
 * to the domain, whatever the units of the inputs.  A neuron's function on
 * a piece is normalised to a unit normal, so its values at vertices are
 * distances.  A cut shallower than opts->lp_margin is a close call: the
 * Chebyshev LPs of both pieces (GLPK) decide whether each has interior,
 * and the decision is counted as uncertain. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "kernel/kernel.h"
#include "lp/lp_glpk.h"

/* Affine maps on a piece: rows x (n+1), column 0 the constant. */
typedef struct fmap {
    size_t rows;
    double v[];
} fmap;

typedef struct float_state {
    double *z;          /* pre-activations of the current layer, normalised */
    double *scale_z;    /* 1 / norm of each row's linear part (0: constant) */
    double *raw_z;      /* the same rows unnormalised (for post) */
    double *vals;       /* values at generators (scratch) */
    size_t vals_cap, maxw;
} float_state;

static fmap *
fmap_new(size_t rows, size_t d)
{
    fmap *m = calloc(1, sizeof *m + rows * d * sizeof(double) + 1);

    if (m != NULL)
        m->rows = rows;
    return m;
}

static void
float_map_free(void *map)
{
    free(map);
}

static void
float_poly_free(void *poly)
{
    rc_poly_free(poly);
}

static rc_status
float_init(rc_kernel *k)
{
    float_state *s = calloc(1, sizeof *s);
    size_t l, d = k->n + 1;

    if (s == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    k->impl = s;
    for (l = 0; l < k->n; l++)
        if (!(k->part->scale[l] > 0.0))
            return rc_error_set(k->err, RC_ERR_ARG,
                                "the box of x%zu is too thin for floating point "
                                "(use exact mode)", k->part->free_inputs[l] + 1);
    for (l = 0; l <= k->net->num_layers; l++)
        if (k->net->sizes[l] > s->maxw)
            s->maxw = k->net->sizes[l];
    s->z = malloc(s->maxw * d * sizeof(double));
    s->raw_z = malloc(s->maxw * d * sizeof(double));
    s->scale_z = malloc(s->maxw * sizeof(double));
    if (!s->z || !s->raw_z || !s->scale_z)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    return RC_OK;
}

static void
float_clear(rc_kernel *k)
{
    float_state *s = k->impl;

    if (s == NULL)
        return;
    free(s->z);
    free(s->raw_z);
    free(s->scale_z);
    free(s->vals);
    free(s);
    k->impl = NULL;
}

/* The normalised inputs x_n = (x - mean) / range as functions of u. */
static rc_status
float_root(rc_kernel *k, void **poly_out, void **map_out)
{
    const rc_net *net = k->net;
    const rc_domain *dom = k->dom;
    rc_partition *part = k->part;
    size_t nin = net->sizes[0], d = k->n + 1, i, c = 0;
    fmap *a = fmap_new(nin, d);
    rc_poly *p = NULL;
    rc_status st;

    st = dom->bounded ? rc_poly_new_box(&p, k->n) : rc_poly_new_space(&p, k->n);
    if (st != RC_OK || a == NULL) {
        rc_poly_free(p);
        free(a);
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < nin; i++) {
        double mean = net->in_mean[i], range = net->in_range[i];
        if (dom->fixed[i]) {
            a->v[i * d] = (dom->value[i] - mean) / range;
        } else {
            a->v[i * d] = (part->centre[c] - mean) / range;
            a->v[i * d + 1 + c] = part->scale[c] / range;
            c++;
        }
    }
    *poly_out = p;
    *map_out = a;
    return RC_OK;
}

/* z = W a + b for a layer: W is out x in, a is in x d, z is out x d. */
static void
affine_compose(double *z, const double *W, const double *b, const double *a,
               size_t out, size_t in, size_t d)
{
    size_t i, j, c;

    for (i = 0; i < out; i++) {
        double *zi = z + i * d;
        for (c = 0; c < d; c++)
            zi[c] = 0.0;
        zi[0] = b[i];
        for (j = 0; j < in; j++) {
            double w = W[i * in + j];
            const double *aj = a + j * d;
            if (w == 0.0)
                continue;
            for (c = 0; c < d; c++)
                zi[c] += w * aj[c];
        }
    }
}

static rc_status
float_compose(rc_kernel *k, size_t l, const void *map)
{
    float_state *s = k->impl;
    const rc_net *net = k->net;
    size_t out = net->sizes[l + 1], in = net->sizes[l], d = k->n + 1, i, c;

    affine_compose(s->raw_z, net->weights[l], net->biases[l],
                   ((const fmap *)map)->v, out, in, d);
    for (i = 0; i < out; i++) {
        const double *r = s->raw_z + i * d;
        double norm = 0.0;

        for (c = 1; c < d; c++)
            norm += r[c] * r[c];
        norm = sqrt(norm);
        if (!isfinite(norm) || !isfinite(r[0]))
            return rc_error_set(k->err, RC_ERR_NUMERIC,
                                "neuron %zu %zu: pre-activation is not finite",
                                l + 1, i + 1);
        /* A linear part this small against the constant is a constant
         * function on the piece (a zero row, or weights that cancel). */
        s->scale_z[i] = norm > 1e-14 * (norm + fabs(r[0])) ? 1.0 / norm : 0.0;
        for (c = 0; c < d; c++)
            s->z[i * d + c] = s->scale_z[i] != 0.0 ? r[c] * s->scale_z[i] : r[c];
    }
    return RC_OK;
}

/* Chebyshev radius, in internal units, of P n {sign * h >= 0}. */
static rc_status
side_radius(rc_kernel *k, double *radius, const rc_poly *p, const double *row,
            double sign)
{
    size_t n = p->n, d = n + 1, i, j, m = 0;
    double *A = malloc((p->m + 1) * n * sizeof(double));
    double *b = malloc((p->m + 1) * sizeof(double));
    double *centre = malloc(n * sizeof(double));
    rc_status st;

    if (!A || !b || !centre) {
        free(A);
        free(b);
        free(centre);
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i <= p->m; i++) {
        const double *r = i < p->m ? p->rows + i * d : row;
        double sg = i < p->m ? 1.0 : sign;
        if (i < p->m && p->owners[i].kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        for (j = 0; j < n; j++)
            A[m * n + j] = -sg * r[1 + j];
        b[m] = sg * r[0];
        m++;
    }
    st = rc_lp_chebyshev(centre, radius, A, b, m, n, 1.0, k->err);
    k->stats->lp_calls++;
    free(A);
    free(b);
    free(centre);
    return st;
}

static rc_status
float_classify(rc_kernel *k, rc_side *side, const void *poly, size_t j)
{
    float_state *s = k->impl;
    const rc_poly *p = poly;
    const double *row = s->z + j * (k->n + 1);
    double margin;

    if (s->scale_z[j] == 0.0) {
        /* Constant on the piece: its sign is the bit; an identically zero
         * neuron is inactive. */
        *side = row[0] > 0.0 ? RC_SIDE_POS : RC_SIDE_NEG;
        return RC_OK;
    }
    if (p->k > s->vals_cap) {
        double *v = realloc(s->vals, 2 * p->k * sizeof(double));
        if (v == NULL)
            return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        s->vals = v;
        s->vals_cap = 2 * p->k;
    }
    *side = rc_poly_classify(p, row, k->opts->eps, s->vals, &margin);
    if (*side == RC_SIDE_BOTH && margin < k->opts->lp_margin) {
        /* Too shallow for the signs to be trusted: ask the LP whether both
         * pieces have interior. */
        double rneg, rpos;
        rc_status st;

        k->stats->uncertain++;
        if ((st = side_radius(k, &rneg, p, row, -1.0)) != RC_OK
            || (st = side_radius(k, &rpos, p, row, 1.0)) != RC_OK)
            return st;
        if (rneg <= k->opts->eps || rpos <= k->opts->eps) {
            k->stats->lp_decisions++;
            *side = rneg > rpos ? RC_SIDE_NEG : RC_SIDE_POS;
        }
    }
    return RC_OK;
}

static rc_status
float_split(rc_kernel *k, void **neg, void **pos, const void *poly, size_t j,
            rc_owner owner)
{
    float_state *s = k->impl;
    const rc_poly *p = poly;
    const double *row = s->z + j * (k->n + 1);
    rc_poly *qn = NULL, *qp = NULL;

    /* s->vals hold this row's values at p's generators: see kernel.h. */
    if (rc_poly_split(&qn, &qp, p, row, owner, s->vals, k->opts->eps) != RC_OK)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    *neg = qn;
    *pos = qp;
    return RC_OK;
}

static rc_status
float_post(rc_kernel *k, void **map, const unsigned char *bits, size_t width)
{
    float_state *s = k->impl;
    size_t d = k->n + 1, j;
    fmap *a = fmap_new(width, d);

    if (a == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    for (j = 0; j < width; j++)
        if (bits[j])
            memcpy(a->v + j * d, s->raw_z + j * d, d * sizeof(double));
    *map = a;
    return RC_OK;
}

/* Facets, generators and output map of a final piece in raw coordinates. */
static rc_status
float_region(rc_kernel *k, rc_region *r, const void *poly, const void *map)
{
    const rc_partition *part = k->part;
    const rc_net *net = k->net;
    const rc_poly *p = poly;
    size_t n = k->n, d = n + 1, i, j, g, o, L = net->num_layers;
    size_t m = net->sizes[L], nf = 0;
    unsigned char *is_vertex;
    double *y;

    if (rc_region_alloc(r, p->m, p->k, p->s) != 0)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    for (i = 0; i < p->m; i++) {
        const double *row = p->rows + i * d;
        double *a = r->facet_a + nf * n, b = row[0], norm = 0.0;
        rc_owner ow = p->owners[i];

        if (ow.kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        /* row0 + sum row_j (x_j - centre_j) / scale_j >= 0 */
        for (j = 0; j < n; j++) {
            a[j] = -row[1 + j] / part->scale[j];
            b += a[j] * part->centre[j];
            norm += a[j] * a[j];
        }
        norm = sqrt(norm);
        for (j = 0; j < n; j++)
            a[j] /= norm;
        r->facet_b[nf] = b / norm;
        if (ow.kind == RC_OWNER_DOMAIN)
            ow.index = (unsigned)part->free_inputs[ow.index];
        r->owners[nf++] = ow;
    }
    r->num_facets = nf;
    is_vertex = malloc(p->k + 1);
    if (is_vertex == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    for (g = 0; g < p->k; g++)
        is_vertex[g] = p->gens[g * d] > 0.0;
    rc_region_set_incidence(r, p->inc, p->words, p->k, p->m, p->owners,
                            is_vertex);
    free(is_vertex);
    for (g = 0; g < p->k; g++) {
        const double *gen = p->gens + g * d;
        double *v, norm = 0.0;
        if (gen[0] > 0.0) {
            v = r->vertices + r->nv++ * n;
            for (j = 0; j < n; j++)
                v[j] = part->centre[j] + part->scale[j] * gen[1 + j] / gen[0];
            continue;
        }
        v = r->rays + r->nr++ * n;
        for (j = 0; j < n; j++) {
            v[j] = part->scale[j] * gen[1 + j];
            norm += v[j] * v[j];
        }
        for (j = 0; j < n; j++)
            v[j] /= sqrt(norm);
    }
    for (g = 0; g < p->s; g++) {
        double *v = r->lines + r->nl++ * n, norm = 0.0;
        for (j = 0; j < n; j++) {
            v[j] = part->scale[j] * p->lin[g * d + 1 + j];
            norm += v[j] * v[j];
        }
        for (j = 0; j < n; j++)
            v[j] /= sqrt(norm);
    }
    r->bounded = r->nr == 0 && r->nl == 0;

    /* y = (W_L a + b_L) * range_out + mean_out, then u -> x. */
    y = malloc(m * d * sizeof(double));
    if (y == NULL)
        return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
    affine_compose(y, net->weights[L - 1], net->biases[L - 1],
                   ((const fmap *)map)->v, m, net->sizes[L - 1], d);
    for (o = 0; o < m; o++) {
        double c = y[o * d] * net->out_range + net->out_mean;
        for (j = 0; j < n; j++) {
            double a = y[o * d + 1 + j] * net->out_range / part->scale[j];
            r->A[o * n + j] = a;
            c -= a * part->centre[j];
        }
        r->c[o] = c;
    }
    free(y);

    r->volume = r->bounded ? NAN : INFINITY;
    if (k->opts->volume && r->bounded) {
        double v;
        if (rc_poly_volume(&v, p) != RC_OK)
            return rc_error_set(k->err, RC_ERR_NOMEM, "out of memory");
        for (j = 0; j < n; j++)
            v *= part->scale[j];
        r->volume = v;
    }
    return RC_OK;
}

const rc_kernel_ops rc_kernel_float = {
    float_init, float_clear, float_root, float_compose, float_classify,
    float_split, float_post, float_region, float_poly_free, float_map_free
};
