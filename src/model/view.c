/* view.c -- a network seen through an affine map; see view.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "model/view.h"

void
rc_view_clear(rc_view *v)
{
    size_t nin = v->net != NULL ? v->net->sizes[0] : 0;

    rc_mpq_array_free(v->A, nin * v->n);
    rc_mpq_array_free(v->c, nin);
    rc_mpq_array_free(v->lo, v->n);
    rc_mpq_array_free(v->hi, v->n);
    free(v->scale);
    free(v->input_of);
    memset(v, 0, sizeof *v);
}

static rc_status
view_alloc(rc_view *v, const rc_net *net, size_t n, rc_error *err)
{
    size_t nin = net->sizes[0];

    memset(v, 0, sizeof *v);
    v->net = net;
    v->n = n;
    v->A = rc_mpq_array_new(nin * n);
    v->c = rc_mpq_array_new(nin);
    v->lo = rc_mpq_array_new(n);
    v->hi = rc_mpq_array_new(n);
    v->scale = calloc(n + 1, sizeof *v->scale);
    v->input_of = calloc(n + 1, sizeof *v->input_of);
    if (!v->A || !v->c || !v->lo || !v->hi || !v->scale || !v->input_of) {
        rc_view_clear(v);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    return RC_OK;
}

rc_status
rc_view_from_domain(rc_view *v, const rc_net *net, const rc_domain *dom,
                    rc_error *err)
{
    size_t n = rc_domain_dim(dom), i, k = 0;
    rc_status st;

    if ((st = view_alloc(v, net, n, err)) != RC_OK)
        return st;
    v->bounded = dom->bounded;
    for (i = 0; i < dom->num_inputs; i++) {
        if (dom->fixed[i]) {
            mpq_set(v->c[i], dom->value_q[i]);
            continue;
        }
        mpq_set_ui(v->A[i * n + k], 1, 1);
        if (dom->bounded) {
            mpq_set(v->lo[k], dom->lo_q[i]);
            mpq_set(v->hi[k], dom->hi_q[i]);
        }
        v->scale[k] = dom->scale[i];
        v->input_of[k] = i;
        k++;
    }
    return RC_OK;
}

rc_status
rc_view_segment(rc_view *v, const rc_net *net, const mpq_t *x0,
                const mpq_t *x1, const mpq_t t0, const mpq_t t1,
                rc_error *err)
{
    size_t nin = net->sizes[0], i;
    rc_status st;

    if (mpq_cmp(t0, t1) >= 0)
        return rc_error_set(err, RC_ERR_ARG, "an empty segment");
    if ((st = view_alloc(v, net, 1, err)) != RC_OK)
        return st;
    v->bounded = 1;
    mpq_set(v->lo[0], t0);
    mpq_set(v->hi[0], t1);
    v->scale[0] = rc_q_get_d(t1) / 2 - rc_q_get_d(t0) / 2;
    v->input_of[0] = (size_t)-1;
    for (i = 0; i < nin; i++) {
        mpq_sub(v->A[i], x1[i], x0[i]);
        mpq_set(v->c[i], x0[i]);
    }
    return RC_OK;
}
