/* relucells/net.h -- feed-forward ReLU networks.
 *
 * A network with L affine layers computes
 *     M(x) = W_L rho(... rho(W_1 x_n + b_1) ...) + b_L,   y = M(x) * range_out + mean_out,
 * with rho = ReLU on the L-1 hidden layers and x_n = (x - mean) / range the
 * input normalisation of the NNet format.  Layers are numbered 1..L and
 * neurons 1..N_l in messages and output; the C interface below indexes from 0
 * (layer index l in 0..L-1 means the paper's layer l+1). */
#ifndef RELUCELLS_NET_H
#define RELUCELLS_NET_H

#include <stddef.h>
#include <stdio.h>

#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_net rc_net;

/* Readers (NNet) are in io.h. */

/* A new network with num_layers affine layers and sizes[0..num_layers]
 * (sizes[0] inputs, sizes[num_layers] outputs); weights and biases zero,
 * no normalisation (mean 0, range 1), input bounds -1..1. */
rc_status rc_net_new(rc_net **net, size_t num_layers, const size_t *sizes,
                     rc_error *err);

/* Free a network; rc_net_free(NULL) does nothing. */
void rc_net_free(rc_net *net);

size_t rc_net_num_layers(const rc_net *net);   /* L: affine layers */
size_t rc_net_num_hidden(const rc_net *net);   /* L - 1 */
size_t rc_net_num_inputs(const rc_net *net);
size_t rc_net_num_outputs(const rc_net *net);
/* Width of layer l (0-based; l = num_layers - 1 is the output layer). */
size_t rc_net_layer_size(const rc_net *net, size_t l);
/* Number of weights and biases. */
size_t rc_net_num_params(const rc_net *net);
/* Total number of hidden neurons (length of an activation pattern). */
size_t rc_net_num_neurons(const rc_net *net);

/* Weights of layer l, row-major N_l x N_{l-1}; biases of layer l. */
const double *rc_net_weights(const rc_net *net, size_t l);
const double *rc_net_biases(const rc_net *net, size_t l);
/* Set one weight or bias (its exact value is that of the double);
 * RC_ERR_ARG, and nothing changed, when it is not finite. */
rc_status rc_net_set_weight(rc_net *net, size_t l, size_t i, size_t j,
                            double w);
rc_status rc_net_set_bias(rc_net *net, size_t l, size_t i, double b);

/* Input bounds and normalisation (arrays of num_inputs), output scaling. */
const double *rc_net_input_min(const rc_net *net);
const double *rc_net_input_max(const rc_net *net);
const double *rc_net_input_mean(const rc_net *net);
const double *rc_net_input_range(const rc_net *net);
double rc_net_output_mean(const rc_net *net);
double rc_net_output_range(const rc_net *net);
rc_status rc_net_set_input_bounds(rc_net *net, const double *lo,
                                  const double *hi, rc_error *err);
/* Does the network have an input box?  An NNet file gives one, and so does
 * rc_net_new (-1..1); an ONNX file does not (relucells/io.h), until
 * rc_net_set_input_bounds or rc_net_set_input_bounds_q gives it one.  Without a box, the input minima and
 * maxima are meaningless and rc_domain_new_from_net refuses the network. */
int rc_net_has_input_bounds(const rc_net *net);
/* Where the network came from, for people: a few lines "key: value" (the
 * format, ONNX opset and producer, input shape, operators folded), or NULL
 * for a network built by rc_net_new or read from NNet.  Owned by net. */
const char *rc_net_source_info(const rc_net *net);
rc_status rc_net_set_normalisation(rc_net *net, const double *mean,
                                   const double *range, double out_mean,
                                   double out_range, rc_error *err);

/* The network of one output g = c^T f (c: num_outputs coefficients): the
 * same hidden layers, its last layer c^T W_L, c^T b_L (the output scaling
 * carried over), so every report of the network's gradient -- the region
 * graph's jumps, Lipschitz constants, atoms -- is that of g.  *out is new
 * (rc_net_free).  rational.h has the exact variant. */
rc_status rc_net_new_combined(rc_net **out, const rc_net *net,
                              const double *c, rc_error *err);

/* y = network output at raw input x (no clipping to the input bounds).
 * If pattern is not NULL it receives the activation pattern, one byte 0/1
 * per hidden neuron, layer after layer (pre-activation > 0 means 1).
 * Fails only when its work space cannot be allocated (RC_ERR_NOMEM). */
rc_status rc_net_eval(const rc_net *net, double *y, unsigned char *pattern,
                 const double *x);

#ifdef __cplusplus
}
#endif
#endif
