package io.plantmesh.simulator;

import io.plantmesh.simulator.internal.CliOptions;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The command line: {@code java -jar plantmesh-plc-simulator-<version>-cli.jar --tags 1000 --rate
 * 100ms --port 4840}. Prints the endpoint URL when ready; stops cleanly on SIGTERM. Bad arguments
 * print the option, value and reason, and exit with status 2.
 */
public final class PlcSimulatorCli {
  /** Exit status for bad arguments, as Unix tools use it. */
  public static final int EXIT_USAGE = 2;

  /** Exit status when the server cannot start (e.g. the port is taken). */
  public static final int EXIT_FAILED = 1;

  private PlcSimulatorCli() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    stopped.await(15, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "plc-simulator-shutdown"));
    int status;
    try {
      status = run(args, System.getenv(), System.out, System.err, stop);
    } finally {
      stopped.countDown();
    }
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the simulator until {@code stop} is released, or returns at once for {@code --help} or bad
   * arguments.
   *
   * @return the exit status: 0, {@link #EXIT_USAGE} or {@link #EXIT_FAILED}
   */
  public static int run(
      String[] args, Map<String, String> env, PrintStream out, PrintStream err, CountDownLatch stop)
      throws InterruptedException {
    CliOptions.Parsed parsed;
    try {
      parsed = CliOptions.parse(args, env);
    } catch (IllegalArgumentException e) {
      err.println("plc-simulator: " + e.getMessage());
      err.println("Try --help for the options.");
      return EXIT_USAGE;
    }
    if (parsed.help()) {
      out.print(CliOptions.USAGE);
      out.flush();
      return 0;
    }
    PlcSimulator sim;
    try {
      sim = PlcSimulator.start(parsed.config());
    } catch (RuntimeException e) {
      err.println("plc-simulator: " + e.getMessage());
      return EXIT_FAILED;
    }
    try (sim) {
      out.println(
          "PLC simulator ready: "
              + sim.endpointUrl()
              + " ("
              + sim.tagNodeIds().size()
              + " tags every "
              + parsed.config().rate().toMillis()
              + " ms, namespace "
              + sim.namespaceUri()
              + " at index "
              + sim.namespaceIndex()
              + ", started in "
              + sim.startupTime().toMillis()
              + " ms"
              + (parsed.config().echoPeriod() == null
                  ? ""
                  : ", echo every " + parsed.config().echoPeriod().toMillis() + " ms")
              + ")");
      out.flush();
      stop.await();
      out.println("PLC simulator stopping");
      out.flush();
    }
    return 0;
  }
}
