/* path_arc.c -- Raghu et al.'s circular trajectory
 *     x(theta) = cos(theta) X0 + sin(theta) X1,  theta in [0, angle],
 * walked in quarter turns.  On quarter q, theta = q pi/2 + phi with phi in
 * [0, pi/2] and
 *     x = cos(phi) P + sin(phi) Q,   (P, Q) = (ck X0 + sk X1, ck X1 - sk X0),
 * (ck, sk) = (cos, sin)(q pi/2) in {0, +-1}: exact.  In u = tan(phi / 2),
 * u in [0, 1], cos and sin are rational, and a pre-activation
 * c + a cos + b sin has the sign of (c + a) + 2 b u + (c - a) u^2, so its
 * zeros are those of a quadratic with the forms' coefficients (exact
 * numbers of Q(sqrt D) in exact mode, quadratic.c).
 *
 * In double, a zero is certified by a change of sign: its enclosure
 * [r - rho, r + rho] has ends where the quadratic's value exceeds its
 * bound with opposite signs.  Between the evaluation points -- the current
 * point, the enclosures' ends, the vertex of the parabola and the end of
 * the quarter -- the quadratic is monotone, so equal certified signs at
 * two consecutive points prove that no zero lies between them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/path_internal.h"
#include "analysis/path_walk.h"
#include "base/rational.h"

typedef struct point {
    double x;
    int cand;        /* -1, or the candidate whose enclosure starts here */
    int sign;        /* certified sign, 0 unknown */
} point;

static int
cmp_point(const void *a, const void *b)
{
    double x = ((const point *)a)->x, y = ((const point *)b)->x;

    return x < y ? -1 : x > y;
}

static int
sign_at(const double p[3], const double ep[3], double x)
{
    double bound, v = rc_feval(p, ep, x, 0.0, &bound);

    return fabs(v) > bound ? (v > 0 ? 1 : -1) : 0;
}

int
rc_arc_froot(double *root, double *rad, const double p[3], const double ep[3],
             int sg, double s, double srad, double end)
{
    double a = p[2], b = p[1], c = p[0], r[2], rho[2];
    point pts[8];
    int nr = 0, np = 0, k, first;

    /* the zeros of the double quadratic, ascending */
    if (a == 0.0) {
        if (b != 0.0)
            r[nr++] = -c / b;
    } else {
        double disc = b * b - 4.0 * a * c;
        if (disc >= 0.0) {
            double dq = sqrt(disc), q = -0.5 * (b + (b >= 0 ? dq : -dq));
            if (q == 0.0) {
                r[nr++] = 0.0;
                r[nr++] = 0.0;
            } else {
                r[0] = q / a;
                r[1] = c / q;
                nr = 2;
                if (r[0] > r[1]) {
                    double t = r[0];
                    r[0] = r[1];
                    r[1] = t;
                }
            }
        }
    }
    /* keep those that matter, each with its radius */
    for (k = 0; k < nr; k++) {
        double dbound, E, dv, as = fabs(r[k]) > 1.0 ? fabs(r[k]) : 1.0;
        rc_feval(p, ep, r[k], 0.0, &E);
        dv = b + 2.0 * a * r[k];
        dbound = ep[1] + 2.0 * as * ep[2] + 4.0 * RC_U * (fabs(b) + 2.0 * as * fabs(a));
        rho[k] = 4.0 * E / fabs(dv) + 4.0 * RC_U * fabs(r[k]) + 0x1p-1000;
        if (r[k] + rho[k] < s - srad - 1e-300 || r[k] - rho[k] > end)
            continue;     /* certainly outside (s, end) */
        if (sg == 0 && fabs(r[k] - s) <= rho[k] + srad && !(dv == 0.0)) {
            /* the zero at s itself */
            if (fabs(dv) > 2.0 * dbound && !(k == 1 && nr == 2 && r[0] == r[1]))
                continue;
            return -1;
        }
        if (!(fabs(dv) > 2.0 * dbound) || !(rho[k] < 0.25 * (end + 1.0)))
            return -1;   /* a (near) double zero */
        if (r[k] - rho[k] <= s + srad)
            return -1;   /* too close to s to tell which side */
        if (!(r[k] + rho[k] < end))
            return -1;   /* its enclosure holds the end */
        pts[np].x = r[k] - rho[k];
        pts[np].cand = k;
        np++;
        pts[np].x = r[k] + rho[k];
        pts[np].cand = -1;
        np++;
    }
    if (a != 0.0) {
        double v = -b / (2.0 * a);
        if (v > s && v < end) {
            pts[np].x = v;
            pts[np].cand = -1;
            np++;
        }
    }
    pts[np].x = end;
    pts[np].cand = -1;
    np++;
    qsort(pts, (size_t)np, sizeof *pts, cmp_point);
    for (k = 0; k < np; k++)
        pts[k].sign = sign_at(p, ep, pts[k].x);
    /* the sign just after s */
    if (sg == 0) {
        double dbound, dv = b + 2.0 * a * s;
        dbound = ep[1] + 2.0 * ep[2] + 2.0 * fabs(a) * srad
                 + 4.0 * RC_U * (fabs(b) + 2.0 * fabs(a));
        if (!(fabs(dv) > dbound))
            return -1;
        first = dv > 0 ? 1 : -1;
    } else {
        first = sg;
    }
    for (k = 0; k < np; k++) {
        if (pts[k].sign == 0) {
            /* an end of an enclosure must be certain; the vertex or the
             * end may be a zero of no consequence only if the next sign
             * is certain and equal to the previous */
            return -1;
        }
        if (pts[k].sign != first) {
            /* the first change of sign: inside a candidate's enclosure */
            if (k > 0 && pts[k - 1].cand >= 0) {
                int j = pts[k - 1].cand;
                *root = r[j];
                *rad = rho[j];
                return 1;
            }
            return -1;
        }
    }
    return 0;
}

/* ---- building the legs ---------------------------------------------------- */

rc_status
rc_path_arc_legs(rc_path *path, const rc_pnet *pn, const mpq_t *x0,
                 const mpq_t *x1, const double *x0d, const double *x1d,
                 double angle, int exact, rc_error *err)
{
    static const int ck[4] = {1, 0, -1, 0}, sk[4] = {0, 1, 0, -1};
    size_t nin = pn->nin, q, j, nq = path->nlegs;
    double quarter = RC_PI / 2, last = angle - (double)(nq - 1) * quarter;
    mpq_t *R = NULL;
    double *Rd = NULL;
    rc_status st = RC_OK;

    if (x0 != NULL)
        R = rc_mpq_array_new(3 * nin);
    else
        Rd = calloc(3 * nin + 1, sizeof *Rd);
    if (R == NULL && Rd == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (q = 0; q < nq && st == RC_OK; q++) {
        int c = ck[q], s = sk[q];
        for (j = 0; j < nin; j++) {
            if (R != NULL) {
                /* P = c X0 + s X1, Q = c X1 - s X0 */
                mpq_set_ui(R[j], 0, 1);
                mpq_set_ui(R[nin + j], 0, 1);
                mpq_set_ui(R[2 * nin + j], 0, 1);
                if (c != 0) {
                    mpq_set(R[nin + j], x0[j]);
                    mpq_set(R[2 * nin + j], x1[j]);
                    if (c < 0) {
                        mpq_neg(R[nin + j], R[nin + j]);
                        mpq_neg(R[2 * nin + j], R[2 * nin + j]);
                    }
                } else {
                    mpq_set(R[nin + j], x1[j]);
                    mpq_set(R[2 * nin + j], x0[j]);
                    if (s < 0)
                        mpq_neg(R[nin + j], R[nin + j]);
                    else
                        mpq_neg(R[2 * nin + j], R[2 * nin + j]);
                }
            } else {
                Rd[j] = 0.0;
                Rd[nin + j] = c * x0d[j] + s * x1d[j];
                Rd[2 * nin + j] = c * x1d[j] - s * x0d[j];
            }
        }
        st = rc_leg_init(&path->legs[q], pn, 1, R, Rd, exact, err);
        path->legs[q].quarter = (unsigned)q;
        if (st == RC_OK && q + 1 == nq && fabs(last - quarter) > 4e-16 * angle) {
            /* a last partial quarter ends at u = tan(phi / 2), a double */
            double u = tan(0.5 * last);
            mpq_set_d(path->legs[q].s_end, u);
            path->legs[q].s_end_d = u;
        }
    }
    rc_mpq_array_free(R, 3 * nin);
    free(Rd);
    return st;
}

/* The number of quarter turns of an arc of the angle. */
size_t
rc_path_arc_quarters(double angle)
{
    double quarter = RC_PI / 2, k = ceil(angle / quarter);

    /* an angle within a few ulps of k quarters is k quarters */
    if (k > 1 && fabs(angle - (k - 1) * quarter) <= 4e-16 * angle)
        k -= 1;
    return k < 1 ? 1 : (size_t)k;
}

rc_status
rc_path_breakpoint_u_q(unsigned *quarter, mpq_srcptr *a, mpq_srcptr *b,
                       mpz_srcptr *D, mpq_srcptr *lo, mpq_srcptr *hi,
                       const rc_path *p, size_t k)
{
    if (p->kind != RC_PATH_ARC || p->bp_u == NULL || k >= p->nbp)
        return RC_ERR_ARG;
    *quarter = p->legs[p->bps[k].leg].quarter;
    *a = p->bp_u[k].a;
    *b = p->bp_u[k].b;
    *D = p->bp_u[k].D;
    *lo = p->bp_ulo[k];
    *hi = p->bp_uhi[k];
    return RC_OK;
}
