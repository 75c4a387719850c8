package io.plantmesh.opcua.internal;

/**
 * Setting up collection for a Session failed for a reason a retry will not fix by itself (two tags
 * derive the same path, say). The source reports it as its last error and retries later, in case
 * the server's address space changed.
 */
public final class SetupException extends Exception {
  public SetupException(String message) {
    super(message);
  }
}
