package io.plantmesh.cluster.rules.internal;

/** The three functions through which an expression reads a tag. */
public enum InputKind {
  /** {@code tag(path)}: the value. */
  VALUE("tag"),
  /** {@code quality(path)}: GOOD, UNCERTAIN or BAD. */
  QUALITY("quality"),
  /** {@code age(path)}: how old the value is. */
  AGE("age");

  private final String function;

  InputKind(String function) {
    this.function = function;
  }

  public String function() {
    return function;
  }

  static InputKind ofFunction(String name) {
    for (InputKind k : values()) {
      if (k.function.equals(name)) {
        return k;
      }
    }
    return null;
  }
}
