package io.plantmesh.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantmesh.opcua.CollectionSettings;
import io.plantmesh.opcua.Deadband;
import io.plantmesh.opcua.DeadbandType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Subscriptions of one Session: one per distinct publishing interval, each with a MonitoredItem
 * per tag. Items are created in calls of at most the server's MaxMonitoredItemsPerCall; an item the
 * server refuses (unknown node, unsupported filter) becomes a BAD reading for its tag alone.
 */
final class SubscriptionSet {
  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionSet.class);

  /**
   * Notifications a server may put in one PublishResponse (Milo's default is 65,535). When 100,000
   * tags change in one publishing cycle, smaller responses arrive one after another instead of as
   * one decoded burst of tens of megabytes, so the node's heap holds only a slice of the cycle at a
   * time; the next Publish is sent as soon as a response is delivered, so the rate does not drop.
   */
  static final int MAX_NOTIFICATIONS_PER_PUBLISH = 5_000;

  /** Called when a Subscription no longer exists on the server and must be recreated. */
  interface Lost {
    void subscriptionLost(String why);
  }

  private final OpcUaClient client;
  private final Dispatcher dispatcher;
  private final String sourceId;
  private final Lost lost;
  private final int epoch;
  private final List<OpcUaSubscription> subscriptions = new ArrayList<>();

  SubscriptionSet(
      OpcUaClient client, Dispatcher dispatcher, String sourceId, Lost lost, int epoch) {
    this.client = client;
    this.epoch = epoch;
    this.dispatcher = dispatcher;
    this.sourceId = sourceId;
    this.lost = lost;
  }

  /** A tag the server refused, with its status. */
  record Refused(TagBinding binding, StatusCode status) {}

  /**
   * Creates the Subscriptions and their MonitoredItems.
   *
   * @return the tags whose items were refused
   * @throws UaException when a Subscription itself cannot be created (a Session problem)
   */
  List<Refused> create(List<TagBinding> bindings, int maxItemsPerCall) throws UaException {
    Map<Duration, List<TagBinding>> byInterval = new TreeMap<>();
    for (TagBinding b : bindings) {
      byInterval.computeIfAbsent(b.collection.publishingInterval(), k -> new ArrayList<>()).add(b);
    }
    List<Refused> refused = new ArrayList<>();
    for (Map.Entry<Duration, List<TagBinding>> e : byInterval.entrySet()) {
      OpcUaSubscription s = new OpcUaSubscription(client, Durations.millis(e.getKey()));
      s.setMaxMonitoredItemsPerCall(uint(maxItemsPerCall));
      s.setMaxNotificationsPerPublish(uint(MAX_NOTIFICATIONS_PER_PUBLISH));
      s.setSubscriptionListener(new Listener());
      s.create();
      subscriptions.add(s);
      List<OpcUaMonitoredItem> items = new ArrayList<>(e.getValue().size());
      for (TagBinding b : e.getValue()) {
        items.add(item(b));
      }
      s.addMonitoredItems(items);
      for (MonitoredItemServiceOperationResult r : s.createMonitoredItems()) {
        StatusCode status =
            r.serviceResult().isGood()
                ? r.operationResult().orElse(StatusCode.GOOD)
                : r.serviceResult();
        if (!status.isGood() && !status.isUncertain()) {
          BoundItem item = (BoundItem) r.monitoredItem();
          refused.add(new Refused(item.binding, status));
          s.removeMonitoredItem(item);
        }
      }
      LOG.debug(
          "Source {}: Subscription {} ({} ms) has {} MonitoredItems",
          sourceId,
          s.getSubscriptionId().orElse(null),
          e.getKey().toMillis(),
          s.getMonitoredItems().size());
    }
    return refused;
  }

  private static BoundItem item(TagBinding b) {
    CollectionSettings c = b.collection;
    BoundItem item = new BoundItem(b, Services.readId(b.nodeId, AttributeId.Value));
    item.setSamplingInterval(Durations.millis(c.samplingInterval()));
    item.setQueueSize(uint(c.queueSize()));
    item.setDiscardOldest(c.discardOldest());
    Deadband d = c.deadband();
    if (d.type() != DeadbandType.NONE) {
      // 1 = Absolute, 2 = Percent (OPC UA Part 4, DeadbandType).
      int type = d.type() == DeadbandType.ABSOLUTE ? 1 : 2;
      item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValue, uint(type), d.value()));
    }
    return item;
  }

  /** Whether every Subscription still exists on the server (none was reset by Milo). */
  boolean intact() {
    for (OpcUaSubscription s : subscriptions) {
      if (s.getSyncState() == OpcUaSubscription.SyncState.INITIAL) {
        return false;
      }
    }
    return true;
  }

  int size() {
    return subscriptions.size();
  }

  /**
   * Asks the server to send the current value of every MonitoredItem again (the Server object's
   * ResendData method, Part 5), after the source reported the tags BAD while the Session was lost:
   * a kept Subscription otherwise only reports changes, and a tag that does not change would stay
   * BAD. The values come through the publish stream, in order with the changes.
   *
   * @return false when the server refused it for any Subscription (the caller then recreates them)
   */
  boolean resendData() {
    List<CallMethodRequest> calls = new ArrayList<>(subscriptions.size());
    for (OpcUaSubscription s : subscriptions) {
      UInteger id = s.getSubscriptionId().orElse(null);
      if (id == null) {
        return false;
      }
      calls.add(
          new CallMethodRequest(
              NodeIds.Server, NodeIds.Server_ResendData, new Variant[] {new Variant(id)}));
    }
    if (calls.isEmpty()) {
      return true;
    }
    try {
      CallMethodResult[] results = client.call(calls).getResults();
      if (results == null || results.length != calls.size()) {
        return false;
      }
      for (CallMethodResult r : results) {
        if (!r.getStatusCode().isGood()) {
          LOG.info(
              "Source {}: ResendData refused: {}", sourceId, Qualities.describe(r.getStatusCode()));
          return false;
        }
      }
      return true;
    } catch (UaException | RuntimeException e) {
      LOG.info("Source {}: ResendData failed: {}", sourceId, e.toString());
      return false;
    }
  }

  /** Deletes the Subscriptions on the server (best effort) and forgets them. */
  void delete() {
    for (OpcUaSubscription s : subscriptions) {
      s.setSubscriptionListener(null);
      try {
        if (s.getSyncState() != OpcUaSubscription.SyncState.INITIAL) {
          s.delete();
        }
      } catch (UaException | RuntimeException e) {
        LOG.debug("Source {}: deleting a Subscription failed: {}", sourceId, e.toString());
      } finally {
        s.reset();
      }
    }
    subscriptions.clear();
  }

  private final class Listener implements OpcUaSubscription.SubscriptionListener {
    @Override
    public void onDataReceived(
        OpcUaSubscription subscription, List<OpcUaMonitoredItem> items, List<DataValue> values) {
      @SuppressWarnings("unchecked")
      List<BoundItem> bound = (List<BoundItem>) (List<?>) items;
      dispatcher.deliverItems(epoch, bound, values);
    }

    @Override
    public void onStatusChanged(OpcUaSubscription subscription, StatusCode status) {
      if (status.isBad()) {
        lost.subscriptionLost(
            "Subscription "
                + subscription.getSubscriptionId().orElse(null)
                + " ended: "
                + Qualities.describe(status));
      }
    }

    @Override
    public void onNotificationDataLost(OpcUaSubscription subscription) {
      LOG.warn(
          "Source {}: notifications of Subscription {} were lost (Republish failed)",
          sourceId,
          subscription.getSubscriptionId().orElse(null));
    }

    @Override
    public void onWatchdogTimerElapsed(OpcUaSubscription subscription) {
      LOG.warn(
          "Source {}: no publish response for Subscription {} within its keep-alive; the server"
              + " may be overloaded",
          sourceId,
          subscription.getSubscriptionId().orElse(null));
    }
  }
}
