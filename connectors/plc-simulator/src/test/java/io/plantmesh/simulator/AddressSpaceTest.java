package io.plantmesh.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.simulator.junit.PlcSimulatorExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Browses the simulator with a plain Milo client and checks the address-space contract. */
class AddressSpaceTest {
  /** 25 devices, 10 per cell, 2 cells per line: Line01/Cell01..02 full, Line02/Cell01 half. */
  @RegisterExtension
  static final PlcSimulatorExtension PLC =
      new PlcSimulatorExtension(
          SimulatorConfig.builder()
              .devices(25)
              .devicesPerCell(10)
              .cellsPerLine(2)
              .rate(java.time.Duration.ofSeconds(1))
              .maxNodesPerRead(50)
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

  private static Map<String, ReferenceDescription> browse(NodeId nodeId) throws Exception {
    return client.getAddressSpace().browse(nodeId).stream()
        .collect(
            Collectors.toMap(
                r -> r.getBrowseName().name(), r -> r, (a, b) -> a, java.util.LinkedHashMap::new));
  }

  @Test
  void namespaceIsRegisteredUnderItsUri() throws Exception {
    int index =
        client.readNamespaceTable().getIndex(SimulatorConfig.DEFAULT_NAMESPACE_URI).intValue();
    assertEquals(PLC.simulator().namespaceIndex(), index);
    assertEquals(SimulatorConfig.DEFAULT_NAMESPACE_URI, PLC.simulator().namespaceUri());
  }

  @Test
  void plantHangsBelowObjectsAsFolders() throws Exception {
    ReferenceDescription plant = browse(NodeIds.ObjectsFolder).get("Plant");
    assertEquals(NodeClass.Object, plant.getNodeClass());
    assertEquals(NodeIds.FolderType, plant.getTypeDefinition().toNodeId(null).orElseThrow());
    assertEquals(
        PLC.simulator().namespaceIndex(), plant.getBrowseName().namespaceIndex().intValue());
    assertEquals(List.of("Line01", "Line02", "Static"), List.copyOf(browse(id("Plant")).keySet()));
    assertEquals(List.of("Cell01", "Cell02"), List.copyOf(browse(id("Plant/Line01")).keySet()));
    assertEquals(List.of("Cell01"), List.copyOf(browse(id("Plant/Line02")).keySet()));
    Map<String, ReferenceDescription> devices = browse(id("Plant/Line02/Cell01"));
    assertEquals(5, devices.size());
    assertEquals("Device001", devices.keySet().iterator().next());
    assertEquals(
        NodeIds.FolderType,
        devices.get("Device005").getTypeDefinition().toNodeId(null).orElseThrow());
  }

  @Test
  void deviceCarriesEightTypedTags() throws Exception {
    Map<String, ReferenceDescription> tags = browse(id("Plant/Line01/Cell02/Device010"));
    assertEquals(
        List.of(
            "Temperature", "Pressure", "Speed", "Counter", "Running", "State", "Level", "Setpoint"),
        List.copyOf(tags.keySet()));
    Map<String, NodeId> types =
        Map.of(
            "Temperature", NodeIds.Double,
            "Pressure", NodeIds.Double,
            "Speed", NodeIds.Float,
            "Counter", NodeIds.UInt32,
            "Running", NodeIds.Boolean,
            "State", NodeIds.String,
            "Level", NodeIds.Int32,
            "Setpoint", NodeIds.Double);
    for (var e : types.entrySet()) {
      String path = "Plant/Line01/Cell02/Device010/" + e.getKey();
      UaVariableNode node = client.getAddressSpace().getVariableNode(id(path));
      assertEquals(e.getValue(), node.getDataType(), path);
      // Analog values are Part 8 AnalogItemTypes; a count, a flag and a state name are not.
      boolean analog = !Set.of("Counter", "Running", "State").contains(e.getKey());
      assertEquals(
          analog ? NodeIds.AnalogItemType : NodeIds.BaseDataVariableType,
          tags.get(e.getKey()).getTypeDefinition().toNodeId(null).orElseThrow(),
          path);
      assertFalse(node.getDescription().text().isBlank(), path);
      boolean writable =
          AccessLevel.fromValue(node.getAccessLevel()).contains(AccessLevel.CurrentWrite);
      assertEquals(e.getKey().equals("Setpoint"), writable, path);
      DataValue value = node.readValue();
      assertTrue(value.statusCode().isGood(), path);
    }
  }

  @Test
  void analogTagsHaveEngineeringUnitsAndRange() throws Exception {
    Map<String, String> units =
        Map.of(
            "Temperature", "°C", "Pressure", "bar", "Speed", "rpm", "Level", "%", "Setpoint", "°C");
    for (var e : units.entrySet()) {
      String path = "Plant/Line01/Cell01/Device001/" + e.getKey();
      Object eu = decode(property(path, "EngineeringUnits"));
      assertEquals(e.getValue(), assertInstanceOf(EUInformation.class, eu).getDisplayName().text());
      Range range = assertInstanceOf(Range.class, decode(property(path, "EURange")));
      assertTrue(range.getHigh() > range.getLow(), path);
    }
  }

  @Test
  void staticSetpointsWithARangeAreAnalogItems() throws Exception {
    Map<String, ReferenceDescription> statics = browse(id("Plant/Static"));
    for (var e : Map.of("DoubleSetpoint", 1000.0, "LimitedSetpoint", 100.0).entrySet()) {
      String path = "Plant/Static/" + e.getKey();
      assertEquals(
          NodeIds.AnalogItemType,
          statics.get(e.getKey()).getTypeDefinition().toNodeId(null).orElseThrow(),
          path);
      Range range = assertInstanceOf(Range.class, decode(property(path, "EURange")));
      assertEquals(0.0, range.getLow(), path);
      assertEquals(e.getValue(), range.getHigh(), path);
    }
    for (String plain : List.of("Int32Setpoint", "BoolSetpoint", "ReadOnly")) {
      assertEquals(
          NodeIds.BaseDataVariableType,
          statics.get(plain).getTypeDefinition().toNodeId(null).orElseThrow(),
          plain);
      assertFalse(browse(id("Plant/Static/" + plain)).containsKey("EURange"), plain);
    }
  }

  /** The value of a tag's property, found by browsing as a client would. */
  private static DataValue property(String path, String name) throws Exception {
    ReferenceDescription ref = browse(id(path)).get(name);
    assertTrue(ref != null, path + " has no " + name);
    NodeId propertyId = ref.getNodeId().toNodeId(null).orElseThrow();
    return client.getAddressSpace().getVariableNode(propertyId).readValue();
  }

  private static Object decode(DataValue value) {
    Object v = value.value().value();
    return v instanceof ExtensionObject xo ? xo.decode(client.getStaticEncodingContext()) : v;
  }

  @Test
  void staticFolderHasTheAwkwardCases() throws Exception {
    assertEquals(
        List.of(
            "Int32Setpoint",
            "DoubleSetpoint",
            "BoolSetpoint",
            "StringSetpoint",
            "LimitedSetpoint",
            "ReadOnly",
            "BadSensor",
            "UncertainSensor",
            "DoubleArray",
            "Timestamp",
            "Bytes"),
        List.copyOf(browse(id("Plant/Static")).keySet()));
    DataValue bad = client.readValue(0, TimestampsToReturn.Both, id("Plant/Static/BadSensor"));
    assertEquals(StatusCodes.Bad_SensorFailure, bad.statusCode().value());
    DataValue uncertain =
        client.readValue(0, TimestampsToReturn.Both, id("Plant/Static/UncertainSensor"));
    assertEquals(StatusCodes.Uncertain_LastUsableValue, uncertain.statusCode().value());
    Object array =
        client
            .readValue(0, TimestampsToReturn.Both, id("Plant/Static/DoubleArray"))
            .value()
            .value();
    assertEquals(5, assertInstanceOf(Double[].class, array).length);
    UaVariableNode bytes = client.getAddressSpace().getVariableNode(id("Plant/Static/Bytes"));
    assertEquals(NodeIds.ByteString, bytes.getDataType());
    UaVariableNode ts = client.getAddressSpace().getVariableNode(id("Plant/Static/Timestamp"));
    assertEquals(NodeIds.DateTime, ts.getDataType());
    assertEquals(11, PLC.simulator().staticNodeIds().size());
  }

  @Test
  void tagNodeIdsListTheDynamicTagsInOrder() {
    List<String> ids = PLC.simulator().tagNodeIds();
    int ns = PLC.simulator().namespaceIndex();
    assertEquals(25 * 8, ids.size());
    assertEquals("ns=" + ns + ";s=Plant/Line01/Cell01/Device001/Temperature", ids.get(0));
    assertEquals("ns=" + ns + ";s=Plant/Line02/Cell01/Device005/Setpoint", ids.get(ids.size() - 1));
    assertEquals(PLC.simulator().tagIdentifiers(), PlcSimulator.tagIdentifiersFor(PLC.config()));
    assertEquals(
        "nsu=urn:plantmesh:plc-simulator;s=Plant/Static/Int32Setpoint",
        PlcSimulator.expandedNodeId("Plant/Static/Int32Setpoint"));
  }

  @Test
  void operationLimitsAreReportedAndEnforced() throws Exception {
    var limits = client.readOperationLimits();
    assertEquals(UInteger.valueOf(50), limits.maxNodesPerRead().orElseThrow());
    assertEquals(UInteger.valueOf(1000), limits.maxMonitoredItemsPerCall().orElseThrow());

    List<ReadValueId> tooMany = new ArrayList<>();
    for (String nodeId : PLC.simulator().tagNodeIds().subList(0, 51)) {
      tooMany.add(new ReadValueId(NodeId.parse(nodeId), AttributeId.Value.uid(), null, null));
    }
    UaException fault =
        assertThrows(UaException.class, () -> client.read(0, TimestampsToReturn.Both, tooMany));
    assertEquals(StatusCodes.Bad_TooManyOperations, fault.getStatusCode().value());
    assertEquals(
        50, client.read(0, TimestampsToReturn.Both, tooMany.subList(0, 50)).getResults().length);
  }
}
