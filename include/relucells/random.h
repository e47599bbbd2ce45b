/* relucells/random.h -- random networks and points for experiments.
 *
 * The initialisations of the papers behind relucells, with a seed that
 * names the network for good (the generator is xoshiro256** seeded by
 * splitmix64, the same on every machine; normal deviates by Marsaglia's
 * polar method):
 *   RC_INIT_HE_NORMAL   W ~ N(0, 2 / fan_in), b = 0 (He et al.; Kubo
 *                       et al.'s N(0, 2/d));
 *   RC_INIT_HE_UNIFORM  W ~ U(-sqrt(6 / fan_in), sqrt(6 / fan_in)), b = 0;
 *   RC_INIT_NORMAL      W ~ N(0, sigma_w^2 / fan_in), b ~ N(0, sigma_b^2)
 *                       (Raghu et al.: fan_in is their width k);
 *   RC_INIT_TRUNCATED_NORMAL  W = sigma_w z, b = sigma_b z', z and z'
 *                       standard normal conditioned on |z| <= 1 (Kim &
 *                       Kim: N(0, 1) truncated on [-1, 1], no fan-in).
 * A network's doubles are exact numbers, so writing it as NNet
 * (rc_net_write_nnet, exact decimal expansions) loses nothing. */
#ifndef RELUCELLS_RANDOM_H
#define RELUCELLS_RANDOM_H

#include <stddef.h>

#include "relucells/net.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum rc_init {
    RC_INIT_HE_NORMAL = 0,
    RC_INIT_HE_UNIFORM = 1,
    RC_INIT_NORMAL = 2,
    RC_INIT_TRUNCATED_NORMAL = 3
} rc_init;

typedef struct rc_random_opts {
    rc_init init;             /* RC_INIT_HE_NORMAL */
    double sigma_w, sigma_b;  /* RC_INIT_NORMAL, _TRUNCATED_NORMAL: 1, 0 */
    unsigned long seed;       /* 1 */
} rc_random_opts;

void rc_random_opts_init(rc_random_opts *opts);

/* A network of num_layers affine layers and sizes[0..num_layers], drawn
 * layer after layer, row after row (weights, then the row's bias); input
 * box [-1, 1], no normalisation. */
rc_status rc_net_new_random(rc_net **net, size_t num_layers,
                            const size_t *sizes, const rc_random_opts *opts,
                            rc_error *err);

/* count points of dim coordinates (row-major into x), each coordinate
 * standard normal, or with truncated set conditioned on |x| <= 1. */
void rc_random_points(double *x, size_t count, size_t dim, int truncated,
                      unsigned long seed);

#ifdef __cplusplus
}
#endif
#endif
