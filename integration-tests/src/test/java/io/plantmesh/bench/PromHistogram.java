package io.plantmesh.bench;

import java.util.Arrays;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus histogram (seconds) from a node's {@code /q/metrics}: cumulative {@code _bucket}
 * counts per upper bound, summed over label sets, and {@code _max}. Percentiles are computed the
 * way Prometheus' {@code histogram_quantile} does (linear inside a bucket), over the difference of
 * two scrapes; the bare baseline's exact samples are counted into the same buckets so that both
 * sides of a ratio are rounded alike.
 *
 * @param les upper bounds in seconds, ascending, the last one +Inf
 * @param cumulative observations at or below each bound
 * @param max the largest observation Micrometer still reports (a decaying maximum), NaN if none
 */
record PromHistogram(double[] les, double[] cumulative, double max) {
  private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

  /** Bounds for the baseline when no node histogram is available: Micrometer-like, in seconds. */
  static final double[] DEFAULT_LES = {
    0.0005,
    0.001,
    0.002,
    0.005,
    0.01,
    0.02,
    0.05,
    0.1,
    0.2,
    0.5,
    1,
    2,
    5,
    10,
    Double.POSITIVE_INFINITY
  };

  static PromHistogram parse(String body, String name) {
    TreeMap<Double, Double> buckets = new TreeMap<>();
    double max = Double.NaN;
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(_bucket|_max)(\\{[^}]*\\})? (\\S+)$")
            .matcher(body);
    while (m.find()) {
      double v = Double.parseDouble(m.group(3));
      if (m.group(1).equals("_max")) {
        max = Double.isNaN(max) ? v : Math.max(max, v);
        continue;
      }
      Matcher le = LE.matcher(m.group(2));
      if (!le.find()) {
        throw new IllegalStateException("a bucket of " + name + " without le: " + m.group());
      }
      String bound = le.group(1);
      double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
      buckets.merge(upper, v, Double::sum);
    }
    if (buckets.isEmpty()) {
      throw new IllegalStateException("no " + name + "_bucket in the scrape");
    }
    double[] les = buckets.keySet().stream().mapToDouble(Double::doubleValue).toArray();
    double[] counts = buckets.values().stream().mapToDouble(Double::doubleValue).toArray();
    return new PromHistogram(les, counts, max);
  }

  /** Observations between an earlier scrape and this one (the counters never reset). */
  PromHistogram minus(PromHistogram earlier) {
    if (!Arrays.equals(les, earlier.les)) {
      throw new IllegalStateException("bucket bounds changed between scrapes");
    }
    double[] d = new double[les.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = cumulative[i] - earlier.cumulative[i];
    }
    return new PromHistogram(les, d, max);
  }

  /** Two histograms with the same bounds added (two peers' windows). */
  PromHistogram plus(PromHistogram other) {
    double[] d = new double[les.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = cumulative[i] + other.cumulative[i];
    }
    double m =
        Double.isNaN(max) ? other.max : Double.isNaN(other.max) ? max : Math.max(max, other.max);
    return new PromHistogram(les, d, m);
  }

  /** Sorted exact samples (microseconds) counted into {@code les}. */
  static PromHistogram ofSamples(long[] sortedMicros, double[] les) {
    double[] counts = new double[les.length];
    int k = 0;
    for (int i = 0; i < les.length; i++) {
      while (k < sortedMicros.length && sortedMicros[k] / 1e6 <= les[i]) {
        k++;
      }
      counts[i] = k;
    }
    double max =
        sortedMicros.length == 0 ? Double.NaN : sortedMicros[sortedMicros.length - 1] / 1e6;
    return new PromHistogram(les, counts, max);
  }

  /**
   * The bound of the highest bucket observed in (this difference of) scrapes: the window's maximum
   * is at most this; {@code _max} instead is Micrometer's decaying maximum of the last minutes,
   * which can reach back before the window (start-up included).
   */
  double maxBound() {
    for (int i = 0; i < les.length; i++) {
      if (cumulative[i] >= count()) {
        return les[i];
      }
    }
    return Double.POSITIVE_INFINITY;
  }

  double count() {
    return cumulative[cumulative.length - 1];
  }

  /** Prometheus' histogram_quantile, in seconds; NaN without observations. */
  double quantile(double q) {
    double total = count();
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * total;
    int b = 0;
    while (b < les.length - 1 && cumulative[b] < rank) {
      b++;
    }
    if (Double.isInfinite(les[b])) {
      return les.length > 1 ? les[les.length - 2] : Double.NaN;
    }
    double lower = b == 0 ? 0 : les[b - 1];
    double below = b == 0 ? 0 : cumulative[b - 1];
    double inBucket = cumulative[b] - below;
    if (inBucket <= 0) {
      return les[b];
    }
    return lower + (les[b] - lower) * (rank - below) / inBucket;
  }

  /** The exact nearest-rank percentile of sorted samples, in seconds. */
  static double exact(long[] sortedMicros, double q) {
    if (sortedMicros.length == 0) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(q * sortedMicros.length) - 1;
    return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, i))] / 1e6;
  }
}
