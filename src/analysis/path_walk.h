/* path_walk.h -- the walker's state and the float sign tests it shares
 * with the arcs (path_arc.c); internal to the path modules. */
#ifndef RC_PATH_WALK_H
#define RC_PATH_WALK_H

#include "analysis/path_internal.h"

typedef struct rc_cand {
    double lo;
    size_t k;
} rc_cand;

typedef struct rc_walker {
    rc_path *path;
    rc_pnet *pn;
    const rc_path_opts *opts;
    rc_error *err;
    rc_arithmetic mode;
    size_t *layer_of;          /* hidden layer of each neuron */
    /* the leg */
    const rc_leg *leg;
    rc_leg *legw;
    size_t legi, d;
    int arc, at_end;
    /* float forms: pre[l] (N_{l+1} x d) with a bound per row, for the
     * bits fbits; versions as in rc_qforms */
    double **pre, **perr;
    unsigned char *fbits, *fok;
    unsigned long *fver, *fbased;
    size_t *franks;            /* rank updates since the last compose */
    double *col;
    /* patterns: the piece before s, the one after */
    unsigned char *pat, *next;
    int has_pat;
    size_t lmin;               /* lowest layer of the group */
    signed char *sgn;          /* sign of each form at s (0: a zero) */
    double *root, *rad;        /* next zero after s and its radius */
    unsigned char *unknown;    /* a zero that could not be located */
    int roots_stale;
    /* the position s (with a radius), exact when sq_known */
    double s, srad;
    int sq_known;
    rc_qnum sq, s0q, best, cand;
    size_t *group, ngroup;     /* the neurons whose zero is s */
    /* exact */
    rc_qforms qf;
    int qf_on, q_reset;
    mpz_t p[3];
    rc_cand *cands;            /* exact (B): neurons by a lower bound */
    /* the values' forms on a piece */
    double *gform;
    mpq_t *gform_q;
    mpq_t tq;
} rc_walker;

rc_status rc_walker_init(rc_walker *w, rc_path *path, rc_pnet *pn,
                         const rc_path_opts *opts, rc_error *err);
void rc_walker_clear(rc_walker *w);

/* The sign polynomial p (and the bounds ep of its coefficients) of a float
 * row r with bound e (path_internal.h), its value at s with a bound (s
 * known within srad). */
void rc_fpoly(double p[3], double ep[3], const double *r, double e, int arc);
double rc_feval(const double p[3], const double ep[3], double s, double srad,
                double *bound);
/* The next zero after s of the quadratic p, where it changes sign, in
 * (s, end): 1 with *root and a radius *rad, 0 none, -1 unknown.  sg is its
 * certified sign at s, 0 when s is one of its zeros (path_arc.c). */
int rc_arc_froot(double *root, double *rad, const double p[3],
                 const double ep[3], int sg, double s, double srad,
                 double end);

/* Exact steps (path_step.c): the exact position s from the zero of the
 * group's lowest neuron; the pattern just after it into next; the next
 * zero over every neuron into sq, with its group (or at_end). */
rc_status rc_walk_exact_position(rc_walker *w);
void rc_walk_exact_pattern(rc_walker *w);
void rc_walk_exact_next(rc_walker *w);
/* The piece's values' forms (gform, ng x d: scaled and combined; exact:
 * gform_q too), and its trajectory lengths added to the path's. */
void rc_walk_values_form(rc_walker *w, int exact);
void rc_walk_piece_lengths(rc_walker *w, int exact, double s0, double s1);

#endif
