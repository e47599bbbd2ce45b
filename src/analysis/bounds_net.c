/* bounds_net.c -- the first layer of a network as a hyperplane arrangement.
 *
 * Over the free inputs x of a slice, neuron i of the first hidden layer is
 * zero on the hyperplane sum_j (w_ij / range_j) x_j + c_i = 0 with
 *     c_i = b_i + sum_{j fixed} w_ij (v_j - mean_j) / range_j
 *               - sum_{j free} w_ij mean_j / range_j,
 * computed exactly from the weights as the file wrote them.  Its regions
 * over all of R^n are the regions of the network's first layer, |Theta_1|
 * with --unbounded. */
#include <stdlib.h>

#include "model/domain_internal.h"
#include "base/error_internal.h"
#include "model/net_internal.h"
#include "relucells/bounds.h"

rc_status
rc_arrangement_of_first_layer(rc_arrangement_info *info, const rc_net *net,
                              const rc_domain *dom,
                              const rc_arrangement_opts *opts, rc_error *err)
{
    size_t N = net->sizes[1], nin = net->sizes[0], n = rc_domain_dim(dom);
    size_t i, j, c;
    mpq_t *rows, t;
    rc_status st;

    if (net->num_layers < 2)
        return rc_error_set(err, RC_ERR_ARG, "the network has no hidden layer");
    if (dom->num_inputs != nin)
        return rc_error_set(err, RC_ERR_ARG,
                            "domain has %zu inputs, network has %zu",
                            dom->num_inputs, nin);
    rows = rc_mpq_array_new(N * (n + 1));
    if (rows == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    mpq_init(t);
    for (i = 0; i < N; i++) {
        mpq_t *row = rows + i * (n + 1);
        mpq_set(row[n], net->biases_q[0][i]);
        for (j = 0, c = 0; j < nin; j++) {
            const __mpq_struct *w = net->weights_q[0][i * nin + j];
            if (dom->fixed[j]) {
                mpq_sub(t, dom->value_q[j], net->in_mean_q[j]);
            } else {
                mpq_div(row[c], w, net->in_range_q[j]);
                c++;
                mpq_neg(t, net->in_mean_q[j]);
            }
            mpq_mul(t, t, w);
            mpq_div(t, t, net->in_range_q[j]);
            mpq_add(row[n], row[n], t);
        }
    }
    mpq_clear(t);
    st = rc_arrangement_compute_q(info, (const mpq_t *)rows, N, n, opts, err);
    rc_mpq_array_free(rows, N * (n + 1));
    return st;
}
