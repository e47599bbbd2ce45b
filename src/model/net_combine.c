/* net_combine.c -- the network of one value g = c^T f (rational.h,
 * rc_net_new_combined_q): the same hidden layers, and as the last layer
 * c^T W_L, c^T b_L, with the output scaling y = M r + m carried over
 * exactly (g = r c^T M + m sum(c)).  Every report of the gradient of a
 * network (the region graph's jumps, Lipschitz constants and their bounds,
 * atoms) then reports that of g, unchanged. */
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "base/rational.h"
#include "model/net_internal.h"

rc_status
rc_net_new_combined_q(rc_net **out, const rc_net *net, const mpq_t *c,
                      rc_error *err)
{
    size_t L = net->num_layers, *sizes, l, i, j, nin = net->sizes[0];
    size_t m = net->sizes[L], in = net->sizes[L - 1];
    rc_net *g = NULL;
    mpq_t t, sum;
    rc_status st;

    *out = NULL;
    if ((sizes = malloc((L + 1) * sizeof *sizes)) == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    memcpy(sizes, net->sizes, (L + 1) * sizeof *sizes);
    sizes[L] = 1;
    st = rc_net_new(&g, L, sizes, err);
    free(sizes);
    if (st != RC_OK)
        return st;
    for (l = 0; l + 1 < L; l++) {
        size_t n = net->sizes[l + 1] * net->sizes[l];
        memcpy(g->weights[l], net->weights[l], n * sizeof(double));
        memcpy(g->biases[l], net->biases[l], net->sizes[l + 1] * sizeof(double));
        for (i = 0; i < n; i++)
            mpq_set(g->weights_q[l][i], net->weights_q[l][i]);
        for (i = 0; i < net->sizes[l + 1]; i++)
            mpq_set(g->biases_q[l][i], net->biases_q[l][i]);
    }
    mpq_init(t);
    mpq_init(sum);
    for (j = 0; j < in; j++) {
        for (i = 0; i < m; i++) {
            mpq_mul(t, c[i], net->weights_q[L - 1][i * in + j]);
            mpq_add(g->weights_q[L - 1][j], g->weights_q[L - 1][j], t);
        }
        g->weights[L - 1][j] = rc_q_get_d(g->weights_q[L - 1][j]);
    }
    for (i = 0; i < m; i++) {
        mpq_mul(t, c[i], net->biases_q[L - 1][i]);
        mpq_add(g->biases_q[L - 1][0], g->biases_q[L - 1][0], t);
        mpq_add(sum, sum, c[i]);
    }
    g->biases[L - 1][0] = rc_q_get_d(g->biases_q[L - 1][0]);
    mpq_set(g->out_range_q, net->out_range_q);
    mpq_mul(g->out_mean_q, net->out_mean_q, sum);
    g->out_range = net->out_range;
    g->out_mean = rc_q_get_d(g->out_mean_q);
    mpq_clear(t);
    mpq_clear(sum);
    for (i = 0; i < nin; i++) {
        g->in_min[i] = net->in_min[i];
        g->in_max[i] = net->in_max[i];
        g->in_mean[i] = net->in_mean[i];
        g->in_range[i] = net->in_range[i];
        mpq_set(g->in_min_q[i], net->in_min_q[i]);
        mpq_set(g->in_max_q[i], net->in_max_q[i]);
        mpq_set(g->in_mean_q[i], net->in_mean_q[i]);
        mpq_set(g->in_range_q[i], net->in_range_q[i]);
    }
    g->no_input_box = net->no_input_box;
    if ((net->bounds_where != NULL && (g->bounds_where = strdup(net->bounds_where)) == NULL)
        || (net->source != NULL && (g->source = strdup(net->source)) == NULL)) {
        rc_net_free(g);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    *out = g;
    return RC_OK;
}

rc_status
rc_net_new_combined(rc_net **out, const rc_net *net, const double *c,
                    rc_error *err)
{
    size_t m = net->sizes[net->num_layers], i;
    mpq_t *q = rc_mpq_array_new(m);
    rc_status st;

    *out = NULL;
    if (q == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    for (i = 0; i < m; i++) {
        if (!(c[i] - c[i] == 0.0)) {
            rc_mpq_array_free(q, m);
            return rc_error_set(err, RC_ERR_ARG, "combination coefficient "
                                "%zu is not finite", i + 1);
        }
        mpq_set_d(q[i], c[i]);
    }
    st = rc_net_new_combined_q(out, net, (const mpq_t *)q, err);
    rc_mpq_array_free(q, m);
    return st;
}
