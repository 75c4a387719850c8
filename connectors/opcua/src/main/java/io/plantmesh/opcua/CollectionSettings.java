package io.plantmesh.opcua;

import io.plantmesh.opcua.internal.Durations;
import java.time.Duration;

/**
 * How a tag's values are collected. A null argument takes its default, so that configuration
 * mappers can pass only what the user wrote.
 *
 * @param mode SUBSCRIBE (default) or POLL
 * @param samplingInterval how often the server samples the value; default 1s, 0 = as fast as the
 *     server allows
 * @param publishingInterval how often the server sends changes; default 1s. Tags with the same
 *     publishing interval share one Subscription.
 * @param queueSize the MonitoredItem's queue size on the server, >= 1; default 10
 * @param discardOldest whether a full queue drops its oldest value (default true) or the newest
 * @param deadband the DataChangeFilter deadband; default none
 * @param pollInterval the read interval in POLL mode; default 1s
 */
public record CollectionSettings(
    CollectionMode mode,
    Duration samplingInterval,
    Duration publishingInterval,
    int queueSize,
    boolean discardOldest,
    Deadband deadband,
    Duration pollInterval) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /** The longest sampling, publishing and poll interval. */
  public static final Duration MAX_INTERVAL = Duration.ofDays(1);

  public static final int DEFAULT_QUEUE_SIZE = 10;

  /** Subscribe, 1s sampling and publishing, queue of 10 discarding the oldest, no deadband. */
  public static final CollectionSettings DEFAULTS =
      new CollectionSettings(
          CollectionMode.SUBSCRIBE,
          DEFAULT_INTERVAL,
          DEFAULT_INTERVAL,
          DEFAULT_QUEUE_SIZE,
          true,
          Deadband.NONE,
          DEFAULT_INTERVAL);

  public CollectionSettings {
    mode = mode == null ? CollectionMode.SUBSCRIBE : mode;
    samplingInterval = samplingInterval == null ? DEFAULT_INTERVAL : samplingInterval;
    publishingInterval = publishingInterval == null ? DEFAULT_INTERVAL : publishingInterval;
    deadband = deadband == null ? Deadband.NONE : deadband;
    pollInterval = pollInterval == null ? DEFAULT_INTERVAL : pollInterval;
    if (samplingInterval.isNegative()) {
      throw new OpcUaConfigException(
          "sampling-interval", "must be >= 0, was " + Durations.format(samplingInterval));
    }
    if (publishingInterval.isNegative() || publishingInterval.isZero()) {
      throw new OpcUaConfigException(
          "publishing-interval", "must be > 0, was " + Durations.format(publishingInterval));
    }
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new OpcUaConfigException(
          "poll-interval", "must be > 0, was " + Durations.format(pollInterval));
    }
    checkMax("sampling-interval", samplingInterval);
    checkMax("publishing-interval", publishingInterval);
    checkMax("poll-interval", pollInterval);
    if (queueSize < 1) {
      throw new OpcUaConfigException("queue-size", "must be >= 1, was " + queueSize);
    }
  }

  /** Intervals go to the server as Double/UInt32 milliseconds; more than a day is a mistake. */
  private static void checkMax(String key, Duration d) {
    if (d.compareTo(MAX_INTERVAL) > 0) {
      throw new OpcUaConfigException(
          key,
          "must be at most " + Durations.format(MAX_INTERVAL) + ", was " + Durations.format(d));
    }
  }

  public CollectionSettings withMode(CollectionMode m) {
    return new CollectionSettings(
        m, samplingInterval, publishingInterval, queueSize, discardOldest, deadband, pollInterval);
  }

  public CollectionSettings withSamplingInterval(Duration d) {
    return new CollectionSettings(
        mode, d, publishingInterval, queueSize, discardOldest, deadband, pollInterval);
  }

  public CollectionSettings withPublishingInterval(Duration d) {
    return new CollectionSettings(
        mode, samplingInterval, d, queueSize, discardOldest, deadband, pollInterval);
  }

  public CollectionSettings withQueueSize(int q, boolean discardOldestFirst) {
    return new CollectionSettings(
        mode, samplingInterval, publishingInterval, q, discardOldestFirst, deadband, pollInterval);
  }

  public CollectionSettings withDeadband(Deadband d) {
    return new CollectionSettings(
        mode, samplingInterval, publishingInterval, queueSize, discardOldest, d, pollInterval);
  }

  public CollectionSettings withPollInterval(Duration d) {
    return new CollectionSettings(
        mode, samplingInterval, publishingInterval, queueSize, discardOldest, deadband, d);
  }
}
