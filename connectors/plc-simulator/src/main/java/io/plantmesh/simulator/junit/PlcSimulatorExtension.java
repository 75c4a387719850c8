package io.plantmesh.simulator.junit;

import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a {@link PlcSimulator} for a test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static PlcSimulatorExtension plc = new PlcSimulatorExtension(SimulatorConfig.builder().tags(80).build());
 * }</pre>
 *
 * Registered on a static field it starts before all tests and stops after them; on an instance
 * field, around each test. The first start fixes the port (a free one unless configured) and the
 * PKI directory (a temporary one unless configured), so {@link #restart()} and {@link #start()}
 * come back on the same port with the same server certificate, as a rebooted PLC would.
 */
public final class PlcSimulatorExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  /** How long a restart retries binding a port the previous run may not have released yet. */
  private static final long REBIND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private SimulatorConfig config;
  private PlcSimulator simulator;
  private Path ownedPkiDir;
  private boolean perClass;
  private boolean perTest;

  /** A simulator with the default config (80 tags, 1 s rate, all security policies). */
  public PlcSimulatorExtension() {
    this(SimulatorConfig.builder().build());
  }

  public PlcSimulatorExtension(SimulatorConfig config) {
    this.config = config;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    stop();
    deleteOwnedPkiDir();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!perClass) {
      perTest = true;
      start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (perTest) {
      stop();
      deleteOwnedPkiDir();
    }
  }

  /** The running simulator. */
  public synchronized PlcSimulator simulator() {
    if (simulator == null) {
      throw new IllegalStateException("the PLC simulator is stopped");
    }
    return simulator;
  }

  /** The config the next start uses (with the port and pkiDir fixed after the first start). */
  public synchronized SimulatorConfig config() {
    return config;
  }

  /** Whether the simulator is running. */
  public synchronized boolean isRunning() {
    return simulator != null;
  }

  /** Starts the simulator if it is stopped; on the same port and pkiDir as before. */
  public synchronized PlcSimulator start() {
    if (simulator != null) {
      return simulator;
    }
    if (config.pkiDir() == null) {
      try {
        ownedPkiDir = Files.createTempDirectory("plc-simulator-fixture-pki");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      config = config.toBuilder().pkiDir(ownedPkiDir).build();
    }
    simulator = startRetrying(config);
    if (config.port() == 0) {
      config = config.toBuilder().port(simulator.port()).build();
    }
    return simulator;
  }

  /** Stops the simulator (the port is released); {@link #start()} brings it back. */
  public synchronized void stop() {
    if (simulator != null) {
      simulator.close();
      simulator = null;
    }
  }

  /** Stops and starts again on the same port and pkiDir. */
  public synchronized PlcSimulator restart() {
    stop();
    return start();
  }

  /**
   * Stops and starts with a changed config (e.g. another namespaceOffset), still on the same port
   * and pkiDir.
   */
  public synchronized PlcSimulator restart(UnaryOperator<SimulatorConfig.Builder> change) {
    stop();
    SimulatorConfig changed = change.apply(config.toBuilder()).build();
    config = changed.toBuilder().port(config.port()).pkiDir(config.pkiDir()).build();
    return start();
  }

  private static PlcSimulator startRetrying(SimulatorConfig config) {
    long deadline = System.nanoTime() + REBIND_TIMEOUT_NANOS;
    while (true) {
      try {
        return PlcSimulator.start(config);
      } catch (IllegalStateException e) {
        // A fixed port can stay busy for a moment after the previous run closed it.
        if (config.port() == 0 || System.nanoTime() > deadline) {
          throw e;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  private void deleteOwnedPkiDir() {
    if (ownedPkiDir == null) {
      return;
    }
    try (Stream<Path> paths = Files.walk(ownedPkiDir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
    config = config.toBuilder().pkiDir(null).build();
    ownedPkiDir = null;
  }
}
