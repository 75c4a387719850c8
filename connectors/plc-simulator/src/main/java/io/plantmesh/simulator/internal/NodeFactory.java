package io.plantmesh.simulator.internal;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.QualifiedProperty;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.core.nodes.VariableNodeProperties;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;

/**
 * Makes the namespace's folders and variables, with NodeIds whose identifier is the browse path
 * below {@code Objects} (so a client can build a NodeId from a path without browsing).
 */
final class NodeFactory {
  /** UNECE Recommendation 20 units, the namespace Part 8 names for EUInformation. */
  private static final String UNECE_URI = "http://www.opcfoundation.org/UA/units/un/cefact";

  private static final QualifiedProperty<Range> EU_RANGE =
      new QualifiedProperty<>(
          "http://opcfoundation.org/UA/",
          "EURange",
          NodeIds.Range.expanded(),
          ValueRanks.Scalar,
          Range.class);

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
            .setAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setUserAccessLevel(writable ? AccessLevel.READ_WRITE : AccessLevel.READ_ONLY)
            .setMinimumSamplingInterval(0.0)
            .setValue(initial)
            .setTypeDefinition(NodeIds.BaseDataVariableType)
            .build();
    ns.getNodeManager().addNode(node);
    parent.addOrganizes(node);
    return node;
  }

  /** Adds the EngineeringUnits and EURange properties Part 8 gives an analog value. */
  void analog(UaNode node, String unit, double low, double high) {
    if (unit != null) {
      node.setProperty(VariableNodeProperties.EngineeringUnits, euInformation(unit));
    }
    node.setProperty(EU_RANGE, new Range(low, high));
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
