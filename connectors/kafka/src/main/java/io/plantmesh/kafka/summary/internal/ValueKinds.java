package io.plantmesh.kafka.summary.internal;

import io.plantmesh.core.Value;
import io.plantmesh.kafka.summary.Summary.Kind;

/** Sorts values into what a summary can do with them, without allocating on the hot path. */
final class ValueKinds {
  static final int NULL = 0;
  static final int NUMERIC = 1;
  static final int BOOLEAN = 2;
  static final int STRING = 3;

  /** Byte strings, date-times, arrays, structures: not summarised. */
  static final int UNSUPPORTED = 4;

  private ValueKinds() {}

  static int of(Value v) {
    if (v instanceof Value.Float64
        || v instanceof Value.Float32
        || v instanceof Value.Int
        || v instanceof Value.UInt) {
      return NUMERIC;
    }
    if (v instanceof Value.Bool) {
      return BOOLEAN;
    }
    if (v instanceof Value.Text) {
      return STRING;
    }
    if (v instanceof Value.Null) {
      return NULL;
    }
    return UNSUPPORTED;
  }

  static Kind kind(int k) {
    return switch (k) {
      case NUMERIC -> Kind.NUMERIC;
      case BOOLEAN -> Kind.BOOLEAN;
      case STRING -> Kind.STRING;
      default -> Kind.NONE;
    };
  }

  /** The value of a NUMERIC value as a double. */
  static double number(Value v) {
    if (v instanceof Value.Float64 f) {
      return f.value();
    }
    if (v instanceof Value.Float32 f) {
      return f.value();
    }
    if (v instanceof Value.Int i) {
      return i.value();
    }
    return ((Value.UInt) v).doubleValue();
  }

  /** The state of a BOOLEAN or STRING value, as {@code Boolean} or {@code String}. */
  static Object state(Value v) {
    return v instanceof Value.Bool b ? (Object) b.value() : ((Value.Text) v).value();
  }
}
