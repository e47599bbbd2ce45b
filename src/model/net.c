/* net.c -- construction, access and evaluation of feed-forward ReLU networks.
 *
 * The network stores the weights exactly as its file gives them, in the
 * normalised input coordinates of the NNet format; the enumeration folds
 * the normalisation into the first layer and the output scaling into the
 * last, so that regions and maps come out in raw coordinates. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error_internal.h"
#include "model/net_internal.h"

/* Largest width and parameter count we agree to allocate: a declared size
 * past these is an input error, not an allocation attempt. */
#define RC_NET_MAX_WIDTH ((size_t)1 << 20)
#define RC_NET_MAX_PARAMS ((size_t)1 << 28)

void
rc_net_free(rc_net *net)
{
    size_t l, n;

    if (net == NULL)
        return;
    n = net->sizes != NULL ? net->sizes[0] : 0;
    for (l = 0; l < net->num_layers; l++) {
        if (net->weights != NULL)
            free(net->weights[l]);
        if (net->biases != NULL)
            free(net->biases[l]);
        if (net->weights_q != NULL)
            rc_mpq_array_free(net->weights_q[l], net->sizes[l + 1] * net->sizes[l]);
        if (net->biases_q != NULL)
            rc_mpq_array_free(net->biases_q[l], net->sizes[l + 1]);
    }
    free(net->weights_q);
    free(net->biases_q);
    rc_mpq_array_free(net->in_min_q, n);
    rc_mpq_array_free(net->in_max_q, n);
    rc_mpq_array_free(net->in_mean_q, n);
    rc_mpq_array_free(net->in_range_q, n);
    if (net->sizes != NULL) {
        mpq_clear(net->out_mean_q);
        mpq_clear(net->out_range_q);
    }
    free(net->weights);
    free(net->biases);
    free(net->sizes);
    free(net->in_min);
    free(net->in_max);
    free(net->in_mean);
    free(net->in_range);
    free(net->bounds_where);
    free(net->source);
    free(net);
}

/* Check sizes against the caps; the parameter count into *params. */
static rc_status
check_sizes(size_t num_layers, const size_t *sizes, rc_error *err)
{
    size_t l, params = 0;

    if (num_layers < 1)
        return rc_error_set(err, RC_ERR_ARG, "a network needs at least one layer");
    for (l = 0; l <= num_layers; l++) {
        if (sizes[l] < 1 || sizes[l] > RC_NET_MAX_WIDTH)
            return rc_error_set(err, RC_ERR_NOMEM,
                                "layer size %zu is out of range 1..%zu",
                                sizes[l], RC_NET_MAX_WIDTH);
        if (l > 0) {
            params += sizes[l] * (sizes[l - 1] + 1);
            if (params > RC_NET_MAX_PARAMS)
                return rc_error_set(err, RC_ERR_NOMEM,
                                    "network has more than %zu parameters",
                                    RC_NET_MAX_PARAMS);
        }
    }
    return RC_OK;
}

rc_status
rc_net_new_shell(rc_net **out, size_t num_layers, const size_t *sizes,
                 rc_error *err)
{
    rc_net *net;
    rc_status st;

    *out = NULL;
    if ((st = check_sizes(num_layers, sizes, err)) != RC_OK)
        return st;
    net = calloc(1, sizeof *net);
    if (net == NULL)
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    net->num_layers = num_layers;
    net->sizes = malloc((num_layers + 1) * sizeof *net->sizes);
    net->weights_q = calloc(num_layers, sizeof *net->weights_q);
    net->biases_q = calloc(num_layers, sizeof *net->biases_q);
    net->weights = calloc(num_layers, sizeof *net->weights);
    net->biases = calloc(num_layers, sizeof *net->biases);
    if (!net->sizes || !net->weights || !net->biases || !net->weights_q
        || !net->biases_q) {
        free(net->sizes);
        net->sizes = NULL;
        net->num_layers = 0;
        rc_net_free(net);
        return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
    }
    memcpy(net->sizes, sizes, (num_layers + 1) * sizeof *sizes);
    mpq_init(net->out_mean_q);
    mpq_init(net->out_range_q);
    mpq_set_ui(net->out_range_q, 1, 1);
    net->out_mean = 0.0;
    net->out_range = 1.0;
    *out = net;
    return RC_OK;
}

rc_status
rc_net_new(rc_net **out, size_t num_layers, const size_t *sizes, rc_error *err)
{
    rc_net *net;
    size_t l, i, n;
    rc_status st;

    if ((st = rc_net_new_shell(&net, num_layers, sizes, err)) != RC_OK) {
        *out = NULL;
        return st;
    }
    *out = NULL;
    n = sizes[0];
    net->in_min_q = rc_mpq_array_new(n);
    net->in_max_q = rc_mpq_array_new(n);
    net->in_mean_q = rc_mpq_array_new(n);
    net->in_range_q = rc_mpq_array_new(n);
    net->in_min = malloc(n * sizeof(double));
    net->in_max = malloc(n * sizeof(double));
    net->in_mean = malloc(n * sizeof(double));
    net->in_range = malloc(n * sizeof(double));
    if (!net->in_min || !net->in_max || !net->in_mean || !net->in_range
        || !net->in_min_q || !net->in_max_q || !net->in_mean_q
        || !net->in_range_q)
        goto nomem;
    for (l = 0; l < num_layers; l++) {
        net->weights[l] = calloc(sizes[l + 1] * sizes[l], sizeof(double));
        net->biases[l] = calloc(sizes[l + 1], sizeof(double));
        net->weights_q[l] = rc_mpq_array_new(sizes[l + 1] * sizes[l]);
        net->biases_q[l] = rc_mpq_array_new(sizes[l + 1]);
        if (net->weights[l] == NULL || net->biases[l] == NULL
            || net->weights_q[l] == NULL || net->biases_q[l] == NULL)
            goto nomem;
    }
    for (i = 0; i < n; i++) {
        net->in_min[i] = -1.0;
        net->in_max[i] = 1.0;
        net->in_mean[i] = 0.0;
        net->in_range[i] = 1.0;
        mpq_set_si(net->in_min_q[i], -1, 1);
        mpq_set_si(net->in_max_q[i], 1, 1);
        mpq_set_si(net->in_range_q[i], 1, 1);
    }
    *out = net;
    return RC_OK;

nomem:
    rc_net_free(net);
    return rc_error_set(err, RC_ERR_NOMEM, "out of memory");
}

size_t rc_net_num_layers(const rc_net *net) { return net->num_layers; }
size_t rc_net_num_hidden(const rc_net *net) { return net->num_layers - 1; }
size_t rc_net_num_inputs(const rc_net *net) { return net->sizes[0]; }
size_t rc_net_num_outputs(const rc_net *net) { return net->sizes[net->num_layers]; }
size_t rc_net_layer_size(const rc_net *net, size_t l) { return net->sizes[l + 1]; }
const double *rc_net_weights(const rc_net *net, size_t l) { return net->weights[l]; }
const double *rc_net_biases(const rc_net *net, size_t l) { return net->biases[l]; }
const double *rc_net_input_min(const rc_net *net) { return net->in_min; }
const double *rc_net_input_max(const rc_net *net) { return net->in_max; }
const double *rc_net_input_mean(const rc_net *net) { return net->in_mean; }
const double *rc_net_input_range(const rc_net *net) { return net->in_range; }
double rc_net_output_mean(const rc_net *net) { return net->out_mean; }
mpq_srcptr rc_net_input_min_q(const rc_net *net, size_t i) { return net->in_min_q[i]; }
mpq_srcptr rc_net_input_max_q(const rc_net *net, size_t i) { return net->in_max_q[i]; }
double rc_net_output_range(const rc_net *net) { return net->out_range; }

size_t
rc_net_num_params(const rc_net *net)
{
    size_t l, p = 0;

    for (l = 0; l < net->num_layers; l++)
        p += net->sizes[l + 1] * (net->sizes[l] + 1);
    return p;
}

size_t
rc_net_num_neurons(const rc_net *net)
{
    size_t l, p = 0;

    for (l = 1; l < net->num_layers; l++)
        p += net->sizes[l];
    return p;
}

rc_status
rc_net_set_weight(rc_net *net, size_t l, size_t i, size_t j, double w)
{
    if (!isfinite(w))
        return RC_ERR_ARG;
    net->weights[l][i * net->sizes[l] + j] = w;
    mpq_set_d(net->weights_q[l][i * net->sizes[l] + j], w);
    return RC_OK;
}

rc_status
rc_net_set_bias(rc_net *net, size_t l, size_t i, double b)
{
    if (!isfinite(b))
        return RC_ERR_ARG;
    net->biases[l][i] = b;
    mpq_set_d(net->biases_q[l][i], b);
    return RC_OK;
}

rc_status
rc_net_set_input_bounds(rc_net *net, const double *lo, const double *hi,
                        rc_error *err)
{
    size_t i, n = net->sizes[0];

    for (i = 0; i < n; i++) {
        if (!isfinite(lo[i]) || !isfinite(hi[i]))
            return rc_error_set(err, RC_ERR_ARG,
                                "input x%zu: bounds must be finite", i + 1);
        if (!(lo[i] <= hi[i]))
            return rc_error_set(err, RC_ERR_ARG,
                                "input x%zu: minimum %g exceeds maximum %g",
                                i + 1, lo[i], hi[i]);
    }
    memcpy(net->in_min, lo, n * sizeof(double));
    memcpy(net->in_max, hi, n * sizeof(double));
    for (i = 0; i < n; i++) {
        mpq_set_d(net->in_min_q[i], lo[i]);
        mpq_set_d(net->in_max_q[i], hi[i]);
    }
    net->no_input_box = 0;
    return RC_OK;
}

rc_status
rc_net_set_input_bounds_q(rc_net *net, const mpq_t *lo, const mpq_t *hi,
                          rc_error *err)
{
    size_t i, n = net->sizes[0];

    for (i = 0; i < n; i++)
        if (mpq_cmp(lo[i], hi[i]) > 0)
            return rc_error_set(err, RC_ERR_ARG,
                                "input x%zu: minimum %g exceeds maximum %g",
                                i + 1, rc_q_get_d(lo[i]), rc_q_get_d(hi[i]));
    for (i = 0; i < n; i++) {
        mpq_set(net->in_min_q[i], lo[i]);
        mpq_set(net->in_max_q[i], hi[i]);
        net->in_min[i] = rc_q_get_d(lo[i]);
        net->in_max[i] = rc_q_get_d(hi[i]);
    }
    net->no_input_box = 0;
    return RC_OK;
}

int rc_net_has_input_bounds(const rc_net *net) { return !net->no_input_box; }
mpq_srcptr rc_net_weights_q(const rc_net *net, size_t l) { return net->weights_q[l][0]; }
mpq_srcptr rc_net_biases_q(const rc_net *net, size_t l) { return net->biases_q[l][0]; }
const char *rc_net_source_info(const rc_net *net) { return net->source; }

rc_status
rc_net_set_normalisation(rc_net *net, const double *mean, const double *range,
                         double out_mean, double out_range, rc_error *err)
{
    size_t i, n = net->sizes[0];

    for (i = 0; i < n; i++) {
        if (!isfinite(mean[i]) || !isfinite(range[i]))
            return rc_error_set(err, RC_ERR_ARG,
                                "input x%zu: mean and range must be finite",
                                i + 1);
        if (!(range[i] != 0.0))
            return rc_error_set(err, RC_ERR_ARG, "input x%zu: range is zero",
                                i + 1);
    }
    if (!isfinite(out_mean) || !isfinite(out_range))
        return rc_error_set(err, RC_ERR_ARG,
                            "output mean and range must be finite");
    if (!(out_range != 0.0))
        return rc_error_set(err, RC_ERR_ARG, "output range is zero");
    memcpy(net->in_mean, mean, n * sizeof(double));
    memcpy(net->in_range, range, n * sizeof(double));
    net->out_mean = out_mean;
    net->out_range = out_range;
    for (i = 0; i < n; i++) {
        mpq_set_d(net->in_mean_q[i], mean[i]);
        mpq_set_d(net->in_range_q[i], range[i]);
    }
    mpq_set_d(net->out_mean_q, out_mean);
    mpq_set_d(net->out_range_q, out_range);
    return RC_OK;
}

rc_status
rc_net_eval(const rc_net *net, double *y, unsigned char *pattern,
            const double *x)
{
    size_t l, i, j, width = 0, n = net->sizes[0];
    double *cur, *next;

    for (l = 0; l <= net->num_layers; l++)
        if (net->sizes[l] > width)
            width = net->sizes[l];
    cur = malloc(2 * width * sizeof(double));
    if (cur == NULL)
        return RC_ERR_NOMEM;
    next = cur + width;
    for (i = 0; i < n; i++)
        cur[i] = (x[i] - net->in_mean[i]) / net->in_range[i];
    for (l = 0; l < net->num_layers; l++) {
        const double *w = net->weights[l];
        size_t in = net->sizes[l], outn = net->sizes[l + 1];
        int hidden = l + 1 < net->num_layers;

        for (i = 0; i < outn; i++) {
            double s = net->biases[l][i];
            for (j = 0; j < in; j++)
                s += w[i * in + j] * cur[j];
            if (hidden) {
                if (pattern != NULL)
                    *pattern++ = s > 0.0;
                s = s > 0.0 ? s : 0.0;
            }
            next[i] = s;
        }
        memcpy(cur, next, outn * sizeof(double));
    }
    for (i = 0; i < net->sizes[net->num_layers]; i++)
        y[i] = cur[i] * net->out_range + net->out_mean;
    free(cur);
    return RC_OK;
}
