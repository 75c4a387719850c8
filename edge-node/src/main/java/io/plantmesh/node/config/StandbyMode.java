package io.plantmesh.node.config;

/** How a source's next owner waits in a mesh ({@code plantmesh.sources[*].standby}). */
public enum StandbyMode {
  /** A survivor connects when the owner dies (seconds for a large source); no extra Session. */
  COLD,
  /**
   * The owner's successor keeps a second Session and Subscription on the PLC, warm and holding back
   * its readings, so that a failover resumes as fast as a planned handover.
   */
  HOT
}
