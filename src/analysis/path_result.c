/* path_result.c -- the result of a path: what the walk records, what it
 * derives at the end (values at the break points, gradient gaps), and the
 * accessors of relucells/path.h.
 *
 * Pieces keep the forms of the values (ng rows of d coefficients): on a
 * segment over (1, s), s the segment's own parameter in [0, 1]; on an arc
 * over (1, cos theta, sin theta), turned from the quarter's basis to the
 * whole arc's, so that a piece can run on across a quarter turn.
 * Distinct patterns are counted by 128-bit Zobrist hashes (a random key
 * per neuron, xor-ed over the active ones). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "base/rational.h"

/* ---- growing arrays ------------------------------------------------------ */

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 16;
    void *q;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    if ((q = realloc(*p, c * size)) == NULL)
        return -1;
    *p = q;
    *cap = c;
    return 0;
}

/* The same for an array of mpq_t (new entries initialised). */
static int
grow_q(mpq_t **p, size_t *cap, size_t need)
{
    size_t old = *cap, i;

    if (need <= old)
        return 0;
    if (grow((void **)p, cap, need, sizeof(mpq_t)) != 0)
        return -1;
    for (i = old; i < *cap; i++)
        mpq_init((*p)[i]);
    return 0;
}

static void
free_q(mpq_t *p, size_t cap)
{
    size_t i;

    for (i = 0; p != NULL && i < cap; i++)
        mpq_clear(p[i]);
    free(p);
}

/* ---- the object ------------------------------------------------------------ */

void
rc_path_free(rc_path *p)
{
    size_t i;

    if (p == NULL)
        return;
    if (p->legs != NULL && p->pn_sizes != NULL) {
        for (i = 0; i < p->nlegs; i++)
            rc_leg_clear(&p->legs[i], p->nin, p->pn_sizes[1]);
    }
    free(p->legs);
    free(p->comb);
    free(p->pn_sizes);
    free(p->sizes);
    free(p->bps);
    free(p->flips);
    free(p->values);
    free(p->gaps);
    free_q(p->values_q, p->cap_values_q);
    free_q(p->bp_tq, p->cap_bp_tq);
    if (p->bp_u != NULL) {
        for (i = 0; i < p->nbp; i++)
            rc_qnum_clear(&p->bp_u[i]);
        free(p->bp_u);
    }
    free_q(p->bp_ulo, p->cap_bp_ulo);
    free_q(p->bp_uhi, p->cap_bp_uhi);
    free(p->pieces);
    free(p->forms);
    free(p->slopes);
    free(p->slopes_t);
    free_q(p->forms_q, p->cap_forms_q);
    free_q(p->t_q, p->cap_t_q);
    free_q(p->slopes_q, p->cap_slopes_q);
    free(p->patterns);
    free(p->transitions);
    free(p->layer_patterns);
    for (i = 0; p->layer_sets != NULL && i < p->nh; i++)
        free(p->layer_sets[i].keys);
    free(p->layer_sets);
    free(p->whole_set.keys);
    free(p->lengths);
    free(p->length_err);
    free(p->keys);
    free(p);
}

static uint64_t
mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

rc_status
rc_path_alloc(rc_path **out, const rc_pnet *pn, rc_path_kind kind,
              size_t nlegs, int keep_patterns, int exact, rc_error *err)
{
    rc_path *p = calloc(1, sizeof *p);
    size_t l, k;

    *out = NULL;
    if (p == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    p->kind = kind;
    p->exact = exact;
    p->nin = pn->nin;
    p->ng = pn->ng;
    p->nh = pn->nh;
    p->npat = pn->npat;
    p->nlegs = nlegs;
    p->keep_patterns = keep_patterns;
    p->dmax = kind == RC_PATH_ARC ? 3 : 2;
    p->nout = pn->nout;
    if (pn->comb != NULL) {
        if ((p->comb = malloc(pn->nout * sizeof *p->comb)) == NULL) {
            rc_path_free(p);
            return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
        }
        memcpy(p->comb, pn->comb, pn->nout * sizeof *p->comb);
    }
    p->legs = calloc(nlegs + 1, sizeof *p->legs);
    p->pn_sizes = malloc((pn->L + 1) * sizeof *p->pn_sizes);
    p->sizes = malloc((pn->nh + 1) * sizeof *p->sizes);
    p->transitions = calloc(pn->nh + 1, sizeof *p->transitions);
    p->layer_patterns = calloc(pn->nh + 1, sizeof *p->layer_patterns);
    p->layer_sets = calloc(pn->nh + 1, sizeof *p->layer_sets);
    p->lengths = calloc(pn->nh + 3, sizeof *p->lengths);
    p->length_err = calloc(pn->nh + 3, sizeof *p->length_err);
    p->keys = malloc((2 * pn->npat + 1) * sizeof *p->keys);
    if (!p->legs || !p->pn_sizes || !p->sizes || !p->transitions
        || !p->layer_patterns || !p->layer_sets || !p->lengths
        || !p->length_err || !p->keys) {
        rc_path_free(p);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (l = 0; l <= pn->L; l++)
        p->pn_sizes[l] = pn->net->sizes[l];
    for (l = 0; l < pn->nh; l++)
        p->sizes[l] = pn->net->sizes[l + 1];
    for (k = 0; k < 2 * pn->npat; k++)
        p->keys[k] = mix64(0x5eed0000ULL + k);
    *out = p;
    return RC_OK;
}

double
rc_path_param(const rc_path *p, size_t leg, double s)
{
    if (p->kind == RC_PATH_ARC)
        return (double)p->legs[leg].quarter * (RC_PI / 2) + 2.0 * atan(s);
    return (double)leg + s;
}

/* ---- recording ------------------------------------------------------------- */

/* The forms in the whole arc's basis: cos(phi) = ck cos + sk sin, sin(phi)
 * = ck sin - sk cos with (ck, sk) = (cos, sin)(quarter pi / 2). */
static void
turn(double *a, double *b, double a1, double b1, unsigned quarter)
{
    static const int ck[4] = {1, 0, -1, 0}, sk[4] = {0, 1, 0, -1};
    int c = ck[quarter % 4], s = sk[quarter % 4];

    *a = a1 * c - b1 * s;
    *b = a1 * s + b1 * c;
}

static void
turn_q(mpq_t a, mpq_t b, const mpq_t a1, const mpq_t b1, unsigned quarter)
{
    switch (quarter % 4) {
    case 0: mpq_set(a, a1); mpq_set(b, b1); break;
    case 1: mpq_neg(a, b1); mpq_set(b, a1); break;
    case 2: mpq_neg(a, a1); mpq_neg(b, b1); break;
    default: mpq_set(a, b1); mpq_neg(b, a1); break;
    }
}

rc_status
rc_path_add_piece(rc_path *p, const rc_pnet *pn, size_t leg, double s0,
                  double s1, const rc_qnum *s0q, const rc_qnum *s1q,
                  const unsigned char *pattern, const double *gform,
                  const mpq_t *gform_q, int merge)
{
    size_t i = p->npieces, ng = p->ng, dm = p->dmax, o;
    const rc_leg *lg = &p->legs[leg];
    rc_piece *pc;

    if (merge && p->kind == RC_PATH_ARC && i > 0) {
        /* the same pattern on across a quarter turn: the same map */
        p->pieces[i - 1].t1 = rc_path_param(p, leg, s1);
        return RC_OK;
    }
    if (grow((void **)&p->pieces, &p->cap_pieces, i + 1, sizeof *p->pieces)
        || grow((void **)&p->forms, &p->cap_forms, (i + 1) * ng * dm, sizeof(double))
        || grow((void **)&p->slopes, &p->cap_slopes, (i + 1) * ng, sizeof(double))
        || grow((void **)&p->slopes_t, &p->cap_slopes_t, (i + 1) * ng, sizeof(double)))
        return RC_ERR_NOMEM;
    if (p->keep_patterns
        && grow((void **)&p->patterns, &p->cap_patterns, (i + 1) * p->npat + 1, 1))
        return RC_ERR_NOMEM;
    if (gform_q != NULL
        && (grow_q(&p->forms_q, &p->cap_forms_q, (i + 1) * ng * dm)
            || grow_q(&p->slopes_q, &p->cap_slopes_q, (i + 1) * ng)
            || (p->kind != RC_PATH_ARC
                && grow_q(&p->t_q, &p->cap_t_q, 2 * (i + 1)))))
        return RC_ERR_NOMEM;
    pc = &p->pieces[i];
    pc->leg = leg;
    pc->s0 = s0;
    pc->s1 = s1;
    pc->t0 = rc_path_param(p, leg, s0);
    pc->t1 = rc_path_param(p, leg, s1);
    for (o = 0; o < ng; o++) {
        double *f = p->forms + (i * ng + o) * dm;
        if (p->kind == RC_PATH_ARC) {
            f[0] = gform[o * 3];
            turn(&f[1], &f[2], gform[o * 3 + 1], gform[o * 3 + 2], lg->quarter);
            p->slopes[i * ng + o] = p->slopes_t[i * ng + o] = NAN;
        } else {
            f[0] = gform[o * 2];
            f[1] = gform[o * 2 + 1];
            p->slopes_t[i * ng + o] = f[1];
            p->slopes[i * ng + o] = f[1] / lg->norm;
        }
        if (gform_q != NULL) {
            mpq_t *fq = p->forms_q + (i * ng + o) * dm;
            mpq_set(fq[0], gform_q[o * lg->d]);
            if (p->kind == RC_PATH_ARC)
                turn_q(fq[1], fq[2], gform_q[o * 3 + 1], gform_q[o * 3 + 2],
                       lg->quarter);
            else {
                mpq_set(fq[1], gform_q[o * 2 + 1]);
                mpq_set(p->slopes_q[i * ng + o], fq[1]);
            }
        }
    }
    if (gform_q != NULL && p->kind != RC_PATH_ARC && s0q != NULL && s1q != NULL) {
        mpq_t lq;
        mpq_init(lq);
        mpq_set_ui(lq, (unsigned long)leg, 1);
        mpq_add(p->t_q[2 * i], s0q->a, lq);
        mpq_add(p->t_q[2 * i + 1], s1q->a, lq);
        mpq_clear(lq);
    }
    if (p->keep_patterns)
        memcpy(p->patterns + i * p->npat, pattern, p->npat);
    p->npieces++;
    return RC_OK;
}

rc_status
rc_path_add_breakpoint(rc_path *p, const rc_pnet *pn, size_t leg, double s,
                       const rc_qnum *sq, const unsigned char *old_pattern,
                       const unsigned char *new_pattern)
{
    size_t k = p->nbp, l, j;

    if (grow((void **)&p->bps, &p->cap_bp, k + 1, sizeof *p->bps))
        return RC_ERR_NOMEM;
    p->bps[k].t = rc_path_param(p, leg, s);
    p->bps[k].leg = leg;
    p->bps[k].piece = p->npieces;
    p->bps[k].flip0 = p->nflips;
    p->bps[k].nflips = 0;
    p->bps[k].layer = (unsigned)p->nh;
    for (l = 0; l < pn->nh; l++)
        for (j = pn->offset[l]; j < pn->offset[l + 1]; j++) {
            if (old_pattern[j] == new_pattern[j])
                continue;
            if (grow((void **)&p->flips, &p->cap_flips, p->nflips + 1,
                     sizeof *p->flips))
                return RC_ERR_NOMEM;
            p->flips[p->nflips].layer = (unsigned)l;
            p->flips[p->nflips].neuron = (unsigned)(j - pn->offset[l]);
            p->flips[p->nflips].to = new_pattern[j];
            p->nflips++;
            p->bps[k].nflips++;
            p->transitions[l]++;
            if (p->bps[k].layer > l)
                p->bps[k].layer = (unsigned)l;
        }
    if (sq != NULL) {
        if (p->kind == RC_PATH_ARC) {
            mpq_t w;
            if (grow((void **)&p->bp_u, &p->cap_bp_u, k + 1, sizeof *p->bp_u)
                || grow_q(&p->bp_ulo, &p->cap_bp_ulo, k + 1)
                || grow_q(&p->bp_uhi, &p->cap_bp_uhi, k + 1))
                return RC_ERR_NOMEM;
            rc_qnum_init(&p->bp_u[k]);
            rc_qnum_set(&p->bp_u[k], sq);
            mpq_init(w);
            mpq_set_str(w, "1/1000000000000000000000000000000", 10);
            rc_qnum_bounds(p->bp_ulo[k], p->bp_uhi[k], sq, w);
            mpq_clear(w);
        } else {
            mpq_t lq;
            if (grow_q(&p->bp_tq, &p->cap_bp_tq, k + 1))
                return RC_ERR_NOMEM;
            mpq_init(lq);
            mpq_set_ui(lq, (unsigned long)leg, 1);
            mpq_add(p->bp_tq[k], sq->a, lq);
            mpq_clear(lq);
        }
    }
    p->nbp++;
    return RC_OK;
}

/* An open-addressing set of 128-bit keys; 1 when (a, b) was new. */
static int
hashset_add(rc_hashset *h, uint64_t a, uint64_t b)
{
    size_t i, mask;

    if (a == 0 && b == 0) {
        int was = h->has_zero;
        h->has_zero = 1;
        return was ? 0 : 1;
    }
    if (2 * (h->count + 1) > h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 64, n = h->cap;
        uint64_t *old = h->keys, *keys = calloc(2 * cap, sizeof *keys);
        if (keys == NULL)
            return -1;
        h->keys = keys;
        h->cap = cap;
        h->count = 0;
        for (i = 0; i < n; i++)
            if (old[2 * i] != 0 || old[2 * i + 1] != 0)
                hashset_add(h, old[2 * i], old[2 * i + 1]);
        free(old);
    }
    mask = h->cap - 1;
    for (i = (size_t)(a ^ (b >> 7)) & mask;; i = (i + 1) & mask) {
        uint64_t *e = h->keys + 2 * i;
        if (e[0] == 0 && e[1] == 0) {
            e[0] = a;
            e[1] = b;
            h->count++;
            return 1;
        }
        if (e[0] == a && e[1] == b)
            return 0;
    }
}

rc_status
rc_path_count_pattern(rc_path *p, const rc_pnet *pn,
                      const unsigned char *pattern)
{
    uint64_t wa = 0, wb = 0;
    size_t l, j;
    int r;

    for (l = 0; l < pn->nh; l++) {
        uint64_t a = 0, b = 0;
        for (j = pn->offset[l]; j < pn->offset[l + 1]; j++)
            if (pattern[j]) {
                a ^= p->keys[2 * j];
                b ^= p->keys[2 * j + 1];
            }
        if ((r = hashset_add(&p->layer_sets[l], a, b)) < 0)
            return RC_ERR_NOMEM;
        p->layer_patterns[l] += (size_t)r;
        wa ^= a;
        wb ^= b;
    }
    if ((r = hashset_add(&p->whole_set, wa, wb)) < 0)
        return RC_ERR_NOMEM;
    p->num_patterns += (size_t)r;
    return RC_OK;
}

/* The value of piece i's forms at the path's parameter t, and its
 * derivative along the path per unit length of input. */
static void
piece_eval(const rc_path *p, size_t i, double t, double *value, double *grad)
{
    const rc_piece *pc = &p->pieces[i];
    const rc_leg *lg = &p->legs[pc->leg];
    size_t o, ng = p->ng, dm = p->dmax;

    if (p->kind != RC_PATH_ARC) {
        double s = t - (double)pc->leg;
        for (o = 0; o < ng; o++) {
            const double *f = p->forms + (i * ng + o) * dm;
            if (value != NULL)
                value[o] = f[0] + s * f[1];
            if (grad != NULL)
                grad[o] = f[1] / lg->norm;
        }
        return;
    }
    {
        double c = cos(t), s = sin(t), speed2 = 0.0;
        const double *X0 = p->legs[0].R + p->nin, *X1 = X0 + p->nin;
        size_t j;
        for (j = 0; j < p->nin; j++) {
            double v = -s * X0[j] + c * X1[j];
            speed2 += v * v;
        }
        for (o = 0; o < ng; o++) {
            const double *f = p->forms + (i * ng + o) * dm;
            if (value != NULL)
                value[o] = f[0] + f[1] * c + f[2] * s;
            if (grad != NULL)
                grad[o] = (-f[1] * s + f[2] * c) / sqrt(speed2);
        }
    }
}

void
rc_path_finish(rc_path *p)
{
    size_t k, o, ng = p->ng;
    double *left = malloc((ng + 1) * sizeof *left);

    p->values = malloc((p->nbp * ng + 1) * sizeof *p->values);
    p->gaps = malloc((p->nbp * ng + 1) * sizeof *p->gaps);
    if (p->exact && p->kind != RC_PATH_ARC)
        grow_q(&p->values_q, &p->cap_values_q, p->nbp * ng + 1);
    if (p->values == NULL || p->gaps == NULL || left == NULL) {
        free(left);
        free(p->values);
        free(p->gaps);
        p->values = p->gaps = NULL;
        return;
    }
    for (k = 0; k < p->nbp; k++) {
        const rc_bp *b = &p->bps[k];
        size_t i = b->piece;
        if (i >= p->npieces || i == 0) {
            /* cut short before its piece: no value or gap */
            for (o = 0; o < ng; o++)
                p->values[k * ng + o] = p->gaps[k * ng + o] = NAN;
            continue;
        }
        piece_eval(p, i, b->t, p->values + k * ng, p->gaps + k * ng);
        piece_eval(p, i - 1, b->t, NULL, left);
        for (o = 0; o < ng; o++)
            p->gaps[k * ng + o] -= left[o];
        if (p->values_q != NULL && p->bp_tq != NULL) {
            mpq_t s;
            mpq_init(s);
            mpq_set_ui(s, (unsigned long)b->leg, 1);
            mpq_sub(s, p->bp_tq[k], s);
            for (o = 0; o < ng; o++) {
                const mpq_t *f = p->forms_q + (i * ng + o) * p->dmax;
                mpq_mul(p->values_q[k * ng + o], f[1], s);
                mpq_add(p->values_q[k * ng + o], p->values_q[k * ng + o], f[0]);
            }
            mpq_clear(s);
        }
    }
    free(left);
}

rc_status
rc_path_value(double *v, const rc_path *p, double t)
{
    size_t lo = 0, hi;

    if (p->npieces == 0 || !(t >= p->pieces[0].t0) || !(t <= p->pieces[p->npieces - 1].t1))
        return RC_ERR_ARG;
    hi = p->npieces - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p->pieces[mid].t1 <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    piece_eval(p, lo, t, v, NULL);
    return RC_OK;
}
