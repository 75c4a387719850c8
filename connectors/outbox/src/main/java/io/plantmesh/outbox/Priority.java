package io.plantmesh.outbox;

/**
 * The priority class of a record. Each class has a log of its own on disk; when the Outbox is full,
 * whole segments are evicted lowest class first ({@link #SUMMARY}, then {@link #EVENT}), oldest
 * first, and never to make room for a record of a lower class.
 */
public enum Priority {
  /** Alarms (ISA-18.2 state changes): the most important, never evicted unless configured. */
  ALARM,
  /** Events (batch start/end, operator actions): evicted only after every evictable summary. */
  EVENT,
  /** Periodic summaries of tag values: the oldest go first when the disk bound is reached. */
  SUMMARY;

  /** The directory of this class under {@code outbox.dir}. */
  public String directoryName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** True if this class ranks above {@code other} ({@code ALARM} above {@code EVENT}...). */
  public boolean isAbove(Priority other) {
    return ordinal() < other.ordinal();
  }
}
