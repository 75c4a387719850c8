package io.plantmesh.bench;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * The raw baseline: a bare Milo client, no plantmesh code, that browses the simulator's {@code
 * Plant} folder for variables, subscribes to them with the same settings the node uses, and counts
 * notifications. Run as its own JVM by {@link IngestBenchmark}; prints {@code READY <items>} once
 * subscribed, then {@code COUNT <epochMillis> <total>} every 500 ms.
 *
 * <p>Arguments: endpointUrl rootNodeId maxTags samplingMillis publishingMillis queueSize
 */
public final class BareMiloClient {
  private BareMiloClient() {}

  public static void main(String[] args) throws Exception {
    String endpoint = args[0];
    String root = args[1];
    int maxTags = Integer.parseInt(args[2]);
    double sampling = Double.parseDouble(args[3]);
    double publishing = Double.parseDouble(args[4]);
    int queueSize = Integer.parseInt(args[5]);

    OpcUaClient client = OpcUaClient.create(endpoint);
    client.connect();
    NodeId rootId = NodeId.parse(root.replace("nsu=urn:plantmesh:plc-simulator", nsIndex(client)));
    List<NodeId> variables = browseVariables(client, rootId, maxTags);

    LongAdder count = new LongAdder();
    OpcUaSubscription subscription = new OpcUaSubscription(client, publishing);
    subscription.setSubscriptionListener(
        new OpcUaSubscription.SubscriptionListener() {
          @Override
          public void onDataReceived(
              OpcUaSubscription s, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            count.add(values.size());
          }
        });
    subscription.create();
    List<OpcUaMonitoredItem> items = new ArrayList<>(variables.size());
    for (NodeId id : variables) {
      OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
      item.setSamplingInterval(sampling);
      item.setQueueSize(uint(queueSize));
      items.add(item);
    }
    subscription.addMonitoredItems(items);
    subscription.synchronizeMonitoredItems();
    System.out.println("READY " + items.size());
    System.out.flush();
    while (true) {
      System.out.println("COUNT " + System.currentTimeMillis() + " " + count.sum());
      System.out.flush();
      Thread.sleep(500); // a reporting interval in a load generator, not test synchronisation
    }
  }

  private static String nsIndex(OpcUaClient client) {
    return "ns=" + client.getNamespaceTable().getIndex("urn:plantmesh:plc-simulator");
  }

  /** Depth-first browse for variables below {@code root}, skipping the Static folder. */
  static List<NodeId> browseVariables(OpcUaClient client, NodeId root, int max) throws Exception {
    List<NodeId> out = new ArrayList<>();
    Deque<NodeId> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty() && out.size() < max) {
      NodeId n = todo.pop();
      List<ReferenceDescription> refs = client.getAddressSpace().browse(n);
      for (int i = refs.size() - 1; i >= 0; i--) {
        ReferenceDescription r = refs.get(i);
        if (r.getBrowseName().getName().equals("Static")) {
          continue;
        }
        NodeId child = r.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
        if (r.getNodeClass() == NodeClass.Variable) {
          if (out.size() < max) {
            out.add(child);
          }
        } else if (r.getNodeClass() == NodeClass.Object) {
          todo.push(child);
        }
      }
    }
    return out;
  }
}
