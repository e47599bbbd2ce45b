/* domain.c -- boxes, all of R^n, and slices that fix some inputs.
 *
 * The enumeration works in internal coordinates u where a box domain is
 * [-1,1]^d: every tolerance is then relative to the size of the domain,
 * whatever the units of the inputs (ACAS Xu mixes feet and radians). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/domain_internal.h"
#include "base/error_internal.h"
#include "model/net_internal.h"
#include "base/rational.h"

void
rc_domain_free(rc_domain *dom)
{
    if (dom == NULL)
        return;
    free(dom->lo);
    free(dom->hi);
    free(dom->scale);
    free(dom->fixed);
    free(dom->value);
    rc_mpq_array_free(dom->lo_q, dom->num_inputs);
    rc_mpq_array_free(dom->hi_q, dom->num_inputs);
    rc_mpq_array_free(dom->value_q, dom->num_inputs);
    free(dom);
}

static rc_status
domain_alloc(rc_domain **out, size_t n, rc_error *err)
{
    rc_domain *dom;

    *out = NULL;
    if (n < 1)
        return rc_error_set(err, RC_ERR_ARG, "a domain needs at least one input");
    dom = calloc(1, sizeof *dom);
    if (dom == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    dom->num_inputs = n;
    dom->lo = calloc(n, sizeof(double));
    dom->hi = calloc(n, sizeof(double));
    dom->scale = calloc(n, sizeof(double));
    dom->fixed = calloc(n, 1);
    dom->value = calloc(n, sizeof(double));
    dom->lo_q = rc_mpq_array_new(n);
    dom->hi_q = rc_mpq_array_new(n);
    dom->value_q = rc_mpq_array_new(n);
    if (!dom->lo || !dom->hi || !dom->scale || !dom->fixed || !dom->value
        || !dom->lo_q || !dom->hi_q || !dom->value_q) {
        rc_domain_free(dom);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    *out = dom;
    return RC_OK;
}

rc_status
rc_domain_new_box(rc_domain **out, size_t n, const double *lo,
                  const double *hi, rc_error *err)
{
    rc_status st;
    size_t i;

    *out = NULL;
    for (i = 0; i < n; i++) {
        if (!isfinite(lo[i]) || !isfinite(hi[i]))
            return rc_error_set(err, RC_ERR_ARG,
                                "box bound of x%zu is not finite", i + 1);
        if (!(lo[i] < hi[i]))
            return rc_error_set(err, RC_ERR_ARG,
                                "box of x%zu is empty or flat: [%g, %g]",
                                i + 1, lo[i], hi[i]);
    }
    if ((st = domain_alloc(out, n, err)) != RC_OK)
        return st;
    (*out)->bounded = 1;
    for (i = 0; i < n; i++) {
        (*out)->lo[i] = lo[i];
        (*out)->hi[i] = hi[i];
        (*out)->scale[i] = (hi[i] - lo[i]) / 2;
        mpq_set_d((*out)->lo_q[i], lo[i]);
        mpq_set_d((*out)->hi_q[i], hi[i]);
    }
    return RC_OK;
}

rc_status
rc_domain_new_box_q_fixed(rc_domain **out, size_t n, const mpq_t *lo,
                          const mpq_t *hi, const unsigned char *flat_ok,
                          rc_error *err)
{
    rc_domain *dom;
    rc_status st;
    size_t i;

    *out = NULL;
    for (i = 0; i < n; i++) {
        int c = mpq_cmp(lo[i], hi[i]);
        if (c > 0 || (c == 0 && (flat_ok == NULL || !flat_ok[i])))
            return rc_error_set(err, RC_ERR_ARG,
                                "box of x%zu is empty or flat: [%g, %g]",
                                i + 1, rc_q_get_d(lo[i]), rc_q_get_d(hi[i]));
        if (!isfinite(rc_q_get_d(lo[i])) || !isfinite(rc_q_get_d(hi[i])))
            return rc_error_set(err, RC_ERR_ARG,
                                "box bound of x%zu is out of range", i + 1);
    }
    if ((st = domain_alloc(&dom, n, err)) != RC_OK)
        return st;
    dom->bounded = 1;
    /* The doubles are the nearest ones; a box thinner than their spacing
     * has zero float extent, which only exact mode can handle. */
    for (i = 0; i < n; i++) {
        mpq_set(dom->lo_q[i], lo[i]);
        mpq_set(dom->hi_q[i], hi[i]);
        dom->lo[i] = rc_q_get_d(lo[i]);
        dom->hi[i] = rc_q_get_d(hi[i]);
        dom->scale[i] = (dom->hi[i] - dom->lo[i]) / 2;
    }
    *out = dom;
    return RC_OK;
}

rc_status
rc_domain_new_box_q(rc_domain **out, size_t n, const mpq_t *lo,
                    const mpq_t *hi, rc_error *err)
{
    return rc_domain_new_box_q_fixed(out, n, lo, hi, NULL, err);
}

rc_status
rc_domain_new_unbounded(rc_domain **out, size_t n, const double *scale,
                        rc_error *err)
{
    rc_status st;
    size_t i;

    if ((st = domain_alloc(out, n, err)) != RC_OK)
        return st;
    for (i = 0; i < n; i++) {
        double s = scale != NULL ? fabs(scale[i]) : 1.0;
        (*out)->lo[i] = -INFINITY;
        (*out)->hi[i] = INFINITY;
        (*out)->scale[i] = (isfinite(s) && s > 0) ? s : 1.0;
    }
    return RC_OK;
}

rc_status
rc_domain_new_from_net(rc_domain **out, const rc_net *net, rc_error *err)
{
    *out = NULL;
    if (net->no_input_box)
        return rc_error_set(err, RC_ERR_ARG,
                            "the network has no input box (an ONNX file "
                            "gives none): give a box, a VNN-LIB property or "
                            "all of R^n");
    return rc_domain_new_box_q(out, net->sizes[0],
                               (const mpq_t *)net->in_min_q,
                               (const mpq_t *)net->in_max_q, err);
}

rc_status
rc_domain_fix(rc_domain *dom, size_t i, double value, rc_error *err)
{
    if (i >= dom->num_inputs)
        return rc_error_set(err, RC_ERR_ARG,
                            "cannot fix x%zu: the network has %zu inputs",
                            i + 1, dom->num_inputs);
    if (!isfinite(value))
        return rc_error_set(err, RC_ERR_ARG, "value of x%zu is not finite",
                            i + 1);
    if (dom->bounded && (value < dom->lo[i] || value > dom->hi[i]))
        return rc_error_set(err, RC_ERR_ARG,
                            "x%zu = %g lies outside the domain [%g, %g]",
                            i + 1, value, dom->lo[i], dom->hi[i]);
    if (!dom->fixed[i] && rc_domain_dim(dom) == 1)
        return rc_error_set(err, RC_ERR_ARG,
                            "cannot fix x%zu: at least one input must stay free",
                            i + 1);
    dom->fixed[i] = 1;
    dom->value[i] = value;
    mpq_set_d(dom->value_q[i], value);
    return RC_OK;
}

rc_status
rc_domain_fix_q(rc_domain *dom, size_t i, const mpq_t value, rc_error *err)
{
    rc_status st;

    if (i < dom->num_inputs && dom->bounded
        && (mpq_cmp(value, dom->lo_q[i]) < 0 || mpq_cmp(value, dom->hi_q[i]) > 0))
        return rc_error_set(err, RC_ERR_ARG,
                            "x%zu = %g lies outside the domain [%g, %g]",
                            i + 1, rc_q_get_d(value), dom->lo[i], dom->hi[i]);
    st = rc_domain_fix(dom, i, rc_q_get_d(value), err);
    if (st == RC_OK)
        mpq_set(dom->value_q[i], value);
    return st;
}

size_t rc_domain_num_inputs(const rc_domain *dom) { return dom->num_inputs; }
int rc_domain_is_bounded(const rc_domain *dom) { return dom->bounded; }
int rc_domain_is_fixed(const rc_domain *dom, size_t i) { return dom->fixed[i]; }
double rc_domain_fixed_value(const rc_domain *dom, size_t i) { return dom->value[i]; }
double rc_domain_lo(const rc_domain *dom, size_t i) { return dom->lo[i]; }
double rc_domain_hi(const rc_domain *dom, size_t i) { return dom->hi[i]; }

size_t
rc_domain_dim(const rc_domain *dom)
{
    size_t i, d = 0;

    for (i = 0; i < dom->num_inputs; i++)
        d += !dom->fixed[i];
    return d;
}

size_t
rc_domain_free_input(const rc_domain *dom, size_t k)
{
    size_t i;

    for (i = 0; i < dom->num_inputs; i++)
        if (!dom->fixed[i] && k-- == 0)
            return i;
    return dom->num_inputs;
}

double
rc_domain_volume(const rc_domain *dom)
{
    size_t i;
    double v = 1.0;

    if (!dom->bounded)
        return NAN;
    for (i = 0; i < dom->num_inputs; i++)
        if (!dom->fixed[i])
            v *= dom->hi[i] - dom->lo[i];
    return v;
}

void
rc_domain_internal_frame(const rc_domain *dom, double *centre, double *scale)
{
    size_t i, k = 0;

    for (i = 0; i < dom->num_inputs; i++) {
        if (dom->fixed[i])
            continue;
        centre[k] = dom->bounded ? (dom->lo[i] + dom->hi[i]) / 2 : 0.0;
        scale[k] = dom->scale[i];
        k++;
    }
}

mpq_srcptr
rc_domain_lo_q(const rc_domain *dom, size_t i)
{
    return dom->bounded ? dom->lo_q[i] : NULL;
}

mpq_srcptr
rc_domain_hi_q(const rc_domain *dom, size_t i)
{
    return dom->bounded ? dom->hi_q[i] : NULL;
}
