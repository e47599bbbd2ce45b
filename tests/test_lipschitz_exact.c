/* test_lipschitz_exact.c -- the certified Lipschitz figures of exact
 * partitions (rc_lipschitz_spectral_norm_q and the exact side of
 * rc_lipschitz_compute).
 *
 * Certified norms of matrices by hand: [1 2; 2 1] has sigma = 3 exactly,
 * sqrt 5 and 15 + sqrt 221 are enclosed, a zero pivot with a zero row, a
 * row vector (10/9 exactly).  Random rational matrices: the enclosure is
 * checked exactly against the squared row, column and Frobenius norms,
 * contains LAPACK's value and is narrower than 1e-9 relative; vectors get
 * their exact square.  A network whose region has Jacobian [1 2; 2 1], in
 * raw and normalised coordinates (sigma = 3 and 9/2 exactly, the global
 * constant known exactly); decimal weights read from a file (squared
 * constant 1/1000 exactly, not so in double).  On exact partitions of
 * random networks (slices at thirds): with one output the squared
 * constant is exactly sum_k A_k^2 of the region's exact output map and
 * matches float to 1e-12; with several, the enclosure holds exactly against
 * A and contains the float constant. */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <CUnit/Basic.h>

#include "relucells/domain.h"
#include "relucells/io.h"
#include "relucells/rational.h"
#include "relucells/lipschitz.h"
#include "relucells/net.h"
#include "relucells/partition.h"
#include "relucells/region.h"
#include "testutil.h"

/* Enumerate net on its box (or R^n) and compute the figures. */
static rc_partition *
run(rc_lipschitz_info *info, const rc_net *net, int unbounded, int normalised)
{
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_lipschitz_opts opts;
    rc_error err;

    if (unbounded) {
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_unbounded(&dom, rc_net_num_inputs(net),
                                                      NULL, &err), RC_OK);
    } else {
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    }
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, NULL, &err), RC_OK);
    rc_lipschitz_opts_init(&opts);
    opts.normalised = normalised;
    CU_ASSERT_EQUAL_FATAL(rc_lipschitz_compute(info, net, part, &opts, &err), RC_OK);
    CU_ASSERT_EQUAL(info->num_regions, rc_partition_num_regions(part));
    rc_domain_free(dom);
    return part;
}

static void
qset(mpq_t q, const char *text)
{
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(q, text, strlen(text)), 0);
}

/* A rows x cols rational matrix from texts. */
static mpq_t *
qmatrix(const char *const *text, size_t count)
{
    mpq_t *A = malloc((count + 1) * sizeof *A);
    size_t i;

    for (i = 0; i < count; i++) {
        mpq_init(A[i]);
        qset(A[i], text[i]);
    }
    return A;
}

static void
qmatrix_free(mpq_t *A, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        mpq_clear(A[i]);
    free(A);
}

/* The float norm of a rational matrix (entries rounded). */
static double
float_norm(const mpq_t *A, size_t rows, size_t cols)
{
    double a[64], s;
    size_t i;
    rc_error err;

    for (i = 0; i < rows * cols; i++)
        a[i] = mpq_get_d(A[i]);
    CU_ASSERT_EQUAL_FATAL(rc_lipschitz_spectral_norm(&s, a, rows, cols, &err), RC_OK);
    return s;
}

/* dgesvd is backward stable: its largest singular value is within a
 * small multiple of the rounding unit of the true one (a few units in the
 * last place here), so it lies in the certified enclosure up to this
 * relative slack, plus abs, the rounding of the float Jacobian it was given
 * (0 for a matrix of rounded rationals).  The enclosure itself is exact
 * and is not widened. */
#define SVD_SLACK (64 * DBL_EPSILON)

static int
contains(double lo, double x, double hi, double abs)
{
    return lo <= x * (1 + SVD_SLACK) + abs && x * (1 - SVD_SLACK) - abs <= hi;
}

/* lo2 <= hi2, the doubles bracket them, and within the width asked. */
static void
assert_enclosure(const mpq_t lo2, const mpq_t hi2, double lo, double hi)
{
    mpq_t t;

    mpq_init(t);
    CU_ASSERT(mpq_cmp(lo2, hi2) <= 0);
    CU_ASSERT(0.0 <= lo && lo <= hi);
    mpq_set_d(t, lo);
    mpq_mul(t, t, t);
    CU_ASSERT(mpq_cmp(t, lo2) <= 0);
    mpq_set_d(t, hi);
    mpq_mul(t, t, t);
    CU_ASSERT(mpq_cmp(t, hi2) >= 0);
    CU_ASSERT(hi - lo <= 1e-9 * hi);
    mpq_clear(t);
}

/* Known norms.  [1 2; 2 1]: sigma = 3, certified exactly (the float top
 * eigenvector (1,1)/sqrt 2 gives the Rayleigh quotient 9, and 9 I - G is
 * semidefinite).  [1 0; 2 0]: sigma^2 = 5, irrational sigma: lo2 < 5 <= hi2.
 * [1 0; 2 0; 2 0]: G = A^T A = diag(9, 0), 9 I - G = diag(0, 9) has a zero
 * pivot with a zero row: exact 3.  A row (1, 1/3): 10/9 exactly.
 * [1 2; 3 4]: sigma^2 = 15 + sqrt 221. */
static void
test_exact_spectral_known(void)
{
    static const char *sym[] = {"1", "2", "2", "1"}, *col[] = {"1", "0", "2", "0"};
    static const char *tall[] = {"1", "0", "2", "0", "2", "0"}, *row[] = {"1", "1/3"};
    static const char *m22[] = {"1", "2", "3", "4"}, *diag[] = {"3", "0", "0", "-4"};
    mpq_t lo2, hi2, q, *A;
    double lo = -1, hi = -1, s;
    rc_error err;

    mpq_init(lo2);
    mpq_init(hi2);
    mpq_init(q);
    A = qmatrix(sym, 4);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 2, 2, 1e-12, &err), RC_OK);
    CU_ASSERT(mpq_cmp_ui(lo2, 9, 1) == 0 && mpq_cmp_ui(hi2, 9, 1) == 0);
    CU_ASSERT(lo <= 3.0 && 3.0 <= hi);
    CU_ASSERT(lo == 3.0 && hi == 3.0);
    qmatrix_free(A, 4);
    A = qmatrix(col, 4);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 2, 2, 1e-12, &err), RC_OK);
    CU_ASSERT(mpq_cmp_ui(lo2, 5, 1) <= 0 && mpq_cmp_ui(hi2, 5, 1) >= 0);
    CU_ASSERT(lo <= sqrt(5.0) && sqrt(5.0) <= hi);
    assert_enclosure(lo2, hi2, lo, hi);
    qmatrix_free(A, 4);
    A = qmatrix(tall, 6);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 3, 2, 1e-12, &err), RC_OK);
    CU_ASSERT(mpq_cmp_ui(lo2, 9, 1) == 0 && mpq_cmp_ui(hi2, 9, 1) == 0);
    CU_ASSERT(lo == 3.0 && hi == 3.0);
    qmatrix_free(A, 6);
    A = qmatrix(row, 2);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 1, 2, 1e-12, &err), RC_OK);
    qset(q, "10/9");
    CU_ASSERT(mpq_equal(lo2, q) && mpq_equal(hi2, q));
    /* sqrt(10)/3 = 1.0540925533894598: the two doubles around it, or it */
    CU_ASSERT(lo <= sqrt(10.0) / 3 * (1 + 1e-15) && hi >= sqrt(10.0) / 3 * (1 - 1e-15));
    CU_ASSERT(nextafter(lo, INFINITY) >= hi);
    assert_enclosure(lo2, hi2, lo, hi);
    qmatrix_free(A, 2);
    A = qmatrix(m22, 4);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 2, 2, 1e-12, &err), RC_OK);
    s = sqrt(15 + sqrt(221.0));
    CU_ASSERT(lo <= s * (1 + 1e-15) && s * (1 - 1e-15) <= hi);
    CU_ASSERT(mpq_cmp(lo2, hi2) < 0);
    assert_enclosure(lo2, hi2, lo, hi);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, NULL, NULL, (const mpq_t *)A,
                                                 2, 2, 0.0, &err), RC_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "margin"));
    /* empty */
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 0, 2, 1e-12, &err), RC_OK);
    CU_ASSERT(mpq_sgn(lo2) == 0 && mpq_sgn(hi2) == 0 && lo == 0.0 && hi == 0.0);
    qmatrix_free(A, 4);
    A = qmatrix(diag, 4);
    CU_ASSERT_EQUAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi, (const mpq_t *)A,
                                                 2, 2, 1e-12, &err), RC_OK);
    CU_ASSERT(mpq_cmp_ui(lo2, 16, 1) == 0 && mpq_cmp_ui(hi2, 16, 1) == 0);
    qmatrix_free(A, 4);
    mpq_clear(lo2);
    mpq_clear(hi2);
    mpq_clear(q);
}

/* Random rational matrices p/q: the enclosure holds exactly (hi2 at least
 * every squared row and column norm, lo2 at most the squared Frobenius
 * norm), contains the float norm and is narrower than 1e-9 relative. */
static void
test_exact_spectral_random(void)
{
    unsigned long s = test_seed() ^ 0xce7;
    size_t exact_vectors = 0, exact_found = 0;
    int trial;

    for (trial = 0; trial < 300; trial++) {
        size_t m = test_irand(&s, 1, 4), n = test_irand(&s, 1, 5), i, j;
        mpq_t *A = malloc(m * n * sizeof *A), lo2, hi2, fro, t, u;
        double lo, hi, f;
        rc_error err;
        int rank_one = trial % 5 == 0;

        mpq_init(lo2);
        mpq_init(hi2);
        mpq_init(fro);
        mpq_init(t);
        mpq_init(u);
        for (i = 0; i < m * n; i++) {
            mpq_init(A[i]);
            if (test_urand(&s) < 0.15)
                continue;
            mpq_set_si(A[i], (long)test_irand(&s, 0, 40) - 20, (unsigned long)test_irand(&s, 1, 12));
            mpq_canonicalize(A[i]);
        }
        if (rank_one)   /* rows proportional to the first: repeated zeros */
            for (i = 1; i < m; i++)
                for (j = 0; j < n; j++)
                    mpq_mul_2exp(A[i * n + j], A[j], i);
        CU_ASSERT_EQUAL_FATAL(rc_lipschitz_spectral_norm_q(lo2, hi2, &lo, &hi,
                                                           (const mpq_t *)A, m, n,
                                                           1e-12, &err), RC_OK);
        assert_enclosure(lo2, hi2, lo, hi);
        f = float_norm((const mpq_t *)A, m, n);
        CU_ASSERT(contains(lo, f, hi, 0.0));
        for (i = 0; i < m * n; i++) {
            mpq_mul(t, A[i], A[i]);
            mpq_add(fro, fro, t);
        }
        CU_ASSERT(mpq_cmp(lo2, fro) <= 0);
        for (i = 0; i < m; i++) {
            mpq_set_ui(u, 0, 1);
            for (j = 0; j < n; j++) {
                mpq_mul(t, A[i * n + j], A[i * n + j]);
                mpq_add(u, u, t);
            }
            CU_ASSERT(mpq_cmp(hi2, u) >= 0);
        }
        for (j = 0; j < n; j++) {
            mpq_set_ui(u, 0, 1);
            for (i = 0; i < m; i++) {
                mpq_mul(t, A[i * n + j], A[i * n + j]);
                mpq_add(u, u, t);
            }
            CU_ASSERT(mpq_cmp(hi2, u) >= 0);
        }
        if (m == 1 || n == 1) {
            CU_ASSERT(mpq_equal(lo2, fro) && mpq_equal(hi2, fro));
            exact_vectors++;
        }
        exact_found += mpq_equal(lo2, hi2);
        for (i = 0; i < m * n; i++)
            mpq_clear(A[i]);
        free(A);
        mpq_clear(lo2);
        mpq_clear(hi2);
        mpq_clear(fro);
        mpq_clear(t);
        mpq_clear(u);
    }
    CU_ASSERT(exact_vectors >= 30);
    CU_ASSERT(exact_found >= exact_vectors);
}

/* Exact enumeration on the net's box (or R^n) and the figures. */
static rc_partition *
run_exact(rc_lipschitz_info *info, const rc_net *net, rc_domain *dom, int normalised)
{
    rc_partition *part = NULL;
    rc_lipschitz_opts opts;
    rc_enum_opts eopts;
    rc_error err;

    rc_enum_opts_init(&eopts);
    eopts.arithmetic = RC_ARITH_EXACT;
    eopts.volume = 0;
    CU_ASSERT_EQUAL_FATAL(rc_enumerate(&part, net, dom, &eopts, &err), RC_OK);
    rc_lipschitz_opts_init(&opts);
    opts.normalised = normalised;
    CU_ASSERT_EQUAL_FATAL(rc_lipschitz_compute(info, net, part, &opts, &err), RC_OK);
    CU_ASSERT_TRUE(info->exact);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info->local_sq_lo);
    return part;
}

/* y = W2 relu(x) on [-1,1]^2 with W2 = [1 2; 2 1]: the region 11 has
 * Jacobian [1 2; 2 1], sigma = 3 exactly; 10 and 01 have [1 0; 2 0] and
 * [0 2; 0 1], sigma = sqrt 5; 00 has 0.  The global constant is 3, known
 * exactly.  With input ranges 2 and output range 3 the raw map is 3/2 the
 * normalised one: sigma = 9/2, squared 81/4. */
static void
test_exact_known_net(void)
{
    static const double W1[] = {1, 0, 0, 1}, b1[] = {0, 0}, W2[] = {1, 2, 2, 1},
                        b2[] = {0, 0};
    const double *W[] = {W1, W2}, *b[] = {b1, b2};
    double mean[] = {0, 0}, range[] = {2, 2}, lo[] = {-1, -1}, hi[] = {1, 1};
    size_t sizes[] = {2, 2, 2}, r11, r10;
    rc_net *net = test_make_net(2, sizes, W, b);
    rc_domain *dom = NULL;
    rc_partition *part;
    rc_lipschitz_info info;
    rc_error err;
    mpq_t q;
    int pass;

    mpq_init(q);
    rc_lipschitz_info_init(&info);
    for (pass = 0; pass < 3; pass++) {
        /* pass 0: no normalisation; 1: raw with ranges; 2: normalised */
        if (pass == 1) {
            CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, mean, range, 5.0, 3.0,
                                                           &err), RC_OK);
            CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
        }
        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        part = run_exact(&info, net, dom, pass == 2);
        CU_ASSERT_EQUAL_FATAL(info.num_regions, 4);
        r11 = rc_partition_find(part, (const unsigned char *)"\1\1");
        r10 = rc_partition_find(part, (const unsigned char *)"\1\0");
        CU_ASSERT_FATAL(r11 != (size_t)-1 && r10 != (size_t)-1);
        qset(q, pass == 1 ? "81/4" : "9");
        CU_ASSERT(mpq_equal(info.local_sq_lo[r11], q) && mpq_equal(info.local_sq_hi[r11], q));
        CU_ASSERT_EQUAL(info.regions[r11].local_lo, pass == 1 ? 4.5 : 3.0);
        CU_ASSERT_EQUAL(info.regions[r11].local_hi, pass == 1 ? 4.5 : 3.0);
        CU_ASSERT_DOUBLE_EQUAL(info.regions[r11].local, pass == 1 ? 4.5 : 3.0, 1e-14);
        qset(q, pass == 1 ? "45/4" : "5");
        CU_ASSERT(mpq_cmp(info.local_sq_lo[r10], q) <= 0 && mpq_cmp(info.local_sq_hi[r10], q) >= 0);
        CU_ASSERT(contains(info.regions[r10].local_lo, info.regions[r10].local,
                           info.regions[r10].local_hi, 0.0));
        CU_ASSERT(info.regions[r10].local_hi - info.regions[r10].local_lo
                  <= 1e-9 * info.regions[r10].local_hi);
        CU_ASSERT_EQUAL(info.argmax, r11);
        CU_ASSERT_TRUE(info.global_exact);
        CU_ASSERT_EQUAL(info.global_lo, pass == 1 ? 4.5 : 3.0);
        CU_ASSERT_EQUAL(info.global_hi, pass == 1 ? 4.5 : 3.0);
        rc_partition_free(part);
        rc_domain_free(dom);
    }
    /* A float partition has no certified figures. */
    part = run(&info, net, 0, 0);
    CU_ASSERT_FALSE(info.exact);
    CU_ASSERT_PTR_NULL(info.local_sq_lo);
    CU_ASSERT(isnan(info.regions[0].local_lo) && isnan(info.global_hi));
    rc_lipschitz_info_clear(&info);
    CU_ASSERT_PTR_NULL(info.local_sq_hi);
    rc_partition_free(part);
    rc_net_free(net);
    mpq_clear(q);
}

/* y = 0.1 relu(0.3 x1 + 0.1 x2) read from NNet text: on the active side
 * the gradient is (0.03, 0.01), squared norm 1/1000 exactly (not so in
 * double).  Raw coordinates with input ranges 0.5 and output range 0.7:
 * 0.49 / 0.25 / 1000 = 49/25000. */
static void
test_exact_decimal_net(void)
{
    static const char text[] =
        "// decimals\n2,2,1,2,\n2,1,1,\n0,\n-1.0,-1.0,\n1.0,1.0,\n0.0,0.0,0.2,\n"
        "0.5,0.5,0.7,\n0.3,0.1,\n0.0,\n0.1,\n0.0,\n";
    char path[] = "/tmp/rc_test_lipschitz_XXXXXX";
    int fd = mkstemp(path), pass;
    FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
    rc_net *net = NULL;
    rc_domain *dom = NULL;
    rc_partition *part;
    rc_lipschitz_info info;
    rc_error err;
    size_t on;
    mpq_t q;

    CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
    fputs(text, fp);
    fclose(fp);
    CU_ASSERT_EQUAL_FATAL(rc_net_load_nnet(&net, path, &err), RC_OK);
    unlink(path);
    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    mpq_init(q);
    rc_lipschitz_info_init(&info);
    for (pass = 0; pass < 2; pass++) {
        part = run_exact(&info, net, dom, pass == 0);
        CU_ASSERT_EQUAL_FATAL(info.num_regions, 2);
        on = rc_partition_find(part, (const unsigned char *)"\1");
        CU_ASSERT_FATAL(on != (size_t)-1);
        qset(q, pass == 0 ? "1/1000" : "49/25000");
        CU_ASSERT(mpq_equal(info.local_sq_lo[on], q) && mpq_equal(info.local_sq_hi[on], q));
        CU_ASSERT(mpq_sgn(info.local_sq_hi[1 - on]) == 0);
        CU_ASSERT_TRUE(info.global_exact);
        CU_ASSERT_EQUAL(info.argmax, on);
        CU_ASSERT(info.global_lo <= sqrt(mpq_get_d(q)) * (1 + 1e-15)
                  && info.global_hi >= sqrt(mpq_get_d(q)) * (1 - 1e-15));
        CU_ASSERT_DOUBLE_EQUAL(info.global, sqrt(mpq_get_d(q)), 1e-12 * info.global);
        if (pass == 1) {   /* a margin that is no margin */
            rc_lipschitz_opts opts;
            rc_lipschitz_opts_init(&opts);
            opts.cert_margin = 0.0;
            CU_ASSERT_EQUAL(rc_lipschitz_compute(&info, net, part, &opts, &err), RC_ERR_ARG);
            CU_ASSERT_PTR_NULL(info.regions);
            CU_ASSERT_PTR_NULL(info.local_sq_lo);
        }
        rc_lipschitz_info_clear(&info);
        rc_partition_free(part);
    }
    mpq_clear(q);
    rc_domain_free(dom);
    rc_net_free(net);
}

/* A random network with dyadic weights k/4 and normalisation. */
static rc_net *
random_dyadic_net(unsigned long *s, size_t outputs)
{
    size_t L = test_irand(s, 2, 4), sizes[5], l, i, j, n;
    double mean[3], range[3], lo[3], hi[3];
    rc_net *net = NULL;
    rc_error err;

    sizes[0] = n = test_irand(s, 1, 3);
    for (l = 1; l < L; l++)
        sizes[l] = test_irand(s, 2, n == 3 ? 4 : 5);
    sizes[L] = outputs;
    CU_ASSERT_EQUAL_FATAL(rc_net_new(&net, L, sizes, &err), RC_OK);
    for (l = 0; l < L; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, test_urand(s) < 0.15 ? 0.0
                                  : ((double)test_irand(s, 0, 16) - 8) / 4);
            rc_net_set_bias(net, l, i, ((double)test_irand(s, 0, 16) - 8) / 8);
        }
    for (i = 0; i < n; i++) {
        mean[i] = ((double)test_irand(s, 0, 8) - 4) / 4;
        range[i] = (double)test_irand(s, 1, 12) / 4 * (test_urand(s) < 0.2 ? -1 : 1);
        lo[i] = mean[i] - 1 - (double)test_irand(s, 0, 4) / 4;
        hi[i] = mean[i] + 1 + (double)test_irand(s, 0, 4) / 4;
    }
    CU_ASSERT_EQUAL_FATAL(rc_net_set_normalisation(net, mean, range, 0.5,
                                                   (double)test_irand(s, 1, 16) / 8 * (test_urand(s) < 0.2 ? -1 : 1),
                                                   &err), RC_OK);
    CU_ASSERT_EQUAL_FATAL(rc_net_set_input_bounds(net, lo, hi, &err), RC_OK);
    return net;
}

/* Random networks, exact enumeration (with slices at thirds): with one
 * output the squared constant is exactly sum_k A_k^2 of the region's exact
 * output map (normalised: A_k range_k / range_out) and matches float to
 * 1e-12; with several the enclosure holds exactly against A (hi2 at least
 * its squared row and column norms, lo2 at most its squared Frobenius
 * norm), contains the float constant and is narrower than 1e-9. */
static void
test_exact_random(void)
{
    unsigned long s = test_seed() ^ 0xe7a;
    size_t scalar = 0, multi = 0;
    int trial;

    for (trial = 0; trial < 60; trial++) {
        size_t m = trial % 2 ? 1 : test_irand(&s, 2, 3), R, r, d, k, o;
        int normalised = trial % 4 == 3;
        rc_net *net = random_dyadic_net(&s, m);
        rc_domain *dom = NULL;
        rc_partition *part;
        rc_lipschitz_info info;
        rc_error err;
        mpq_t sum, t, fro, best;
        double fl_err;

        CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
        if (rc_net_num_inputs(net) > 1 && trial % 3 == 0) {
            mpq_init(t);
            mpq_sub(t, rc_net_input_max_q(net, 0), rc_net_input_min_q(net, 0));
            mpq_init(sum);
            mpq_set_ui(sum, 1, 3);
            mpq_mul(t, t, sum);
            mpq_add(t, t, rc_net_input_min_q(net, 0));
            CU_ASSERT_EQUAL_FATAL(rc_domain_fix_q(dom, 0, t, &err), RC_OK);
            mpq_clear(t);
            mpq_clear(sum);
        }
        rc_lipschitz_info_init(&info);
        part = run_exact(&info, net, dom, normalised);
        /* The float Jacobian sums products of weights along paths: its
         * rounding is a few units of 1e-16 of the path norm, which may be
         * all there is when the exact Jacobian cancels to 0. */
        fl_err = 1e-14 * info.path_norm;
        R = rc_partition_num_regions(part);
        d = rc_partition_dim(part);
        mpq_init(sum);
        mpq_init(t);
        mpq_init(fro);
        mpq_init(best);
        for (r = 0; r < R; r++) {
            const rc_region *reg = rc_partition_region(part, r);
            const rc_lipschitz_region *g = &info.regions[r];
            mpq_srcptr A = rc_region_output_A_q(reg);
            mpq_t *J = malloc((m * d + 1) * sizeof *J);
            for (k = 0; k < m * d; k++) {
                size_t f = rc_partition_free_input(part, k % d);
                mpq_init(J[k]);
                mpq_set(J[k], A + k);
                if (normalised) {   /* A_k range_k / range_out, exactly */
                    mpq_set_d(t, rc_net_input_range(net)[f]);
                    mpq_mul(J[k], J[k], t);
                    mpq_set_d(t, rc_net_output_range(net));
                    mpq_div(J[k], J[k], t);
                }
            }
            mpq_set_ui(fro, 0, 1);
            for (k = 0; k < m * d; k++) {
                mpq_mul(t, J[k], J[k]);
                mpq_add(fro, fro, t);
            }
            CU_ASSERT(g->local_lo <= g->local_hi);
            CU_ASSERT(g->local_hi - g->local_lo <= 1e-9 * g->local_hi);
            if (m == 1 || d == 1) {
                CU_ASSERT(mpq_equal(info.local_sq_lo[r], fro));
                CU_ASSERT(mpq_equal(info.local_sq_hi[r], fro));
                CU_ASSERT_DOUBLE_EQUAL(sqrt(mpq_get_d(fro)), g->local,
                                       1e-12 * g->local + fl_err);
                CU_ASSERT(contains(g->local_lo, g->local, g->local_hi, fl_err));
                scalar++;
            } else {
                CU_ASSERT(mpq_cmp(info.local_sq_lo[r], fro) <= 0);
                for (o = 0; o < m; o++) {
                    mpq_set_ui(sum, 0, 1);
                    for (k = 0; k < d; k++) {
                        mpq_mul(t, J[o * d + k], J[o * d + k]);
                        mpq_add(sum, sum, t);
                    }
                    CU_ASSERT(mpq_cmp(info.local_sq_hi[r], sum) >= 0);
                }
                for (k = 0; k < d; k++) {
                    mpq_set_ui(sum, 0, 1);
                    for (o = 0; o < m; o++) {
                        mpq_mul(t, J[o * d + k], J[o * d + k]);
                        mpq_add(sum, sum, t);
                    }
                    CU_ASSERT(mpq_cmp(info.local_sq_hi[r], sum) >= 0);
                }
                CU_ASSERT(contains(g->local_lo, g->local, g->local_hi, fl_err));
                multi++;
            }
            if (r == 0 || mpq_cmp(info.local_sq_lo[r], best) > 0)
                mpq_set(best, info.local_sq_lo[r]);
            for (k = 0; k < m * d; k++)
                mpq_clear(J[k]);
            free(J);
        }
        CU_ASSERT(mpq_equal(info.local_sq_lo[info.argmax], best));
        CU_ASSERT(contains(info.global_lo, info.global, info.global_hi, fl_err));
        if (m == 1 || d == 1)
            CU_ASSERT_TRUE(info.global_exact);
        mpq_clear(sum);
        mpq_clear(t);
        mpq_clear(fro);
        mpq_clear(best);
        rc_lipschitz_info_clear(&info);
        rc_partition_free(part);
        rc_domain_free(dom);
        rc_net_free(net);
    }
    CU_ASSERT(scalar >= 60);
    CU_ASSERT(multi >= 60);
}

int
main(void)
{
    CU_pSuite exact;

    test_seed();
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    exact = CU_add_suite("lipschitz: exact mode", NULL, NULL);
    if (!exact
        || !CU_add_test(exact, "certified norms by hand", test_exact_spectral_known)
        || !CU_add_test(exact, "certified norms of random rational matrices",
                        test_exact_spectral_random)
        || !CU_add_test(exact, "a network with sigma = 3 exactly", test_exact_known_net)
        || !CU_add_test(exact, "decimal weights: 1/1000 exactly", test_exact_decimal_net)
        || !CU_add_test(exact, "random networks: exact squares, enclosures",
                        test_exact_random)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
