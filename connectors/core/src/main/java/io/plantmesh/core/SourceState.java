package io.plantmesh.core;

/** Where a source stands with its device. */
public enum SourceState {
  /** Created, not started. */
  NEW,
  /** Trying to establish a session (first time, or again after a loss). */
  CONNECTING,
  /** Session up, collecting. */
  CONNECTED,
  /** The last attempt failed, or the connection was lost; waiting to retry. */
  DOWN,
  /** Stopped by the node; will not retry. */
  STOPPED
}
