/* domain_internal.h -- the layout of rc_domain; not installed. */
#ifndef RC_DOMAIN_INTERNAL_H
#define RC_DOMAIN_INTERNAL_H

#include <gmp.h>

#include "relucells/domain.h"

struct rc_domain {
    size_t num_inputs;
    int bounded;
    double *lo, *hi;     /* box bounds (unbounded: unused) */
    double *scale;       /* conditioning scale per input (unbounded) */
    unsigned char *fixed;
    double *value;       /* value of fixed inputs */
    mpq_t *lo_q, *hi_q, *value_q;   /* the same, exactly (box, fixed) */
};

/* The affine change of variables x_free = centre + scale * u that maps the
 * engine's internal coordinates u (the box [-1,1]^d, or R^d) to raw
 * coordinates of the free inputs.  centre, scale have rc_domain_dim entries. */
void rc_domain_internal_frame(const rc_domain *dom, double *centre,
                              double *scale);

/* rc_domain_new_box_q where input i may have lo_i == hi_i when flat_ok[i]
 * (an input about to be fixed needs no extent). */
rc_status rc_domain_new_box_q_fixed(rc_domain **dom, size_t n,
                                    const mpq_t *lo, const mpq_t *hi,
                                    const unsigned char *flat_ok,
                                    rc_error *err);

#endif
