package io.plantmesh.simulator.internal;

import java.util.Arrays;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * A variable's Value and the MonitoredItems watching it. Whoever changes the value (the tick, or a
 * client's write) hands each item the new value at once, so every change reaches every item with no
 * re-sampling of unchanged values: at 100,000 tags the server does work only for the changes.
 */
final class ValueSlot {
  private static final DataItem[] NONE = new DataItem[0];

  final UaVariableNode node;
  private volatile DataItem[] items = NONE;

  ValueSlot(UaVariableNode node) {
    this.node = node;
  }

  boolean hasItems() {
    return items.length > 0;
  }

  /** Starts delivering to {@code item} and hands it the current value, as sampling would. */
  void add(DataItem item) {
    synchronized (this) {
      DataItem[] next = Arrays.copyOf(items, items.length + 1);
      next[items.length] = item;
      items = next;
    }
    deliver(item, node.getValue());
  }

  void remove(DataItem item) {
    synchronized (this) {
      DataItem[] current = items;
      for (int i = 0; i < current.length; i++) {
        if (current[i] == item) {
          DataItem[] next = new DataItem[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          items = next.length == 0 ? NONE : next;
          return;
        }
      }
    }
  }

  /** Hands the current value to {@code item} again, e.g. after its monitoring was re-enabled. */
  void resend(DataItem item) {
    deliver(item, node.getValue());
  }

  void publish(DataValue value) {
    for (DataItem item : items) {
      deliver(item, value);
    }
  }

  private static void deliver(DataItem item, DataValue value) {
    if (!item.isSamplingEnabled()) {
      return;
    }
    TimestampsToReturn timestamps = item.getTimestampsToReturn();
    // Both is what clients almost always ask for: hand over the value itself, allocation-free.
    item.setValue(
        timestamps == TimestampsToReturn.Both || timestamps == null
            ? value
            : DataValue.derivedValue(value, timestamps));
  }
}
