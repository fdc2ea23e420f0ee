#ifndef MINIRNN_CLAPACK_SHIM_H
#define MINIRNN_CLAPACK_SHIM_H

// LAPACKE, the C interface to LAPACK, from Debian's liblapacke-dev. LinearAlgebra calls it
// in column-major layout (LAPACK_COL_MAJOR), converting its row-major matrices itself.

#include <lapacke.h>

/// LAPACKE's integer type, a macro (int32_t here) that Swift cannot see under its own name.
typedef lapack_int minirnn_lapack_int;

#endif
