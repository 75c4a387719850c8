package io.plantmesh.opcua.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathTarget;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePath;
import org.eclipse.milo.opcua.stack.core.types.structured.RelativePathElement;

/**
 * Reads what the server says about each tag: DataType (and its name), ValueRank, AccessLevel,
 * Description, and the EngineeringUnits property. Everything is read in batches at connect, so
 * writes and {@code tags()} need no further round trip; only the extracted fields are kept, with
 * equal values shared between tags.
 */
final class MetadataReader {
  private static final int CURRENT_WRITE = 0x02;
  private static final AttributeId[] ATTRIBUTES = {
    AttributeId.DataType,
    AttributeId.ValueRank,
    AttributeId.AccessLevel,
    AttributeId.UserAccessLevel,
    AttributeId.Description
  };

  private MetadataReader() {}

  static void read(Services services, List<TagBinding> bindings, EncodingContextHolder ctx)
      throws UaException {
    List<TagBinding> resolved = bindings.stream().filter(TagBinding::resolved).toList();
    if (resolved.isEmpty()) {
      return;
    }
    List<org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId> reads =
        new ArrayList<>(resolved.size() * ATTRIBUTES.length);
    for (TagBinding b : resolved) {
      for (AttributeId a : ATTRIBUTES) {
        reads.add(Services.readId(b.nodeId, a));
      }
    }
    List<DataValue> values = services.read(reads, TimestampsToReturn.Neither);
    // Tags share a handful of DataTypes, descriptions and units: keep one instance of each.
    Canonical canonical = new Canonical();
    Map<NodeId, DataTypeRef> types = new LinkedHashMap<>();
    List<NodeId> typeIds = new ArrayList<>(resolved.size());
    for (int i = 0; i < resolved.size(); i++) {
      TagBinding b = resolved.get(i);
      int o = i * ATTRIBUTES.length;
      NodeId type = null;
      if (values.get(o).value().value() instanceof NodeId t) {
        type = t;
        types.putIfAbsent(t, null);
      }
      typeIds.add(type);
      if (values.get(o + 1).value().value() instanceof Integer rank) {
        b.valueRank = rank;
      }
      Object user = values.get(o + 3).value().value();
      Object access = user instanceof UByte ? user : values.get(o + 2).value().value();
      if (access instanceof UByte level) {
        b.writable = (level.intValue() & CURRENT_WRITE) != 0;
        b.accessLevel = (short) (level.intValue() | (access == user ? TagBinding.USER_ACCESS : 0));
      }
      if (values.get(o + 4).value().value() instanceof LocalizedText text
          && text.text() != null
          && !text.text().isEmpty()) {
        b.description = canonical.text(text.text());
      }
    }
    readTypeNames(services, types);
    for (int i = 0; i < resolved.size(); i++) {
      NodeId type = typeIds.get(i);
      if (type != null) {
        resolved.get(i).dataType = types.get(type);
      }
    }
    readEngineeringUnits(services, resolved, ctx, canonical);
  }

  /** One {@link DataTypeRef} per distinct DataType, named by its BrowseName. */
  private static void readTypeNames(Services services, Map<NodeId, DataTypeRef> types)
      throws UaException {
    List<NodeId> ids = new ArrayList<>(types.keySet());
    List<DataValue> names =
        services.read(
            ids.stream().map(id -> Services.readId(id, AttributeId.BrowseName)).toList(),
            TimestampsToReturn.Neither);
    for (int i = 0; i < ids.size(); i++) {
      NodeId id = ids.get(i);
      Object v = names.get(i).value().value();
      types.put(
          id,
          new DataTypeRef(id, v instanceof QualifiedName qn ? qn.name() : id.toParseableString()));
    }
  }

  /** EngineeringUnits (EUInformation) is a property of analog items. */
  private static void readEngineeringUnits(
      Services services, List<TagBinding> bindings, EncodingContextHolder ctx, Canonical canonical)
      throws UaException {
    List<BrowsePath> paths = new ArrayList<>(bindings.size());
    for (TagBinding b : bindings) {
      paths.add(property(b.nodeId, "EngineeringUnits"));
    }
    List<BrowsePathResult> found = services.translate(paths);
    List<TagBinding> euOwners = new ArrayList<>();
    List<NodeId> euNodes = new ArrayList<>();
    for (int i = 0; i < bindings.size(); i++) {
      NodeId eu = target(found.get(i), services);
      if (eu != null) {
        euOwners.add(bindings.get(i));
        euNodes.add(eu);
      }
    }
    if (euNodes.isEmpty()) {
      return;
    }
    List<DataValue> eus =
        services.read(
            euNodes.stream().map(id -> Services.readId(id, AttributeId.Value)).toList(),
            TimestampsToReturn.Neither);
    for (int i = 0; i < euNodes.size(); i++) {
      Object v = eus.get(i).value().value();
      if (v instanceof ExtensionObject xo) {
        try {
          v = xo.decode(ctx.get());
        } catch (RuntimeException e) {
          v = null;
        }
      }
      // Only the display name is kept: the EUInformation (and its ExtensionObject) goes.
      if (v instanceof EUInformation info && info.getDisplayName() != null) {
        euOwners.get(i).engineeringUnits = canonical.text(info.getDisplayName().text());
      }
    }
  }

  private static BrowsePath property(NodeId node, String name) {
    return new BrowsePath(
        node,
        new RelativePath(
            new RelativePathElement[] {
              new RelativePathElement(NodeIds.HasProperty, false, true, new QualifiedName(0, name))
            }));
  }

  private static NodeId target(BrowsePathResult r, Services services) {
    BrowsePathTarget[] t = r.getTargets();
    if (!r.getStatusCode().isGood() || t == null || t.length == 0) {
      return null;
    }
    return t[0].getTargetId().toNodeId(services.client().getNamespaceTable()).orElse(null);
  }
}
