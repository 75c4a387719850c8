package io.plantmesh.opcua;

/** How values are collected: server-side MonitoredItems, or periodic Reads. */
public enum CollectionMode {
  /** MonitoredItems in Subscriptions: the server reports changes (the normal case). */
  SUBSCRIBE,
  /** Read service calls at the poll interval, for servers with poor subscription support. */
  POLL
}
