/* rational.c -- reading decimal and fractional text exactly into mpq_t.
 *
 * A decimal d_1...d_k . f_1...f_m e E is the integer d_1...d_k f_1...f_m
 * divided by 10^(m - E); GMP then puts the fraction in lowest terms. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int
rc_q_set_text(mpq_t q, const char *s, size_t len)
{
    const char *p = s, *end = s + len;
    char *digits;
    size_t nd = 0, frac = 0;
    long exp10 = 0;
    int neg = 0, ok = 0;
    mpz_t num, den;

    if (p < end && (*p == '+' || *p == '-'))
        neg = *p++ == '-';
    digits = malloc(len + 2);
    if (digits == NULL)
        return -1;
    while (p < end && is_digit(*p))
        digits[nd++] = *p++;
    if (p < end && *p == '/') {
        /* p/q */
        const char *d0 = ++p;
        if (nd == 0 || p == end)
            goto done;
        while (p < end && is_digit(*p))
            p++;
        if (p != end)
            goto done;
        digits[nd] = '\0';
        mpz_init_set_str(num, digits, 10);
        memcpy(digits, d0, (size_t)(end - d0));
        digits[end - d0] = '\0';
        mpz_init_set_str(den, digits, 10);
        if (mpz_sgn(den) != 0) {
            mpq_set_num(q, num);
            mpq_set_den(q, den);
            mpq_canonicalize(q);
            if (neg)
                mpq_neg(q, q);
            ok = 1;
        }
        mpz_clear(num);
        mpz_clear(den);
        goto done;
    }
    if (p < end && *p == '.') {
        p++;
        while (p < end && is_digit(*p)) {
            digits[nd++] = *p++;
            frac++;
        }
    }
    if (nd == 0)
        goto done;
    if (p < end && (*p == 'e' || *p == 'E')) {
        int eneg = 0;
        p++;
        if (p < end && (*p == '+' || *p == '-'))
            eneg = *p++ == '-';
        if (p == end || !is_digit(*p))
            goto done;
        while (p < end && is_digit(*p)) {
            exp10 = exp10 * 10 + (*p++ - '0');
            if (exp10 > 100000)
                goto done;
        }
        if (eneg)
            exp10 = -exp10;
    }
    if (p != end)
        goto done;
    digits[nd] = '\0';
    exp10 -= (long)frac;
    mpz_init_set_str(num, digits, 10);
    mpz_init_set_ui(den, 1);
    if (exp10 >= 0) {
        mpz_ui_pow_ui(den, 10, (unsigned long)exp10);
        mpz_mul(num, num, den);
        mpz_set_ui(den, 1);
    } else {
        mpz_ui_pow_ui(den, 10, (unsigned long)-exp10);
    }
    mpq_set_num(q, num);
    mpq_set_den(q, den);
    mpq_canonicalize(q);
    if (neg)
        mpq_neg(q, q);
    mpz_clear(num);
    mpz_clear(den);
    ok = 1;
done:
    free(digits);
    return ok ? 0 : -1;
}

double
rc_q_get_d(const mpq_t q)
{
    /* mpq_get_d truncates, and so does mpz_get_d_2exp: round by hand.  A
     * quotient qt of at least 55 bits with a sticky bit for the remainder
     * is rounded to the precision of the result's binade (53 bits, fewer
     * for denormals), to nearest, ties to even. */
    size_t bits;
    long s, e, p, drop;
    mpz_t a, qt, r;
    double x;
    int sticky, c;

    if (mpz_sgn(mpq_numref(q)) == 0)
        return 0.0;
    mpz_init(a);
    mpz_init(qt);
    mpz_init(r);
    mpz_abs(a, mpq_numref(q));
    /* a / den lies in [2^(e-1), 2^(e+1)); scale it by 2^s to >= 2^54 */
    e = (long)mpz_sizeinbase(a, 2) - (long)mpz_sizeinbase(mpq_denref(q), 2);
    s = 55 - e;
    if (s >= 0)
        mpz_mul_2exp(a, a, (mp_bitcnt_t)s);
    else
        mpz_tdiv_q_2exp(a, a, (mp_bitcnt_t)-s);   /* exact below: see r */
    mpz_tdiv_qr(qt, r, a, mpq_denref(q));
    sticky = mpz_sgn(r) != 0;
    if (s < 0)   /* the bits shifted out of a */
        sticky |= mpz_scan1(mpq_numref(q), 0) < (mp_bitcnt_t)-s;
    bits = mpz_sizeinbase(qt, 2);
    /* value = (qt + sticky) 2^-s, in [2^E, 2^(E+1)) with E = bits - s - 1 */
    e = (long)bits - s - 1;
    p = e >= -1022 ? 53 : 53 - (-1022 - e);
    drop = (long)bits - p;   /* >= 2 */
    mpz_tdiv_r_2exp(r, qt, (mp_bitcnt_t)drop);
    mpz_tdiv_q_2exp(qt, qt, (mp_bitcnt_t)drop);
    mpz_set_ui(a, 1);
    mpz_mul_2exp(a, a, (mp_bitcnt_t)(drop - 1));   /* half a unit */
    c = mpz_cmp(r, a);
    if (c > 0 || (c == 0 && (sticky || mpz_odd_p(qt))))
        mpz_add_ui(qt, qt, 1);
    x = e > 1023 ? HUGE_VAL : ldexp(mpz_get_d(qt), (int)(drop - s));
    mpz_clear(a);
    mpz_clear(qt);
    mpz_clear(r);
    return mpz_sgn(mpq_numref(q)) < 0 ? -x : x;
}

/* Room for mpq_get_str of q: the digits of both parts, a sign, the
 * slash and the terminating zero. */
static size_t
q_text_size(mpq_srcptr q)
{
    return mpz_sizeinbase(mpq_numref(q), 10)
           + mpz_sizeinbase(mpq_denref(q), 10) + 3;
}

char *
rc_q_get_text(mpq_srcptr q)
{
    return rc_q_array_get_text(q, 1);
}

char *
rc_q_array_get_text(mpq_srcptr v, size_t n)
{
    size_t i, size = 1, len = 0;
    char *s;

    for (i = 0; i < n; i++)
        size += q_text_size(v + i) + 1;
    if ((s = malloc(size)) == NULL)
        return NULL;
    s[0] = '\0';
    for (i = 0; i < n; i++) {
        if (i > 0)
            s[len++] = ' ';
        mpq_get_str(s + len, 10, v + i);
        len += strlen(s + len);
    }
    return s;
}

void
rc_text_free(char *text)
{
    free(text);
}

static int
is_separator(char c)
{
    return c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

rc_status
rc_q_array_new_text(mpq_t **v, const char *text, size_t n, rc_error *err)
{
    const char *p = text;
    size_t k = 0;
    mpq_t *q;

    *v = NULL;
    if ((q = rc_mpq_array_new(n)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory for %zu rationals", n);
    for (;;) {
        size_t len;
        while (*p != '\0' && is_separator(*p))
            p++;
        if (*p == '\0')
            break;
        for (len = 0; p[len] != '\0' && !is_separator(p[len]); len++)
            ;
        if (k == n) {
            rc_mpq_array_free(q, n);
            return rc_error_set(err, RC_ERR_PARSE, "more than %zu numbers", n);
        }
        if (rc_q_set_text(q[k], p, len) != 0) {
            rc_mpq_array_free(q, n);
            return rc_error_set(err, RC_ERR_PARSE, "'%.*s' is not a number",
                                (int)(len > 60 ? 60 : len), p);
        }
        k++;
        p += len;
    }
    if (k != n) {
        rc_mpq_array_free(q, n);
        return rc_error_set(err, RC_ERR_PARSE, "%zu numbers, expected %zu", k, n);
    }
    *v = q;
    return RC_OK;
}

void
rc_q_array_free(mpq_t *v, size_t n)
{
    rc_mpq_array_free(v, n);
}

mpq_t *
rc_mpq_array_new(size_t count)
{
    mpq_t *v = malloc((count ? count : 1) * sizeof *v);
    size_t i;

    if (v != NULL)
        for (i = 0; i < count; i++)
            mpq_init(v[i]);
    return v;
}

void
rc_mpq_array_free(mpq_t *v, size_t count)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < count; i++)
        mpq_clear(v[i]);
    free(v);
}

mpz_t *
rc_mpz_array_new(size_t count)
{
    mpz_t *v = malloc((count ? count : 1) * sizeof *v);
    size_t i;

    if (v != NULL)
        for (i = 0; i < count; i++)
            mpz_init(v[i]);
    return v;
}

void
rc_mpz_array_free(mpz_t *v, size_t count)
{
    size_t i;

    if (v == NULL)
        return;
    for (i = 0; i < count; i++)
        mpz_clear(v[i]);
    free(v);
}
