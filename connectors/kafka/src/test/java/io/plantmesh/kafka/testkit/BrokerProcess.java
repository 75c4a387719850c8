package io.plantmesh.kafka.testkit;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * The same broker as {@link KafkaBroker}, in a child JVM ({@code kafka.Kafka server.properties} on
 * the test JVM's class path, heap 256 MB), for tests that kill it with {@code kill -9}.
 *
 * <pre>{@code
 * try (BrokerProcess broker = BrokerProcess.builder().build().start().awaitReady()) {
 *   broker.createTopic("summaries", 1);
 *   ... produce ...
 *   broker.kill();                  // SIGKILL, waits for the exit
 *   broker.start().awaitReady();    // same port, same data: acknowledged records are still there
 * }
 * }</pre>
 *
 * <p>The data dir is formatted by the test JVM before the first start. The broker's output goes to
 * {@link #logFile()} in the data dir, appended over restarts; a failed start names it.
 */
public final class BrokerProcess implements AutoCloseable {
  /** The heap of the broker JVM. */
  public static final String HEAP = "256m";

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final BrokerSettings settings;
  private Process process;
  private long launchedAt;
  private Duration lastStartUp = Duration.ZERO;
  private int starts;
  private boolean closed;

  private BrokerProcess(BrokerSettings settings) {
    this.settings = settings;
  }

  /** Options: auto-create, default partitions, ports, data dir, SASL users. */
  public static BrokerSettings.Builder<BrokerProcess> builder() {
    return new BrokerSettings.Builder<>(BrokerProcess::new);
  }

  /** Formats the data dir on first start and launches the broker JVM; see {@link #awaitReady}. */
  public synchronized BrokerProcess start() {
    if (closed) {
      throw new IllegalStateException("broker process on port " + settings.port() + " is closed");
    }
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("broker process " + process.pid() + " is running");
    }
    DataDirs.formatIfNeeded(settings);
    Path config = writeServerProperties();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + HEAP);
    cmd.add("-Xms32m");
    // One GC thread on a small, busy machine. Full JIT: benchmarks measure through this broker
    // (C1 only would start it ~0.4 s sooner and run it slower).
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Djava.awt.headless=true");
    // The log file is for reading after a failure: INFO from the broker.
    cmd.add("-Dorg.slf4j.simpleLogger.log.kafka=info");
    cmd.add("-Dorg.slf4j.simpleLogger.log.org.apache.kafka=info");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BrokerMain.class.getName());
    cmd.add(config.toString());
    try {
      Files.writeString(
          logFile(),
          "=== start " + ++starts + " at " + Instant.now() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      launchedAt = System.nanoTime();
      // stdin stays an open pipe: BrokerMain halts when it closes (this JVM is gone).
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch the broker JVM (log " + logFile() + ")", e);
    }
    return this;
  }

  private Path writeServerProperties() {
    Properties p = new Properties();
    p.putAll(settings.serverProperties());
    Path file = settings.dataDir().resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "written by the plantmesh Kafka testkit");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /**
   * Waits until the broker answers a metadata request with itself in it (it answers only once it is
   * unfenced). Fails at once if the JVM exits, naming the log file.
   */
  public BrokerProcess awaitReady() {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null) {
      throw new IllegalStateException("broker process was not started");
    }
    try {
      // A plain TCP probe first: an admin client logs a warning for every refused connection.
      await("broker process " + p.pid() + " listening (log " + logFile() + ")")
          .atMost(READY_TIMEOUT)
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(50))
          .until(() -> alive(p) && accepts(settings.internalPort()));
      try (Admin admin =
          Admin.create(
              Map.of(
                  "bootstrap.servers", settings.internalBootstrapServers(),
                  "request.timeout.ms", "2000",
                  "default.api.timeout.ms", "2000"))) {
        await("broker process " + p.pid() + " ready (log " + logFile() + ")")
            .atMost(READY_TIMEOUT)
            .pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(50))
            .until(() -> alive(p) && answers(admin));
      }
    } catch (RuntimeException e) {
      System.err.println("broker process failed to start; its log: " + logFile());
      throw e;
    }
    synchronized (this) {
      lastStartUp = Duration.ofNanos(System.nanoTime() - launchedAt);
    }
    return this;
  }

  private boolean alive(Process p) {
    if (!p.isAlive()) {
      throw new IllegalStateException(
          "broker process "
              + p.pid()
              + " exited with status "
              + p.exitValue()
              + " before it was ready; its log: "
              + logFile());
    }
    return true;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static boolean answers(Admin admin) {
    try {
      return admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size() == 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker", e);
    } catch (ExecutionException | TimeoutException notYet) {
      return false;
    }
  }

  /** {@code kill -9}: the broker gets no chance to flush or deregister; waits for the exit. */
  public synchronized void kill() {
    if (process != null) {
      process.destroyForcibly();
      waitForExit();
    }
  }

  /** SIGTERM: Kafka's shutdown hook shuts down cleanly; waits for the exit. */
  public synchronized void stop() {
    if (process != null) {
      process.destroy();
      waitForExit();
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the broker to exit", e);
    }
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** The broker JVM's process id (of the last start). */
  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException("broker process was not started");
    }
    return process.pid();
  }

  /** The broker's stdout and stderr, over every start. */
  public Path logFile() {
    return settings.dataDir().resolve("broker.log");
  }

  /** From the last {@link #start()} to the end of {@link #awaitReady()}. */
  public synchronized Duration lastStartUp() {
    return lastStartUp;
  }

  public String bootstrapServers() {
    return settings.bootstrapServers();
  }

  /** A PLAINTEXT listener without SASL that bypasses any proxy. */
  public String internalBootstrapServers() {
    return settings.internalBootstrapServers();
  }

  /** {@code bootstrap.servers} and, over SASL, the given user's login. */
  public Map<String, Object> clientConfig(SaslMechanism mechanism, String user, String password) {
    return ClientConfigs.of(settings, mechanism, user, password);
  }

  /** {@code bootstrap.servers} of a PLAINTEXT broker. */
  public Map<String, Object> clientConfig() {
    return ClientConfigs.of(settings, null, null, null);
  }

  public int port() {
    return settings.port();
  }

  public BrokerSettings settings() {
    return settings;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /** As {@link KafkaBroker#createTopic}: returns once every partition takes produce requests. */
  public void createTopic(String name, int partitions) {
    Topics.create(settings.internalBootstrapServers(), name, partitions);
  }

  /** Kills the broker (a test broker needs no clean exit) and deletes a temp data dir. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } finally {
      settings.deleteOwnedDataDir();
    }
  }

  @Override
  public String toString() {
    return "BrokerProcess[" + settings.bootstrapServers() + ", data " + settings.dataDir() + "]";
  }
}
