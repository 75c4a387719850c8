package io.plantmesh.cluster.rules;

/**
 * An alarm's priority, as ISA-18.2 ranks them. {@link #opcUaSeverity()} gives the OPC UA Alarms and
 * Conditions severity (1..1000) for clients that expect one.
 */
public enum AlarmSeverity {
  LOW(250),
  MEDIUM(500),
  HIGH(750),
  CRITICAL(1000);

  private final int opcUaSeverity;

  AlarmSeverity(int opcUaSeverity) {
    this.opcUaSeverity = opcUaSeverity;
  }

  public int opcUaSeverity() {
    return opcUaSeverity;
  }
}
