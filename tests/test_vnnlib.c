/* test_vnnlib.c -- the VNN-LIB reader: boxes in every accepted form, read
 * exactly; output assertions counted and skipped; constraints that are not
 * a box refused with "name:line: what"; pinned inputs fixed in the
 * domain. */
#include <unistd.h>

#include "onnx_helpers.h"

/* Read text as a VNN-LIB property on n inputs into lo, hi. */
static rc_status
read_box(mpq_t *lo, mpq_t *hi, size_t *ignored, size_t n, const char *text,
         rc_error *err)
{
    FILE *f = fmemopen((void *)text, strlen(text), "r");
    rc_status st;

    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    st = rc_vnnlib_read_box(lo, hi, ignored, n, f, "p.vnnlib", err);
    fclose(f);
    return st;
}

static int
q_is(mpq_srcptr q, const char *s)
{
    mpq_t t;
    int eq;

    mpq_init(t);
    q_of(t, s);
    eq = mpq_equal(q, t);
    if (!eq)
        gmp_printf("\n  %Qd, expected %s\n", q, s);
    mpq_clear(t);
    return eq;
}

static void
test_forms(void)
{
    static const char text[] =
        "; a comment\n"
        "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const X_2 Real)\n"
        "(declare-const Y_0 Real)\n"
        "(assert (<= X_0 0.68))\n"
        "(assert (>= X_0 0.6))\n"
        "(assert (<= -0.5 X_1))   ; bound on the right\n"
        "(assert (>= (/ 1 3) X_1))\n"
        "(assert (or (and (>= X_2 (- 1.5e-1)) (< X_2 2) (<= X_2 1))))\n"
        "(assert (<= X_0 0.7))    ; looser, changes nothing\n"
        "(assert (or (and (<= Y_0 1)) (and (>= Y_0 2))))\n"
        "(assert (>= Y_0 -3))\n"
        "(check-sat)\n";
    mpq_t lo[3], hi[3];
    size_t ignored = 99, i;
    rc_error err;

    for (i = 0; i < 3; i++) {
        mpq_init(lo[i]);
        mpq_init(hi[i]);
    }
    CU_ASSERT_EQUAL_FATAL(read_box(lo, hi, &ignored, 3, text, &err), RC_OK);
    CU_ASSERT_EQUAL(ignored, 2);
    CU_ASSERT(q_is(lo[0], "3/5") && q_is(hi[0], "17/25"));
    CU_ASSERT(q_is(lo[1], "-1/2") && q_is(hi[1], "1/3"));
    CU_ASSERT(q_is(lo[2], "-3/20") && q_is(hi[2], "1"));
    for (i = 0; i < 3; i++) {
        mpq_clear(lo[i]);
        mpq_clear(hi[i]);
    }
}

static void
test_refused(void)
{
    static const struct {
        const char *text, *msg;
    } cases[] = {
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 X_1))\n",
         "p.vnnlib:3: a bound relating two inputs is not a box constraint"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n"
         "(assert (or (and (<= X_0 1) (>= X_0 0)) (and (<= X_0 3) (>= X_0 2))))\n",
         "p.vnnlib:3: a disjunction of 2 input boxes is not a box"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const Y_0 Real)\n"
         "\n(assert (<= X_0 Y_0))\n", "p.vnnlib:5: an assertion on inputs and outputs"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 1))\n"
         "(assert (>= X_0 0))\n(assert (<= X_1 1))\n", "p.vnnlib:2: X_1 has no lower bound"},
        {"(declare-const X_0 Real)\n(assert (<= X_0 1))\n(assert (>= X_0 0))\n",
         "X_1 is not declared: the network has 2 inputs"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const X_2 Real)\n",
         "p.vnnlib:3: X_2: the network has 2 inputs"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= (+ X_0 X_1) 1))\n",
         "p.vnnlib:3: a bound on an expression of inputs is not a box constraint"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (not (<= X_0 1)))\n",
         "p.vnnlib:3: 'not' is not a box constraint"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 1)\n",
         "p.vnnlib:3: '(' is never closed"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 0x10))\n",
         "p.vnnlib:3: '0x10' is not a number"},
        {"(declare-const X_0 Real)\n(declare-const X_1 Real)\n(assert (<= X_0 1))\n"
         "(assert (>= X_0 2))\n(assert (<= X_1 1))\n(assert (>= X_1 0))\n",
         "p.vnnlib:1: the bounds of X_0 are empty"},
        {"(declare-fun X_0 () Real)\n", "p.vnnlib:1: expected declare-const or assert"},
        {"(declare-const Z Real)\n", "p.vnnlib:1: 'Z': VNN-LIB names inputs X_i"},
        {")\n", "p.vnnlib:1: unexpected ')'"},
    };
    mpq_t lo[2], hi[2];
    size_t k;

    mpq_init(lo[0]);
    mpq_init(lo[1]);
    mpq_init(hi[0]);
    mpq_init(hi[1]);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        rc_error err = {RC_OK, ""};
        rc_status st = read_box(lo, hi, NULL, 2, cases[k].text, &err);

        CU_ASSERT_EQUAL(st, RC_ERR_PARSE);
        if (strstr(err.msg, cases[k].msg) == NULL)
            printf("\n  case %zu: '%s', expected '%s'\n", k, err.msg, cases[k].msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, cases[k].msg));
        CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
    }
    mpq_clear(lo[0]);
    mpq_clear(lo[1]);
    mpq_clear(hi[0]);
    mpq_clear(hi[1]);
}

/* The domain of a property: a box, with a pinned input fixed. */
static void
test_domain(void)
{
    static const char text[] =
        "(declare-const X_0 Real)\n(declare-const X_1 Real)\n(declare-const X_2 Real)\n"
        "(assert (and (<= X_0 0.5) (>= X_0 -0.25) (<= X_1 2) (>= X_1 1) (= X_2 0.1)))\n";
    char path[64];
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_error err;
    size_t sizes[3] = {3, 2, 1};
    FILE *f;
    int fd;

    snprintf(path, sizeof path, "/tmp/rc_test_vnnlib_XXXXXX");
    fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0);
    f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, 2, sizes, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_vnnlib(&dom, net, path, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_domain_dim(dom), 2);
    CU_ASSERT(rc_domain_is_fixed(dom, 2));
    CU_ASSERT_DOUBLE_EQUAL(rc_domain_fixed_value(dom, 2), 0.1, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_domain_lo(dom, 0), -0.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(rc_domain_hi(dom, 1), 2, 0);
    rc_domain_free(dom);
    unlink(path);
    CU_ASSERT_EQUAL(rc_domain_new_from_vnnlib(&dom, net, path, &err), RC_ERR_IO);
    CU_ASSERT_PTR_NULL(dom);
    rc_net_free(net);
}

/* The property of the VNN-COMP ACAS Xu benchmark. */
static void
test_acas_property(void)
{
    const char *path = shared_path("onnx/prop_2.vnnlib");
    mpq_t lo[5], hi[5];
    size_t ignored = 0, i;
    rc_error err;
    FILE *f;

    if (!file_exists(path)) {
        printf("\n  SKIP: %s not found\n", path);
        return;
    }
    for (i = 0; i < 5; i++) {
        mpq_init(lo[i]);
        mpq_init(hi[i]);
    }
    f = fopen(path, "r");
    CU_ASSERT_EQUAL_FATAL(rc_vnnlib_read_box(lo, hi, &ignored, 5, f, path, &err), RC_OK);
    fclose(f);
    CU_ASSERT_EQUAL(ignored, 4);
    CU_ASSERT(q_is(hi[0], "0.679857769") && q_is(lo[0], "0.6"));
    CU_ASSERT(q_is(lo[4], "-0.5") && q_is(hi[4], "-0.45"));
    for (i = 0; i < 5; i++) {
        mpq_clear(lo[i]);
        mpq_clear(hi[i]);
    }
}

int
main(void)
{
    static const test_case tests[] = {
        {"box forms, exact numbers, output assertions skipped", test_forms},
        {"not a box: refused with file:line", test_refused},
        {"rc_domain_new_from_vnnlib: box and pinned inputs", test_domain},
        {"the ACAS Xu property 2 of VNN-COMP", test_acas_property},
    };

    return test_run_suite("vnnlib", tests, sizeof tests / sizeof tests[0]);
}
