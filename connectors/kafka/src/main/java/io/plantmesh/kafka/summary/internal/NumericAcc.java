package io.plantmesh.kafka.summary.internal;

/** A window's numeric statistics, updated in place (Welford for mean and variance). */
final class NumericAcc {
  long samples;
  double min = Double.POSITIVE_INFINITY;
  double max = Double.NEGATIVE_INFINITY;
  long minTime;
  long maxTime;
  double mean;
  double m2;
  double weightedSum;
  long held;

  void sample(double v, long t) {
    samples++;
    if (v < min || (v == min && t < minTime)) {
      min = v;
      minTime = t;
    }
    if (v > max || (v == max && t < maxTime)) {
      max = v;
      maxTime = t;
    }
    double d = v - mean;
    mean += d / samples;
    m2 += d * (v - mean);
  }

  void hold(double v, long micros) {
    weightedSum += v * micros;
    held += micros;
  }
}
