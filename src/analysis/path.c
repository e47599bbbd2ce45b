/* path.c -- the public interface of paths (relucells/path.h): building the
 * legs of a segment, a polyline or an arc, walking them (path_walk.c), and
 * reading the result. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "base/rational.h"

rc_status rc_path_arc_legs(rc_path *path, const rc_pnet *pn, const mpq_t *x0,
                           const mpq_t *x1, const double *x0d,
                           const double *x1d, double angle, int exact,
                           rc_error *err);
size_t rc_path_arc_quarters(double angle);

void
rc_path_opts_init(rc_path_opts *opts)
{
    opts->arithmetic = RC_ARITH_FILTERED;
    opts->combine = NULL;
    opts->combine_q = NULL;
    opts->keep_patterns = 1;
    opts->max_breakpoints = 0;
    opts->length_tol = 1e-12;
    opts->stop = NULL;
}

static rc_status
check_args(const rc_net *net, const rc_path_opts *opts, rc_error *err)
{
    if (net == NULL)
        return rc_error_set(err, RC_ERR_ARG, "no network");
    if (opts->arithmetic != RC_ARITH_FILTERED && opts->arithmetic != RC_ARITH_EXACT
        && opts->arithmetic != RC_ARITH_FLOAT)
        return rc_error_set(err, RC_ERR_ARG, "unknown arithmetic");
    if (!(opts->length_tol > 0.0) || !(opts->length_tol < 1.0))
        return rc_error_set(err, RC_ERR_ARG, "length_tol must be in (0, 1)");
    return RC_OK;
}

/* Points as exact rationals: the given ones, or the doubles' values. */
static mpq_t *
points_q(const double *x, size_t count)
{
    mpq_t *q = rc_mpq_array_new(count);
    size_t i;

    for (i = 0; q != NULL && i < count; i++) {
        if (!isfinite(x[i])) {
            rc_mpq_array_free(q, count);
            return NULL;
        }
        mpq_set_d(q[i], x[i]);
    }
    return q;
}

static int
finite_points(const double *x, size_t count)
{
    size_t i;

    for (i = 0; i < count; i++)
        if (!isfinite(x[i]))
            return 0;
    return 1;
}

/* The walk over the legs already in *path, and the status returned:
 * a limit or a stop keeps the result. */
static rc_status
finish(rc_path **out, rc_path *path, rc_pnet *pn, const rc_path_opts *opts,
       rc_error *err)
{
    rc_status st;

    path->arithmetic = opts->arithmetic;
    st = rc_path_walk(path, pn, opts, err);

    path->complete = st == RC_OK;
    if (st != RC_OK && st != RC_ERR_LIMIT && st != RC_ERR_STOPPED) {
        rc_path_free(path);
        return st;
    }
    *out = path;
    return st;
}

/* The legs of a polyline through count points (exact q or doubles d) on
 * the prepared network, walked. */
rc_status
rc_path_polyline_pn(rc_path **out, rc_pnet *pn, const mpq_t *q,
                    const double *d, size_t count, rc_path_kind kind,
                    const rc_path_opts *opts, rc_error *err)
{
    size_t nin = pn->nin, k, j;
    rc_path *path = NULL;
    int exact = opts->arithmetic != RC_ARITH_FLOAT;
    rc_status st;
    mpq_t *R = NULL;
    double *Rd = NULL;

    *out = NULL;
    if ((st = rc_path_alloc(&path, pn, kind, count - 1, opts->keep_patterns,
                            opts->arithmetic == RC_ARITH_EXACT, err)) != RC_OK)
        return st;
    path->t_end = (double)(count - 1);
    R = q != NULL ? rc_mpq_array_new(2 * nin) : NULL;
    Rd = q == NULL ? malloc((2 * nin + 1) * sizeof *Rd) : NULL;
    if (R == NULL && Rd == NULL)
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (k = 0; k + 1 < count && st == RC_OK; k++) {
        for (j = 0; j < nin; j++) {
            if (R != NULL) {
                mpq_set(R[j], q[k * nin + j]);
                mpq_sub(R[nin + j], q[(k + 1) * nin + j], q[k * nin + j]);
            } else {
                Rd[j] = d[k * nin + j];
                Rd[nin + j] = d[(k + 1) * nin + j] - d[k * nin + j];
            }
        }
        st = rc_leg_init(&path->legs[k], pn, 0, R, Rd, exact, err);
        if (st == RC_ERR_ARG && count > 2)
            st = rc_error_set(err, RC_ERR_ARG, "points %zu and %zu of the "
                              "polyline are the same", k + 1, k + 2);
    }
    rc_mpq_array_free(R, 2 * nin);
    free(Rd);
    if (st != RC_OK) {
        rc_path_free(path);
        return st;
    }
    return finish(out, path, pn, opts, err);
}

/* A polyline through count points (exact q or doubles d). */
static rc_status
polyline(rc_path **out, const rc_net *net, const mpq_t *q, const double *d,
         size_t count, rc_path_kind kind, const rc_path_opts *opts_in,
         rc_error *err)
{
    rc_path_opts opts;
    rc_pnet *pn = NULL;
    rc_status st;

    *out = NULL;
    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_path_opts_init(&opts);
    if ((st = check_args(net, &opts, err)) != RC_OK)
        return st;
    if (count < 2)
        return rc_error_set(err, RC_ERR_ARG, "a polyline needs two points");
    if ((st = rc_pnet_new(&pn, net, &opts, opts.arithmetic == RC_ARITH_EXACT,
                          err)) != RC_OK)
        return st;
    st = rc_path_polyline_pn(out, pn, q, d, count, kind, &opts, err);
    rc_pnet_free(pn);
    return st;
}

rc_status
rc_path_segment_q(rc_path **path, const rc_net *net, const mpq_t *x0,
                  const mpq_t *x1, const rc_path_opts *opts, rc_error *err)
{
    size_t nin = net != NULL ? rc_net_num_inputs(net) : 0, j;
    mpq_t *pts = rc_mpq_array_new(2 * nin);
    rc_status st;

    *path = NULL;
    if (pts == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (j = 0; j < nin; j++) {
        mpq_set(pts[j], x0[j]);
        mpq_set(pts[nin + j], x1[j]);
    }
    st = polyline(path, net, (const mpq_t *)pts, NULL, 2, RC_PATH_SEGMENT,
                  opts, err);
    rc_mpq_array_free(pts, 2 * nin);
    return st;
}

rc_status
rc_path_segment(rc_path **path, const rc_net *net, const double *x0,
                const double *x1, const rc_path_opts *opts, rc_error *err)
{
    size_t nin = net != NULL ? rc_net_num_inputs(net) : 0;
    double *pts = malloc((2 * nin + 1) * sizeof *pts);
    rc_status st;

    *path = NULL;
    if (pts == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    memcpy(pts, x0, nin * sizeof *pts);
    memcpy(pts + nin, x1, nin * sizeof *pts);
    st = rc_path_polyline(path, net, pts, 2, opts, err);
    if (*path != NULL)
        (*path)->kind = RC_PATH_SEGMENT;
    free(pts);
    return st;
}

rc_status
rc_path_polyline_q(rc_path **path, const rc_net *net, const mpq_t *points,
                   size_t num_points, const rc_path_opts *opts, rc_error *err)
{
    return polyline(path, net, points, NULL, num_points, RC_PATH_POLYLINE,
                    opts, err);
}

rc_status
rc_path_polyline(rc_path **path, const rc_net *net, const double *points,
                 size_t num_points, const rc_path_opts *opts, rc_error *err)
{
    size_t count = num_points * (net != NULL ? rc_net_num_inputs(net) : 0);
    rc_status st;
    mpq_t *q;

    *path = NULL;
    if (!finite_points(points, count))
        return rc_error_set(err, RC_ERR_ARG, "a point of the path is not finite");
    if (opts != NULL && opts->arithmetic == RC_ARITH_FLOAT)
        return polyline(path, net, NULL, points, num_points, RC_PATH_POLYLINE,
                        opts, err);
    if ((q = points_q(points, count)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    st = polyline(path, net, (const mpq_t *)q, NULL, num_points,
                  RC_PATH_POLYLINE, opts, err);
    rc_mpq_array_free(q, count);
    return st;
}

rc_status
rc_path_arc_pn(rc_path **out, rc_pnet *pn, const mpq_t *x0, const mpq_t *x1,
               const double *x0d, const double *x1d, double angle,
               const rc_path_opts *opts, rc_error *err)
{
    rc_path *path = NULL;
    rc_status st;

    *out = NULL;
    if (!(angle > 0.0) || !(angle <= 2.0 * RC_PI + 1e-9))
        return rc_error_set(err, RC_ERR_ARG, "the angle of an arc must be in "
                            "(0, 2 pi]");
    st = rc_path_alloc(&path, pn, RC_PATH_ARC, rc_path_arc_quarters(angle),
                       opts->keep_patterns, opts->arithmetic == RC_ARITH_EXACT,
                       err);
    if (st == RC_OK) {
        path->t_end = angle;
        st = rc_path_arc_legs(path, pn, x0, x1, x0d, x1d, angle,
                              opts->arithmetic != RC_ARITH_FLOAT, err);
    }
    if (st != RC_OK) {
        rc_path_free(path);
        return st;
    }
    return finish(out, path, pn, opts, err);
}

static rc_status
arc(rc_path **out, const rc_net *net, const mpq_t *x0, const mpq_t *x1,
    const double *x0d, const double *x1d, double angle,
    const rc_path_opts *opts_in, rc_error *err)
{
    rc_path_opts opts;
    rc_pnet *pn = NULL;
    rc_status st;

    *out = NULL;
    if (opts_in != NULL)
        opts = *opts_in;
    else
        rc_path_opts_init(&opts);
    if ((st = check_args(net, &opts, err)) != RC_OK)
        return st;
    if ((st = rc_pnet_new(&pn, net, &opts, opts.arithmetic == RC_ARITH_EXACT,
                          err)) != RC_OK)
        return st;
    st = rc_path_arc_pn(out, pn, x0, x1, x0d, x1d, angle, &opts, err);
    rc_pnet_free(pn);
    return st;
}

rc_status
rc_path_arc_q(rc_path **path, const rc_net *net, const mpq_t *x0,
              const mpq_t *x1, double angle, const rc_path_opts *opts,
              rc_error *err)
{
    return arc(path, net, x0, x1, NULL, NULL, angle, opts, err);
}

rc_status
rc_path_arc(rc_path **path, const rc_net *net, const double *x0,
            const double *x1, double angle, const rc_path_opts *opts,
            rc_error *err)
{
    size_t nin = net != NULL ? rc_net_num_inputs(net) : 0;
    mpq_t *q0, *q1;
    rc_status st;

    *path = NULL;
    if (!finite_points(x0, nin) || !finite_points(x1, nin))
        return rc_error_set(err, RC_ERR_ARG, "a point of the path is not finite");
    if (opts != NULL && opts->arithmetic == RC_ARITH_FLOAT)
        return arc(path, net, NULL, NULL, x0, x1, angle, opts, err);
    q0 = points_q(x0, nin);
    q1 = points_q(x1, nin);
    if (q0 == NULL || q1 == NULL)
        st = rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    else
        st = arc(path, net, (const mpq_t *)q0, (const mpq_t *)q1, NULL, NULL,
                 angle, opts, err);
    rc_mpq_array_free(q0, nin);
    rc_mpq_array_free(q1, nin);
    return st;
}

/* ---- accessors ------------------------------------------------------------- */

rc_path_kind rc_path_get_kind(const rc_path *p) { return p->kind; }
rc_arithmetic rc_path_arithmetic(const rc_path *p) { return p->arithmetic; }
const double *rc_path_combination(const rc_path *p) { return p->comb; }
int rc_path_complete(const rc_path *p) { return p->complete; }
int rc_path_is_exact(const rc_path *p) { return p->exact; }
double rc_path_t_end(const rc_path *p) { return p->t_end; }
size_t rc_path_num_inputs(const rc_path *p) { return p->nin; }
size_t rc_path_num_values(const rc_path *p) { return p->ng; }
size_t rc_path_num_hidden(const rc_path *p) { return p->nh; }
size_t rc_path_num_legs(const rc_path *p) { return p->nlegs; }
size_t rc_path_num_uncertain(const rc_path *p) { return p->uncertain; }
size_t rc_path_num_exact_steps(const rc_path *p) { return p->exact_steps; }
size_t rc_path_num_breakpoints(const rc_path *p) { return p->nbp; }
size_t rc_path_num_pieces(const rc_path *p) { return p->npieces; }
size_t rc_path_num_patterns(const rc_path *p) { return p->num_patterns; }

double
rc_path_leg_norm(const rc_path *p, size_t leg)
{
    return leg < p->nlegs ? p->legs[leg].norm : NAN;
}

mpq_srcptr
rc_path_leg_norm2_q(const rc_path *p, size_t leg)
{
    return p->exact && p->kind != RC_PATH_ARC && leg < p->nlegs
           ? p->legs[leg].norm2 : NULL;
}

rc_status
rc_path_point(double *x, const rc_path *p, double t)
{
    size_t j, nin = p->nin;

    if (!(t >= 0.0) || !(t <= p->t_end))
        return RC_ERR_ARG;
    if (p->kind == RC_PATH_ARC) {
        const double *X0 = p->legs[0].R + nin, *X1 = X0 + nin;
        double c = cos(t), s = sin(t);
        for (j = 0; j < nin; j++)
            x[j] = c * X0[j] + s * X1[j];
    } else {
        size_t leg = (size_t)floor(t);
        const rc_leg *lg;
        double s;
        if (leg >= p->nlegs)
            leg = p->nlegs - 1;
        lg = &p->legs[leg];
        s = t - (double)leg;
        for (j = 0; j < nin; j++)
            x[j] = lg->R[j] + s * lg->R[nin + j];
    }
    return RC_OK;
}

double
rc_path_breakpoint_t(const rc_path *p, size_t k)
{
    return p->bps[k].t;
}

size_t
rc_path_breakpoint_num_flips(const rc_path *p, size_t k)
{
    return p->bps[k].nflips;
}

rc_path_flip
rc_path_breakpoint_flip(const rc_path *p, size_t k, size_t i)
{
    return p->flips[p->bps[k].flip0 + i];
}

unsigned
rc_path_breakpoint_layer(const rc_path *p, size_t k)
{
    return p->bps[k].layer;
}

const double *
rc_path_breakpoint_value(const rc_path *p, size_t k)
{
    return p->values != NULL ? p->values + k * p->ng : NULL;
}

const double *
rc_path_breakpoint_gap(const rc_path *p, size_t k)
{
    return p->gaps != NULL ? p->gaps + k * p->ng : NULL;
}

size_t
rc_path_breakpoint_piece(const rc_path *p, size_t k)
{
    return p->bps[k].piece;
}

double rc_path_piece_t0(const rc_path *p, size_t i) { return p->pieces[i].t0; }
double rc_path_piece_t1(const rc_path *p, size_t i) { return p->pieces[i].t1; }
size_t rc_path_piece_leg(const rc_path *p, size_t i) { return p->pieces[i].leg; }

const unsigned char *
rc_path_piece_pattern(const rc_path *p, size_t i)
{
    return p->keep_patterns ? p->patterns + i * p->npat : NULL;
}

const double *
rc_path_piece_slope_t(const rc_path *p, size_t i)
{
    return p->kind == RC_PATH_ARC ? NULL : p->slopes_t + i * p->ng;
}

const double *
rc_path_piece_slope(const rc_path *p, size_t i)
{
    return p->kind == RC_PATH_ARC ? NULL : p->slopes + i * p->ng;
}

const double *
rc_path_piece_map(const rc_path *p, size_t i)
{
    return p->kind == RC_PATH_ARC ? p->forms + i * p->ng * 3 : NULL;
}

size_t
rc_path_layer_transitions(const rc_path *p, size_t l)
{
    return l < p->nh ? p->transitions[l] : 0;
}

size_t
rc_path_layer_patterns(const rc_path *p, size_t l)
{
    return l < p->nh ? p->layer_patterns[l] : 0;
}

double
rc_path_length(const rc_path *p, size_t d, double *error)
{
    if (d > p->nh + 1)
        return NAN;
    if (error != NULL)
        *error = p->length_err[d];
    return p->lengths[d];
}

mpq_srcptr
rc_path_breakpoint_t_q(const rc_path *p, size_t k)
{
    return p->bp_tq != NULL && k < p->nbp ? p->bp_tq[k] : NULL;
}

mpq_srcptr
rc_path_breakpoint_value_q(const rc_path *p, size_t k)
{
    return p->values_q != NULL && k < p->nbp ? p->values_q[k * p->ng] : NULL;
}

rc_status
rc_path_breakpoint_point_q(mpq_t *x, const rc_path *p, size_t k)
{
    const rc_leg *lg;
    size_t j, nin = p->nin;
    mpq_t s, t;

    if (p->bp_tq == NULL || k >= p->nbp)
        return RC_ERR_ARG;
    lg = &p->legs[p->bps[k].leg];
    if (lg->Rq == NULL)
        return RC_ERR_ARG;
    mpq_init(s);
    mpq_init(t);
    mpq_set_ui(s, (unsigned long)p->bps[k].leg, 1);
    mpq_sub(s, p->bp_tq[k], s);
    for (j = 0; j < nin; j++) {
        mpq_mul(t, lg->Rq[nin + j], s);
        mpq_add(x[j], lg->Rq[j], t);
    }
    mpq_clear(s);
    mpq_clear(t);
    return RC_OK;
}

mpq_srcptr
rc_path_piece_t0_q(const rc_path *p, size_t i)
{
    return p->t_q != NULL && i < p->npieces ? p->t_q[2 * i] : NULL;
}

mpq_srcptr
rc_path_piece_t1_q(const rc_path *p, size_t i)
{
    return p->t_q != NULL && i < p->npieces ? p->t_q[2 * i + 1] : NULL;
}

mpq_srcptr
rc_path_piece_slope_t_q(const rc_path *p, size_t i)
{
    if (p->slopes_q == NULL || p->kind == RC_PATH_ARC || i >= p->npieces)
        return NULL;
    return p->slopes_q[i * p->ng];
}

mpq_srcptr
rc_path_piece_map_q(const rc_path *p, size_t i)
{
    return p->forms_q != NULL && p->kind == RC_PATH_ARC && i < p->npieces
           ? p->forms_q[i * p->ng * 3] : NULL;
}
