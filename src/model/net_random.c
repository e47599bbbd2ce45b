/* net_random.c -- random networks and points (relucells/random.h). */
#include <math.h>

#include "base/error_internal.h"
#include "base/random.h"
#include "relucells/random.h"

void
rc_random_opts_init(rc_random_opts *o)
{
    o->init = RC_INIT_HE_NORMAL;
    o->sigma_w = 1.0;
    o->sigma_b = 0.0;
    o->seed = 1;
}

/* A standard normal conditioned on |z| <= 1 (rejection: 68% accepted). */
static double
truncated(rc_rng *r)
{
    double z;

    do
        z = rc_rng_normal(r);
    while (fabs(z) > 1.0);
    return z;
}

static double
draw_weight(rc_rng *r, const rc_random_opts *o, size_t fan_in)
{
    double n = (double)fan_in;

    switch (o->init) {
    case RC_INIT_HE_UNIFORM:
        return sqrt(6.0 / n) * (2.0 * rc_rng_uniform(r) - 1.0);
    case RC_INIT_NORMAL:
        return o->sigma_w / sqrt(n) * rc_rng_normal(r);
    case RC_INIT_TRUNCATED_NORMAL:
        return o->sigma_w * truncated(r);
    default:
        return sqrt(2.0 / n) * rc_rng_normal(r);
    }
}

static double
draw_bias(rc_rng *r, const rc_random_opts *o)
{
    switch (o->init) {
    case RC_INIT_NORMAL:
        return o->sigma_b * rc_rng_normal(r);
    case RC_INIT_TRUNCATED_NORMAL:
        return o->sigma_b * truncated(r);
    default:
        return 0.0;
    }
}

rc_status
rc_net_new_random(rc_net **out, size_t num_layers, const size_t *sizes,
                  const rc_random_opts *opts, rc_error *err)
{
    rc_random_opts o;
    rc_net *net = NULL;
    rc_rng r;
    size_t l, i, j;
    rc_status st;

    *out = NULL;
    if (opts != NULL)
        o = *opts;
    else
        rc_random_opts_init(&o);
    if ((int)o.init < RC_INIT_HE_NORMAL || o.init > RC_INIT_TRUNCATED_NORMAL)
        return rc_error_set(err, RC_ERR_ARG, "unknown initialisation");
    if (!isfinite(o.sigma_w) || !isfinite(o.sigma_b) || o.sigma_w < 0
        || o.sigma_b < 0)
        return rc_error_set(err, RC_ERR_ARG, "the scales of an initialisation "
                            "must be finite and not negative");
    if ((st = rc_net_new(&net, num_layers, sizes, err)) != RC_OK)
        return st;
    rc_rng_seed(&r, o.seed);
    for (l = 0; l < num_layers; l++)
        for (i = 0; i < sizes[l + 1]; i++) {
            for (j = 0; j < sizes[l]; j++)
                rc_net_set_weight(net, l, i, j, draw_weight(&r, &o, sizes[l]));
            rc_net_set_bias(net, l, i, draw_bias(&r, &o));
        }
    *out = net;
    return RC_OK;
}

void
rc_random_points(double *x, size_t count, size_t dim, int trunc,
                 unsigned long seed)
{
    rc_rng r;
    size_t i;

    rc_rng_seed(&r, seed);
    for (i = 0; i < count * dim; i++)
        x[i] = trunc ? truncated(&r) : rc_rng_normal(&r);
}
