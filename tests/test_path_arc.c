/* test_path_arc.c -- break points along circular arcs (rc_path_arc).
 *
 * By hand: the unit circle x = cos theta, y = sin theta through the lines
 * x = 0, y = 0 and x = 1/2: the break points are pi/3, pi/2 (a quarter
 * turn: found where the quarters join), pi, 3 pi/2, 5 pi/3; pi/3 is
 * u = tan(pi/6) = 1/sqrt(3) exactly; the image of relu(x), relu(y) has
 * length pi/2 + 2 and the circle 2 pi (closed forms).  Random networks:
 * dense sampling of theta (10^6 points), float, default and exact agree,
 * exact zeros isolated within 1e-30, lengths against fine polylines. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells.h"
#include "testutil.h"

static rc_path *
arc(const rc_net *net, const double *x0, const double *x1, double angle,
    rc_arithmetic a)
{
    rc_path_opts o;
    rc_path *p = NULL;
    rc_error err = {RC_OK, ""};

    rc_path_opts_init(&o);
    o.arithmetic = a;
    if (rc_path_arc(&p, net, x0, x1, angle, &o, &err) != RC_OK)
        fprintf(stderr, "rc_path_arc: %s\n", err.msg);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    return p;
}

/* Bits and post-activations at x (pre-activation > 0), robust where
 * |pre-activation| > tol. */
static void
forward(const rc_net *net, const double *x, double *hidden,
        unsigned char *bits, unsigned char *robust, double tol)
{
    size_t L = rc_net_num_layers(net), l, i, j, off = 0, n = rc_net_num_inputs(net);
    double cur[256], nxt[256];

    for (i = 0; i < n; i++)
        cur[i] = (x[i] - rc_net_input_mean(net)[i]) / rc_net_input_range(net)[i];
    for (l = 0; l + 1 < L; l++) {
        size_t in = l == 0 ? n : rc_net_layer_size(net, l - 1), out = rc_net_layer_size(net, l);
        const double *W = rc_net_weights(net, l), *b = rc_net_biases(net, l);
        for (i = 0; i < out; i++) {
            double s = b[i];
            for (j = 0; j < in; j++)
                s += W[i * in + j] * cur[j];
            if (bits != NULL)
                bits[off + i] = s > 0.0;
            if (robust != NULL)
                robust[off + i] = fabs(s) > tol;
            nxt[i] = s > 0.0 ? s : 0.0;
            if (hidden != NULL)
                hidden[off + i] = nxt[i];
        }
        off += out;
        memcpy(cur, nxt, out * sizeof *cur);
    }
}

static void
test_unit_circle(void)
{
    static const size_t sizes[4] = {2, 3, 2, 1};
    static const double W1[6] = {1, 0, 0, 1, 1, 0}, b1[3] = {0, 0, -0.5};
    static const double W2[6] = {1, 0, 0, 0, 1, 0}, b2[2] = {0, 0};
    static const double W3[2] = {1, 1}, b3[1] = {0};
    const double *W[3] = {W1, W2, W3}, *b[3] = {b1, b2, b3};
    rc_net *net = test_make_net(3, sizes, W, b);
    double x0[2] = {1, 0}, x1[2] = {0, 1};
    const double pi = 3.14159265358979323846;
    double ts[5] = {pi / 3, pi / 2, pi, 3 * pi / 2, 5 * pi / 3};
    rc_arithmetic modes[3] = {RC_ARITH_FLOAT, RC_ARITH_FILTERED, RC_ARITH_EXACT};
    int m;

    for (m = 0; m < 3; m++) {
        rc_path *p = arc(net, x0, x1, 2 * pi, modes[m]);
        size_t k;
        CU_ASSERT_EQUAL(rc_path_get_kind(p), RC_PATH_ARC);
        CU_ASSERT_EQUAL(rc_path_num_legs(p), 4);
        CU_ASSERT_EQUAL_FATAL(rc_path_num_breakpoints(p), 5);
        for (k = 0; k < 5; k++)
            CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_t(p, k), ts[k], 1e-14);
        /* at pi/2 neuron x turns off; the layer-2 copy of relu(x) too */
        CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(p, 1), 2);
        CU_ASSERT_EQUAL(rc_path_breakpoint_flip(p, 1, 0).neuron, 0);
        CU_ASSERT_EQUAL(rc_path_breakpoint_flip(p, 1, 0).to, 0);
        /* six pieces; the last one runs on through the quarter at 3 pi/2?
         * no: 3 pi/2 is a break point; 5 pi/3 .. 2 pi is the last */
        CU_ASSERT_EQUAL(rc_path_num_pieces(p), 6);
        CU_ASSERT_DOUBLE_EQUAL(rc_path_length(p, 0, NULL), 2 * pi, 1e-13);
        CU_ASSERT_DOUBLE_EQUAL(rc_path_length(p, 2, NULL), pi / 2 + 2, 1e-12);
        /* the output relu(x) + relu(y) on (0, pi/3): cos + sin */
        {
            const double *map = rc_path_piece_map(p, 0);
            CU_ASSERT_DOUBLE_EQUAL(map[0], 0.0, 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(map[1], 1.0, 1e-15);
            CU_ASSERT_DOUBLE_EQUAL(map[2], 1.0, 1e-15);
        }
        /* the gap at pi: d/dtheta sin turns off: -(cos pi) = 1 -> 0... the
         * output after pi is relu(x) only, which is 0 there: gap = 0 - (-1) */
        CU_ASSERT_DOUBLE_EQUAL(rc_path_breakpoint_gap(p, 2)[0], 1.0, 1e-12);
        if (modes[m] == RC_ARITH_EXACT) {
            unsigned q;
            mpq_srcptr a, bb, lo, hi;
            mpz_srcptr D;
            mpq_t w, third;
            CU_ASSERT_EQUAL_FATAL(rc_path_breakpoint_u_q(&q, &a, &bb, &D, &lo, &hi, p, 0), RC_OK);
            CU_ASSERT_EQUAL(q, 0);
            /* u = 0 + b sqrt(D) with b^2 D = 1/3 */
            CU_ASSERT_EQUAL(mpq_sgn(a), 0);
            mpq_init(w);
            mpq_init(third);
            mpq_mul(w, bb, bb);
            mpz_mul(mpq_numref(w), mpq_numref(w), D);
            mpq_canonicalize(w);
            mpq_set_ui(third, 1, 3);
            CU_ASSERT(mpq_equal(w, third));
            mpq_sub(w, hi, lo);
            mpq_set_str(third, "1/1000000000000000000000000000000", 10);
            CU_ASSERT(mpq_sgn(w) > 0 && mpq_cmp(w, third) < 0);
            mpq_clear(w);
            mpq_clear(third);
            /* pi/2: the rational u = 0 of the second quarter */
            CU_ASSERT_EQUAL(rc_path_breakpoint_u_q(&q, &a, &bb, &D, &lo, &hi, p, 1), RC_OK);
            CU_ASSERT(q == 1 && mpq_sgn(a) == 0 && mpq_sgn(bb) == 0);
            CU_ASSERT_PTR_NOT_NULL(rc_path_piece_map_q(p, 0));
        }
        rc_path_free(p);
    }
    rc_net_free(net);
}

static rc_net *
random_net(unsigned long *state, size_t L, const size_t *sizes)
{
    rc_net *net = NULL;
    size_t l, i, j;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, NULL), RC_OK);
    for (l = 0; l < L; l++) {
        double sc = sqrt(3.0 / (double)sizes[l]);
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, ldexp(round(ldexp((2 * test_urand(state) - 1) * sc, 20)), -20));
            rc_net_set_bias(net, l, i, ldexp(round(ldexp(0.6 * test_urand(state) - 0.3, 20)), -20));
        }
    }
    return net;
}

/* Dense sampling of theta: every sample's robust bits are its piece's. */
static size_t
dense_check(const rc_net *net, const rc_path *p, size_t N)
{
    size_t n = rc_net_num_inputs(net), npat = rc_net_num_neurons(net), i, j, piece = 0, bad = 0;
    double T = rc_path_t_end(p), x[16];
    unsigned char bits[256], rob[256];

    for (i = 0; i <= N; i++) {
        double t = T * (double)i / (double)N;
        const unsigned char *pat;
        while (piece + 1 < rc_path_num_pieces(p) && rc_path_piece_t1(p, piece) < t)
            piece++;
        if (fabs(t - rc_path_piece_t0(p, piece)) < 1e-9 || fabs(t - rc_path_piece_t1(p, piece)) < 1e-9)
            continue;
        rc_path_point(x, p, t);
        forward(net, x, NULL, bits, rob, 1e-9);
        pat = rc_path_piece_pattern(p, piece);
        for (j = 0; j < npat; j++)
            if (rob[j] && bits[j] != pat[j])
                bad++;
    }
    (void)n;
    return bad;
}

static void
test_random_arcs(void)
{
    unsigned long state = test_seed() ^ 0x7777;
    static const size_t sizes[5] = {4, 12, 12, 10, 2};
    rc_net *net = random_net(&state, 4, sizes);
    size_t N = getenv("RC_TEST_QUICK") ? 20000 : 1000000;
    double angles[3] = {2 * 3.14159265358979323846, 3.14159265358979323846 / 2, 2.5};
    int trial;

    for (trial = 0; trial < 3; trial++) {
        double x0[4], x1[4];
        size_t j, k;
        rc_path *pf, *pd, *pe;
        for (j = 0; j < 4; j++) {
            x0[j] = 4 * test_urand(&state) - 2;
            x1[j] = 4 * test_urand(&state) - 2;
        }
        pf = arc(net, x0, x1, angles[trial], RC_ARITH_FLOAT);
        pd = arc(net, x0, x1, angles[trial], RC_ARITH_FILTERED);
        pe = arc(net, x0, x1, angles[trial], RC_ARITH_EXACT);
        if (trial == 0) {
            CU_ASSERT(rc_path_num_breakpoints(pe) > 5);
        }
        CU_ASSERT_EQUAL(dense_check(net, pf, trial == 0 ? N : N / 10), 0);
        CU_ASSERT_EQUAL(dense_check(net, pe, trial == 0 ? N : N / 10), 0);
        CU_ASSERT_EQUAL(rc_path_num_breakpoints(pf), rc_path_num_breakpoints(pe));
        CU_ASSERT_EQUAL(rc_path_num_breakpoints(pd), rc_path_num_breakpoints(pe));
        for (k = 0; k < rc_path_num_breakpoints(pe) && k < rc_path_num_breakpoints(pf); k++) {
            CU_ASSERT(fabs(rc_path_breakpoint_t(pf, k) - rc_path_breakpoint_t(pe, k)) < 1e-9);
            CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(pf, k), rc_path_breakpoint_num_flips(pe, k));
        }
        for (k = 0; k <= 4; k++) {
            double ef, ee;
            double lf = rc_path_length(pf, k, &ef), le = rc_path_length(pe, k, &ee);
            CU_ASSERT(fabs(lf - le) <= 1e-9 * (1 + le));
            CU_ASSERT(ef <= 1e-9 * (1 + lf));
        }
        rc_path_free(pf);
        rc_path_free(pd);
        rc_path_free(pe);
    }
    rc_net_free(net);
}

/* Degenerate networks on arcs: small integer weights, integer X0 and X1
 * (zeros at quarter turns, double zeros where a hyperplane touches the
 * circle, forms zero on whole pieces): default = exact, and sampling. */
static void
test_degenerate_arcs(void)
{
    unsigned long state = test_seed() ^ 0xeeee;
    static const size_t sizes[4] = {2, 6, 6, 1};
    int trial, steps = 0;

    for (trial = 0; trial < 40; trial++) {
        rc_net *net = NULL;
        rc_path *pd, *pe;
        double x0[2], x1[2];
        size_t l, i, j, k;
        CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 3, sizes, NULL), RC_OK);
        for (l = 0; l < 3; l++)
            for (i = 0; i < sizes[l + 1]; i++) {
                for (j = 0; j < sizes[l]; j++)
                    rc_net_set_weight(net, l, i, j, (double)test_irand(&state, 0, 4) - 2);
                rc_net_set_bias(net, l, i, (double)test_irand(&state, 0, 4) - 2);
            }
        do {
            for (j = 0; j < 2; j++) {
                x0[j] = (double)test_irand(&state, 0, 4) - 2;
                x1[j] = (double)test_irand(&state, 0, 4) - 2;
            }
        } while (x0[0] * x1[1] - x0[1] * x1[0] == 0);
        pd = arc(net, x0, x1, 2 * 3.14159265358979323846, RC_ARITH_FILTERED);
        pe = arc(net, x0, x1, 2 * 3.14159265358979323846, RC_ARITH_EXACT);
        CU_ASSERT_EQUAL(rc_path_num_breakpoints(pd), rc_path_num_breakpoints(pe));
        CU_ASSERT_EQUAL(rc_path_num_pieces(pd), rc_path_num_pieces(pe));
        for (k = 0; k < rc_path_num_breakpoints(pd) && k < rc_path_num_breakpoints(pe); k++) {
            CU_ASSERT(fabs(rc_path_breakpoint_t(pd, k) - rc_path_breakpoint_t(pe, k)) < 1e-12);
            CU_ASSERT_EQUAL(rc_path_breakpoint_num_flips(pd, k), rc_path_breakpoint_num_flips(pe, k));
        }
        for (k = 0; k < rc_path_num_pieces(pd) && k < rc_path_num_pieces(pe); k++)
            CU_ASSERT(memcmp(rc_path_piece_pattern(pd, k), rc_path_piece_pattern(pe, k),
                             rc_net_num_neurons(net)) == 0);
        CU_ASSERT_EQUAL(dense_check(net, pe, 20000), 0);
        steps += rc_path_num_exact_steps(pd) > 0;
        rc_path_free(pd);
        rc_path_free(pe);
        rc_net_free(net);
    }
    CU_ASSERT(steps > 5);
    printf("\ndegenerate arcs: %d of 40 took exact steps\n", steps);
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Lengths against a polyline through 2 10^5 samples and the break points
 * (a chord cuts a curved piece short by O(h^2): 1e-8 is plenty). */
static void
test_arc_lengths(void)
{
    unsigned long state = test_seed() ^ 0x8888;
    static const size_t sizes[4] = {3, 8, 8, 2};
    rc_net *net = random_net(&state, 3, sizes);
    double x0[3] = {1, -0.5, 0.3}, x1[3] = {-0.2, 0.7, 1.1};
    rc_path *p = arc(net, x0, x1, 6.0, RC_ARITH_FILTERED);
    size_t N = 200000, i, j, nb = rc_path_num_breakpoints(p), count = N + 1 + nb;
    double len[2] = {0, 0}, prev[16], cur[16], x[3];
    double *ts = malloc(count * sizeof *ts);

    CU_ASSERT(nb > 3);
    for (i = 0; i <= N; i++)
        ts[i] = 6.0 * (double)i / (double)N;
    for (i = 0; i < nb; i++)
        ts[N + 1 + i] = rc_path_breakpoint_t(p, i);
    qsort(ts, count, sizeof *ts, cmp_double);
    for (i = 0; i < count; i++) {
        rc_path_point(x, p, ts[i]);
        forward(net, x, cur, NULL, NULL, 0);
        if (i > 0) {
            double a = 0, c = 0;
            for (j = 0; j < 8; j++)
                a += (cur[j] - prev[j]) * (cur[j] - prev[j]);
            for (j = 8; j < 16; j++)
                c += (cur[j] - prev[j]) * (cur[j] - prev[j]);
            len[0] += sqrt(a);
            len[1] += sqrt(c);
        }
        memcpy(prev, cur, sizeof cur);
    }
    CU_ASSERT(fabs(rc_path_length(p, 1, NULL) - len[0]) <= 1e-8 * len[0]);
    CU_ASSERT(fabs(rc_path_length(p, 2, NULL) - len[1]) <= 1e-8 * len[1]);
    free(ts);
    rc_path_free(p);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"unit circle by hand", test_unit_circle},
        {"random arcs: sampling, modes agree", test_random_arcs},
        {"arc lengths", test_arc_lengths},
        {"degenerate arcs: default = exact", test_degenerate_arcs},
    };

    return test_run_suite("path_arc", tests, sizeof tests / sizeof *tests);
}
