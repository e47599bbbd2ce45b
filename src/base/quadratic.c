/* quadratic.c -- exact real numbers a + b sqrt(D); see quadratic.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/quadratic.h"
#include "base/rational.h"

void
rc_qnum_init(rc_qnum *x)
{
    mpq_init(x->a);
    mpq_init(x->b);
    mpz_init(x->D);
}

void
rc_qnum_clear(rc_qnum *x)
{
    mpq_clear(x->a);
    mpq_clear(x->b);
    mpz_clear(x->D);
}

void
rc_qnum_set(rc_qnum *x, const rc_qnum *y)
{
    mpq_set(x->a, y->a);
    mpq_set(x->b, y->b);
    mpz_set(x->D, y->D);
}

void
rc_qnum_set_q(rc_qnum *x, const mpq_t q)
{
    mpq_set(x->a, q);
    mpq_set_ui(x->b, 0, 1);
    mpz_set_ui(x->D, 0);
}

int
rc_qnum_is_rational(const rc_qnum *x)
{
    return mpq_sgn(x->b) == 0;
}

int
rc_qsign2(const mpq_t E, const mpq_t F, const mpz_t M)
{
    int se = mpq_sgn(E), sf = mpz_sgn(M) == 0 ? 0 : mpq_sgn(F);
    mpq_t e2, f2;
    int c;

    if (sf == 0)
        return se;
    if (se == 0 || se == sf)
        return sf;
    /* Opposite signs: the larger square wins. */
    mpq_init(e2);
    mpq_init(f2);
    mpq_mul(e2, E, E);
    mpq_mul(f2, F, F);
    mpz_mul(mpq_numref(f2), mpq_numref(f2), M);
    mpq_canonicalize(f2);
    c = mpq_cmp(e2, f2);
    mpq_clear(e2);
    mpq_clear(f2);
    return c > 0 ? se : c < 0 ? sf : 0;
}

/* Sign of A + B sqrt(D1) + C sqrt(D2). */
static int
sign3(const mpq_t A, const mpq_t B, const mpz_t D1, const mpq_t C,
      const mpz_t D2)
{
    int sa = mpq_sgn(A), sb = mpz_sgn(D1) ? mpq_sgn(B) : 0;
    int sc = mpz_sgn(D2) ? mpq_sgn(C) : 0, s, r;
    mpq_t b2, c2, E, F;
    mpz_t M;

    mpq_init(b2);
    mpq_init(c2);
    mpq_init(E);
    mpq_init(F);
    mpz_init(M);
    /* s: the sign of B sqrt(D1) + C sqrt(D2). */
    mpq_mul(b2, B, B);
    mpz_mul(mpq_numref(b2), mpq_numref(b2), D1);
    mpq_canonicalize(b2);
    mpq_mul(c2, C, C);
    mpz_mul(mpq_numref(c2), mpq_numref(c2), D2);
    mpq_canonicalize(c2);
    if (sb == 0 || sc == 0 || sb == sc)
        s = sb ? sb : sc;
    else {
        int c = mpq_cmp(b2, c2);
        s = c > 0 ? sb : c < 0 ? sc : 0;
    }
    if (s == 0 || sa == 0 || sa == s) {
        r = sa ? sa : s;
        goto done;
    }
    /* Opposite signs: compare A^2 with (B sqrt D1 + C sqrt D2)^2
     * = B^2 D1 + C^2 D2 + 2 B C sqrt(D1 D2). */
    mpq_mul(E, A, A);
    mpq_sub(E, E, b2);
    mpq_sub(E, E, c2);
    mpq_mul(F, B, C);
    mpq_neg(F, F);
    mpz_mul_2exp(mpq_numref(F), mpq_numref(F), 1);
    mpq_canonicalize(F);
    mpz_mul(M, D1, D2);
    {
        int c = rc_qsign2(E, F, M);
        r = c > 0 ? sa : c < 0 ? s : 0;
    }
done:
    mpq_clear(b2);
    mpq_clear(c2);
    mpq_clear(E);
    mpq_clear(F);
    mpz_clear(M);
    return r;
}

int
rc_qnum_cmp(const rc_qnum *x, const rc_qnum *y)
{
    mpq_t A, C;
    int s;

    if (rc_qnum_is_rational(x) && rc_qnum_is_rational(y))
        return mpq_cmp(x->a, y->a);
    mpq_init(A);
    mpq_init(C);
    mpq_sub(A, x->a, y->a);
    mpq_neg(C, y->b);
    s = sign3(A, x->b, x->D, C, y->D);
    mpq_clear(A);
    mpq_clear(C);
    return s;
}

int
rc_qnum_cmp_q(const rc_qnum *x, const mpq_t q)
{
    mpq_t A;
    mpz_t D;
    int s;

    if (rc_qnum_is_rational(x))
        return mpq_cmp(x->a, q);
    mpq_init(A);
    mpz_init_set(D, x->D);
    mpq_sub(A, x->a, q);
    s = rc_qsign2(A, x->b, D);
    mpq_clear(A);
    mpz_clear(D);
    return s;
}

int
rc_qnum_poly_sign(const mpz_t p0, const mpz_t p1, const mpz_t p2,
                  const rc_qnum *x)
{
    mpq_t E, F, t;
    int s;

    mpq_init(E);
    mpq_init(F);
    mpq_init(t);
    /* x^2 = a^2 + b^2 D + 2 a b sqrt(D). */
    mpq_mul(E, x->a, x->a);
    if (!rc_qnum_is_rational(x)) {
        mpq_mul(t, x->b, x->b);
        mpz_mul(mpq_numref(t), mpq_numref(t), x->D);
        mpq_canonicalize(t);
        mpq_add(E, E, t);
    }
    mpq_set_z(t, p2);
    mpq_mul(E, E, t);
    mpq_set_z(t, p1);
    mpq_mul(t, t, x->a);
    mpq_add(E, E, t);
    mpq_set_z(t, p0);
    mpq_add(E, E, t);
    if (rc_qnum_is_rational(x)) {
        s = mpq_sgn(E);
    } else {
        /* F = b (p1 + 2 p2 a) */
        mpq_set_z(t, p2);
        mpq_mul(t, t, x->a);
        mpz_mul_2exp(mpq_numref(t), mpq_numref(t), 1);
        mpq_canonicalize(t);
        mpq_set_z(F, p1);
        mpq_add(F, F, t);
        mpq_mul(F, F, x->b);
        s = rc_qsign2(E, F, x->D);
    }
    mpq_clear(E);
    mpq_clear(F);
    mpq_clear(t);
    return s;
}

int
rc_qnum_roots(rc_qnum r[2], const mpz_t p0, const mpz_t p1, const mpz_t p2)
{
    mpz_t disc, s, t;
    int count = 0;

    if (mpz_sgn(p2) == 0) {
        if (mpz_sgn(p1) == 0)
            return 0;
        /* -p0 / p1 */
        mpz_neg(mpq_numref(r[0].a), p0);
        mpz_set(mpq_denref(r[0].a), p1);
        if (mpz_sgn(p1) < 0) {
            mpz_neg(mpq_numref(r[0].a), mpq_numref(r[0].a));
            mpz_neg(mpq_denref(r[0].a), mpq_denref(r[0].a));
        }
        mpq_canonicalize(r[0].a);
        mpq_set_ui(r[0].b, 0, 1);
        mpz_set_ui(r[0].D, 0);
        return 1;
    }
    mpz_init(disc);
    mpz_init(s);
    mpz_init(t);
    mpz_mul(disc, p1, p1);
    mpz_mul(t, p0, p2);
    mpz_submul_ui(disc, t, 4);
    if (mpz_sgn(disc) > 0) {
        int k, sq = mpz_perfect_square_p(disc);
        if (sq)
            mpz_sqrt(s, disc);
        for (k = 0; k < 2; k++) {
            /* (-p1 -+ sqrt(disc)) / (2 p2), ascending whatever p2's sign */
            int minus = (k == 0) == (mpz_sgn(p2) > 0);
            rc_qnum *x = &r[k];
            mpz_neg(mpq_numref(x->a), p1);
            mpz_mul_2exp(mpq_denref(x->a), p2, 1);
            if (sq) {
                if (minus)
                    mpz_sub(mpq_numref(x->a), mpq_numref(x->a), s);
                else
                    mpz_add(mpq_numref(x->a), mpq_numref(x->a), s);
                mpq_set_ui(x->b, 0, 1);
                mpz_set_ui(x->D, 0);
            } else {
                mpz_set_si(mpq_numref(x->b), minus ? -1 : 1);
                mpz_mul_2exp(mpq_denref(x->b), p2, 1);
                if (mpz_sgn(mpq_denref(x->b)) < 0) {
                    mpz_neg(mpq_numref(x->b), mpq_numref(x->b));
                    mpz_neg(mpq_denref(x->b), mpq_denref(x->b));
                }
                mpq_canonicalize(x->b);
                mpz_set(x->D, disc);
            }
            if (mpz_sgn(mpq_denref(x->a)) < 0) {
                mpz_neg(mpq_numref(x->a), mpq_numref(x->a));
                mpz_neg(mpq_denref(x->a), mpq_denref(x->a));
            }
            mpq_canonicalize(x->a);
        }
        count = 2;
    }
    mpz_clear(disc);
    mpz_clear(s);
    mpz_clear(t);
    return count;
}

void
rc_qnum_bounds(mpq_t lo, mpq_t hi, const rc_qnum *x, const mpq_t width)
{
    mpz_t r, scaled;
    mpq_t sl, sh;
    unsigned long k;

    if (rc_qnum_is_rational(x)) {
        mpq_set(lo, x->a);
        mpq_set(hi, x->a);
        return;
    }
    /* floor(sqrt(D 4^k)) / 2^k <= sqrt(D) < that + 2^-k; k so that
     * |b| 2^-k < width. */
    k = 4;
    {
        mpq_t t;
        mpq_init(t);
        mpq_abs(t, x->b);
        for (;;) {
            mpq_t u;
            mpq_init(u);
            mpq_div_2exp(u, t, k);
            if (mpq_cmp(u, width) < 0) {
                mpq_clear(u);
                break;
            }
            mpq_clear(u);
            k += 8;
        }
        mpq_clear(t);
    }
    mpz_init(r);
    mpz_init(scaled);
    mpq_init(sl);
    mpq_init(sh);
    mpz_mul_2exp(scaled, x->D, 2 * k);
    mpz_sqrt(r, scaled);
    mpz_set(mpq_numref(sl), r);
    mpz_set_ui(mpq_denref(sl), 1);
    mpq_div_2exp(sl, sl, k);
    mpz_add_ui(r, r, 1);
    mpz_set(mpq_numref(sh), r);
    mpz_set_ui(mpq_denref(sh), 1);
    mpq_div_2exp(sh, sh, k);
    if (mpq_sgn(x->b) > 0) {
        mpq_mul(lo, x->b, sl);
        mpq_mul(hi, x->b, sh);
    } else {
        mpq_mul(lo, x->b, sh);
        mpq_mul(hi, x->b, sl);
    }
    mpq_add(lo, lo, x->a);
    mpq_add(hi, hi, x->a);
    mpz_clear(r);
    mpz_clear(scaled);
    mpq_clear(sl);
    mpq_clear(sh);
}

double
rc_qnum_get_d(const rc_qnum *x)
{
    mpq_t lo, hi, w;
    mpz_t r;
    double v;

    if (rc_qnum_is_rational(x))
        return rc_q_get_d(x->a);
    mpq_init(lo);
    mpq_init(hi);
    mpq_init(w);
    mpz_init(r);
    /* width 2^-80 (1 + |a| + |b| (floor(sqrt D) + 1)), far below an ulp
     * of x unless x nearly cancels, where 2^-80 absolute is plenty */
    mpz_sqrt(r, x->D);
    mpz_add_ui(r, r, 1);
    mpq_set_z(hi, r);
    mpq_mul(hi, hi, x->b);
    mpq_abs(hi, hi);
    mpq_abs(w, x->a);
    mpq_add(w, w, hi);
    mpq_set_ui(hi, 1, 1);
    mpq_add(w, w, hi);
    mpq_div_2exp(w, w, 80);
    rc_qnum_bounds(lo, hi, x, w);
    mpq_add(lo, lo, hi);
    mpq_div_2exp(lo, lo, 1);
    v = rc_q_get_d(lo);
    mpq_clear(lo);
    mpq_clear(hi);
    mpq_clear(w);
    mpz_clear(r);
    return v;
}

char *
rc_qnum_str(const rc_qnum *x)
{
    char *a = mpq_get_str(NULL, 10, x->a), *b = NULL, *d = NULL, *s;
    size_t len;
    void (*freefunc)(void *, size_t);

    mp_get_memory_functions(NULL, NULL, &freefunc);
    if (a == NULL)
        return NULL;
    if (!rc_qnum_is_rational(x)) {
        mpq_t ab;
        mpq_init(ab);
        mpq_abs(ab, x->b);
        b = mpq_get_str(NULL, 10, ab);
        d = mpz_get_str(NULL, 10, x->D);
        mpq_clear(ab);
    }
    len = strlen(a) + (b ? strlen(b) + strlen(d) + 16 : 0) + 1;
    s = malloc(len);
    if (s != NULL) {
        if (b != NULL && d != NULL)
            snprintf(s, len, "%s %c %s*sqrt(%s)", a,
                     mpq_sgn(x->b) < 0 ? '-' : '+', b, d);
        else
            snprintf(s, len, "%s", a);
    }
    freefunc(a, strlen(a) + 1);
    if (b != NULL)
        freefunc(b, strlen(b) + 1);
    if (d != NULL)
        freefunc(d, strlen(d) + 1);
    return s;
}
