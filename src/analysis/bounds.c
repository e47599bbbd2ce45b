/* bounds.c -- upper bounds on the number of linear regions of deep ReLU
 * networks with input dimension n and hidden widths N_1..N_k.
 *
 * A layer of N ReLUs cuts its (at most d-dimensional) input into at most
 *     G(N, d) = sum_{i=0}^{d} C(N, i)
 * pieces: the number of regions of N hyperplanes in general position in
 * R^d (Zaslavsky 1975), the maximum over all arrangements of N hyperplanes.
 *
 * Zaslavsky product: every layer acts on an n-dimensional input,
 *     B_Z = prod_l G(N_l, n).
 * Montufar (2017), "Notes on the number of linear regions of deep neural
 * networks": the image of a region after layer l has dimension at most
 * d_l = min(n, N_1, ..., N_l), so
 *     B_M = prod_l G(N_l, d_l).
 * Serra, Tjandraatmadja & Ramalingam (2018), "Bounding and counting linear
 * regions of deep neural networks", Theorem 1: a region where j_l units of
 * layer l are active has image of dimension at most
 * min(n, N_1 - j_1, ..., N_{l-1} - j_{l-1}), so
 *     B_S = sum_{(j_1..j_k) in J} prod_l C(N_l, j_l),
 *     J = { 0 <= j_l <= min(n, N_1 - j_1, ..., N_{l-1} - j_{l-1}, N_l) }.
 * Since J lies in the box prod_l [0, d_l], B_S <= B_M; since d_l <= n,
 * B_M <= B_Z; for k = 1 all three equal G(N_1, n), which is attained.
 *
 * B_S is computed by dynamic programming over layers.  The constraint on
 * j_l depends on j_1..j_{l-1} only through the running minimum
 * m_{l-1} = min(n, N_1 - j_1, ..., N_{l-1} - j_{l-1}), so with
 * W_l[m] = sum of prod_{i<=l} C(N_i, j_i) over the prefixes with m_l = m,
 *     W_0[min(n, D)] = 1,
 *     W_l[min(m, N_l - j)] += W_{l-1}[m] C(N_l, j)   for 0 <= j <= min(m, N_l),
 *     B_S(k) = sum_m W_k[m],
 * where D = max_l N_l: the state never exceeds D after the first layer, and
 * starting from min(n, D) instead of n changes no constraint.  The work is
 * O(k D^2) big-integer multiply-adds instead of prod_l (d_l + 1) tuples. */
#include <stdlib.h>

#include "relucells/bounds.h"
#include "base/error_internal.h"

void
rc_bound_general_position(mpz_t out, size_t N, size_t n)
{
    mpz_t term;
    size_t i;

    if (N <= n) {
        /* every subset of the hyperplanes counts: 2^N */
        mpz_set_ui(out, 0);
        mpz_setbit(out, (mp_bitcnt_t)N);
        return;
    }
    mpz_init_set_ui(term, 1);
    mpz_set_ui(out, 1);
    for (i = 1; i <= n; i++) {
        /* C(N, i) = C(N, i-1) (N - i + 1) / i, an exact division */
        mpz_mul_ui(term, term, (unsigned long)(N - i + 1));
        mpz_divexact_ui(term, term, (unsigned long)i);
        mpz_add(out, out, term);
    }
    mpz_clear(term);
}

void
rc_bound_zaslavsky_product(mpz_t out, size_t n, const size_t *widths, size_t k)
{
    mpz_t g;
    size_t l;

    mpz_init(g);
    mpz_set_ui(out, 1);
    for (l = 0; l < k; l++) {
        rc_bound_general_position(g, widths[l], n);
        mpz_mul(out, out, g);
    }
    mpz_clear(g);
}

void
rc_bound_montufar(mpz_t out, size_t n, const size_t *widths, size_t k)
{
    mpz_t g;
    size_t l, d = n;

    mpz_init(g);
    mpz_set_ui(out, 1);
    for (l = 0; l < k; l++) {
        if (widths[l] < d)
            d = widths[l];
        rc_bound_general_position(g, widths[l], d);
        mpz_mul(out, out, g);
    }
    mpz_clear(g);
}

/* Free an array of num initialised mpz_t. */
static void
mpz_array_free(mpz_t *a, size_t num)
{
    size_t i;

    if (a == NULL)
        return;
    for (i = 0; i < num; i++)
        mpz_clear(a[i]);
    free(a);
}

/* A new array of num mpz_t set to 0, or NULL. */
static mpz_t *
mpz_array_new(size_t num)
{
    mpz_t *a;
    size_t i;

    if (num > (size_t)-1 / sizeof(mpz_t))
        return NULL;
    a = malloc(num * sizeof(mpz_t));
    if (a == NULL)
        return NULL;
    for (i = 0; i < num; i++)
        mpz_init(a[i]);
    return a;
}

/* The Serra bound for every prefix: serra[l] (if serra is not NULL) gets the
 * bound for layers 0..l, out (if not NULL) the bound for all k layers. */
static rc_status
serra_dp(mpz_t out, mpz_t *serra, size_t n, const size_t *widths, size_t k,
         rc_error *err)
{
    mpz_t *cur = NULL, *nxt = NULL, *binom = NULL, *swap;
    size_t l, m, j, D = 0, jmax, N;
    rc_status st = RC_OK;

    if (out != NULL)
        mpz_set_ui(out, 1);
    if (k == 0)
        return RC_OK;
    for (l = 0; l < k; l++)
        if (widths[l] > D)
            D = widths[l];
    if (n < D)
        D = n;
    if (D == (size_t)-1)
        return rc_error_set(err, RC_ERR_NOMEM, "Serra bound: width too large");
    cur = mpz_array_new(D + 1);
    nxt = mpz_array_new(D + 1);
    binom = mpz_array_new(D + 1);
    if (cur == NULL || nxt == NULL || binom == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM,
                          "Serra bound: out of memory for %zu states", D + 1);
        goto cleanup;
    }
    mpz_set_ui(cur[D], 1);
    for (l = 0; l < k; l++) {
        N = widths[l];
        jmax = N < D ? N : D;
        mpz_set_ui(binom[0], 1);
        for (j = 1; j <= jmax; j++) {
            mpz_mul_ui(binom[j], binom[j - 1], (unsigned long)(N - j + 1));
            mpz_divexact_ui(binom[j], binom[j], (unsigned long)j);
        }
        for (m = 0; m <= D; m++)
            mpz_set_ui(nxt[m], 0);
        for (m = 0; m <= D; m++) {
            if (mpz_sgn(cur[m]) == 0)
                continue;
            for (j = 0; j <= m && j <= N; j++) {
                size_t next = N - j < m ? N - j : m;
                mpz_addmul(nxt[next], cur[m], binom[j]);
            }
        }
        swap = cur;
        cur = nxt;
        nxt = swap;
        if (serra != NULL) {
            mpz_set_ui(serra[l], 0);
            for (m = 0; m <= D; m++)
                mpz_add(serra[l], serra[l], cur[m]);
        }
    }
    if (out != NULL) {
        mpz_set_ui(out, 0);
        for (m = 0; m <= D; m++)
            mpz_add(out, out, cur[m]);
    }

cleanup:
    mpz_array_free(cur, D + 1);
    mpz_array_free(nxt, D + 1);
    mpz_array_free(binom, D + 1);
    return st;
}

rc_status
rc_bound_serra(mpz_t out, size_t n, const size_t *widths, size_t k,
               rc_error *err)
{
    return serra_dp(out, NULL, n, widths, k, err);
}

rc_status
rc_bound_table(mpz_t *zaslavsky, mpz_t *montufar, mpz_t *serra, size_t n,
               const size_t *widths, size_t num_layers, rc_error *err)
{
    mpz_t g, z, mo;
    size_t l, d = n;

    mpz_init(g);
    mpz_init_set_ui(z, 1);
    mpz_init_set_ui(mo, 1);
    for (l = 0; l < num_layers; l++) {
        rc_bound_general_position(g, widths[l], n);
        mpz_mul(z, z, g);
        if (widths[l] < d)
            d = widths[l];
        rc_bound_general_position(g, widths[l], d);
        mpz_mul(mo, mo, g);
        if (zaslavsky != NULL)
            mpz_set(zaslavsky[l], z);
        if (montufar != NULL)
            mpz_set(montufar[l], mo);
    }
    mpz_clear(g);
    mpz_clear(z);
    mpz_clear(mo);
    if (serra == NULL)
        return RC_OK;
    return serra_dp(NULL, serra, n, widths, num_layers, err);
}

unsigned
rc_bound_tightest(const mpz_t zaslavsky, const mpz_t montufar,
                  const mpz_t serra)
{
    mpz_srcptr min = zaslavsky;
    unsigned mask = 0;

    if (mpz_cmp(montufar, min) < 0)
        min = montufar;
    if (mpz_cmp(serra, min) < 0)
        min = serra;
    if (mpz_cmp(zaslavsky, min) == 0)
        mask |= RC_BOUND_ZASLAVSKY;
    if (mpz_cmp(montufar, min) == 0)
        mask |= RC_BOUND_MONTUFAR;
    if (mpz_cmp(serra, min) == 0)
        mask |= RC_BOUND_SERRA;
    return mask;
}
