/* test_boundary.c -- decision boundaries and level sets (rc_boundary_new).
 *
 * Known answers derived by hand: y1 = relu(x1), y2 = relu(x2) on
 * [-1,1]^2 ties on the diagonal of the positive quadrant, along x1 = 0
 * below the axis and along x2 = 0 left of it (pieces lying along facets,
 * reported once), and everywhere in the negative quadrant (a tied region,
 * no piece); its level set y1 = 1/2 is the segment x1 = 1/2, cut in two
 * by x2 = 0.
 *
 * On random generic and degenerate networks, 2D and 3D, float and exact:
 *   - at every piece's corners and centre the two outputs tie and lead
 *     (exactly, by an exact forward pass of the network, in exact mode),
 *     and the corners lie in the piece's region;
 *   - dense sampling along random lines: wherever the winning class
 *     changes between two samples, some piece meets the segment between
 *     them (and for level sets wherever f_k - c changes sign);
 *   - the float pieces match the exact ones region by region;
 *   - the JSON and CSV read back with the same pieces.
 * The ACAS Xu slice (argmin, the advisories) is sampled too when its file
 * is there. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "picture_helpers.h"
#include "testutil.h"

/* ---- exact forward pass ------------------------------------------------- */

/* y = network(x) in rationals, from the network's doubles (exact values)
 * and the normalisation of the NNet format. */
static void
qforward(mpq_t *y, const rc_net *net, const mpq_t *x)
{
    size_t L = rc_net_num_layers(net), n = rc_net_num_inputs(net), l, i, j;
    size_t width = n, maxw = n;
    mpq_t *a, *b, t, u;

    for (l = 0; l < L; l++)
        if (rc_net_layer_size(net, l) > maxw)
            maxw = rc_net_layer_size(net, l);
    a = malloc(maxw * sizeof *a);
    b = malloc(maxw * sizeof *b);
    for (i = 0; i < maxw; i++) {
        mpq_init(a[i]);
        mpq_init(b[i]);
    }
    mpq_inits(t, u, NULL);
    for (i = 0; i < n; i++) {
        mpq_set_d(t, rc_net_input_mean(net)[i]);
        mpq_sub(a[i], x[i], t);
        mpq_set_d(t, rc_net_input_range(net)[i]);
        mpq_div(a[i], a[i], t);
    }
    for (l = 0; l < L; l++) {
        size_t w = rc_net_layer_size(net, l);
        for (i = 0; i < w; i++) {
            mpq_set_d(b[i], rc_net_biases(net, l)[i]);
            for (j = 0; j < width; j++) {
                mpq_set_d(t, rc_net_weights(net, l)[i * width + j]);
                mpq_mul(t, t, a[j]);
                mpq_add(b[i], b[i], t);
            }
            if (l + 1 < L && mpq_sgn(b[i]) < 0)
                mpq_set_ui(b[i], 0, 1);
        }
        for (i = 0; i < w; i++)
            mpq_set(a[i], b[i]);
        width = w;
    }
    mpq_set_d(t, rc_net_output_range(net));
    mpq_set_d(u, rc_net_output_mean(net));
    for (i = 0; i < width; i++) {
        mpq_mul(y[i], a[i], t);
        mpq_add(y[i], y[i], u);
    }
    for (i = 0; i < maxw; i++) {
        mpq_clear(a[i]);
        mpq_clear(b[i]);
    }
    mpq_clears(t, u, NULL);
    free(a);
    free(b);
}

/* The full input of a free point (slices: the fixed values of dom). */
static void
full_input(double *x, const rc_domain *dom, const double *p)
{
    size_t i, k;

    for (i = 0; i < rc_domain_num_inputs(dom); i++)
        x[i] = rc_domain_is_fixed(dom, i) ? rc_domain_fixed_value(dom, i) : 0.0;
    for (k = 0; k < rc_domain_dim(dom); k++)
        x[rc_domain_free_input(dom, k)] = p[k];
}

/* Exact check of piece q (points as rationals) of a network without
 * fixed inputs: at each corner and the centre, f_i = f_j and they lead
 * (level: f_k = level); each corner satisfies the region's facets. */
static int
check_piece_exact(const rc_boundary *b, size_t i, const rc_partition *part,
                  const rc_net *net, const rc_boundary_opts *o, mpq_srcptr level)
{
    const rc_boundary_piece *p = rc_boundary_get_piece(b, i);
    const rc_region *r = rc_partition_region(part, p->region);
    size_t dim = rc_boundary_dim(b), m = rc_net_num_outputs(net), k, c, f, j;
    mpq_srcptr pts = rc_boundary_piece_q(b, i);
    mpq_t x[3], y[16], t, s;
    int ok = 1;

    mpq_inits(t, s, NULL);
    for (k = 0; k < 3; k++)
        mpq_init(x[k]);
    for (k = 0; k < m; k++)
        mpq_init(y[k]);
    for (c = 0; c <= p->num_points; c++) {
        /* corner c, or the centre when c == num_points */
        for (k = 0; k < dim; k++) {
            if (c < p->num_points) {
                mpq_set(x[k], pts + c * dim + k);
                continue;
            }
            mpq_set_ui(x[k], 0, 1);
            for (j = 0; j < p->num_points; j++)
                mpq_add(x[k], x[k], pts + j * dim + k);
            mpq_set_ui(t, (unsigned long)p->num_points, 1);
            mpq_div(x[k], x[k], t);
        }
        qforward(y, net, x);
        if (o->kind == RC_BOUNDARY_LEVEL) {
            ok &= mpq_equal(y[p->classes[0]], level);
        } else {
            ok &= mpq_equal(y[p->classes[0]], y[p->classes[1]]);
            for (k = 0; k < m; k++)
                ok &= o->argmin ? mpq_cmp(y[k], y[p->classes[0]]) >= 0
                                : mpq_cmp(y[k], y[p->classes[0]]) <= 0;
        }
        for (f = 0; c < p->num_points && f < rc_region_num_facets(r); f++) {
            mpq_srcptr bf, af = rc_region_facet_q(r, f, &bf);
            mpq_set_ui(s, 0, 1);
            for (k = 0; k < dim; k++) {
                mpq_mul(t, af + k, x[k]);
                mpq_add(s, s, t);
            }
            ok &= mpq_cmp(s, bf) <= 0;
        }
    }
    mpq_clears(t, s, NULL);
    for (k = 0; k < 3; k++)
        mpq_clear(x[k]);
    for (k = 0; k < m; k++)
        mpq_clear(y[k]);
    return ok;
}

/* The same in double with rc_net_eval, to tol relative to the outputs. */
static int
check_piece_float(const rc_boundary *b, size_t i, const rc_partition *part,
                  const rc_net *net, const rc_domain *dom,
                  const rc_boundary_opts *o)
{
    const rc_boundary_piece *p = rc_boundary_get_piece(b, i);
    const rc_region *r = rc_partition_region(part, p->region);
    size_t dim = rc_boundary_dim(b), m = rc_net_num_outputs(net), k, c, f;
    double x[8], pt[3], y[16], scale = 1.0;
    int ok = 1;

    for (c = 0; c <= p->num_points; c++) {
        for (k = 0; k < dim; k++) {
            size_t j;
            pt[k] = 0.0;
            if (c < p->num_points)
                pt[k] = p->points[c * dim + k];
            else
                for (j = 0; j < p->num_points; j++)
                    pt[k] += p->points[j * dim + k] / (double)p->num_points;
        }
        full_input(x, dom, pt);
        CU_ASSERT_EQUAL_FATAL(rc_net_eval(net, y, NULL, x), RC_OK);
        for (k = 0; k < m; k++)
            scale = fmax(scale, fabs(y[k]));
        if (o->kind == RC_BOUNDARY_LEVEL) {
            ok &= fabs(y[p->classes[0]] - o->level) <= 1e-9 * scale;
        } else {
            ok &= fabs(y[p->classes[0]] - y[p->classes[1]]) <= 1e-9 * scale;
            for (k = 0; k < m; k++)
                ok &= o->argmin ? y[k] >= y[p->classes[0]] - 1e-9 * scale
                                : y[k] <= y[p->classes[0]] + 1e-9 * scale;
        }
        for (f = 0; c < p->num_points && f < rc_region_num_facets(r); f++) {
            double bf, s = 0.0;
            const double *af = rc_region_facet(r, f, &bf, NULL);
            for (k = 0; k < dim; k++)
                s += af[k] * pt[k];
            ok &= s <= bf + 1e-9 * (1.0 + fabs(bf) + fabs(s));
        }
    }
    return ok;
}

/* ---- does a piece meet the segment [u, v]? ------------------------------ */

static double
seg_point_dist2(const double *a, const double *b, const double *p, size_t dim)
{
    double ab = 0, ap = 0, t, d = 0;
    size_t k;

    for (k = 0; k < dim; k++) {
        ab += (b[k] - a[k]) * (b[k] - a[k]);
        ap += (b[k] - a[k]) * (p[k] - a[k]);
    }
    t = ab > 0 ? fmin(1.0, fmax(0.0, ap / ab)) : 0.0;
    for (k = 0; k < dim; k++) {
        double q = a[k] + t * (b[k] - a[k]) - p[k];
        d += q * q;
    }
    return d;
}

static int
meets_2d(const double *a, const double *b, const double *u, const double *v,
         double tol)
{
    double d1 = (b[0] - a[0]) * (u[1] - a[1]) - (b[1] - a[1]) * (u[0] - a[0]);
    double d2 = (b[0] - a[0]) * (v[1] - a[1]) - (b[1] - a[1]) * (v[0] - a[0]);
    double d3 = (v[0] - u[0]) * (a[1] - u[1]) - (v[1] - u[1]) * (a[0] - u[0]);
    double d4 = (v[0] - u[0]) * (b[1] - u[1]) - (v[1] - u[1]) * (b[0] - u[0]);

    if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0))
        && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0)))
        return 1;
    tol *= tol;
    return seg_point_dist2(a, b, u, 2) <= tol || seg_point_dist2(a, b, v, 2) <= tol
           || seg_point_dist2(u, v, a, 2) <= tol || seg_point_dist2(u, v, b, 2) <= tol;
}

/* 3D: the segment [u, v] crosses the plane of the convex polygon within
 * tol of the polygon. */
static int
meets_3d(const double *P, size_t n, const double *u, const double *v, double tol)
{
    double N[3] = {0, 0, 0}, nn, du, dv, x[3], t;
    size_t i, k;

    for (i = 0; i < n; i++) {
        const double *p = P + 3 * i, *q = P + 3 * ((i + 1) % n);
        N[0] += (p[1] - P[1]) * (q[2] - P[2]) - (p[2] - P[2]) * (q[1] - P[1]);
        N[1] += (p[2] - P[2]) * (q[0] - P[0]) - (p[0] - P[0]) * (q[2] - P[2]);
        N[2] += (p[0] - P[0]) * (q[1] - P[1]) - (p[1] - P[1]) * (q[0] - P[0]);
    }
    nn = sqrt(N[0] * N[0] + N[1] * N[1] + N[2] * N[2]);
    if (!(nn > 0))
        return 0;
    for (k = 0; k < 3; k++)
        N[k] /= nn;
    du = (u[0] - P[0]) * N[0] + (u[1] - P[1]) * N[1] + (u[2] - P[2]) * N[2];
    dv = (v[0] - P[0]) * N[0] + (v[1] - P[1]) * N[1] + (v[2] - P[2]) * N[2];
    if ((du > tol && dv > tol) || (du < -tol && dv < -tol))
        return 0;
    t = fabs(du - dv) > 0 ? du / (du - dv) : 0.0;
    t = fmin(1.0, fmax(0.0, t));
    for (k = 0; k < 3; k++)
        x[k] = u[k] + t * (v[k] - u[k]);
    for (i = 0; i < n; i++) {
        const double *p = P + 3 * i, *q = P + 3 * ((i + 1) % n);
        double e[3] = {q[0] - p[0], q[1] - p[1], q[2] - p[2]};
        double w[3] = {x[0] - p[0], x[1] - p[1], x[2] - p[2]}, c[3], ne;
        c[0] = e[1] * w[2] - e[2] * w[1];
        c[1] = e[2] * w[0] - e[0] * w[2];
        c[2] = e[0] * w[1] - e[1] * w[0];
        ne = sqrt(e[0] * e[0] + e[1] * e[1] + e[2] * e[2]);
        if ((c[0] * N[0] + c[1] * N[1] + c[2] * N[2]) < -tol * ne)
            return 0;
    }
    return 1;
}

/* The decision (class, or the sign of f_k - c) at the free point p, and
 * whether it is clear: the margin exceeds tol. */
static int
decision(const rc_net *net, const rc_domain *dom, const rc_boundary_opts *o,
         const double *p, int *clear)
{
    double x[8], y[16], best = 0.0, second = 0.0, scale = 1.0;
    size_t m = rc_net_num_outputs(net), k;
    int cls = 0;

    full_input(x, dom, p);
    rc_net_eval(net, y, NULL, x);
    for (k = 0; k < m; k++)
        scale = fmax(scale, fabs(y[k]));
    if (o->kind == RC_BOUNDARY_LEVEL) {
        double d = y[o->output] - o->level;
        *clear = fabs(d) > 1e-9 * scale;
        return d > 0;
    }
    for (k = 0; k < m; k++) {
        double v = o->argmin ? -y[k] : y[k];
        if (k == 0 || v > best) {
            second = k == 0 ? -INFINITY : best;
            best = v;
            cls = (int)k;
        } else if (v > second) {
            second = v;
        }
    }
    *clear = best - second > 1e-9 * scale;
    return cls;
}

/* Sample lines lines across the box lo..hi; every change of decision
 * between clear samples must meet a piece.  Returns the changes seen. */
static size_t
sample(const rc_boundary *b, const rc_net *net, const rc_domain *dom,
       const rc_boundary_opts *o, const double *lo, const double *hi,
       size_t lines, size_t steps, unsigned long *rng)
{
    size_t dim = rc_boundary_dim(b), l, s, i, k, changes = 0, missed = 0;
    double size = 0.0;

    for (k = 0; k < dim; k++)
        size += hi[k] - lo[k];
    for (l = 0; l < lines; l++) {
        double a[3], e[3], u[3], v[3];
        int du = 0, cu = 0, cv, dv;
        for (k = 0; k < dim; k++) {
            a[k] = lo[k] + test_urand(rng) * (hi[k] - lo[k]);
            e[k] = lo[k] + test_urand(rng) * (hi[k] - lo[k]);
        }
        for (s = 0; s <= steps; s++) {
            for (k = 0; k < dim; k++)
                v[k] = a[k] + (e[k] - a[k]) * (double)s / (double)steps;
            dv = decision(net, dom, o, v, &cv);
            if (s > 0 && cu && cv && du != dv) {
                int met = 0;
                changes++;
                for (i = 0; i < rc_boundary_num_pieces(b) && !met; i++) {
                    const rc_boundary_piece *p = rc_boundary_get_piece(b, i);
                    met = dim == 2 ? meets_2d(p->points, p->points + 2, u, v, 1e-9 * size)
                                   : meets_3d(p->points, p->num_points, u, v, 1e-9 * size);
                }
                if (!met && missed++ < 3)
                    printf("\n  no piece explains the change between (%g, %g) and (%g, %g)\n",
                           u[0], u[1], v[0], v[1]);
            }
            memcpy(u, v, sizeof u);
            du = dv;
            cu = cv;
        }
    }
    CU_ASSERT_EQUAL(missed, 0);
    return changes;
}

/* ---- tests -------------------------------------------------------------- */

static rc_boundary *
build(const rc_partition *part, const rc_boundary_opts *o)
{
    rc_boundary *b = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st = rc_boundary_new(&b, part, o, &err);

    if (st != RC_OK)
        printf("\n  rc_boundary_new: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return b;
}

/* Is there a piece with these ends (either way round) and classes? */
static int
has_segment(const rc_boundary *b, double x0, double y0, double x1, double y1,
            unsigned i, unsigned j)
{
    size_t k;

    for (k = 0; k < rc_boundary_num_pieces(b); k++) {
        const rc_boundary_piece *p = rc_boundary_get_piece(b, k);
        const double *q = p->points;
        int fwd = fabs(q[0] - x0) + fabs(q[1] - y0) + fabs(q[2] - x1) + fabs(q[3] - y1) < 1e-12;
        int bwd = fabs(q[0] - x1) + fabs(q[1] - y1) + fabs(q[2] - x0) + fabs(q[3] - y0) < 1e-12;
        if ((fwd || bwd) && p->classes[0] == i && p->classes[1] == j)
            return 1;
    }
    return 0;
}

static void
test_known_answer(void)
{
    size_t sizes[3] = {2, 2, 2};
    const double W1[] = {1, 0, 0, 1}, b1[] = {0, 0}, W2[] = {1, 0, 0, 1}, b2[] = {0, 0};
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_domain *dom = test_box(2, -1.0, 1.0);
    rc_boundary_opts o;
    int exact;

    for (exact = 0; exact < 2; exact++) {
        rc_partition *part = ph_enumerate(net, dom, exact);
        rc_boundary *bd;

        CU_ASSERT_EQUAL(rc_partition_num_regions(part), 4);
        rc_boundary_opts_init(&o);
        bd = build(part, &o);
        CU_ASSERT_EQUAL(rc_boundary_num_pieces(bd), 3);
        CU_ASSERT_EQUAL(rc_boundary_num_tied(bd), 1);
        CU_ASSERT(has_segment(bd, 0, 0, 1, 1, 0, 1));
        CU_ASSERT(has_segment(bd, 0, -1, 0, 0, 0, 1));
        CU_ASSERT(has_segment(bd, -1, 0, 0, 0, 0, 1));
        rc_boundary_free(bd);

        o.kind = RC_BOUNDARY_LEVEL;
        o.output = 0;
        o.level = 0.5;
        bd = build(part, &o);
        CU_ASSERT_EQUAL(rc_boundary_num_pieces(bd), 2);
        CU_ASSERT(has_segment(bd, 0.5, 0, 0.5, 1, 0, 0));
        CU_ASSERT(has_segment(bd, 0.5, -1, 0.5, 0, 0, 0));
        if (exact) {
            /* exact ends: 1/2 read from text */
            mpq_t h;
            o.level_text = "1/2";
            rc_boundary_free(bd);
            bd = build(part, &o);
            mpq_init(h);
            mpq_set_ui(h, 1, 2);
            CU_ASSERT(mpq_equal(rc_boundary_piece_q(bd, 0), h));
            mpq_clear(h);
        } else {
            CU_ASSERT_PTR_NULL(rc_boundary_piece_q(bd, 0));
        }
        rc_boundary_free(bd);
        rc_partition_free(part);
    }
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Random networks: checks of every piece, sampling, float against exact. */
static void
check_random(size_t dim, size_t trials)
{
    unsigned long rng = test_seed() + 31 + dim;
    size_t trial, pieces = 0, changes = 0;

    for (trial = 0; trial < trials; trial++) {
        size_t w[2] = {dim == 2 ? 10 + trial % 4 : 5 + trial % 3, dim == 2 ? 8 : 5}, m = 2 + trial % 3;
        int kind = (trial / 2) % 2;
        rc_net *net = ph_random_net(dim, 1 + trial % 2, w, m, kind, &rng);
        rc_domain *dom = test_box(dim, -1.0, 1.0);
        rc_partition *pf = ph_enumerate(net, dom, 0), *pe = ph_enumerate(net, dom, 1);
        double lo[3] = {-1, -1, -1}, hi[3] = {1, 1, 1};
        int level;

        for (level = 0; level < 2; level++) {
            rc_boundary_opts o;
            rc_boundary *bf, *be;
            mpq_t lq;
            size_t i, ok = 0, matched = 0;

            rc_boundary_opts_init(&o);
            o.argmin = trial % 3 == 1;
            if (level) {
                o.kind = RC_BOUNDARY_LEVEL;
                o.output = trial % m;
                o.level = 0.25;
            }
            bf = build(pf, &o);
            be = build(pe, &o);
            mpq_init(lq);
            mpq_set_d(lq, o.level);
            for (i = 0; i < rc_boundary_num_pieces(be); i++)
                ok += (size_t)check_piece_exact(be, i, pe, net, &o, lq);
            CU_ASSERT_EQUAL(ok, rc_boundary_num_pieces(be));
            for (i = 0, ok = 0; i < rc_boundary_num_pieces(bf); i++)
                ok += (size_t)check_piece_float(bf, i, pf, net, dom, &o);
            CU_ASSERT_EQUAL(ok, rc_boundary_num_pieces(bf));
            /* each float piece is an exact one of the same region */
            for (i = 0; i < rc_boundary_num_pieces(bf); i++) {
                const rc_boundary_piece *p = rc_boundary_get_piece(bf, i);
                size_t re = rc_partition_find(pe, rc_region_pattern(rc_partition_region(pf, p->region)));
                size_t j, k;
                for (j = 0; j < rc_boundary_num_pieces(be); j++) {
                    const rc_boundary_piece *q = rc_boundary_get_piece(be, j);
                    double d = 0.0;
                    if (q->region != re || q->num_points != p->num_points
                        || q->classes[0] != p->classes[0] || q->classes[1] != p->classes[1])
                        continue;
                    /* the same corners, in any rotation */
                    for (k = 0; k < p->num_points; k++) {
                        double best = INFINITY;
                        size_t h, c;
                        for (h = 0; h < q->num_points; h++) {
                            double e = 0.0;
                            for (c = 0; c < dim; c++)
                                e = fmax(e, fabs(p->points[k * dim + c] - q->points[h * dim + c]));
                            best = fmin(best, e);
                        }
                        d = fmax(d, best);
                    }
                    if (d < 1e-9) {
                        matched++;
                        break;
                    }
                }
            }
            CU_ASSERT_EQUAL(matched, rc_boundary_num_pieces(bf));
            CU_ASSERT_EQUAL(rc_boundary_num_pieces(bf), rc_boundary_num_pieces(be));
            changes += sample(be, net, dom, &o, lo, hi, dim == 2 ? 30 : 60, 300, &rng);
            pieces += rc_boundary_num_pieces(be);
            mpq_clear(lq);
            rc_boundary_free(bf);
            rc_boundary_free(be);
        }
        rc_partition_free(pf);
        rc_partition_free(pe);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    /* the tests saw a boundary and crossed it */
    printf("\n  %zuD: %zu pieces, %zu changes of decision sampled\n", dim, pieces, changes);
    CU_ASSERT(pieces > 5 * trials);
    CU_ASSERT(changes > 10);
}

static void test_random_2d(void) { check_random(2, ph_quick() ? 2 : 8); }
static void test_random_3d(void) { check_random(3, ph_quick() ? 2 : 6); }

/* The ACAS Xu slice: advisories are the argmin; every change along sampled
 * lines meets a piece (float; exact when not quick). */
static void
test_acasxu(void)
{
    const char *path = ph_src_path("../shared/data/acasxu/ACASXU_run2a_1_1_batch_2000.nnet");
    double fix[5] = {30000, 0, NAN, NAN, 600};
    double lo[2] = {-3.141593, 100}, hi[2] = {3.141593, 1200};
    unsigned long rng = test_seed() + 77;
    rc_net *net;
    rc_domain *dom;
    rc_partition *part;
    rc_boundary *b;
    rc_boundary_opts o;
    FILE *f = fopen(path, "r");
    size_t i, ok = 0;

    if (f == NULL) {
        printf("\n  SKIP: %s not found\n", path);
        return;
    }
    fclose(f);
    part = ph_enumerate_file(&net, &dom, path, fix, 0);
    rc_boundary_opts_init(&o);
    o.argmin = 1;
    b = build(part, &o);
    for (i = 0; i < rc_boundary_num_pieces(b); i++)
        ok += (size_t)check_piece_float(b, i, part, net, dom, &o);
    CU_ASSERT_EQUAL(ok, rc_boundary_num_pieces(b));
    CU_ASSERT(rc_boundary_num_pieces(b) > 50);
    CU_ASSERT(sample(b, net, dom, &o, lo, hi, ph_quick() ? 10 : 40, 400, &rng) > (ph_quick() ? 2u : 20u));
    rc_boundary_free(b);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

static void
test_errors(void)
{
    unsigned long rng = test_seed();
    size_t w[1] = {3};
    rc_net *net1 = ph_random_net(2, 1, w, 1, 0, &rng), *net4 = ph_random_net(4, 1, w, 2, 0, &rng);
    rc_domain *d2 = test_box(2, -1, 1), *d4 = test_box(4, -1, 1);
    rc_partition *p1 = ph_enumerate(net1, d2, 1), *p4 = ph_enumerate(net4, d4, 0);
    rc_boundary *b = (rc_boundary *)&rng;
    rc_boundary_opts o;
    rc_error err;

    rc_boundary_opts_init(&o);
    CU_ASSERT_EQUAL(rc_boundary_new(&b, p1, &o, &err), RC_ERR_ARG);   /* one output */
    CU_ASSERT_PTR_NULL(b);
    CU_ASSERT(strstr(err.msg, "two outputs") != NULL);
    CU_ASSERT_EQUAL(rc_boundary_new(&b, p4, &o, &err), RC_ERR_ARG);   /* 4D */
    o.kind = RC_BOUNDARY_LEVEL;
    o.output = 1;
    CU_ASSERT_EQUAL(rc_boundary_new(&b, p1, &o, &err), RC_ERR_ARG);   /* no output 2 */
    o.output = 0;
    o.level_text = "0.5x";
    CU_ASSERT_EQUAL(rc_boundary_new(&b, p1, &o, &err), RC_ERR_ARG);
    CU_ASSERT(strstr(err.msg, "0.5x") != NULL);
    rc_partition_free(p1);
    rc_partition_free(p4);
    rc_domain_free(d2);
    rc_domain_free(d4);
    rc_net_free(net1);
    rc_net_free(net4);
}

/* JSON and CSV of a 2D exact and a 3D float boundary read back. */
static void
test_writers(void)
{
    unsigned long rng = test_seed() + 3;
    size_t dim, w[1] = {6};

    for (dim = 2; dim <= 3; dim++) {
        rc_net *net = ph_random_net(dim, 1, w, 3, 0, &rng);
        rc_domain *dom = test_box(dim, -1, 1);
        rc_partition *part = ph_enumerate(net, dom, dim == 2);
        rc_boundary_opts o;
        rc_boundary *b;
        rc_error err;
        FILE *f = tmpfile();
        json_t *root, *arr;
        json_error_t jerr;
        size_t i, lines = 0, expect_lines = 1;
        int c;

        rc_boundary_opts_init(&o);
        b = build(part, &o);
        CU_ASSERT_FATAL(rc_boundary_num_pieces(b) > 0);
        CU_ASSERT_EQUAL(rc_boundary_write_json(f, b, &err), RC_OK);
        rewind(f);
        root = json_loadf(f, 0, &jerr);
        CU_ASSERT_PTR_NOT_NULL_FATAL(root);
        arr = json_object_get(root, dim == 2 ? "segments" : "polygons");
        CU_ASSERT_EQUAL(json_array_size(arr), rc_boundary_num_pieces(b));
        for (i = 0; i < json_array_size(arr); i++) {
            const rc_boundary_piece *p = rc_boundary_get_piece(b, i);
            json_t *s = json_array_get(arr, i), *cl = json_object_get(s, "classes");
            CU_ASSERT_EQUAL(json_integer_value(json_object_get(s, "region")),
                            (json_int_t)p->region + 1);
            CU_ASSERT_EQUAL(json_integer_value(json_array_get(cl, 0)), p->classes[0] + 1);
            CU_ASSERT_EQUAL(json_integer_value(json_array_get(cl, 1)), p->classes[1] + 1);
            if (dim == 2) {
                /* exact: "p/q" strings equal to the rationals */
                mpq_t q;
                mpq_init(q);
                CU_ASSERT_EQUAL(mpq_set_str(q, json_string_value(json_array_get(
                                    json_object_get(s, "to"), 1)), 10), 0);
                mpq_canonicalize(q);
                CU_ASSERT(mpq_equal(q, rc_boundary_piece_q(b, i) + 3));
                mpq_clear(q);
            } else {
                json_t *pts = json_object_get(s, "points");
                CU_ASSERT_EQUAL(json_array_size(pts), p->num_points);
                CU_ASSERT_EQUAL(json_number_value(json_array_get(json_array_get(pts, 1), 2)),
                                p->points[5]);
            }
            expect_lines += dim == 2 ? 1 : p->num_points;
        }
        json_decref(root);
        fclose(f);
        f = tmpfile();
        CU_ASSERT_EQUAL(rc_boundary_write_csv(f, b, &err), RC_OK);
        rewind(f);
        while ((c = fgetc(f)) != EOF)
            lines += c == '\n';
        CU_ASSERT_EQUAL(lines, expect_lines);
        fclose(f);
        rc_boundary_free(b);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
}

int
main(void)
{
    static const test_case tests[] = {
        {"known answer: relu(x1) against relu(x2)", test_known_answer},
        {"2D random and degenerate: exact ties, sampling, float = exact", test_random_2d},
        {"3D random and degenerate: exact ties, sampling, float = exact", test_random_3d},
        {"ACAS Xu slice: advisories (argmin)", test_acasxu},
        {"errors", test_errors},
        {"JSON and CSV read back", test_writers},
    };

    return test_run_suite("boundary", tests, sizeof tests / sizeof tests[0]);
}
