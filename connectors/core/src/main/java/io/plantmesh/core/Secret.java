package io.plantmesh.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * A secret (a password, a token, a key) taken from an environment variable or a file, never from
 * configuration text. {@link #toString()} never shows it, so it cannot leak into a log by accident.
 *
 * <p>Config refers to a secret as {@code env:NAME} or {@code file:/path}. Anything else is refused,
 * so that a password typed inline into a YAML file stops the node with a clear error.
 */
public final class Secret {
  private final String reference;
  private final char[] value;

  private Secret(String reference, char[] value) {
    this.reference = reference;
    this.value = value;
  }

  /** Resolves a reference against the process environment and the file system. */
  public static Secret resolve(String key, String reference) {
    return resolve(key, reference, System.getenv());
  }

  /**
   * Resolves {@code reference} ({@code env:NAME} or {@code file:/path}).
   *
   * @param key the config key the reference came from, for error messages
   * @throws IllegalArgumentException naming the key and the reason, never the secret
   */
  public static Secret resolve(String key, String reference, Map<String, String> env) {
    Objects.requireNonNull(key, "key");
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException(
          key + ": a secret reference is required (env:NAME or file:/path)");
    }
    if (reference.startsWith("env:")) {
      String name = reference.substring(4);
      String v = env.get(name);
      if (v == null || v.isEmpty()) {
        throw new IllegalArgumentException(
            key + ": environment variable '" + name + "' is not set or empty");
      }
      return new Secret(reference, v.toCharArray());
    }
    if (reference.startsWith("file:")) {
      Path p = Path.of(reference.substring(5));
      try {
        String v = Files.readString(p, StandardCharsets.UTF_8).strip();
        if (v.isEmpty()) {
          throw new IllegalArgumentException(key + ": secret file '" + p + "' is empty");
        }
        return new Secret(reference, v.toCharArray());
      } catch (IOException e) {
        throw new IllegalArgumentException(
            key + ": cannot read secret file '" + p + "': " + e.getClass().getSimpleName(), e);
      }
    }
    throw new IllegalArgumentException(
        key
            + ": secrets must not be written inline; use env:NAME (an environment variable) or"
            + " file:/path (a file readable only by the node)");
  }

  /** A secret held in memory only, for tests and for embedding. */
  public static Secret ofValue(String value) {
    return new Secret("<in memory>", value.toCharArray());
  }

  /** The secret's characters; a copy, which the caller should clear after use. */
  public char[] chars() {
    return value.clone();
  }

  /** The secret as a string, for APIs that take nothing else. */
  public String reveal() {
    return new String(value);
  }

  /** Where the secret came from ({@code env:NAME} or {@code file:/path}), safe to log. */
  public String reference() {
    return reference;
  }

  /** Compares in time independent of where the first difference is. */
  public boolean matches(char[] candidate) {
    if (candidate == null) {
      return false;
    }
    int diff = value.length ^ candidate.length;
    for (int i = 0; i < Math.max(value.length, candidate.length); i++) {
      char a = i < value.length ? value[i] : 0;
      char b = i < candidate.length ? candidate[i] : 0;
      diff |= a ^ b;
    }
    return diff == 0;
  }

  @Override
  public String toString() {
    return "Secret[" + reference + "]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s && Arrays.equals(value, s.value);
  }

  @Override
  public int hashCode() {
    return reference.hashCode();
  }
}
