package io.plantmesh.outbox;

import java.util.Objects;

/**
 * Where a record is in the Outbox: its class and its sequence in that class. Sequences are assigned
 * by {@link Outbox#append}, start at 0 and grow by one per record of the class; they are never
 * reused, not even after a restart. This is what the forwarder acknowledges or releases.
 */
public record Position(Priority priority, long sequence) implements Comparable<Position> {
  public Position {
    Objects.requireNonNull(priority, "priority");
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must be >= 0, was " + sequence);
    }
  }

  @Override
  public int compareTo(Position o) {
    int c = priority.compareTo(o.priority);
    return c != 0 ? c : Long.compare(sequence, o.sequence);
  }

  @Override
  public String toString() {
    return priority.directoryName() + "#" + sequence;
  }
}
