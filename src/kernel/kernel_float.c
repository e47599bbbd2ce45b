/* kernel_float.c -- the kernel in plain double precision (--float).
 *
 * Pieces are rc_poly (poly.h) in the unit frame u (float_frame.h), where
 * a box domain is [-1,1]^n: tolerances are then relative to the domain,
 * whatever the units of the inputs.  A neuron's function on a piece is
 * scaled to a unit normal, so its values at vertices are distances.  A
 * generator within eps of a hyperplane lies on it.  Every decision with a
 * value closer than lp_margin to zero is counted as uncertain; a cut that
 * shallow is re-decided by the Chebyshev LPs of both pieces (GLPK).  This
 * kernel is the fastest and the only one that can be wrong; the filtered
 * kernel is the one to trust. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "kernel/compose.h"
#include "kernel/float_frame.h"
#include "kernel/kernel.h"
#include "lp/lp_glpk.h"

/* Rows whose largest entry lies outside [2^-900, 2^900] are out of the
 * range where the tolerances mean anything: their decisions are
 * uncertain. */
#define SAFE_LO 0x1p-900
#define SAFE_HI 0x1p900

typedef struct float_ctx {
    rc_float_frame f;
    rc_compose_net cn;
    const rc_enum_opts *opts;
} float_ctx;

typedef struct float_ws {
    rc_kernel_ws base;
    const float_ctx *ctx;
    size_t layer;       /* of the current composition */
    double *z;          /* pre-activations of the current layer, scaled */
    rc_rowblock *cur;   /* the same rows unscaled, for the children */
    rc_compose_cache *cache;   /* per layer */
    unsigned char *unsafe;
    double *vals;       /* values at generators (scratch) */
    double *y;          /* output map (scratch) */
    size_t vals_cap;
} float_ws;

static void
float_map_free(void *map)
{
    rc_fmap_free(map);
}

static void
float_piece_free(void *piece)
{
    rc_poly_free(piece);
}

static void
float_ctx_free(void *p)
{
    float_ctx *c = p;

    if (c == NULL)
        return;
    rc_compose_net_clear(&c->cn);
    rc_float_frame_clear(&c->f);
    free(c);
}

static rc_status
float_ctx_new(void **out, const rc_view *view, const rc_enum_opts *opts,
              rc_error *err)
{
    float_ctx *c = calloc(1, sizeof *c);
    rc_status st;

    *out = NULL;
    if (c == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    c->opts = opts;
    if ((st = rc_float_frame_init(&c->f, view, 0, err)) != RC_OK) {
        free(c);
        return st;
    }
    if (rc_compose_net_init(&c->cn, &c->f, 0) != RC_OK) {
        float_ctx_free(c);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return RC_OK;
}

static void
float_ws_free(rc_kernel_ws *base)
{
    float_ws *w = (float_ws *)base;
    size_t l;

    if (w == NULL)
        return;
    free(w->z);
    rc_rowblock_unref(w->cur);
    for (l = 0; w->cache != NULL && l < w->ctx->f.aff->num_layers; l++)
        rc_compose_cache_clear(&w->cache[l]);
    free(w->cache);
    free(w->unsafe);
    free(w->vals);
    free(w->y);
    free(w);
}

static rc_status
float_ws_new(rc_kernel_ws **out, const void *ctxp, rc_error *err)
{
    const float_ctx *c = ctxp;
    size_t d = c->f.n + 1, maxw = c->f.maxw, l;
    float_ws *w = calloc(1, sizeof *w);

    *out = NULL;
    if (w == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    w->base.err = err;
    w->ctx = c;
    w->z = malloc((maxw * d + 1) * sizeof(double));
    w->y = malloc((maxw * d + 1) * sizeof(double));
    w->unsafe = malloc(maxw + 1);
    w->cache = calloc(c->f.aff->num_layers + 1, sizeof *w->cache);
    if (!w->z || !w->y || !w->unsafe || !w->cache) {
        float_ws_free(&w->base);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (l = 0; l < c->f.aff->num_layers; l++)
        if (rc_compose_cache_init(&w->cache[l], maxw, d) != RC_OK) {
            float_ws_free(&w->base);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
    *out = &w->base;
    return RC_OK;
}

/* The domain, and the coordinates u as the map of layer 0. */
static rc_status
float_root(rc_kernel_ws *base, void **piece, void **map)
{
    float_ws *w = (float_ws *)base;
    size_t n = w->ctx->f.n, d = n + 1, k;
    rc_rowblock *b = rc_rowblock_new(n, d, 0);
    unsigned char *ones = malloc(n + 1);
    rc_poly *p = NULL;
    rc_fmap *m = NULL;

    if (b != NULL && ones != NULL) {
        for (k = 0; k < n; k++) {
            b->v[k * d + 1 + k] = 1.0;
            b->ninf[k] = 1.0;
            ones[k] = 1;
        }
        m = rc_fmap_new(b, ones);
    }
    rc_rowblock_unref(b);
    free(ones);
    if (m == NULL || rc_float_root(&p, &w->ctx->f) != RC_OK) {
        rc_fmap_free(m);
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    }
    *piece = p;
    *map = m;
    return RC_OK;
}

static rc_status
float_compose(rc_kernel_ws *base, size_t l, const void *map,
              const unsigned char *pattern)
{
    float_ws *w = (float_ws *)base;
    size_t out = w->ctx->f.aff->sizes[l + 1], d = w->ctx->f.n + 1, i;

    (void)pattern;
    w->layer = l;
    /* This node's rows, which its children's maps will share. */
    rc_rowblock_unref(w->cur);
    if ((w->cur = rc_rowblock_new_raw(out, d, 0)) == NULL)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    rc_compose(w->cur->v, NULL, &w->ctx->f, &w->ctx->cn, l, map, &w->cache[l]);
    for (i = 0; i < out; i++) {
        double mult, big = rc_float_unit_row(w->z + i * d, w->cur->v + i * d,
                                             d, &mult);
        w->cur->ninf[i] = big;
        if (!isfinite(big))
            return rc_error_set(base->err, RC_ERR_NUMERIC,
                                "neuron %zu %zu: the pre-activation overflows "
                                "double precision (use the default mode or "
                                "--exact)", l + 1, i + 1);
        w->unsafe[i] = big != 0.0 && (big < SAFE_LO || big > SAFE_HI);
    }
    return RC_OK;
}

/* Chebyshev radius, in internal units, of P n {sign * h >= 0}. */
static rc_status
side_radius(float_ws *w, double *radius, const rc_poly *p, const double *row,
            double sign)
{
    size_t n = p->n, d = n + 1, i, j, m = 0;
    double *A = malloc(((p->m + 1) * n + 1) * sizeof(double));
    double *b = malloc((p->m + 2) * sizeof(double));
    double *centre = malloc((n + 1) * sizeof(double));
    rc_status st;

    if (!A || !b || !centre) {
        free(A);
        free(b);
        free(centre);
        return rc_error_set(w->base.err, RC_ERR_NOMEM, "out of memory");
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
    st = rc_lp_chebyshev(centre, radius, A, b, m, n, 1.0, w->base.err);
    w->base.stats.lp_calls++;
    free(A);
    free(b);
    free(centre);
    return st;
}

static rc_status
float_classify(rc_kernel_ws *base, rc_side *side, void **piece,
               const unsigned char *pattern, size_t j)
{
    float_ws *w = (float_ws *)base;
    const rc_enum_opts *o = w->ctx->opts;
    const rc_poly *p = *piece;
    const double *row = w->z + j * (p->n + 1);
    double margin, nearest = INFINITY;
    size_t g;

    (void)pattern;
    if (p->k > w->vals_cap) {
        double *v = realloc(w->vals, 2 * p->k * sizeof(double));
        if (v == NULL)
            return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
        w->vals = v;
        w->vals_cap = 2 * p->k;
    }
    *side = rc_poly_classify(p, row, o->eps, w->vals, &margin);
    if (*side == RC_SIDE_ZERO)
        *side = RC_SIDE_NEG;   /* zero on the piece: the neuron is inactive */
    for (g = 0; g < p->k; g++)
        if (fabs(w->vals[g]) < nearest)
            nearest = fabs(w->vals[g]);
    /* A value this close to zero might have the other sign in exact
     * arithmetic: a sliver missed, or a vertex put on the wrong side. */
    if (nearest < o->lp_margin || w->unsafe[j])
        base->stats.uncertain++;
    if (*side == RC_SIDE_BOTH && margin < o->lp_margin) {
        /* Too shallow for the signs to be trusted: ask the LP whether both
         * pieces have interior. */
        double rneg, rpos;
        rc_status st;

        if ((st = side_radius(w, &rneg, p, row, -1.0)) != RC_OK
            || (st = side_radius(w, &rpos, p, row, 1.0)) != RC_OK)
            return st;
        if (rneg <= o->eps || rpos <= o->eps) {
            base->stats.lp_decisions++;
            *side = rneg > rpos ? RC_SIDE_NEG : RC_SIDE_POS;
        }
    }
    return RC_OK;
}

static rc_status
float_node(rc_kernel_ws *base, signed char *sides, const void *piece,
           size_t width)
{
    float_ws *w = (float_ws *)base;
    const rc_poly *p = piece;
    size_t d = p->n + 1, j;
    double centre[RC_MAX_DIM + 1], radius;

    if (p->n > RC_MAX_DIM || !rc_poly_ball(centre, &radius, p))
        return RC_OK;
    /* A unit row moves by at most the radius over the ball: beyond it by
     * lp_margin, every vertex is a certain decision. */
    for (j = 0; j < width; j++) {
        const double *h = w->z + j * d;
        double v = rc_poly_dot(h, centre, d);
        if (w->unsafe[j])
            continue;
        if (v > radius + w->ctx->opts->lp_margin)
            sides[j] = 1;
        else if (v < -radius - w->ctx->opts->lp_margin)
            sides[j] = -1;
    }
    return RC_OK;
}

static rc_status
float_split(rc_kernel_ws *base, void **neg, void **pos, const void *piece,
            size_t j, rc_owner owner)
{
    float_ws *w = (float_ws *)base;
    const rc_poly *p = piece;
    rc_poly *qn = NULL, *qp = NULL;

    /* w->vals hold this row's values at p's generators: see kernel.h. */
    if (rc_poly_split(&qn, &qp, p, w->z + j * (p->n + 1), owner, w->vals,
                      w->ctx->opts->eps) != RC_OK)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    *neg = qn;
    *pos = qp;
    return RC_OK;
}

static rc_status
float_post(rc_kernel_ws *base, void **map, void **piece,
           const unsigned char *bits, size_t width)
{
    float_ws *w = (float_ws *)base;

    (void)piece;
    (void)width;
    if ((*map = rc_fmap_new(w->cur, bits)) == NULL)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    return RC_OK;
}

static rc_status
float_region(rc_kernel_ws *base, rc_region *r, const void *piece,
             const void *map)
{
    float_ws *w = (float_ws *)base;
    size_t L = w->ctx->f.aff->num_layers;

    rc_compose(w->y, NULL, &w->ctx->f, &w->ctx->cn, L - 1, map, NULL);
    return rc_float_region(r, piece, w->y, &w->ctx->f, w->ctx->opts,
                           &base->stats, base->err);
}

static void
float_forget(rc_kernel_ws *base)
{
    float_ws *w = (float_ws *)base;
    size_t l;

    for (l = 0; l < w->ctx->f.aff->num_layers; l++)
        rc_compose_cache_forget(&w->cache[l]);
}

static rc_status
float_adopt(rc_kernel_ws *dst_base, const rc_kernel_ws *src_base)
{
    float_ws *dst = (float_ws *)dst_base;
    const float_ws *src = (const float_ws *)src_base;
    size_t out = src->ctx->f.aff->sizes[src->layer + 1], d = src->ctx->f.n + 1;

    dst->layer = src->layer;
    rc_rowblock_ref(src->cur);
    rc_rowblock_unref(dst->cur);
    dst->cur = src->cur;
    memcpy(dst->z, src->z, out * d * sizeof *dst->z);
    memcpy(dst->unsafe, src->unsafe, out);
    return RC_OK;
}

const rc_kernel_ops rc_kernel_float = {
    .ctx_new = float_ctx_new, .ctx_free = float_ctx_free,
    .ws_new = float_ws_new, .ws_free = float_ws_free, .root = float_root,
    .compose = float_compose, .node = float_node, .classify = float_classify,
    .split = float_split, .post = float_post, .region = float_region,
    .piece_free = float_piece_free, .map_free = float_map_free,
    .forget = float_forget, .adopt = float_adopt, .map_copy = rc_fmap_copy
};
