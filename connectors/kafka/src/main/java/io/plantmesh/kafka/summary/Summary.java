package io.plantmesh.kafka.summary;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The summary of one tag over one window. Immutable; {@link SummaryJson} encodes it.
 *
 * @param id stable: the same window of the same tag always has the same id ({@link #idOf}), so that
 *     a consumer can drop a summary delivered twice
 * @param tag the tag
 * @param windowStart the window's start, aligned to the clock (inclusive)
 * @param windowEnd the window's end (exclusive)
 * @param partial whether this node covered only part of the window: it started collecting the tag
 *     after the window began (acquisition, failover) or stopped before it ended (release)
 * @param coveredFrom the start of the part covered (the window start unless partial)
 * @param coveredTo the end of the part covered (the window end unless partial)
 * @param kind which statistics there are: from the type of the tag's values
 * @param count every reading counted in the window, of any quality
 * @param quality the readings by severity
 * @param outOfOrder readings older than one already taken for the tag: in {@code count}, the
 *     quality counts and the sample statistics, but not in time-weighted figures or changes
 * @param excluded readings that are not BAD but have no usable value (a null, NaN or infinite
 *     value, or a value whose type differs from the window's): counted, not in the statistics
 * @param initial the value carried into the window: the last usable reading before it; null when
 *     there was none (never collected, or the last reading was BAD)
 * @param first the earliest reading in the window, of any quality; null when {@code count} is 0
 * @param last the latest reading in the window, of any quality; null when {@code count} is 0
 * @param numeric the numeric statistics, for {@link Kind#NUMERIC}; else null
 * @param states the state statistics, for {@link Kind#BOOLEAN} and {@link Kind#STRING}; else null
 */
public record Summary(
    String id,
    TagPath tag,
    Instant windowStart,
    Instant windowEnd,
    boolean partial,
    Instant coveredFrom,
    Instant coveredTo,
    Kind kind,
    long count,
    QualityCounts quality,
    long outOfOrder,
    long excluded,
    Sample initial,
    Sample first,
    Sample last,
    NumericStats numeric,
    StateStats states) {

  /** What a window summarises, from the type of the tag's values. */
  public enum Kind {
    /** Integers and floating point: every statistic. */
    NUMERIC,
    /** Booleans: changes and time in each state. */
    BOOLEAN,
    /** Strings: changes and time in each state. */
    STRING,
    /** No typed value in the window (only nulls, typically BAD readings): counts only. */
    NONE
  }

  public Summary {
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(windowStart, "windowStart");
    Objects.requireNonNull(windowEnd, "windowEnd");
    Objects.requireNonNull(coveredFrom, "coveredFrom");
    Objects.requireNonNull(coveredTo, "coveredTo");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(quality, "quality");
    if (!windowStart.isBefore(windowEnd)) {
      throw new IllegalArgumentException("windowStart must be before windowEnd");
    }
    if (coveredFrom.isBefore(windowStart)
        || coveredTo.isAfter(windowEnd)
        || coveredTo.isBefore(coveredFrom)) {
      throw new IllegalArgumentException(
          "covered interval [" + coveredFrom + ", " + coveredTo + ") is not inside the window");
    }
    if (partial != (coveredFrom.isAfter(windowStart) || coveredTo.isBefore(windowEnd))) {
      throw new IllegalArgumentException("partial must be true exactly when the cover is short");
    }
    if (count != quality.total()) {
      throw new IllegalArgumentException(
          "count " + count + " differs from the quality counts' total " + quality.total());
    }
    if ((count == 0) != (first == null) || (count == 0) != (last == null)) {
      throw new IllegalArgumentException("first and last are set exactly when count > 0");
    }
    if ((kind == Kind.NUMERIC) != (numeric != null)) {
      throw new IllegalArgumentException("numeric statistics are set exactly for kind NUMERIC");
    }
    if ((kind == Kind.BOOLEAN || kind == Kind.STRING) != (states != null)) {
      throw new IllegalArgumentException("state statistics are set exactly for BOOLEAN and STRING");
    }
    String expected = idOf(tag, windowStart, windowEnd, partial, coveredFrom, coveredTo);
    if (!expected.equals(id)) {
      throw new IllegalArgumentException("id '" + id + "' should be '" + expected + "'");
    }
  }

  /**
   * The stable id: {@code <tag>@<window start>+<window length>}, e.g. {@code
   * plant1/line1/temp@2026-03-01T10:00:10Z+PT10S}. A partial summary appends its covered interval,
   * {@code #<from>..<to>}: the two halves of a window split by a failover come from two nodes and
   * must not be taken for duplicates of each other.
   */
  public static String idOf(
      TagPath tag,
      Instant windowStart,
      Instant windowEnd,
      boolean partial,
      Instant coveredFrom,
      Instant coveredTo) {
    String id = tag + "@" + windowStart + "+" + Duration.between(windowStart, windowEnd);
    return partial ? id + "#" + coveredFrom + ".." + coveredTo : id;
  }

  /** The window's length. */
  public Duration windowLength() {
    return Duration.between(windowStart, windowEnd);
  }

  /**
   * One reading as a summary reports it.
   *
   * @param time its effective time (source, else server, else received)
   * @param value its value; {@link Value.Null} when it had none
   * @param quality its quality
   */
  public record Sample(Instant time, Value value, Quality quality) {
    public Sample {
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(quality, "quality");
    }
  }

  /**
   * Readings by severity.
   *
   * @param good GOOD readings
   * @param uncertain UNCERTAIN readings
   * @param bad BAD readings
   */
  public record QualityCounts(long good, long uncertain, long bad) {
    public QualityCounts {
      if (good < 0 || uncertain < 0 || bad < 0) {
        throw new IllegalArgumentException("quality counts must not be negative");
      }
    }

    public long total() {
      return good + uncertain + bad;
    }

    /** The share of GOOD readings, 0 to 1; null without readings. */
    public Double goodShare() {
      long n = total();
      return n == 0 ? null : (double) good / n;
    }
  }

  /**
   * Statistics of a numeric tag. The sample statistics (min, max, mean, stddev) are over the GOOD
   * and UNCERTAIN readings with a finite value, each reading once; they are null when there were
   * none. The time-weighted mean holds each value until the next reading (sample and hold), from
   * the value carried into the window; time after a BAD reading holds no value.
   *
   * @param samples readings in the sample statistics
   * @param min the smallest value; null without samples
   * @param minTime when it was first seen
   * @param max the largest value
   * @param maxTime when it was first seen
   * @param mean the arithmetic mean
   * @param stddev the population standard deviation (divided by n, 0 for one sample)
   * @param timeWeightedMean the mean weighted by how long each value was held; null when no value
   *     was held for any time in the window
   * @param held how long a value was held in the covered part of the window (the time-weighted
   *     mean's divisor)
   */
  public record NumericStats(
      long samples,
      Double min,
      Instant minTime,
      Double max,
      Instant maxTime,
      Double mean,
      Double stddev,
      Double timeWeightedMean,
      Duration held) {
    public NumericStats {
      Objects.requireNonNull(held, "held");
      boolean none = samples == 0;
      if (none != (min == null)
          || none != (max == null)
          || none != (mean == null)
          || none != (stddev == null)
          || none != (minTime == null)
          || none != (maxTime == null)) {
        throw new IllegalArgumentException("sample statistics are set exactly when samples > 0");
      }
      if (held.isZero() != (timeWeightedMean == null)) {
        throw new IllegalArgumentException("timeWeightedMean is set exactly when held > 0");
      }
    }
  }

  /**
   * Statistics of a boolean or string tag.
   *
   * @param changes how often the value changed: consecutive usable readings in time order with
   *     different values, the first compared with the value carried in (a BAD reading between two
   *     equal values is no change)
   * @param timeInState how long each value was held in the covered part of the window; booleans
   *     always list {@code true} and {@code false}, strings the values held for some time, at most
   *     {@value #MAX_STATES}
   * @param timeInOtherStates time in further string values beyond the first {@value #MAX_STATES}
   * @param held how long any value was held (the sum of the above)
   */
  public record StateStats(
      long changes, Map<String, Duration> timeInState, Duration timeInOtherStates, Duration held) {
    /** The most distinct string values listed per window, so a free-text tag stays small. */
    public static final int MAX_STATES = 32;

    public StateStats {
      if (changes < 0) {
        throw new IllegalArgumentException("changes must not be negative");
      }
      timeInState = java.util.Collections.unmodifiableMap(new TreeMap<>(timeInState));
      Objects.requireNonNull(timeInOtherStates, "timeInOtherStates");
      Objects.requireNonNull(held, "held");
    }
  }
}
