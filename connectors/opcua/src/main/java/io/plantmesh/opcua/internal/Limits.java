package io.plantmesh.opcua.internal;

import java.util.Optional;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OperationLimits;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's OperationLimits, read at connect; a limit the server does not publish (or publishes
 * as 0, "no limit") becomes {@link #DEFAULT}, so that no single request grows without bound.
 */
public record Limits(
    int maxNodesPerRead,
    int maxNodesPerWrite,
    int maxNodesPerBrowse,
    int maxNodesPerTranslate,
    int maxMonitoredItemsPerCall) {

  private static final Logger LOG = LoggerFactory.getLogger(Limits.class);
  public static final int DEFAULT = 1000;
  public static final Limits DEFAULTS = new Limits(DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT);

  /** Reads the limits from the server; any failure falls back to {@link #DEFAULTS}. */
  public static Limits read(OpcUaClient client) {
    try {
      OperationLimits l = client.readOperationLimits();
      return new Limits(
          orDefault(l.maxNodesPerRead()),
          orDefault(l.maxNodesPerWrite()),
          orDefault(l.maxNodesPerBrowse()),
          orDefault(l.maxNodesPerTranslateBrowsePathsToNodeIds()),
          orDefault(l.maxMonitoredItemsPerCall()));
    } catch (UaException | RuntimeException e) {
      LOG.debug("OperationLimits not readable, using {} per call: {}", DEFAULT, e.toString());
      return DEFAULTS;
    }
  }

  private static int orDefault(Optional<UInteger> v) {
    long n = v.map(UInteger::longValue).orElse(0L);
    return n <= 0 ? DEFAULT : (int) Math.min(n, DEFAULT * 10L);
  }
}
