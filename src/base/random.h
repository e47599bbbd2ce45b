/* random.h -- a deterministic random number generator; internal.
 *
 * xoshiro256** (Blackman and Vigna), seeded from one 64-bit number by
 * splitmix64: the same sequence on every machine, so a seed names a random
 * network or a set of random pairs for good.  Normal deviates by
 * Marsaglia's polar method (two uniforms, a log and a square root). */
#ifndef RC_RANDOM_H
#define RC_RANDOM_H

#include <stdint.h>

typedef struct rc_rng {
    uint64_t s[4];
    double spare;
    int has_spare;
} rc_rng;

void rc_rng_seed(rc_rng *r, uint64_t seed);
uint64_t rc_rng_next(rc_rng *r);
/* Uniform in [0, 1), 53 random bits. */
double rc_rng_uniform(rc_rng *r);
/* Uniform integer in [0, n), n > 0, without modulo bias. */
uint64_t rc_rng_below(rc_rng *r, uint64_t n);
/* Standard normal. */
double rc_rng_normal(rc_rng *r);

#endif
