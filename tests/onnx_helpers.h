/* onnx_helpers.h -- helpers of the ONNX and VNN-LIB test programs (defined
 * in tests/onnx_helpers.c): paths, an exact forward pass written
 * independently of the library, partitions compared region by region, and
 * dense sampling of a 2-D slice. */
#ifndef RC_TEST_ONNX_HELPERS_H
#define RC_TEST_ONNX_HELPERS_H

#include <gmp.h>
#include <stddef.h>

#include "relucells.h"
#include "testutil.h"

/* tests/data/onnx/name (two static buffers used in turn, so two paths can
 * be in use). */
const char *onnx_path(const char *name);

/* ../shared/data/name beside the checkout (a static buffer). */
const char *shared_path(const char *name);

/* Can path be opened for reading? */
int file_exists(const char *path);

/* The network at path (any format), asserted to load. */
rc_net *load_ok(const char *path);

/* q = the rational written s. */
void q_of(mpq_t q, const char *s);

/* Is the exact weight (l, i, j), or bias (l, i), the rational written s?
 * (A mismatch is printed.) */
int weight_is(const rc_net *net, size_t l, size_t i, size_t j, const char *s);
int bias_is(const rc_net *net, size_t l, size_t i, const char *s);

/* y = the network at x, exactly, from its exact weights, with the NNet
 * normalisation and output scaling as their exact doubles (x and y of
 * num_inputs and num_outputs entries). */
void exact_forward(mpq_t *y, const rc_net *net, const mpq_t *x);

/* rc_enumerate in exact (exact != 0) or float arithmetic, asserted to
 * succeed. */
rc_partition *enumerate_ok(const rc_net *net, const rc_domain *dom, int exact);

/* Mismatches between two partitions: a pattern of one missing from the
 * other, or (both exact) a region whose exact map differs, or (float) one
 * whose map differs by more than tol; (size_t)-1 when the region counts or
 * pattern lengths differ. */
size_t partition_diff(const rc_partition *a, const rc_partition *b, double tol);

/* Dense sampling of a 2-D slice of net on dom (g x g points of the box of
 * the two free inputs, others at their fixed values): the number of points
 * whose pattern the partition lacks (but for points within 1e-9 of a
 * neuron's zero set, where rounding decides the pattern), plus the regions
 * whose Chebyshev ball is wider than the grid's cells yet hold no sample. */
size_t dense_sampling_misses(const rc_net *net, const rc_domain *dom,
                             const rc_partition *part, size_t g);

#endif
