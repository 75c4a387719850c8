package io.plantmesh.cluster.rules.internal;

/**
 * Thrown while resolving a {@code tag()} input that is BAD, missing, stale or (by policy)
 * UNCERTAIN. CEL treats it as an error value, which its logical operators absorb when the other
 * operand decides the result; what remains at the top is reported as UNKNOWN, not as an error.
 * Without a stack trace: it is expected and frequent.
 */
final class InputUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InputUnavailableException(String message) {
    super(message, null, false, false);
  }
}
