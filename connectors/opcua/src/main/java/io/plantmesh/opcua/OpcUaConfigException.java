package io.plantmesh.opcua;

import java.util.function.Supplier;

/**
 * A configuration value the OPC UA source cannot use. The message names the key (in the edge node's
 * kebab-case YAML syntax) and the reason, e.g. {@code sources[line1].collection.sampling-interval:
 * must be >= 0, was -1s}.
 *
 * <p>Nested records (a {@link CollectionSettings}, a {@link TagConfig}) do not know where they sit
 * in a node's configuration, so they report keys relative to themselves; whoever builds them from a
 * larger document prefixes the key with {@link #within(String, Supplier)}.
 */
public final class OpcUaConfigException extends IllegalArgumentException {
  private final String key;
  private final String reason;

  public OpcUaConfigException(String key, String reason) {
    super(key == null || key.isEmpty() ? reason : key + ": " + reason);
    this.key = key == null ? "" : key;
    this.reason = reason;
  }

  /** The key, relative to whatever built the failing record; empty for the record itself. */
  public String key() {
    return key;
  }

  /** What is wrong, without the key. */
  public String reason() {
    return reason;
  }

  /** This error, seen from {@code parent}: {@code parent.key}. */
  public OpcUaConfigException prefixed(String parent) {
    if (parent == null || parent.isEmpty()) {
      return this;
    }
    String k = key.isEmpty() ? parent : key.startsWith("[") ? parent + key : parent + "." + key;
    OpcUaConfigException e = new OpcUaConfigException(k, reason);
    e.setStackTrace(getStackTrace());
    return e;
  }

  /**
   * Builds a nested record, reporting a failure under {@code parent}: {@code within("tags[3]", ()
   * -> new TagConfig(...))} turns {@code node-id: ...} into {@code tags[3].node-id: ...}.
   */
  public static <T> T within(String parent, Supplier<T> build) {
    try {
      return build.get();
    } catch (OpcUaConfigException e) {
      throw e.prefixed(parent);
    }
  }
}
