package io.plantmesh.simulator;

import java.time.Instant;

/**
 * One write a client made, accepted or refused, as the simulator saw it.
 *
 * @param nodeId the written node, e.g. {@code ns=2;s=Plant/Static/Int32Setpoint}
 * @param value the value the client sent (Milo's Java type for it, e.g. {@code Integer}, {@code
 *     UInteger}, {@code Double[]})
 * @param time when the server handled the write
 * @param statusCode the OPC UA StatusCode the server answered (0 is Good)
 * @param statusName the StatusCode's symbolic name, e.g. {@code Good} or {@code Bad_OutOfRange}
 */
public record SimulatorWrite(
    String nodeId, Object value, Instant time, long statusCode, String statusName) {

  /** Whether the server accepted the write (the StatusCode's severity is Good). */
  public boolean accepted() {
    return (statusCode & 0xC0000000L) == 0;
  }
}
