package io.plantmesh.cluster.rules;

/** What {@code tag(path)} yields when the tag's latest reading is UNCERTAIN. */
public enum UncertainPolicy {
  /**
   * The value is used, as OPC UA intends for UNCERTAIN ("usable, of reduced quality"). Rules that
   * must not act on it say so with {@code quality(path) == GOOD}.
   */
  ACCEPT,
  /** The value is unknown, as for BAD: the rule neither fires nor clears on it. */
  UNKNOWN
}
