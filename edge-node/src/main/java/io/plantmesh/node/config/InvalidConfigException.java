package io.plantmesh.node.config;

import io.quarkus.runtime.configuration.ConfigurationException;
import java.util.List;

/**
 * The configuration cannot be used. A Quarkus {@link ConfigurationException}, so that start-up
 * prints just this message (no stack trace) and the process exits non-zero.
 */
public final class InvalidConfigException extends ConfigurationException {
  private final List<String> errors;

  public InvalidConfigException(List<String> errors) {
    super(format(errors));
    this.errors = List.copyOf(errors);
  }

  /** Each problem: {@code key: 'value' reason}. */
  public List<String> errors() {
    return errors;
  }

  private static String format(List<String> errors) {
    StringBuilder sb = new StringBuilder("plantmesh: invalid configuration, nothing was started (");
    sb.append(errors.size()).append(errors.size() == 1 ? " error" : " errors").append("):");
    for (String e : errors) {
      sb.append(System.lineSeparator()).append("  - ").append(e);
    }
    return sb.toString();
  }
}
