package io.plantmesh.simulator;

import io.plantmesh.core.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link PlcSimulator} is set up: where it listens, how many tags it simulates and how fast
 * they change, and how it secures its endpoints. Immutable; build one with {@link #builder()}, or
 * change one with {@link #toBuilder()}. The builder checks every value and names the bad one.
 *
 * @param port TCP port; 0 picks a free one at start
 * @param bindAddress the address to listen on (default {@code 127.0.0.1})
 * @param path the endpoint URL's path (default {@code /plantmesh})
 * @param devices simulated devices; each carries one tag per shape
 * @param devicesPerCell devices in one {@code CellNN} folder before the next cell starts
 * @param cellsPerLine cells in one {@code LineNN} folder before the next line starts
 * @param rate time between two value changes (10 ms to 1 h)
 * @param shapes the tags every device carries, in address-space order
 * @param securityPolicies the security policy and mode of each endpoint offered
 * @param allowAnonymous whether the Anonymous user token policy is offered
 * @param users username → password for the UserName token policy (offered when not empty)
 * @param plaintextPasswords whether the UserName token policy has security policy None, so that a
 *     client on a None endpoint sends the password unencrypted (to test that clients refuse it);
 *     otherwise the password is encrypted with Basic256Sha256 on every endpoint
 * @param trustedUserCertificates a directory of X.509 user certificates (DER or PEM files) whose
 *     holders may activate a Session with an X.509 identity token; {@code null} does not offer the
 *     Certificate token policy. Read at every activation, so adding a file trusts a user at once.
 * @param pkiDir the server's PKI directory ({@code own/}, {@code trusted/}, {@code rejected/});
 *     {@code null} uses a new temporary directory
 * @param trustAllClients accept any client certificate; when false it must be in {@code
 *     trusted/certs/} or it is written to {@code rejected/certs/} and refused
 * @param namespaceOffset dummy namespaces registered before the simulator's own, to move its
 *     namespace index
 * @param maxMonitoredItemsPerCall the server's OperationLimits MaxMonitoredItemsPerCall
 * @param maxNodesPerRead the server's OperationLimits MaxNodesPerRead (also used for writes)
 * @param echoPeriod how often the echo's Counter changes (10 ms to 1 h); {@code null} (the default)
 *     leaves the echo out. See {@link EchoTags}.
 */
public record SimulatorConfig(
    int port,
    String bindAddress,
    String path,
    int devices,
    int devicesPerCell,
    int cellsPerLine,
    Duration rate,
    List<Shape> shapes,
    Set<EndpointSecurity> securityPolicies,
    boolean allowAnonymous,
    Map<String, Secret> users,
    Path trustedUserCertificates,
    Path pkiDir,
    boolean trustAllClients,
    int namespaceOffset,
    int maxMonitoredItemsPerCall,
    int maxNodesPerRead,
    boolean plaintextPasswords,
    Duration echoPeriod) {

  /** The simulator's namespace URI; NodeIds are stable as {@code nsu=<this>;s=<path>}. */
  public static final String DEFAULT_NAMESPACE_URI = "urn:plantmesh:plc-simulator";

  public static final Duration MIN_RATE = Duration.ofMillis(10);
  public static final Duration MAX_RATE = Duration.ofHours(1);

  /** Validates and copies; prefer {@link #builder()}. */
  public SimulatorConfig {
    require(port >= 0 && port <= 65535, "port", port, "must be between 0 and 65535");
    require(
        bindAddress != null && !bindAddress.isBlank(), "bindAddress", bindAddress, "is required");
    require(
        path != null && path.startsWith("/") && !path.contains(" "),
        "path",
        path,
        "must start with '/' and contain no spaces");
    require(devices >= 0, "devices", devices, "must not be negative");
    require(devicesPerCell >= 1, "devicesPerCell", devicesPerCell, "must be at least 1");
    require(cellsPerLine >= 1, "cellsPerLine", cellsPerLine, "must be at least 1");
    Objects.requireNonNull(rate, "rate");
    require(
        rate.compareTo(MIN_RATE) >= 0 && rate.compareTo(MAX_RATE) <= 0,
        "rate",
        rate,
        "must be between 10ms and 1h");
    require(shapes != null && !shapes.isEmpty(), "shapes", shapes, "must name at least one shape");
    require(
        new LinkedHashSet<>(shapes).size() == shapes.size(),
        "shapes",
        shapes,
        "must not repeat a shape");
    require(
        securityPolicies != null && !securityPolicies.isEmpty(),
        "securityPolicies",
        securityPolicies,
        "must name at least one policy");
    users = users == null ? Map.of() : Map.copyOf(users);
    for (String name : users.keySet()) {
      require(
          !name.isBlank() && !name.contains(":"),
          "users",
          name,
          "a username must not be blank or contain ':'");
    }
    require(
        allowAnonymous || !users.isEmpty() || trustedUserCertificates != null,
        "allowAnonymous",
        false,
        "with no users or trustedUserCertificates configured nobody could log in");
    require(
        namespaceOffset >= 0 && namespaceOffset <= 1000,
        "namespaceOffset",
        namespaceOffset,
        "must be between 0 and 1000");
    require(
        maxMonitoredItemsPerCall >= 1,
        "maxMonitoredItemsPerCall",
        maxMonitoredItemsPerCall,
        "must be at least 1");
    require(maxNodesPerRead >= 1, "maxNodesPerRead", maxNodesPerRead, "must be at least 1");
    require(
        echoPeriod == null
            || (echoPeriod.compareTo(MIN_RATE) >= 0 && echoPeriod.compareTo(MAX_RATE) <= 0),
        "echoPeriod",
        echoPeriod,
        "must be between 10ms and 1h");
    shapes = List.copyOf(shapes);
    securityPolicies = Collections.unmodifiableSet(EnumSet.copyOf(securityPolicies));
  }

  private static void require(boolean ok, String key, Object value, String reason) {
    if (!ok) {
      throw new IllegalArgumentException(key + "=" + value + ": " + reason);
    }
  }

  /** Dynamic tags: devices times shapes. */
  public int tagCount() {
    return devices * shapes.size();
  }

  /** Security policies in a stable order (the enum's). */
  public List<EndpointSecurity> orderedSecurityPolicies() {
    return List.copyOf(EnumSet.copyOf(securityPolicies));
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this config's values, to change a few of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.port = port;
    b.bindAddress = bindAddress;
    b.path = path;
    b.devices = devices;
    b.devicesPerCell = devicesPerCell;
    b.cellsPerLine = cellsPerLine;
    b.rate = rate;
    b.shapes = new ArrayList<>(shapes);
    b.securityPolicies = EnumSet.copyOf(securityPolicies);
    b.allowAnonymous = allowAnonymous;
    b.plaintextPasswords = plaintextPasswords;
    b.users = new LinkedHashMap<>(users);
    b.trustedUserCertificates = trustedUserCertificates;
    b.pkiDir = pkiDir;
    b.trustAllClients = trustAllClients;
    b.namespaceOffset = namespaceOffset;
    b.maxMonitoredItemsPerCall = maxMonitoredItemsPerCall;
    b.maxNodesPerRead = maxNodesPerRead;
    b.echoPeriod = echoPeriod;
    return b;
  }

  /** The defaults of every setting are those of a small PLC on loopback, open for tests. */
  public static final class Builder {
    private int port = 0;
    private String bindAddress = "127.0.0.1";
    private String path = "/plantmesh";
    private int devices = 10;
    private Integer tags;
    private int devicesPerCell = 100;
    private int cellsPerLine = 10;
    private Duration rate = Duration.ofSeconds(1);
    private List<Shape> shapes = List.of(Shape.values());
    private Set<EndpointSecurity> securityPolicies = EnumSet.allOf(EndpointSecurity.class);
    private boolean allowAnonymous = true;
    private boolean plaintextPasswords;
    private Map<String, Secret> users = new LinkedHashMap<>();
    private Path trustedUserCertificates;
    private Path pkiDir;
    private boolean trustAllClients = true;
    private int namespaceOffset = 0;
    private int maxMonitoredItemsPerCall = 1000;
    private int maxNodesPerRead = 1000;
    private Duration echoPeriod;

    private Builder() {}

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder bindAddress(String bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Number of devices (default 10); replaces an earlier {@link #tags(int)}. */
    public Builder devices(int devices) {
      this.devices = devices;
      this.tags = null;
      return this;
    }

    /**
     * At least {@code tags} dynamic tags: ceil(tags / shapes) devices, computed at {@link #build()}
     * so it follows the shapes set.
     */
    public Builder tags(int tags) {
      if (tags < 0) {
        throw new IllegalArgumentException("tags=" + tags + ": must not be negative");
      }
      this.tags = tags;
      return this;
    }

    public Builder devicesPerCell(int devicesPerCell) {
      this.devicesPerCell = devicesPerCell;
      return this;
    }

    public Builder cellsPerLine(int cellsPerLine) {
      this.cellsPerLine = cellsPerLine;
      return this;
    }

    public Builder rate(Duration rate) {
      this.rate = rate;
      return this;
    }

    public Builder shapes(Shape... shapes) {
      return shapes(List.of(shapes));
    }

    public Builder shapes(Collection<Shape> shapes) {
      this.shapes = new ArrayList<>(shapes);
      return this;
    }

    public Builder securityPolicies(EndpointSecurity... policies) {
      return securityPolicies(List.of(policies));
    }

    public Builder securityPolicies(Collection<EndpointSecurity> policies) {
      this.securityPolicies =
          policies.isEmpty() ? Set.of() : EnumSet.copyOf(new LinkedHashSet<>(policies));
      return this;
    }

    public Builder allowAnonymous(boolean allowAnonymous) {
      this.allowAnonymous = allowAnonymous;
      return this;
    }

    /** Adds (or replaces) a user for the UserName token policy. */
    public Builder user(String username, Secret password) {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      users.put(username, password);
      return this;
    }

    /** Adds a user; the characters are copied, so the caller may clear its array. */
    public Builder user(String username, char[] password) {
      return user(username, Secret.ofValue(new String(password)));
    }

    /**
     * Offers the X.509 (Certificate) user token policy and accepts the user certificates found in
     * {@code dir} (DER or PEM files; exact certificate match, valid dates). {@code null} (the
     * default) offers no X.509 user tokens.
     */
    public Builder trustedUserCertificates(Path dir) {
      this.trustedUserCertificates = dir;
      return this;
    }

    public Builder pkiDir(Path pkiDir) {
      this.pkiDir = pkiDir;
      return this;
    }

    public Builder trustAllClients(boolean trustAllClients) {
      this.trustAllClients = trustAllClients;
      return this;
    }

    public Builder namespaceOffset(int namespaceOffset) {
      this.namespaceOffset = namespaceOffset;
      return this;
    }

    public Builder maxMonitoredItemsPerCall(int maxMonitoredItemsPerCall) {
      this.maxMonitoredItemsPerCall = maxMonitoredItemsPerCall;
      return this;
    }

    /** Offers the UserName token policy without encryption (see the record's Javadoc). */
    public Builder plaintextPasswords(boolean plaintextPasswords) {
      this.plaintextPasswords = plaintextPasswords;
      return this;
    }

    public Builder maxNodesPerRead(int maxNodesPerRead) {
      this.maxNodesPerRead = maxNodesPerRead;
      return this;
    }

    /**
     * Adds the echo under {@code Plant/Echo} with its Counter changing every {@code period} (10 ms
     * to 1 h); {@code null} leaves it out (the default). See {@link EchoTags}.
     */
    public Builder echoPeriod(Duration period) {
      this.echoPeriod = period;
      return this;
    }

    /**
     * Builds the config.
     *
     * @throws IllegalArgumentException naming the setting, its value and why it is refused
     */
    public SimulatorConfig build() {
      int d = devices;
      if (tags != null) {
        int perDevice = shapes == null || shapes.isEmpty() ? 1 : shapes.size();
        d = (int) ((tags + (long) perDevice - 1) / perDevice);
      }
      return new SimulatorConfig(
          port,
          bindAddress,
          path,
          d,
          devicesPerCell,
          cellsPerLine,
          rate,
          shapes,
          securityPolicies,
          allowAnonymous,
          users,
          trustedUserCertificates,
          pkiDir,
          trustAllClients,
          namespaceOffset,
          maxMonitoredItemsPerCall,
          maxNodesPerRead,
          plaintextPasswords,
          echoPeriod);
    }
  }
}
