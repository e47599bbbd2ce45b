/* by_dimension.h -- loops over the n + 1 coordinates of a row or a
 * generator, instantiated for the common small dimensions.
 *
 * The polyhedral kernels run such loops for every generator of every
 * piece, millions of times, with n known only at run time.  A function
 * written once with d = n + 1 a parameter and marked RC_ALWAYS_INLINE is
 * called through BY_DIMENSION, which gives it a constant d for d = 3 to 6
 * (inputs of 2 to 5 dimensions): there the compiler unrolls its loops.
 * The operations and their order are those of the source in every case,
 * so the results are the same bits. */
#ifndef RC_BY_DIMENSION_H
#define RC_BY_DIMENSION_H

#if defined(__GNUC__)
#define RC_ALWAYS_INLINE __attribute__((always_inline))
#else
#define RC_ALWAYS_INLINE
#endif

/* Runs call (which should return or end in return) with d_ a constant
 * equal to d where d is 3 to 6, and d_ = d otherwise. */
#define BY_DIMENSION(d, call) \
    switch (d) { \
    case 3: { const size_t d_ = 3; call; } \
    case 4: { const size_t d_ = 4; call; } \
    case 5: { const size_t d_ = 5; call; } \
    case 6: { const size_t d_ = 6; call; } \
    default: { const size_t d_ = (d); call; } \
    }

#endif
