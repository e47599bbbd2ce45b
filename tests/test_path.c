/* test_path.c -- break points along segments and polylines (path.h).
 *
 * Known answers derived by hand: three first-layer lines through one point
 * of the segment (one break point, three flips, t = 1/2 exactly); a segment
 * inside a neuron's hyperplane (that neuron stays off, flips nothing); a
 * layer-2 neuron |x| - 1/2 crossed twice, with its slopes and gaps; one
 * hidden layer, where the break points are exactly the neurons whose sign
 * differs at the two ends.  Properties of random networks: dense sampling
 * (10^6 points: every sample's pattern is its piece's, every break point's
 * flips are seen by the samples beside it), float, default and exact give
 * the same break points (float t within 1e-9 of the exact t), exact values
 * and slopes agree with the doubles, trajectory lengths agree with a fine
 * polyline through sampled images, a polyline is its segments one after
 * the other, and in a 2D domain the pieces are exactly the regions of
 * rc_enumerate that the segment meets, in order. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "testutil.h"

/* ---- helpers ------------------------------------------------------------------- */

/* A network with the given sizes, weights uniform in [-1, 1] times
 * sqrt(3 / fan-in) (unit variance per layer) rounded to multiples of
 * 2^-20 (short exact numbers), biases in [-0.3, 0.3] likewise. */
static rc_net *
random_net(unsigned long *state, size_t L, const size_t *sizes)
{
    rc_net *net = NULL;
    size_t l, i, j;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; l++) {
        double sc = sqrt(3.0 / (double)sizes[l]);
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++) {
                double w = (2.0 * test_urand(state) - 1.0) * sc;
                rc_net_set_weight(net, l, i, j, ldexp(round(ldexp(w, 20)), -20));
            }
            rc_net_set_bias(net, l, i,
                            ldexp(round(ldexp(0.6 * test_urand(state) - 0.3, 20)), -20));
        }
    }
    return net;
}

/* Post-activations of every hidden layer (concatenated) and the outputs
 * at x, in double; pattern bits where the pre-activation is > 0, and in
 * robust[] whether |pre-activation| > tol. */
static void
forward(const rc_net *net, const double *x, double *hidden, double *y,
        unsigned char *bits, unsigned char *robust, double tol)
{
    size_t L = rc_net_num_layers(net), l, i, j, off = 0, n = rc_net_num_inputs(net);
    double cur[256], nxt[256];
    const double *mean = rc_net_input_mean(net), *range = rc_net_input_range(net);

    for (i = 0; i < n; i++)
        cur[i] = (x[i] - mean[i]) / range[i];
    for (l = 0; l < L; l++) {
        size_t in = l == 0 ? n : rc_net_layer_size(net, l - 1);
        size_t out = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);
        for (i = 0; i < out; i++) {
            double s = b[i];
            for (j = 0; j < in; j++)
                s += W[i * in + j] * cur[j];
            if (l + 1 < L) {
                if (bits != NULL)
                    bits[off + i] = s > 0.0;
                if (robust != NULL)
                    robust[off + i] = fabs(s) > tol;
                s = s > 0.0 ? s : 0.0;
                if (hidden != NULL)
                    hidden[off + i] = s;
            }
            nxt[i] = s;
        }
        if (l + 1 < L)
            off += out;
        memcpy(cur, nxt, out * sizeof *cur);
    }
    for (i = 0; y != NULL && i < rc_net_num_outputs(net); i++)
        y[i] = cur[i] * rc_net_output_range(net) + rc_net_output_mean(net);
}

static rc_path *
segment(const rc_net *net, const double *x0, const double *x1, rc_arithmetic a)
{
    rc_path_opts o;
    rc_path *p = NULL;
    rc_error err = {RC_OK, ""};

    rc_path_opts_init(&o);
    o.arithmetic = a;
    if (rc_path_segment(&p, net, x0, x1, &o, &err) != RC_OK)
        fprintf(stderr, "rc_path_segment: %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

/* Dense sampling: N + 1 samples of the path's parameter range.  Every
 * sample farther than 1e-9 from a break point has, on every neuron whose
 * pre-activation exceeds 1e-9 in size, the bit of its piece's pattern; and
 * every break point alone between its two neighbouring samples shows its
 * flips there.  Returns the number of disagreements. */
static size_t
dense_check(const rc_net *net, const rc_path *p, size_t N)
{
    size_t n = rc_net_num_inputs(net), npat = rc_net_num_neurons(net);
    size_t i, piece = 0, bad = 0, k, np = rc_path_num_pieces(p), nb = rc_path_num_breakpoints(p);
    double T = rc_path_t_end(p), *x = malloc(n * sizeof *x);
    unsigned char *bits = malloc(npat), *rob = malloc(npat);
    unsigned char *prev = malloc(npat), *prevrob = malloc(npat);
    size_t *next_bp = calloc(N + 2, sizeof *next_bp);

    for (i = 0; i <= N; i++) {
        double t = T * (double)i / (double)N;
        const unsigned char *pat;
        size_t j;
        while (piece + 1 < np && rc_path_piece_t1(p, piece) < t)
            piece++;
        if (fabs(t - rc_path_piece_t0(p, piece)) < 1e-9
            || fabs(t - rc_path_piece_t1(p, piece)) < 1e-9)
            continue;
        rc_path_point(x, p, t);
        forward(net, x, NULL, NULL, bits, rob, 1e-9);
        pat = rc_path_piece_pattern(p, piece);
        for (j = 0; j < npat; j++)
            if (rob[j] && bits[j] != pat[j])
                bad++;
    }
    /* every isolated break point shows its flips in the samples beside it */
    for (k = 0; k < nb; k++) {
        double t = rc_path_breakpoint_t(p, k), step = T / (double)N;
        double ta = floor(t / step) * step, tb = ta + step;
        size_t f;
        if (fabs(t - ta) < 1e-9 || fabs(t - tb) < 1e-9 || ta < 0 || tb > T)
            continue;
        if ((k > 0 && rc_path_breakpoint_t(p, k - 1) > ta - step)
            || (k + 1 < nb && rc_path_breakpoint_t(p, k + 1) < tb + step))
            continue;
        rc_path_point(x, p, ta);
        forward(net, x, NULL, NULL, prev, prevrob, 1e-12);
        rc_path_point(x, p, tb);
        forward(net, x, NULL, NULL, bits, rob, 1e-12);
        for (f = 0; f < rc_path_breakpoint_num_flips(p, k); f++) {
            rc_path_flip fl = rc_path_breakpoint_flip(p, k, f);
            size_t j = fl.neuron;
            unsigned l;
            for (l = 0; l < fl.layer; l++)
                j += rc_net_layer_size(net, l);
            if (prevrob[j] && rob[j] && (prev[j] != !fl.to || bits[j] != fl.to))
                bad++;
        }
    }
    free(x);
    free(bits);
    free(rob);
    free(prev);
    free(prevrob);
    free(next_bp);
    return bad;
}

/* The two results have the same break points, flips and patterns; t
 * within tol. */
static void
same_breakpoints(const rc_path *a, const rc_path *b, double tol)
{
    size_t k, f, nb = rc_path_num_breakpoints(a);

    CU_ASSERT_EQUAL(nb, rc_path_num_breakpoints(b));
    if (nb != rc_path_num_breakpoints(b))
        return;
    for (k = 0; k < nb; k++) {
        CU_ASSERT(fabs(rc_path_breakpoint_t(a, k) - rc_path_breakpoint_t(b, k)) <= tol);
        CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(a, k), rc_path_breakpoint_num_flips(b, k));
        for (f = 0; f < rc_path_breakpoint_num_flips(a, k) && f < rc_path_breakpoint_num_flips(b, k); f++) {
            rc_path_flip x = rc_path_breakpoint_flip(a, k, f), y = rc_path_breakpoint_flip(b, k, f);
            CU_ASSERT(x.layer == y.layer && x.neuron == y.neuron && x.to == y.to);
        }
    }
}

/* ---- known answers ------------------------------------------------------------ */

/* Three lines through the origin of the plane: x, y, x - 2y; the segment
 * (-1, -0.3) -> (1, 0.3) meets them all at t = 1/2, where all three turn
 * on; the output is their sum. */
static void
test_three_lines_vertex(void)
{
    static const size_t sizes[3] = {2, 3, 1};
    static const double W1[6] = {1, 0, 0, 1, 1, -2}, b1[3] = {0, 0, 0};
    static const double W2[3] = {1, 1, 1}, b2[1] = {0};
    const double *W[2] = {W1, W2}, *b[2] = {b1, b2};
    rc_net *net = test_make_net(2, sizes, W, b);
    double x0[2] = {-1, -0.3}, x1[2] = {1, 0.3};
    rc_arithmetic modes[3] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED, RC_ARITH_EXACT};
    int m;

    for (m = 0; m < 3; m++) {
        rc_path *p = segment(net, x0, x1, modes[m]);
        size_t f;
        CU_ASSERT_EQUAL(rc_path_num_breakpoints(p), 1);
        CU_ASSERT_EQUAL(rc_path_num_pieces(p), 2);
        if (rc_path_num_breakpoints(p) == 1) {
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_t(p, 0), 0.5, 1e-15);
            CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(p, 0), 3);
            for (f = 0; f < rc_path_breakpoint_num_flips(p, 0); f++) {
                rc_path_flip fl = rc_path_breakpoint_flip(p, 0, f);
                CU_ASSERT(fl.layer == 0 && fl.neuron == f && fl.to == 1);
            }
            CU_ASSERT_EQUAL(rc_path_breakpoint_layer(p, 0), 0);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_value(p, 0)[0], 0.0, 1e-15);
            /* slope: 0 before; after d/dt (x + y + x - 2y) = 2 * 2 - 0.6 */
            CU_ASSERT_DOUBLE_EQUAL(rc_path_piece_slope_t(p, 0)[0], 0.0, 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_piece_slope_t(p, 1)[0], 3.4, 1e-14);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_gap(p, 0)[0],
                                   3.4 / sqrt(4 + 0.36), 1e-14);
        }
        if (modes[m] == RC_ARITH_EXACT && rc_path_num_breakpoints(p) == 1) {
            mpq_t half;
            mpq_init(half);
            mpq_set_ui(half, 1, 2);
            CU_ASSERT_PTR_NOT_NULL_FATAL(rc_path_breakpoint_t_q(p, 0));
            CU_ASSERT(mpq_equal(rc_path_breakpoint_t_q(p, 0), half));
            /* 0.3 is not a double: the slope is 1.8 only up to it */
            CU_ASSERT(rc_path_is_exact(p));
            mpq_clear(half);
        } else {
            CU_ASSERT_EQUAL(rc_path_num_exact_steps(p) > 0, modes[m] == RC_ARITH_FILTERED);
        }
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 0), 3);
        CU_ASSERT_EQUAL(rc_path_layer_patterns(p, 0), 2);
        rc_path_free(p);
    }
    rc_net_free(net);
}

/* The segment x = 0, y from -1 to 1 lies inside neuron 1's line x = 0:
 * neuron 1 is zero all along, so off, and never flips; neuron 2 (y) flips
 * at t = 1/2; a layer-2 neuron n1 - n2 + 1/4 (zero when y = 1/4) flips at
 * t = 5/8. */
static void
test_inside_hyperplane(void)
{
    static const size_t sizes[4] = {2, 2, 1, 1};
    static const double W1[4] = {1, 0, 0, 1}, b1[2] = {0, 0};
    static const double W2[2] = {1, -1}, b2[1] = {0.25};
    static const double W3[1] = {1}, b3[1] = {0};
    const double *W[3] = {W1, W2, W3}, *b[3] = {b1, b2, b3};
    rc_net *net = test_make_net(3, sizes, W, b);
    double x0[2] = {0, -1}, x1[2] = {0, 1};
    rc_arithmetic modes[3] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED, RC_ARITH_EXACT};
    int m;

    for (m = 0; m < 3; m++) {
        rc_path *p = segment(net, x0, x1, modes[m]);
        size_t i;
        CU_ASSERT_EQUAL(rc_path_num_breakpoints(p), 2);
        for (i = 0; i < rc_path_num_pieces(p); i++)
            CU_ASSERT_EQUAL(rc_path_piece_pattern(p, i)[0], 0);
        if (rc_path_num_breakpoints(p) == 2) {
            rc_path_flip a = rc_path_breakpoint_flip(p, 0, 0), c = rc_path_breakpoint_flip(p, 1, 0);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_t(p, 0), 0.5, 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_t(p, 1), 0.625, 1e-15);
            CU_ASSERT(a.layer == 0 && a.neuron == 1 && a.to == 1);
            CU_ASSERT(c.layer == 1 && c.neuron == 0 && c.to == 0);
            CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(p, 0), 1);
        }
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 0), 1);
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 1), 1);
        rc_path_free(p);
    }
    rc_net_free(net);
}

/* One input x from -1 to 1 (t = (x + 1) / 2); layer 1: relu(x), relu(-x);
 * layer 2: m = relu(|x| - 1/2); output m.  Break points t = 1/4 (m off),
 * 1/2 (both layer-1 neurons), 3/4 (m on): the layer-2 neuron's zero set
 * is crossed twice.  f = max(|x| - 1/2, 0): d f / dt = -2, 0, 0, 2, and
 * per unit of input (|X1 - X0| = 2) -1, 0, 0, 1; gaps 1, 0, 1. */
static void
test_layer2_twice(void)
{
    static const size_t sizes[4] = {1, 2, 1, 1};
    static const double W1[2] = {1, -1}, b1[2] = {0, 0};
    static const double W2[2] = {1, 1}, b2[1] = {-0.5};
    static const double W3[1] = {1}, b3[1] = {0};
    const double *W[3] = {W1, W2, W3}, *b[3] = {b1, b2, b3};
    rc_net *net = test_make_net(3, sizes, W, b);
    double x0[1] = {-1}, x1[1] = {1};
    static const double ts[3] = {0.25, 0.5, 0.75}, slopes[4] = {-1, 0, 0, 1};
    static const double gaps[3] = {1, 0, 1}, values[3] = {0, 0, 0};
    rc_arithmetic modes[3] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED, RC_ARITH_EXACT};
    int m;

    for (m = 0; m < 3; m++) {
        rc_path *p = segment(net, x0, x1, modes[m]);
        size_t k;
        CU_ASSERT_EQUAL_FATAL(rc_path_num_breakpoints(p), 3);
        for (k = 0; k < 3; k++) {
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_t(p, k), ts[k], 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_gap(p, k)[0], gaps[k], 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_value(p, k)[0], values[k], 1e-15);
        }
        CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(p, 1), 2);
        CU_ASSERT_EQUAL(rc_path_breakpoint_layer(p, 0), 1);
        CU_ASSERT_EQUAL(rc_path_breakpoint_layer(p, 1), 0);
        for (k = 0; k < 4; k++) {
            CU_ASSERT_DOUBLE_EQUAL(rc_path_piece_slope(p, k)[0], slopes[k], 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(rc_path_piece_slope_t(p, k)[0], 2 * slopes[k], 1e-15);
        }
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 0), 2);
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 1), 2);
        /* layer 2's patterns: on, off, (off), on: two distinct */
        CU_ASSERT_EQUAL(rc_path_layer_patterns(p, 1), 2);
        CU_ASSERT_EQUAL(rc_path_num_patterns(p), 4);
        /* lengths: input 2; layer 1 (relu(x), relu(-x)): 1 + 1; layer 2
         * and the output: 1/2 + 1/2 */
        CU_ASSERT_DOUBLE_EQUAL(rc_path_length(p, 0, NULL), 2.0, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(rc_path_length(p, 1, NULL), 2.0, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(rc_path_length(p, 2, NULL), 1.0, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(rc_path_length(p, 3, NULL), 1.0, 1e-15);
        if (modes[m] == RC_ARITH_EXACT) {
            mpq_t q;
            mpq_init(q);
            mpq_set_ui(q, 3, 4);
            CU_ASSERT(mpq_equal(rc_path_breakpoint_t_q(p, 2), q));
            mpq_set_si(q, 2, 1);
            CU_ASSERT(mpq_equal(rc_path_piece_slope_t_q(p, 3), q));
            mpq_set_si(q, 4, 1);
            CU_ASSERT(mpq_equal(rc_path_leg_norm2_q(p, 0), q));
            mpq_clear(q);
        }
        rc_path_free(p);
    }
    rc_net_free(net);
}

/* One hidden layer: a neuron flips iff its signs at the two ends differ
 * (its pre-activation is affine in t): K <= N1, and the flips are those
 * neurons. */
static void
test_one_layer(void)
{
    unsigned long state = test_seed() ^ 0x1111;
    static const size_t sizes[3] = {5, 40, 3};
    rc_net *net = random_net(&state, 2, sizes);
    int trial;

    for (trial = 0; trial < 20; trial++) {
        double x0[5], x1[5];
        unsigned char b0[40], b1[40], seen[40];
        size_t j, k, expect = 0;
        rc_path *p;
        for (j = 0; j < 5; j++) {
            x0[j] = 4 * test_urand(&state) - 2;
            x1[j] = 4 * test_urand(&state) - 2;
        }
        forward(net, x0, NULL, NULL, b0, NULL, 0);
        forward(net, x1, NULL, NULL, b1, NULL, 0);
        for (j = 0; j < 40; j++)
            expect += b0[j] != b1[j];
        p = segment(net, x0, x1, RC_ARITH_FILTERED);
        CU_ASSERT(rc_path_num_breakpoints(p) <= 40);
        CU_ASSERT_EQUAL(rc_path_layer_transitions(p, 0), expect);
        memset(seen, 0, sizeof seen);
        for (k = 0; k < rc_path_num_breakpoints(p); k++)
            for (j = 0; j < rc_path_breakpoint_num_flips(p, k); j++) {
                rc_path_flip f = rc_path_breakpoint_flip(p, k, j);
                CU_ASSERT(!seen[f.neuron] && b0[f.neuron] != b1[f.neuron]
                          && f.to == b1[f.neuron]);
                seen[f.neuron] = 1;
            }
        CU_ASSERT(memcmp(rc_path_piece_pattern(p, 0), b0, 40) == 0);
        CU_ASSERT(memcmp(rc_path_piece_pattern(p, rc_path_num_pieces(p) - 1), b1, 40) == 0);
        rc_path_free(p);
    }
    rc_net_free(net);
}

/* ---- random networks ---------------------------------------------------------- */

static void
test_dense_sampling(void)
{
    unsigned long state = test_seed() ^ 0x2222;
    static const size_t sizes[5] = {4, 16, 16, 12, 2};
    rc_net *net = random_net(&state, 4, sizes);
    size_t N = getenv("RC_TEST_QUICK") ? 20000 : 1000000;
    int trial;

    for (trial = 0; trial < 2; trial++) {
        double x0[4], x1[4];
        size_t j;
        rc_path *pf, *pe;
        for (j = 0; j < 4; j++) {
            x0[j] = 6 * test_urand(&state) - 3;
            x1[j] = 6 * test_urand(&state) - 3;
        }
        pf = segment(net, x0, x1, RC_ARITH_FLOAT);
        pe = segment(net, x0, x1, RC_ARITH_EXACT);
        CU_ASSERT(rc_path_num_breakpoints(pe) > 3);
        CU_ASSERT_EQUAL(dense_check(net, pf, N), 0);
        CU_ASSERT_EQUAL(dense_check(net, pe, N), 0);
        rc_path_free(pf);
        rc_path_free(pe);
    }
    rc_net_free(net);
}

/* Float, default and exact: the same break points; float t within 1e-9 of
 * the exact t; the exact numbers round to the doubles. */
static void
test_modes_agree(void)
{
    unsigned long state = test_seed() ^ 0x3333;
    static const size_t sizes[5] = {6, 20, 20, 20, 3};
    rc_net *net = random_net(&state, 4, sizes);
    int trial;

    for (trial = 0; trial < 10; trial++) {
        double x0[6], x1[6];
        size_t j, k, i;
        rc_path *pf, *pd, *pe;
        mpq_t *xq = malloc(6 * sizeof *xq);
        for (j = 0; j < 6; j++) {
            x0[j] = 6 * test_urand(&state) - 3;
            x1[j] = 6 * test_urand(&state) - 3;
            mpq_init(xq[j]);
        }
        pf = segment(net, x0, x1, RC_ARITH_FLOAT);
        pd = segment(net, x0, x1, RC_ARITH_FILTERED);
        pe = segment(net, x0, x1, RC_ARITH_EXACT);
        same_breakpoints(pf, pe, 1e-9);
        same_breakpoints(pd, pe, 1e-12);
        CU_ASSERT_EQUAL(rc_path_num_uncertain(pf), 0);
        for (k = 0; k < rc_path_num_breakpoints(pe); k++) {
            const double *v = rc_path_breakpoint_value(pe, k);
            double x[6];
            CU_ASSERT(fabs(rc_path_breakpoint_t(pe, k) - mpq_get_d(rc_path_breakpoint_t_q(pe, k)))
                      <= 1e-15 * rc_path_breakpoint_t(pe, k));
            CU_ASSERT(fabs(mpq_get_d(rc_path_breakpoint_value_q(pe, k)) - v[0])
                      <= 1e-12 * (1 + fabs(v[0])));
            /* the exact point is on the segment, and the network's value
             * there is the break point's */
            CU_ASSERT_EQUAL(rc_path_breakpoint_point_q(xq, pe, k), RC_OK);
            for (j = 0; j < 6; j++)
                x[j] = mpq_get_d(xq[j]);
            {
                double y[3];
                forward(net, x, NULL, y, NULL, NULL, 0);
                for (i = 0; i < 3; i++)
                    CU_ASSERT(fabs(y[i] - v[i]) <= 1e-12 * (1 + fabs(y[i])));
            }
        }
        for (i = 0; i < rc_path_num_pieces(pe); i++)
            for (j = 0; j < 3; j++)
                CU_ASSERT(fabs(rc_path_piece_slope_t(pf, i)[j] - rc_path_piece_slope_t(pe, i)[j])
                          <= 1e-9 * (1 + fabs(rc_path_piece_slope_t(pe, i)[j])));
        for (j = 0; j < 6; j++)
            mpq_clear(xq[j]);
        free(xq);
        rc_path_free(pf);
        rc_path_free(pd);
        rc_path_free(pe);
    }
    rc_net_free(net);
}

/* Trajectory lengths against polylines through sampled images: 10^5
 * equally spaced samples (a polyline cuts the corners, so it is shorter,
 * by little), and the same samples with the break points added (then each
 * chord lies on a piece, where the image is affine: equal up to rounding). */
static double
polyline_lengths(const rc_net *net, const rc_path *p, const double *ts,
                 size_t count, double *len)
{
    size_t i, j, l;
    double prev[25], cur[25], x[3];

    for (l = 0; l < 4; l++)
        len[l] = 0.0;
    for (i = 0; i < count; i++) {
        rc_path_point(x, p, ts[i]);
        forward(net, x, cur + 3, cur + 23, NULL, NULL, 0);
        memcpy(cur, x, sizeof x);
        if (i > 0) {
            /* input, layer 1, layer 2, outputs */
            static const size_t from[4] = {0, 3, 13, 23}, to[4] = {3, 13, 23, 25};
            for (l = 0; l < 4; l++) {
                double s = 0;
                for (j = from[l]; j < to[l]; j++)
                    s += (cur[j] - prev[j]) * (cur[j] - prev[j]);
                len[l] += sqrt(s);
            }
        }
        memcpy(prev, cur, sizeof cur);
    }
    return len[0];
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

static void
test_lengths(void)
{
    unsigned long state = test_seed() ^ 0x4444;
    static const size_t sizes[4] = {3, 10, 10, 2};
    rc_net *net = random_net(&state, 3, sizes);
    double x0[3] = {-2, 1, 0.5}, x1[3] = {1.5, -1, 2};
    rc_path *p = segment(net, x0, x1, RC_ARITH_FILTERED);
    size_t N = 100000, nb = rc_path_num_breakpoints(p), i, l;
    double *ts = malloc((N + 1 + nb) * sizeof *ts), uni[4], with[4];

    CU_ASSERT(nb > 5);
    for (i = 0; i <= N; i++)
        ts[i] = (double)i / (double)N;
    polyline_lengths(net, p, ts, N + 1, uni);
    for (i = 0; i < nb; i++)
        ts[N + 1 + i] = rc_path_breakpoint_t(p, i);
    qsort(ts, N + 1 + nb, sizeof *ts, cmp_double);
    polyline_lengths(net, p, ts, N + 1 + nb, with);
    for (l = 0; l < 4; l++) {
        double e, v = rc_path_length(p, l, &e);
        CU_ASSERT(fabs(v - with[l]) <= 1e-10 * with[l]);
        CU_ASSERT(uni[l] <= v * (1 + 1e-12) && uni[l] >= v * (1 - 1e-4));
        CU_ASSERT_EQUAL(e, 0.0);
    }
    free(ts);
    rc_path_free(p);
    rc_net_free(net);
}

/* A polyline: its pieces and break points are those of its segments one
 * after the other, plus a break point at a joint where the pattern
 * changes there. */
static void
test_polyline(void)
{
    unsigned long state = test_seed() ^ 0x5555;
    static const size_t sizes[4] = {3, 12, 12, 2};
    rc_net *net = random_net(&state, 3, sizes);
    double pts[4 * 3];
    size_t j, k, seg, total = 0;
    rc_path_opts o;
    rc_path *poly = NULL;
    rc_error err;

    for (j = 0; j < 12; j++)
        pts[j] = 4 * test_urand(&state) - 2;
    rc_path_opts_init(&o);
    CU_ASSERT_EQUAL_FATAL(rc_path_polyline(&poly, net, pts, 4, &o, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_path_get_kind(poly), RC_PATH_POLYLINE);
    CU_ASSERT_EQUAL(rc_path_t_end(poly), 3.0);
    for (seg = 0; seg < 3; seg++) {
        rc_path *p = segment(net, pts + 3 * seg, pts + 3 * (seg + 1), RC_ARITH_FILTERED);
        size_t nb = rc_path_num_breakpoints(p);
        for (k = 0; k < nb; k++) {
            int found = 0;
            size_t m;
            for (m = 0; m < rc_path_num_breakpoints(poly); m++)
                if (fabs(rc_path_breakpoint_t(poly, m) - (seg + rc_path_breakpoint_t(p, k))) < 1e-14)
                    found = 1;
            CU_ASSERT(found);
        }
        total += nb;
        rc_path_free(p);
    }
    /* the joints: a pattern change there is one more break point */
    CU_ASSERT(rc_path_num_breakpoints(poly) >= total);
    CU_ASSERT(rc_path_num_breakpoints(poly) <= total + 2);
    CU_ASSERT_EQUAL(rc_path_num_pieces(poly), total + 3);
    CU_ASSERT_EQUAL(dense_check(net, poly, 300000), 0);
    rc_path_free(poly);
    rc_net_free(net);
}

/* In a 2D domain, the pieces are the regions of rc_enumerate the segment
 * meets, in order: each piece's pattern is a region's, its middle lies in
 * that region, and the regions whose intersection with the segment has a
 * positive length are exactly those. */
static void
test_enumerate_agrees(void)
{
    unsigned long state = test_seed() ^ 0x6666;
    static const size_t sizes[4] = {2, 10, 10, 1};
    rc_net *net = random_net(&state, 3, sizes);
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_error err;
    rc_enum_opts eo;
    int trial;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    rc_enum_opts_init(&eo);
    eo.arithmetic = RC_ARITH_EXACT;
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, &eo, &err), RC_OK);
    for (trial = 0; trial < 10; trial++) {
        double x0[2], x1[2];
        size_t r, i, met = 0, npat = rc_net_num_neurons(net);
        rc_path *p;
        for (i = 0; i < 2; i++) {
            x0[i] = 2 * test_urand(&state) - 1;
            x1[i] = 2 * test_urand(&state) - 1;
        }
        p = segment(net, x0, x1, RC_ARITH_EXACT);
        /* regions met: clip the segment by each region's facets */
        for (r = 0; r < rc_partition_num_regions(part); r++) {
            const rc_region *reg = rc_partition_region(part, r);
            double lo = 0, hi = 1;
            size_t f;
            for (f = 0; f < rc_region_num_facets(reg); f++) {
                double b;
                const double *a = rc_region_facet(reg, f, &b, NULL);
                double c0 = a[0] * x0[0] + a[1] * x0[1] - b;
                double c1 = a[0] * (x1[0] - x0[0]) + a[1] * (x1[1] - x0[1]);
                /* c0 + c1 t <= 0 */
                if (fabs(c1) < 1e-14) {
                    if (c0 > 1e-12)
                        hi = -1;
                } else if (c1 > 0) {
                    hi = fmin(hi, -c0 / c1);
                } else {
                    lo = fmax(lo, -c0 / c1);
                }
            }
            if (hi - lo > 1e-9) {
                int found = 0;
                met++;
                for (i = 0; i < rc_path_num_pieces(p); i++)
                    if (memcmp(rc_path_piece_pattern(p, i), rc_region_pattern(reg), npat) == 0) {
                        found = 1;
                        CU_ASSERT(fabs(rc_path_piece_t0(p, i) - lo) < 1e-9);
                        CU_ASSERT(fabs(rc_path_piece_t1(p, i) - hi) < 1e-9);
                    }
                CU_ASSERT(found);
            }
        }
        CU_ASSERT_EQUAL(met, rc_path_num_pieces(p));
        rc_path_free(p);
    }
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Degenerate networks: small integer weights and biases, segments between
 * integer points, so that paths run through vertices of the partition,
 * along hyperplanes, and meet neurons that are zero on whole pieces.  The
 * default arithmetic (float with exact steps) gives exactly the break
 * points, flips and patterns of exact arithmetic, and dense sampling
 * agrees with both wherever a pre-activation is not near zero. */
static void
test_degenerate(void)
{
    unsigned long state = test_seed() ^ 0xdddd;
    static const size_t sizes[5] = {3, 6, 6, 5, 2};
    int trial, steps = 0;

    for (trial = 0; trial < 40; trial++) {
        rc_net *net = NULL;
        rc_path *pd, *pe;
        double x0[3], x1[3];
        size_t l, i, j, k;
        CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 4, sizes, NULL), RC_OK);
        for (l = 0; l < 4; l++)
            for (i = 0; i < sizes[l + 1]; i++) {
                for (j = 0; j < sizes[l]; j++)
                    rc_net_set_weight(net, l, i, j, (double)test_irand(&state, 0, 4) - 2);
                rc_net_set_bias(net, l, i, (double)test_irand(&state, 0, 4) - 2);
            }
        do {
            for (j = 0; j < 3; j++) {
                x0[j] = (double)test_irand(&state, 0, 4) - 2;
                x1[j] = (double)test_irand(&state, 0, 4) - 2;
            }
        } while (x0[0] == x1[0] && x0[1] == x1[1] && x0[2] == x1[2]);
        pd = segment(net, x0, x1, RC_ARITH_FILTERED);
        pe = segment(net, x0, x1, RC_ARITH_EXACT);
        same_breakpoints(pd, pe, 0);
        CU_ASSERT_EQUAL(rc_path_num_pieces(pd), rc_path_num_pieces(pe));
        for (k = 0; k < rc_path_num_pieces(pd) && k < rc_path_num_pieces(pe); k++)
            CU_ASSERT(memcmp(rc_path_piece_pattern(pd, k), rc_path_piece_pattern(pe, k),
                             rc_net_num_neurons(net)) == 0);
        CU_ASSERT_EQUAL(dense_check(net, pe, 20000), 0);
        steps += rc_path_num_exact_steps(pd) > 0;
        rc_path_free(pd);
        rc_path_free(pe);
        rc_net_free(net);
    }
    /* the cases are degenerate enough to need exact steps */
    CU_ASSERT(steps > 5);
    printf("\ndegenerate: %d of 40 paths took exact steps\n", steps);
}

/* One value g = c^T f: the combined network computes it (exactly: its
 * last layer is c^T W_L), and a path on it is the path with the
 * combination (the same break points, values and gaps). */
static void
test_combined(void)
{
    unsigned long state = test_seed() ^ 0x9999;
    static const size_t sizes[4] = {3, 9, 9, 3};
    rc_net *net = random_net(&state, 3, sizes), *g = NULL;
    double c[3] = {0.5, -2, 0.25}, x0[3] = {-1, 0.5, 2}, x1[3] = {2, -1, -0.5};
    rc_path_opts o;
    rc_path *pc = NULL, *pg = NULL;
    rc_error err;
    size_t k, i;

    rc_net_set_normalisation(net, (double[]){0.5, 0, -1}, (double[]){2, 1, 4}, 3, 0.5, &err);
    CU_ASSERT_EQUAL_FATAL(rc_net_new_combined(&g, net, c, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_net_num_outputs(g), 1);
    for (i = 0; i < 20; i++) {
        double x[3], y[3], z[1];
        size_t j;
        for (j = 0; j < 3; j++)
            x[j] = 4 * test_urand(&state) - 2;
        rc_net_eval(net, y, NULL, x);
        rc_net_eval(g, z, NULL, x);
        CU_ASSERT(fabs(z[0] - (c[0] * y[0] + c[1] * y[1] + c[2] * y[2])) < 1e-12);
    }
    rc_path_opts_init(&o);
    o.arithmetic = RC_ARITH_EXACT;
    o.combine = c;
    CU_ASSERT_EQUAL_FATAL(rc_path_segment(&pc, net, x0, x1, &o, &err), RC_OK);
    o.combine = NULL;
    CU_ASSERT_EQUAL_FATAL(rc_path_segment(&pg, g, x0, x1, &o, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_path_num_values(pc), 1);
    same_breakpoints(pc, pg, 0);
    for (k = 0; k < rc_path_num_breakpoints(pc) && k < rc_path_num_breakpoints(pg); k++) {
        CU_ASSERT(mpq_equal(rc_path_breakpoint_value_q(pc, k), rc_path_breakpoint_value_q(pg, k)));
        CU_ASSERT_EQUAL(rc_path_breakpoint_gap(pc, k)[0], rc_path_breakpoint_gap(pg, k)[0]);
    }
    for (i = 0; i < rc_path_num_pieces(pc); i++)
        CU_ASSERT(mpq_equal(rc_path_piece_slope_t_q(pc, i), rc_path_piece_slope_t_q(pg, i)));
    rc_path_free(pc);
    rc_path_free(pg);
    rc_net_free(g);
    rc_net_free(net);
}

/* Errors: equal ends, a non-finite point, a bad combination. */
static void
test_errors(void)
{
    static const size_t sizes[3] = {2, 2, 1};
    static const double W1[4] = {1, 0, 0, 1}, b1[2] = {0, 0}, W2[2] = {1, 1}, b2[1] = {0};
    const double *W[2] = {W1, W2}, *b[2] = {b1, b2};
    rc_net *net = test_make_net(2, sizes, W, b);
    double x0[2] = {0.5, 0.5}, x1[2] = {1, 0}, bad[2] = {NAN, 0}, c[1] = {INFINITY};
    rc_path *p = NULL;
    rc_path_opts o;
    rc_error err;

    rc_path_opts_init(&o);
    CU_ASSERT_EQUAL(rc_path_segment(&p, net, x0, x0, &o, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "same point"));
    CU_ASSERT_EQUAL(rc_path_segment(&p, net, x0, bad, &o, &err), RC_ERR_ARG);
    o.combine = c;   /* a combination that is not finite */
    CU_ASSERT_EQUAL(rc_path_segment(&p, net, x0, x1, &o, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(p);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "combination"));
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"three lines through a vertex", test_three_lines_vertex},
        {"segment inside a hyperplane", test_inside_hyperplane},
        {"a layer-2 hyperplane crossed twice", test_layer2_twice},
        {"one hidden layer: K <= N1", test_one_layer},
        {"dense sampling, float and exact", test_dense_sampling},
        {"float, default, exact agree", test_modes_agree},
        {"trajectory lengths", test_lengths},
        {"polyline", test_polyline},
        {"2D: the regions of enumerate in order", test_enumerate_agrees},
        {"degenerate networks: default = exact", test_degenerate},
        {"one value: the combined network", test_combined},
        {"errors", test_errors},
    };

    return test_run_suite("path", tests, sizeof tests / sizeof *tests);
}
