package io.plantmesh.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;

/** A client Subscription that records every value each MonitoredItem delivers. */
final class Subscriptions {
  final OpcUaSubscription subscription;
  final Map<NodeId, List<DataValue>> received = new LinkedHashMap<>();

  private Subscriptions(OpcUaSubscription subscription) {
    this.subscription = subscription;
  }

  static Subscriptions create(
      OpcUaClient client, double publishingMs, double samplingMs, List<NodeId> nodeIds)
      throws Exception {
    OpcUaSubscription subscription = new OpcUaSubscription(client, publishingMs);
    subscription.create();
    Subscriptions s = new Subscriptions(subscription);
    List<OpcUaMonitoredItem> items = new ArrayList<>();
    for (NodeId nodeId : nodeIds) {
      List<DataValue> values = Collections.synchronizedList(new ArrayList<>());
      s.received.put(nodeId, values);
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(nodeId);
      item.setSamplingInterval(samplingMs);
      item.setQueueSize(UInteger.valueOf(100));
      item.setDataValueListener((i, v) -> values.add(v));
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    subscription.synchronizeMonitoredItems();
    return s;
  }

  List<DataValue> values(NodeId nodeId) {
    List<DataValue> values = received.get(nodeId);
    synchronized (values) {
      return List.copyOf(values);
    }
  }

  int count(NodeId nodeId) {
    return received.get(nodeId).size();
  }
}
