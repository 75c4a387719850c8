package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.internal.CliOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, run in-process with its exit status returned instead of exiting. */
class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) throws Exception {
    return PlcSimulatorCli.run(
        args,
        env,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new CountDownLatch(0));
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void badArgumentsExitTwoNamingOptionValueAndReason() throws Exception {
    assertEquals(2, run(Map.of(), "--rate", "5ms"));
    assertTrue(err().contains("--rate 5ms: must be between 10ms and 1h"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--tags", "many"));
    assertTrue(err().contains("--tags many: not a whole number"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--port", "70000"));
    assertTrue(err().contains("--port 70000: must be between 0 and 65535"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--security", "none,rot13"));
    assertTrue(err().contains("--security none,rot13: unknown security 'rot13'"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--user", "alice"));
    assertTrue(err().contains("--user alice: expected NAME:ENVVAR"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--user", "alice:ALICE_PW"));
    assertTrue(err().contains("environment variable 'ALICE_PW' is not set"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--colour", "red"));
    assertTrue(err().contains("--colour: unknown option"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--tags"));
    assertTrue(err().contains("--tags: a value is required"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--no-anonymous"));
    assertTrue(err().contains("nobody could log in"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--trusted-user-certs", "/no/such/dir"));
    assertTrue(err().contains("--trusted-user-certs /no/such/dir: not a directory"), err());
    err.reset();
    assertEquals(2, run(Map.of(), "--echo-period", "5ms"));
    assertTrue(err().contains("--echo-period 5ms: must be between 10ms and 1h"), err());
  }

  @Test
  void theEchoIsOffUnlessItsPeriodIsGiven() {
    assertEquals(null, CliOptions.parse(new String[0], Map.of()).config().echoPeriod());
    assertEquals(
        Duration.ofMillis(10),
        CliOptions.parse(new String[] {"--echo-period", "10ms"}, Map.of()).config().echoPeriod());
  }

  @Test
  void x509UsersAloneAreEnoughToRefuseAnonymous(@TempDir Path users) {
    SimulatorConfig config =
        CliOptions.parse(
                new String[] {"--no-anonymous", "--trusted-user-certs", users.toString()}, Map.of())
            .config();
    assertFalse(config.allowAnonymous());
    assertEquals(users, config.trustedUserCertificates());
  }

  @Test
  void helpPrintsUsage() throws Exception {
    assertEquals(0, run(Map.of(), "--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--namespace-offset N"));
  }

  @Test
  void runsUntilStoppedAndPasswordsComeFromTheEnvironment(@TempDir Path pki) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> status =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return PlcSimulatorCli.run(
                    new String[] {
                      "--tags",
                      "20",
                      "--rate",
                      "100ms",
                      "--port",
                      "0",
                      "--pki-dir",
                      pki.toString(),
                      "--user",
                      "alice:ALICE_PW",
                      "--security",
                      "none",
                      "--namespace-offset",
                      "2"
                    },
                    Map.of("ALICE_PW", "wonderland"),
                    stdout,
                    new PrintStream(err, true, StandardCharsets.UTF_8),
                    stop);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
            });
    Pattern ready = Pattern.compile("ready: (opc\\.tcp://127\\.0\\.0\\.1:(\\d+)/plantmesh)");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> ready.matcher(out.toString(StandardCharsets.UTF_8)).find());
    String printed = out.toString(StandardCharsets.UTF_8);
    Matcher m = ready.matcher(printed);
    assertTrue(m.find());
    assertTrue(printed.contains("24 tags"), printed);
    assertTrue(printed.contains("at index 4"), printed);
    assertFalse(printed.contains("wonderland"));
    assertTrue(Files.exists(pki.resolve("own").resolve("certs").resolve("plc-simulator.der")));

    // A plain client reaches the printed endpoint with the user from the environment.
    OpcUaClient client =
        OpcUaClient.create(
            m.group(1),
            endpoints -> endpoints.stream().findFirst(),
            transport -> {},
            config ->
                config.setIdentityProvider(
                    new org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider(
                        "alice", "wonderland")));
    client.connect();
    client.disconnect();

    stop.countDown();
    assertEquals(0, status.get(30, TimeUnit.SECONDS));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("stopping"));
  }
}
