/* bounds_net.c -- the first layer of a network as a hyperplane arrangement.
 *
 * Over the free inputs x of a slice, neuron i of the first hidden layer is
 * zero on the hyperplane of the first layer of the network restricted to
 * the slice (model/affine.h), computed exactly from the weights as the
 * file wrote them.  Its regions over all of R^n are the regions of the
 * network's first layer, |Theta_1| with --unbounded. */
#include <stdlib.h>

#include "model/affine.h"
#include "model/domain_internal.h"
#include "base/error_internal.h"
#include "model/net_internal.h"
#include "relucells/bounds.h"

rc_status
rc_arrangement_of_first_layer(rc_arrangement_info *info, const rc_net *net,
                              const rc_domain *dom,
                              const rc_arrangement_opts *opts, rc_error *err)
{
    size_t N, n = rc_domain_dim(dom), i, j;
    rc_affine *aff = NULL;
    rc_view view;
    mpq_t *rows;
    rc_status st;

    if (net->num_layers < 2)
        return rc_error_set(err, RC_ERR_ARG, "the network has no hidden layer");
    if (dom->num_inputs != net->sizes[0])
        return rc_error_set(err, RC_ERR_ARG,
                            "domain has %zu inputs, network has %zu",
                            dom->num_inputs, net->sizes[0]);
    /* The first layer of the network restricted to the slice, exactly. */
    if ((st = rc_view_from_domain(&view, net, dom, err)) != RC_OK)
        return st;
    st = rc_affine_new_view(&aff, &view, RC_FRAME_RAW, 1, err);
    rc_view_clear(&view);
    if (st != RC_OK)
        return st;
    N = aff->sizes[1];
    rows = rc_mpq_array_new(N * (n + 1));
    if (rows == NULL) {
        rc_affine_free(aff);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    for (i = 0; i < N; i++) {
        for (j = 0; j < n; j++)
            mpq_set(rows[i * (n + 1) + j], aff->Wq[0][i * n + j]);
        mpq_set(rows[i * (n + 1) + n], aff->bq[0][i]);
    }
    rc_affine_free(aff);
    st = rc_arrangement_compute_q(info, (const mpq_t *)rows, N, n, opts, err);
    rc_mpq_array_free(rows, N * (n + 1));
    return st;
}
