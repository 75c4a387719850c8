package io.plantmesh.outbox;

/**
 * When appended records are forced to the storage device ({@code outbox.fsync}).
 *
 * <p>Either way, a record {@link Outbox#append} returned survives the death of the process ({@code
 * kill -9}): it is in the kernel's page cache. The policies differ on a power cut or kernel crash.
 */
public enum FsyncPolicy {
  /**
   * {@code every-batch} (default): {@code append} returns once the batch is on the device ({@code
   * fdatasync}, plus the directory when a segment was created). Nothing appended is lost on a power
   * cut. Costs one device flush per batch: batch your appends.
   */
  EVERY_BATCH,
  /**
   * {@code interval}: {@code append} returns once the batch is written to the page cache; a
   * background thread forces the log every {@code outbox.fsync-interval}. A power cut loses at most
   * the records appended in the last interval (the log is still consistent: recovery truncates the
   * torn tail). Use it when throughput matters more than that window.
   */
  INTERVAL;

  /** The value of {@code outbox.fsync}: {@code every-batch} or {@code interval}. */
  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
