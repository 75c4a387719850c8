package io.plantmesh.opcua.internal;

import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MonitoringMode;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * A MonitoredItem that knows its tag, so that a notification maps to its {@link TagBinding} with a
 * field read instead of a lookup.
 */
final class BoundItem extends OpcUaMonitoredItem {
  final TagBinding binding;

  BoundItem(TagBinding binding, ReadValueId readValueId) {
    super(readValueId, MonitoringMode.Reporting);
    this.binding = binding;
  }
}
