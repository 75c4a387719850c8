package io.plantmesh.cluster.internal;

import java.time.Duration;
import java.util.regex.Pattern;

/** Validation helpers whose messages name the config key, the offending value and the reason. */
public final class Checks {
  /** Names of clusters, members, sites, areas and sources: safe in logs, attributes and paths. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~:\\-]{0,63}");

  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?"
              + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9\\-]{0,61}[A-Za-z0-9])?)*\\.?");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}(%[A-Za-z0-9_.\\-]+)?");

  private Checks() {}

  /** An {@link IllegalArgumentException} of the form {@code key: 'value' reason}. */
  public static IllegalArgumentException invalid(String key, Object value, String reason) {
    return new IllegalArgumentException(key + ": '" + value + "' " + reason);
  }

  public static String name(String key, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(key + ": is required");
    }
    if (!NAME.matcher(value).matches()) {
      throw invalid(
          key,
          value,
          "is not a valid name (1-64 characters: letters, digits and . _ ~ : -, starting with a"
              + " letter or digit)");
    }
    return value;
  }

  /** An optional name: null or empty means "not set" and becomes "". */
  public static String optionalName(String key, String value) {
    return value == null || value.isEmpty() ? "" : name(key, value);
  }

  public static int port(String key, int port) {
    if (port < 1 || port > 65535) {
      throw invalid(key, port, "is not a TCP/UDP port (1-65535)");
    }
    return port;
  }

  public static Duration positive(String key, Duration d) {
    if (d == null) {
      throw new IllegalArgumentException(key + ": is required");
    }
    if (d.isNegative() || d.isZero()) {
      throw invalid(key, d, "must be positive");
    }
    return d;
  }

  /** Hazelcast takes failure-detection settings in whole seconds. */
  public static Duration wholeSeconds(String key, Duration d) {
    positive(key, d);
    if (d.toNanosPart() != 0 || d.toSeconds() > Integer.MAX_VALUE) {
      throw invalid(key, d, "must be a whole number of seconds (Hazelcast counts heartbeats in s)");
    }
    return d;
  }

  public static boolean isHost(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      return IPV6.matcher(host.substring(1, host.length() - 1)).matches() && host.indexOf(':') >= 0;
    }
    if (host.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
      return IPV4.matcher(host).matches();
    }
    return HOST_NAME.matcher(host).matches();
  }

  /** Whether {@code s} is a literal IP address (no DNS lookup is done). */
  public static boolean isIpLiteral(String s) {
    return s != null
        && (IPV4.matcher(s).matches() || (s.indexOf(':') >= 0 && IPV6.matcher(s).matches()));
  }

  /**
   * Hazelcast's interface syntax: an IPv4 address whose octets may be {@code *} or a range {@code
   * a-b}, e.g. {@code 10.3.16.*} or {@code 10.3.10.4-18}.
   */
  /**
   * Whether IPv4 address {@code host} matches {@code pattern} (see {@link #isInterfacePattern}).
   */
  public static boolean matchesInterfacePattern(String pattern, String host) {
    String[] p = pattern.split("\\.", -1);
    String[] h = host.split("\\.", -1);
    if (p.length != 4 || h.length != 4) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (p[i].equals("*")) {
        continue;
      }
      int v;
      try {
        v = Integer.parseInt(h[i]);
      } catch (NumberFormatException e) {
        return false;
      }
      String[] range = p[i].split("-", -1);
      int lo = Integer.parseInt(range[0]);
      int hi = range.length == 2 ? Integer.parseInt(range[1]) : lo;
      if (v < lo || v > hi) {
        return false;
      }
    }
    return true;
  }

  public static boolean isInterfacePattern(String s) {
    if (s == null) {
      return false;
    }
    String[] octets = s.split("\\.", -1);
    if (octets.length != 4) {
      return false;
    }
    for (String o : octets) {
      if (o.equals("*")) {
        continue;
      }
      String[] range = o.split("-", -1);
      if (range.length > 2) {
        return false;
      }
      int prev = -1;
      for (String r : range) {
        if (!r.matches("\\d{1,3}") || Integer.parseInt(r) > 255 || Integer.parseInt(r) <= prev) {
          return false;
        }
        prev = Integer.parseInt(r);
      }
    }
    return true;
  }
}
