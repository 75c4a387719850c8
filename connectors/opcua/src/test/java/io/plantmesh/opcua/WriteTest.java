package io.plantmesh.opcua;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import io.plantmesh.simulator.PlcSimulator;
import io.plantmesh.simulator.SimulatorConfig;
import io.plantmesh.simulator.SimulatorWrite;
import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WriteTest {
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(SimulatorConfig.builder().devices(1).build());

  private static OpcUaSource source;

  @BeforeAll
  static void start() {
    OpcUaSourceConfig.Builder b =
        OpcUaSourceConfig.builder("w1", PLC.simulator().endpointUrl())
            .noSecurity()
            .pathPrefix("plant");
    b.browse(BrowseConfig.of(PlcSimulator.expandedNodeId("Plant/Static")));
    source = new OpcUaSource(b.build(), "edge-a");
    source.start(batch -> {});
    await().atMost(Duration.ofSeconds(20)).until(() -> source.connectionInfo().isPresent());
  }

  @AfterAll
  static void stop() {
    source.stop();
  }

  private static WriteResult write(String tag, Value v) throws Exception {
    return source.write(TagPath.of("plant/" + tag), v).toCompletableFuture().get();
  }

  private static WriteRefusedException refused(String tag, Value v) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> write(tag, v));
    return assertInstanceOf(WriteRefusedException.class, e.getCause());
  }

  private static SimulatorWrite lastWrite(String identifier) {
    List<SimulatorWrite> writes = PLC.simulator().writes();
    String node = PLC.simulator().nodeId(identifier);
    for (int i = writes.size() - 1; i >= 0; i--) {
      if (writes.get(i).nodeId().equals(node)) {
        return writes.get(i);
      }
    }
    throw new AssertionError("no write to " + node + " in " + writes);
  }

  @Test
  void aGoodWriteIsConvertedToTheNodesTypeAndLands() throws Exception {
    WriteResult r = write("Int32Setpoint", Value.Int.int64(42));
    assertTrue(r.succeeded(), r::toString);
    assertEquals(Value.Int.int32(42), r.writtenValue());
    SimulatorWrite w = lastWrite("Plant/Static/Int32Setpoint");
    assertEquals(42, w.value());
    assertTrue(w.accepted());

    assertTrue(write("StringSetpoint", new Value.Text("hello")).succeeded());
    assertEquals("hello", lastWrite("Plant/Static/StringSetpoint").value());
    assertTrue(write("BoolSetpoint", new Value.Text("true")).succeeded());
    assertEquals(true, lastWrite("Plant/Static/BoolSetpoint").value());
  }

  @Test
  void anArrayIsConvertedElementWise() throws Exception {
    Value ints =
        new Value.Array(
            Value.Type.INT64,
            List.of(
                Value.Int.int64(1),
                Value.Int.int64(2),
                Value.Int.int64(3),
                Value.Int.int64(4),
                Value.Int.int64(5)));
    WriteResult r = write("DoubleArray", ints);
    assertTrue(r.succeeded(), r::toString);
    assertArrayEquals(
        new Double[] {1.0, 2.0, 3.0, 4.0, 5.0},
        (Double[]) lastWrite("Plant/Static/DoubleArray").value());
    assertEquals(
        WriteRefusedException.Reason.TYPE_MISMATCH,
        refused("DoubleArray", new Value.Float64(1)).reason());
  }

  @Test
  void aValueOfTheWrongTypeIsRefusedWithAClearMessage() {
    WriteRefusedException e = refused("DoubleSetpoint", new Value.Text("abc"));
    assertEquals(WriteRefusedException.Reason.TYPE_MISMATCH, e.reason());
    assertTrue(
        e.getMessage()
            .startsWith("plant/DoubleSetpoint: cannot convert STRING value 'abc' to DOUBLE"),
        e.getMessage());
    WriteRefusedException frac = refused("Int32Setpoint", new Value.Float64(3.5));
    assertTrue(frac.getMessage().contains("fractional"), frac.getMessage());
  }

  @Test
  void aWriteTheServerRefusesReturnsItsStatus() throws Exception {
    WriteResult limited = write("LimitedSetpoint", new Value.Float64(1000));
    assertEquals("Bad_OutOfRange", limited.status().symbolicName());
    int before = PLC.simulator().writes().size();
    WriteRefusedException ro = refused("ReadOnly", Value.Int.int32(1));
    assertEquals(WriteRefusedException.Reason.NOT_WRITABLE, ro.reason());
    assertTrue(
        ro.getMessage()
            .startsWith("plant/ReadOnly: the server does not let this client write it (UserAccess"),
        ro.getMessage());
    assertEquals(before, PLC.simulator().writes().size(), "the write was never sent");
    assertEquals(false, metadata("plant/ReadOnly").writable());
    assertEquals(true, metadata("plant/Int32Setpoint").writable());
    assertEquals("Int32", metadata("plant/Int32Setpoint").dataType());
  }

  private static io.plantmesh.core.TagMetadata metadata(String path) {
    return source.tags().stream()
        .filter(t -> t.path().toString().equals(path))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void unknownTagsAndStoppedSourcesAreRefused() {
    assertEquals(
        WriteRefusedException.Reason.UNKNOWN_TAG,
        refused("NoSuchTag", Value.Int.int32(1)).reason());
    OpcUaSource notStarted =
        new OpcUaSource(
            OpcUaSourceConfig.builder("w2", PLC.simulator().endpointUrl())
                .noSecurity()
                .tag(TagConfig.node("ns=2;s=x", "a/b"))
                .build(),
            "edge-a");
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () ->
                notStarted
                    .write(TagPath.of("a/b"), Value.Int.int32(1))
                    .toCompletableFuture()
                    .get());
    assertEquals(
        WriteRefusedException.Reason.NOT_CONNECTED,
        ((WriteRefusedException) e.getCause()).reason());
  }
}
