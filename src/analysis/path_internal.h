/* path_internal.h -- the walk along a path; internal to the path modules.
 *
 * A path is a list of legs.  On a leg the network's normalised input is
 *     xn(v) = V_0 + v_1 V_1 (+ v_2 V_2),
 * v = (t) on a segment, v = (cos phi, sin phi) on a quarter of an arc,
 * so every pre-activation on a piece (pattern fixed) is a "form": a row
 * of d = n + 1 coefficients over (1, v).  The sign of a form at the leg's
 * parameter s is that of a polynomial of degree <= 2 in s, s in [0, 1]:
 *     segment (s = t):              r0 + r1 s
 *     arc (s = u = tan(phi / 2)):   (r0 + r1) + 2 r2 s + (r0 - r1) s^2
 * (multiply r0 + r1 cos + r2 sin by 1 + u^2 > 0).  The walker
 * (path_walk.c) moves s from break point to break point; forms are kept in
 * double with proven error bounds (path_walk.c) and, when asked, exactly as
 * integer numerators over one denominator per layer (path_exact.c). */
#ifndef RC_PATH_INTERNAL_H
#define RC_PATH_INTERNAL_H

#include <gmp.h>
#include <stdint.h>

#include "base/error_internal.h"
#include "base/quadratic.h"
#include "model/net_internal.h"
#include "relucells/path.h"

#define RC_U 0x1p-53
#define RC_PI 3.14159265358979323846

/* ---- The network, prepared once (read-only: shared by threads) ---------- */

typedef struct rc_pnet {
    const rc_net *net;
    size_t L, nh;             /* affine layers, hidden layers (L - 1) */
    size_t nin, nout, maxw, npat;
    size_t *offset;           /* pattern offset of hidden layer l */
    double **rowsum;          /* sum_j |W_l[i][j]| (rounded up) */
    double **absW0;           /* |W_0|, for the first layer's bounds */
    /* The values reported: all outputs (comb NULL) or g = comb^T f. */
    size_t ng;
    double *comb;             /* nout, or NULL */
    mpq_t *combq;             /* nout exact, or NULL */
    /* Exact: W_l = wi_l / q_l, b_l = bi_l / q_l (NULL unless built). */
    mpz_t **wi, **bi;
    mpz_t *q;
} rc_pnet;

rc_status rc_pnet_new(rc_pnet **pn, const rc_net *net,
                      const rc_path_opts *opts, int exact, rc_error *err);
void rc_pnet_free(rc_pnet *pn);

/* ---- Legs ----------------------------------------------------------------- */

typedef struct rc_leg {
    int arc;
    size_t d;                 /* 2 (segment) or 3 (arc) */
    unsigned quarter;         /* arcs: phi = theta - quarter pi/2 */
    double T0;                /* the path's parameter at s = 0 (segments) */
    double *V;                /* d x nin, normalised inputs, rounded */
    double *R;                /* d x nin, raw inputs (points, speeds) */
    mpq_t *Vq, *Rq;           /* exact (NULL in float mode) */
    mpq_t s_end;              /* the leg's end: 1, or u_end on a last
                                 partial quarter */
    double s_end_d;
    double norm;              /* segments: |R_1|; arcs: 0 */
    mpq_t norm2;              /* |R_1|^2 exactly (exact segments) */
    /* Forms of the first hidden layer: N_1 x d, with bounds. */
    double *z1, *e1;
    /* Exact: the first layer's numerators over den1 (built on demand). */
    mpz_t *z1q;
    mpz_t den1;
    int have_z1q;
} rc_leg;

/* A leg from exact raw vectors R_0.. R_{d-1} (d x nin), with the forms
 * of the first layer in double; exact: keep the exact vectors. */
rc_status rc_leg_init(rc_leg *leg, const rc_pnet *pn, int arc,
                      const mpq_t *Rq, const double *Rd, int exact,
                      rc_error *err);
/* Free a leg (nin inputs, N1 neurons in the first layer). */
void rc_leg_clear(rc_leg *leg, size_t nin, size_t N1);
/* The exact first-layer numerators (idempotent; builds the exact network
 * first if needed: not while threads share pn). */
rc_status rc_leg_exact_forms(rc_leg *leg, rc_pnet *pn, rc_error *err);
/* The integer network (idempotent). */
rc_status rc_pnet_build_exact(rc_pnet *pn, rc_error *err);

/* ---- Exact positions and forms (path_exact.c) --------------------------- */

/* The exact forms of one piece: pre[l] numerators (N_l x d) over den[l]
 * for l = 0 .. L-1 (L-1: the output layer), for the pattern bits. */
/* Rank-one terms kept per layer for the layer above (path_exact.c). */
#define RC_QTERMS 8

typedef struct rc_qforms {
    size_t d, L;
    mpz_t **pre;
    mpz_t *den;
    double **approx;          /* pre / den in double, relative error 2^-50 */
    unsigned char *bits;      /* the pattern they were computed for */
    size_t valid;             /* pre[0 .. valid-1] have been computed */
    /* The change of pre[l] since pre[l+1] was last brought up to date: tn[l]
     * terms tu (rows of layer l) times tf (d entries), when tok[l]. */
    mpz_t **tu, **tf;
    size_t *tn;
    unsigned char *tok;
    mpz_t *v, *fo;             /* scratch */
} rc_qforms;

rc_status rc_qforms_init(rc_qforms *f, const rc_pnet *pn, size_t d,
                         rc_error *err);
void rc_qforms_clear(rc_qforms *f, const rc_pnet *pn);
/* Make pre[0 .. upto] current for the pattern bits (layers before upto
 * are read); after a change of leg, call with reset set. */
void rc_qforms_sync(rc_qforms *f, const rc_pnet *pn, const rc_leg *leg,
                    const unsigned char *bits, size_t upto, int reset);

/* The sign polynomial of neuron row r (d entries) on a leg: p[0..2]. */
void rc_qpoly(mpz_t p[3], const mpz_t *r, int arc);
/* Sign of p(x) at the exact position x; of its derivative; the lexicographic
 * sign (value, then derivatives) just after x. */
int rc_qpoly_sign_at(const mpz_t p[3], const rc_qnum *x);
int rc_qpoly_sign_after(const mpz_t p[3], const rc_qnum *x);
/* The smallest zero of p where it changes sign, in (x, end] (end exact);
 * 1 and *root set, or 0 when none. */
int rc_qpoly_next_root(rc_qnum *root, const mpz_t p[3], const rc_qnum *x,
                       const mpq_t end);

/* ---- The result ---------------------------------------------------------- */

typedef struct rc_bp {
    double t;
    size_t leg, piece;        /* piece: the one starting here */
    size_t flip0, nflips;     /* into rc_path.flips */
    unsigned layer;
} rc_bp;

typedef struct rc_piece {
    double t0, t1;
    size_t leg;
    double s0, s1;            /* the leg's parameter */
} rc_piece;

typedef struct rc_hashset {
    uint64_t *keys;           /* pairs (a, b); (0, 0) empty */
    size_t cap, count;
    int has_zero;
} rc_hashset;

struct rc_path {
    rc_path_kind kind;
    rc_arithmetic arithmetic;
    int complete, exact;
    double *comb;             /* the combination (nout), or NULL */
    size_t nout;
    size_t nin, ng, nh, npat, nlegs;
    double t_end;
    rc_leg *legs;
    size_t *pn_sizes;         /* the network's sizes (L + 1) */
    size_t *sizes;            /* hidden layer widths */
    /* Break points, their flips, values and gaps (ng each). */
    rc_bp *bps;
    size_t nbp, cap_bp;
    rc_path_flip *flips;
    size_t nflips, cap_flips;
    double *values, *gaps;
    /* Exact: values (segments), t (segments), u and its bounds (arcs). */
    mpq_t *values_q, *bp_tq, *bp_ulo, *bp_uhi;
    size_t cap_values_q, cap_bp_tq, cap_bp_ulo, cap_bp_uhi;
    rc_qnum *bp_u;
    size_t cap_bp_u;
    /* Pieces: the values' forms (ng x dmax; exact too), slopes (ng,
     * segments), t0 and t1 exactly (segments), patterns (when kept). */
    rc_piece *pieces;
    size_t npieces, cap_pieces;
    size_t dmax;
    double *forms, *slopes, *slopes_t;
    size_t cap_forms, cap_slopes, cap_slopes_t;
    mpq_t *forms_q, *t_q, *slopes_q;
    size_t cap_forms_q, cap_t_q, cap_slopes_q;
    unsigned char *patterns;
    size_t cap_patterns;
    int keep_patterns;
    /* Per layer. */
    size_t *transitions, *layer_patterns;
    size_t num_patterns;
    rc_hashset *layer_sets, whole_set;
    uint64_t *keys;           /* Zobrist keys, 2 per neuron */
    double *lengths, *length_err;   /* depths 0 .. nh + 1 */
    size_t uncertain, exact_steps;
};

/* A polyline (or segment) on a prepared network: the legs, walked
 * (path.c).  Threads may share pn once its exact network is built. */
rc_status rc_path_polyline_pn(rc_path **out, rc_pnet *pn, const mpq_t *q,
                              const double *d, size_t count,
                              rc_path_kind kind, const rc_path_opts *opts,
                              rc_error *err);

/* An arc on a prepared network (path.c): exact points x0, x1, or doubles
 * x0d, x1d (float). */
rc_status rc_path_arc_pn(rc_path **out, rc_pnet *pn, const mpq_t *x0,
                         const mpq_t *x1, const double *x0d,
                         const double *x1d, double angle,
                         const rc_path_opts *opts, rc_error *err);

/* The walk (path_walk.c): fills path from its legs. */
rc_status rc_path_walk(rc_path *path, rc_pnet *pn, const rc_path_opts *opts,
                       rc_error *err);

/* Recording (path_result.c). */
rc_status rc_path_alloc(rc_path **path, const rc_pnet *pn, rc_path_kind kind,
                        size_t nlegs, int keep_patterns, int exact,
                        rc_error *err);
/* A new piece [s0, s1] of leg on the pattern with output forms (ng x d,
 * already combined and scaled) and, exact, the same as rationals; merge:
 * on an arc, the last piece goes on (same pattern across a quarter). */
rc_status rc_path_add_piece(rc_path *path, const rc_pnet *pn, size_t leg,
                            double s0, double s1, const rc_qnum *s0q,
                            const rc_qnum *s1q, const unsigned char *pattern,
                            const double *gform, const mpq_t *gform_q,
                            int merge);
/* A break point at s of leg between the last piece and the next one, with
 * the flips from pattern old to new (values: at s, ng). */
rc_status rc_path_add_breakpoint(rc_path *path, const rc_pnet *pn,
                                 size_t leg, double s, const rc_qnum *sq,
                                 const unsigned char *old_pattern,
                                 const unsigned char *new_pattern);
/* Count the pattern (per layer and whole) among those met. */
rc_status rc_path_count_pattern(rc_path *path, const rc_pnet *pn,
                                const unsigned char *pattern);
/* The path's parameter of s on leg. */
double rc_path_param(const rc_path *path, size_t leg, double s);
/* Values and gaps of the break points, from the pieces (after the walk). */
void rc_path_finish(rc_path *path);

/* Trajectory lengths (path_length.c): add piece [s0, s1] of leg with the
 * forms' derivative data of depth k: on a segment |slope| of the image;
 * on an arc the quadratic form (alpha, beta, gamma) of |dz/dphi|^2 =
 * alpha sin^2 - 2 beta sin cos + gamma cos^2. */
void rc_path_length_add_segment(double *length, double slope_norm,
                                double s0, double s1);
void rc_path_length_add_arc(double *length, double *error, double alpha,
                            double beta, double gamma, double u0, double u1,
                            double tol);

#endif
