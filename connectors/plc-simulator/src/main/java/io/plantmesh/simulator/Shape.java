package io.plantmesh.simulator;

import java.util.Locale;

/**
 * The kinds of tag every simulated device carries, in address-space order. Each shape fixes the
 * tag's browse name, OPC UA data type, unit and how its value moves from one tick to the next.
 */
public enum Shape {
  /** {@code Temperature}, Double, a sine wave around 20 °C. */
  SINE("Temperature", "Double", "°C", false),
  /** {@code Pressure}, Double, a bounded random walk in bar. */
  RANDOM_WALK("Pressure", "Double", "bar", false),
  /** {@code Speed}, Float, a sawtooth ramp in rpm. */
  RAMP("Speed", "Float", "rpm", false),
  /** {@code Counter}, UInt32, counts up by one per tick. */
  COUNTER("Counter", "UInt32", null, false),
  /** {@code Running}, Boolean, toggles every tick. */
  TOGGLE("Running", "Boolean", null, false),
  /** {@code State}, String, cycles through Idle, Running, Stopped, Fault. */
  STATES("State", "String", null, false),
  /** {@code Level}, Int32, a staircase 0, 10, ... 90 %. */
  STEP("Level", "Int32", "%", false),
  /** {@code Setpoint}, Double, holds what a client writes; never changed by the tick. */
  SETPOINT("Setpoint", "Double", "°C", true);

  private final String browseName;
  private final String dataType;
  private final String unit;
  private final boolean writable;

  Shape(String browseName, String dataType, String unit, boolean writable) {
    this.browseName = browseName;
    this.dataType = dataType;
    this.unit = unit;
    this.writable = writable;
  }

  /** The tag's BrowseName and last NodeId path segment, e.g. {@code Temperature}. */
  public String browseName() {
    return browseName;
  }

  /** The OPC UA built-in data type name, e.g. {@code Double}. */
  public String dataType() {
    return dataType;
  }

  /** The engineering unit's display name, or {@code null} for a tag without one. */
  public String unit() {
    return unit;
  }

  /** Whether clients may write the tag (only the setpoint). */
  public boolean writable() {
    return writable;
  }

  /**
   * Parses a shape by enum name ({@code random_walk}) or tag name ({@code Pressure}), ignoring
   * case.
   *
   * @throws IllegalArgumentException naming the text and the accepted values
   */
  public static Shape parse(String text) {
    for (Shape s : values()) {
      if (s.name().equalsIgnoreCase(text.strip().replace('-', '_'))
          || s.browseName.equalsIgnoreCase(text.strip())) {
        return s;
      }
    }
    StringBuilder accepted = new StringBuilder();
    for (Shape s : values()) {
      accepted.append(accepted.isEmpty() ? "" : ", ").append(s.name().toLowerCase(Locale.ROOT));
    }
    throw new IllegalArgumentException(
        "unknown shape '" + text + "' (accepted: " + accepted + " or the tag names)");
  }
}
