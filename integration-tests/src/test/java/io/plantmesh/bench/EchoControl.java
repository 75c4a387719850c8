package io.plantmesh.bench;

import io.plantmesh.simulator.EchoStats;
import io.plantmesh.simulator.EchoTags;
import io.plantmesh.simulator.SimulatorConfig;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;

/**
 * The harness's own Session on the simulator: it starts the echo's windows and reads their
 * statistics over OPC UA, outside the loop being measured (a Read or Write now and then).
 */
final class EchoControl implements AutoCloseable {
  private final OpcUaClient client;
  private final int ns;

  private EchoControl(OpcUaClient client) {
    this.client = client;
    this.ns = client.getNamespaceTable().getIndex(SimulatorConfig.DEFAULT_NAMESPACE_URI).intValue();
  }

  static EchoControl connect(String endpoint) throws UaException {
    OpcUaClient client = OpcUaClient.create(endpoint);
    client.connect();
    return new EchoControl(client);
  }

  /** Starts a new window; fails unless EchoResetCount shows it was taken. */
  EchoStats reset() throws UaException {
    long before = stats().window();
    StatusCode status =
        client
            .writeValues(
                List.of(id(EchoTags.RESET)), List.of(DataValue.valueOnly(Variant.ofBoolean(true))))
            .get(0);
    EchoStats after = stats();
    if (!status.isGood() || after.window() != before + 1) {
      throw new IllegalStateException(
          "EchoReset not taken: write " + status + ", window " + before + " -> " + after.window());
    }
    return after;
  }

  /** The window's statistics, all variables in one Read. */
  EchoStats stats() throws UaException {
    List<NodeId> ids = EchoTags.STATISTICS.stream().map(this::id).toList();
    List<DataValue> values = client.readValues(0, TimestampsToReturn.Neither, ids);
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).statusCode().isGood()) {
        throw new IllegalStateException(
            EchoTags.STATISTICS.get(i)
                + ": "
                + values.get(i).statusCode()
                + " (is the simulator's echo on? --echo-period)");
      }
    }
    return EchoStats.fromValues(values.stream().map(v -> v.value().value()).toList());
  }

  private NodeId id(String identifier) {
    return new NodeId(ns, identifier);
  }

  @Override
  public void close() throws UaException {
    client.disconnect();
  }
}
