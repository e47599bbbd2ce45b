/* kernel_exact.c -- the kernel in exact rational arithmetic.
 *
 * Every number is exact.  The network restricted to the domain (the
 * affine network, in the raw coordinates of the free inputs) is kept as
 * integer matrices over one denominator per layer (kernel_exact.h), so the
 * maps of the refinement are integer matrices and every hyperplane an
 * integer row.  Pieces are rc_polyq (poly_q.h), whose signs pass a float
 * filter before GMP.  Each region's interior is certified by a positive
 * rational margin (region_fill.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "kernel/kernel.h"
#include "kernel/kernel_exact.h"
#include "kernel/region_fill.h"

/* Integer numerators of affine maps on a piece: rows x d. */
typedef struct qmap {
    size_t rows, d;
    mpz_t v[];
} qmap;

typedef struct exact_ctx {
    rc_exact_net *en;
    const rc_net *net;
    const rc_enum_opts *opts;
    size_t *free_inputs;     /* engine coordinate k is input free_inputs[k] */
    double typical;          /* a length of the domain, for the LPs */
} exact_ctx;

typedef struct exact_ws {
    rc_kernel_ws base;
    const exact_ctx *ctx;
    /* Per layer l, the last map composed (in[l]) and its composition
     * (out[l]): siblings' maps differ in a few rows, and the next one's
     * composition is out[l] plus the changed rows' terms (exact_compose);
     * valid[l] once they hold one.  */
    mpz_t **in, **out;
    unsigned char *valid;
    size_t *changed;         /* scratch: the rows exact_compose updates */
    mpz_t delta[RC_MAX_DIM + 1];
    mpz_t *z;                /* out[l] of the last compose: pre-activation
                                numerators, sizes[l+1] x d */
    double *zd;              /* their filter approximations */
    unsigned char *zconst;
    signed char *sign;       /* scratch: signs at generators */
    size_t sign_cap;
} exact_ws;

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
exact_piece_free(void *piece)
{
    rc_polyq_free(piece);
}

/* ---- the integer network --------------------------------------------- */

void
rc_exact_net_free(rc_exact_net *en)
{
    size_t l;

    if (en == NULL)
        return;
    for (l = 0; l < en->L; l++) {
        if (en->wi != NULL)
            rc_mpz_array_free(en->wi[l], en->aff->sizes[l + 1] * en->aff->sizes[l]);
        if (en->bi != NULL)
            rc_mpz_array_free(en->bi[l], en->aff->sizes[l + 1]);
    }
    free(en->wi);
    free(en->bi);
    rc_mpz_array_free(en->q, en->L);
    rc_mpz_array_free(en->den, en->L + 1);
    rc_mpq_array_free(en->lo, en->n);
    rc_mpq_array_free(en->hi, en->n);
    if (en->owns_aff)
        rc_affine_free(en->aff);
    free(en);
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

rc_status
rc_exact_net_new(rc_exact_net **out, const rc_view *view, rc_frame frame,
                 rc_error *err)
{
    rc_affine *aff;
    rc_status st;

    *out = NULL;
    if ((st = rc_affine_new_view(&aff, view, frame, 1, err)) != RC_OK)
        return st;
    if ((st = rc_exact_net_new_from(out, aff, view, frame, err)) != RC_OK) {
        rc_affine_free(aff);
        return st;
    }
    (*out)->owns_aff = 1;
    return RC_OK;
}

rc_status
rc_exact_net_new_from(rc_exact_net **out, rc_affine *aff, const rc_view *view,
                      rc_frame frame, rc_error *err)
{
    rc_exact_net *en = calloc(1, sizeof *en);
    size_t l, i, L;
    mpz_t qb, f;

    *out = NULL;
    if (en == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    en->aff = aff;
    L = en->L = en->aff->num_layers;
    en->n = en->aff->n;
    en->bounded = view->bounded;
    for (l = 0; l <= L; l++)
        if (en->aff->sizes[l] > en->maxw)
            en->maxw = en->aff->sizes[l];
    en->wi = calloc(L, sizeof *en->wi);
    en->bi = calloc(L, sizeof *en->bi);
    en->q = rc_mpz_array_new(L);
    en->den = rc_mpz_array_new(L + 1);
    en->lo = rc_mpq_array_new(en->n);
    en->hi = rc_mpq_array_new(en->n);
    if (!en->wi || !en->bi || !en->q || !en->den || !en->lo || !en->hi) {
        rc_exact_net_free(en);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    mpz_init(qb);
    mpz_init(f);
    for (l = 0; l < L; l++) {
        size_t rows = en->aff->sizes[l + 1], cols = en->aff->sizes[l];
        en->wi[l] = rc_mpz_array_new(rows * cols);
        en->bi[l] = rc_mpz_array_new(rows);
        if (en->wi[l] == NULL || en->bi[l] == NULL)
            break;
        /* One denominator Q for the weights and biases of the layer. */
        common_denominator(en->wi[l], en->q[l], (const mpq_t *)en->aff->Wq[l],
                           rows * cols);
        common_denominator(en->bi[l], qb, (const mpq_t *)en->aff->bq[l], rows);
        mpz_lcm(f, qb, en->q[l]);
        mpz_divexact(qb, f, qb);
        for (i = 0; i < rows; i++)
            mpz_mul(en->bi[l][i], en->bi[l][i], qb);
        mpz_divexact(qb, f, en->q[l]);
        for (i = 0; i < rows * cols; i++)
            mpz_mul(en->wi[l][i], en->wi[l][i], qb);
        mpz_set(en->q[l], f);
    }
    mpz_clear(qb);
    mpz_clear(f);
    if (l < L) {
        rc_exact_net_free(en);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    mpz_set_ui(en->den[0], 1);
    for (l = 0; l < L; l++)
        mpz_mul(en->den[l + 1], en->den[l], en->q[l]);
    if (view->bounded) {
        if (frame == RC_FRAME_UNIT) {
            double *c = malloc((en->n + 1) * sizeof *c);
            double *s = malloc((en->n + 1) * sizeof *s);
            if (c == NULL || s == NULL) {
                free(c);
                free(s);
                rc_exact_net_free(en);
                return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
            }
            rc_affine_frame(c, s, view);
            rc_affine_unit_box(en->lo, en->hi, view, c, s);
            free(c);
            free(s);
        } else {
            for (i = 0; i < en->n; i++) {
                mpq_set(en->lo[i], view->lo[i]);
                mpq_set(en->hi[i], view->hi[i]);
            }
        }
    }
    *out = en;
    return RC_OK;
}

rc_status
rc_exact_net_root(rc_polyq **p, const rc_exact_net *en)
{
    return en->bounded ? rc_polyq_new_box(p, en->n, (const mpq_t *)en->lo,
                                          (const mpq_t *)en->hi)
                       : rc_polyq_new_space(p, en->n);
}

void
rc_exact_net_compose(mpz_t *out, const rc_exact_net *en, size_t l,
                     const mpz_t *a)
{
    rc_exact_net_compose_masked(out, en, l, a, NULL);
}

void
rc_exact_net_compose_masked(mpz_t *out, const rc_exact_net *en, size_t l,
                            const mpz_t *a, const unsigned char *mask)
{
    size_t rows = en->aff->sizes[l + 1], in = en->aff->sizes[l];
    size_t d = en->n + 1, i, j, c;

    for (i = 0; i < rows; i++) {
        mpz_t *zi = out + i * d;
        mpz_mul(zi[0], en->bi[l][i], en->den[l]);
        for (c = 1; c < d; c++)
            mpz_set_ui(zi[c], 0);
        for (j = 0; j < in; j++) {
            const mpz_t *w = &en->wi[l][i * in + j];
            const mpz_t *aj = a + j * d;
            if (mpz_sgn(*w) == 0 || (mask != NULL && !mask[j]))
                continue;
            for (c = 0; c < d; c++)
                if (mpz_sgn(aj[c]) != 0)
                    mpz_addmul(zi[c], *w, aj[c]);
        }
    }
}

/* ---- the kernel ------------------------------------------------------ */

static void
exact_ctx_free(void *p)
{
    exact_ctx *c = p;

    if (c == NULL)
        return;
    rc_exact_net_free(c->en);
    free(c->free_inputs);
    free(c);
}

static rc_status
exact_ctx_new(void **out, const rc_view *view, const rc_enum_opts *opts,
              rc_error *err)
{
    exact_ctx *c = calloc(1, sizeof *c);
    size_t n = view->n, k;
    rc_status st;

    *out = NULL;
    if (c == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    c->net = view->net;
    c->opts = opts;
    c->free_inputs = malloc((n + 1) * sizeof *c->free_inputs);
    if (c->free_inputs == NULL) {
        free(c);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    c->typical = 0.0;
    for (k = 0; k < n; k++) {
        c->free_inputs[k] = view->input_of[k];
        c->typical += view->scale[k] / (double)n;
    }
    if (!(c->typical > 0.0) || !isfinite(c->typical))
        c->typical = 1.0;
    if ((st = rc_exact_net_new(&c->en, view, RC_FRAME_RAW, err)) != RC_OK) {
        exact_ctx_free(c);
        return st;
    }
    *out = c;
    return RC_OK;
}

static void
exact_ws_free(rc_kernel_ws *base)
{
    exact_ws *w = (exact_ws *)base;

    if (w == NULL)
        return;
    {
        const rc_affine *aff = w->ctx->en->aff;
        size_t l, d = w->ctx->en->n + 1;
        for (l = 0; l < aff->num_layers; l++) {
            if (w->in != NULL)
                rc_mpz_array_free(w->in[l], aff->sizes[l] * d);
            if (w->out != NULL)
                rc_mpz_array_free(w->out[l], aff->sizes[l + 1] * d);
        }
        for (l = 0; l < d; l++)
            mpz_clear(w->delta[l]);
    }
    free(w->in);
    free(w->out);
    free(w->valid);
    free(w->changed);
    free(w->zd);
    free(w->zconst);
    free(w->sign);
    free(w);
}

static rc_status
exact_ws_new(rc_kernel_ws **out, const void *ctxp, rc_error *err)
{
    const exact_ctx *c = ctxp;
    const rc_affine *aff = c->en->aff;
    size_t d = c->en->n + 1, maxw = c->en->maxw, l, widest;
    exact_ws *w = calloc(1, sizeof *w);
    int ok;

    *out = NULL;
    if (w == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    w->base.err = err;
    w->ctx = c;
    for (l = 0; l < d; l++)
        mpz_init(w->delta[l]);
    w->in = calloc(aff->num_layers + 1, sizeof *w->in);
    w->out = calloc(aff->num_layers + 1, sizeof *w->out);
    w->valid = calloc(aff->num_layers + 1, 1);
    for (l = 0, widest = 0; l < aff->num_layers; l++)
        widest = aff->sizes[l] > widest ? aff->sizes[l] : widest;
    w->changed = malloc((widest + 1) * sizeof *w->changed);
    w->zd = malloc((maxw * d + 1) * sizeof *w->zd);
    w->zconst = malloc(maxw + 1);
    ok = w->in && w->out && w->valid && w->changed && w->zd && w->zconst;
    for (l = 0; ok && l < aff->num_layers; l++) {
        w->in[l] = rc_mpz_array_new(aff->sizes[l] * d);
        w->out[l] = rc_mpz_array_new(aff->sizes[l + 1] * d);
        ok = w->in[l] != NULL && w->out[l] != NULL;
    }
    if (!ok) {
        exact_ws_free(&w->base);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    *out = &w->base;
    return RC_OK;
}

/* The domain piece; the map of layer 0 is the coordinates (D_0 = 1). */
static rc_status
exact_root(rc_kernel_ws *base, void **piece, void **map)
{
    exact_ws *w = (exact_ws *)base;
    size_t n = w->ctx->en->n, d = n + 1, k;
    qmap *a = qmap_new(n, d);
    rc_polyq *p = NULL;

    rc_status st;

    if (a == NULL) {
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    }
    if ((st = rc_exact_net_root(&p, w->ctx->en)) != RC_OK) {
        exact_map_free(a);
        return rc_error_from(base->err, st, "the domain as an exact polyhedron");
    }
    for (k = 0; k < n; k++)
        mpz_set_ui(a->v[k * d + 1 + k], 1);
    *piece = p;
    *map = a;
    return RC_OK;
}

static rc_status
exact_compose(rc_kernel_ws *base, size_t l, const void *map,
              const unsigned char *pattern)
{
    exact_ws *w = (exact_ws *)base;
    const rc_exact_net *en = w->ctx->en;
    size_t rows = en->aff->sizes[l + 1], in = en->aff->sizes[l];
    size_t d = en->n + 1, i, j, c, t, changed = 0;
    const mpz_t *a = ((const qmap *)map)->v;
    mpz_t *last = w->in[l], *z = w->out[l];

    (void)pattern;
    if (w->valid[l])
        for (j = 0; j < in && 3 * changed <= in; j++)
            for (c = 0; c < d; c++)
                if (mpz_cmp(a[j * d + c], last[j * d + c]) != 0) {
                    w->changed[changed++] = j;
                    break;
                }
    if (w->valid[l] && 3 * changed <= in) {
        /* z += W_l[:, j] (a_j - last_j) over the changed rows j */
        for (t = 0; t < changed; t++) {
            j = w->changed[t];
            for (c = 0; c < d; c++)
                mpz_sub(w->delta[c], a[j * d + c], last[j * d + c]);
            for (i = 0; i < rows; i++) {
                const mpz_t *wij = &en->wi[l][i * in + j];
                if (mpz_sgn(*wij) == 0)
                    continue;
                for (c = 0; c < d; c++)
                    if (mpz_sgn(w->delta[c]) != 0)
                        mpz_addmul(z[i * d + c], *wij, w->delta[c]);
            }
            for (c = 0; c < d; c++)
                mpz_set(last[j * d + c], a[j * d + c]);
        }
    } else {
        rc_exact_net_compose(z, en, l, a);
        for (j = 0; j < in * d; j++)
            mpz_set(last[j], a[j]);
        w->valid[l] = 1;
    }
    w->z = z;
    for (i = 0; i < rows; i++) {
        w->zconst[i] = 1;
        for (c = 1; c < d; c++)
            if (mpz_sgn(w->z[i * d + c]) != 0)
                w->zconst[i] = 0;
        rc_polyq_approx(w->zd + i * d, w->z + i * d, d);
    }
    return RC_OK;
}

static rc_status
exact_classify(rc_kernel_ws *base, rc_side *side, void **piece,
               const unsigned char *pattern, size_t j)
{
    exact_ws *w = (exact_ws *)base;
    const rc_polyq *p = *piece;
    size_t d = w->ctx->en->n + 1;

    (void)pattern;
    if (w->zconst[j]) {
        /* Constant on the piece: its sign is the bit (zero is inactive). */
        *side = mpz_sgn(w->z[j * d]) > 0 ? RC_SIDE_POS : RC_SIDE_NEG;
        return RC_OK;
    }
    if (p->k > w->sign_cap) {
        signed char *v = realloc(w->sign, 2 * p->k);
        if (v == NULL)
            return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
        w->sign = v;
        w->sign_cap = 2 * p->k;
    }
    *side = rc_polyq_classify(p, (const mpz_t *)(w->z + j * d), w->zd + j * d,
                              w->sign, &base->stats.exact_signs);
    return RC_OK;
}

static rc_status
exact_split(rc_kernel_ws *base, void **neg, void **pos, const void *piece,
            size_t j, rc_owner owner)
{
    exact_ws *w = (exact_ws *)base;
    rc_polyq *qn = NULL, *qp = NULL;

    /* w->sign holds this row's signs at the piece's generators. */
    rc_status st = rc_polyq_split(&qn, &qp, piece,
                                  (const mpz_t *)(w->z + j * (w->ctx->en->n + 1)),
                                  owner, w->sign);
    if (st != RC_OK)
        return rc_error_from(base->err, st, "an exact cut");
    *neg = qn;
    *pos = qp;
    return RC_OK;
}

static rc_status
exact_post(rc_kernel_ws *base, void **map, void **piece,
           const unsigned char *bits, size_t width)
{
    exact_ws *w = (exact_ws *)base;
    size_t d = w->ctx->en->n + 1, j, c;
    qmap *a = qmap_new(width, d);

    (void)piece;
    if (a == NULL)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    for (j = 0; j < width; j++)
        if (bits[j])
            for (c = 0; c < d; c++)
                mpz_set(a->v[j * d + c], w->z[j * d + c]);
    *map = a;
    return RC_OK;
}

static double
unit_normalise(double *v, size_t n)
{
    double s = 0.0, big = 0.0;
    size_t i;

    for (i = 0; i < n; i++)
        if (fabs(v[i]) > big)
            big = fabs(v[i]);
    if (!(big > 0.0) || !isfinite(big))
        return big;
    for (i = 0; i < n; i++)
        s += (v[i] / big) * (v[i] / big);
    s = big * sqrt(s);
    for (i = 0; i < n; i++)
        v[i] /= s;
    return s;
}

/* Facets: row0 + row . x >= 0 is (-row) . x <= row0; doubles from rows
 * scaled by a power of two (their entries may lie outside double range). */
static void
exact_facets(rc_region *r, const rc_polyq *p, const exact_ctx *ctx)
{
    rc_region_exact *e = r->exact;
    size_t n = ctx->en->n, d = n + 1, i, j, nf = 0;
    double *scaled = malloc(d * sizeof *scaled);

    for (i = 0; i < p->m; i++) {
        double norm;
        if (p->owners[i].kind == (rc_owner_kind)RC_OWNER_INFINITY)
            continue;
        for (j = 0; j < n; j++)
            mpz_neg(mpq_numref(e->facet_a[nf * n + j]), p->rows[i * d + 1 + j]);
        mpz_set(mpq_numref(e->facet_b[nf]), p->rows[i * d]);
        if (scaled != NULL) {
            rc_polyq_approx(scaled, p->rows + i * d, d);
            for (j = 0; j < n; j++)
                r->facet_a[nf * n + j] = -scaled[1 + j];
            norm = unit_normalise(r->facet_a + nf * n, n);
            r->facet_b[nf] = scaled[0] / norm;
        }
        r->owners[nf] = p->owners[i];
        if (r->owners[nf].kind == RC_OWNER_DOMAIN
            && ctx->free_inputs[p->owners[i].index] != (size_t)-1)
            r->owners[nf].index = (unsigned)ctx->free_inputs[p->owners[i].index];
        nf++;
    }
    free(scaled);
    r->num_facets = nf;
}

/* Vertices, rays and lines, exactly and as doubles. */
static void
exact_generators(rc_region *r, const rc_polyq *p)
{
    rc_region_exact *e = r->exact;
    size_t n = p->n, d = n + 1, g, j, nv = 0, nr = 0;

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
            for (j = 0; j < n; j++)
                mpz_set(mpq_numref(e->rays[nr * n + j]), gen[1 + j]);
            rc_polyq_approx(r->rays + nr * n, gen + 1, n);
            unit_normalise(r->rays + nr * n, n);
            nr++;
        }
    }
    for (g = 0; g < p->s; g++) {
        for (j = 0; j < n; j++)
            mpz_set(mpq_numref(e->lines[g * n + j]), p->lin[g * d + 1 + j]);
        rc_polyq_approx(r->lines + g * n, p->lin + g * d + 1, n);
        unit_normalise(r->lines + g * n, n);
    }
    r->nv = nv;
    r->nr = nr;
    r->nl = p->s;
    r->bounded = nr == 0 && p->s == 0;
}

/* The output map y = (Wi_L N + D bi e0) / (Q_L D). */
static rc_status
exact_output(rc_region *r, const exact_ws *w, const qmap *map)
{
    const rc_exact_net *en = w->ctx->en;
    rc_region_exact *e = r->exact;
    size_t n = en->n, d = n + 1, L = en->L, m = en->aff->sizes[L], o, j;
    mpz_t *y = rc_mpz_array_new(m * d);
    mpq_t t;

    if (y == NULL)
        return RC_ERR_NOMEM;
    mpq_init(t);
    rc_exact_net_compose(y, en, L - 1, map->v);
    for (o = 0; o < m; o++)
        for (j = 0; j < d; j++) {
            mpz_set(mpq_numref(t), y[o * d + j]);
            mpz_mul(mpq_denref(t), en->q[L - 1], en->den[L - 1]);
            mpq_canonicalize(t);
            if (j == 0) {
                mpq_set(e->c[o], t);
                r->c[o] = rc_q_get_d(t);
            } else {
                mpq_set(e->A[o * n + j - 1], t);
                r->A[o * n + j - 1] = rc_q_get_d(t);
            }
        }
    rc_mpz_array_free(y, m * d);
    mpq_clear(t);
    return RC_OK;
}

static rc_status
exact_region(rc_kernel_ws *base, rc_region *r, const void *piece,
             const void *map)
{
    exact_ws *w = (exact_ws *)base;
    const exact_ctx *ctx = w->ctx;
    const rc_polyq *p = piece;
    size_t n = ctx->en->n, d = n + 1, g;
    unsigned char *is_vertex;

    rc_status st;

    if (rc_region_alloc(r, p->m, p->k, p->s) != RC_OK
        || (r->exact = rc_region_exact_new(p->m, p->k, p->s, n,
                                           r->outputs)) == NULL
        || !rc_region_exact_ok(r->exact))
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    exact_facets(r, p, ctx);
    is_vertex = malloc(p->k + 1);
    if (is_vertex == NULL)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    for (g = 0; g < p->k; g++)
        is_vertex[g] = mpz_sgn(p->gens[g * d]) > 0;
    rc_region_set_incidence(r, p->inc, p->words, p->k, p->m, p->owners,
                            is_vertex);
    free(is_vertex);
    exact_generators(r, p);
    if ((st = exact_output(r, w, map)) != RC_OK)
        return rc_error_from(base->err, st, "the output map of a region");
    r->volume = r->bounded ? NAN : INFINITY;
    if (ctx->opts->volume && r->bounded) {
        if ((st = rc_polyq_volume(r->exact->volume, p)) != RC_OK)
            return rc_error_from(base->err, st, "the volume of a region");
        r->volume = rc_q_get_d(r->exact->volume);
    }
    return rc_region_fill_exact(r, ctx->typical, ctx->opts, &base->stats,
                                base->err);
}

/* Exact compositions are the same whatever came before: no forget, and
 * a second worker composes for itself instead of adopting. */
const rc_kernel_ops rc_kernel_exact = {
    .ctx_new = exact_ctx_new, .ctx_free = exact_ctx_free,
    .ws_new = exact_ws_new, .ws_free = exact_ws_free, .root = exact_root,
    .compose = exact_compose, .node = NULL, .classify = exact_classify,
    .split = exact_split, .post = exact_post, .region = exact_region,
    .piece_free = exact_piece_free, .map_free = exact_map_free,
    .forget = NULL, .adopt = NULL, .map_copy = NULL
};
