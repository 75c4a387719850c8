package io.plantmesh.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @Test
  void defaultsAreThoseOfASmallOpenPlc() {
    SimulatorConfig c = SimulatorConfig.builder().build();
    assertEquals(0, c.port());
    assertEquals("127.0.0.1", c.bindAddress());
    assertEquals("/plantmesh", c.path());
    assertEquals(Duration.ofSeconds(1), c.rate());
    assertEquals(8, c.shapes().size());
    assertEquals(7, c.securityPolicies().size());
    assertTrue(c.allowAnonymous());
    assertTrue(c.trustAllClients());
    assertEquals(1000, c.maxNodesPerRead());
    assertEquals(1000, c.maxMonitoredItemsPerCall());
    assertEquals(null, c.echoPeriod(), "no echo unless asked for");
  }

  @Test
  void theEchoPeriodIsCheckedLikeTheRate() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SimulatorConfig.builder().echoPeriod(Duration.ofMillis(9)).build());
    assertEquals("echoPeriod=PT0.009S: must be between 10ms and 1h", e.getMessage());
    SimulatorConfig c = SimulatorConfig.builder().echoPeriod(SimulatorConfig.MIN_RATE).build();
    assertEquals(Duration.ofMillis(10), c.echoPeriod());
    assertEquals(c, c.toBuilder().build(), "toBuilder keeps the echo period");
  }

  @Test
  void tagsRoundUpToWholeDevices() {
    assertEquals(125, SimulatorConfig.builder().tags(1000).build().devices());
    assertEquals(13, SimulatorConfig.builder().tags(100).build().devices());
    assertEquals(104, SimulatorConfig.builder().tags(100).build().tagCount());
    assertEquals(
        50,
        SimulatorConfig.builder().shapes(Shape.COUNTER, Shape.SINE).tags(100).build().devices());
  }

  @Test
  void badValuesAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SimulatorConfig.builder().rate(Duration.ofMillis(5)).build());
    assertEquals("rate=PT0.005S: must be between 10ms and 1h", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SimulatorConfig.builder().port(70000).build());
    assertTrue(e.getMessage().startsWith("port=70000"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SimulatorConfig.builder().allowAnonymous(false).build());
    assertTrue(e.getMessage().contains("nobody could log in"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> SimulatorConfig.builder().path("plc").build());
    assertTrue(e.getMessage().startsWith("path=plc"), e.getMessage());
  }

  @Test
  void securityAndShapesParseTheirCliNames() {
    assertEquals(
        EndpointSecurity.BASIC256SHA256_SIGN_AND_ENCRYPT,
        EndpointSecurity.parse("basic256sha256-sign-and-encrypt"));
    assertEquals(EndpointSecurity.NONE, EndpointSecurity.parse("None"));
    assertEquals(Shape.RANDOM_WALK, Shape.parse("pressure"));
    assertEquals(Shape.RANDOM_WALK, Shape.parse("random-walk"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Shape.parse("square"));
    assertTrue(e.getMessage().contains("'square'"), e.getMessage());
  }

  @Test
  void passwordsDoNotShowInToString() {
    SimulatorConfig c = SimulatorConfig.builder().user("operator", "hunter2".toCharArray()).build();
    assertTrue(!c.toString().contains("hunter2"), c.toString());
  }

  @Test
  void aMissingUserCertificateDirectoryStopsTheStart(@TempDir Path tmp) {
    Path missing = tmp.resolve("users");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                PlcSimulator.start(
                    SimulatorConfig.builder().trustedUserCertificates(missing).build()));
    assertTrue(
        e.getMessage().startsWith("trustedUserCertificates=" + missing + ": not a directory"),
        e.getMessage());
    // X.509 users alone are someone who can log in.
    assertTrue(
        !SimulatorConfig.builder()
            .allowAnonymous(false)
            .trustedUserCertificates(tmp)
            .build()
            .allowAnonymous());
  }
}
