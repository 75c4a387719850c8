package io.plantmesh.simulator.internal;

import io.plantmesh.core.Secret;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.Shape;
import io.plantmesh.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Parses the CLI's arguments into a {@link SimulatorConfig}; every error names the option. */
public final class CliOptions {
  public static final String USAGE =
      """
      Usage: java -jar plantmesh-plc-simulator-cli.jar [options]

      A simulated PLC: an OPC UA server whose tags change at a fixed rate.

        --tags N                 dynamic tags (rounded up to whole devices of 8 tags); default 80
        --rate DURATION          time between value changes: 10ms .. 1h, e.g. 100ms, 1s, 2m; default 1s
        --port N                 TCP port, 0 for a free one; default 4840
        --bind ADDRESS           address to listen on; default 127.0.0.1 (0.0.0.0 for all)
        --path PATH              endpoint URL path; default /plantmesh
        --security LIST          comma-separated endpoint security: none,
                                 basic256sha256-sign, basic256sha256-sign-and-encrypt,
                                 aes128_sha256_rsaoaep-sign, aes128_sha256_rsaoaep-sign-and-encrypt,
                                 aes256_sha256_rsapss-sign, aes256_sha256_rsapss-sign-and-encrypt,
                                 or all; default all
        --user NAME:ENVVAR       a user whose password is in environment variable ENVVAR
                                 (repeatable; passwords never go on the command line)
        --trusted-user-certs DIR accept X.509 user identity tokens whose certificate is a DER or
                                 PEM file in DIR (read at every login); default: not offered
        --no-anonymous           refuse anonymous sessions (needs --user or --trusted-user-certs)
        --pki-dir DIR            server PKI (own/, trusted/, rejected/); default ./pki
        --trust-all-clients B    true (default) accepts any client certificate; false requires it
                                 in DIR/trusted/certs and writes refused ones to DIR/rejected/certs
        --namespace-offset N     register N dummy namespaces first; default 0
        --shapes LIST            tags per device, e.g. sine,counter; default all 8
        --max-nodes-per-read N   OperationLimits MaxNodesPerRead; default 1000
        --max-monitored-items-per-call N
                                 OperationLimits MaxMonitoredItemsPerCall; default 1000
        --echo-period DURATION   add Plant/Echo: a Counter changing every DURATION (10ms .. 1h)
                                 and an Echo a client writes it back to, with the latency
                                 measured by the simulator; default: no echo
        --help                   print this help

      Stops cleanly on SIGTERM or Ctrl-C.
      """;

  /** What the command line asked for: a config, or only the help text. */
  public record Parsed(SimulatorConfig config, boolean help) {}

  private CliOptions() {}

  /**
   * Parses {@code args}; passwords are looked up in {@code env}.
   *
   * @throws IllegalArgumentException naming the option, its value and the reason
   */
  public static Parsed parse(String[] args, Map<String, String> env) {
    SimulatorConfig.Builder b =
        SimulatorConfig.builder().port(4840).tags(80).pkiDir(Path.of("pki"));
    List<String[]> pairs = split(args);
    for (String[] pair : pairs) {
      String option = pair[0];
      String value = pair[1];
      switch (option) {
        case "--help", "-h" -> {
          return new Parsed(null, true);
        }
        case "--no-anonymous" -> b.allowAnonymous(false);
        case "--tags" -> b.tags(intValue(option, value, 0, 100_000_000));
        case "--rate" -> b.rate(duration(option, value));
        case "--port" -> b.port(intValue(option, value, 0, 65535));
        case "--bind" -> b.bindAddress(value);
        case "--path" -> b.path(value);
        case "--security" -> b.securityPolicies(security(option, value));
        case "--user" -> user(b, option, value, env);
        case "--pki-dir" -> b.pkiDir(Path.of(value));
        case "--trusted-user-certs" -> b.trustedUserCertificates(directory(option, value));
        case "--trust-all-clients" -> b.trustAllClients(bool(option, value));
        case "--namespace-offset" -> b.namespaceOffset(intValue(option, value, 0, 1000));
        case "--shapes" -> b.shapes(shapes(option, value));
        case "--max-nodes-per-read" -> b.maxNodesPerRead(intValue(option, value, 1, 1_000_000));
        case "--max-monitored-items-per-call" ->
            b.maxMonitoredItemsPerCall(intValue(option, value, 1, 1_000_000));
        case "--echo-period" -> b.echoPeriod(duration(option, value));
        default -> throw new IllegalArgumentException(option + ": unknown option (see --help)");
      }
    }
    try {
      return new Parsed(b.build(), false);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid settings: " + e.getMessage(), e);
    }
  }

  /** Splits into (option, value) pairs, accepting {@code --opt value} and {@code --opt=value}. */
  private static List<String[]> split(String[] args) {
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("-")) {
        throw new IllegalArgumentException(
            "'" + arg + "': unexpected argument; options start with -- (see --help)");
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        pairs.add(new String[] {arg.substring(0, eq), arg.substring(eq + 1)});
      } else if (arg.equals("--help") || arg.equals("-h") || arg.equals("--no-anonymous")) {
        pairs.add(new String[] {arg, null});
      } else {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new IllegalArgumentException(arg + ": a value is required");
        }
        pairs.add(new String[] {arg, args[++i]});
      }
    }
    return pairs;
  }

  private static int intValue(String option, String value, int min, int max) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + " " + value + ": not a whole number");
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(
          option + " " + value + ": must be between " + min + " and " + max);
    }
    return n;
  }

  private static Path directory(String option, String value) {
    Path dir = Path.of(value);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(option + " " + value + ": not a directory");
    }
    return dir;
  }

  private static boolean bool(String option, String value) {
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes" -> true;
      case "false", "no" -> false;
      default -> throw new IllegalArgumentException(option + " " + value + ": not true or false");
    };
  }

  /** Parses {@code 100ms}, {@code 1s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT0.5S}). */
  public static Duration duration(String option, String value) {
    String v = value.strip().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (v.startsWith("pt")) {
        d = Duration.parse(v.toUpperCase(Locale.ROOT));
      } else if (v.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      } else if (v.endsWith("s")) {
        d =
            Duration.ofMillis(
                Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
      } else if (v.endsWith("m")) {
        d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
      } else if (v.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
      } else {
        throw new NumberFormatException("no unit");
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException(
          option + " " + value + ": not a duration (use e.g. 100ms, 1s, 2m, 1h)");
    }
    if (d.compareTo(SimulatorConfig.MIN_RATE) < 0 || d.compareTo(SimulatorConfig.MAX_RATE) > 0) {
      throw new IllegalArgumentException(option + " " + value + ": must be between 10ms and 1h");
    }
    return d;
  }

  private static List<EndpointSecurity> security(String option, String value) {
    if (value.strip().equalsIgnoreCase("all")) {
      return List.of(EndpointSecurity.values());
    }
    List<EndpointSecurity> list = new ArrayList<>();
    for (String part : value.split(",")) {
      try {
        list.add(EndpointSecurity.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage(), e);
      }
    }
    return list;
  }

  private static List<Shape> shapes(String option, String value) {
    List<Shape> list = new ArrayList<>();
    for (String part : value.split(",")) {
      try {
        list.add(Shape.parse(part));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + " " + value + ": " + e.getMessage(), e);
      }
    }
    return list;
  }

  private static void user(
      SimulatorConfig.Builder b, String option, String value, Map<String, String> env) {
    int colon = value.indexOf(':');
    if (colon <= 0 || colon == value.length() - 1) {
      throw new IllegalArgumentException(
          option
              + " "
              + value
              + ": expected NAME:ENVVAR (the password is read from environment variable ENVVAR)");
    }
    String name = value.substring(0, colon);
    String variable = value.substring(colon + 1);
    b.user(name, Secret.resolve(option + " " + name, "env:" + variable, env));
  }
}
