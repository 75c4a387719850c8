package io.plantmesh.cluster;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The mesh's record of write attempts: every write through {@link CommandRouter} (REST or rule) is
 * recorded by the member that routed it, with its result. Cluster-wide and bounded: the last {@code
 * mesh.writes.audit-capacity} attempts are kept (older ones are removed), readable from any member,
 * with a backup on another member (the death of the member that wrote a record loses nothing).
 * Records are sealed under the cluster key.
 *
 * <p>The audit is not under split-brain protection: a member cut off from the majority records its
 * refused attempts in its side's copy, and both sides' records are kept when the partition heals.
 */
public interface WriteAudit {
  /** The last {@code limit} attempts, newest first. */
  List<WriteAuditRecord> recent(int limit);

  /** Every attempt of one command kept, oldest first. */
  List<WriteAuditRecord> ofCommand(UUID commandId);

  /**
   * Records an attempt refused before it reached the router (a rule's write whose source is not
   * known, say). The router records its own attempts.
   */
  void record(WriteAuditRecord attempt);

  /** How many attempts are kept. */
  int capacity();

  /**
   * Tells {@code listener} of each attempt this member records, once it is stored in the audit, in
   * the order they were recorded; attempts that could not be stored are not told (they are counted
   * as lost). Called on the audit's writer thread: keep it short. For counting without reading the
   * audit back.
   */
  Registration onStored(Consumer<WriteAuditRecord> listener);
}
