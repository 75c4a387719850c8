package io.plantmesh.outbox;

import io.plantmesh.outbox.internal.ConfigValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Outbox's configuration, validated on construction; messages name the {@code outbox.*} key.
 *
 * @param dir {@code outbox.dir}: the directory of the log (one sub-directory per class)
 * @param maxBytes {@code outbox.max-bytes}: the bound on the segment files' total size
 * @param segmentBytes {@code outbox.segment-bytes}: a segment is rolled when the next record would
 *     make it larger; the unit of deletion and eviction
 * @param fsyncPolicy {@code outbox.fsync}: {@code every-batch} or {@code interval}
 * @param fsyncInterval {@code outbox.fsync-interval}: how often the {@code interval} policy forces
 *     the log
 * @param checkpointInterval {@code outbox.checkpoint-interval}: how often acknowledgements are
 *     written to the checkpoint (a crash resends at most what was acknowledged in that time)
 * @param evictable {@code outbox.evictable-classes}: the classes whose oldest segments may be
 *     evicted when the log is full (default {@code summary,event}; alarms are then refused)
 */
public record OutboxConfig(
    Path dir,
    long maxBytes,
    long segmentBytes,
    FsyncPolicy fsyncPolicy,
    Duration fsyncInterval,
    Duration checkpointInterval,
    Set<Priority> evictable) {

  public static final long DEFAULT_MAX_BYTES = 1L << 30;
  public static final long DEFAULT_SEGMENT_BYTES = 8L << 20;
  public static final long MIN_SEGMENT_BYTES = 1024;
  public static final long MAX_SEGMENT_BYTES = 1L << 30;

  /** Room for each class's open segment plus one to evict. */
  public static final int MIN_SEGMENTS = 4;

  public OutboxConfig {
    if (dir == null) {
      throw new IllegalArgumentException("outbox.dir is required");
    }
    Objects.requireNonNull(fsyncPolicy, "outbox.fsync");
    Objects.requireNonNull(fsyncInterval, "outbox.fsync-interval");
    Objects.requireNonNull(checkpointInterval, "outbox.checkpoint-interval");
    Objects.requireNonNull(evictable, "outbox.evictable-classes");
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "outbox.segment-bytes must be between "
              + MIN_SEGMENT_BYTES
              + " and "
              + MAX_SEGMENT_BYTES
              + ", was "
              + segmentBytes);
    }
    if (maxBytes < MIN_SEGMENTS * segmentBytes) {
      throw new IllegalArgumentException(
          "outbox.max-bytes must be at least "
              + MIN_SEGMENTS
              + " x outbox.segment-bytes ("
              + MIN_SEGMENTS * segmentBytes
              + ") so that each class can have a segment open and one can be evicted, was "
              + maxBytes);
    }
    if (fsyncInterval.isNegative() || fsyncInterval.isZero()) {
      throw new IllegalArgumentException(
          "outbox.fsync-interval must be positive, was " + fsyncInterval);
    }
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException(
          "outbox.checkpoint-interval must be positive, was " + checkpointInterval);
    }
    evictable = evictable.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(evictable));
  }

  /** The defaults: 1 GiB, 8 MiB segments, fsync every batch, summaries and events evictable. */
  public static OutboxConfig of(Path dir) {
    return new OutboxConfig(
        dir,
        DEFAULT_MAX_BYTES,
        DEFAULT_SEGMENT_BYTES,
        FsyncPolicy.EVERY_BATCH,
        Duration.ofSeconds(1),
        Duration.ofSeconds(1),
        EnumSet.of(Priority.SUMMARY, Priority.EVENT));
  }

  /**
   * Reads {@code outbox.*} keys (others are ignored); missing keys take the defaults of {@link
   * #of}. Sizes accept a suffix {@code k}, {@code m}, {@code g} (binary); durations {@code ms},
   * {@code s}, {@code m}, {@code h} or ISO-8601 ({@code PT1S}).
   */
  public static OutboxConfig fromProperties(Map<String, String> properties) {
    return ConfigValues.parse(properties);
  }

  /** Both sizes at once (setting one then the other can fail validation in between). */
  public OutboxConfig withSizes(long maxBytes, long segmentBytes) {
    return new OutboxConfig(
        dir, maxBytes, segmentBytes, fsyncPolicy, fsyncInterval, checkpointInterval, evictable);
  }

  public OutboxConfig withMaxBytes(long v) {
    return new OutboxConfig(
        dir, v, segmentBytes, fsyncPolicy, fsyncInterval, checkpointInterval, evictable);
  }

  public OutboxConfig withSegmentBytes(long v) {
    return new OutboxConfig(
        dir, maxBytes, v, fsyncPolicy, fsyncInterval, checkpointInterval, evictable);
  }

  public OutboxConfig withFsync(FsyncPolicy policy, Duration interval) {
    return new OutboxConfig(
        dir, maxBytes, segmentBytes, policy, interval, checkpointInterval, evictable);
  }

  public OutboxConfig withCheckpointInterval(Duration v) {
    return new OutboxConfig(dir, maxBytes, segmentBytes, fsyncPolicy, fsyncInterval, v, evictable);
  }

  public OutboxConfig withEvictable(Set<Priority> v) {
    return new OutboxConfig(
        dir, maxBytes, segmentBytes, fsyncPolicy, fsyncInterval, checkpointInterval, v);
  }
}
