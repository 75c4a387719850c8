package io.plantmesh.kafka.summary.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;

/**
 * One tag: the value it holds (sample and hold) and its open windows.
 *
 * <p>The hold is attributed to windows lazily: {@link #frontier} is the time up to which held
 * segments have been added, and the next in-order reading or a window close adds the rest.
 */
final class TagState {
  final TagPath path;
  final GroupState group;

  /** Time up to which the held value has been attributed to windows. */
  long frontier;

  /** Time of the latest reading taken in order; older ones are out of order. */
  long lastTime = Long.MIN_VALUE;

  /** Whether a usable value is held (false before the first, and after a BAD or null reading). */
  boolean hasHeld;

  int heldKind;
  double heldNumber;
  Object heldState;
  long heldTime;
  Value heldValue;
  Quality heldQuality;

  /** The last usable state in time order, for counting changes across a BAD gap. */
  Object lastState;

  WindowAcc head;
  WindowAcc tail;

  TagState(TagPath path, GroupState group, long frontier) {
    this.path = path;
    this.group = group;
    this.frontier = frontier;
  }

  void hold(int kind, Value v, Quality q, long t) {
    hasHeld = true;
    heldKind = kind;
    heldValue = v;
    heldQuality = q;
    heldTime = t;
    if (kind == ValueKinds.NUMERIC) {
      heldNumber = ValueKinds.number(v);
      heldState = null;
    } else {
      heldState = ValueKinds.state(v);
    }
  }

  void release() {
    hasHeld = false;
    heldValue = null;
    heldQuality = null;
    heldState = null;
  }
}
