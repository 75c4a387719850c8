package io.plantmesh.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * {@code Objects/Plant/Static}: tags that change only when written, plus the awkward cases a client
 * must handle (a range-checked setpoint, a read-only tag, values with bad and uncertain status, an
 * array, a DateTime, a ByteString).
 */
public final class StaticTags {
  public static final String FOLDER = PlantModel.ROOT + "/Static";
  public static final double LIMIT_LOW = 0.0;
  public static final double LIMIT_HIGH = 100.0;

  /**
   * DoubleSetpoint's EURange: the span a percent deadband refers to. Unlike LimitedSetpoint, writes
   * outside it are accepted (EURange is the normal operating range, not a limit).
   */
  public static final double DOUBLE_SETPOINT_LOW = 0.0;

  public static final double DOUBLE_SETPOINT_HIGH = 1000.0;

  private StaticTags() {}

  /**
   * Builds the Static folder into {@code ns}; returns the tag identifiers in address-space order.
   */
  public static List<String> build(PlcNamespace ns, UaFolderNode plant) {
    NodeFactory nodes = new NodeFactory(ns);
    UaFolderNode folder = nodes.folder(plant, FOLDER, "Static");
    List<String> ids = new ArrayList<>();
    DateTime start = DateTime.now();

    // An integer setpoint stands for a recipe or mode number: not analog, so no EURange.
    writable(ns, nodes, folder, ids, "Int32Setpoint", NodeIds.Int32, Variant.ofInt32(0), null);
    writable(
        ns,
        nodes,
        folder,
        ids,
        "DoubleSetpoint",
        NodeIds.Double,
        Variant.ofDouble(0.0),
        new Range(DOUBLE_SETPOINT_LOW, DOUBLE_SETPOINT_HIGH));
    writable(
        ns, nodes, folder, ids, "BoolSetpoint", NodeIds.Boolean, Variant.ofBoolean(false), null);
    writable(ns, nodes, folder, ids, "StringSetpoint", NodeIds.String, Variant.ofString(""), null);

    UaVariableNode limited =
        writable(
            ns,
            nodes,
            folder,
            ids,
            "LimitedSetpoint",
            NodeIds.Double,
            Variant.ofDouble(50.0),
            new Range(LIMIT_LOW, LIMIT_HIGH));
    limited.getFilterChain().addFirst(new RangeCheck());

    readOnly(ns, nodes, folder, ids, "ReadOnly", NodeIds.Int32, good(Variant.ofInt32(42), start));
    readOnly(
        ns,
        nodes,
        folder,
        ids,
        "BadSensor",
        NodeIds.Double,
        new DataValue(
            Variant.ofDouble(0.0), new StatusCode(StatusCodes.Bad_SensorFailure), start, start));
    readOnly(
        ns,
        nodes,
        folder,
        ids,
        "UncertainSensor",
        NodeIds.Double,
        new DataValue(
            Variant.ofDouble(21.5),
            new StatusCode(StatusCodes.Uncertain_LastUsableValue),
            start,
            start));

    String arrayPath = FOLDER + "/DoubleArray";
    UaVariableNode array =
        new UaVariableNode.UaVariableNodeBuilder(ns.getNodeContext())
            .setNodeId(ns.nodeId(arrayPath))
            .setBrowseName(ns.browseName("DoubleArray"))
            .setDisplayName(
                org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText.english(
                    "DoubleArray"))
            .setDescription(
                org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText.english(
                    "An array of 5 doubles, writable"))
            .setDataType(NodeIds.Double)
            .setValueRank(ValueRanks.OneDimension)
            .setArrayDimensions(new UInteger[] {UInteger.valueOf(5)})
            .setAccessLevel(org.eclipse.milo.opcua.sdk.core.AccessLevel.READ_WRITE)
            .setUserAccessLevel(org.eclipse.milo.opcua.sdk.core.AccessLevel.READ_WRITE)
            .setMinimumSamplingInterval(0.0)
            .setValue(good(new Variant(new Double[] {0.0, 1.0, 2.0, 3.0, 4.0}), start))
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .build();
    ns.getNodeManager().addNode(array);
    folder.addOrganizes(array);
    ns.registerWritable(array);
    ids.add(arrayPath);

    readOnly(
        ns, nodes, folder, ids, "Timestamp", NodeIds.DateTime, good(new Variant(start), start));
    readOnly(
        ns,
        nodes,
        folder,
        ids,
        "Bytes",
        NodeIds.ByteString,
        good(new Variant(ByteString.of(new byte[] {1, 2, 3, (byte) 0xCA, (byte) 0xFE})), start));
    return List.copyOf(ids);
  }

  private static DataValue good(Variant v, DateTime time) {
    return new DataValue(v, StatusCode.GOOD, time, time);
  }

  /** A writable tag; an AnalogItemType with {@code euRange} when that is not null. */
  private static UaVariableNode writable(
      PlcNamespace ns,
      NodeFactory nodes,
      UaFolderNode folder,
      List<String> ids,
      String name,
      NodeId type,
      Variant initial,
      Range euRange) {
    String path = FOLDER + "/" + name;
    DataValue value = good(initial, DateTime.now());
    String description = name + ", holds what a client writes";
    UaVariableNode node =
        euRange == null
            ? nodes.variable(folder, path, name, type, true, description, value)
            : nodes.analog(folder, path, name, type, true, description, value, null, euRange);
    ns.registerWritable(node);
    ids.add(path);
    return node;
  }

  private static void readOnly(
      PlcNamespace ns,
      NodeFactory nodes,
      UaFolderNode folder,
      List<String> ids,
      String name,
      NodeId type,
      DataValue value) {
    String path = FOLDER + "/" + name;
    ns.register(nodes.variable(folder, path, name, type, false, name + ", read-only", value));
    ids.add(path);
  }

  /** Refuses a write outside [0, 100] the way a PLC's range check would: Bad_OutOfRange. */
  private static final class RangeCheck implements AttributeFilter {
    @Override
    public void writeAttribute(AttributeFilterContext ctx, AttributeId attributeId, Object value)
        throws UaException {
      if (attributeId == AttributeId.Value
          && value instanceof DataValue dv
          && dv.value().value() instanceof Number n) {
        double d = n.doubleValue();
        if (!(d >= LIMIT_LOW && d <= LIMIT_HIGH)) {
          throw new UaException(
              StatusCodes.Bad_OutOfRange, "LimitedSetpoint accepts 0 to 100, got " + d);
        }
      }
      AttributeFilter.super.writeAttribute(ctx, attributeId, value);
    }
  }
}
