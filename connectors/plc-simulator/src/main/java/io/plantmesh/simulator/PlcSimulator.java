package io.plantmesh.simulator;

import io.plantmesh.simulator.internal.EchoService;
import io.plantmesh.simulator.internal.PlantLayout;
import io.plantmesh.simulator.internal.PlantModel;
import io.plantmesh.simulator.internal.PlcNamespace;
import io.plantmesh.simulator.internal.ServerAssembly;
import io.plantmesh.simulator.internal.ServerPki;
import io.plantmesh.simulator.internal.StaticTags;
import io.plantmesh.simulator.internal.Ticker;
import io.plantmesh.simulator.internal.WriteRecorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated PLC: a real OPC UA server (Eclipse Milo) whose tags change at a configured rate. See
 * the module README for the address-space layout. Start one with {@link #start(SimulatorConfig)};
 * {@link #close()} stops it and releases its port.
 */
public final class PlcSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlcSimulator.class);
  private static final int PORT_ATTEMPTS = 5;

  static {
    // Aes256_Sha256_RsaPss needs RSASSA-PSS from Bouncy Castle, which Milo already depends on.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final SimulatorConfig config;
  private final OpcUaServer server;
  private final PlcNamespace namespace;
  private final WriteRecorder writeRecorder;
  private final Ticker ticker;
  private final EchoService echo;
  private final ServerPki pki;
  private final Path ownedPkiDir;
  private final int port;
  private final List<String> tagIdentifiers;
  private final List<String> staticIdentifiers;
  private final Duration startupTime;
  private volatile boolean closed;

  private PlcSimulator(
      SimulatorConfig config,
      OpcUaServer server,
      PlcNamespace namespace,
      WriteRecorder writeRecorder,
      Ticker ticker,
      EchoService echo,
      ServerPki pki,
      Path ownedPkiDir,
      int port,
      List<String> tagIdentifiers,
      List<String> staticIdentifiers,
      Duration startupTime) {
    this.config = config;
    this.server = server;
    this.namespace = namespace;
    this.writeRecorder = writeRecorder;
    this.ticker = ticker;
    this.echo = echo;
    this.pki = pki;
    this.ownedPkiDir = ownedPkiDir;
    this.port = port;
    this.tagIdentifiers = tagIdentifiers;
    this.staticIdentifiers = staticIdentifiers;
    this.startupTime = startupTime;
  }

  /**
   * Builds the address space, binds the endpoints and starts the tick; returns when clients can
   * connect.
   *
   * @throws IllegalStateException if the server cannot start (port taken, PKI unreadable), with the
   *     reason
   */
  public static PlcSimulator start(SimulatorConfig config) {
    long begin = System.nanoTime();
    Path users = config.trustedUserCertificates();
    if (users != null && !Files.isDirectory(users)) {
      throw new IllegalStateException(
          "trustedUserCertificates=" + users + ": not a directory (create it, or fix the path)");
    }
    Path ownedPkiDir = null;
    ServerPki pki;
    try {
      Path pkiDir = config.pkiDir();
      if (pkiDir == null) {
        ownedPkiDir = Files.createTempDirectory("plc-simulator-pki");
        pkiDir = ownedPkiDir;
      }
      pki = ServerPki.open(pkiDir, config.trustAllClients(), config.bindAddress());
    } catch (Exception e) {
      throw new IllegalStateException(
          "pkiDir=" + config.pkiDir() + ": cannot open the server's PKI: " + e.getMessage(), e);
    }
    Exception last = null;
    int attempts = config.port() == 0 ? PORT_ATTEMPTS : 1;
    for (int attempt = 0; attempt < attempts; attempt++) {
      int port = config.port() == 0 ? freePort(config.bindAddress()) : config.port();
      OpcUaServer server = ServerAssembly.create(config, pki, port);
      for (int i = 0; i < config.namespaceOffset(); i++) {
        server.getNamespaceTable().add(SimulatorConfig.DEFAULT_NAMESPACE_URI + ":offset:" + i);
      }
      PlcNamespace namespace = new PlcNamespace(server, SimulatorConfig.DEFAULT_NAMESPACE_URI);
      WriteRecorder writeRecorder = new WriteRecorder(server, namespace);
      server.addServiceSet(config.path(), writeRecorder);
      PlantModel plant;
      List<String> statics;
      EchoService echo = null;
      try {
        UaFolderNode root = rootFolder(namespace);
        plant = PlantModel.build(namespace, config, root);
        statics = StaticTags.build(namespace, root);
        if (config.echoPeriod() != null) {
          echo = EchoService.build(namespace, root, config.echoPeriod());
          writeRecorder.countedElsewhere(echo.echoNodeId());
        }
        namespace.startup();
        server.startup().get(30, TimeUnit.SECONDS);
        if (server.getBoundEndpoints().size() < server.getConfig().getEndpoints().size()) {
          throw new IllegalStateException(
              "only "
                  + server.getBoundEndpoints().size()
                  + " of "
                  + server.getConfig().getEndpoints().size()
                  + " endpoints bound");
        }
      } catch (Exception e) {
        last = e;
        shutdownQuietly(server, namespace);
        LOG.debug("Start on port {} failed", port, e);
        continue;
      }
      Ticker ticker = new Ticker(plant);
      ticker.start(config.rate());
      if (echo != null) {
        echo.start();
        LOG.info(
            "Echo on: {} changes every {} ms; write the value to {}",
            expandedNodeId(EchoTags.COUNTER),
            config.echoPeriod().toMillis(),
            expandedNodeId(EchoTags.ECHO));
      }
      Duration took = Duration.ofNanos(System.nanoTime() - begin);
      PlcSimulator sim =
          new PlcSimulator(
              config,
              server,
              namespace,
              writeRecorder,
              ticker,
              echo,
              pki,
              ownedPkiDir,
              port,
              plant.identifiers(),
              statics,
              took);
      LOG.info(
          "PLC simulator ready at {} with {} tags, changing every {} (started in {} ms)",
          sim.endpointUrl(),
          plant.identifiers().size(),
          config.rate(),
          took.toMillis());
      return sim;
    }
    try {
      pki.close();
    } catch (IOException e) {
      LOG.debug("Closing PKI", e);
    }
    deleteQuietly(ownedPkiDir);
    throw new IllegalStateException(
        "cannot start the PLC simulator on "
            + config.bindAddress()
            + ":"
            + (config.port() == 0 ? "<free port>" : config.port())
            + ": "
            + (last == null ? "unknown error" : rootMessage(last)),
        last);
  }

  private static UaFolderNode rootFolder(PlcNamespace namespace) {
    UaFolderNode plant =
        new UaFolderNode(
            namespace.getNodeContext(),
            namespace.nodeId(PlantModel.ROOT),
            namespace.browseName(PlantModel.ROOT),
            org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText.english(PlantModel.ROOT));
    namespace.getNodeManager().addNode(plant);
    plant.addReference(
        new org.eclipse.milo.opcua.sdk.core.Reference(
            plant.getNodeId(),
            org.eclipse.milo.opcua.stack.core.NodeIds.Organizes,
            org.eclipse.milo.opcua.stack.core.NodeIds.ObjectsFolder.expanded(),
            false));
    return plant;
  }

  /** The first endpoint's URL, e.g. {@code opc.tcp://127.0.0.1:4840/plantmesh}. */
  public String endpointUrl() {
    return "opc.tcp://"
        + ServerAssembly.hostnames(config.bindAddress()).get(0)
        + ":"
        + port
        + config.path();
  }

  public int port() {
    return port;
  }

  public SimulatorConfig config() {
    return config;
  }

  public String namespaceUri() {
    return namespace.getNamespaceUri();
  }

  /** The namespace index the server gave the simulator's namespace (moves with namespaceOffset). */
  public int namespaceIndex() {
    return namespace.getNamespaceIndex().intValue();
  }

  /** The server's application instance certificate, to put in a client's trusted list. */
  public X509Certificate serverCertificate() {
    return pki.certificate();
  }

  /**
   * The server's application URI (in its certificate), {@code urn:plantmesh:plc-simulator:<host>}.
   */
  public String applicationUri() {
    return pki.applicationUri();
  }

  /** The server's PKI directory (the configured one or the temporary one it made). */
  public Path pkiDir() {
    return pki.dir();
  }

  /** Every write a client made, accepted or refused, in order. */
  public List<SimulatorWrite> writes() {
    return writeRecorder.writes();
  }

  /** The dynamic tags as {@code ns=<index>;s=<path>}, in address-space order. */
  public List<String> tagNodeIds() {
    return tagIdentifiers.stream().map(this::nodeId).toList();
  }

  /** The dynamic tags' identifiers ({@code Plant/Line01/Cell01/Device001/Temperature}, ...). */
  public List<String> tagIdentifiers() {
    return tagIdentifiers;
  }

  /**
   * The dynamic tags' identifiers a simulator with {@code config} has, without starting one: for a
   * client of a simulator running elsewhere (e.g. started from the CLI with the same settings).
   */
  public static List<String> tagIdentifiersFor(SimulatorConfig config) {
    return PlantLayout.tagIdentifiers(config);
  }

  /** The tags of {@code Plant/Static} as {@code ns=<index>;s=<path>}, in address-space order. */
  public List<String> staticNodeIds() {
    return staticIdentifiers.stream().map(this::nodeId).toList();
  }

  /** {@code ns=<index>;s=<identifier>} for an identifier in the simulator's namespace. */
  public String nodeId(String identifier) {
    return "ns=" + namespaceIndex() + ";s=" + identifier;
  }

  /** {@code nsu=urn:plantmesh:plc-simulator;s=<identifier>}: stable across restarts. */
  public static String expandedNodeId(String identifier) {
    return "nsu=" + SimulatorConfig.DEFAULT_NAMESPACE_URI + ";s=" + identifier;
  }

  /** Ticks done since start (each changes every dynamic tag once). */
  public long ticks() {
    return ticker.ticks();
  }

  /** Overdue ticks skipped (after a stall) so that values never change faster than the rate. */
  public long missedTicks() {
    return ticker.missedTicks();
  }

  /** How long the last tick took to change all tags and notify their MonitoredItems. */
  public Duration lastTickDuration() {
    return Duration.ofNanos(ticker.lastTickNanos());
  }

  /** How long {@link #start} took, from call to ready. */
  public Duration startupTime() {
    return startupTime;
  }

  /**
   * The echo's statistics over the current window (see {@link EchoStats}), as its variables show
   * them.
   *
   * @throws IllegalStateException if the echo is off ({@link SimulatorConfig#echoPeriod()} unset)
   */
  public EchoStats echoStats() {
    return echo().stats();
  }

  /**
   * Ends the echo's window and starts a new one, as a client writing {@code true} to {@link
   * EchoTags#RESET} does.
   *
   * @throws IllegalStateException if the echo is off
   */
  public void resetEcho() {
    echo().reset();
  }

  private EchoService echo() {
    if (echo == null) {
      throw new IllegalStateException("echoPeriod is not set: this simulator has no echo");
    }
    return echo;
  }

  /** Stops the tick and the server and releases the port; idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.close();
    if (echo != null) {
      echo.close();
    }
    shutdownQuietly(server, namespace);
    try {
      pki.close();
    } catch (IOException e) {
      LOG.debug("Closing PKI", e);
    }
    deleteQuietly(ownedPkiDir);
    LOG.info("PLC simulator on port {} stopped", port);
  }

  private static void shutdownQuietly(OpcUaServer server, PlcNamespace namespace) {
    try {
      server.shutdown().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Server shutdown failed: {}", e.toString());
    }
    try {
      namespace.shutdown();
    } catch (RuntimeException e) {
      LOG.debug("Namespace shutdown", e);
    }
  }

  private static int freePort(String bindAddress) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("bindAddress=" + bindAddress + ": cannot bind", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("Cannot delete {}", dir, e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root + ")";
  }
}
