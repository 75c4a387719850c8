package io.plantmesh.cluster;

import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The plant-wide tag table: the latest reading of every tag collected on any member, held in full
 * on every member (so that a member that leaves takes nothing with it).
 *
 * <p>Readings move between members in sealed batches, and each member applies them to a local view
 * on one thread: a reading replaces the held one only if it is newer ({@link Reading#isNewerThan}).
 * A member that joins late asks a peer for a snapshot; so does a member that detects a gap in a
 * peer's batch sequence.
 */
public interface TagTable {

  /**
   * Publishes a batch collected on this node: applied to the local view and sent to every peer.
   * Waits when the apply queue is full (back-pressure, counted), never drops.
   *
   * @param sourceId the source that delivered the batch, not empty: every member records it as the
   *     source of each reading it holds from the batch ({@link #sourceOf})
   * @param batch readings in the order the source delivered them; not modified
   */
  void publish(String sourceId, List<Reading> batch);

  /** The latest reading of {@code path}, from any member. */
  Optional<Reading> get(TagPath path);

  /**
   * The id of the source that delivered the held reading of {@code path}, from any member: the one
   * to route a write of the tag to ({@link WriteCommand#sourceId()}). It changes with the reading:
   * a newer reading of the tag from another source replaces both. A member learns it with the
   * reading, from a peer's batch or a snapshot (late join, gap repair, merge after a split brain).
   *
   * <p>Called from a {@link TagChangeListener}, it names the source of the change being delivered:
   * listeners run on the only thread that updates the table, a published batch holds one source's
   * readings and a snapshot holds each tag once.
   *
   * @return empty when the table holds no reading of {@code path}
   */
  Optional<String> sourceOf(TagPath path);

  /** The latest readings of every tag equal to or below {@code prefix}, sorted by path. */
  List<Reading> readings(TagPath prefix);

  /** The latest readings of every tag, sorted by path. */
  List<Reading> readings();

  /** How many tags the table holds. */
  int size();

  /**
   * Subscribes to changes of tags equal to or below {@code prefix}.
   *
   * @param replayCurrent whether the listener first receives the current readings under the prefix
   *     (then every later change, with nothing missed or repeated in between)
   */
  Registration subscribe(TagPath prefix, boolean replayCurrent, TagChangeListener listener);

  /** Subscribes to changes of every tag. */
  Registration subscribeAll(boolean replayCurrent, TagChangeListener listener);

  /** Whether this member has received a peer's snapshot (or needed none: it was alone). */
  boolean isSynced();

  /** Waits until {@link #isSynced()}; false when {@code timeout} passed first. */
  boolean awaitSynced(Duration timeout) throws InterruptedException;
}
