/* kernel_filtered.c -- exact answers at about the cost of floating point.
 *
 * The default kernel.  It computes like the float kernel, in the unit
 * frame u, but every number carries a proven error bound against the
 * exact computation from the network's exact numbers (the rationals of
 * its file): the affine maps of a piece (rows, with a bound per row), the
 * hyperplane rows (idem) and the generators of the pieces (poly_cert.c).
 * A sign is taken from floating point only when its bound proves it
 * (CGAL's filtered predicates).  When a bound cannot decide, the piece is
 * rebuilt exactly from its facets (which, every earlier sign having been
 * proven, are exactly the exact piece's facets, with their owners), the
 * decision is made in rationals, and the piece stays exact until the end
 * of the layer, where it is rounded back to a certified float piece.  So
 * the regions found are exactly those of the exact kernel.
 *
 * Row bounds.  With u = 2^-53, a map row a_j (d entries) with bound e_j,
 * weights w rounded from the exact ones (|w - w*| <= u |w|), the row
 * z_i = b_i + sum_j w_ij a_j computed in double is within
 *     e_i = sum_j |w_ij| (e_j + 1.01 (in + 3) u |a_j|_inf)
 *           + 2 u |b_i| + in 2^-1070
 * of the exact one in every entry.  Scaling a row by m (its unit form)
 * scales the bound and adds 3 u |h|_inf. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/by_dimension.h"
#include "base/error_internal.h"
#include "base/rational.h"
#include "kernel/compose.h"
#include "kernel/float_frame.h"
#include "kernel/kernel.h"
#include "kernel/kernel_exact.h"

#define U 0x1p-53

/* A piece: certified float, or exact (one of the two is NULL). */
typedef struct fpiece {
    rc_poly *fp;
    rc_polyq *qp;
    uint64_t serial;         /* unique in the process (filt_ws.signs_of) */
    /* A ball (centre, rho) that holds the exact piece, made at the first
     * classification of fp: most hyperplanes miss most pieces, and one
     * dot product then decides what k would (filt_classify).  ball: 0
     * not made yet, 1 made, -1 none (fp has rays or lines). */
    int ball;
    double rho, c1;
    double centre[RC_MAX_DIM + 1];
    /* fp's extent for rc_poly_side_quick, when have_extent */
    int have_extent;
    rc_poly_extent extent;
} fpiece;

typedef struct filt_ctx {
    rc_float_frame f;        /* with exact arrays */
    rc_compose_net cn;       /* with |W|, for the row bounds */
    rc_exact_net *en;        /* the same network exactly, same frame */
    const rc_enum_opts *opts;
    size_t L, *offset;       /* pattern offset of each hidden layer */
} filt_ctx;

typedef struct filt_ws {
    rc_kernel_ws base;
    const filt_ctx *ctx;
    size_t layer;
    rc_rowblock *cur;        /* rows of the current layer and their bounds,
                                shared with the children's maps */
    rc_compose_cache *cache; /* per layer */
    double *y;               /* output map (scratch) */
    double *h, *eh, *h1;     /* unit rows, bounds, 1-norms (row_ready) */
    unsigned char *unsafe;
    unsigned char *ready;    /* which rows h, eh, h1, unsafe hold */
    signed char *sign;       /* last float classification */
    double *vals, *bounds;
    size_t cap;
    rc_poly_scratch split_scratch;
    /* The exact side: pre-activation rows of layers 0..chain_valid-1 for
     * the pattern prefix chain_bits (the current node's). */
    mpz_t **chain;
    unsigned char *chain_bits;
    size_t chain_valid;
    signed char *qsign;
    size_t qcap;
    double *rowd;
    const unsigned char *cur_pattern;   /* of the piece last classified */
    /* sign, vals and bounds hold the certified classification of row
     * signs_row on the piece of serial signs_of as RC_SIDE_BOTH (0: of
     * nothing): asked again before a split, it is not redone. */
    uint64_t signs_of;
    size_t signs_row;
} filt_ws;

static uint64_t piece_serial = 0;

/* ---- pieces and maps ---------------------------------------------------- */

static void
filt_piece_free(void *p)
{
    fpiece *q = p;

    if (q == NULL)
        return;
    rc_poly_free(q->fp);
    rc_polyq_free(q->qp);
    free(q);
}

static fpiece *
piece_wrap(rc_poly *fp, rc_polyq *qp)
{
    fpiece *q = malloc(sizeof *q);

    if (q == NULL) {
        rc_poly_free(fp);
        rc_polyq_free(qp);
        return NULL;
    }
    q->fp = fp;
    q->qp = qp;
    q->serial = __atomic_add_fetch(&piece_serial, 1, __ATOMIC_RELAXED);
    q->ball = 0;
    q->have_extent = 0;
    return q;
}

static void
filt_map_free(void *p)
{
    rc_fmap_free(p);
}

/* ---- context and workspace ---------------------------------------------- */

static void
filt_ctx_free(void *p)
{
    filt_ctx *c = p;

    if (c == NULL)
        return;
    rc_exact_net_free(c->en);
    rc_compose_net_clear(&c->cn);
    rc_float_frame_clear(&c->f);
    free(c->offset);
    free(c);
}

static rc_status
filt_ctx_new(void **out, const rc_view *view, const rc_enum_opts *opts,
             rc_error *err)
{
    filt_ctx *c = calloc(1, sizeof *c);
    size_t l;
    rc_status st;

    *out = NULL;
    if (c == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    c->opts = opts;
    if ((st = rc_float_frame_init(&c->f, view, 1, err)) != RC_OK) {
        free(c);
        return st;
    }
    if ((st = rc_exact_net_new_from(&c->en, c->f.aff, view, RC_FRAME_UNIT,
                                    err)) != RC_OK) {
        filt_ctx_free(c);
        return st;
    }
    c->L = c->f.aff->num_layers;
    c->offset = calloc(c->L + 1, sizeof *c->offset);
    if (c->offset == NULL) {
        filt_ctx_free(c);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (l = 1; l < c->L; l++)
        c->offset[l] = c->offset[l - 1] + c->f.aff->sizes[l];
    if (rc_compose_net_init(&c->cn, &c->f, 1) != RC_OK) {
        filt_ctx_free(c);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    *out = c;
    return RC_OK;
}

static void
filt_ws_free(rc_kernel_ws *base)
{
    filt_ws *w = (filt_ws *)base;
    size_t l, d;

    if (w == NULL)
        return;
    d = w->ctx->f.n + 1;
    for (l = 0; w->chain != NULL && l < w->ctx->L; l++)
        rc_mpz_array_free(w->chain[l], w->ctx->f.aff->sizes[l + 1] * d);
    free(w->chain);
    free(w->chain_bits);
    rc_rowblock_unref(w->cur);
    for (l = 0; w->cache != NULL && l < w->ctx->L; l++)
        rc_compose_cache_clear(&w->cache[l]);
    free(w->cache);
    free(w->y);
    free(w->h);
    free(w->eh);
    free(w->h1);
    free(w->unsafe);
    free(w->ready);
    free(w->sign);
    free(w->vals);
    free(w->bounds);
    rc_poly_scratch_clear(&w->split_scratch);
    free(w->qsign);
    free(w->rowd);
    free(w);
}

static rc_status
filt_ws_new(rc_kernel_ws **out, const void *ctxp, rc_error *err)
{
    const filt_ctx *c = ctxp;
    size_t d = c->f.n + 1, maxw = c->f.maxw, l, bits = 0;
    filt_ws *w = calloc(1, sizeof *w);

    *out = NULL;
    if (w == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    w->base.err = err;
    w->ctx = c;
    w->cache = calloc(c->L + 1, sizeof *w->cache);
    w->y = malloc((maxw * d + 1) * sizeof(double));
    w->h = malloc((maxw * d + 1) * sizeof(double));
    w->eh = malloc((maxw + 1) * sizeof(double));
    w->h1 = malloc((maxw + 1) * sizeof(double));
    w->unsafe = malloc(maxw + 1);
    w->ready = calloc(maxw + 1, 1);
    w->rowd = malloc((d + 1) * sizeof(double));
    w->chain = calloc(c->L + 1, sizeof *w->chain);
    for (l = 1; l < c->L; l++)
        bits += c->f.aff->sizes[l];
    w->chain_bits = calloc(bits + 1, 1);
    if (!w->cache || !w->y || !w->h || !w->eh || !w->h1 || !w->unsafe
        || !w->ready
        || !w->rowd || !w->chain || !w->chain_bits) {
        filt_ws_free(&w->base);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (l = 0; l < c->L; l++)
        if ((w->chain[l] = rc_mpz_array_new(c->f.aff->sizes[l + 1] * d)) == NULL
            || rc_compose_cache_init(&w->cache[l], maxw, d) != RC_OK) {
            filt_ws_free(&w->base);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
    *out = &w->base;
    return RC_OK;
}

/* ---- the exact side -------------------------------------------------- */

/* Make chain[0..l] the exact pre-activation rows of layers 0..l for the
 * pattern's bits of layers before l, reusing what the last node shared. */
static void
chain_ensure(filt_ws *w, size_t l, const unsigned char *pattern)
{
    const filt_ctx *c = w->ctx;
    size_t n = c->f.n, d = n + 1, k, from;

    if (w->chain_valid == 0) {
        /* Layer 0 acts on the coordinates: its rows are (b, W). */
        size_t rows = c->f.aff->sizes[1], i, j;
        for (i = 0; i < rows; i++) {
            mpz_mul(w->chain[0][i * d], c->en->bi[0][i], c->en->den[0]);
            for (j = 0; j < n; j++)
                mpz_set(w->chain[0][i * d + 1 + j], c->en->wi[0][i * n + j]);
        }
        w->chain_valid = 1;
    }
    /* chain[k] (k < chain_valid) holds for the cached bits of layers
     * before k: recompute from the first layer whose bits changed. */
    from = w->chain_valid;
    for (k = 1; k < w->chain_valid && k <= l; k++)
        if (memcmp(w->chain_bits + c->offset[k - 1], pattern + c->offset[k - 1],
                   c->f.aff->sizes[k]) != 0) {
            from = k;
            break;
        }
    for (k = from; k <= l; k++) {
        rc_exact_net_compose_masked(w->chain[k], c->en, k, w->chain[k - 1],
                                    pattern + c->offset[k - 1]);
        memcpy(w->chain_bits + c->offset[k - 1], pattern + c->offset[k - 1],
               c->f.aff->sizes[k]);
    }
    if (from <= l)
        w->chain_valid = l + 1;
}

static rc_status
grow_qsign(filt_ws *w, size_t k)
{
    if (k > w->qcap) {
        signed char *s = realloc(w->qsign, 2 * k);
        if (s == NULL)
            return rc_error_set(w->base.err, RC_ERR_NOMEM, "out of memory");
        w->qsign = s;
        w->qcap = 2 * k;
    }
    return RC_OK;
}

/* Exact side of q that row (exact, d entries) is on. */
static rc_status
exact_side(filt_ws *w, rc_side *side, const rc_polyq *q, const mpz_t *row)
{
    size_t d = q->n + 1, c;
    int constant = 1;

    for (c = 1; c < d; c++)
        constant &= mpz_sgn(row[c]) == 0;
    if (constant) {
        int s = mpz_sgn(row[0]);
        *side = s > 0 ? RC_SIDE_POS : s < 0 ? RC_SIDE_NEG : RC_SIDE_ZERO;
        return RC_OK;
    }
    if (grow_qsign(w, q->k) != RC_OK)
        return RC_ERR_NOMEM;
    rc_polyq_approx(w->rowd, row, d);
    *side = rc_polyq_classify(q, row, w->rowd, w->qsign,
                              &w->base.stats.exact_signs);
    return RC_OK;
}

/* The exact piece a certified float piece stands for: the domain cut by
 * its facets, each the exact hyperplane of its owner, on the side its
 * pattern bit says. */
static rc_status
to_exact(filt_ws *w, rc_polyq **out, const rc_poly *p,
         const unsigned char *pattern)
{
    const filt_ctx *c = w->ctx;
    size_t i, d = c->f.n + 1;
    rc_polyq *q = NULL;
    rc_status st;

    *out = NULL;
    chain_ensure(w, w->layer, pattern);
    if ((st = rc_exact_net_root(&q, c->en)) != RC_OK)
        return rc_error_from(w->base.err, st, "the domain as an exact polyhedron");
    for (i = 0; i < p->m; i++) {
        rc_owner ow = p->owners[i];
        const mpz_t *row;
        rc_polyq *neg = NULL, *pos = NULL;
        rc_side side;
        int bit;

        if (ow.kind != RC_OWNER_NEURON)
            continue;   /* the box is the root's; infinity is no facet */
        row = (const mpz_t *)(w->chain[ow.layer] + ow.index * d);
        bit = pattern[c->offset[ow.layer] + ow.index];
        if (exact_side(w, &side, q, row) != RC_OK)
            goto nomem;
        if (side == RC_SIDE_BOTH) {
            if (rc_polyq_split(bit ? NULL : &neg, bit ? &pos : NULL, q, row,
                               ow, w->qsign) != RC_OK)
                goto nomem;
            rc_polyq_free(q);
            q = bit ? pos : neg;
        } else if ((side == RC_SIDE_POS && !bit) || (side == RC_SIDE_NEG && bit)) {
            rc_polyq_free(q);
            return rc_error_set(w->base.err, RC_ERR_NUMERIC,
                                "internal error: a certified piece has no "
                                "exact counterpart");
        }
    }
    *out = q;
    return RC_OK;
nomem:
    rc_polyq_free(q);
    return rc_error_set(w->base.err, RC_ERR_NOMEM, "out of memory");
}

/* A certified float piece from an exact one: rows and generators rounded
 * (each scaled first, so nothing overflows), bounds of a rounding. */
static rc_status
to_float(rc_poly **out, const rc_polyq *q)
{
    size_t n = q->n, d = n + 1, i, c;
    rc_poly *p = rc_poly_new_empty(n, q->m, q->k, q->s);
    double *t = malloc(d * sizeof *t);

    *out = NULL;
    if (p == NULL || t == NULL || rc_poly_certify(p, 0.0) != RC_OK) {
        rc_poly_free(p);
        free(t);
        return RC_ERR_NOMEM;
    }
    for (i = 0; i < q->m; i++)
        rc_polyq_approx(p->rows + i * d, q->rows + i * d, d);
    memcpy(p->owners, q->owners, q->m * sizeof *q->owners);
    memcpy(p->inc, q->inc, q->k * q->words * sizeof *q->inc);
    for (i = 0; i < q->k; i++) {
        double *g = p->gens + i * d, big = 0.0;
        if (mpz_sgn(q->gens[i * d]) > 0) {
            mpq_t x;
            mpq_init(x);
            g[0] = 1.0;
            for (c = 1; c < d; c++) {
                mpz_set(mpq_numref(x), q->gens[i * d + c]);
                mpz_set(mpq_denref(x), q->gens[i * d]);
                mpq_canonicalize(x);
                g[c] = rc_q_get_d(x);
                if (fabs(g[c]) > big)
                    big = fabs(g[c]);
            }
            mpq_clear(x);
            p->err[i] = 2.0 * U * big + 0x1p-1070;
        } else {
            rc_polyq_approx(t, q->gens + i * d, d);
            t[0] = 0.0;
            rc_poly_normalise_ray(g, t, d);
            p->err[i] = 8.0 * U;
        }
    }
    for (i = 0; i < q->s; i++) {
        rc_polyq_approx(t, q->lin + i * d, d);
        rc_poly_normalise_ray(p->lin + i * d, t, d);
        p->lerr[i] = 8.0 * U;
    }
    free(t);
    *out = p;
    return RC_OK;
}

/* Replace a float piece by its exact counterpart. */
static rc_status
go_exact(filt_ws *w, fpiece *pc, const unsigned char *pattern)
{
    rc_polyq *q;
    rc_status st = to_exact(w, &q, pc->fp, pattern);

    if (st != RC_OK)
        return st;
    rc_poly_free(pc->fp);
    pc->fp = NULL;
    pc->qp = q;
    w->signs_of = 0;
    w->base.stats.exact_pieces++;
    return RC_OK;
}

/* ---- the kernel ------------------------------------------------------ */

static rc_status
filt_root(rc_kernel_ws *base, void **piece, void **map)
{
    filt_ws *w = (filt_ws *)base;
    size_t n = w->ctx->f.n, d = n + 1, k;
    rc_rowblock *b = rc_rowblock_new(n, d, 1);
    unsigned char *ones = malloc(n + 1);
    rc_fmap *m = NULL;
    rc_poly *p = NULL;
    fpiece *pc;

    /* The coordinates themselves, exactly (zero bounds). */
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
    if (m == NULL || rc_float_root(&p, &w->ctx->f) != RC_OK
        || rc_poly_certify(p, w->ctx->f.box_err) != RC_OK) {
        rc_fmap_free(m);
        rc_poly_free(p);
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    }
    if ((pc = piece_wrap(p, NULL)) == NULL) {
        rc_fmap_free(m);
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    }
    *piece = pc;
    *map = m;
    return RC_OK;
}

static rc_status
filt_compose(rc_kernel_ws *base, size_t l, const void *mapp,
             const unsigned char *pattern)
{
    filt_ws *w = (filt_ws *)base;
    const filt_ctx *c = w->ctx;
    size_t out = c->f.aff->sizes[l + 1], d = c->f.n + 1, i, k;

    (void)pattern;
    w->layer = l;
    w->signs_of = 0;
    /* This node's rows and bounds, which its children's maps share. */
    rc_rowblock_unref(w->cur);
    if ((w->cur = rc_rowblock_new_raw(out, d, 1)) == NULL)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    rc_compose(w->cur->v, w->cur->e, &c->f, &c->cn, l, mapp, &w->cache[l]);
    /* The unit rows wait until a row is asked about (row_ready): most
     * hyperplanes miss the node and are settled by filt_node on the raw
     * rows.  Every row's max norm is needed by the next layer: the
     * cache's composition has found it. */
    if (w->cache[l].zc != NULL) {
        memcpy(w->cur->ninf, w->cache[l].zmax, out * sizeof(double));
    } else {
        for (i = 0; i < out; i++) {
            const double *r = w->cur->v + i * d;
            double big = 0.0;
            for (k = 0; k < d; k++)
                if (fabs(r[k]) > big)
                    big = fabs(r[k]);
            w->cur->ninf[i] = big;
        }
    }
    memset(w->ready, 0, out);
    return RC_OK;
}

/* Row i as a unit row h (linear part of norm 1) with the bound eh on its
 * entries' errors, its 1-norm, and whether it is unsafe (overflowing, or
 * zero with an error: left to the exact kernel). */
static void
row_ready(filt_ws *w, size_t i)
{
    size_t d = w->ctx->f.n + 1, k;
    double e = w->cur->e[i], big, m, hmax = 0.0, l1 = 0.0;
    double *h = w->h + i * d;

    if (w->ready[i])
        return;
    big = rc_float_unit_row(h, w->cur->v + i * d, d, &m);
    /* h = r m up to two roundings per entry. */
    for (k = 0; k < d; k++) {
        if (fabs(h[k]) > hmax)
            hmax = fabs(h[k]);
        l1 += fabs(h[k]);
    }
    w->eh[i] = m * (1.0 + 4.0 * U) * e + 3.0 * U * hmax;
    w->h1[i] = l1;
    w->unsafe[i] = !isfinite(big) || !isfinite(w->eh[i]) || !isfinite(l1)
                   || (big == 0.0 && e > 0.0);
    w->ready[i] = 1;
}

/* Make pc's ball (fpiece) if it is not made yet; 1 when pc has one. */
static int
piece_ball(fpiece *pc)
{
    const rc_poly *p = pc->fp;
    size_t g, k;
    double radius, emax = 0.0;

    if (pc->ball != 0)
        return pc->ball > 0;
    pc->ball = -1;
    if (p == NULL || p->n > RC_MAX_DIM || !rc_poly_ball(pc->centre, &radius, p))
        return 0;
    for (g = 0; g < p->k; g++)
        if (p->err[g] > emax)
            emax = p->err[g];
    pc->rho = radius + emax;
    pc->c1 = 0.0;
    for (k = 0; k <= p->n; k++)
        pc->c1 += fabs(pc->centre[k]);
    pc->ball = isfinite(pc->rho) && isfinite(pc->c1) ? 1 : -1;
    return pc->ball > 0;
}

/* The side of unit row j (ready, not unsafe) on piece pc, decided on
 * pc's ball: 1 or -1, or 0 when the hyperplane may meet the ball. */
static inline RC_ALWAYS_INLINE int
ball_side_d(const filt_ws *w, const fpiece *pc, size_t j, size_t d)
{
    size_t k;
    const double *h = w->h + j * d;
    double v = 0.0, mag = 0.0, slack;

    for (k = 0; k < d; k++) {
        v += h[k] * pc->centre[k];
        mag += fabs(h[k] * pc->centre[k]);
    }
    slack = (1.0 + 4.0 * U) * pc->rho
            + w->eh[j] * (1.0 + pc->c1 + sqrt((double)(d - 1)) * pc->rho)
            + 1.01 * (double)(d + 1) * U * mag + (double)d * 0x1p-1070;
    slack = 2.0 * slack + w->ctx->opts->filter_margin;
    return v > slack ? 1 : v < -slack ? -1 : 0;
}

static int
ball_side(filt_ws *w, fpiece *pc, size_t j)
{
    if (!piece_ball(pc))
        return 0;
    BY_DIMENSION(pc->fp->n + 1, return ball_side_d(w, pc, j, d_))
}

/* filt_node's test for every row, in d = n + 1 dimensions. */
static inline RC_ALWAYS_INLINE void
node_sides_d(filt_ws *w, signed char *sides, fpiece *pc, size_t width, size_t d)
{
    size_t j, k;
    const double *centre = pc->centre;
    double c1 = pc->c1, rho = pc->rho, n = (double)(d - 1), sn = sqrt(n);
    double margin = w->ctx->opts->filter_margin;

    for (j = 0; j < width; j++) {
        const double *r = w->cur->v + j * d;
        double v = 0.0, mag = 0.0, l1 = 0.0, slack, e = w->cur->e[j];
        for (k = 0; k < d; k++) {
            v += r[k] * centre[k];
            mag += fabs(r[k] * centre[k]);
        }
        for (k = 1; k < d; k++)
            l1 += fabs(r[k]);
        slack = (1.0 + 4.0 * (double)d * U) * l1 * rho
                + e * (1.0 + c1 + sn * rho)
                + 1.01 * (double)(d + 1) * U * mag + (double)d * 0x1p-1070;
        /* the margin in the row's own scale, as for a unit row */
        slack = 2.0 * slack + margin * (l1 > 0.0 ? l1 : w->cur->ninf[j]);
        if (isfinite(slack) && isfinite(v)) {
            if (v > slack) {
                sides[j] = 1;
                continue;
            }
            if (v < -slack) {
                sides[j] = -1;
                continue;
            }
            if (fabs(v) <= l1 * rho / sn)
                continue;     /* the hyperplane meets the ball */
        }
        row_ready(w, j);
        if (!w->unsafe[j])
            sides[j] = (signed char)ball_side(w, pc, j);
    }
}

/* The neurons whose hyperplane certainly misses the whole node: the true
 * piece lies in the ball (c, rho + e_max) about its float vertices, and
 * over that ball the exact row h* differs from h(c) by at most
 *     (1 + 4u)(rho + e_max) + e_h (1 + |c|_1 + sqrt(n) (rho + e_max))
 * plus the rounding of h(c) itself.  The same holds for the raw row r
 * (bound e_r) with |r_lin|_2 (rho + e_max) in the first term, and
 * |r_lin|_1 >= |r_lin|_2 bounds it: that test needs no unit row.  Only
 * the rows it leaves open and that might still miss the ball
 * (|r(c)| > |r_lin|_1 rho / sqrt(n)) are made unit rows and tested
 * exactly as above.  (node_sides_d, by dimension.) */
static rc_status
filt_node(rc_kernel_ws *base, signed char *sides, const void *piece,
          size_t width)
{
    filt_ws *w = (filt_ws *)base;
    /* The ball is a cache in the piece, shared with filt_classify. */
    fpiece *pc = (fpiece *)piece;

    if (!piece_ball(pc))
        return RC_OK;
    BY_DIMENSION(pc->fp->n + 1, node_sides_d(w, sides, pc, width, d_); return RC_OK)
}

static rc_status
grow_scratch(filt_ws *w, size_t k)
{
    if (k > w->cap) {
        size_t cap = 2 * k;
        signed char *s = realloc(w->sign, cap);
        double *v, *b;
        if (s != NULL)
            w->sign = s;
        v = s ? realloc(w->vals, cap * sizeof *v) : NULL;
        if (v != NULL)
            w->vals = v;
        b = v ? realloc(w->bounds, cap * sizeof *b) : NULL;
        if (b == NULL)
            return rc_error_set(w->base.err, RC_ERR_NOMEM, "out of memory");
        w->bounds = b;
        w->cap = cap;
    }
    return RC_OK;
}

/* classify, or cuts when !signs (see kernel.h). */
static rc_status
classify_as(rc_kernel_ws *base, rc_side *side, void **piece,
            const unsigned char *pattern, size_t j, int signs)
{
    filt_ws *w = (filt_ws *)base;
    const filt_ctx *c = w->ctx;
    fpiece *pc = *piece;
    size_t d = c->f.n + 1;
    rc_status st;

    w->cur_pattern = pattern;
    row_ready(w, j);
    if (signs && pc->fp != NULL && w->signs_of == pc->serial && w->signs_row == j) {
        *side = RC_SIDE_BOTH;
        return RC_OK;
    }
    if (pc->fp != NULL) {
        int b = w->unsafe[j] ? 0 : ball_side(w, pc, j);
        if (b != 0) {
            *side = b > 0 ? RC_SIDE_POS : RC_SIDE_NEG;
            return RC_OK;
        }
        if (!w->unsafe[j]) {
            if (!pc->have_extent) {
                rc_poly_cert_extent(&pc->extent, pc->fp);
                pc->have_extent = 1;
            }
            *side = rc_poly_side_quick(pc->fp, &pc->extent, w->h + j * d,
                                       w->eh[j], w->h1[j], c->opts->filter_margin);
            if (*side != RC_SIDE_BOTH)
                return RC_OK;
            if (!signs && rc_poly_cuts_cert(pc->fp, w->h + j * d, w->eh[j],
                                            w->h1[j], c->opts->filter_margin))
                return RC_OK;
        }
        if ((st = grow_scratch(w, pc->fp->k)) != RC_OK)
            return st;
        w->signs_of = 0;
        if (!w->unsafe[j]
            && rc_poly_classify_cert(pc->fp, w->h + j * d, w->eh[j], w->h1[j],
                                     c->opts->filter_margin, side, w->sign,
                                     w->vals, w->bounds)) {
            if (*side == RC_SIDE_BOTH) {
                w->signs_of = pc->serial;
                w->signs_row = j;
            }
            if (*side == RC_SIDE_ZERO)
                *side = RC_SIDE_NEG;   /* zero on the piece: inactive */
            return RC_OK;
        }
        if ((st = go_exact(w, pc, pattern)) != RC_OK)
            return st;
    }
    base->stats.exact_decisions++;
    chain_ensure(w, w->layer, pattern);
    if ((st = exact_side(w, side, pc->qp,
                         (const mpz_t *)(w->chain[w->layer] + j * d))) != RC_OK)
        return st;
    if (*side == RC_SIDE_ZERO)
        *side = RC_SIDE_NEG;
    return RC_OK;
}

static rc_status
filt_classify(rc_kernel_ws *base, rc_side *side, void **piece,
              const unsigned char *pattern, size_t j)
{
    return classify_as(base, side, piece, pattern, j, 1);
}

static rc_status
filt_cuts(rc_kernel_ws *base, rc_side *side, void **piece,
          const unsigned char *pattern, size_t j)
{
    return classify_as(base, side, piece, pattern, j, 0);
}

static rc_status
split_exact(filt_ws *w, void **neg, void **pos, rc_polyq *q, size_t j,
            rc_owner owner)
{
    size_t d = w->ctx->f.n + 1;
    rc_polyq *qn = NULL, *qp = NULL;

    rc_status st = rc_polyq_split(&qn, &qp, q,
                                  (const mpz_t *)(w->chain[w->layer] + j * d),
                                  owner, w->qsign);

    if (st != RC_OK)
        return rc_error_from(w->base.err, st, "an exact cut");
    *neg = piece_wrap(NULL, qn);
    *pos = piece_wrap(NULL, qp);
    if (*neg == NULL || *pos == NULL) {
        filt_piece_free(*neg);
        filt_piece_free(*pos);
        return rc_error_set(w->base.err, RC_ERR_NOMEM, "out of memory");
    }
    return RC_OK;
}

/* split, or split_final when gens_only (see kernel.h). */
static rc_status
split_as(rc_kernel_ws *base, void **neg, void **pos, const void *piece,
         size_t j, rc_owner owner, int gens_only)
{
    filt_ws *w = (filt_ws *)base;
    const filt_ctx *c = w->ctx;
    const fpiece *pc = piece;
    size_t d = c->f.n + 1;
    rc_poly *pn = NULL, *pp = NULL;
    rc_polyq *q;
    rc_side side;
    rc_status st;

    *neg = *pos = NULL;
    if (pc->qp != NULL)
        return split_exact(w, neg, pos, pc->qp, j, owner);
    row_ready(w, j);
    st = (gens_only ? rc_poly_split_cert_gens : rc_poly_split_cert)
         (&pn, &pp, pc->fp, w->h + j * d, w->eh[j], w->h1[j], owner, w->sign,
          w->vals, w->bounds, &w->split_scratch);
    if (st == RC_OK) {
        *neg = piece_wrap(pn, NULL);
        *pos = piece_wrap(pp, NULL);
        if (*neg == NULL || *pos == NULL) {
            filt_piece_free(*neg);
            filt_piece_free(*pos);
            return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
        }
        return RC_OK;
    }
    if (st != RC_ERR_NUMERIC)
        return rc_error_set(base->err, st, "out of memory");
    /* A new generator's bound was lost: cut this piece exactly. */
    if ((st = to_exact(w, &q, pc->fp, w->cur_pattern)) != RC_OK)
        return st;
    base->stats.exact_pieces++;
    base->stats.exact_decisions++;
    st = exact_side(w, &side, q, (const mpz_t *)(w->chain[w->layer] + j * d));
    if (st == RC_OK && side != RC_SIDE_BOTH)
        st = rc_error_set(base->err, RC_ERR_NUMERIC,
                          "internal error: a certified cut is not one exactly");
    if (st == RC_OK)
        st = split_exact(w, neg, pos, q, j, owner);
    rc_polyq_free(q);
    return st;
}

static rc_status
filt_split(rc_kernel_ws *base, void **neg, void **pos, const void *piece,
           size_t j, rc_owner owner)
{
    return split_as(base, neg, pos, piece, j, owner, 0);
}

static rc_status
filt_split_final(rc_kernel_ws *base, void **neg, void **pos, const void *piece,
                 size_t j, rc_owner owner)
{
    return split_as(base, neg, pos, piece, j, owner, 1);
}

static rc_status
filt_post(rc_kernel_ws *base, void **mapp, void **piece,
          const unsigned char *bits, size_t width)
{
    filt_ws *w = (filt_ws *)base;
    fpiece *pc = *piece;

    (void)width;
    if ((*mapp = rc_fmap_new(w->cur, bits)) == NULL)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    if (pc->qp != NULL) {
        /* Back to floating point for the next layer. */
        rc_poly *p;
        rc_status st = to_float(&p, pc->qp);
        if (st != RC_OK)
            return rc_error_from(base->err, st, "an exact piece back in floating point");
        rc_polyq_free(pc->qp);
        pc->qp = NULL;
        pc->fp = p;
        w->signs_of = 0;
        pc->ball = 0;
        pc->have_extent = 0;
    }
    return RC_OK;
}

static rc_status
filt_region(rc_kernel_ws *base, rc_region *r, const void *piece,
            const void *mapp)
{
    filt_ws *w = (filt_ws *)base;
    const fpiece *pc = piece;
    rc_poly *p = pc->fp;
    rc_status st;

    if (p == NULL && to_float(&p, pc->qp) != RC_OK)
        return rc_error_set(base->err, RC_ERR_NOMEM, "out of memory");
    rc_compose(w->y, NULL, &w->ctx->f, &w->ctx->cn, w->ctx->L - 1, mapp, NULL);
    st = rc_float_region(r, p, w->y, &w->ctx->f, w->ctx->opts, &base->stats,
                         base->err);
    if (p != pc->fp)
        rc_poly_free(p);
    return st;
}

static void
filt_forget(rc_kernel_ws *base)
{
    filt_ws *w = (filt_ws *)base;
    size_t l;

    for (l = 0; l < w->ctx->L; l++)
        rc_compose_cache_forget(&w->cache[l]);
}

static rc_status
filt_adopt(rc_kernel_ws *dst_base, const rc_kernel_ws *src_base)
{
    filt_ws *dst = (filt_ws *)dst_base;
    const filt_ws *src = (const filt_ws *)src_base;
    size_t out = src->ctx->f.aff->sizes[src->layer + 1], d = src->ctx->f.n + 1;

    dst->layer = src->layer;
    dst->signs_of = 0;
    rc_rowblock_ref(src->cur);
    rc_rowblock_unref(dst->cur);
    dst->cur = src->cur;
    memcpy(dst->h, src->h, out * d * sizeof *dst->h);
    memcpy(dst->eh, src->eh, out * sizeof *dst->eh);
    memcpy(dst->h1, src->h1, out * sizeof *dst->h1);
    memcpy(dst->unsafe, src->unsafe, out);
    memcpy(dst->ready, src->ready, out);
    return RC_OK;
}

const rc_kernel_ops rc_kernel_filtered = {
    .ctx_new = filt_ctx_new, .ctx_free = filt_ctx_free,
    .ws_new = filt_ws_new, .ws_free = filt_ws_free, .root = filt_root,
    .compose = filt_compose, .node = filt_node, .classify = filt_classify,
    .cuts = filt_cuts, .split_final = filt_split_final,
    .split = filt_split, .post = filt_post, .region = filt_region,
    .piece_free = filt_piece_free, .map_free = filt_map_free,
    .forget = filt_forget, .adopt = filt_adopt, .map_copy = rc_fmap_copy
};
