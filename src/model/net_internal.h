/* net_internal.h -- the layout of rc_net; not installed. */
#ifndef RC_NET_INTERNAL_H
#define RC_NET_INTERNAL_H

#include <gmp.h>

#include "base/rational.h"
#include "relucells/net.h"

struct rc_net {
    size_t num_layers;   /* L affine layers; L - 1 hidden */
    size_t *sizes;       /* sizes[0] = inputs, ..., sizes[L] = outputs */
    double **weights;    /* weights[l]: sizes[l+1] x sizes[l], row-major */
    double **biases;     /* biases[l]: sizes[l+1] */
    double *in_min, *in_max, *in_mean, *in_range;   /* sizes[0] each */
    double out_mean, out_range;
    /* The same numbers exactly: read from the file's text, or the exact
     * values of the doubles given to the setters. */
    mpq_t **weights_q, **biases_q;
    mpq_t *in_min_q, *in_max_q, *in_mean_q, *in_range_q;
    mpq_t out_mean_q, out_range_q;
    /* "file:line" of the input maximums, for messages about the box;
     * NULL for networks not read from a file. */
    char *bounds_where;
    /* What the file said beyond the numbers (readers of relucells/io.h):
     * provenance text (malloc'd, or NULL) and whether it gave no input box
     * (ONNX), in which case in_min/in_max are placeholders. */
    char *source;
    int no_input_box;
};

/* A network with its sizes checked and set but no weight, bias or input
 * arrays: a reader fills them as its data arrives, so that a file that
 * declares more than it holds costs no more memory than it holds. */
rc_status rc_net_new_shell(rc_net **net, size_t num_layers,
                           const size_t *sizes, rc_error *err);

#endif
