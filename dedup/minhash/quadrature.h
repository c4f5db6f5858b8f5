// Adaptive 21-point Gauss-Kronrod integration of smooth functions on a finite interval.
#pragma once

#include <functional>

namespace leakgate::dedup {

// Integral of f over [lower, upper], bisecting the interval with the largest error estimate (|K21 - G10|)
// until the summed estimate is below `absolute_tolerance` or `max_intervals` intervals are in use.
double IntegrateGaussKronrod(const std::function<double(double)>& f, double lower, double upper,
                             double absolute_tolerance = 1e-13, int max_intervals = 2000);

}  // namespace leakgate::dedup
