/* nnet.c -- reading networks in the NNet text format.
 *
 * An NNet file (Kyle Julian, Stanford 2016) describes a network with L
 * affine layers
 *     M(x) = W_L rho(... rho(W_1 x_n + b_1) ...) + b_L,
 * rho = ReLU, evaluated on normalised inputs x_n,i = (x_i - mean_i) / range_i
 * and scaled back as y = M(x) * range_out + mean_out.  After optional "//"
 * comment lines the file holds one line each for the header
 * (L, inputs, outputs, largest layer), the L + 1 layer sizes, an unused flag,
 * the input minimums, the input maximums, the means and the ranges (inputs
 * first, output last); then, layer after layer, the rows of W_l (one line per
 * neuron) and the entries of b_l (one line per neuron).  The weights are kept
 * as given, in normalised coordinates.  man/relucells-nnet.5 is the full
 * description of what this reader accepts.
 *
 * Reading is three separate steps: a line is split into comma-separated
 * tokens (split_line), each token is converted to a number on its own
 * (convert_double, convert_integer), and the reader checks that each line
 * holds what its position in the file requires.  An exact reader converts
 * the same tokens to rationals, so token syntax is checked here by a
 * grammar of our own (decimal only) rather than left to strtod. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "model/net_internal.h"
#include "base/rational.h"

/* What a token converted to, or why it did not. */
typedef enum conv_result {
    CONV_OK = 0,
    CONV_EMPTY,      /* the field is empty */
    CONV_SYNTAX,     /* not a decimal number */
    CONV_NONFINITE,  /* nan or inf, which strtod would take */
    CONV_RANGE       /* too large in magnitude for the target type */
} conv_result;

/* A text reader over one stream: the current line, split into tokens in
 * place, and its number (counted from 1; at the end of the file, one past
 * the last line: where the missing item would have been). */
typedef struct nnet_reader {
    FILE *in;
    const char *name;
    rc_error *err;
    char *line;           /* getline buffer */
    size_t cap;
    unsigned long lineno;
    int eof;              /* the end of the file has been reached */
    char **tok;           /* tokens of the current line */
    size_t ntok, tokcap;
} nnet_reader;

/* The item a line is expected to hold, for messages: "count noun", with
 * "(layer L, neuron N)" appended when layer is not 0. */
typedef struct nnet_item {
    size_t count;
    const char *noun;
    size_t layer, neuron;  /* 1-based; 0 = not a weight or bias line */
} nnet_item;

static int
is_blank_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static int
is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Only blanks (or nothing) up to the end of the line? */
static int
is_blank_line(const char *line)
{
    while (is_blank_char(*line) || *line == '\n')
        line++;
    return *line == '\0';
}

/* Does s start with word (lower case), ignoring the case of s? */
static int
starts_with_word(const char *s, const char *word)
{
    for (; *word != '\0'; s++, word++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;

        if (c != *word)
            return 0;
    }
    return 1;
}

/* --- Converting one token ------------------------------------------------ */

/* Length of the decimal number at the start of s:
 *     [+-] (digits [. digits*] | . digits) [(e|E) [+-] digits],
 * or 0 if s does not start with one. */
static size_t
scan_decimal(const char *s)
{
    const char *p = s;
    size_t mant = 0;

    if (*p == '+' || *p == '-')
        p++;
    while (is_digit(*p)) {
        p++;
        mant++;
    }
    if (*p == '.') {
        p++;
        while (is_digit(*p)) {
            p++;
            mant++;
        }
    }
    if (mant == 0)
        return 0;
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;

        if (*q == '+' || *q == '-')
            q++;
        if (is_digit(*q)) {
            while (is_digit(*q))
                q++;
            p = q;
        }
    }
    return (size_t)(p - s);
}

/* Does tok spell nan or inf (any case, optional sign), as strtod reads them? */
static int
spells_nonfinite(const char *tok)
{
    if (*tok == '+' || *tok == '-')
        tok++;
    return starts_with_word(tok, "nan") || starts_with_word(tok, "inf");
}

/* The value of a decimal token as the nearest double.  Underflow to zero or
 * a subnormal is accepted (the value is that close to zero); overflow is
 * not. */
static conv_result
convert_double(double *out, const char *tok)
{
    char *end;
    double x;

    if (*tok == '\0')
        return CONV_EMPTY;
    if (spells_nonfinite(tok))
        return CONV_NONFINITE;
    if (tok[scan_decimal(tok)] != '\0')
        return CONV_SYNTAX;
    errno = 0;
    x = strtod(tok, &end);
    if (*end != '\0')
        return CONV_SYNTAX;
    if (errno == ERANGE && isinf(x))
        return CONV_RANGE;
    if (!isfinite(x))
        return CONV_NONFINITE;
    *out = x;
    return CONV_OK;
}

/* The value of an integer token [+-]digits. */
static conv_result
convert_integer(long *out, const char *tok)
{
    const char *p = tok;
    char *end;
    long v;

    if (*tok == '\0')
        return CONV_EMPTY;
    if (*p == '+' || *p == '-')
        p++;
    if (!is_digit(*p))
        return CONV_SYNTAX;
    while (is_digit(*p))
        p++;
    if (*p != '\0')
        return CONV_SYNTAX;
    errno = 0;
    v = strtol(tok, &end, 10);
    if (*end != '\0')
        return CONV_SYNTAX;
    if (errno == ERANGE)
        return CONV_RANGE;
    *out = v;
    return CONV_OK;
}

/* --- Reading lines and splitting them into tokens ---------------------- */

/* Split r->line in place at commas into trimmed tokens.  One trailing comma
 * is allowed (the usual NNet style), so "1,2," holds two tokens; a line of
 * only blanks holds none, and an empty field is a token "". */
static rc_status
split_line(nnet_reader *r)
{
    char *p = r->line;

    r->ntok = 0;
    if (is_blank_line(p))
        return RC_OK;
    for (;;) {
        char *comma = strchr(p, ','), *end;

        if (comma != NULL)
            *comma = '\0';
        end = p + strlen(p);
        while (is_blank_char(*p) || *p == '\n')
            p++;
        while (end > p && (is_blank_char(end[-1]) || end[-1] == '\n'))
            end--;
        *end = '\0';
        if (r->ntok == r->tokcap) {
            size_t cap = r->tokcap ? 2 * r->tokcap : 64;
            char **t = realloc(r->tok, cap * sizeof *t);

            if (t == NULL)
                return rc_error_set(r->err, RC_ERR_NOMEM,
                                    "%s:%lu: out of memory", r->name,
                                    r->lineno);
            r->tok = t;
            r->tokcap = cap;
        }
        r->tok[r->ntok++] = p;
        if (comma == NULL || is_blank_line(comma + 1))
            break;
        p = comma + 1;
    }
    return RC_OK;
}

/* Read the next line into r->line.  Sets *got to 1 for a line, 0 at the end
 * of the file. */
static rc_status
read_line(nnet_reader *r, int *got)
{
    ssize_t len;

    *got = 0;
    errno = 0;
    len = getline(&r->line, &r->cap, r->in);
    if (len < 0) {
        if (ferror(r->in))
            return rc_error_set(r->err, RC_ERR_IO, "%s:%lu: read error: %s",
                                r->name, r->lineno,
                                strerror(errno ? errno : EIO));
        if (errno == ENOMEM)
            return rc_error_set(r->err, RC_ERR_NOMEM, "%s:%lu: out of memory",
                                r->name, r->lineno);
        if (!r->eof)
            r->lineno++;
        r->eof = 1;
        return RC_OK;
    }
    r->lineno++;
    if (strlen(r->line) != (size_t)len)
        return rc_error_set(r->err, RC_ERR_PARSE, "%s:%lu: NUL byte in line",
                            r->name, r->lineno);
    {
        /* A carriage return inside a line: the file ends its lines with CR
         * alone (classic Mac), which getline does not split. */
        const char *cr = strchr(r->line, '\r');
        if (cr != NULL && cr[1] != '\n' && cr[1] != '\0')
            return rc_error_set(r->err, RC_ERR_PARSE,
                                "%s:%lu: the line endings are CR only "
                                "(classic Mac): convert them to LF",
                                r->name, r->lineno);
    }
    *got = 1;
    return RC_OK;
}

/* Is the current line a comment ("//" after optional blanks)? */
static int
is_comment(const char *line)
{
    while (is_blank_char(*line))
        line++;
    return line[0] == '/' && line[1] == '/';
}

/* "count noun" or "count noun (layer L, neuron N)" into buf. */
static const char *
describe(char *buf, size_t size, const nnet_item *item)
{
    if (item->layer != 0)
        snprintf(buf, size, "%zu %s (layer %zu, neuron %zu)", item->count,
                 item->noun, item->layer, item->neuron);
    else
        snprintf(buf, size, "%zu %s", item->count, item->noun);
    return buf;
}

/* Read the next line and split it; it must hold item->count tokens. */
static rc_status
expect_line(nnet_reader *r, const nnet_item *item)
{
    char what[128];
    rc_status st;
    int got;

    st = read_line(r, &got);
    if (st != RC_OK)
        return st;
    if (!got)
        return rc_error_set(r->err, RC_ERR_PARSE,
                            "%s:%lu: unexpected end of file, expected %s",
                            r->name, r->lineno,
                            describe(what, sizeof what, item));
    st = split_line(r);
    if (st != RC_OK)
        return st;
    if (r->ntok != item->count)
        return rc_error_set(r->err, RC_ERR_PARSE,
                            "%s:%lu: expected %s, found %zu", r->name,
                            r->lineno, describe(what, sizeof what, item),
                            r->ntok);
    return RC_OK;
}

/* The message for a token of the current line that did not convert. */
static rc_status
conv_error(nnet_reader *r, conv_result c, size_t i, const char *kind,
           rc_status range_status)
{
    const char *tok = r->tok[i];

    switch (c) {
    case CONV_EMPTY:
        return rc_error_set(r->err, RC_ERR_PARSE, "%s:%lu: field %zu is empty",
                            r->name, r->lineno, i + 1);
    case CONV_NONFINITE:
        return rc_error_set(r->err, RC_ERR_PARSE,
                            "%s:%lu: field %zu: \"%.40s\" is not a finite "
                            "number",
                            r->name, r->lineno, i + 1, tok);
    case CONV_RANGE:
        return rc_error_set(r->err, range_status,
                            "%s:%lu: field %zu: \"%.40s\" is out of range",
                            r->name, r->lineno, i + 1, tok);
    case CONV_SYNTAX:
    case CONV_OK:
        break;
    }
    return rc_error_set(r->err, RC_ERR_PARSE,
                        "%s:%lu: field %zu: \"%.40s\" is not %s",
                        r->name, r->lineno, i + 1, tok, kind);
}

/* Is tok a fraction [+-]digits/digits?  Its value is then exact text for
 * rc_q_set_text, and its double the nearest to the quotient. */
static int
is_fraction(const char *tok)
{
    const char *p = tok;

    if (*p == '+' || *p == '-')
        p++;
    if (!is_digit(*p))
        return 0;
    while (is_digit(*p))
        p++;
    if (*p++ != '/' || !is_digit(*p))
        return 0;
    while (is_digit(*p))
        p++;
    return *p == '\0';
}

/* Convert every token of the current line into x[0..ntok-1] and, exactly,
 * into q[0..ntok-1] (decimals or fractions p/q). */
static rc_status
get_doubles(nnet_reader *r, double *x, mpq_t *q)
{
    size_t i;

    for (i = 0; i < r->ntok; i++) {
        const char *tok = r->tok[i];
        conv_result c;

        if (is_fraction(tok)) {
            c = rc_q_set_text(q[i], tok, strlen(tok)) == 0 ? CONV_OK : CONV_SYNTAX;
            if (c == CONV_OK) {
                x[i] = rc_q_get_d(q[i]);
                if (!isfinite(x[i]))
                    c = CONV_RANGE;
            }
        } else {
            c = convert_double(&x[i], tok);
            if (c == CONV_OK && rc_q_set_text(q[i], tok, strlen(tok)) != 0)
                c = CONV_RANGE;   /* an exponent too large to hold exactly */
        }
        if (c != CONV_OK)
            return conv_error(r, c, i, "a number", RC_ERR_PARSE);
    }
    return RC_OK;
}

/* Convert every token of the current line into a positive size; a size
 * too large for a long is refused as too large to allocate. */
static rc_status
get_sizes(nnet_reader *r, size_t *v, const char *const *names)
{
    size_t i;

    for (i = 0; i < r->ntok; i++) {
        long x = 0;
        conv_result c = convert_integer(&x, r->tok[i]);

        if (c != CONV_OK)
            return conv_error(r, c, i, "an integer", RC_ERR_NOMEM);
        if (x < 1) {
            if (names != NULL)
                return rc_error_set(r->err, RC_ERR_PARSE,
                                    "%s:%lu: %s must be at least 1, found %ld",
                                    r->name, r->lineno, names[i], x);
            return rc_error_set(r->err, RC_ERR_PARSE,
                                "%s:%lu: field %zu: layer size must be at "
                                "least 1, found %ld", r->name, r->lineno,
                                i + 1, x);
        }
        v[i] = (size_t)x;
    }
    return RC_OK;
}

/* --- The file layout --------------------------------------------------- */

/* Skip leading comment and blank lines; leave the header line split in r.
 * A file with no bytes at all is reported as empty. */
static rc_status
read_header(nnet_reader *r, size_t *head)
{
    static const char *const names[4] = {
        "numLayers", "inputSize", "outputSize", "maxLayerSize"
    };
    rc_status st;
    int got, any = 0;

    for (;;) {
        st = read_line(r, &got);
        if (st != RC_OK)
            return st;
        if (!got) {
            if (!any)
                return rc_error_set(r->err, RC_ERR_PARSE, "%s: empty file",
                                    r->name);
            return rc_error_set(r->err, RC_ERR_PARSE,
                                "%s:%lu: unexpected end of file, expected the "
                                "header line numLayers,inputSize,outputSize,"
                                "maxLayerSize", r->name, r->lineno);
        }
        any = 1;
        /* A UTF-8 byte order mark is not part of the first line's text. */
        if (r->lineno == 1 && strncmp(r->line, "\xEF\xBB\xBF", 3) == 0)
            memmove(r->line, r->line + 3, strlen(r->line + 3) + 1);
        if (!is_comment(r->line) && !is_blank_line(r->line))
            break;
    }
    st = split_line(r);
    if (st != RC_OK)
        return st;
    if (r->ntok != 4)
        return rc_error_set(r->err, RC_ERR_PARSE,
                            "%s:%lu: expected 4 header values numLayers,"
                            "inputSize,outputSize,maxLayerSize, found %zu",
                            r->name, r->lineno, r->ntok);
    return get_sizes(r, head, names);
}

/* Read the layer-sizes line, check it against the header (read on line
 * head_line) and create the network. */
static rc_status
read_sizes(nnet_reader *r, rc_net **net, const size_t *head,
           unsigned long head_line)
{
    nnet_item item = { 0, "layer sizes (numLayers + 1)", 0, 0 };
    size_t *sizes = NULL, l, L = head[0], widest = 0;
    rc_error sub;
    rc_status st;

    item.count = L + 1;   /* L came from a long: no overflow */
    st = expect_line(r, &item);
    if (st != RC_OK)
        return st;
    sizes = malloc(r->ntok * sizeof *sizes);
    if (sizes == NULL)
        return rc_error_set(r->err, RC_ERR_NOMEM, "%s:%lu: out of memory",
                            r->name, r->lineno);
    st = get_sizes(r, sizes, NULL);
    if (st != RC_OK)
        goto cleanup;
    for (l = 0; l <= L; l++)
        if (sizes[l] > widest)
            widest = sizes[l];
    if (sizes[0] != head[1]) {
        st = rc_error_set(r->err, RC_ERR_PARSE,
                          "%s:%lu: first layer size %zu disagrees with "
                          "inputSize %zu on line %lu", r->name, r->lineno,
                          sizes[0], head[1], head_line);
        goto cleanup;
    }
    if (sizes[L] != head[2]) {
        st = rc_error_set(r->err, RC_ERR_PARSE,
                          "%s:%lu: last layer size %zu disagrees with "
                          "outputSize %zu on line %lu", r->name, r->lineno,
                          sizes[L], head[2], head_line);
        goto cleanup;
    }
    if (widest != head[3]) {
        st = rc_error_set(r->err, RC_ERR_PARSE,
                          "%s:%lu: largest layer size %zu disagrees with "
                          "maxLayerSize %zu on line %lu", r->name, r->lineno,
                          widest, head[3], head_line);
        goto cleanup;
    }
    /* Sizes too large are refused here; nothing is allocated for the
     * weights until they are read. */
    st = rc_net_new_shell(net, L, sizes, &sub);
    if (st != RC_OK)
        rc_error_set(r->err, st, "%s:%lu: %s", r->name, r->lineno, sub.msg);

cleanup:
    free(sizes);
    return st;
}

/* The flag, the input bounds, means and ranges (lines 3 to 7 of the data). */
static rc_status
read_scaling(nnet_reader *r, rc_net *net)
{
    nnet_item item = { 1, "flag value", 0, 0 };
    size_t i, n = net->sizes[0];
    double *v = NULL;
    mpq_t *vq = NULL;
    long flag;
    conv_result c;
    rc_status st;

    /* The flag is unused by every NNet reader; any integer will do, so an
     * integer too large for a long is no error either. */
    st = expect_line(r, &item);
    if (st != RC_OK)
        return st;
    c = convert_integer(&flag, r->tok[0]);
    if (c != CONV_OK && c != CONV_RANGE)
        return conv_error(r, c, 0, "an integer", RC_ERR_PARSE);

    item.count = n;
    item.noun = "input minimums";
    if ((st = expect_line(r, &item)) != RC_OK)
        return st;
    /* The line holds n numbers: arrays of n are in proportion to it. */
    net->in_min = malloc(n * sizeof(double));
    net->in_max = malloc(n * sizeof(double));
    net->in_mean = malloc(n * sizeof(double));
    net->in_range = malloc(n * sizeof(double));
    net->in_min_q = rc_mpq_array_new(n);
    net->in_max_q = rc_mpq_array_new(n);
    net->in_mean_q = rc_mpq_array_new(n);
    net->in_range_q = rc_mpq_array_new(n);
    if (!net->in_min || !net->in_max || !net->in_mean || !net->in_range
        || !net->in_min_q || !net->in_max_q || !net->in_mean_q
        || !net->in_range_q)
        return rc_error_set(r->err, RC_ERR_NOMEM, "%s:%lu: out of memory",
                            r->name, r->lineno);
    if ((st = get_doubles(r, net->in_min, net->in_min_q)) != RC_OK)
        return st;
    item.noun = "input maximums";
    if ((st = expect_line(r, &item)) != RC_OK
        || (st = get_doubles(r, net->in_max, net->in_max_q)) != RC_OK)
        return st;
    for (i = 0; i < n; i++)
        if (mpq_cmp(net->in_min_q[i], net->in_max_q[i]) > 0)
            return rc_error_set(r->err, RC_ERR_PARSE,
                                "%s:%lu: input x%zu: minimum %.17g exceeds "
                                "maximum %.17g", r->name, r->lineno, i + 1,
                                net->in_min[i], net->in_max[i]);
    /* min == max is a slice, not an error: the domain says so (with this
     * place) unless the input is fixed. */
    net->bounds_where = malloc(strlen(r->name) + 32);
    if (net->bounds_where != NULL)
        sprintf(net->bounds_where, "%s:%lu", r->name, r->lineno);

    v = malloc((n + 1) * sizeof *v);
    vq = rc_mpq_array_new(n + 1);
    if (v == NULL || vq == NULL) {
        free(v);
        rc_mpq_array_free(vq, n + 1);
        return rc_error_set(r->err, RC_ERR_NOMEM, "%s:%lu: out of memory",
                            r->name, r->lineno);
    }
    item.count = n + 1;
    item.noun = "means (inputs, then output)";
    if ((st = expect_line(r, &item)) != RC_OK
        || (st = get_doubles(r, v, vq)) != RC_OK)
        goto cleanup;
    memcpy(net->in_mean, v, n * sizeof *v);
    net->out_mean = v[n];
    for (i = 0; i < n; i++)
        mpq_set(net->in_mean_q[i], vq[i]);
    mpq_set(net->out_mean_q, vq[n]);
    item.noun = "ranges (inputs, then output)";
    if ((st = expect_line(r, &item)) != RC_OK
        || (st = get_doubles(r, v, vq)) != RC_OK)
        goto cleanup;
    for (i = 0; i < n; i++)
        if (v[i] == 0.0 || mpq_sgn(vq[i]) == 0) {
            st = rc_error_set(r->err, RC_ERR_PARSE,
                              "%s:%lu: input x%zu: range is zero",
                              r->name, r->lineno, i + 1);
            goto cleanup;
        }
    if (v[n] == 0.0 || mpq_sgn(vq[n]) == 0) {
        st = rc_error_set(r->err, RC_ERR_PARSE, "%s:%lu: output range is zero",
                          r->name, r->lineno);
        goto cleanup;
    }
    memcpy(net->in_range, v, n * sizeof *v);
    net->out_range = v[n];
    for (i = 0; i < n; i++)
        mpq_set(net->in_range_q[i], vq[i]);
    mpq_set(net->out_range_q, vq[n]);

cleanup:
    free(v);
    rc_mpq_array_free(vq, n + 1);
    return st;
}

/* Numbers of one layer as they arrive: the arrays grow with the lines
 * read, so a file that declares a layer larger than it holds costs memory
 * in proportion to what it holds. */
typedef struct numbuf {
    double *x;
    mpq_t *q;
    size_t len, cap;
} numbuf;

static void
numbuf_clear(numbuf *b)
{
    free(b->x);
    rc_mpq_array_free(b->q, b->len);
    memset(b, 0, sizeof *b);
}

/* Append the current line's numbers. */
static rc_status
numbuf_append_line(nnet_reader *r, numbuf *b)
{
    rc_status st;
    size_t i;

    if (b->len + r->ntok > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        double *x;
        mpq_t *q;

        while (cap < b->len + r->ntok)
            cap *= 2;
        x = realloc(b->x, cap * sizeof *x);
        if (x != NULL)
            b->x = x;
        q = x != NULL ? realloc(b->q, cap * sizeof *q) : NULL;
        if (q == NULL)
            return rc_error_set(r->err, RC_ERR_NOMEM, "%s:%lu: out of memory",
                                r->name, r->lineno);
        b->q = q;
        b->cap = cap;
    }
    for (i = 0; i < r->ntok; i++)
        mpq_init(b->q[b->len + i]);
    st = get_doubles(r, b->x + b->len, b->q + b->len);
    b->len += r->ntok;
    return st;
}

/* Give the buffer's arrays to the network (shrunk to their length). */
static void
numbuf_take(numbuf *b, double **x, mpq_t **q)
{
    double *sx = realloc(b->x, (b->len ? b->len : 1) * sizeof *sx);
    mpq_t *sq = realloc(b->q, (b->len ? b->len : 1) * sizeof *sq);

    *x = sx != NULL ? sx : b->x;
    *q = sq != NULL ? sq : b->q;
    memset(b, 0, sizeof *b);
}

/* The weight rows and biases of every layer. */
static rc_status
read_layers(nnet_reader *r, rc_net *net)
{
    nnet_item item = { 0, NULL, 0, 0 };
    numbuf w = { NULL, NULL, 0, 0 }, b = { NULL, NULL, 0, 0 };
    size_t l, i;
    rc_status st = RC_OK;

    for (l = 0; l < net->num_layers && st == RC_OK; l++) {
        size_t in = net->sizes[l], out = net->sizes[l + 1];

        item.layer = l + 1;
        item.count = in;
        item.noun = "weights";
        for (i = 0; i < out && st == RC_OK; i++) {
            item.neuron = i + 1;
            if ((st = expect_line(r, &item)) == RC_OK)
                st = numbuf_append_line(r, &w);
        }
        item.count = 1;
        item.noun = "bias";
        for (i = 0; i < out && st == RC_OK; i++) {
            item.neuron = i + 1;
            if ((st = expect_line(r, &item)) == RC_OK)
                st = numbuf_append_line(r, &b);
        }
        if (st == RC_OK) {
            numbuf_take(&w, &net->weights[l], &net->weights_q[l]);
            numbuf_take(&b, &net->biases[l], &net->biases_q[l]);
        }
    }
    numbuf_clear(&w);
    numbuf_clear(&b);
    return st;
}

/* Only blank lines may follow the last bias. */
static rc_status
read_trailer(nnet_reader *r)
{
    rc_status st;
    int got;

    for (;;) {
        st = read_line(r, &got);
        if (st != RC_OK || !got)
            return st;
        if (!is_blank_line(r->line))
            return rc_error_set(r->err, RC_ERR_PARSE,
                                "%s:%lu: trailing data after the last bias",
                                r->name, r->lineno);
    }
}

rc_status
rc_net_read_nnet(rc_net **out, FILE *in, const char *name, rc_error *err)
{
    nnet_reader r;
    rc_net *net = NULL;
    size_t head[4];
    unsigned long head_line;
    rc_status st;

    *out = NULL;
    memset(&r, 0, sizeof r);
    r.in = in;
    r.name = name != NULL ? name : "<input>";
    r.err = err;

    st = read_header(&r, head);
    if (st != RC_OK)
        goto cleanup;
    head_line = r.lineno;
    st = read_sizes(&r, &net, head, head_line);
    if (st != RC_OK)
        goto cleanup;
    st = read_scaling(&r, net);
    if (st != RC_OK)
        goto cleanup;
    st = read_layers(&r, net);
    if (st != RC_OK)
        goto cleanup;
    st = read_trailer(&r);
    if (st != RC_OK)
        goto cleanup;
    *out = net;
    net = NULL;

cleanup:
    rc_net_free(net);
    free(r.line);
    free(r.tok);
    return st;
}

rc_status
rc_net_load_nnet(rc_net **out, const char *path, rc_error *err)
{
    FILE *in;
    rc_status st;

    *out = NULL;
    if (path == NULL)
        return rc_error_set(err, RC_ERR_ARG, "no file name given");
    if (strcmp(path, "-") == 0)
        return rc_net_read_nnet(out, stdin, "<stdin>", err);
    in = fopen(path, "r");
    if (in == NULL)
        return rc_error_set(err, RC_ERR_IO, "%s: cannot open: %s", path,
                            strerror(errno));
    st = rc_net_read_nnet(out, in, path, err);
    fclose(in);
    return st;
}
