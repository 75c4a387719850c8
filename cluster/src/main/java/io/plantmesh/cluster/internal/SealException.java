package io.plantmesh.cluster.internal;

/** A sealed payload that cannot be opened: malformed, tampered, or sealed under another key. */
public final class SealException extends Exception {
  public SealException(String message) {
    super(message);
  }
}
