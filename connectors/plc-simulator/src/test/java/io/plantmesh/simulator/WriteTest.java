package io.plantmesh.simulator;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Writes through a real client: accepted values stick, refused ones get the PLC's status. */
class WriteTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .tags(16)
              .rate(Duration.ofMillis(100))
              .securityPolicies(EndpointSecurity.NONE)
              .build());

  private static OpcUaClient client;

  @BeforeAll
  static void connect() throws Exception {
    client = TestClients.anonymous(PLC.simulator());
  }

  @AfterAll
  static void disconnect() throws Exception {
    client.disconnect();
  }

  private static NodeId id(String path) {
    return TestClients.nodeId(PLC.simulator(), path);
  }

  private static StatusCode write(String path, Variant value) throws Exception {
    return client.writeValues(List.of(id(path)), List.of(DataValue.valueOnly(value))).get(0);
  }

  private static Object read(String path) throws Exception {
    return client.readValue(0, TimestampsToReturn.Both, id(path)).value().value();
  }

  private static SimulatorWrite lastWriteTo(String path) {
    String nodeId = PLC.simulator().nodeId(path);
    List<SimulatorWrite> writes = PLC.simulator().writes();
    for (int i = writes.size() - 1; i >= 0; i--) {
      if (writes.get(i).nodeId().equals(nodeId)) {
        return writes.get(i);
      }
    }
    throw new AssertionError("no write recorded to " + nodeId + " in " + writes);
  }

  @Test
  void setpointHoldsTheWrittenValueAndTheWriteIsRecorded() throws Exception {
    assertTrue(write("Plant/Static/Int32Setpoint", Variant.ofInt32(42)).isGood());
    assertEquals(42, read("Plant/Static/Int32Setpoint"));
    SimulatorWrite w = lastWriteTo("Plant/Static/Int32Setpoint");
    assertEquals(42, w.value());
    assertTrue(w.accepted());
    assertEquals("Good", w.statusName());

    assertTrue(write("Plant/Static/StringSetpoint", Variant.ofString("hello")).isGood());
    assertEquals("hello", read("Plant/Static/StringSetpoint"));
    assertTrue(write("Plant/Static/BoolSetpoint", Variant.ofBoolean(true)).isGood());
    assertEquals(true, read("Plant/Static/BoolSetpoint"));
    assertTrue(
        write("Plant/Static/DoubleArray", new Variant(new Double[] {9.0, 8.0, 7.0, 6.0, 5.0}))
            .isGood());
    assertArrayEquals(
        new Double[] {9.0, 8.0, 7.0, 6.0, 5.0}, (Double[]) read("Plant/Static/DoubleArray"));
  }

  @Test
  void deviceSetpointHoldsAcrossTicks() throws Exception {
    String path = "Plant/Line01/Cell01/Device002/Setpoint";
    assertTrue(write(path, Variant.ofDouble(73.5)).isGood());
    long ticks = PLC.simulator().ticks();
    await().atMost(Duration.ofSeconds(5)).until(() -> PLC.simulator().ticks() >= ticks + 3);
    assertEquals(73.5, read(path));
  }

  @Test
  void limitedSetpointRefusesOutOfRange() throws Exception {
    assertTrue(write("Plant/Static/LimitedSetpoint", Variant.ofDouble(12.5)).isGood());
    StatusCode refused = write("Plant/Static/LimitedSetpoint", Variant.ofDouble(150.0));
    assertEquals(StatusCodes.Bad_OutOfRange, refused.value());
    assertEquals(12.5, read("Plant/Static/LimitedSetpoint"));
    SimulatorWrite w = lastWriteTo("Plant/Static/LimitedSetpoint");
    assertEquals(150.0, w.value());
    assertFalse(w.accepted());
    assertEquals("Bad_OutOfRange", w.statusName());
  }

  @Test
  void readOnlyTagsRefuseWrites() throws Exception {
    assertEquals(
        StatusCodes.Bad_NotWritable, write("Plant/Static/ReadOnly", Variant.ofInt32(1)).value());
    assertEquals(42, read("Plant/Static/ReadOnly"));
    assertEquals(
        StatusCodes.Bad_NotWritable,
        write("Plant/Line01/Cell01/Device001/Temperature", Variant.ofDouble(1.0)).value());
    assertEquals(StatusCodes.Bad_NotWritable, lastWriteTo("Plant/Static/ReadOnly").statusCode());
  }

  @Test
  void wrongTypeIsRefused() throws Exception {
    StatusCode refused = write("Plant/Static/DoubleSetpoint", Variant.ofString("warm"));
    assertEquals(StatusCodes.Bad_TypeMismatch, refused.value());
  }

  @Test
  void subscribersSeeWrittenValues() throws Exception {
    NodeId setpoint = id("Plant/Static/DoubleSetpoint");
    Subscriptions subs = Subscriptions.create(client, 50, 0, List.of(setpoint));
    await().atMost(Duration.ofSeconds(5)).until(() -> subs.count(setpoint) >= 1);
    assertTrue(write("Plant/Static/DoubleSetpoint", Variant.ofDouble(3.25)).isGood());
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                subs.values(setpoint).stream()
                    .anyMatch(v -> Double.valueOf(3.25).equals(v.value().value())));
    subs.subscription.delete();
  }
}
