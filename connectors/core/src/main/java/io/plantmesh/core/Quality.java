package io.plantmesh.core;

import java.util.Objects;

/**
 * The quality of a value: the OPC UA severity (the top two bits of a StatusCode) plus the raw
 * status code and its symbolic name, so that nothing the server said is lost.
 *
 * @param severity GOOD, UNCERTAIN or BAD
 * @param statusCode the raw 32-bit OPC UA StatusCode, as an unsigned int stored in a long
 * @param symbolicName the status code's name from the OPC UA specification, e.g. {@code
 *     Bad_NodeIdUnknown}; {@code "0x…"} when the code is not a known one
 */
public record Quality(Severity severity, long statusCode, String symbolicName) {

  /** OPC UA's three severities, from the top two bits of a StatusCode. */
  public enum Severity {
    GOOD,
    UNCERTAIN,
    BAD
  }

  public static final Quality GOOD = new Quality(Severity.GOOD, 0L, "Good");

  public Quality {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(symbolicName, "symbolicName");
    if (statusCode < 0 || statusCode > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "statusCode " + statusCode + " is not a 32-bit unsigned value");
    }
    if (severityOf(statusCode) != severity) {
      throw new IllegalArgumentException(
          "statusCode 0x"
              + Long.toHexString(statusCode)
              + " has severity "
              + severityOf(statusCode)
              + ", not "
              + severity);
    }
  }

  /** A quality from a raw status code and its name; the severity is derived from the code. */
  public static Quality of(long statusCode, String symbolicName) {
    if (statusCode == 0L) {
      return GOOD;
    }
    return new Quality(
        severityOf(statusCode),
        statusCode,
        symbolicName == null ? String.format("0x%08X", statusCode) : symbolicName);
  }

  /** The severity encoded in the top two bits of an OPC UA StatusCode. */
  public static Severity severityOf(long statusCode) {
    long top = (statusCode >>> 30) & 0b11;
    if (top == 0) {
      return Severity.GOOD;
    }
    if (top == 1) {
      return Severity.UNCERTAIN;
    }
    // 0b10 is Bad; 0b11 is reserved and treated as Bad, as the specification asks.
    return Severity.BAD;
  }

  public boolean isGood() {
    return severity == Severity.GOOD;
  }

  public boolean isBad() {
    return severity == Severity.BAD;
  }
}
