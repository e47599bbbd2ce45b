/* test_bounds.c -- exact region counts of hyperplane arrangements and the
 * deep-network region bounds.
 *
 * Known answers are derived in the comments; random tests cross-check the
 * arrangement counter against Whitney's subset formula and the Serra bound's
 * dynamic programme against brute force over tuples. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

#include "relucells/bounds.h"
#include "testutil.h"

/* ---- helpers ---- */

/* xorshift64*: a small generator with a stream per test, seeded from
 * test_seed() so that failures replay. */
static uint64_t rng_state;

static void
rng_init(unsigned long salt)
{
    rng_state = ((uint64_t)test_seed() * UINT64_C(0x9E3779B97F4A7C15))
                ^ (salt * UINT64_C(0xD1B54A32D192ED03)) ^ 1;
}

static uint64_t
rng_next(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

/* Uniform integer in lo..hi. */
static long
rng_int(long lo, long hi)
{
    return lo + (long)(rng_next() % (uint64_t)(hi - lo + 1));
}

/* Uniform double in (-1, 1) with 53 random bits. */
static double
rng_double(void)
{
    return ((double)(rng_next() >> 11) + 0.5) / 9007199254740992.0 * 2.0 - 1.0;
}

/* Assert got == want, saying what on failure. */
static void
expect_ui(const mpz_t got, unsigned long want, const char *what)
{
    if (mpz_cmp_ui(got, want) != 0)
        gmp_printf("\n  %s: got %Zd, expected %lu\n", what, got, want);
    CU_ASSERT(mpz_cmp_ui(got, want) == 0);
}

static void
expect_si(const mpz_t got, long want, const char *what)
{
    if (mpz_cmp_si(got, want) != 0)
        gmp_printf("\n  %s: got %Zd, expected %ld\n", what, got, want);
    CU_ASSERT(mpz_cmp_si(got, want) == 0);
}

static void
expect_z(const mpz_t got, const mpz_t want, const char *what)
{
    if (mpz_cmp(got, want) != 0)
        gmp_printf("\n  %s: got %Zd, expected %Zd\n", what, got, want);
    CU_ASSERT(mpz_cmp(got, want) == 0);
}

/* Count the arrangement of N rows in R^n and compare with the expected
 * regions, bounded, relatively bounded counts and rank. */
static void
check_arrangement(const double *rows, size_t N, size_t n, unsigned long regions,
                  unsigned long bounded, unsigned long relbounded, size_t rank,
                  const char *what)
{
    rc_arrangement_info info;
    rc_error err = {RC_OK, ""};
    rc_status st;
    mpz_t r, b;

    rc_arrangement_info_init(&info);
    st = rc_arrangement_compute(&info, rows, N, n, NULL, &err);
    if (st != RC_OK)
        printf("\n  %s: %s\n", what, err.msg);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    expect_ui(info.regions, regions, what);
    expect_ui(info.bounded, bounded, what);
    expect_ui(info.relatively_bounded, relbounded, what);
    if (info.rank != rank)
        printf("\n  %s: rank %zu, expected %zu\n", what, info.rank, rank);
    CU_ASSERT_EQUAL(info.rank, rank);
    CU_ASSERT_EQUAL(info.dim, n);
    rc_arrangement_info_clear(&info);

    /* the shorthand agrees */
    mpz_init(r);
    mpz_init(b);
    CU_ASSERT_EQUAL(rc_arrangement_count(r, b, rows, N, n, NULL, NULL), RC_OK);
    expect_ui(r, regions, what);
    expect_ui(b, bounded, what);
    mpz_clear(r);
    mpz_clear(b);
}

/* Compare the characteristic polynomial of the arrangement with want[0..n]
 * (want[d] = coefficient of t^d). */
static void
check_char_poly(const double *rows, size_t N, size_t n, const long *want,
                const char *what)
{
    rc_arrangement_info info;
    size_t d;

    rc_arrangement_info_init(&info);
    CU_ASSERT_EQUAL_FATAL(rc_arrangement_compute(&info, rows, N, n, NULL, NULL),
                          RC_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(info.char_poly);
    for (d = 0; d <= n; d++)
        expect_si(info.char_poly[d], want[d], what);
    rc_arrangement_info_clear(&info);
}

static unsigned long
binom_ul(unsigned long N, unsigned long k)
{
    unsigned long r = 1, i;

    if (k > N)
        return 0;
    for (i = 1; i <= k; i++)
        r = r * (N - k + i) / i;  /* exact: r = C(N-k+i, i) */
    return r;
}

/* ---- general position ---- */

static void
test_general_position_known(void)
{
    mpz_t z;

    mpz_init(z);
    /* G(N, n) = sum_{i<=n} C(N, i) */
    rc_bound_general_position(z, 4, 2);   /* 1 + 4 + 6 */
    expect_ui(z, 11, "G(4,2)");
    rc_bound_general_position(z, 6, 2);   /* 1 + 6 + 15 */
    expect_ui(z, 22, "G(6,2)");
    rc_bound_general_position(z, 5, 3);   /* 1 + 5 + 10 + 10 */
    expect_ui(z, 26, "G(5,3)");
    rc_bound_general_position(z, 7, 3);   /* 1 + 7 + 21 + 35 */
    expect_ui(z, 64, "G(7,3)");
    rc_bound_general_position(z, 6, 4);   /* 1 + 6 + 15 + 20 + 15 */
    expect_ui(z, 57, "G(6,4)");
    rc_bound_general_position(z, 3, 5);   /* N <= n: all 2^3 sign patterns */
    expect_ui(z, 8, "G(3,5)");
    rc_bound_general_position(z, 0, 3);   /* no hyperplane: R^3 itself */
    expect_ui(z, 1, "G(0,3)");
    rc_bound_general_position(z, 9, 0);   /* R^0 is a point */
    expect_ui(z, 1, "G(9,0)");
    /* beyond 64 bits: G(200, 200) = 2^200 */
    rc_bound_general_position(z, 200, 200);
    CU_ASSERT(mpz_sizeinbase(z, 2) == 201 && mpz_popcount(z) == 1);
    /* G(200, 199) = 2^200 - 1 */
    rc_bound_general_position(z, 200, 199);
    mpz_add_ui(z, z, 1);
    CU_ASSERT(mpz_sizeinbase(z, 2) == 201 && mpz_popcount(z) == 1);
    mpz_clear(z);
}

/* Random real hyperplanes are in general position with probability 1: N of
 * them in R^n cut G(N, n) regions, of which C(N-1, n) are bounded when
 * N >= n (Zaslavsky; Stanley, Prop. 2.4), and chi(t) = sum_k (-1)^k C(N, k)
 * t^(n-k) (every set of at most n hyperplanes meets, in codimension |S|). */
static void
test_arrangement_generic_random(void)
{
    size_t n, N, i, k;
    double rows[12 * 5];
    rc_arrangement_info info;
    mpz_t g;
    char what[64];

    rng_init(1);
    mpz_init(g);
    rc_arrangement_info_init(&info);
    for (n = 1; n <= 4; n++)
        for (N = 0; N <= 12; N++) {
            for (i = 0; i < N * (n + 1); i++)
                rows[i] = rng_double();
            snprintf(what, sizeof what, "generic N=%zu n=%zu", N, n);
            CU_ASSERT_EQUAL_FATAL(
                rc_arrangement_compute(&info, rows, N, n, NULL, NULL), RC_OK);
            rc_bound_general_position(g, N, n);
            expect_z(info.regions, g, what);
            expect_ui(info.bounded, N >= n ? binom_ul(N - 1, n) : 0, what);
            CU_ASSERT_EQUAL(info.rank, N < n ? N : n);
            CU_ASSERT_EQUAL(info.num_hyperplanes, N);
            for (k = 0; k <= n; k++) {
                long c = (long)binom_ul(N, k);
                expect_si(info.char_poly[n - k], k % 2 ? -c : c, what);
            }
        }
    rc_arrangement_info_clear(&info);
    mpz_clear(g);
}

/* ---- degenerate arrangements, counted by hand ---- */

static void
test_arrangement_lines(void)
{
    /* Three lines through the origin: 6 sectors, none bounded. */
    static const double concurrent[] = {1, 0, 0, 0, 1, 0, 1, 1, 0};
    /* x = 0, x = 1, y = 0: two strips cut by a line, 3 x 2 = 6, none
     * bounded. */
    static const double parallel2[] = {1, 0, 0, 1, 0, -1, 0, 1, 0};
    /* x = 0, 1, 2: 4 strips; rank 1, so no bounded region, but the 2
     * middle strips are bounded modulo the y direction. */
    static const double parallel3[] = {1, 0, 0, 1, 0, -1, 1, 0, -2};
    /* x = 0, x = 1, y = 0, y = 1: a 3 x 3 grid with the unit square
     * bounded. */
    static const double grid[] = {1, 0, 0, 1, 0, -1, 0, 1, 0, 0, 1, -1};
    /* x = 0, y = 0, x + y = 1: general position, 1 + 3 + 3 = 7 regions,
     * the triangle bounded. */
    static const double triangle[] = {1, 0, 0, 0, 1, 0, 1, 1, -1};
    /* the triangle with repeats: x + y - 1 = 0 scaled by 2 and by -3,
     * y = 0 scaled by 0.5, and zero rows 0 = 0 and 0 = 5 (no hyperplanes) */
    static const double triangle_dup[] = {
        1, 0, 0,  0, 1, 0,  1, 1, -1,  2, 2, -2,  -3, -3, 3,
        0, 0.5, 0,  0, 0, 0,  0, 0, 5};
    rc_arrangement_info info;

    check_arrangement(concurrent, 3, 2, 6, 0, 0, 2, "3 concurrent lines");
    check_arrangement(parallel2, 3, 2, 6, 0, 0, 2, "2 parallel + 1");
    check_arrangement(parallel3, 3, 2, 4, 0, 2, 1, "3 parallel lines");
    check_arrangement(grid, 4, 2, 9, 1, 1, 2, "grid");
    check_arrangement(triangle, 3, 2, 7, 1, 1, 2, "triangle");
    check_arrangement(triangle_dup, 8, 2, 7, 1, 1, 2, "triangle with repeats");

    rc_arrangement_info_init(&info);
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, triangle_dup, 8, 2, NULL, NULL),
                    RC_OK);
    CU_ASSERT_EQUAL(info.num_hyperplanes, 3);
    /* only zero rows: R^2 itself, 1 region, unbounded; chi = t^2 */
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, triangle_dup + 18, 2, 2, NULL,
                                           NULL), RC_OK);
    expect_ui(info.regions, 1, "zero rows");
    expect_ui(info.bounded, 0, "zero rows");
    CU_ASSERT_EQUAL(info.num_hyperplanes, 0);
    CU_ASSERT_EQUAL(info.rank, 0);
    expect_si(info.char_poly[2], 1, "zero rows");
    expect_si(info.char_poly[1], 0, "zero rows");
    /* no rows at all */
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, NULL, 0, 3, NULL, NULL), RC_OK);
    expect_ui(info.regions, 1, "empty");
    rc_arrangement_info_clear(&info);

    {
        /* chi of 3 concurrent lines: t^2 - 3t + 2 (mu(origin) = 3 - 1) */
        static const long chi_conc[] = {2, -3, 1};
        /* chi of the grid: t^2 - 4t + 4 (four vertices, mu = 1 each) */
        static const long chi_grid[] = {4, -4, 1};
        /* chi of 3 parallel lines: t^2 - 3t (no vertices) */
        static const long chi_par[] = {0, -3, 1};

        check_char_poly(concurrent, 3, 2, chi_conc, "chi concurrent");
        check_char_poly(grid, 4, 2, chi_grid, "chi grid");
        check_char_poly(parallel3, 3, 2, chi_par, "chi parallel");
    }
}

static void
test_arrangement_points(void)
{
    /* n = 1: N distinct points cut the line into N + 1 intervals, N - 1 of
     * them bounded; chi = t - N.  Rows a x + c = 0 with x = -c/a. */
    double rows[2 * 9];
    size_t N;
    static const double dup[] = {1, -1, 2, -2, -4, 4, 1, -3, 0, 7};

    for (N = 1; N <= 9; N++) {
        rows[2 * (N - 1)] = (double)N;                  /* x = -(N*N)/N = -N */
        rows[2 * (N - 1) + 1] = (double)(N * N);
        check_arrangement(rows, N, 1, N + 1, N - 1, N - 1, 1, "points");
    }
    /* x = 1 three times (scaled by 1, 2, -4), x = 3, and 0 = 7: 2 points */
    check_arrangement(dup, 5, 1, 3, 1, 1, 1, "repeated points");
}

static void
test_arrangement_space(void)
{
    /* The coordinate planes of R^3: 8 octants, none bounded; chi = (t-1)^3. */
    static const double coord[] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    static const long chi_coord[] = {-1, 3, -3, 1};
    /* x = 0, 1, 2, 3 in R^3: 5 slabs, rank 1, chi = t^3 - 4t^2; 3 slabs
     * bounded modulo the (y, z) directions. */
    static const double slabs[] = {1, 0, 0, 0, 1, 0, 0, -1,
                                   1, 0, 0, -2, 2, 0, 0, -6};
    static const long chi_slabs[] = {0, 0, -4, 1};
    /* Planes x = 0, y = 0, x = y, x = -y all contain the z axis: 4 lines
     * through a point in the (x, y) plane, 8 regions, rank 2. */
    static const double pencil[] = {1, 0, 0, 0, 0, 1, 0, 0,
                                    1, -1, 0, 0, 1, 1, 0, 0};
    /* x, y, z = 0 and x + y + z = 1: 4 planes in general position in R^3,
     * G(4, 3) = 15 regions, C(3, 3) = 1 bounded (the tetrahedron). */
    static const double simplex[] = {1, 0, 0, 0, 0, 1, 0, 0,
                                     0, 0, 1, 0, 1, 1, 1, -1};

    check_arrangement(coord, 3, 3, 8, 0, 0, 3, "coordinate planes");
    check_char_poly(coord, 3, 3, chi_coord, "chi coordinate planes");
    check_arrangement(slabs, 4, 3, 5, 0, 3, 1, "parallel planes");
    check_char_poly(slabs, 4, 3, chi_slabs, "chi parallel planes");
    check_arrangement(pencil, 4, 3, 8, 0, 0, 2, "pencil of planes");
    check_arrangement(simplex, 4, 3, 15, 1, 1, 3, "simplex");
}

/* Fill rows (n+1 columns) with the hyperplanes x_i - x_j = s, i < j, for
 * each s in shifts[0..ns-1]; returns the number of rows. */
static size_t
difference_arrangement(double *rows, size_t n, const double *shifts, size_t ns)
{
    size_t i, j, s, num = 0, q;

    for (i = 0; i < n; i++)
        for (j = i + 1; j < n; j++)
            for (s = 0; s < ns; s++) {
                for (q = 0; q <= n; q++)
                    rows[num * (n + 1) + q] = 0;
                rows[num * (n + 1) + i] = 1;
                rows[num * (n + 1) + j] = -1;
                rows[num * (n + 1) + n] = -shifts[s];
                num++;
            }
    return num;
}

static void
test_arrangement_classical(void)
{
    /* Arrangements with known characteristic polynomials (Stanley, "An
     * introduction to hyperplane arrangements", Lectures 2 and 5), all of
     * rank n - 1 in R^n, far from general position:
     *   braid  x_i = x_j:            chi = t(t-1)...(t-n+1), n! regions;
     *   Shi    x_i - x_j in {0, 1}:  chi = t (t-n)^(n-1), (n+1)^(n-1) regions,
     *                                (n-1)^(n-1) relatively bounded;
     *   Catalan x_i - x_j in {-1,0,1}: chi = t (t-n-1)(t-n-2)...(t-2n+1),
     *                                n! Catalan(n) regions. */
    static const double s_braid[] = {0}, s_shi[] = {0, 1}, s_cat[] = {-1, 0, 1};
    /* n = 4: t(t-1)(t-2)(t-3) = t^4 - 6t^3 + 11t^2 - 6t */
    static const long chi_braid[] = {0, -6, 11, -6, 1};
    /* n = 4: t(t-4)^3 = t^4 - 12t^3 + 48t^2 - 64t */
    static const long chi_shi[] = {0, -64, 48, -12, 1};
    /* n = 3: t(t-4)(t-5) = t^3 - 9t^2 + 20t */
    static const long chi_cat[] = {0, 20, -9, 1};
    double rows[18 * 6];
    size_t N;

    N = difference_arrangement(rows, 4, s_braid, 1);
    /* 24 regions; chi(1) = 0, so none relatively bounded */
    check_arrangement(rows, N, 4, 24, 0, 0, 3, "braid 4");
    check_char_poly(rows, N, 4, chi_braid, "chi braid 4");
    N = difference_arrangement(rows, 4, s_shi, 2);
    /* 5^3 = 125 regions, 3^3 = 27 relatively bounded */
    check_arrangement(rows, N, 4, 125, 0, 27, 3, "Shi 4");
    check_char_poly(rows, N, 4, chi_shi, "chi Shi 4");
    N = difference_arrangement(rows, 3, s_cat, 3);
    /* 3! * Catalan(3) = 6 * 5 = 30 regions; (-1)^2 chi(1) = 1*(-3)*(-4) = 12
     * relatively bounded */
    check_arrangement(rows, N, 3, 30, 0, 12, 2, "Catalan 3");
    check_char_poly(rows, N, 3, chi_cat, "chi Catalan 3");
    /* braid in R^6: 6! = 720 regions, 15 hyperplanes */
    N = difference_arrangement(rows, 6, s_braid, 1);
    check_arrangement(rows, N, 6, 720, 0, 0, 5, "braid 6");
}

/* ---- cross-check against Whitney's formula ---- */

/* Rank of the r x c integer matrix m (row-major, modified) by Bareiss'
 * fraction-free elimination; entries stay minors of m, small here. */
static size_t
rank_ll(long long *m, size_t r, size_t c)
{
    size_t rank = 0, col, i, j;
    long long prev = 1, t;

    for (col = 0; col < c && rank < r; col++) {
        for (i = rank; i < r && m[i * c + col] == 0; i++)
            ;
        if (i == r)
            continue;
        for (j = 0; j < c; j++) {
            t = m[i * c + j];
            m[i * c + j] = m[rank * c + j];
            m[rank * c + j] = t;
        }
        for (i = rank + 1; i < r; i++) {
            for (j = 0; j < c; j++)
                if (j != col)
                    m[i * c + j] = (m[rank * c + col] * m[i * c + j]
                                    - m[i * c + col] * m[rank * c + j]) / prev;
            m[i * c + col] = 0;
        }
        prev = m[rank * c + col];
        rank++;
    }
    return rank;
}

/* Whitney: chi(t) = sum over subsets S with non-empty intersection of
 * (-1)^|S| t^(n - rank S); S has non-empty intersection iff the augmented
 * rows (a, c) have the same rank as the normals a.  h[0..N-1] are distinct
 * hyperplanes with n+1 integer entries each; chi[0..n] gets the result. */
static void
whitney_chi(long *chi, const long *h, size_t N, size_t n)
{
    long long a[12 * 5], ac[12 * 5];
    unsigned long S;
    size_t i, j, rows, rank_a, rank_ac;

    for (j = 0; j <= n; j++)
        chi[j] = 0;
    for (S = 0; S < (1UL << N); S++) {
        rows = 0;
        for (i = 0; i < N; i++)
            if (S >> i & 1) {
                for (j = 0; j < n; j++)
                    a[rows * n + j] = h[i * (n + 1) + j];
                for (j = 0; j <= n; j++)
                    ac[rows * (n + 1) + j] = h[i * (n + 1) + j];
                rows++;
            }
        rank_a = rank_ll(a, rows, n);
        rank_ac = rank_ll(ac, rows, n + 1);
        if (rank_a == rank_ac)
            chi[n - rank_a] += rows % 2 ? -1 : 1;
    }
}

/* Small random integer rows (entries -2..2) are highly degenerate:
 * parallel, coincident, concurrent and zero rows are all common.  The
 * counter must agree with Whitney's formula on the distinct hyperplanes. */
static void
test_arrangement_whitney(void)
{
    size_t trial, n, N, i, j, q, distinct;
    long h[12 * 5], chi[5], row[5];
    double rows[12 * 5];
    rc_arrangement_info info;
    char what[80];

    rng_init(2);
    rc_arrangement_info_init(&info);
    for (trial = 0; trial < 300; trial++) {
        n = (size_t)rng_int(1, 4);
        N = (size_t)rng_int(0, 12);
        distinct = 0;
        for (i = 0; i < N; i++) {
            int zero = 1, dup = 0;
            for (j = 0; j <= n; j++) {
                row[j] = rng_int(-2, 2);
                rows[i * (n + 1) + j] = (double)row[j];
                if (j < n && row[j] != 0)
                    zero = 0;
            }
            /* proportional to an earlier hyperplane iff all 2x2 minors of
             * the pair vanish */
            for (q = 0; q < distinct && !dup; q++) {
                size_t u, v;
                int prop = 1;
                for (u = 0; u <= n && prop; u++)
                    for (v = u + 1; v <= n && prop; v++)
                        if (row[u] * h[q * (n + 1) + v]
                            != row[v] * h[q * (n + 1) + u])
                            prop = 0;
                dup = prop;
            }
            if (!zero && !dup) {
                memcpy(h + distinct * (n + 1), row, (n + 1) * sizeof *row);
                distinct++;
            }
        }
        whitney_chi(chi, h, distinct, n);
        snprintf(what, sizeof what, "Whitney trial %zu (n=%zu, N=%zu)",
                 trial, n, N);
        CU_ASSERT_EQUAL_FATAL(
            rc_arrangement_compute(&info, rows, N, n, NULL, NULL), RC_OK);
        CU_ASSERT_EQUAL(info.num_hyperplanes, distinct);
        for (j = 0; j <= n; j++)
            expect_si(info.char_poly[j], chi[j], what);
    }
    rc_arrangement_info_clear(&info);
}

/* ---- rational input ---- */

static void
test_arrangement_rational(void)
{
    /* x = 1/3, x = 2/3, y = 1/3 and 3y - 1 = 0 (the same line as y = 1/3):
     * three lines, 2 parallel + 1, so 6 regions and none bounded.  In
     * doubles 1/3 is not 1/3: the rounded row (0, 1, -0.333..) is a line
     * different from (0, 3, -1), so the double version has 4 lines (a
     * grid, 9 regions, 1 bounded) -- doubles are taken at face value. */
    static const long num[] = {1, 0, -1,  1, 0, -2,  0, 1, -1,  0, 3, -1};
    static const long den[] = {1, 1, 3,   1, 1, 3,   1, 1, 3,   1, 1, 1};
    double rows_d[12];
    mpq_t rows_q[12];
    mpz_t r, b;
    rc_error err = {RC_OK, ""};
    size_t i;

    mpz_init(r);
    mpz_init(b);
    for (i = 0; i < 12; i++) {
        mpq_init(rows_q[i]);
        mpq_set_si(rows_q[i], num[i], (unsigned long)den[i]);
        rows_d[i] = (double)num[i] / (double)den[i];
    }
    CU_ASSERT_EQUAL(rc_arrangement_count_q(r, b, (const mpq_t *)rows_q, 4, 2,
                                           NULL, &err), RC_OK);
    expect_ui(r, 6, "rational lines");
    expect_ui(b, 0, "rational lines");
    CU_ASSERT_EQUAL(rc_arrangement_count(r, b, rows_d, 4, 2, NULL, &err), RC_OK);
    expect_ui(r, 9, "rounded lines");
    expect_ui(b, 1, "rounded lines");

    /* the non-canonical fraction 2/2 is 1: row (0, 2/2, -1) is y = 1 */
    mpz_set_si(mpq_numref(rows_q[10]), 2);
    mpz_set_si(mpq_denref(rows_q[10]), 2);
    CU_ASSERT_EQUAL(rc_arrangement_count_q(r, b, (const mpq_t *)rows_q, 4, 2,
                                           NULL, &err), RC_OK);
    /* y = 1 is a fourth line parallel to y = 1/3: the grid, 9 regions */
    expect_ui(r, 9, "non-canonical fraction");
    expect_ui(b, 1, "non-canonical fraction");

    /* a zero denominator is an argument error */
    mpz_set_ui(mpq_denref(rows_q[4]), 0);
    CU_ASSERT_EQUAL(rc_arrangement_count_q(r, b, (const mpq_t *)rows_q, 4, 2,
                                           NULL, &err), RC_ERR_ARG);
    CU_ASSERT_EQUAL(err.status, RC_ERR_ARG);
    CU_ASSERT(strstr(err.msg, "row 2, column 2") != NULL);
    mpz_set_ui(mpq_denref(rows_q[4]), 1);

    /* dyadic rationals are exact in both: the two paths agree */
    {
        size_t trial;
        rng_init(3);
        for (trial = 0; trial < 50; trial++) {
            mpz_t r2, b2;
            mpz_init(r2);
            mpz_init(b2);
            for (i = 0; i < 12; i++) {
                long v = rng_int(-8, 8);
                mpq_set_si(rows_q[i], v, 4);
                mpq_canonicalize(rows_q[i]);
                rows_d[i] = (double)v / 4.0;
            }
            CU_ASSERT_EQUAL(rc_arrangement_count_q(r, b, (const mpq_t *)rows_q,
                                                   4, 2, NULL, NULL), RC_OK);
            CU_ASSERT_EQUAL(rc_arrangement_count(r2, b2, rows_d, 4, 2, NULL,
                                                 NULL), RC_OK);
            expect_z(r2, r, "dyadic regions");
            expect_z(b2, b, "dyadic bounded");
            mpz_clear(r2);
            mpz_clear(b2);
        }
    }
    for (i = 0; i < 12; i++)
        mpq_clear(rows_q[i]);
    mpz_clear(r);
    mpz_clear(b);
}

/* ---- errors and limits ---- */

static void
test_arrangement_errors(void)
{
    double rows[] = {1, 0, 0, 0, 1, 0};
    rc_arrangement_info info;
    rc_error err = {RC_OK, ""};

    rc_arrangement_info_init(&info);
    rows[4] = NAN;
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, rows, 2, 2, NULL, &err),
                    RC_ERR_ARG);
    CU_ASSERT(strstr(err.msg, "row 2, column 2") != NULL);
    CU_ASSERT_PTR_NULL(info.char_poly);
    expect_ui(info.regions, 0, "error leaves no count");
    rows[4] = INFINITY;
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, rows, 2, 2, NULL, &err),
                    RC_ERR_ARG);
    rows[4] = 1;
    /* rows NULL with rows to read */
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, NULL, 2, 2, NULL, &err),
                    RC_ERR_ARG);
    /* the info is reusable after an error */
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, rows, 2, 2, NULL, &err), RC_OK);
    expect_ui(info.regions, 4, "after errors");
    rc_arrangement_info_clear(&info);
}

static void
test_arrangement_limit(void)
{
    static double rows[50 * 41];
    rc_arrangement_opts opts;
    rc_arrangement_info info;
    rc_error err = {RC_OK, ""};
    mpz_t g;
    size_t i;

    rng_init(4);
    mpz_init(g);
    rc_arrangement_info_init(&info);
    rc_arrangement_opts_init(&opts);
    CU_ASSERT(opts.max_regions > 0);

    /* 50 generic hyperplanes in R^5 have G(50, 5) = 2369936 regions: over a
     * limit of 10^5 the count stops with a lower bound above the limit */
    for (i = 0; i < 50 * 6; i++)
        rows[i] = rng_double();
    opts.max_regions = 100000;
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, rows, 50, 5, &opts, &err),
                    RC_ERR_LIMIT);
    CU_ASSERT_EQUAL(err.status, RC_ERR_LIMIT);
    CU_ASSERT(strlen(err.msg) > 0);
    rc_bound_general_position(g, 50, 5);
    CU_ASSERT(mpz_cmp_ui(info.regions, 100000) > 0);
    CU_ASSERT(mpz_cmp(info.regions, g) <= 0);
    CU_ASSERT_PTR_NULL(info.char_poly);

    /* 40 generic hyperplanes in R^40 have rank 40 and 2^40 regions: the
     * default limit (10^7 < 2^24) fails at once, on the rank */
    for (i = 0; i < 40 * 41; i++)
        rows[i] = rng_double();
    rc_arrangement_opts_init(&opts);
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, rows, 40, 40, &opts, &err),
                    RC_ERR_LIMIT);
    CU_ASSERT(mpz_cmp_ui(info.regions, (unsigned long)opts.max_regions) > 0);
    CU_ASSERT(mpz_sizeinbase(info.regions, 2) <= 41);
    CU_ASSERT(strstr(err.msg, "rank") != NULL);

    /* with no limit, 12 generic hyperplanes in R^12 give 2^12 */
    opts.max_regions = 0;
    CU_ASSERT_EQUAL(rc_arrangement_compute(&info, rows, 12, 12, &opts, &err),
                    RC_OK);
    expect_ui(info.regions, 4096, "12 in R^12");
    expect_ui(info.bounded, 0, "12 in R^12");   /* C(11, 12) = 0 */
    rc_arrangement_info_clear(&info);
    mpz_clear(g);
}

/* 50 generic lines in the plane: 1 + 50 + 1225 = 1276 regions and
 * C(49, 2) = 1176 bounded; this must be fast (well under a second). */
static void
test_arrangement_50_lines(void)
{
    double rows[50 * 3];
    mpz_t r, b;
    size_t i;
    clock_t t0;
    double secs;

    rng_init(5);
    for (i = 0; i < 50 * 3; i++)
        rows[i] = rng_double();
    mpz_init(r);
    mpz_init(b);
    t0 = clock();
    CU_ASSERT_EQUAL(rc_arrangement_count(r, b, rows, 50, 2, NULL, NULL), RC_OK);
    secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    printf("\n  50 lines in R^2: %.4f s ", secs);
    expect_ui(r, 1276, "50 lines");
    expect_ui(b, 1176, "50 lines");
    mpz_clear(r);
    mpz_clear(b);
}

/* ---- deep-network bounds ---- */

/* Serra et al. by brute force: sum over tuples j_l <= min(m, N_l) of the
 * product of C(N_l, j_l), with m the running min(n, N_1 - j_1, ...). */
static void
serra_brute(mpz_t acc, mpz_t prod, const size_t *w, size_t k, size_t l,
            size_t m)
{
    size_t j;
    mpz_t c, p;

    if (l == k) {
        mpz_add(acc, acc, prod);
        return;
    }
    mpz_init(c);
    mpz_init(p);
    for (j = 0; j <= m && j <= w[l]; j++) {
        mpz_bin_uiui(c, w[l], j);
        mpz_mul(p, prod, c);
        serra_brute(acc, p, w, k, l + 1, m < w[l] - j ? m : w[l] - j);
    }
    mpz_clear(c);
    mpz_clear(p);
}

static void
test_bounds_one_layer(void)
{
    size_t n, N;
    mpz_t g, z, m, s;

    mpz_init(g);
    mpz_init(z);
    mpz_init(m);
    mpz_init(s);
    /* with one layer all three bounds are G(N_1, n) */
    for (n = 0; n <= 8; n++)
        for (N = 0; N <= 20; N++) {
            rc_bound_general_position(g, N, n);
            rc_bound_zaslavsky_product(z, n, &N, 1);
            rc_bound_montufar(m, n, &N, 1);
            CU_ASSERT_EQUAL(rc_bound_serra(s, n, &N, 1, NULL), RC_OK);
            expect_z(z, g, "one layer Zaslavsky");
            expect_z(m, g, "one layer Montufar");
            expect_z(s, g, "one layer Serra");
            CU_ASSERT_EQUAL(rc_bound_tightest(z, m, s),
                            RC_BOUND_ZASLAVSKY | RC_BOUND_MONTUFAR
                                | RC_BOUND_SERRA);
        }
    /* no layer: one region */
    rc_bound_zaslavsky_product(z, 3, NULL, 0);
    rc_bound_montufar(m, 3, NULL, 0);
    CU_ASSERT_EQUAL(rc_bound_serra(s, 3, NULL, 0, NULL), RC_OK);
    expect_ui(z, 1, "no layer");
    expect_ui(m, 1, "no layer");
    expect_ui(s, 1, "no layer");
    mpz_clear(g);
    mpz_clear(z);
    mpz_clear(m);
    mpz_clear(s);
}

static void
test_bounds_known(void)
{
    mpz_t z, m, s, e;
    static const size_t w33[] = {3, 3}, w25[] = {2, 5}, w13[] = {1, 3};
    static const size_t w1[] = {2, 4, 3, 7, 5};
    size_t k;

    mpz_init(z);
    mpz_init(m);
    mpz_init(s);
    mpz_init(e);
    /* n = 2, widths 3, 3: Zaslavsky = Montufar = G(3,2)^2 = 7 * 7 = 49;
     * Serra: j1 = 0: 7; j1 = 1: 3 * 7 = 21; j1 = 2: j2 <= 1: 3 * 4 = 12;
     * total 40. */
    rc_bound_zaslavsky_product(z, 2, w33, 2);
    rc_bound_montufar(m, 2, w33, 2);
    CU_ASSERT_EQUAL(rc_bound_serra(s, 2, w33, 2, NULL), RC_OK);
    expect_ui(z, 49, "Z(2; 3,3)");
    expect_ui(m, 49, "M(2; 3,3)");
    expect_ui(s, 40, "S(2; 3,3)");
    CU_ASSERT_EQUAL(rc_bound_tightest(z, m, s), RC_BOUND_SERRA);

    /* n = 3, widths 2, 5: Zaslavsky = G(2,3) G(5,3) = 4 * 26 = 104;
     * Montufar: d = 2, 2: 4 * (1 + 5 + 10) = 64; Serra: j1 = 0: j2 <= 2:
     * 16; j1 = 1: 2 * (j2 <= 1: 6) = 12; j1 = 2: 1 * 1; total 29. */
    rc_bound_zaslavsky_product(z, 3, w25, 2);
    rc_bound_montufar(m, 3, w25, 2);
    CU_ASSERT_EQUAL(rc_bound_serra(s, 3, w25, 2, NULL), RC_OK);
    expect_ui(z, 104, "Z(3; 2,5)");
    expect_ui(m, 64, "M(3; 2,5)");
    expect_ui(s, 29, "S(3; 2,5)");

    /* n = 1, widths 1, 3: a single unit leaves one half-line where the
     * network is constant; the other is cut by 3 units into 4: 5 regions.
     * Serra: j1 = 0: 1 + 3; j1 = 1: 1; total 5 (tight); Montufar 2 * 4. */
    rc_bound_montufar(m, 1, w13, 2);
    CU_ASSERT_EQUAL(rc_bound_serra(s, 1, w13, 2, NULL), RC_OK);
    expect_ui(m, 8, "M(1; 1,3)");
    expect_ui(s, 5, "S(1; 1,3)");

    /* n = 1 with every width >= 2: j_l in {0, 1} is unconstrained, so the
     * Serra bound is prod (N_l + 1) for every prefix */
    mpz_set_ui(e, 1);
    for (k = 1; k <= 5; k++) {
        mpz_mul_ui(e, e, (unsigned long)(w1[k - 1] + 1));
        CU_ASSERT_EQUAL(rc_bound_serra(s, 1, w1, k, NULL), RC_OK);
        expect_z(s, e, "n = 1 Serra");
    }

    /* beyond 64 bits: n = 5, eight layers of 50: the Zaslavsky product is
     * G(50, 5)^8 = 2369936^8 */
    {
        size_t w50[8] = {50, 50, 50, 50, 50, 50, 50, 50};
        mpz_set_ui(e, 2369936);
        mpz_pow_ui(e, e, 8);
        rc_bound_zaslavsky_product(z, 5, w50, 8);
        expect_z(z, e, "Z(5; 50^8)");
        CU_ASSERT(mpz_sizeinbase(z, 2) > 64);
        /* d_l = 5 throughout: Montufar equals the Zaslavsky product */
        rc_bound_montufar(m, 5, w50, 8);
        expect_z(m, e, "M(5; 50^8)");
        /* and Serra too: N_l - j_l >= 50 - 5 >= n, so no tuple of the box
         * prod [0, 5] is cut off */
        CU_ASSERT_EQUAL(rc_bound_serra(s, 5, w50, 8, NULL), RC_OK);
        expect_z(s, e, "S(5; 50^8)");
    }
    mpz_clear(z);
    mpz_clear(m);
    mpz_clear(s);
    mpz_clear(e);
}

/* Random small shapes: the dynamic programme equals brute force over
 * tuples, the table agrees with the single-prefix functions, and
 * Serra <= Montufar <= Zaslavsky (J lies in the box prod [0, d_l] and
 * d_l <= n, so these hold for every shape). */
static void
test_bounds_random(void)
{
    size_t trial, k, l, n, w[6];
    mpz_t z, m, s, brute, one;
    mpz_t tz[6], tm[6], ts[6];
    char what[80];

    rng_init(6);
    mpz_init(z);
    mpz_init(m);
    mpz_init(s);
    mpz_init(brute);
    mpz_init_set_ui(one, 1);
    for (l = 0; l < 6; l++) {
        mpz_init(tz[l]);
        mpz_init(tm[l]);
        mpz_init(ts[l]);
    }
    for (trial = 0; trial < 400; trial++) {
        k = (size_t)rng_int(1, 6);
        n = (size_t)rng_int(0, 6);
        for (l = 0; l < k; l++)
            w[l] = (size_t)rng_int(0, 7);
        CU_ASSERT_EQUAL_FATAL(rc_bound_table(tz, tm, ts, n, w, k, NULL), RC_OK);
        for (l = 1; l <= k; l++) {
            snprintf(what, sizeof what, "trial %zu prefix %zu (n=%zu)",
                     trial, l, n);
            rc_bound_zaslavsky_product(z, n, w, l);
            rc_bound_montufar(m, n, w, l);
            CU_ASSERT_EQUAL(rc_bound_serra(s, n, w, l, NULL), RC_OK);
            mpz_set_ui(brute, 0);
            serra_brute(brute, one, w, l, 0, n);
            expect_z(s, brute, what);
            expect_z(tz[l - 1], z, what);
            expect_z(tm[l - 1], m, what);
            expect_z(ts[l - 1], s, what);
            CU_ASSERT(mpz_cmp(s, m) <= 0);
            CU_ASSERT(mpz_cmp(m, z) <= 0);
            CU_ASSERT(rc_bound_tightest(z, m, s) & RC_BOUND_SERRA);
        }
    }
    /* the table can skip bounds */
    CU_ASSERT_EQUAL(rc_bound_table(NULL, NULL, ts, 3, w, k, NULL), RC_OK);
    CU_ASSERT_EQUAL(rc_bound_table(tz, NULL, NULL, 3, w, k, NULL), RC_OK);
    for (l = 0; l < 6; l++) {
        mpz_clear(tz[l]);
        mpz_clear(tm[l]);
        mpz_clear(ts[l]);
    }
    mpz_clear(z);
    mpz_clear(m);
    mpz_clear(s);
    mpz_clear(brute);
    mpz_clear(one);
}

static void
test_bounds_tightest(void)
{
    mpz_t a, b, c;

    mpz_init_set_ui(a, 10);
    mpz_init_set_ui(b, 7);
    mpz_init_set_ui(c, 7);
    CU_ASSERT_EQUAL(rc_bound_tightest(a, b, c), RC_BOUND_MONTUFAR | RC_BOUND_SERRA);
    mpz_set_ui(c, 3);
    CU_ASSERT_EQUAL(rc_bound_tightest(a, b, c), RC_BOUND_SERRA);
    mpz_set_ui(a, 1);
    CU_ASSERT_EQUAL(rc_bound_tightest(a, b, c), RC_BOUND_ZASLAVSKY);
    mpz_clear(a);
    mpz_clear(b);
    mpz_clear(c);
}

int
main(void)
{
    CU_pSuite arr, deep;

    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    test_seed();
    arr = CU_add_suite("arrangement", NULL, NULL);
    deep = CU_add_suite("deep bounds", NULL, NULL);
    if (arr == NULL || deep == NULL
        || !CU_add_test(arr, "general position counts",
                        test_general_position_known)
        || !CU_add_test(arr, "generic random arrangements",
                        test_arrangement_generic_random)
        || !CU_add_test(arr, "lines in the plane", test_arrangement_lines)
        || !CU_add_test(arr, "points on the line", test_arrangement_points)
        || !CU_add_test(arr, "planes in space", test_arrangement_space)
        || !CU_add_test(arr, "braid, Shi, Catalan",
                        test_arrangement_classical)
        || !CU_add_test(arr, "Whitney cross-check", test_arrangement_whitney)
        || !CU_add_test(arr, "rational input", test_arrangement_rational)
        || !CU_add_test(arr, "errors", test_arrangement_errors)
        || !CU_add_test(arr, "limits", test_arrangement_limit)
        || !CU_add_test(arr, "50 lines", test_arrangement_50_lines)
        || !CU_add_test(deep, "one layer", test_bounds_one_layer)
        || !CU_add_test(deep, "known values", test_bounds_known)
        || !CU_add_test(deep, "random shapes", test_bounds_random)
        || !CU_add_test(deep, "tightest", test_bounds_tightest)) {
        CU_cleanup_registry();
        return 1;
    }
    return test_run_all();
}
