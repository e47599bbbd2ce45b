/* vnnlib.c -- the input box of a VNN-LIB property.
 *
 * VNN-LIB (the property format of the VNN-COMP benchmarks) is a subset of
 * SMT-LIB: inputs X_0..X_{n-1} and outputs Y_0..Y_{m-1} are declared with
 * (declare-const X_0 Real), and (assert F) states constraints.  A box is a
 * conjunction of bounds l <= X_i and X_i <= u with numbers l, u; it may be
 * written as separate assertions, as (and ...), or as (or (and ...)) with
 * one disjunct.  Numbers are read exactly (0.68 is 17/25), so exact mode
 * enumerates on exactly the box of the file.  Strict bounds (<, >) give the
 * same closed box: regions are closed polyhedra either way.  Assertions
 * on outputs only are skipped (counted for a note); an assertion mixing
 * inputs and outputs, a bound relating two variables and a disjunction of
 * several boxes are not boxes and are refused with "file:line: what". */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "model/net_internal.h"
#include "relucells/io.h"

#define MAX_DEPTH 200

/* An s-expression: an atom (text in the file's buffer) or a list. */
typedef struct sx {
    const char *atom;      /* NULL for a list */
    size_t len;
    struct sx **kid;
    size_t n;
    unsigned long line;
} sx;

typedef struct vreader {
    const char *name;
    rc_error *err;
    char *buf;
    size_t len, pos;
    unsigned long line;
    /* The box being built. */
    size_t n;
    mpq_t *lo, *hi;
    unsigned char *has_lo, *has_hi;
    unsigned long *decl_line;   /* 0: X_i not declared */
    size_t ignored;
} vreader;

static void
sx_free(sx *e)
{
    size_t k;

    if (e == NULL)
        return;
    for (k = 0; k < e->n; k++)
        sx_free(e->kid[k]);
    free(e->kid);
    free(e);
}

static rc_status
fail(vreader *r, unsigned long line, const char *fmt, ...) RC_PRINTF(3, 4);

static rc_status
fail(vreader *r, unsigned long line, const char *fmt, ...)
{
    char msg[RC_ERROR_MSG_SIZE];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return rc_error_set(r->err, RC_ERR_PARSE, "%s:%lu: %s", r->name, line, msg);
}

static rc_status
nomem(vreader *r)
{
    return rc_error_set(r->err, RC_ERR_NOMEM, "%s: out of memory", r->name);
}

/* ---- reading s-expressions ----------------------------------------------- */

static void
skip_blanks(vreader *r)
{
    while (r->pos < r->len) {
        char ch = r->buf[r->pos];

        if (ch == ';') {
            while (r->pos < r->len && r->buf[r->pos] != '\n')
                r->pos++;
        } else if (ch == '\n') {
            r->line++;
            r->pos++;
        } else if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v') {
            r->pos++;
        } else {
            return;
        }
    }
}

/* Read one expression at r->pos (after blanks). */
static rc_status
read_sx(sx **out, vreader *r, int depth)
{
    sx *e;
    rc_status st;

    *out = NULL;
    skip_blanks(r);
    if (r->pos == r->len)
        return fail(r, r->line, "unexpected end of file");
    if (r->buf[r->pos] == ')')
        return fail(r, r->line, "unexpected ')'");
    if (depth > MAX_DEPTH)
        return fail(r, r->line, "expressions nested more than %d deep", MAX_DEPTH);
    e = calloc(1, sizeof *e);
    if (e == NULL)
        return nomem(r);
    e->line = r->line;
    if (r->buf[r->pos] != '(') {
        size_t start = r->pos;

        while (r->pos < r->len && !strchr(" \t\r\n\f\v();", r->buf[r->pos])
               && r->buf[r->pos] != '\0')
            r->pos++;
        if (r->pos == start) {
            free(e);
            return fail(r, r->line, "NUL byte in the file");
        }
        e->atom = r->buf + start;
        e->len = r->pos - start;
        *out = e;
        return RC_OK;
    }
    r->pos++;
    for (;;) {
        sx *kid;

        skip_blanks(r);
        if (r->pos == r->len) {
            st = fail(r, e->line, "'(' is never closed");
            sx_free(e);
            return st;
        }
        if (r->buf[r->pos] == ')') {
            r->pos++;
            *out = e;
            return RC_OK;
        }
        if ((st = read_sx(&kid, r, depth + 1)) != RC_OK) {
            sx_free(e);
            return st;
        }
        if ((e->n & (e->n + 1)) == 0 || e->n == 0) {
            /* grow at 1, 2, 4, 8, ... entries */
            sx **k = realloc(e->kid, 2 * (e->n + 1) * sizeof *k);
            if (k == NULL) {
                sx_free(kid);
                sx_free(e);
                return nomem(r);
            }
            e->kid = k;
        }
        e->kid[e->n++] = kid;
    }
}

/* ---- interpreting them ------------------------------------------------------ */

static int
is_atom(const sx *e, const char *word)
{
    return e->atom != NULL && e->len == strlen(word)
           && strncmp(e->atom, word, e->len) == 0;
}

/* The head word of a list, or "" */
static int
head_is(const sx *e, const char *word)
{
    return e->atom == NULL && e->n > 0 && is_atom(e->kid[0], word);
}

/* Is e the atom X_<i> or Y_<i>?  Returns 'X', 'Y' or 0; *i its index. */
static int
variable(const sx *e, size_t *i)
{
    size_t k;
    unsigned long long v = 0;

    if (e->atom == NULL || e->len < 3 || e->atom[1] != '_'
        || (e->atom[0] != 'X' && e->atom[0] != 'Y'))
        return 0;
    for (k = 2; k < e->len; k++) {
        if (e->atom[k] < '0' || e->atom[k] > '9' || v > 100000000)
            return 0;
        v = v * 10 + (unsigned)(e->atom[k] - '0');
    }
    *i = (size_t)v;
    return e->atom[0];
}

/* Which variables e mentions: bit 1 inputs, bit 2 outputs. */
static int
mentions(const sx *e)
{
    size_t k, i;
    int m = 0;

    if (e->atom != NULL) {
        int v = variable(e, &i);
        return v == 'X' ? 1 : v == 'Y' ? 2 : 0;
    }
    for (k = 0; k < e->n; k++)
        m |= mentions(e->kid[k]);
    return m;
}

/* The value of a constant expression: a number, (- a), (- a b), (+ a ...),
 * (* a ...), (/ a b). */
static rc_status
constant(mpq_t v, vreader *r, const sx *e)
{
    size_t k;
    mpq_t t;
    rc_status st = RC_OK;
    char op;

    if (e->atom != NULL) {
        if (rc_q_set_text(v, e->atom, e->len) != 0)
            return fail(r, e->line, "'%.*s' is not a number", (int)(e->len < 60 ? e->len : 60),
                        e->atom);
        return RC_OK;
    }
    if (e->n < 2 || e->kid[0]->atom == NULL || e->kid[0]->len != 1
        || !strchr("+-*/", e->kid[0]->atom[0]))
        return fail(r, e->line, "expected a number");
    op = e->kid[0]->atom[0];
    if ((op == '/' && e->n != 3) || (op == '-' && e->n > 3))
        return fail(r, e->line, "expected a number");
    if ((st = constant(v, r, e->kid[1])) != RC_OK)
        return st;
    if (op == '-' && e->n == 2) {
        mpq_neg(v, v);
        return RC_OK;
    }
    mpq_init(t);
    for (k = 2; k < e->n && st == RC_OK; k++) {
        if ((st = constant(t, r, e->kid[k])) != RC_OK)
            break;
        if (op == '+')
            mpq_add(v, v, t);
        else if (op == '-')
            mpq_sub(v, v, t);
        else if (op == '*')
            mpq_mul(v, v, t);
        else if (mpq_sgn(t) == 0)
            st = fail(r, e->line, "division by zero");
        else
            mpq_div(v, v, t);
    }
    mpq_clear(t);
    return st;
}

/* Apply one comparison (<= a b) etc. on inputs to the box. */
static rc_status
bound(vreader *r, const sx *e)
{
    const char *op = e->kid[0]->atom;
    size_t i, il = 0, ir = 0, oplen = e->kid[0]->len;   /* "<=", "<", ">=", ">", "=" */
    int upper, lower, var_left, var_right;
    mpq_t v;
    rc_status st;

    if (e->n != 3)
        return fail(r, e->line, "a comparison of %zu terms: expected two",
                    e->n - 1);
    var_left = variable(e->kid[1], &il) == 'X';
    var_right = variable(e->kid[2], &ir) == 'X';
    if (var_left == var_right)
        return fail(r, e->line, var_left ? "a bound relating two inputs is not "
                    "a box constraint" : "a bound on an expression of inputs is "
                    "not a box constraint");
    i = var_left ? il : ir;
    if (i >= r->n || r->decl_line[i] == 0)
        return fail(r, e->line, "X_%zu is not declared", i);
    /* X <= c and c >= X bound X from above. */
    lower = op[0] == '>';
    upper = !lower;
    if (!var_left) {
        lower = !lower;
        upper = !upper;
    }
    if (oplen == 1 && op[0] == '=')
        lower = upper = 1;
    mpq_init(v);
    st = constant(v, r, e->kid[var_left ? 2 : 1]);
    if (st == RC_OK && lower && (!r->has_lo[i] || mpq_cmp(v, r->lo[i]) > 0)) {
        mpq_set(r->lo[i], v);
        r->has_lo[i] = 1;
    }
    if (st == RC_OK && upper && (!r->has_hi[i] || mpq_cmp(v, r->hi[i]) < 0)) {
        mpq_set(r->hi[i], v);
        r->has_hi[i] = 1;
    }
    mpq_clear(v);
    return st;
}

/* A formula on inputs: a conjunction of bounds. */
static rc_status
formula(vreader *r, const sx *e)
{
    size_t k;
    rc_status st;

    if (e->atom != NULL || e->n == 0 || e->kid[0]->atom == NULL)
        return fail(r, e->line, "expected a constraint");
    if (head_is(e, "and")) {
        for (k = 1; k < e->n; k++)
            if ((st = formula(r, e->kid[k])) != RC_OK)
                return st;
        return RC_OK;
    }
    if (head_is(e, "or")) {
        if (e->n != 2)
            return fail(r, e->line, "a disjunction of %zu input boxes is not a "
                        "box (write one property per box)", e->n - 1);
        return formula(r, e->kid[1]);
    }
    if (head_is(e, "<=") || head_is(e, ">=") || head_is(e, "<") || head_is(e, ">")
        || head_is(e, "="))
        return bound(r, e);
    return fail(r, e->line, "'%.*s' is not a box constraint (bounds joined by "
                "and are)", (int)(e->kid[0]->len < 40 ? e->kid[0]->len : 40),
                e->kid[0]->atom);
}

static rc_status
command(vreader *r, const sx *e)
{
    size_t i;
    int m;

    if (head_is(e, "declare-const")) {
        int v;

        if (e->n != 3 || !is_atom(e->kid[2], "Real"))
            return fail(r, e->line, "expected (declare-const NAME Real)");
        v = variable(e->kid[1], &i);
        if (v == 0)
            return fail(r, e->line, "'%.*s': VNN-LIB names inputs X_i and "
                        "outputs Y_i", (int)(e->kid[1]->len < 40 ? e->kid[1]->len : 40),
                        e->kid[1]->atom ? e->kid[1]->atom : "(");
        if (v == 'X') {
            if (i >= r->n)
                return fail(r, e->line, "X_%zu: the network has %zu inputs "
                            "(X_0..X_%zu)", i, r->n, r->n - 1);
            if (r->decl_line[i] != 0)
                return fail(r, e->line, "X_%zu is declared twice", i);
            r->decl_line[i] = e->line;
        }
        return RC_OK;
    }
    if (head_is(e, "assert")) {
        if (e->n != 2)
            return fail(r, e->line, "expected (assert CONSTRAINT)");
        m = mentions(e->kid[1]);
        if (m == 2) {
            r->ignored++;
            return RC_OK;
        }
        if (m == 3)
            return fail(r, e->line, "an assertion on inputs and outputs "
                        "together: relucells reads input boxes only");
        if (m == 0)
            return fail(r, e->line, "an assertion without variables");
        return formula(r, e->kid[1]);
    }
    if (head_is(e, "check-sat") || head_is(e, "get-model") || head_is(e, "exit")
        || head_is(e, "set-logic") || head_is(e, "set-info")
        || head_is(e, "set-option"))
        return RC_OK;
    return fail(r, e->line, "expected declare-const or assert");
}

rc_status
rc_vnnlib_read_box(mpq_t *lo, mpq_t *hi, size_t *num_ignored, size_t n,
                   FILE *in, const char *name, rc_error *err)
{
    vreader r;
    size_t cap = 1 << 16, got, i;
    rc_status st = RC_OK;

    memset(&r, 0, sizeof r);
    r.name = name != NULL ? name : "<input>";
    r.err = err;
    r.n = n;
    r.lo = lo;
    r.hi = hi;
    r.line = 1;
    if (num_ignored != NULL)
        *num_ignored = 0;
    r.buf = malloc(cap);
    r.has_lo = calloc(n ? n : 1, 1);
    r.has_hi = calloc(n ? n : 1, 1);
    r.decl_line = calloc(n ? n : 1, sizeof *r.decl_line);
    if (r.buf == NULL || r.has_lo == NULL || r.has_hi == NULL || r.decl_line == NULL) {
        st = nomem(&r);
        goto done;
    }
    while ((got = fread(r.buf + r.len, 1, cap - r.len, in)) > 0) {
        r.len += got;
        if (r.len == cap) {
            char *b = cap < (size_t)1 << 36 ? realloc(r.buf, 2 * cap) : NULL;
            if (b == NULL) {
                st = nomem(&r);
                goto done;
            }
            r.buf = b;
            cap *= 2;
        }
    }
    if (ferror(in)) {
        st = rc_error_set(err, RC_ERR_IO, "%s: read error: %s", r.name,
                          strerror(errno ? errno : EIO));
        goto done;
    }
    for (;;) {
        sx *e;

        skip_blanks(&r);
        if (r.pos == r.len)
            break;
        if ((st = read_sx(&e, &r, 0)) != RC_OK)
            goto done;
        st = e->atom != NULL ? fail(&r, e->line, "expected '('") : command(&r, e);
        sx_free(e);
        if (st != RC_OK)
            goto done;
    }
    for (i = 0; i < n; i++) {
        if (r.decl_line[i] == 0) {
            st = fail(&r, r.line, "X_%zu is not declared: the network has %zu "
                      "inputs (X_0..X_%zu)", i, n, n - 1);
            goto done;
        }
        if (!r.has_lo[i] || !r.has_hi[i]) {
            st = fail(&r, r.decl_line[i], "X_%zu has no %s bound", i,
                      r.has_lo[i] ? "upper" : "lower");
            goto done;
        }
        if (mpq_cmp(lo[i], hi[i]) > 0) {
            st = fail(&r, r.decl_line[i], "the bounds of X_%zu are empty "
                      "([%g, %g])", i, rc_q_get_d(lo[i]), rc_q_get_d(hi[i]));
            goto done;
        }
    }
    if (num_ignored != NULL)
        *num_ignored = r.ignored;
done:
    free(r.buf);
    free(r.has_lo);
    free(r.has_hi);
    free(r.decl_line);
    return st;
}

rc_status
rc_domain_new_from_vnnlib(rc_domain **dom, const rc_net *net, const char *path,
                          rc_error *err)
{
    size_t n = net->sizes[0], i;
    mpq_t *lo = rc_mpq_array_new(n), *hi = rc_mpq_array_new(n);
    unsigned char *pinned = calloc(n ? n : 1, 1);
    FILE *in = NULL;
    rc_status st;

    *dom = NULL;
    if (lo == NULL || hi == NULL || pinned == NULL) {
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        goto done;
    }
    if (path == NULL) {
        st = rc_error_set(err, RC_ERR_ARG, "no file name given");
        goto done;
    }
    in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (in == NULL) {
        st = rc_error_set(err, RC_ERR_IO, "%s: cannot open: %s", path,
                          strerror(errno));
        goto done;
    }
    st = rc_vnnlib_read_box(lo, hi, NULL, n, in, in == stdin ? "<stdin>" : path,
                            err);
    if (st != RC_OK)
        goto done;
    /* A box must have extent: a pinned input lies in [v, v + 1], fixed. */
    for (i = 0; i < n; i++)
        if (mpq_equal(lo[i], hi[i])) {
            pinned[i] = 1;
            mpz_add(mpq_numref(hi[i]), mpq_numref(hi[i]), mpq_denref(hi[i]));
        }
    st = rc_domain_new_box_q(dom, n, (const mpq_t *)lo, (const mpq_t *)hi, err);
    for (i = 0; i < n && st == RC_OK; i++)
        if (pinned[i])
            st = rc_domain_fix_q(*dom, i, lo[i], err);
    if (st != RC_OK) {
        rc_domain_free(*dom);
        *dom = NULL;
    }
done:
    if (in != NULL && in != stdin)
        fclose(in);
    rc_mpq_array_free(lo, n);
    rc_mpq_array_free(hi, n);
    free(pinned);
    return st;
}
