package io.plantmesh.cluster.rules;

/**
 * How a firing rule clears (its hysteresis). A rule fires on its condition; it clears only as said
 * here, so a value hovering at a limit does not raise and clear an alarm on every reading.
 */
public sealed interface Clear permits Clear.WhenFalse, Clear.When, Clear.Deadband {

  /** No hysteresis: the rule clears as soon as its condition is false. */
  Clear WHEN_FALSE = new WhenFalse();

  /** Clears as soon as the condition is false. */
  record WhenFalse() implements Clear {}

  /**
   * Clears when a separate CEL condition is true (e.g. fire above 250, clear below 240). Checked
   * only while the rule fires.
   *
   * @param condition a CEL bool expression with the same functions as the rule's condition
   */
  record When(String condition) implements Clear {
    public When {
      java.util.Objects.requireNonNull(condition, "condition");
    }
  }

  /**
   * Clears once the condition's comparison is beyond its limit by more than {@code width}: for
   * {@code a > b} (or {@code >=}) when {@code a < b - width}, for {@code a < b} (or {@code <=})
   * when {@code a > b + width}. Only for a condition that is a single numeric comparison.
   *
   * @param width a positive number in the compared values' unit
   */
  record Deadband(double width) implements Clear {
    public Deadband {
      if (!(width > 0) || Double.isInfinite(width)) {
        throw new IllegalArgumentException("deadband must be a positive number, not " + width);
      }
    }
  }
}
