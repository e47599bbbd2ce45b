/* path_length.c -- trajectory lengths of the pieces of a path.
 *
 * On a segment piece the image z(t) of a layer is affine in t, so its
 * length is |dz/dt| (t1 - t0): exact up to rounding.  On an arc piece
 * z(phi) = c + a cos phi + b sin phi, so
 *     |dz/dphi|^2 = alpha sin^2 - 2 beta sin cos + gamma cos^2
 *                 = A + R cos(2 phi + psi),
 * A = (alpha + gamma) / 2, R = sqrt(((gamma - alpha) / 2)^2 + beta^2),
 * A >= R >= 0.  The length is an incomplete elliptic integral of the
 * second kind, with two closed forms: R = 0 (a circle: sqrt(A) times the
 * angle) and R = A (the image moves along a line: sqrt(2A) |cos(phi +
 * psi/2)|, whose integral is elementary).  Otherwise adaptive
 * Gauss-Kronrod (7-15 points) integrates it to the relative tolerance
 * asked, and the sum of |K15 - G7| over the final subintervals is reported
 * as the error estimate (the integrand is analytic when A > R, where this
 * estimate is pessimistic by orders of magnitude). */
#include <math.h>

#include "analysis/path_internal.h"

void
rc_path_length_add_segment(double *length, double slope_norm, double s0,
                           double s1)
{
    *length += slope_norm * (s1 - s0);
}

/* Integral of |cos| from -pi/2 to x. */
static double
abs_cos_primitive(double x)
{
    double k = floor((x + RC_PI / 2) / RC_PI);

    return 2.0 * k + 1.0 + (fmod(k, 2.0) == 0.0 ? 1.0 : -1.0) * sin(x);
}

typedef struct qform {
    double A, R, psi;
} qform;

static double
integrand(const qform *q, double phi)
{
    double v = q->A + q->R * cos(2.0 * phi + q->psi);

    return v > 0.0 ? sqrt(v) : 0.0;
}

static const double xgk[8] = {
    0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
    0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
    0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
    0.207784955007898467600689403773245, 0.000000000000000000000000000000000};
static const double wgk[8] = {
    0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
    0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
    0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
    0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
static const double wg[4] = {
    0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
    0.381830050505118944950369775488975, 0.417959183673469387755102040816327};

/* Gauss-Kronrod 7-15 on [a, b]: the K15 value and |K15 - G7|. */
static double
gk15(const qform *q, double a, double b, double *err)
{
    double c = 0.5 * (a + b), h = 0.5 * (b - a);
    double fc = integrand(q, c), k = fc * wgk[7], g = fc * wg[3];
    int j;

    for (j = 0; j < 7; j++) {
        double f1 = integrand(q, c - h * xgk[j]), f2 = integrand(q, c + h * xgk[j]);
        k += wgk[j] * (f1 + f2);
        if (j % 2 == 1)
            g += wg[j / 2] * (f1 + f2);
    }
    *err = fabs((k - g) * h);
    return k * h;
}

static double
adapt(const qform *q, double a, double b, double tol, int depth, double *err)
{
    double e, v = gk15(q, a, b, &e);

    if (e <= tol || depth >= 40 || b - a < 1e-15 * (1.0 + fabs(a))) {
        *err += e;
        return v;
    }
    return adapt(q, a, 0.5 * (a + b), 0.5 * tol, depth + 1, err)
           + adapt(q, 0.5 * (a + b), b, 0.5 * tol, depth + 1, err);
}

void
rc_path_length_add_arc(double *length, double *error, double alpha,
                       double beta, double gamma, double u0, double u1,
                       double tol)
{
    double phi0 = 2.0 * atan(u0), phi1 = 2.0 * atan(u1);
    qform q;

    if (!(phi1 > phi0))
        return;
    q.A = 0.5 * (alpha + gamma);
    q.R = hypot(0.5 * (gamma - alpha), beta);
    /* (gamma - alpha)/2 cos 2phi - beta sin 2phi = R cos(2 phi + psi) */
    q.psi = atan2(beta, 0.5 * (gamma - alpha));
    if (!(q.A > 0.0))
        return;
    if (q.R <= 1e-15 * q.A) {
        *length += sqrt(q.A) * (phi1 - phi0);
        return;
    }
    if (q.A - q.R <= 1e-15 * q.A) {
        /* sqrt(2A) |cos(phi + psi/2)| */
        double x0 = phi0 + 0.5 * q.psi, x1 = phi1 + 0.5 * q.psi;
        *length += sqrt(2.0 * q.A)
                   * (abs_cos_primitive(x1) - abs_cos_primitive(x0));
        return;
    }
    {
        double e = 0.0, rough, v;
        rough = sqrt(q.A) * (phi1 - phi0);
        v = adapt(&q, phi0, phi1, tol * rough, 0, &e);
        *length += v;
        *error += e;
    }
}
