/* test_atoms_exact.c -- the atomic decomposition in exact mode
 * (rc_atoms_new_q, rc_atoms_check_q).
 *
 * The known answers of test_atoms.c as rationals; on every region of exact
 * partitions of random networks with dyadic weights and of networks read
 * from decimal NNet text (0.1 is 1/10), with normalisation and slices at
 * non-dyadic values, rc_atoms_check_q finds the identity with the region's
 * exact output map with equality (and rc_atoms_check to rounding); for
 * L = 3 the coefficients are the decimals of W_2.  The exact check fails
 * on perturbations far below the float tolerance: the last layer scaled by
 * 1 + 2^-40, the output bias moved by 2^-45, decimals replaced by their
 * nearest doubles; another region's pattern, float atoms and float
 * partitions are refused. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>

#include "relucells/atoms.h"
#include "relucells/io.h"
#include "relucells/domain.h"
#include "relucells/rational.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

static void
qset(mpq_t q, const char *text)
{
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(q, text, strlen(text)), 0);
}

/* Exact enumeration of net on dom. */
static rc_partition *
enumerate_exact(const rc_net *net, const rc_domain *dom)
{
    rc_partition *part = NULL;
    rc_enum_opts opts;
    rc_error err;

    rc_enum_opts_init(&opts);
    opts.arithmetic = RC_ARITH_EXACT;
    opts.volume = 0;
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, &opts, &err), RC_OK);
    CU_ASSERT_FATAL(rc_partition_is_exact(part));
    return part;
}

/* The known answers of test_known_L2 and test_known_L4 as rationals. */
static void
test_exact_known(void)
{
    static const double W1[] = {1, 2}, b1[] = {0, 1};
    static const double W2[] = {1, 2, 0, 1, 3, -1}, b2[] = {1, 0, 0};
    static const double W3[] = {1, 1, 0, 2, 0, -1}, b3[] = {0, -2};
    static const double W4[] = {1, 3}, b4[] = {0};
    static const double V1[] = {1, 2, 0, -1, 3, 0}, c1[] = {1, -1, 2};
    static const double V2[] = {1, 0, 2, -1, 1, 1}, c2[] = {0.5, -0.5};
    const double *W[] = {W1, W2, W3, W4}, *b[] = {b1, b2, b3, b4};
    const double *V[] = {V1, V2}, *c[] = {c1, c2};
    size_t sizes[] = {1, 2, 3, 2, 1}, vsizes[] = {2, 3, 2}, i;
    const unsigned char all[] = {1, 1, 1, 1, 1, 1, 1}, pat[] = {1, 0, 1};
    const long c_all[] = {1, 3, -1, 5};
    rc_net *net = test_make_net(4, sizes, W, b), *vnet = test_make_net(2, vsizes, V, c);
    rc_atoms *a = NULL;
    rc_error err;
    mpq_t lin[4], q;

    mpq_init(q);
    for (i = 0; i < 4; i++)
        mpq_init(lin[i]);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, net, all, &err), RC_OK);
    CU_ASSERT_TRUE(rc_atoms_is_exact(a));
    for (i = 0; i < 4; i++)
        CU_ASSERT(mpq_cmp_si(rc_atoms_coefficients_q(a) + i, c_all[i], 1) == 0);
    CU_ASSERT(mpq_cmp_si(rc_atoms_offset_q(a), 19, 1) == 0);
    CU_ASSERT(mpq_cmp_si(rc_atoms_out_vector_q(a, 1), 3, 1) == 0);
    CU_ASSERT(mpq_cmp_si(rc_atoms_in_vector_q(a, 1), 2, 1) == 0);
    CU_ASSERT_EQUAL(rc_atoms_linear_part_q(lin, a, &err), RC_OK);
    CU_ASSERT(mpq_cmp_si(lin[0], 34, 1) == 0);
    /* the double figures are those of rc_atoms_new */
    CU_ASSERT_EQUAL(rc_atoms_coefficients(a)[3], 5.0);
    rc_atoms_free(a);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, vnet, pat, &err), RC_OK);
    CU_ASSERT_EQUAL(rc_atoms_linear_part_q(lin, a, &err), RC_OK);
    CU_ASSERT(mpq_cmp_si(lin[0], 7, 1) == 0 && mpq_cmp_si(lin[1], 2, 1) == 0
              && mpq_cmp_si(lin[2], 2, 1) == 0 && mpq_cmp_si(lin[3], -2, 1) == 0);
    qset(q, "11/2");
    CU_ASSERT(mpq_equal(rc_atoms_offset_q(a), q));
    qset(q, "1/2");
    CU_ASSERT(mpq_equal(rc_atoms_offset_q(a) + 1, q));
    rc_atoms_free(a);
    /* float atoms have no exact side */
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, vnet, pat, &err), RC_OK);
    CU_ASSERT_FALSE(rc_atoms_is_exact(a));
    CU_ASSERT_PTR_NULL(rc_atoms_coefficients_q(a));
    CU_ASSERT_PTR_NULL(rc_atoms_offset_q(a));
    CU_ASSERT_EQUAL(rc_atoms_linear_part_q(lin, a, &err), RC_ERR_ARG);
    rc_atoms_free(a);
    for (i = 0; i < 4; i++)
        mpq_clear(lin[i]);
    mpq_clear(q);
    rc_net_free(net);
    rc_net_free(vnet);
}

/* A random network with dyadic weights k/4 (a fifth zero), biases k/8,
 * dyadic normalisation and input box. */
static rc_net *
random_dyadic_net(unsigned long *s)
{
    size_t L = test_irand(s, 2, 4), sizes[5], l, i, j, n;
    double mean[3], range[3], lo[3], hi[3];
    rc_net *net = NULL;
    rc_error err;

    sizes[0] = n = test_irand(s, 1, 3);
    for (l = 1; l < L; l++)
        sizes[l] = test_irand(s, 2, n == 3 ? 4 : 5);
    sizes[L] = test_irand(s, 1, 3);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, test_urand(s) < 0.2 ? 0.0
                                  : ((double)test_irand(s, 0, 16) - 8) / 4);
            rc_net_set_bias(net, l, i, ((double)test_irand(s, 0, 16) - 8) / 8);
        }
    for (i = 0; i < n; i++) {
        mean[i] = ((double)test_irand(s, 0, 16) - 8) / 4;
        range[i] = (double)test_irand(s, 1, 12) / 4 * (test_urand(s) < 0.2 ? -1 : 1);
        lo[i] = mean[i] - 1 - (double)test_irand(s, 0, 8) / 4;
        hi[i] = mean[i] + 1 + (double)test_irand(s, 0, 8) / 4;
    }
    CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, mean, range,
                                                   ((double)test_irand(s, 0, 16) - 8) / 8,
                                                   (double)test_irand(s, 1, 16) / 8, &err),
                          RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
    return net;
}

/* Fix input i of dom to lo + (hi - lo) / 3, not a binary fraction. */
static void
fix_third(rc_domain *dom, const rc_net *net, size_t i)
{
    rc_error err;
    mpq_t v, t;

    mpq_init(v);
    mpq_init(t);
    mpq_sub(t, rc_net_input_max_q(net, i), rc_net_input_min_q(net, i));
    mpq_set_ui(v, 1, 3);
    mpq_mul(v, v, t);
    mpq_add(v, v, rc_net_input_min_q(net, i));
    CU_ASSERT_EQUAL_FATAL(rc_domain_fix_q(dom, i, v, &err), RC_OK);
    mpq_clear(v);
    mpq_clear(t);
}

/* Both checks on every region of an exact partition; returns the count. */
static size_t
check_all_exact(const rc_net *net, const rc_domain *dom, const rc_partition *part,
                const char *what)
{
    size_t R = rc_partition_num_regions(part), r;
    rc_error err;

    for (r = 0; r < R; r++) {
        const rc_region *reg = rc_partition_region(part, r);
        rc_atoms *a = NULL;
        int lok = -2, ook = -2;
        double ld = -1, od = -1;

        CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, net, rc_region_pattern(reg), &err), RC_OK);
        CU_ASSERT_EQUAL(rc_atoms_check_q(&lok, &ook, a, net, dom, reg, &err), RC_OK);
        CU_ASSERT_EQUAL(lok, 1);
        CU_ASSERT_EQUAL(ook, 1);
        if (lok != 1 || ook != 1)
            printf("\n%s region %zu: %s\n", what, r, err.msg);
        CU_ASSERT_EQUAL(rc_atoms_check(&ld, &od, a, net, dom, reg,
                                       RC_ATOMS_CHECK_TOL, &err), RC_OK);
        CU_ASSERT(ld >= 0 && ld < 1e-12 && od >= 0 && od < 1e-12);
        rc_atoms_free(a);
    }
    return R;
}

/* The identity holds exactly on every region of random dyadic networks,
 * with normalisation and slices at non-dyadic values. */
static void
test_exact_identity_dyadic(void)
{
    unsigned long s = test_seed() ^ 0xe1a;
    size_t checked = 0;
    int trial;

    for (trial = 0; trial < 25; trial++) {
        rc_net *net = random_dyadic_net(&s);
        rc_domain *dom = NULL;
        rc_partition *part;
        rc_error err;

        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        if (rc_net_num_inputs(net) > 1 && trial % 2 == 0)
            fix_third(dom, net, trial % 4 == 0 ? 0 : rc_net_num_inputs(net) - 1);
        part = enumerate_exact(net, dom);
        checked += check_all_exact(net, dom, part, "dyadic");
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    CU_ASSERT(checked >= 50);
}

/* "k/10" or "k/100" as decimal text: "-0.3", "0.07", "1.2". */
static void
decimal_text(char *buf, long k, int digits)
{
    long a = labs(k), p = digits == 1 ? 10 : 100;

    sprintf(buf, "%s%ld.%0*ld", k < 0 ? "-" : "", a / p, digits, a % p);
}

/* Write a random network with decimal weights (one or two digits) and
 * decimal normalisation as NNet text; store the texts of the weights of
 * layer 2 (row-major) in w2 when it exists. */
static void
write_decimal_nnet(FILE *f, unsigned long *s, size_t L, const size_t *sizes,
                   char (*w2)[16])
{
    size_t n = sizes[0], l, i, j, maxw = 0;
    char t[32];

    for (l = 0; l <= L; l++)
        maxw = sizes[l] > maxw ? sizes[l] : maxw;
    fprintf(f, "// random decimal network\n%zu,%zu,%zu,%zu,\n", L, n, sizes[L], maxw);
    for (l = 0; l <= L; l++)
        fprintf(f, "%zu,", sizes[l]);
    fputs("\n0,\n", f);
    for (i = 0; i < n; i++)
        fputs("-1.3,", f);
    fputc('\n', f);
    for (i = 0; i < n; i++)
        fputs("1.7,", f);
    fputc('\n', f);
    for (i = 0; i <= n; i++) {   /* means, then the output mean */
        decimal_text(t, (long)test_irand(s, 0, 10) - 5, 1);
        fprintf(f, "%s,", t);
    }
    fputc('\n', f);
    for (i = 0; i <= n; i++) {   /* ranges 0.3 .. 1.1 */
        decimal_text(t, (long)test_irand(s, 3, 11), 1);
        fprintf(f, "%s,", t);
    }
    fputc('\n', f);
    for (l = 0; l < L; l++) {
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++) {
                int digits = test_urand(s) < 0.3 ? 2 : 1;
                decimal_text(t, (long)test_irand(s, 0, 20 * (digits == 1 ? 1 : 10))
                                 - 10 * (digits == 1 ? 1 : 10), digits);
                if (l == 1 && w2 != NULL)
                    strcpy(w2[i * sizes[l] + j], t);
                fprintf(f, "%s,", t);
            }
            fputc('\n', f);
        }
        for (i = 0; i < sizes[l + 1]; i++) {
            decimal_text(t, (long)test_irand(s, 0, 10) - 5, 1);
            fprintf(f, "%s,\n", t);
        }
    }
}

/* Load a network from NNet text through a temporary file. */
static rc_net *
load_via_file(unsigned long *s, size_t L, const size_t *sizes, char (*w2)[16])
{
    char path[] = "/tmp/rc_test_atoms_XXXXXX";
    int fd = mkstemp(path);
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    rc_net *net = NULL;
    rc_error err = {RC_OK, ""};

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    write_decimal_nnet(fp, s, L, sizes, w2);
    fclose(fp);
    CU_ASSERT_EQUAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    if (net == NULL)
        printf("\n%s\n", err.msg);
    unlink(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(net);
    return net;
}

/* Decimal weights read from a file: 0.1 is 1/10.  The identity holds
 * exactly, and for L = 3 the coefficients are the decimals of W_2. */
static void
test_exact_identity_decimal(void)
{
    unsigned long s = test_seed() ^ 0xdec;
    size_t checked = 0, coef_checked = 0;
    int trial;
    mpq_t q;

    mpq_init(q);
    for (trial = 0; trial < 16; trial++) {
        size_t L = 2 + (size_t)trial % 3, sizes[5], l, r;
        char w2[64][16];
        rc_net *net;
        rc_domain *dom = NULL;
        rc_partition *part;
        rc_error err;

        sizes[0] = test_irand(&s, 1, 3);
        for (l = 1; l < L; l++)
            sizes[l] = test_irand(&s, 2, sizes[0] == 3 ? 3 : 4);
        sizes[L] = test_irand(&s, 1, 2);
        net = load_via_file(&s, L, sizes, w2);
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        if (sizes[0] > 1 && trial % 2 == 1)
            fix_third(dom, net, 0);
        part = enumerate_exact(net, dom);
        checked += check_all_exact(net, dom, part, "decimal");
        for (r = 0; L == 3 && r < rc_partition_num_regions(part); r++) {
            const unsigned char *pat = rc_region_pattern(rc_partition_region(part, r));
            rc_atoms *a = NULL;
            size_t p, k;
            CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, net, pat, &err), RC_OK);
            for (p = 0; p < rc_atoms_num_last(a); p++)
                for (k = 0; k < rc_atoms_num_first(a); k++) {
                    size_t i = rc_atoms_last(a)[p], j = rc_atoms_first(a)[k];
                    qset(q, w2[i * sizes[1] + j]);
                    CU_ASSERT(mpq_equal(rc_atoms_coefficients_q(a)
                                        + p * rc_atoms_num_first(a) + k, q));
                    coef_checked++;
                }
            rc_atoms_free(a);
        }
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    mpq_clear(q);
    CU_ASSERT(checked >= 30);
    CU_ASSERT(coef_checked >= 20);
}

/* The exact check catches what the float one cannot: the last layer
 * scaled by 1 + 2^-40, the output bias moved by 2^-45, and a network of
 * decimals replaced by their nearest doubles (0.1 = 0.1000000000000000055..);
 * float deviations stay below RC_ATOMS_CHECK_TOL.  Another region's
 * pattern is refused. */
static void
test_exact_check_detects(void)
{
    static const char text[] =
        "// decimals\n2,2,1,3,\n2,3,1,\n0,\n-1.0,-1.0,\n1.0,1.0,\n0.0,0.0,0.0,\n"
        "1.0,1.0,1.0,\n0.1,0.3,\n0.3,-0.1,\n-0.7,0.2,\n0.1,\n-0.2,\n0.3,\n"
        "0.7,0.3,-0.9,\n0.1,\n";
    unsigned long s = test_seed() ^ 0xbad;
    char path[] = "/tmp/rc_test_atoms_XXXXXX";
    int fd = mkstemp(path), trial;
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    size_t lin_caught = 0, nonzero = 0, R, r, l, i, j;
    rc_net *dec = NULL, *dbl;
    rc_domain *dom = NULL;
    rc_partition *part;
    rc_error err;
    size_t sizes[] = {2, 3, 1};

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&dec, path, &err), RC_OK);
    unlink(path);
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&dbl, 2, sizes, &err), RC_OK);
    for (l = 0; l < 2; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(dbl, l, i, j, rc_net_weights(dec, l)[i * sizes[l] + j]);
            rc_net_set_bias(dbl, l, i, rc_net_biases(dec, l)[i]);
        }
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, dec, &err), RC_OK);
    part = enumerate_exact(dec, dom);
    R = rc_partition_num_regions(part);
    CU_ASSERT_FATAL(R >= 3);
    for (r = 0; r < R; r++) {
        const rc_region *reg = rc_partition_region(part, r);
        rc_atoms *a = NULL;
        int lok, ook;
        double ld, od;

        CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, dbl, rc_region_pattern(reg), &err), RC_OK);
        if (rc_atoms_check_q(&lok, &ook, a, dec, dom, reg, &err) == RC_ERR_NUMERIC)
            CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "exact output map"));
        CU_ASSERT_EQUAL(ook, 0);   /* the biases 0.1, -0.2, 0.3 reach it */
        if (mpq_sgn(rc_region_output_A_q(reg)) || mpq_sgn(rc_region_output_A_q(reg) + 1)) {
            CU_ASSERT_EQUAL(lok, 0);
            lin_caught += lok == 0;
            nonzero++;
        }
        CU_ASSERT_EQUAL(rc_atoms_check(&ld, &od, a, dec, dom, reg, RC_ATOMS_CHECK_TOL,
                                       &err), RC_OK);
        CU_ASSERT(ld < 1e-14 && od < 1e-14);
        rc_atoms_free(a);
    }
    CU_ASSERT(nonzero >= 2 && lin_caught == nonzero);
    rc_partition_free(part);
    rc_domain_free(dom);
    rc_net_free(dec);
    rc_net_free(dbl);

    for (trial = 0; trial < 10; trial++) {
        rc_net *net = random_dyadic_net(&s), *scaled = NULL, *moved = NULL;
        size_t L = rc_net_num_layers(net), k, m = rc_net_num_outputs(net), d;
        size_t szs[5];

        for (l = 0; l <= L; l++)
            szs[l] = l ? rc_net_layer_size(net, l - 1) : rc_net_num_inputs(net);
        CU_ASSERT_EQUAL_FATAL(rc_net_new(&scaled, L, szs, &err), RC_OK);
        CU_ASSERT_EQUAL_FATAL(rc_net_new(&moved, L, szs, &err), RC_OK);
        for (k = 0; k < 2; k++)
            CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(k ? moved : scaled,
                                                           rc_net_input_mean(net),
                                                           rc_net_input_range(net),
                                                           rc_net_output_mean(net),
                                                           rc_net_output_range(net),
                                                           &err), RC_OK);
        for (l = 0; l < L; l++)
            for (i = 0; i < szs[l + 1]; i++) {
                double b = rc_net_biases(net, l)[i];
                for (j = 0; j < szs[l]; j++) {
                    double w = rc_net_weights(net, l)[i * szs[l] + j];
                    rc_net_set_weight(scaled, l, i, j, l + 1 == L ? w * (1 + ldexp(1, -40)) : w);
                    rc_net_set_weight(moved, l, i, j, w);
                }
                rc_net_set_bias(scaled, l, i, b);
                rc_net_set_bias(moved, l, i, l + 1 == L ? b + ldexp(1, -45) : b);
            }
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        part = enumerate_exact(net, dom);
        R = rc_partition_num_regions(part);
        d = rc_partition_dim(part);
        for (r = 0; r < R; r++) {
            const rc_region *reg = rc_partition_region(part, r);
            const rc_region *other = rc_partition_region(part, (r + 1) % R);
            rc_atoms *a = NULL;
            int lok, ook, nz = 0;

            for (k = 0; k < m * d; k++)
                nz |= mpq_sgn(rc_region_output_A_q(reg) + k) != 0;
            CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, scaled, rc_region_pattern(reg), &err), RC_OK);
            rc_atoms_check_q(&lok, &ook, a, scaled, dom, reg, &err);
            CU_ASSERT_EQUAL(lok, !nz);
            CU_ASSERT_EQUAL(rc_atoms_check(NULL, NULL, a, scaled, dom, reg,
                                           RC_ATOMS_CHECK_TOL, &err), RC_OK);
            rc_atoms_free(a);
            CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, moved, rc_region_pattern(reg), &err), RC_OK);
            CU_ASSERT_EQUAL(rc_atoms_check_q(&lok, &ook, a, moved, dom, reg, &err),
                            RC_ERR_NUMERIC);
            CU_ASSERT(lok == 1 && ook == 0);
            CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "offset of y"));
            rc_atoms_free(a);
            if (R > 1) {
                CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, net, rc_region_pattern(other), &err),
                                      RC_OK);
                CU_ASSERT_EQUAL(rc_atoms_check_q(&lok, &ook, a, net, dom, reg, &err),
                                RC_ERR_ARG);
                CU_ASSERT(lok == -1 && ook == -1);
                rc_atoms_free(a);
            }
        }
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
        rc_net_free(scaled);
        rc_net_free(moved);
    }
}

/* Float atoms, or a float partition, cannot be checked exactly. */
static void
test_exact_errors(void)
{
    static const double W1[] = {1, 0, 0, 1}, b1[] = {0.5, -0.5}, W2[] = {1, -1}, b2[] = {0};
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    size_t sizes[] = {2, 2, 1};
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_domain *dom = NULL;
    rc_partition *part = NULL, *epart;
    const rc_region *reg;
    rc_atoms *a = NULL;
    rc_error err;
    int lok = 7, ook = 7;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, NULL, &err), RC_OK);
    epart = enumerate_exact(net, dom);
    reg = rc_partition_region(part, 0);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new_q(&a, net, rc_region_pattern(reg), &err), RC_OK);
    CU_ASSERT_EQUAL(rc_atoms_check_q(&lok, &ook, a, net, dom, reg, &err), RC_ERR_ARG);
    CU_ASSERT(lok == -1 && ook == -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "exact partition"));
    rc_atoms_free(a);
    reg = rc_partition_region(epart, 0);
    CU_ASSERT_EQUAL_FATAL(rc_atoms_new(&a, net, rc_region_pattern(reg), &err), RC_OK);
    CU_ASSERT_EQUAL(rc_atoms_check_q(NULL, NULL, a, net, dom, reg, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "exact mode"));
    rc_atoms_free(a);
    rc_partition_free(part);
    rc_partition_free(epart);
    rc_domain_free(dom);
    rc_net_free(net);
}

int
main(void)
{
    CU_pSuite exact;

    test_seed();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    exact = CU_add_suite("atoms: exact mode", NULL, NULL);
    if (!exact
        || !CU_add_test(exact, "known answers as rationals", test_exact_known)
        || !CU_add_test(exact, "identity exactly: dyadic weights, slices at thirds",
                        test_exact_identity_dyadic)
        || !CU_add_test(exact, "identity exactly: decimal weights from a file",
                        test_exact_identity_decimal)
        || !CU_add_test(exact, "the exact check catches what float cannot",
                        test_exact_check_detects)
        || !CU_add_test(exact, "float atoms or partitions refused", test_exact_errors)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
