package io.plantmesh.kafka.summary.internal;

import java.util.ArrayList;

/** The tags that share a window length, and how far their windows are closed. */
final class GroupState {
  final long window;
  final int depth;
  final io.plantmesh.core.TagPath prefix;
  final ArrayList<TagState> tags = new ArrayList<>();

  /** Windows ending at or before this are closed (emitted); readings before it are late. */
  long closedUntil;

  GroupState(io.plantmesh.core.TagPath prefix, long window, long closedUntil) {
    this.prefix = prefix;
    this.depth = prefix == null ? 0 : prefix.depth();
    this.window = window;
    this.closedUntil = closedUntil;
  }
}
