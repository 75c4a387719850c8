package io.plantmesh.simulator;

import java.util.List;

/**
 * The identifiers of the echo's variables in the simulator's namespace, under {@code
 * Objects/Plant/Echo} (present only when {@link SimulatorConfig#echoPeriod()} is set). Use them as
 * {@code nsu=urn:plantmesh:plc-simulator;s=<identifier>} ({@link PlcSimulator#expandedNodeId}).
 *
 * <p>The simulator increments {@link #COUNTER} every echo period; a client that writes the value it
 * saw back to {@link #ECHO} closes the loop, and the simulator measures the time from setting the
 * value to the write arriving, on its own clock. See {@link EchoStats} for what is counted.
 */
public final class EchoTags {
  public static final String FOLDER = "Plant/Echo";

  /** UInt32, read-only: +1 every echo period, starting at 1 after the first period. */
  public static final String COUNTER = FOLDER + "/Counter";

  /** UInt32, read-write: a client writes here the Counter value it is answering. */
  public static final String ECHO = FOLDER + "/Echo";

  /**
   * Boolean, read-write: writing {@code true} ends the current window of statistics and starts a
   * new one (a momentary command: it always reads {@code false}; writing {@code false} does
   * nothing).
   */
  public static final String RESET = FOLDER + "/EchoReset";

  /** UInt32, read-only: windows started by a reset since the simulator started. */
  public static final String RESET_COUNT = FOLDER + "/EchoResetCount";

  /** Int64, read-only: Counter values of this window echoed (first arrivals). */
  public static final String COUNT = FOLDER + "/EchoCount";

  /** Double, read-only: the median latency of this window in milliseconds (NaN with no echo). */
  public static final String LATENCY_P50_MS = FOLDER + "/EchoLatencyP50Ms";

  /** Double, read-only: the 99th percentile latency in milliseconds (NaN with no echo). */
  public static final String LATENCY_P99_MS = FOLDER + "/EchoLatencyP99Ms";

  /** Double, read-only: the highest latency in milliseconds (NaN with no echo). */
  public static final String LATENCY_MAX_MS = FOLDER + "/EchoLatencyMaxMs";

  /** Int64, read-only: Counter values of this window not echoed within the grace period. */
  public static final String MISSED = FOLDER + "/EchoMissed";

  /** Int64, read-only: echoes of a value already echoed in this window. */
  public static final String DUPLICATES = FOLDER + "/EchoDuplicates";

  /**
   * Int64, read-only: echoes of a value not set in this window (never set, set before the last
   * reset, or older than the values remembered).
   */
  public static final String UNEXPECTED = FOLDER + "/EchoUnexpected";

  /** Int64, read-only: Counter values set in this window. */
  public static final String PUBLISHED = FOLDER + "/EchoPublished";

  /** Double, read-only: the echo period in milliseconds. */
  public static final String PERIOD_MS = FOLDER + "/EchoPeriodMs";

  /** The statistics variables, in the order of {@link EchoStats#fromValues}. */
  public static final List<String> STATISTICS =
      List.of(
          RESET_COUNT,
          COUNT,
          LATENCY_P50_MS,
          LATENCY_P99_MS,
          LATENCY_MAX_MS,
          MISSED,
          DUPLICATES,
          UNEXPECTED,
          PUBLISHED);

  private EchoTags() {}
}
