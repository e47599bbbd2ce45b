/* boundary_exact.c -- the pieces of the boundary in one region, in
 * rationals: boundary.c's computation with every comparison exact.
 *
 * The region's facets a . x <= b and its map A x + c are exact (integer
 * facets, rational map), so the hyperplane g . x = d of a tie or a level
 * set, its point p0 = d g / (g . g) and its directions u = perp(g) (2D) or
 * u = g x e, w = g x u (3D, e the axis least aligned with g) are rational,
 * and so are the ends of the interval (2D) and the corners of the polygon
 * (3D) that the constraints cut out.  No tolerance is involved: a
 * constraint is parallel when a . u = 0 (and a . w = 0), a piece is empty
 * when the interval or the polygon's area is not positive.  The starting
 * square of the 3D cut only has to contain the section; its half-size is a
 * double with a factor 2 to spare, read exactly. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/boundary_internal.h"
#include "base/error_internal.h"
#include "base/rational.h"
#include "relucells/rational.h"

/* Rational work space of one region. */
typedef struct qwork {
    size_t nrows, dim;
    mpq_t *a, *b;              /* rows a . x <= b */
    unsigned char *keep;
    mpq_t g[3], d, p0[3], u[3], w[3], t0, t1, t2, lo, hi;
} qwork;

static void
qdot(mpq_t s, mpq_t t, const mpq_t *x, const mpq_t *y, size_t n)
{
    size_t k;

    mpq_set_ui(s, 0, 1);
    for (k = 0; k < n; k++) {
        mpq_mul(t, x[k], y[k]);
        mpq_add(s, s, t);
    }
}

/* Compare |x| with |y|. */
static int
qcmpabs(mpq_srcptr x, mpq_srcptr y)
{
    mpq_t ax, ay;
    int c;

    mpq_init(ax);
    mpq_init(ay);
    mpq_abs(ax, x);
    mpq_abs(ay, y);
    c = mpq_cmp(ax, ay);
    mpq_clear(ax);
    mpq_clear(ay);
    return c;
}

static void
qcross(mpq_t *c, const mpq_t *x, const mpq_t *y, mpq_t t)
{
    mpq_mul(c[0], x[1], y[2]);
    mpq_mul(t, x[2], y[1]);
    mpq_sub(c[0], c[0], t);
    mpq_mul(c[1], x[2], y[0]);
    mpq_mul(t, x[0], y[2]);
    mpq_sub(c[1], c[1], t);
    mpq_mul(c[2], x[0], y[1]);
    mpq_mul(t, x[1], y[0]);
    mpq_sub(c[2], c[2], t);
}

/* 2D: the ends lo < hi of s on x = p0 + s u, or 0 when empty. */
static int
interval_2d(qwork *q)
{
    size_t r;
    int has_lo = 0, has_hi = 0;

    for (r = 0; r < q->nrows; r++) {
        qdot(q->t0, q->t2, q->a + 2 * r, q->u, 2);          /* a . u */
        qdot(q->t1, q->t2, q->a + 2 * r, q->p0, 2);
        mpq_sub(q->t1, q->b[r], q->t1);                     /* b - a . p0 */
        if (mpq_sgn(q->t0) == 0) {
            if (mpq_sgn(q->t1) < 0 || (mpq_sgn(q->t1) == 0 && !q->keep[r]))
                return 0;
            continue;
        }
        mpq_div(q->t1, q->t1, q->t0);
        if (mpq_sgn(q->t0) > 0) {
            if (!has_hi || mpq_cmp(q->t1, q->hi) < 0)
                mpq_set(q->hi, q->t1);
            has_hi = 1;
        } else {
            if (!has_lo || mpq_cmp(q->t1, q->lo) > 0)
                mpq_set(q->lo, q->t1);
            has_lo = 1;
        }
    }
    return has_lo && has_hi && mpq_cmp(q->lo, q->hi) < 0;
}

/* Cut the polygon (np points s, t) by c0 s + c1 t <= c2 into out. */
static size_t
qcut(mpq_t *out, mpq_t *poly, size_t np, mpq_t c0, mpq_t c1, mpq_t c2,
     mpq_t vp, mpq_t vq, mpq_t t)
{
    size_t i, no = 0;

    for (i = 0; i < np; i++) {
        mpq_t *p = poly + 2 * i, *nq = poly + 2 * ((i + 1) % np);
        int sp, sq;
        mpq_mul(vp, c0, p[0]);
        mpq_mul(t, c1, p[1]);
        mpq_add(vp, vp, t);
        mpq_sub(vp, vp, c2);
        mpq_mul(vq, c0, nq[0]);
        mpq_mul(t, c1, nq[1]);
        mpq_add(vq, vq, t);
        mpq_sub(vq, vq, c2);
        sp = mpq_sgn(vp);
        sq = mpq_sgn(vq);
        if (sp <= 0) {
            mpq_set(out[2 * no], p[0]);
            mpq_set(out[2 * no + 1], p[1]);
            no++;
        }
        if ((sp < 0 && sq > 0) || (sp > 0 && sq < 0)) {
            /* p + vp / (vp - vq) (q - p) */
            mpq_sub(vq, vp, vq);
            mpq_div(vp, vp, vq);
            mpq_sub(t, nq[0], p[0]);
            mpq_mul(t, t, vp);
            mpq_add(out[2 * no], p[0], t);
            mpq_sub(t, nq[1], p[1]);
            mpq_mul(t, t, vp);
            mpq_add(out[2 * no + 1], p[1], t);
            no++;
        }
    }
    return no;
}

/* 3D: the section polygon into *pts (rationals, n x 3, allocated here);
 * its size, 0 when empty or of zero area.  box: the region's bounding box
 * (lo, hi) in double. */
static size_t
section_3d(mpq_t **pts, qwork *q, const double *box)
{
    size_t cap = 2 * (q->nrows + 5), np = 4, r, k, best = 0;
    mpq_t *poly = rc_mpq_array_new(cap), *next = rc_mpq_array_new(cap), *tmp;
    mpq_t c0, c1, c2, vp, vq;
    double R, du = 0.0, dw = 0.0, dist = 0.0, size = 0.0;

    *pts = NULL;
    if (poly == NULL || next == NULL) {
        rc_mpq_array_free(poly, cap);
        rc_mpq_array_free(next, cap);
        return (size_t)-1;
    }
    mpq_inits(c0, c1, c2, vp, vq, NULL);
    for (k = 0; k < 3; k++)
        if (qcmpabs(q->g[k], q->g[best]) < 0)
            best = k;
    {
        mpq_t e[3];
        mpq_init(e[0]);
        mpq_init(e[1]);
        mpq_init(e[2]);
        mpq_set_ui(e[best], 1, 1);
        qcross(q->u, q->g, e, q->t0);
        qcross(q->w, q->g, q->u, q->t0);
        mpq_clear(e[0]);
        mpq_clear(e[1]);
        mpq_clear(e[2]);
    }
    for (k = 0; k < 3; k++) {
        double p = rc_q_get_d(q->p0[k]), c = 0.5 * (box[k] + box[3 + k]);
        du += rc_q_get_d(q->u[k]) * rc_q_get_d(q->u[k]);
        dw += rc_q_get_d(q->w[k]) * rc_q_get_d(q->w[k]);
        dist += (p - c) * (p - c);
        size += (box[3 + k] - box[k]) * (box[3 + k] - box[k]);
    }
    R = 2.0 * (0.5 * sqrt(size) + sqrt(dist)) / sqrt(fmin(du, dw)) + 1.0;
    mpq_set_d(c0, R);
    mpq_neg(poly[0], c0); mpq_neg(poly[1], c0);
    mpq_set(poly[2], c0); mpq_neg(poly[3], c0);
    mpq_set(poly[4], c0); mpq_set(poly[5], c0);
    mpq_neg(poly[6], c0); mpq_set(poly[7], c0);
    for (r = 0; r < q->nrows && np > 0; r++) {
        qdot(c0, q->t2, q->a + 3 * r, q->u, 3);
        qdot(c1, q->t2, q->a + 3 * r, q->w, 3);
        qdot(c2, q->t2, q->a + 3 * r, q->p0, 3);
        mpq_sub(c2, q->b[r], c2);
        if (mpq_sgn(c0) == 0 && mpq_sgn(c1) == 0) {
            if (mpq_sgn(c2) < 0 || (mpq_sgn(c2) == 0 && !q->keep[r]))
                np = 0;
            continue;
        }
        np = qcut(next, poly, np, c0, c1, c2, vp, vq, q->t0);
        tmp = poly;
        poly = next;
        next = tmp;
    }
    /* Twice the signed area: positive for a proper polygon (the square
     * was counter-clockwise and cuts keep the orientation). */
    mpq_set_ui(c0, 0, 1);
    for (k = 0; k < np; k++) {
        mpq_mul(c1, poly[2 * k], poly[2 * ((k + 1) % np) + 1]);
        mpq_mul(c2, poly[2 * ((k + 1) % np)], poly[2 * k + 1]);
        mpq_sub(c1, c1, c2);
        mpq_add(c0, c0, c1);
    }
    if (np < 3 || mpq_sgn(c0) <= 0) {
        np = 0;
    } else if ((*pts = rc_mpq_array_new(3 * np)) == NULL) {
        np = (size_t)-1;
    } else {
        for (k = 0; k < np; k++)
            for (r = 0; r < 3; r++) {
                mpq_mul(c1, poly[2 * k], q->u[r]);
                mpq_mul(c2, poly[2 * k + 1], q->w[r]);
                mpq_add(c1, c1, c2);
                mpq_add((*pts)[3 * k + r], q->p0[r], c1);
            }
    }
    mpq_clears(c0, c1, c2, vp, vq, NULL);
    rc_mpq_array_free(poly, cap);
    rc_mpq_array_free(next, cap);
    return np;
}

static int
push(rc_boundary *b, size_t ri, unsigned i, unsigned j, mpq_t *pts, size_t n)
{
    size_t k, dim = b->dim;
    double *x = malloc(n * dim * sizeof *x);
    int rc;

    if (x == NULL) {
        rc_mpq_array_free(pts, n * dim);
        return -1;
    }
    for (k = 0; k < n * dim; k++)
        x[k] = rc_q_get_d(pts[k]);
    rc = rc_boundary_push(b, ri, i, j, x, n, pts);
    if (rc != 0)
        rc_mpq_array_free(pts, n * dim);
    free(x);
    return rc;
}

static void
qwork_clear(qwork *q, size_t rows)
{
    size_t k;

    rc_mpq_array_free(q->a, rows * q->dim);
    rc_mpq_array_free(q->b, rows);
    for (k = 0; k < 3; k++)
        mpq_clears(q->g[k], q->p0[k], q->u[k], q->w[k], NULL);
    mpq_clears(q->d, q->t0, q->t1, q->t2, q->lo, q->hi, NULL);
}

rc_status
rc_boundary_region_exact(rc_boundary *b, const rc_partition *part,
                         size_t ri, const unsigned char *keep,
                         const unsigned char *maybe, rc_error *err)
{
    const rc_region *r = rc_partition_region(part, ri);
    size_t dim = b->dim, m = b->num_outputs, nf = rc_region_num_facets(r);
    size_t rows = nf + m + 2 * dim, nbase, i, j, k, f, first, last, pair = 0;
    mpq_srcptr A = rc_region_output_A_q(r), c = rc_region_output_c_q(r);
    unsigned char *kp = malloc(rows);
    double box[6];
    rc_status st = RC_OK;
    int tied = 0;
    qwork q;

    q.dim = dim;
    q.a = rc_mpq_array_new(rows * dim);
    q.b = rc_mpq_array_new(rows);
    for (k = 0; k < 3; k++)
        mpq_inits(q.g[k], q.p0[k], q.u[k], q.w[k], NULL);
    mpq_inits(q.d, q.t0, q.t1, q.t2, q.lo, q.hi, NULL);
    if (!q.a || !q.b || !kp) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    q.keep = kp;
    for (f = 0; f < nf; f++) {
        mpq_srcptr bf, af = rc_region_facet_q(r, f, &bf);
        for (k = 0; k < dim; k++)
            mpq_set(q.a[f * dim + k], af + k);
        mpq_set(q.b[f], bf);
        kp[f] = keep[f];
    }
    nbase = nf;
    /* The box: the clip box cuts an unbounded region, and bounds the
     * starting square of a 3D section. */
    for (k = 0; k < dim; k++) {
        box[k] = rc_region_is_bounded(r) ? INFINITY : b->clip_lo[k];
        box[dim + k] = rc_region_is_bounded(r) ? -INFINITY : b->clip_hi[k];
    }
    for (i = 0; rc_region_is_bounded(r) && i < rc_region_num_vertices(r); i++)
        for (k = 0; k < dim; k++) {
            box[k] = fmin(box[k], rc_region_vertex(r, i)[k]);
            box[dim + k] = fmax(box[dim + k], rc_region_vertex(r, i)[k]);
        }
    if (!rc_region_is_bounded(r))
        for (k = 0; k < dim; k++) {
            mpq_set_ui(q.a[nbase * dim + k], 1, 1);
            mpq_set_d(q.b[nbase], b->clip_hi[k]);
            kp[nbase++] = 1;
            mpq_set_si(q.a[nbase * dim + k], -1, 1);
            mpq_set_d(q.b[nbase], -b->clip_lo[k]);
            kp[nbase++] = 1;
        }
    first = b->kind == RC_BOUNDARY_LEVEL ? b->output : 0;
    last = b->kind == RC_BOUNDARY_LEVEL ? b->output + 1 : m;
    for (i = first; i < last && st == RC_OK; i++)
        for (j = b->kind == RC_BOUNDARY_LEVEL ? i : i + 1;
             j < (b->kind == RC_BOUNDARY_LEVEL ? i + 1 : m) && st == RC_OK; j++) {
            mpq_t *pts = NULL;
            size_t n = 0, q2;
            int zero = 1;

            if (!maybe[pair++])
                continue;   /* empty by the double screen's margin */

            for (k = 0; k < dim; k++) {
                if (b->kind == RC_BOUNDARY_LEVEL)
                    mpq_set(q.g[k], A + i * dim + k);
                else
                    mpq_sub(q.g[k], A + i * dim + k, A + j * dim + k);
                zero &= mpq_sgn(q.g[k]) == 0;
            }
            if (b->kind == RC_BOUNDARY_LEVEL)
                mpq_sub(q.d, b->level_q, c + i);
            else
                mpq_sub(q.d, c + j, c + i);
            if (zero) {
                tied |= mpq_sgn(q.d) == 0;
                continue;
            }
            /* i and j lead: f_i >= f_k (argmax) or f_i <= f_k (argmin). */
            q.nrows = nbase;
            for (k = 0; b->kind == RC_BOUNDARY_CLASSES && k < m; k++) {
                if (k == i || k == j)
                    continue;
                for (q2 = 0; q2 < dim; q2++) {
                    mpq_sub(q.a[q.nrows * dim + q2], A + i * dim + q2, A + k * dim + q2);
                    if (!b->argmin)
                        mpq_neg(q.a[q.nrows * dim + q2], q.a[q.nrows * dim + q2]);
                }
                mpq_sub(q.b[q.nrows], c + k, c + i);
                if (!b->argmin)
                    mpq_neg(q.b[q.nrows], q.b[q.nrows]);
                kp[q.nrows++] = 1;
            }
            /* p0 = d g / (g . g) */
            qdot(q.t1, q.t0, q.g, q.g, dim);
            mpq_div(q.t1, q.d, q.t1);
            for (k = 0; k < dim; k++)
                mpq_mul(q.p0[k], q.g[k], q.t1);
            if (dim == 2) {
                mpq_neg(q.u[0], q.g[1]);
                mpq_set(q.u[1], q.g[0]);
                if (!interval_2d(&q))
                    continue;
                if ((pts = rc_mpq_array_new(4)) == NULL) {
                    st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    break;
                }
                for (k = 0; k < 2; k++) {
                    mpq_mul(q.t0, q.lo, q.u[k]);
                    mpq_add(pts[k], q.p0[k], q.t0);
                    mpq_mul(q.t0, q.hi, q.u[k]);
                    mpq_add(pts[2 + k], q.p0[k], q.t0);
                }
                n = 2;
            } else {
                n = section_3d(&pts, &q, box);
                if (n == (size_t)-1) {
                    st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
                    break;
                }
                if (n == 0)
                    continue;
            }
            if (push(b, ri, (unsigned)i, (unsigned)j, pts, n) != 0)
                st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
    b->tied += tied;
done:
    qwork_clear(&q, rows);
    free(kp);
    return st;
}
