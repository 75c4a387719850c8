package io.plantmesh.opcua;

/**
 * A DataChangeFilter deadband for a MonitoredItem. A percent deadband needs the server to know the
 * tag's EURange; a server that refuses the filter makes that one tag BAD, not the whole batch.
 *
 * @param type NONE, ABSOLUTE or PERCENT; null means NONE
 * @param value the deadband, >= 0 (and <= 100 for PERCENT)
 */
public record Deadband(DeadbandType type, double value) {
  public static final Deadband NONE = new Deadband(DeadbandType.NONE, 0);

  public Deadband {
    if (type == null) {
      type = DeadbandType.NONE;
    }
    if (Double.isNaN(value) || Double.isInfinite(value) || value < 0) {
      throw new OpcUaConfigException("value", "must be a number >= 0, was " + value);
    }
    if (type == DeadbandType.PERCENT && value > 100) {
      throw new OpcUaConfigException("value", "a percent deadband must be <= 100, was " + value);
    }
  }

  public static Deadband absolute(double value) {
    return new Deadband(DeadbandType.ABSOLUTE, value);
  }

  public static Deadband percent(double value) {
    return new Deadband(DeadbandType.PERCENT, value);
  }
}
