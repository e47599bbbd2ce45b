/* bounds_arrangement.c -- exact region counts of an affine hyperplane
 * arrangement A = {H_1..H_m}, H_i = {x in R^n : a_i.x + c_i = 0}.
 *
 * Characteristic polynomial.  With L(A) the flats (non-empty intersections
 * of hyperplanes, R^n included) ordered by reverse inclusion and mu its
 * Moebius function (mu(R^n) = 1, mu(F) = -sum_{G flat, G strictly contains
 * F} mu(G)),
 *     chi_A(t) = sum_{F in L(A)} mu(F) t^{dim F},
 * and Zaslavsky (1975) gives
 *     r(A) = (-1)^n chi_A(-1)         (regions),
 *     b(A) = (-1)^rank chi_A(1)       (relatively bounded regions).
 *
 * Computation.  We do not tabulate mu over the flats: we unroll the
 * deletion-restriction recurrence chi_A = chi_{A - H} - chi_{A^H}
 * (Stanley, "An introduction to hyperplane arrangements", Lemma 2.2), where
 * A^H = {H' cap H : H' in A - H, H' cap H non-empty} is the restriction, an
 * arrangement of distinct hyperplanes in H ~ R^{n-1}.  Deleting H_m, then
 * H_{m-1}, ... gives
 *     chi_A(t) = t^n - sum_{i=1}^{m} chi_{A_i}(t),
 *     A_i = restriction of {H_1..H_{i-1}} to H_i,
 * so chi_A(t) = sum_k (-1)^k c_k t^{n-k}, where c_k counts the nodes at
 * depth k of the recursion tree (each node is a flat with an ordered
 * arrangement in it; the children of a node with m' hyperplanes are its
 * m' restrictions A_i).  The nodes are the independent no-broken-circuit
 * sets of A, c_k = |coefficient of t^{n-k}| (Whitney's theorem), and
 *     r(A) = sum_k c_k,   b(A) = |sum_k (-1)^k c_k|.
 * The work is proportional to r(A): each node costs one elimination step
 * per hyperplane it restricts, and a node in a line (m' points) counts its
 * m' children without building them.  This is equivalent to summing mu
 * over the flats (sum_{dim F = n-k} mu(F) = (-1)^k c_k) but needs neither
 * the poset nor the Moebius sums, and degenerate arrangements (many
 * hyperplanes through a flat) cost nothing extra.
 *
 * Exactness.  Doubles are converted exactly to rationals, each row is scaled
 * to a primitive integer vector whose first non-zero normal coordinate is
 * positive, and all arithmetic is in integers: restricting H_j to H_i, with
 * p the first non-zero coordinate of a_i, replaces row j by
 *     a_i[p] (a_j, c_j) - a_j[p] (a_i, c_i)   with coordinate p dropped,
 * again made primitive.  Primitive normal forms make equal hyperplanes equal
 * rows, so duplicates are removed by sorting.  A restricted row with zero
 * normal means H_j is parallel to H_i (empty intersection): it is dropped.
 * In a line, where most rows are made, a row (a, c) is the point -c/a and
 * is only given a > 0; sorting compares points as fractions (c a' against
 * c' a), which is cheaper than the gcds of a primitive form.
 *
 * Essentialisation.  If the normals have rank r < n, keeping r linearly
 * independent columns of the normal matrix gives an essential arrangement
 * in R^r with chi_A(t) = t^{n-r} chi_ess(t) (A is the pull-back of it along
 * the surjection x -> M x expressing the other columns); the recursion runs
 * in dimension r.  Since r independent hyperplanes already cut 2^r regions,
 * r(A) >= 2^r, which lets a hopeless instance fail before any recursion.
 * If there are exactly r distinct hyperplanes they are independent and
 * chi_A(t) = t^{n-r} (t - 1)^r, with no recursion at all.
 *
 * Cost.  About 0.5 microsecond per region for random doubles in R^5
 * (50 hyperplanes, 2369936 regions: 1.2 s on a 2020s x86 core); the
 * default limit of 10^7 regions bounds a run to seconds.
 *
 * Counters are 64-bit: reaching 2^64 nodes would take centuries. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "relucells/bounds.h"
#include "base/error_internal.h"

#define RC_ARRANGEMENT_DEFAULT_MAX_REGIONS UINT64_C(10000000)

/* One level of the recursion: the arrangement of a node at depth k, which
 * lives in a flat of dimension dim.  Row r occupies ent[r*(dim+1) ..], the
 * normal a[0..dim-1] followed by c; the arrangement is rows idx[0..num-1],
 * sorted and distinct.  Entries are initialised once and reused. */
typedef struct level {
    size_t dim;
    size_t cap;
    mpz_t *ent;
    size_t *idx;
    size_t *tmp;
    size_t num;
} level;

typedef struct counter {
    size_t num_levels;
    level *lev;
    uint64_t *cnt;   /* cnt[k] = recursion nodes at depth k */
    uint64_t total;  /* sum of cnt: regions counted so far */
    uint64_t max;    /* 0: no limit */
    mpz_t g, t, u;   /* scratch */
} counter;

void
rc_arrangement_opts_init(rc_arrangement_opts *opts)
{
    opts->max_regions = RC_ARRANGEMENT_DEFAULT_MAX_REGIONS;
}

void
rc_arrangement_info_init(rc_arrangement_info *info)
{
    info->dim = 0;
    info->num_hyperplanes = 0;
    info->rank = 0;
    info->char_poly = NULL;
    mpz_init(info->regions);
    mpz_init(info->bounded);
    mpz_init(info->relatively_bounded);
}

static void
info_reset(rc_arrangement_info *info)
{
    size_t d;

    if (info->char_poly != NULL) {
        for (d = 0; d <= info->dim; d++)
            mpz_clear(info->char_poly[d]);
        free(info->char_poly);
        info->char_poly = NULL;
    }
    info->dim = 0;
    info->num_hyperplanes = 0;
    info->rank = 0;
    mpz_set_ui(info->regions, 0);
    mpz_set_ui(info->bounded, 0);
    mpz_set_ui(info->relatively_bounded, 0);
}

void
rc_arrangement_info_clear(rc_arrangement_info *info)
{
    info_reset(info);
    mpz_clear(info->regions);
    mpz_clear(info->bounded);
    mpz_clear(info->relatively_bounded);
}

/* ---- rows of integers ---- */

/* Make the row r[0..d] (normal r[0..d-1], constant r[d]) primitive with a
 * positive leading normal coordinate.  Returns 0, leaving r unchanged, if
 * the normal is zero (no hyperplane). */
static int
row_normalise(mpz_t *r, size_t d, mpz_t g)
{
    size_t j, lead;

    for (lead = 0; lead < d && mpz_sgn(r[lead]) == 0; lead++)
        ;
    if (lead == d)
        return 0;
    mpz_set_ui(g, 0);
    for (j = lead; j <= d && mpz_cmp_ui(g, 1) != 0; j++)
        mpz_gcd(g, g, r[j]);
    if (mpz_sgn(r[lead]) < 0)
        mpz_neg(g, g);
    if (mpz_cmp_ui(g, 1) != 0)
        for (j = lead; j <= d; j++)
            mpz_divexact(r[j], r[j], g);
    return 1;
}

static int
row_cmp(const mpz_t *a, const mpz_t *b, size_t s)
{
    size_t j;
    int c;

    for (j = 0; j < s; j++)
        if ((c = mpz_cmp(a[j], b[j])) != 0)
            return c;
    return 0;
}

/* Order of the rows x and y of L: lexicographic on normal forms, except in
 * a line, where rows (a, c) with a > 0 need not be primitive and compare
 * as the points -c/a (by c_x a_y against c_y a_x; t, u are scratch). */
static int
level_cmp(const level *L, size_t x, size_t y, mpz_t t, mpz_t u)
{
    const mpz_t *a = L->ent + x * (L->dim + 1), *b = L->ent + y * (L->dim + 1);

    if (L->dim != 1)
        return row_cmp(a, b, L->dim + 1);
    mpz_mul(t, a[1], b[0]);
    mpz_mul(u, b[1], a[0]);
    return mpz_cmp(t, u);
}

/* Sort L->idx[0..num-1] by level_cmp (bottom-up merge sort) and drop
 * repeated rows. */
static void
level_sort_unique(level *L, size_t num, mpz_t t, mpz_t u)
{
    size_t width, lo, i, j, k, mid, hi, out;
    size_t *a = L->idx, *b = L->tmp, *sw;

    for (width = 1; width < num; width *= 2) {
        for (lo = 0; lo < num; lo += 2 * width) {
            mid = lo + width < num ? lo + width : num;
            hi = lo + 2 * width < num ? lo + 2 * width : num;
            i = lo;
            j = mid;
            k = lo;
            while (i < mid && j < hi)
                b[k++] = level_cmp(L, a[j], a[i], t, u) < 0 ? a[j++] : a[i++];
            while (i < mid)
                b[k++] = a[i++];
            while (j < hi)
                b[k++] = a[j++];
        }
        sw = a;
        a = b;
        b = sw;
    }
    if (a != L->idx)
        memcpy(L->idx, a, num * sizeof *a);
    out = 0;
    for (i = 0; i < num; i++)
        if (out == 0 || level_cmp(L, L->idx[out - 1], L->idx[i], t, u) != 0)
            L->idx[out++] = L->idx[i];
    L->num = out;
}

/* Room for at least rows rows in L. */
static rc_status
level_reserve(level *L, size_t rows, rc_error *err)
{
    size_t s = L->dim + 1, cap, i;
    mpz_t *ent;
    size_t *idx, *tmp;

    if (rows <= L->cap)
        return RC_OK;
    cap = L->cap * 2 > rows ? L->cap * 2 : rows;
    if (cap > ((size_t)-1 / sizeof(mpz_t)) / s)
        goto nomem;
    ent = realloc(L->ent, cap * s * sizeof(mpz_t));
    if (ent == NULL)
        goto nomem;
    L->ent = ent;
    idx = realloc(L->idx, cap * sizeof *idx);
    if (idx == NULL)
        goto nomem;
    L->idx = idx;
    tmp = realloc(L->tmp, cap * sizeof *tmp);
    if (tmp == NULL)
        goto nomem;
    L->tmp = tmp;
    for (i = L->cap * s; i < cap * s; i++)
        mpz_init(L->ent[i]);
    L->cap = cap;
    return RC_OK;

nomem:
    return rc_error_set(err, RC_ERR_NOMEM,
                        "arrangement: out of memory for %zu rows", rows);
}

static void
level_free(level *L)
{
    size_t i;

    for (i = 0; i < L->cap * (L->dim + 1); i++)
        mpz_clear(L->ent[i]);
    free(L->ent);
    free(L->idx);
    free(L->tmp);
}

/* ---- input ---- */

/* Scale the rational row in[0..s-1] to integers out[0..s-1] (multiplying by
 * the lcm of the denominators). */
static void
row_from_q(mpz_t *out, const mpq_t *in, size_t s, mpz_t lcm, mpz_t t)
{
    size_t j;

    mpz_set_ui(lcm, 1);
    for (j = 0; j < s; j++)
        mpz_lcm(lcm, lcm, mpq_denref(in[j]));
    for (j = 0; j < s; j++) {
        mpz_divexact(t, lcm, mpq_denref(in[j]));
        mpz_mul(out[j], mpq_numref(in[j]), t);
    }
}

/* Read the rows (doubles if rows_q is NULL) into L, a level of dimension
 * dim, as normalised integer rows; zero rows are dropped (L->num counts the
 * others, not yet deduplicated). */
static rc_status
load_rows(level *L, const double *rows_d, const mpq_t *rows_q, size_t num_rows,
          rc_error *err)
{
    size_t s = L->dim + 1, i, j, num = 0;
    mpq_t *q = NULL;
    mpz_t lcm, t;
    rc_status st;

    if ((st = level_reserve(L, num_rows, err)) != RC_OK)
        return st;
    if (rows_q == NULL) {
        q = malloc(s * sizeof *q);
        if (q == NULL)
            return rc_error_set(err, RC_ERR_NOMEM, "arrangement: out of memory");
        for (j = 0; j < s; j++)
            mpq_init(q[j]);
    }
    mpz_init(lcm);
    mpz_init(t);
    for (i = 0; i < num_rows; i++) {
        const mpq_t *in;

        if (rows_q == NULL) {
            for (j = 0; j < s; j++) {
                double v = rows_d[i * s + j];
                if (!isfinite(v)) {
                    st = rc_error_set(err, RC_ERR_ARG,
                                      "arrangement: row %zu, column %zu is not "
                                      "a finite number", i + 1, j + 1);
                    goto cleanup;
                }
                mpq_set_d(q[j], v);
            }
            in = (const mpq_t *)q;
        } else {
            in = rows_q + i * s;
            for (j = 0; j < s; j++)
                if (mpz_sgn(mpq_denref(in[j])) == 0) {
                    st = rc_error_set(err, RC_ERR_ARG,
                                      "arrangement: row %zu, column %zu has a "
                                      "zero denominator", i + 1, j + 1);
                    goto cleanup;
                }
        }
        row_from_q(L->ent + num * s, in, s, lcm, t);
        if (row_normalise(L->ent + num * s, L->dim, t)) {
            L->idx[num] = num;
            num++;
        }
    }
    L->num = num;

cleanup:
    mpz_clear(lcm);
    mpz_clear(t);
    if (q != NULL) {
        for (j = 0; j < s; j++)
            mpq_clear(q[j]);
        free(q);
    }
    return st;
}

/* ---- essentialisation ---- */

/* The rank r of the normals of rows L->idx[0..num-1] and r independent
 * columns cols[0..r-1] (increasing), by fraction-free elimination against
 * an echelon basis built row by row.  If max_rank < n, stops with
 * RC_ERR_LIMIT as soon as the rank exceeds max_rank (*rank is then that
 * partial rank). */
static rc_status
independent_columns(size_t *cols, size_t *rank, const level *L,
                    size_t max_rank, rc_error *err)
{
    size_t n = L->dim, s = n + 1, r = 0, i, b, j, q, cap;
    mpz_t **basis = NULL;
    size_t *piv = NULL;
    mpz_t *w = NULL, f, g;
    rc_status st = RC_OK;

    *rank = 0;
    cap = L->num < n ? L->num : n;
    if (n == 0 || cap == 0)
        return RC_OK;
    basis = calloc(cap, sizeof *basis);
    piv = malloc(cap * sizeof *piv);
    w = malloc(n * sizeof *w);
    if (basis == NULL || piv == NULL || w == NULL) {
        free(basis);
        free(piv);
        free(w);
        return rc_error_set(err, RC_ERR_NOMEM, "arrangement: out of memory");
    }
    for (j = 0; j < n; j++)
        mpz_init(w[j]);
    mpz_init(f);
    mpz_init(g);
    for (i = 0; i < L->num && r < cap; i++) {
        const mpz_t *row = L->ent + L->idx[i] * s;

        for (j = 0; j < n; j++)
            mpz_set(w[j], row[j]);
        /* basis row b is zero before piv[b] and at the pivots of the rows
         * before it, so one pass clears every pivot of w */
        for (b = 0; b < r; b++) {
            if (mpz_sgn(w[piv[b]]) == 0)
                continue;
            /* w = b[piv] w - w[piv] b; b is zero before its pivot */
            mpz_set(f, w[piv[b]]);
            for (q = 0; q < n; q++) {
                mpz_mul(w[q], w[q], basis[b][piv[b]]);
                if (q >= piv[b])
                    mpz_submul(w[q], f, basis[b][q]);
            }
            mpz_set_ui(g, 0);
            for (q = 0; q < n; q++)
                mpz_gcd(g, g, w[q]);
            if (mpz_cmp_ui(g, 1) > 0)
                for (q = 0; q < n; q++)
                    mpz_divexact(w[q], w[q], g);
        }
        for (q = 0; q < n && mpz_sgn(w[q]) == 0; q++)
            ;
        if (q == n)
            continue;
        basis[r] = malloc(n * sizeof(mpz_t));
        if (basis[r] == NULL) {
            st = rc_error_set(err, RC_ERR_NOMEM, "arrangement: out of memory");
            goto cleanup;
        }
        for (j = 0; j < n; j++)
            mpz_init_set(basis[r][j], w[j]);
        piv[r++] = q;
        if (r > max_rank) {
            st = RC_ERR_LIMIT;
            break;
        }
    }
    /* the pivots are distinct; return them in increasing order */
    for (i = 0; i < r; i++)
        cols[i] = piv[i];
    for (i = 1; i < r; i++)
        for (j = i; j > 0 && cols[j - 1] > cols[j]; j--) {
            q = cols[j];
            cols[j] = cols[j - 1];
            cols[j - 1] = q;
        }
    *rank = r;

cleanup:
    for (b = 0; b < cap; b++) {
        if (basis[b] == NULL)
            continue;
        for (j = 0; j < n; j++)
            mpz_clear(basis[b][j]);
        free(basis[b]);
    }
    for (j = 0; j < n; j++)
        mpz_clear(w[j]);
    mpz_clear(f);
    mpz_clear(g);
    free(basis);
    free(piv);
    free(w);
    return st;
}

/* ---- the recursion ---- */

/* Count v nodes at depth k; nonzero when the limit is passed. */
static int
bump(counter *C, size_t k, uint64_t v)
{
    C->cnt[k] += v;
    C->total += v;
    return C->max != 0 && C->total > C->max;
}

static rc_status
limit_error(const counter *C, rc_error *err)
{
    return rc_error_set(err, RC_ERR_LIMIT,
                        "arrangement: more than %llu regions (the limit); "
                        "raise max_regions to count them all",
                        (unsigned long long)C->max);
}

/* Build in level k+1 the restriction of rows idx[0..i-1] of level k to the
 * hyperplane idx[i] of level k. */
static rc_status
restrict_rows(counter *C, size_t k, size_t i, rc_error *err)
{
    level *P = &C->lev[k], *Q = &C->lev[k + 1];
    size_t d = P->dim, s = d + 1, j, q, o, p, num = 0;
    const mpz_t *hi = P->ent + P->idx[i] * s;
    rc_status st;

    if ((st = level_reserve(Q, i, err)) != RC_OK)
        return st;
    for (p = 0; mpz_sgn(hi[p]) == 0; p++)
        ;
    for (j = 0; j < i; j++) {
        const mpz_t *hj = P->ent + P->idx[j] * s;
        mpz_t *out = Q->ent + num * d;

        if (mpz_sgn(hj[p]) == 0) {
            /* H_j does not involve x_p: dropping that coordinate keeps the
             * row primitive with the same (positive) leading entry */
            for (q = 0, o = 0; q <= d; q++)
                if (q != p)
                    mpz_set(out[o++], hj[q]);
        } else {
            for (q = 0, o = 0; q <= d; q++)
                if (q != p) {
                    mpz_mul(out[o], hi[p], hj[q]);
                    mpz_submul(out[o], hj[p], hi[q]);
                    o++;
                }
            if (d - 1 == 1) {
                /* a point of the line: sorting compares it as a fraction,
                 * so only the sign is normalised (gcds dominate otherwise) */
                if (mpz_sgn(out[0]) == 0)
                    continue;  /* parallel to H_i: no intersection */
                if (mpz_sgn(out[0]) < 0) {
                    mpz_neg(out[0], out[0]);
                    mpz_neg(out[1], out[1]);
                }
            } else if (!row_normalise(out, d - 1, C->g)) {
                continue;  /* parallel to H_i: no intersection */
            }
        }
        Q->idx[num] = num;
        num++;
    }
    level_sort_unique(Q, num, C->t, C->u);
    return RC_OK;
}

static rc_status
count_node(counter *C, size_t k, rc_error *err)
{
    level *L = &C->lev[k];
    size_t i, m = L->num;
    rc_status st;

    if (bump(C, k, 1))
        return limit_error(C, err);
    if (m == 0)
        return RC_OK;
    /* in a line the hyperplanes are m distinct points, whose restrictions
     * are empty: m leaves */
    if (L->dim == 1)
        return bump(C, k + 1, m) ? limit_error(C, err) : RC_OK;
    /* the first hyperplane restricts nothing: one leaf */
    if (bump(C, k + 1, 1))
        return limit_error(C, err);
    for (i = 1; i < m; i++) {
        if ((st = restrict_rows(C, k, i, err)) != RC_OK)
            return st;
        if ((st = count_node(C, k + 1, err)) != RC_OK)
            return st;
    }
    return RC_OK;
}

/* ---- entry points ---- */

static rc_status
compute(rc_arrangement_info *info, const double *rows_d, const mpq_t *rows_q,
        size_t num_rows, size_t n, const rc_arrangement_opts *opts,
        rc_error *err)
{
    rc_arrangement_opts def;
    level full = {0};
    counter C;
    size_t *cols = NULL, r = 0, max_rank = n, i, j, k, s = n + 1;
    mpz_t sum;
    int boolean = 0;
    rc_status st;

    memset(&C, 0, sizeof C);
    info_reset(info);
    if (opts == NULL) {
        rc_arrangement_opts_init(&def);
        opts = &def;
    }
    if (n >= (size_t)-1 / sizeof(mpz_t) - 1
        || (num_rows > 0 && s > ((size_t)-1 / sizeof(mpz_t)) / num_rows))
        return rc_error_set(err, RC_ERR_NOMEM,
                            "arrangement: %zu rows of dimension %zu are too "
                            "many", num_rows, n);
    if (num_rows > 0 && rows_d == NULL && rows_q == NULL)
        return rc_error_set(err, RC_ERR_ARG, "arrangement: rows is NULL");
    C.max = opts->max_regions;
    mpz_init(C.g);
    mpz_init(C.t);
    mpz_init(C.u);
    mpz_init(sum);

    full.dim = n;
    if ((st = load_rows(&full, rows_d, rows_q, num_rows, err)) != RC_OK)
        goto cleanup;

    /* rank r needs at least 2^r regions */
    if (C.max != 0)
        for (max_rank = 0; max_rank < 63
             && (UINT64_C(1) << (max_rank + 1)) <= C.max; max_rank++)
            ;
    cols = malloc((n > 0 ? n : 1) * sizeof *cols);
    if (cols == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "arrangement: out of memory");
        goto cleanup;
    }
    st = independent_columns(cols, &r, &full, max_rank, err);
    if (st == RC_ERR_LIMIT) {
        mpz_set_ui(info->regions, 0);
        mpz_setbit(info->regions, (mp_bitcnt_t)r);
        st = rc_error_set(err, RC_ERR_LIMIT,
                          "arrangement: rank at least %zu, so at least 2^%zu "
                          "regions, more than the limit of %llu",
                          r, r, (unsigned long long)C.max);
        goto cleanup;
    }
    if (st != RC_OK)
        goto cleanup;

    /* level k holds nodes of depth k, in dimension r - k; dimension 0 is
     * never built */
    C.num_levels = r > 0 ? r : 1;
    C.lev = calloc(C.num_levels, sizeof *C.lev);
    C.cnt = calloc(r + 2, sizeof *C.cnt);
    if (C.lev == NULL || C.cnt == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "arrangement: out of memory");
        goto cleanup;
    }
    for (k = 0; k < C.num_levels; k++)
        C.lev[k].dim = r - k;

    /* level 0: the essential arrangement, columns cols[] and c */
    if (r > 0) {
        level *L0 = &C.lev[0];

        if ((st = level_reserve(L0, full.num, err)) != RC_OK)
            goto cleanup;
        for (i = 0; i < full.num; i++) {
            const mpz_t *in = full.ent + full.idx[i] * s;
            mpz_t *out = L0->ent + i * (r + 1);

            for (j = 0; j < r; j++)
                mpz_set(out[j], in[cols[j]]);
            mpz_set(out[r], in[n]);
            /* the normal restricted to independent columns is non-zero */
            row_normalise(out, r, C.g);
            L0->idx[i] = i;
        }
        level_sort_unique(L0, full.num, C.t, C.u);
        /* r distinct hyperplanes of rank r are independent: every subset
         * is an NBC set, c_k = C(r, k), nothing to recurse on */
        boolean = L0->num == r;
        if (!boolean)
            st = count_node(&C, 0, err);
    } else {
        C.cnt[0] = C.total = 1;
    }
    if (st == RC_ERR_LIMIT) {
        mpz_import(info->regions, 1, -1, sizeof C.total, 0, 0, &C.total);
        goto cleanup;
    }
    if (st != RC_OK)
        goto cleanup;

    info->char_poly = malloc(s * sizeof(mpz_t));
    if (info->char_poly == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "arrangement: out of memory");
        goto cleanup;
    }
    for (j = 0; j <= n; j++)
        mpz_init(info->char_poly[j]);
    info->dim = n;
    info->rank = r;
    info->num_hyperplanes = r > 0 ? C.lev[0].num : 0;
    for (k = 0; k <= r; k++) {
        mpz_t *coef = &info->char_poly[n - k];

        if (boolean)
            mpz_bin_uiui(*coef, (unsigned long)r, (unsigned long)k);
        else
            mpz_import(*coef, 1, -1, sizeof C.cnt[k], 0, 0, &C.cnt[k]);
        mpz_add(info->regions, info->regions, *coef);
        /* sum holds (-1)^r chi(1) = sum_k (-1)^(r-k) c_k */
        if ((r - k) % 2 == 0)
            mpz_add(sum, sum, *coef);
        else
            mpz_sub(sum, sum, *coef);
        if (k % 2 == 1)
            mpz_neg(*coef, *coef);
    }
    mpz_set(info->relatively_bounded, sum);
    if (r == n)
        mpz_set(info->bounded, sum);

cleanup:
    if (st != RC_OK && st != RC_ERR_LIMIT)
        mpz_set_ui(info->regions, 0);
    level_free(&full);
    for (k = 0; C.lev != NULL && k < C.num_levels; k++)
        level_free(&C.lev[k]);
    free(C.lev);
    free(C.cnt);
    free(cols);
    mpz_clear(C.g);
    mpz_clear(C.t);
    mpz_clear(C.u);
    mpz_clear(sum);
    return st;
}

rc_status
rc_arrangement_compute(rc_arrangement_info *info, const double *rows,
                       size_t num_rows, size_t dim,
                       const rc_arrangement_opts *opts, rc_error *err)
{
    return compute(info, rows, NULL, num_rows, dim, opts, err);
}

rc_status
rc_arrangement_compute_q(rc_arrangement_info *info, const mpq_t *rows,
                         size_t num_rows, size_t dim,
                         const rc_arrangement_opts *opts, rc_error *err)
{
    return compute(info, NULL, rows, num_rows, dim, opts, err);
}

static rc_status
count_into(mpz_t regions, mpz_t bounded, const double *rows_d,
           const mpq_t *rows_q, size_t num_rows, size_t dim,
           const rc_arrangement_opts *opts, rc_error *err)
{
    rc_arrangement_info info;
    rc_status st;

    rc_arrangement_info_init(&info);
    st = compute(&info, rows_d, rows_q, num_rows, dim, opts, err);
    mpz_set(regions, info.regions);
    mpz_set(bounded, info.bounded);
    rc_arrangement_info_clear(&info);
    return st;
}

rc_status
rc_arrangement_count(mpz_t regions, mpz_t bounded, const double *rows,
                     size_t num_rows, size_t dim,
                     const rc_arrangement_opts *opts, rc_error *err)
{
    return count_into(regions, bounded, rows, NULL, num_rows, dim, opts, err);
}

rc_status
rc_arrangement_count_q(mpz_t regions, mpz_t bounded, const mpq_t *rows,
                       size_t num_rows, size_t dim,
                       const rc_arrangement_opts *opts, rc_error *err)
{
    return count_into(regions, bounded, NULL, rows, num_rows, dim, opts, err);
}
