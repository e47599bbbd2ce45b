/* test_domain.c -- the domain module (src/model/domain.c, relucells/domain.h)
 * and the --box/--fix parser of the program (rc_domain_from_spec,
 * src/io/domain_spec.c).
 *
 * Every expectation is read off the arguments: a box [lo, hi] has those
 * bounds, free inputs are the unfixed ones in order, the volume of a box is
 * the product of the free widths, and a number written as text ("1/3",
 * "0.1", "1e-300") is that rational exactly, its double the nearest one
 * (checked with GMP: no other double is closer).  Each error path is called
 * with an argument that is wrong in one way, and the test checks the status
 * and that the message names the input and the fault. */
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/net.h"
#include "relucells/rational.h"
#include "model/domain_internal.h"
#include "model/net_internal.h"
#include "testutil.h"

/* A network with n inputs, one hidden neuron and one output (weights 1):
 * only its input count and input box matter here.  rc_net_new gives it
 * the box [-1, 1]^n. */
static rc_net *
small_net(size_t n)
{
    size_t sizes[3] = {n, 1, 1};
    rc_net *net = NULL;

    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 2, sizes, NULL), RC_OK);
    return net;
}

/* Does the message contain every one of the (NULL-ended) words?  Prints
 * the message when not, so that a failure shows what was said. */
static int
says(const rc_error *err, const char *w1, const char *w2, const char *w3)
{
    const char *w[3] = {w1, w2, w3};
    int i;

    for (i = 0; i < 3; i++)
        if (w[i] != NULL && strstr(err->msg, w[i]) == NULL) {
            printf("\n  message '%s' lacks '%s'\n", err->msg, w[i]);
            return 0;
        }
    return 1;
}

/* Is x the double nearest to q?  Its neighbours must not be closer. */
static int
nearest_double(double x, mpq_srcptr q)
{
    mpq_t a, d0, d1;
    int ok;

    mpq_init(a);
    mpq_init(d0);
    mpq_init(d1);
    mpq_set_d(a, x);
    mpq_sub(d0, a, q);
    mpq_abs(d0, d0);
    mpq_set_d(a, nextafter(x, INFINITY));
    mpq_sub(d1, a, q);
    mpq_abs(d1, d1);
    ok = mpq_cmp(d0, d1) <= 0;
    mpq_set_d(a, nextafter(x, -INFINITY));
    mpq_sub(d1, a, q);
    mpq_abs(d1, d1);
    ok = ok && mpq_cmp(d0, d1) <= 0;
    mpq_clear(a);
    mpq_clear(d0);
    mpq_clear(d1);
    return ok;
}

/* Is q the rational written as text (p/q or decimal, read by GMP)? */
static int
q_is(mpq_srcptr q, const char *text)
{
    mpq_t t;
    int eq;

    mpq_init(t);
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(t, text, strlen(text)), 0);
    eq = mpq_equal(q, t);
    if (!eq)
        gmp_printf("\n  %Qd is not %s\n", q, text);
    mpq_clear(t);
    return eq;
}

/* ---- boxes ---------------------------------------------------------------- */

/* [-1, 2] x [0, 0.5]: two free inputs in order, volume 3 * 0.5 = 1.5,
 * exact bounds -1, 2, 0, 1/2 (the doubles are dyadic, so exact). */
static void
test_boxes(void)
{
    double lo[2] = {-1.0, 0.0}, hi[2] = {2.0, 0.5};
    rc_domain *dom = NULL;
    rc_error err = {RC_OK, ""};

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box(&dom, 2, lo, hi, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_num_inputs(dom), 2);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 2);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 0), 0);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 1), 1);
    /* past the free inputs: the input count (no such input) */
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 2), 2);
    CU_ASSERT_TRUE(rc_domain_is_bounded(dom));
    CU_ASSERT_FALSE(rc_domain_is_fixed(dom, 0));
    CU_ASSERT_FALSE(rc_domain_is_fixed(dom, 1));
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 0), -1.0);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 1), 0.5);
    CU_ASSERT_EQUAL(rc_domain_volume(dom), 1.5);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "-1"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 0), "2"));
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 1), "0"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 1), "1/2"));
    rc_domain_free(dom);
    rc_domain_free(NULL);   /* a no-op */
}

/* A double box holds the doubles exactly: 0.1 is the double nearest 1/10,
 * 3602879701896397 / 2^55, not 1/10. */
static void
test_box_double_exact(void)
{
    double lo[1] = {0.1}, hi[1] = {1e300};
    rc_domain *dom = NULL;
    mpq_t q;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box(&dom, 1, lo, hi, NULL), RC_OK);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "3602879701896397/36028797018963968"));
    mpq_init(q);
    mpq_set_d(q, 1e300);
    CU_ASSERT(mpq_equal(rc_domain_hi_q(dom, 0), q));
    mpq_clear(q);
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 0), 0.1);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), 1e300);
    rc_domain_free(dom);
}

/* One wrong argument at a time; *dom is NULL after a failure. */
static void
test_box_errors(void)
{
    double lo[2] = {0.0, 1.0}, hi[2] = {1.0, 1.0};
    rc_domain *dom = (rc_domain *)&dom;   /* not NULL: must be cleared */
    rc_error err = {RC_OK, ""};

    /* x2 is flat: [1, 1] */
    CU_ASSERT_EQUAL(rc_domain_new_box(&dom, 2, lo, hi, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(dom);
    CU_ASSERT(says(&err, "x2", "empty or flat", NULL));
    CU_ASSERT_EQUAL(err.status, RC_ERR_ARG);
    /* x1 is empty: lo > hi */
    lo[0] = 2.0;
    hi[1] = 2.0;
    CU_ASSERT_EQUAL(rc_domain_new_box(&dom, 2, lo, hi, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x1", "empty", NULL));
    /* not finite: infinity and NaN */
    lo[0] = -INFINITY;
    CU_ASSERT_EQUAL(rc_domain_new_box(&dom, 2, lo, hi, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x1", "not finite", NULL));
    lo[0] = 0.0;
    hi[1] = NAN;
    CU_ASSERT_EQUAL(rc_domain_new_box(&dom, 2, lo, hi, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x2", "not finite", NULL));
    /* no inputs at all */
    CU_ASSERT_EQUAL(rc_domain_new_box(&dom, 0, lo, hi, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "at least one input", NULL, NULL));
    CU_ASSERT_PTR_NULL(dom);
    CU_ASSERT_EQUAL(rc_domain_new_unbounded(&dom, 0, NULL, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(dom);
    /* a NULL rc_error is allowed */
    CU_ASSERT_EQUAL(rc_domain_new_box(&dom, 0, lo, hi, NULL), RC_ERR_ARG);
}

/* Exact boxes: 1/3 stays 1/3; its double is the nearest (1.0 / 3 is
 * correctly rounded by IEEE division). */
static void
test_box_q(void)
{
    mpq_t lo[2], hi[2];
    rc_domain *dom = NULL;
    rc_error err = {RC_OK, ""};
    int i;

    for (i = 0; i < 2; i++) {
        mpq_init(lo[i]);
        mpq_init(hi[i]);
    }
    mpq_set_si(lo[0], 1, 3);
    mpq_set_si(hi[0], 2, 3);
    mpq_set_si(lo[1], -7, 10);
    mpq_set_si(hi[1], 7, 10);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box_q(&dom, 2, (const mpq_t *)lo,
                                              (const mpq_t *)hi, &err), RC_OK);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "1/3"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 1), "7/10"));
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 0), 1.0 / 3.0);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), 2.0 / 3.0);
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 1), -0.7);
    rc_domain_free(dom);
    /* lo == hi exactly: flat, refused, names x1 */
    mpq_set(hi[0], lo[0]);
    CU_ASSERT_EQUAL(rc_domain_new_box_q(&dom, 2, (const mpq_t *)lo,
                                        (const mpq_t *)hi, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x1", "empty or flat", NULL));
    /* 10^400 has no double: out of range */
    mpq_set_si(hi[0], 1, 1);
    mpz_ui_pow_ui(mpq_numref(hi[1]), 10, 400);
    mpz_set_ui(mpq_denref(hi[1]), 1);
    CU_ASSERT_EQUAL(rc_domain_new_box_q(&dom, 2, (const mpq_t *)lo,
                                        (const mpq_t *)hi, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x2", "out of range", NULL));
    for (i = 0; i < 2; i++) {
        mpq_clear(lo[i]);
        mpq_clear(hi[i]);
    }
}

/* ---- all of R^n and the network's box ---------------------------------- */

static void
test_unbounded(void)
{
    double scale[2] = {-3.0, NAN};
    rc_domain *dom = NULL;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_unbounded(&dom, 2, scale, NULL), RC_OK);
    CU_ASSERT_FALSE(rc_domain_is_bounded(dom));
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 2);
    CU_ASSERT(isinf(rc_domain_lo(dom, 0)) && rc_domain_lo(dom, 0) < 0);
    CU_ASSERT(isinf(rc_domain_hi(dom, 1)) && rc_domain_hi(dom, 1) > 0);
    CU_ASSERT(isnan(rc_domain_volume(dom)));
    CU_ASSERT_PTR_NULL(rc_domain_lo_q(dom, 0));
    CU_ASSERT_PTR_NULL(rc_domain_hi_q(dom, 1));
    /* any finite value can be fixed: there is no box to lie outside */
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 0, 1e300, NULL), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 0), 1e300);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 1);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 0), 1);
    rc_domain_free(dom);
}

/* rc_net_new's box is [-1, 1]^n; rc_net_set_input_bounds_q's is exact; a
 * network without a box (as an ONNX file gives) has no domain of its own. */
static void
test_from_net(void)
{
    rc_net *net = small_net(2);
    rc_domain *dom = NULL;
    rc_error err = {RC_OK, ""};
    mpq_t lo[2], hi[2];
    int i;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    CU_ASSERT_TRUE(rc_domain_is_bounded(dom));
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 1), -1.0);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 1), 1.0);
    CU_ASSERT_EQUAL(rc_domain_volume(dom), 4.0);
    rc_domain_free(dom);

    for (i = 0; i < 2; i++) {
        mpq_init(lo[i]);
        mpq_init(hi[i]);
        mpq_set_si(lo[i], -1, 3);
        mpq_set_si(hi[i], 1, 7 + i);
    }
    CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds_q(net, (const mpq_t *)lo,
                                                    (const mpq_t *)hi, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "-1/3"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 1), "1/8"));
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 1), 0.125);
    rc_domain_free(dom);
    for (i = 0; i < 2; i++) {
        mpq_clear(lo[i]);
        mpq_clear(hi[i]);
    }

    net->no_input_box = 1;   /* as rc_net_read_onnx leaves it */
    dom = (rc_domain *)&dom;
    CU_ASSERT_EQUAL(rc_domain_new_from_net(&dom, net, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NULL(dom);
    CU_ASSERT(says(&err, "no input box", NULL, NULL));
    rc_net_free(net);
}

/* ---- fixing inputs ---------------------------------------------------------- */

/* [-1,1]^3, x2 fixed at 0.25: free inputs x1, x3; volume 2 * 2 = 4; the
 * bounds themselves may be fixed values. */
static void
test_fix(void)
{
    double lo[3] = {-1, -1, -1}, hi[3] = {1, 1, 1};
    rc_domain *dom = NULL;
    rc_error err = {RC_OK, ""};

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box(&dom, 3, lo, hi, NULL), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 1, 0.25, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 2);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 0), 0);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 1), 2);
    CU_ASSERT_TRUE(rc_domain_is_fixed(dom, 1));
    CU_ASSERT_FALSE(rc_domain_is_fixed(dom, 2));
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 1), 0.25);
    CU_ASSERT_EQUAL(rc_domain_volume(dom), 4.0);
    /* the box of a fixed input stays as it was */
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 1), -1.0);
    /* fixing a fixed input again moves it (and frees nothing) */
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 1, -1.0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 1), -1.0);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 2);
    /* a bound is inside the box */
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 0, 1.0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 1);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 0), 2);
    CU_ASSERT_EQUAL(rc_domain_volume(dom), 2.0);
    rc_domain_free(dom);
}

static void
test_fix_errors(void)
{
    double lo[3] = {-1, -1, -1}, hi[3] = {1, 1, 1};
    rc_domain *dom = NULL;
    rc_error err = {RC_OK, ""};
    mpq_t v;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_box(&dom, 3, lo, hi, NULL), RC_OK);
    /* index 3 is x4 of a 3-input domain */
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 3, 0.0, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x4", "3 inputs", NULL));
    /* outside the box, by a little: the next double above 1 */
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 1, nextafter(1.0, 2.0), &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x2", "outside", NULL));
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 2, -5.0, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x3", "outside", NULL));
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 0, NAN, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x1", "not finite", NULL));
    /* none of the failures fixed anything */
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 3);
    /* exactly: 1 + 10^-30 is outside [-1, 1] although its double is 1 */
    mpq_init(v);
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(v, "1.000000000000000000000000000001", 32), 0);
    CU_ASSERT_EQUAL(rc_domain_fix_q(dom, 0, v, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x1", "outside", NULL));
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 3);
    /* 1/3 inside: exact value kept, double the nearest */
    mpq_set_si(v, 1, 3);
    CU_ASSERT_EQUAL(rc_domain_fix_q(dom, 0, v, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 0), 1.0 / 3.0);
    CU_ASSERT(q_is(dom->value_q[0], "1/3"));
    mpq_clear(v);
    /* the last free input cannot be fixed */
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 1, 0.0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_fix(dom, 2, 0.0, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x3", "at least one input must stay free", NULL));
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 1);
    CU_ASSERT_FALSE(rc_domain_is_fixed(dom, 2));
    rc_domain_free(dom);
}

/* ---- the text of --box and --fix -------------------------------------------- */

/* rc_domain_from_spec on a 3-input net with box [-1,1]^3; returns the
 * status, the domain in *dom (NULL on failure). */
static rc_status
from_spec(rc_domain **dom, const rc_net *net, const char *box, const char *fix,
          int unbounded, rc_error *err)
{
    rc_domain_spec spec;
    rc_status st;

    rc_domain_spec_init(&spec);
    spec.box = box;
    spec.fix = fix;
    spec.unbounded = unbounded;
    spec.net_name = "net.onnx";
    *dom = (rc_domain *)dom;   /* must be set either way */
    st = rc_domain_from_spec(dom, net, &spec, err);
    if (st != RC_OK)
        CU_ASSERT_PTR_NULL(*dom);
    return st;
}

static void
test_spec_init(void)
{
    rc_domain_spec spec;

    memset(&spec, 0xff, sizeof spec);
    rc_domain_spec_init(&spec);
    CU_ASSERT_PTR_NULL(spec.box);
    CU_ASSERT_PTR_NULL(spec.fix);
    CU_ASSERT_PTR_NULL(spec.vnnlib);
    CU_ASSERT_PTR_NULL(spec.net_name);
    CU_ASSERT_EQUAL(spec.unbounded, 0);
}

/* The three forms of --box, read exactly. */
static void
test_spec_box(void)
{
    rc_net *net = small_net(3);
    rc_domain *dom;
    rc_error err = {RC_OK, ""};
    size_t i;

    /* no options: the network's box */
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, NULL, NULL, 0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 3);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 2), "-1"));
    rc_domain_free(dom);
    /* one pair for every input; 1/3 and 0.1 exactly */
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "1/3,0.1e1", NULL, 0, &err), RC_OK);
    for (i = 0; i < 3; i++) {
        CU_ASSERT(q_is(rc_domain_lo_q(dom, i), "1/3"));
        CU_ASSERT(q_is(rc_domain_hi_q(dom, i), "1"));
        CU_ASSERT_EQUAL(rc_domain_lo(dom, i), 1.0 / 3.0);
    }
    rc_domain_free(dom);
    /* one pair per input */
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "0,1,-2,2,0.1,7/2", NULL, 0, &err), RC_OK);
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 0), "1"));
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 1), "-2"));
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 2), "1/10"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 2), "7/2"));
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 2), 0.1);
    CU_ASSERT_EQUAL(rc_domain_volume(dom), 1.0 * 4.0 * 3.4);
    rc_domain_free(dom);
    /* one pair per free input: x2 fixed, pairs for x1 and x3; x2 keeps
     * the network's [-1, 1] */
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "0,1,2,3", "2=1/2", 0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 2);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "0"));
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 2), "2"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 2), "3"));
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 1), "-1"));
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 1), 0.5);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Extreme numbers: a bound of 1e-300 and one of 5e-324 (the smallest
 * denormal, 2^-1074, is the double nearest to it: 5e-324 / 2^-1074 is
 * 1.012), and bounds below every double (10^-400: exact mode only) are
 * held exactly, their doubles the nearest. */
static void
test_spec_extreme(void)
{
    rc_net *net = small_net(1);
    rc_domain *dom;
    rc_error err = {RC_OK, ""};

    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "-1e-300,5e-324", NULL, 0, &err), RC_OK);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "-1e-300"));
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 0), "5e-324"));
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 0), -1e-300);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), 0x1p-1074);
    CU_ASSERT(nearest_double(rc_domain_lo(dom, 0), rc_domain_lo_q(dom, 0)));
    CU_ASSERT(nearest_double(rc_domain_hi(dom, 0), rc_domain_hi_q(dom, 0)));
    rc_domain_free(dom);
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "0,1e-400", NULL, 0, &err), RC_OK);
    CU_ASSERT(q_is(rc_domain_hi_q(dom, 0), "1e-400"));
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), 0.0);
    rc_domain_free(dom);
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "-1e300,1.7976931348623157e308", NULL, 0,
                                    &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_lo(dom, 0), -1e300);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), 1.7976931348623157e308);
    rc_domain_free(dom);
    /* 10^400 has no double */
    CU_ASSERT_EQUAL(from_spec(&dom, net, "0,1e400", NULL, 0, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "x1", "out of range", NULL));
    rc_net_free(net);
}

/* Doubles of decimals with long numerators and denominators (more than 53
 * bits each): still the nearest. */
static void
test_spec_nearest(void)
{
    static const char *const boxes[] = {
        "0.1,0.30000000000000000000000000000000001",
        "0.12345678901234567890123456789,0.99999999999999999999999",
        "-2/3,123456789012345678901234567890/123456789012345678901234567891",
        "1/10000000000000000000000000000007,0.2",
        "-7e-310,1e-320",
    };
    rc_net *net = small_net(1);
    rc_domain *dom;
    rc_error err = {RC_OK, ""};
    size_t i;

    for (i = 0; i < sizeof boxes / sizeof *boxes; i++) {
        CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, boxes[i], NULL, 0, &err), RC_OK);
        CU_ASSERT(nearest_double(rc_domain_lo(dom, 0), rc_domain_lo_q(dom, 0)));
        CU_ASSERT(nearest_double(rc_domain_hi(dom, 0), rc_domain_hi_q(dom, 0)));
        rc_domain_free(dom);
    }
    rc_net_free(net);
}

/* Ties go to the even neighbour: 1 + 2^-53 lies halfway between 1 and
 * 1 + 2^-52 and rounds to 1; 1 + 3 2^-53 halfway between 1 + 2^-52 and
 * 1 + 2^-51 rounds to the latter (even last bit); 3 2^-1075 halfway
 * between the denormals 2^-1074 and 2^-1073 rounds to 2^-1073; 2^-1075
 * halfway between 0 and 2^-1074 rounds to 0; just above it, to 2^-1074. */
static void
test_spec_ties(void)
{
    static const struct {
        const char *num;     /* over 2^53 or 2^1075 */
        int den1075;
        double want;
    } ties[] = {
        {"9007199254740993", 0, 1.0},
        {"9007199254740995", 0, 1.0 + 0x1p-51},
        {"3", 1, 0x1p-1073},
        {"1", 1, 0.0},
    };
    rc_net *net = small_net(1);
    rc_domain *dom;
    rc_error err = {RC_OK, ""};
    char box[1024];
    mpz_t den;
    size_t i;

    mpz_init(den);
    for (i = 0; i < sizeof ties / sizeof *ties; i++) {
        mpz_ui_pow_ui(den, 2, ties[i].den1075 ? 1075 : 53);
        gmp_snprintf(box, sizeof box, "-1,%s/%Zd", ties[i].num, den);
        CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, box, NULL, 0, &err), RC_OK);
        CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), ties[i].want);
        rc_domain_free(dom);
    }
    /* 2^-1075 (1 + 2^-60): above the tie */
    mpz_ui_pow_ui(den, 2, 1135);
    gmp_snprintf(box, sizeof box, "-1,1152921504606846977/%Zd", den);
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, box, NULL, 0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_hi(dom, 0), 0x1p-1074);
    rc_domain_free(dom);
    mpz_clear(den);
    rc_net_free(net);
}

/* --fix: exact values, in or out of the box. */
static void
test_spec_fix(void)
{
    rc_net *net = small_net(3);
    rc_domain *dom;
    rc_error err = {RC_OK, ""};
    rc_domain_spec spec;

    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, NULL, "3=-1/3,1=1", 0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 1);
    CU_ASSERT_EQUAL(rc_domain_free_input(dom, 0), 1);
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 2), -1.0 / 3.0);
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 0), 1.0);
    rc_domain_free(dom);
    /* the value 5 lies in --box 0,10 but not in the network's box */
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "0,10", "2=5", 0, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 1), 5.0);
    rc_domain_free(dom);
    CU_ASSERT_EQUAL(from_spec(&dom, net, NULL, "2=5", 0, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "--fix", "x2", "outside"));
    /* unbounded: any value */
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, NULL, "1=1e300", 1, &err), RC_OK);
    CU_ASSERT_FALSE(rc_domain_is_bounded(dom));
    CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 0), 1e300);
    rc_domain_free(dom);
    /* a NULL fix string and an empty one fix nothing */
    rc_domain_spec_init(&spec);
    spec.fix = "";
    CU_ASSERT_EQUAL_FATAL(rc_domain_from_spec(&dom, net, &spec, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 3);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* Every malformed --box and --fix of a 3-input network: the status and
 * the words the message must hold. */
static void
test_spec_errors(void)
{
    static const struct {
        const char *box, *fix;
        int unbounded;
        const char *w1, *w2, *w3;
    } bad[] = {
        {"0", NULL, 0, "--box", "found 1", "6"},
        {"0,1,2", NULL, 0, "--box", "found 3", NULL},
        {"0,1,2,3", NULL, 0, "--box", "found 4", NULL},   /* 3 free: 2 or 6 */
        {"0,1,2,3,4,5,6,7", NULL, 0, "--box", "found 8", NULL},
        {"0,x", NULL, 0, "--box", "'x'", "not a number"},
        {"", NULL, 0, "--box", "''", "not a number"},
        {"0,,1", NULL, 0, "--box", "not a number", NULL},
        {"0,1/0", NULL, 0, "--box", "'1/0'", "not a number"},
        {"0.5e,1", NULL, 0, "--box", "not a number", NULL},
        {"1,0", NULL, 0, "--box", "x1", "empty"},
        {"1/2,0.5", NULL, 0, "--box", "x1", "flat"},
        {"0,1,0,1,3,-3", NULL, 0, "--box", "x3", "empty"},
        {"0,1", NULL, 1, "--box", "--unbounded", NULL},
        {NULL, "0=1", 0, "--fix", "input 0 out of range", "3 inputs"},
        {NULL, "4=1", 0, "--fix", "input 4 out of range", "x1..x3"},
        {NULL, "-1=1", 0, "--fix", "out of range", NULL},
        {NULL, "1=0,1=0.5", 0, "--fix", "x1", "fixed twice"},
        {NULL, "1:0", 0, "--fix", "'1:0'", "I=VALUE"},
        {NULL, "a=1", 0, "--fix", "'a=1'", "I=VALUE"},
        {NULL, "=1", 0, "--fix", "I=VALUE", NULL},
        {NULL, "1=abc", 0, "--fix", "x1", "'abc' is not a number"},
        {NULL, "1=", 0, "--fix", "x1", "not a number"},
        {NULL, "1=0,2=0,3=0", 0, "--fix", "every input is fixed", NULL},
        {NULL, "1=1.0000001", 0, "--fix", "x1", "outside"},
        {"0,1,0,1", "1=2", 0, "--fix", "x1", "outside"},
    };
    rc_net *net = small_net(3);
    rc_domain *dom;
    rc_error err;
    size_t i;

    for (i = 0; i < sizeof bad / sizeof *bad; i++) {
        err.status = RC_OK;
        err.msg[0] = '\0';
        CU_ASSERT_EQUAL(from_spec(&dom, net, bad[i].box, bad[i].fix, bad[i].unbounded,
                                  &err), RC_ERR_ARG);
        if (!says(&err, bad[i].w1, bad[i].w2, bad[i].w3)) {
            printf("  (box '%s', fix '%s')\n", bad[i].box ? bad[i].box : "",
                   bad[i].fix ? bad[i].fix : "");
            CU_FAIL("message does not name the fault");
        }
        if (dom != NULL) {
            rc_domain_free(dom);
        }
    }
    rc_net_free(net);
}

/* A network without a box (ONNX) needs --box or --unbounded; the message
 * names the file. */
static void
test_spec_no_box(void)
{
    rc_net *net = small_net(2);
    rc_domain *dom;
    rc_error err = {RC_OK, ""};

    net->no_input_box = 1;
    CU_ASSERT_EQUAL(from_spec(&dom, net, NULL, NULL, 0, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "net.onnx", "--box", "--unbounded"));
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, "-1/2,1/2", NULL, 0, &err), RC_OK);
    CU_ASSERT(q_is(rc_domain_lo_q(dom, 1), "-1/2"));
    rc_domain_free(dom);
    CU_ASSERT_EQUAL_FATAL(from_spec(&dom, net, NULL, NULL, 1, &err), RC_OK);
    CU_ASSERT_FALSE(rc_domain_is_bounded(dom));
    rc_domain_free(dom);
    rc_net_free(net);
}

/* A VNN-LIB property's box: X_1 pinned to 1/4 is fixed; --box on top of
 * it replaces x1's interval; a missing file is an I/O error naming it. */
static void
test_spec_vnnlib(void)
{
    static const char text[] =
        "(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
        "(declare-const Y_0 Real)\n"
        "(assert (>= X_0 -0.5))\n(assert (<= X_0 (/ 1 3)))\n"
        "(assert (>= X_1 0.25))\n(assert (<= X_1 0.25))\n";
    char path[] = "/tmp/rc_test_domain_XXXXXX";
    rc_net *net = small_net(2);
    rc_domain *dom = NULL;
    rc_domain_spec spec;
    rc_error err = {RC_OK, ""};
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    rc_domain_spec_init(&spec);
    spec.vnnlib = path;
    CU_ASSERT_EQUAL(rc_domain_from_spec(&dom, net, &spec, &err), RC_OK);
    if (dom != NULL) {
        CU_ASSERT(q_is(rc_domain_lo_q(dom, 0), "-1/2"));
        CU_ASSERT(q_is(rc_domain_hi_q(dom, 0), "1/3"));
        CU_ASSERT_TRUE(rc_domain_is_fixed(dom, 1));
        CU_ASSERT_EQUAL(rc_domain_fixed_value(dom, 1), 0.25);
        CU_ASSERT_EQUAL(rc_domain_dim(dom), 1);
        rc_domain_free(dom);
    }
    spec.box = "0,1/2";   /* one pair: every input (x2 keeps its value) */
    CU_ASSERT_EQUAL(rc_domain_from_spec(&dom, net, &spec, &err), RC_OK);
    if (dom != NULL) {
        CU_ASSERT(q_is(rc_domain_hi_q(dom, 0), "1/2"));
        CU_ASSERT_TRUE(rc_domain_is_fixed(dom, 1));
        rc_domain_free(dom);
    }
    spec.box = NULL;
    spec.unbounded = 1;
    CU_ASSERT_EQUAL(rc_domain_from_spec(&dom, net, &spec, &err), RC_ERR_ARG);
    CU_ASSERT(says(&err, "--vnnlib", "--unbounded", NULL));
    remove(path);
    spec.unbounded = 0;
    CU_ASSERT_EQUAL(rc_domain_from_spec(&dom, net, &spec, &err), RC_ERR_IO);
    CU_ASSERT(says(&err, path, "cannot open", NULL));
    CU_ASSERT_PTR_NULL(dom);
    rc_net_free(net);
}

int
main(void)
{
    static const test_case tests[] = {
        {"box", test_boxes},
        {"box of doubles held exactly", test_box_double_exact},
        {"box errors", test_box_errors},
        {"exact box", test_box_q},
        {"unbounded", test_unbounded},
        {"the network's box", test_from_net},
        {"fix", test_fix},
        {"fix errors", test_fix_errors},
        {"spec defaults", test_spec_init},
        {"spec --box", test_spec_box},
        {"spec extreme numbers", test_spec_extreme},
        {"spec nearest doubles", test_spec_nearest},
        {"spec ties to even", test_spec_ties},
        {"spec --fix", test_spec_fix},
        {"spec errors", test_spec_errors},
        {"spec without a box", test_spec_no_box},
        {"spec --vnnlib", test_spec_vnnlib},
    };

    return test_run_suite("domain", tests, sizeof tests / sizeof *tests);
}
