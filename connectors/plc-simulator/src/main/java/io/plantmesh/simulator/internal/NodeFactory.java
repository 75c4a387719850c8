package io.plantmesh.simulator.internal;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemTypeNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * Makes the namespace's folders and variables, with NodeIds whose identifier is the browse path
 * below {@code Objects} (so a client can build a NodeId from a path without browsing).
 */
final class NodeFactory {
  /** UNECE Recommendation 20 units, the namespace Part 8 names for EUInformation. */
  private static final String UNECE_URI = "http://www.opcfoundation.org/UA/units/un/cefact";

  private static final Map<String, String> UNECE_CODES =
      Map.of("°C", "CEL", "bar", "BAR", "rpm", "RPM", "%", "P1");

  private final PlcNamespace ns;
  private final Map<String, EUInformation> units = new HashMap<>();

  NodeFactory(PlcNamespace ns) {
    this.ns = ns;
  }

  UaFolderNode folder(UaFolderNode parent, String path, String name) {
    UaFolderNode folder =
        new UaFolderNode(
            ns.getNodeContext(), ns.nodeId(path), ns.browseName(name), LocalizedText.english(name));
    ns.getNodeManager().addNode(folder);
    if (parent != null) {
      parent.addOrganizes(folder);
    }
    return folder;
  }

  /** A folder organized by the standard {@code Objects} folder. */
  UaFolderNode rootFolder(String name) {
    UaFolderNode folder = folder(null, name, name);
    folder.addReference(
        new Reference(
            folder.getNodeId(), NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));
    return folder;
  }

  UaVariableNode variable(
      UaFolderNode parent,
      String path,
      String name,
      NodeId dataType,
      boolean writable,
      String description,
      DataValue initial) {
    UaVariableNode node =
        new UaVariableNode.UaVariableNodeBuilder(ns.getNodeContext())
            .setNodeId(ns.nodeId(path))
            .setBrowseName(ns.browseName(name))
            .setDisplayName(LocalizedText.english(name))
            .setDescription(LocalizedText.english(description))
            .setDataType(dataType)
            .setValueRank(ValueRanks.Scalar)
            .setAccessLevel(accessLevel(writable))
            .setUserAccessLevel(accessLevel(writable))
            .setMinimumSamplingInterval(0.0)
            .setValue(initial)
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .build();
    ns.getNodeManager().addNode(node);
    parent.addOrganizes(node);
    return node;
  }

  /**
   * A Part 8 {@code AnalogItemType} variable with its EURange (and EngineeringUnits when {@code
   * unit} is not null). Milo's server applies a percent deadband only to AnalogItemType nodes,
   * using the EURange to turn the percentage into an absolute band.
   */
  AnalogItemTypeNode analog(
      UaFolderNode parent,
      String path,
      String name,
      NodeId dataType,
      boolean writable,
      String description,
      DataValue initial,
      String unit,
      Range euRange) {
    NodeId nodeId = ns.nodeId(path);
    AnalogItemTypeNode node =
        new AnalogItemTypeNode(
            ns.getNodeContext(),
            nodeId,
            ns.browseName(name),
            LocalizedText.english(name),
            LocalizedText.english(description),
            UInteger.MIN,
            UInteger.MIN,
            null,
            null,
            null,
            initial,
            dataType,
            ValueRanks.Scalar,
            null,
            accessLevel(writable),
            accessLevel(writable),
            0.0,
            false,
            null);
    ns.getNodeManager().addNode(node);
    node.addReference(
        new Reference(nodeId, NodeIds.HasTypeDefinition, NodeIds.AnalogItemType.expanded(), true));
    node.setEuRange(euRange);
    if (unit != null) {
      node.setEngineeringUnits(euInformation(unit));
    }
    parent.addOrganizes(node);
    return node;
  }

  private static UByte accessLevel(boolean writable) {
    return AccessLevel.toValue(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY);
  }

  private EUInformation euInformation(String unit) {
    return units.computeIfAbsent(
        unit,
        u -> {
          String code = UNECE_CODES.getOrDefault(u, "");
          int id = 0;
          for (char c : code.toCharArray()) {
            id = (id << 8) | c;
          }
          return new EUInformation(
              UNECE_URI,
              code.isEmpty() ? -1 : id,
              LocalizedText.english(u),
              LocalizedText.english(u));
        });
  }
}
