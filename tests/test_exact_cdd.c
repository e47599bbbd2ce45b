/* test_exact_cdd.c -- exact mode against cddlib, and on ACAS Xu.
 *
 * Vertices of exact regions recomputed independently by cddlib's double
 * description in GMP; the ACAS Xu slice in exact mode (published counts,
 * float and exact agree, exact volumes tile the box).
 *
 * RC_TEST_QUICK (set for valgrind runs) skips only the ACAS Xu slice:
 * about 3 s natively, many minutes under valgrind. */
#define GMPRATIONAL
#include <cdd/setoper.h>
#include <cdd/cdd.h>

#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>

#include "relucells/io.h"
#include "exact_helpers.h"

/* ---- 7. vertices by cddlib ------------------------------------------------- */

/* Are u and w positive multiples of each other (n entries)? */
static int
same_direction(mpq_srcptr u, mpq_srcptr w, size_t n)
{
    size_t i, j;
    int ok = 1;
    mpq_t a, b;

    mpq_init(a);
    mpq_init(b);
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            mpq_mul(a, u + i, w + j);
            mpq_mul(b, u + j, w + i);
            ok &= mpq_equal(a, b) != 0;
        }
    qdot(a, u, w, n);
    ok &= mpq_sgn(a) > 0;
    mpq_clear(a);
    mpq_clear(b);
    return ok;
}

/* Mismatches between r's generators and those cddlib's double description
 * (GMP rationals) computes from r's exact facets, written b - a . x >= 0:
 * the same number of lines and of minimal faces; for a pointed region the
 * same vertices as sets of rational points and the same extreme rays up to
 * positive scale (with lines a "vertex" is any point of a minimal face). */
static size_t
cdd_mismatches(const rc_region *r, size_t n)
{
    size_t nf = rc_region_num_facets(r), nv = rc_region_num_vertices(r);
    size_t nr = rc_region_num_rays(r), nl = rc_region_num_lines(r);
    size_t f, i, j, g, cv = 0, cr = 0, cl = 0, bad = 0;
    dd_MatrixPtr M = dd_CreateMatrix((dd_rowrange)nf, (dd_colrange)(n + 1)), G;
    dd_PolyhedraPtr P;
    dd_ErrorType e = dd_NoError;
    mpq_t *x = qvec(n);

    for (f = 0; f < nf; f++) {
        mpq_srcptr b, a = rc_region_facet_q(r, f, &b);
        mpq_set(M->matrix[f][0], b);
        for (j = 0; j < n; j++)
            mpq_neg(M->matrix[f][1 + j], a + j);
    }
    M->representation = dd_Inequality;
    M->numbtype = dd_Rational;
    P = dd_DDMatrix2Poly(M, &e);
    CU_ASSERT_FATAL(P != NULL && e == dd_NoError);
    G = dd_CopyGenerators(P);
    for (i = 0; i < (size_t)G->rowsize; i++) {
        int found = 0;
        if (set_member((long)i + 1, G->linset)) {
            cl++;
        } else if (mpq_sgn(G->matrix[i][0]) == 0) {
            cr++;
            for (g = 0; g < nr; g++)
                found |= same_direction(rc_region_ray_q(r, g), G->matrix[i][1], n);
            bad += nl == 0 && !found;
        } else {
            cv++;
            for (j = 0; j < n; j++)
                mpq_div(x[j], G->matrix[i][1 + j], G->matrix[i][0]);
            for (g = 0; g < nv && !found; g++)
                for (found = 1, j = 0; j < n; j++)
                    found &= mpq_equal(x[j], rc_region_vertex_q(r, g) + j) != 0;
            bad += nl == 0 && !found;
        }
    }
    if (P->homogeneous) {
        /* all b = 0: cddlib takes the set for a cone and leaves out its
         * apex, the origin (with lines, a point of the minimal face) */
        int found = 0;
        cv++;
        for (g = 0; g < nv; g++) {
            int zero = 1;
            for (j = 0; j < n; j++)
                zero &= mpq_sgn(rc_region_vertex_q(r, g) + j) == 0;
            found |= zero;
        }
        bad += nl == 0 && !found;
    }
    bad += cv != nv || cl != nl || (nl == 0 && cr != nr);
    for (g = 0; g < nv; g++)      /* the library's vertices are distinct */
        for (i = 0; i < g; i++) {
            int same = 1;
            for (j = 0; j < n; j++)
                same &= mpq_equal(rc_region_vertex_q(r, g) + j,
                                  rc_region_vertex_q(r, i) + j) != 0;
            bad += same;
        }
    dd_FreeMatrix(G);
    dd_FreePolyhedra(P);
    dd_FreeMatrix(M);
    qvec_free(x, n);
    return bad;
}

/* Up to 60 regions each of: random degenerate networks in 2D and 3D over
 * rational boxes, 4 concurrent lines over R^2 (pointed cones), 4 parallel
 * lines over R^2 (lineality), a random network over R^2. */
static void
test_cdd_vertices(void)
{
    unsigned long rng = test_seed() + 7;
    size_t t, i;

    for (t = 0; t < 6; t++) {
        size_t n = t == 1 || t == 2 ? 3 : 2, bad = 0, checked = 0;
        trial T;
        rc_partition *part;

        trial_init(&T, n, 2, 4, t % 2 ? INTEGER : DYADIC, t >= 3, &rng);
        if (t == 3 || t == 4) {
            rc_net_free(T.net);
            T.net = test_rows_net(2, 4, t == 3 ? E_conc : E_par, 0, NULL);
        }
        part = run(T.net, T.dom, 1);
        /* cddlib's global constants belong to the library: src/lp_cdd.c
         * sets them once, on the first exact LP (the enumeration above
         * made some), and never frees them; setting them again would leak
         * the first set.  dd_one's denominator is 0 only while unset. */
        if (mpz_sgn(mpq_denref(dd_one)) == 0)
            dd_set_global_constants();
        for (i = 0; i < rc_partition_num_regions(part) && i < 60; i++) {
            const rc_region *r = rc_partition_region(part, i);
            if (rc_region_num_facets(r) > 0) {
                bad += cdd_mismatches(r, n);
                checked++;
            }
        }
        CU_ASSERT(checked > 0);
        CU_ASSERT_EQUAL(bad, 0);
        if (bad)
            printf("\n  cddlib disagrees on %zu generators (case %zu)\n", bad, t);
        rc_partition_free(part);
        trial_clear(&T);
    }
}

/* ---- 8. ACAS Xu ------------------------------------------------------------ */

/* The slice of ACAS Xu N_{1,1} with rho = 30000, theta = 0, v_int = 600
 * (inputs x1, x2, x5) over (psi, v_own) in the box of the file's minima and
 * maxima, [-3.141593, 3.141593] x [100, 1200]: exact mode finds the
 * published counts per layer, the same patterns as float mode, and exact
 * volumes summing exactly to 6.283186 * 1100 = 6911.5046.  Certificates
 * hold (without the forward pass: the exact weights are the file's text,
 * not its doubles).  Skipped under RC_TEST_QUICK. */
static void
test_acasxu(void)
{
    static const size_t want[6] = {116, 633, 2313, 3831, 5588, 7243};
    static const char *const fixed[5] = {"30000", "0", NULL, NULL, "600"};
    const char *top = getenv("top_srcdir");
    char path[4096];
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part, *fpart;
    rc_error err = {RC_OK, ""};
    mpq_t q, sum, b[4];
    size_t k, i;
    FILE *f;

    if (getenv("RC_TEST_QUICK") != NULL) {
        printf("\n  note: RC_TEST_QUICK set, ACAS Xu slice skipped\n");
        return;
    }
    snprintf(path, sizeof path, "%s/../shared/data/acasxu/"
             "ACASXU_run2a_1_1_batch_2000.nnet", top ? top : ".");
    if ((f = fopen(path, "r")) == NULL) {
        printf("\n  note: %s not found, ACAS Xu test skipped\n", path);
        return;
    }
    fclose(f);
    mpq_init(q);
    mpq_init(sum);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    for (k = 0; k < 5; k++)
        if (fixed[k] != NULL) {
            qset(q, fixed[k]);
            CU_ASSERT_EQUAL(rc_domain_fix_q(dom, k, q, &err), RC_OK);
        }
    part = run(net, dom, 1);
    fpart = run(net, dom, 0);
    CU_ASSERT_EQUAL_FATAL(rc_partition_num_hidden(part), 6);
    for (k = 0; k < 6; k++) {
        CU_ASSERT_EQUAL(rc_partition_layer_count(part, k), want[k]);
        CU_ASSERT_EQUAL(rc_partition_layer_count(fpart, k), want[k]);
    }
    CU_ASSERT_EQUAL(rc_partition_num_regions(part), 7243);
    CU_ASSERT_EQUAL(pattern_diff(part, fpart, "ACAS Xu"), 0);
    for (i = 0; i < rc_partition_num_regions(part); i++) {
        mpq_srcptr v = rc_region_volume_q(rc_partition_region(part, i));
        CU_ASSERT_FATAL(v != NULL);
        mpq_add(sum, sum, v);
    }
    qset(q, "6911.5046");
    CU_ASSERT(mpq_equal(sum, q));
    /* the box of x3, x4 from the min/max lines: lo = b, hi = b + 2 */
    for (k = 0; k < 4; k++) {
        mpq_init(b[k]);
        mpq_set(b[k], k < 2 ? rc_net_input_min_q(net, 2 + k)
                            : rc_net_input_max_q(net, k));
    }
    mpq_sub(sum, b[2], b[0]);
    mpq_sub(q, b[3], b[1]);
    mpq_mul(q, q, sum);
    qset(sum, "6911.5046");
    CU_ASSERT(mpq_equal(q, sum));
    check_certificates(part, NULL, dom, NULL, (const mpq_t *)b,
                       (const mpq_t *)b + 2);
    for (k = 0; k < 4; k++)
        mpq_clear(b[k]);
    rc_partition_free(part);
    rc_partition_free(fpart);
    rc_net_free(net);
    rc_domain_free(dom);
    mpq_clear(q);
    mpq_clear(sum);
}

int
main(void)
{
    static const test_case tests[] = {
        { "vertices agree with cddlib", test_cdd_vertices },
        { "ACAS Xu slice in exact mode", test_acasxu },
    };

    return test_run_suite("exact", tests, sizeof tests / sizeof tests[0]);
}

