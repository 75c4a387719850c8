package io.plantmesh.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * The simulator's namespace. Values of its variables reach MonitoredItems by notification from
 * whoever changes them (see {@link ValueSlot}); everything else (properties, other attributes,
 * index ranges) is sampled by Milo's {@link SubscriptionModel}.
 */
public final class PlcNamespace extends ManagedNamespaceWithLifecycle {
  private final SubscriptionModel sampled;
  private final Map<NodeId, ValueSlot> slots = new ConcurrentHashMap<>();

  public PlcNamespace(OpcUaServer server, String namespaceUri) {
    super(server, namespaceUri);
    sampled = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(sampled);
  }

  public NodeId nodeId(String identifier) {
    return newNodeId(identifier);
  }

  public QualifiedName browseName(String name) {
    return newQualifiedName(name);
  }

  /** Makes {@code node}'s Value notify MonitoredItems when changed through {@link #slot}. */
  ValueSlot register(UaVariableNode node) {
    ValueSlot slot = new ValueSlot(node);
    slots.put(node.getNodeId(), slot);
    return slot;
  }

  /**
   * Like {@link #register} for a variable that changes only by writes: the node tells its slot of
   * every change made through the node.
   */
  void registerWritable(UaVariableNode node) {
    ValueSlot slot = register(node);
    node.addAttributeObserver(
        (n, attributeId, value) -> {
          if (attributeId == AttributeId.Value) {
            slot.publish((DataValue) value);
          }
        });
  }

  private ValueSlot slotOf(MonitoredItem item) {
    ReadValueId id = item.getReadValueId();
    String indexRange = id.getIndexRange();
    if (!AttributeId.Value.isEqual(id.getAttributeId())
        || (indexRange != null && !indexRange.isEmpty())) {
      return null;
    }
    return slots.get(id.getNodeId());
  }

  @Override
  public void onDataItemsCreated(List<DataItem> items) {
    List<DataItem> others = new ArrayList<>();
    for (DataItem item : items) {
      ValueSlot slot = slotOf(item);
      if (slot != null) {
        slot.add(item);
      } else {
        others.add(item);
      }
    }
    if (!others.isEmpty()) {
      sampled.onDataItemsCreated(others);
    }
  }

  @Override
  public void onDataItemsModified(List<DataItem> items) {
    List<DataItem> others = new ArrayList<>();
    for (DataItem item : items) {
      if (slotOf(item) == null) {
        others.add(item);
      }
    }
    if (!others.isEmpty()) {
      sampled.onDataItemsModified(others);
    }
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> items) {
    List<DataItem> others = new ArrayList<>();
    for (DataItem item : items) {
      ValueSlot slot = slotOf(item);
      if (slot != null) {
        slot.remove(item);
      } else {
        others.add(item);
      }
    }
    if (!others.isEmpty()) {
      sampled.onDataItemsDeleted(others);
    }
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> items) {
    List<MonitoredItem> others = new ArrayList<>();
    for (MonitoredItem item : items) {
      ValueSlot slot = slotOf(item);
      if (slot != null && item instanceof DataItem dataItem) {
        slot.resend(dataItem);
      } else {
        others.add(item);
      }
    }
    if (!others.isEmpty()) {
      sampled.onMonitoringModeChanged(others);
    }
  }
}
