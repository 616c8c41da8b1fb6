#ifndef JETMES_CGSL_SHIM_H
#define JETMES_CGSL_SHIM_H

#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>

/* GSL exposes its generator types as mutable C globals, which Swift 6 rejects as
   shared mutable state; these accessors hand them to Swift as plain values. */
static inline const gsl_rng_type *jetmes_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *jetmes_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

/* GSL's default error handler aborts the process; JetMES validates inputs itself
   and wants a status code back instead of a crash. */
static inline void jetmes_gsl_disable_abort(void) { gsl_set_error_handler_off(); }

#endif
