/* test_torture.c -- the same small degenerate networks at every scale.
 *
 * Each base case is a 2D network on the box [-1,1]^2 whose region count
 * was derived by hand (below).  Its hyperplanes are then written at other
 * scales without changing them: each layer's rows multiplied by 2^+-1000
 * or 10^+-300 or mixed (1e-6 then 1e6), the box moved and scaled to a
 * width of 1e-6 or 1e6 (the rows substituted exactly), biases pushed into
 * the subnormal range.  Every number is written as an exact rational into
 * NNet text, so exact mode sees exactly the scaled network, and the count
 * may not change:
 *   - exact mode must give the derived count;
 *   - the default (filtered) mode must give it too;
 *   - float mode must give it or report uncertain decisions.
 * A variant with a denormal bias separates three concurrent lines by an
 * amount no double near 1 can see: the small triangle must be found. */
#include <gmp.h>
#include <stdio.h>
#include <string.h>

#include "relucells.h"
#include "testutil.h"

/* A base case: up to two hidden layers over (x1, x2); rows (w1, w2, b) of
 * small integers, then layer-2 rows over layer 1's outputs. */
typedef struct base_case {
    const char *name;
    size_t n1, n2;            /* widths; n2 = 0: one hidden layer */
    long l1[8][3];
    long l2[4][5];            /* n1 weights then the bias */
    size_t count;             /* regions on [-1,1]^2, derived by hand */
} base_case;

static const base_case cases[] = {
    /* x = 0, y = 0, x + y = 0 meet at the centre: 6 sectors. */
    { "three concurrent lines", 3, 0, {{1, 0, 0}, {0, 1, 0}, {1, 1, 0}}, {{0}}, 6 },
    /* both diagonals, through the box's corners: 4 triangles. */
    { "lines through corners", 2, 0, {{1, -1, 0}, {1, 1, 0}}, {{0}}, 4 },
    /* x = 1/2 twice and y = 0: the duplicate adds nothing: 4. */
    { "duplicate neurons", 3, 0, {{2, 0, -1}, {2, 0, -1}, {0, 1, 0}}, {{0}}, 4 },
    /* x = -1/2, 0, 1/2 and y = 0: 4 strips cut in two: 8. */
    { "parallel lines", 4, 0, {{2, 0, 1}, {1, 0, 0}, {2, 0, -1}, {0, 1, 0}}, {{0}}, 8 },
    /* a zero row, a negative constant, x = 0: 2 halves. */
    { "dead neurons", 3, 0, {{0, 0, 0}, {0, 0, -1}, {1, 0, 0}}, {{0}}, 2 },
    /* relu(x), relu(y); then a zero neuron and relu(x) - relu(y), which
     * is identically zero on the quadrant x < 0, y < 0, positive on
     * x > 0 > y, negative on y > 0 > x, and cuts x > 0, y > 0 along
     * x = y: 4 quadrants + 1 = 5. */
    { "identically zero on a region", 2, 2, {{1, 0, 0}, {0, 1, 0}},
      {{0, 0, 0}, {1, -1, 0}}, 5 },
    /* x = 0, y = 0, x + y = 1/2: three crossings inside: 7. */
    { "generic triangle", 3, 0, {{1, 0, 0}, {0, 1, 0}, {2, 2, -1}}, {{0}}, 7 },
};

/* How a base case is rewritten. */
typedef struct variant {
    const char *name;
    const char *s1, *s2;      /* layer scales (exact text) */
    const char *width;        /* box half-width (NULL: 1, centred at 0) */
    const char *shift;        /* added to the third row's bias, or NULL */
} variant;

static const variant variants[] = {
    { "as is", "1", "1", NULL, NULL },
    { "times 2^1000", "2^1000", "2^1000", NULL, NULL },
    { "times 2^-1000", "2^-1000", "2^-1000", NULL, NULL },
    { "times 1e300", "1e300", "1e300", NULL, NULL },
    { "times 1e-300", "1e-300", "1e-300", NULL, NULL },
    { "1e-6 then 1e6", "1e-6", "1e6", NULL, NULL },
    { "1e200 then 1e-200", "1e200", "1e-200", NULL, NULL },
    { "box of width 1e-6", "1", "1", "1e-6", NULL },
    { "box of width 1e6", "1", "1", "1e6", NULL },
    { "box of width 1e-30", "1", "1", "1e-30", NULL },
};

/* The exact value of text: decimals, p/q, or 2^k. */
static void
set_value(mpq_t q, const char *text)
{
    if (text[0] == '2' && text[1] == '^') {
        long k = atol(text + 2);
        mpq_set_ui(q, 1, 1);
        if (k >= 0)
            mpq_mul_2exp(q, q, (mp_bitcnt_t)k);
        else
            mpq_div_2exp(q, q, (mp_bitcnt_t)-k);
        return;
    }
    CU_ASSERT_EQUAL_FATAL(rc_q_set_text(q, text, strlen(text)), 0);
}

/* Append v as exact NNet text ("p/q") and a comma. */
static void
put(char **buf, size_t *len, size_t *cap, const mpq_t v)
{
    size_t need = mpz_sizeinbase(mpq_numref(v), 10)
                  + mpz_sizeinbase(mpq_denref(v), 10) + 8;

    if (*len + need >= *cap) {
        *cap = 2 * (*len + need);
        *buf = realloc(*buf, *cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(*buf);
    }
    *len += (size_t)gmp_snprintf(*buf + *len, *cap - *len, "%Qd,", v);
}

static void
put_text(char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t need = strlen(s) + 1;

    if (*len + need >= *cap) {
        *cap = 2 * (*len + need);
        *buf = realloc(*buf, *cap);
        CU_ASSERT_PTR_NOT_NULL_FATAL(*buf);
    }
    memcpy(*buf + *len, s, need);
    *len += need - 1;
}

/* The NNet text of case c under variant v (the third row's bias shifted
 * by delta when given).  With the box of half-width w centred at
 * c0 = (w, 2w), a base row (a, b, beta) over u becomes, over x = c0 + w u,
 * (a / w, b / w, beta - (a c0_1 + b c0_2) / w): the same line. */
static char *
write_case(const base_case *c, const variant *v, const char *delta)
{
    char *buf = NULL, line[256];
    size_t len = 0, cap = 0, i, j;
    size_t L = c->n2 ? 3 : 2, last = c->n2 ? c->n2 : c->n1;
    mpq_t s1, s2, w, c1, c2, t, u;

    mpq_inits(s1, s2, w, c1, c2, t, u, NULL);
    set_value(s1, v->s1);
    set_value(s2, v->s2);
    mpq_set_ui(w, 1, 1);
    if (v->width != NULL)
        set_value(w, v->width);
    /* the box centre: (w, 2w) when moved, the origin otherwise */
    if (v->width != NULL) {
        mpq_set(c1, w);
        mpq_add(c2, w, w);
    }
    snprintf(line, sizeof line, "%zu,2,1,%zu,\n2,%zu,", L,
             c->n1 > 2 ? c->n1 : (size_t)2, c->n1);
    put_text(&buf, &len, &cap, line);
    if (c->n2) {
        snprintf(line, sizeof line, "%zu,", c->n2);
        put_text(&buf, &len, &cap, line);
    }
    put_text(&buf, &len, &cap, "1,\n0,\n");
    for (i = 0; i < 2; i++) {            /* minimums */
        mpq_sub(t, i ? c2 : c1, w);
        put(&buf, &len, &cap, t);
    }
    put_text(&buf, &len, &cap, "\n");
    for (i = 0; i < 2; i++) {            /* maximums */
        mpq_add(t, i ? c2 : c1, w);
        put(&buf, &len, &cap, t);
    }
    put_text(&buf, &len, &cap, "\n0,0,0,\n1,1,1,\n");
    for (i = 0; i < c->n1; i++) {        /* layer 1 rows */
        for (j = 0; j < 2; j++) {
            mpq_set_si(t, c->l1[i][j], 1);
            mpq_mul(t, t, s1);
            mpq_div(t, t, w);
            put(&buf, &len, &cap, t);
        }
        put_text(&buf, &len, &cap, "\n");
    }
    for (i = 0; i < c->n1; i++) {        /* layer 1 biases */
        /* s1 (beta + delta - (a c1 + b c2) / w) */
        mpq_set_si(u, c->l1[i][0], 1);
        mpq_mul(t, u, c1);
        mpq_set_si(u, c->l1[i][1], 1);
        mpq_mul(u, u, c2);
        mpq_add(t, t, u);
        mpq_div(t, t, w);
        mpq_neg(t, t);
        mpq_set_si(u, c->l1[i][2], 1);
        mpq_add(t, t, u);
        if (delta != NULL && i == 2) {
            set_value(u, delta);
            mpq_add(t, t, u);
        }
        mpq_mul(t, t, s1);
        put(&buf, &len, &cap, t);
        put_text(&buf, &len, &cap, "\n");
    }
    if (c->n2) {
        for (i = 0; i < c->n2; i++) {
            for (j = 0; j < c->n1; j++) {
                mpq_set_si(t, c->l2[i][j], 1);
                mpq_mul(t, t, s2);
                put(&buf, &len, &cap, t);
            }
            put_text(&buf, &len, &cap, "\n");
        }
        for (i = 0; i < c->n2; i++) {
            mpq_set_si(t, c->l2[i][c->n1], 1);
            mpq_mul(t, t, s2);
            put(&buf, &len, &cap, t);
            put_text(&buf, &len, &cap, "\n");
        }
    }
    for (j = 0; j < last; j++)           /* output: the sum */
        put_text(&buf, &len, &cap, "1,");
    put_text(&buf, &len, &cap, "\n0,\n");
    mpq_clears(s1, s2, w, c1, c2, t, u, NULL);
    return buf;
}

static rc_net *
read_text(const char *text)
{
    FILE *in = fmemopen((void *)text, strlen(text), "r");
    rc_net *net = NULL;
    rc_error err = {RC_OK, ""};
    rc_status st;

    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    st = rc_net_read_nnet(&net, in, "torture", &err);
    fclose(in);
    if (st != RC_OK)
        printf("\n  %s\n%s\n", err.msg, text);
    CU_ASSERT_EQUAL_FATAL(st, RC_OK);
    return net;
}

/* Count in one arithmetic; the stats' uncertain count into *unc. */
static size_t
count_in(const rc_net *net, rc_arithmetic a, size_t *unc, int full)
{
    rc_domain *dom = NULL;
    rc_partition *part = NULL;
    rc_enum_opts opts;
    rc_error err = {RC_OK, ""};
    rc_status st;
    size_t count;

    CU_ASSERT_EQUAL_FATAL(rc_domain_new_from_net(&dom, net, &err), RC_OK);
    rc_enum_opts_init(&opts);
    opts.arithmetic = a;
    opts.chebyshev = opts.volume = full;
    st = rc_enumerate(&part, net, dom, &opts, &err);
    if (st != RC_OK && a != RC_ARITH_FLOAT)
        printf("\n  arithmetic %d: %s\n", (int)a, err.msg);
    if (st != RC_OK) {
        /* Float may refuse a network it cannot represent: that is not a
         * silent wrong answer. */
        CU_ASSERT_EQUAL(a, RC_ARITH_FLOAT);
        rc_domain_free(dom);
        *unc = 1;
        return 0;
    }
    count = rc_partition_num_regions(part);
    *unc = rc_partition_stats(part)->uncertain;
    rc_partition_free(part);
    rc_domain_free(dom);
    return count;
}

static void
check(const base_case *c, const variant *v, const char *delta, size_t want)
{
    char *text = write_case(c, v, delta);
    rc_net *net = read_text(text);
    size_t unc, ce, cf, cfl;
    int full;

    for (full = 0; full < 2; full++) {
        ce = count_in(net, RC_ARITH_EXACT, &unc, full);
        cf = count_in(net, RC_ARITH_FILTERED, &unc, full);
        cfl = count_in(net, RC_ARITH_FLOAT, &unc, full);
        CU_ASSERT_EQUAL(ce, want);
        CU_ASSERT_EQUAL(cf, want);
        CU_ASSERT(cfl == want || unc > 0);
        if (ce != want || cf != want || (cfl != want && unc == 0))
            printf("\n  %s, %s%s%s: want %zu, exact %zu, default %zu, "
                   "float %zu (uncertain %zu)\n", c->name, v->name,
                   delta ? ", shift " : "", delta ? delta : "", want, ce, cf,
                   cfl, unc);
    }
    rc_net_free(net);
    free(text);
}

static void
test_scales(void)
{
    size_t i, j;

    for (i = 0; i < sizeof cases / sizeof *cases; i++)
        for (j = 0; j < sizeof variants / sizeof *variants; j++)
            check(&cases[i], &variants[j], NULL, cases[i].count);
}

/* The three concurrent lines x = 0, y = 0, x + y = delta with delta
 * subnormal or just above: a triangle of side ~delta appears (7 regions)
 * at every scale, though no double near 1 sees it. */
static void
test_denormal_shift(void)
{
    static const char *const deltas[] = {
        "5e-324", "-5e-324", "1e-320", "2.5e-308", "1e-300", "1e-17"
    };
    size_t i, j;

    for (i = 0; i < sizeof deltas / sizeof *deltas; i++)
        for (j = 0; j < sizeof variants / sizeof *variants; j++)
            check(&cases[0], &variants[j], deltas[i], 7);
}

int
main(void)
{
    static const test_case tests[] = {
        { "degenerate networks at every scale", test_scales },
        { "concurrent lines split by a subnormal shift", test_denormal_shift },
    };

    return test_run_suite("torture", tests, sizeof tests / sizeof *tests);
}
