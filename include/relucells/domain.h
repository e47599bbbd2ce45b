/* relucells/domain.h -- the part of input space that is partitioned.
 *
 * A domain is a box prod_i [lo_i, hi_i], or all of R^n, in which some inputs
 * may be fixed to a value (a slice).  Regions are polyhedra in the space of
 * the free inputs, in raw (un-normalised) coordinates.  Inputs are indexed
 * from 0 here and named x1..xn to users. */
#ifndef RELUCELLS_DOMAIN_H
#define RELUCELLS_DOMAIN_H

#include <stddef.h>

#include "relucells/net.h"
#include "relucells/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct rc_domain rc_domain;

/* The box lo_i <= x_i <= hi_i over num_inputs inputs (lo_i < hi_i). */
rc_status rc_domain_new_box(rc_domain **dom, size_t num_inputs,
                            const double *lo, const double *hi,
                            rc_error *err);
/* All of R^num_inputs; scale (may be NULL) gives a typical size per input,
 * used only to condition the computation (the NNet ranges serve well). */
rc_status rc_domain_new_unbounded(rc_domain **dom, size_t num_inputs,
                                  const double *scale, rc_error *err);
/* The box given by the network's input minima and maxima (exactly as
 * written in its file). */
rc_status rc_domain_new_from_net(rc_domain **dom, const rc_net *net,
                                 rc_error *err);
void rc_domain_free(rc_domain *dom);

/* Fix input i to value; in a box the value must lie in [lo_i, hi_i].
 * Fixing a fixed input again moves it to the new value. */
rc_status rc_domain_fix(rc_domain *dom, size_t i, double value, rc_error *err);

/* A domain described by text, as the program's options give it:
 *   vnnlib: a VNN-LIB property file whose input box replaces the
 *        network's (inputs it pins to one value are fixed); NULL: none;
 *   box: "LO,HI" (every input), "L1,H1,...,Ln,Hn" (each input) or one pair
 *        per free input, on top of that box; NULL keeps it;
 *   unbounded: all of R^n (excludes box and vnnlib);
 *   fix: "I=V,I=V,..." (inputs numbered from 1), NULL for none;
 *   net_name: the network's file, for messages (an ONNX network has no
 *        box of its own: it needs box, vnnlib or unbounded).
 * Numbers are read exactly (decimals or p/q).  Errors name the option. */
typedef struct rc_domain_spec {
    const char *box;
    int unbounded;
    const char *fix;
    const char *vnnlib;
    const char *net_name;
} rc_domain_spec;

void rc_domain_spec_init(rc_domain_spec *spec);
rc_status rc_domain_from_spec(rc_domain **dom, const rc_net *net,
                              const rc_domain_spec *spec, rc_error *err);

size_t rc_domain_num_inputs(const rc_domain *dom);
/* Dimension of the slice: the number of free inputs. */
size_t rc_domain_dim(const rc_domain *dom);
/* Index of the k-th free input (0-based), k < rc_domain_dim. */
size_t rc_domain_free_input(const rc_domain *dom, size_t k);
int rc_domain_is_bounded(const rc_domain *dom);
int rc_domain_is_fixed(const rc_domain *dom, size_t i);
double rc_domain_fixed_value(const rc_domain *dom, size_t i);
double rc_domain_lo(const rc_domain *dom, size_t i);
double rc_domain_hi(const rc_domain *dom, size_t i);
/* Lebesgue measure of the free part of a box (NAN when unbounded). */
double rc_domain_volume(const rc_domain *dom);

#ifdef __cplusplus
}
#endif
#endif
