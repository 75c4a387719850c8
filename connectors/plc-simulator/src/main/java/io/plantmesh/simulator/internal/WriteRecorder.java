package io.plantmesh.simulator.internal;

import io.plantmesh.simulator.SimulatorWrite;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.nodes.UaNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.servicesets.AttributeServiceSet;
import org.eclipse.milo.opcua.sdk.server.servicesets.impl.DefaultAttributeServiceSet;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryUpdateResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.eclipse.milo.opcua.stack.transport.server.ServiceRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Milo's Attribute service set with two PLC-like differences: every write is recorded, including
 * those refused before they reach the address space, and a write to a read-only variable answers
 * Bad_NotWritable (the AccessLevel forbids it for everyone) instead of the Bad_UserAccessDenied
 * Milo derives from the UserAccessLevel.
 */
public final class WriteRecorder implements AttributeServiceSet {
  private static final Logger LOG = LoggerFactory.getLogger(WriteRecorder.class);

  private final DefaultAttributeServiceSet delegate;
  private final PlcNamespace namespace;
  private final List<SimulatorWrite> writes = new ArrayList<>();
  private volatile NodeId counted;

  public WriteRecorder(OpcUaServer server, PlcNamespace namespace) {
    this.delegate = new DefaultAttributeServiceSet(server);
    this.namespace = namespace;
  }

  /**
   * Leaves accepted writes to {@code nodeId} out of the record and the log: the echo's, which come
   * up to a hundred a second and are counted by the echo itself. Refused ones are still recorded.
   */
  public void countedElsewhere(NodeId nodeId) {
    this.counted = nodeId;
  }

  /** Every write a client made, in order. */
  public List<SimulatorWrite> writes() {
    synchronized (writes) {
      return List.copyOf(writes);
    }
  }

  @Override
  public WriteResponse onWrite(ServiceRequestContext context, WriteRequest request)
      throws UaException {
    WriteValue[] values =
        request.getNodesToWrite() == null ? new WriteValue[0] : request.getNodesToWrite();
    WriteResponse response;
    try {
      response = delegate.onWrite(context, request);
    } catch (UaException e) {
      StatusCode[] failed = new StatusCode[values.length];
      java.util.Arrays.fill(failed, e.getStatusCode());
      record(values, failed);
      throw e;
    }
    StatusCode[] results = response.getResults();
    for (int i = 0; i < results.length && i < values.length; i++) {
      if (results[i].value() == StatusCodes.Bad_UserAccessDenied && notWritable(values[i])) {
        results[i] = new StatusCode(StatusCodes.Bad_NotWritable);
      }
    }
    record(values, results);
    return new WriteResponse(response.getResponseHeader(), results, response.getDiagnosticInfos());
  }

  private boolean notWritable(WriteValue value) {
    if (!AttributeId.Value.isEqual(value.getAttributeId())) {
      return false;
    }
    UaNode node = namespace.getNodeManager().get(value.getNodeId());
    return node instanceof UaVariableNode variable
        && !AccessLevel.fromValue(variable.getAccessLevel()).contains(AccessLevel.CurrentWrite);
  }

  private void record(WriteValue[] values, StatusCode[] results) {
    Instant now = Instant.now();
    NodeId skip = counted;
    synchronized (writes) {
      for (int i = 0; i < values.length && i < results.length; i++) {
        WriteValue wv = values[i];
        StatusCode status = results[i];
        if (skip != null && status.isGood() && skip.equals(wv.getNodeId())) {
          continue;
        }
        String name = StatusCodes.lookup(status.value()).map(n -> n[0]).orElse(status.toString());
        Object value = wv.getValue() == null ? null : wv.getValue().value().value();
        String nodeId = wv.getNodeId().toParseableString();
        writes.add(new SimulatorWrite(nodeId, value, now, status.value(), name));
        // One line per write: a test in another process counts them (exactly once through the
        // mesh).
        LOG.info("Write {} = {} -> {}", nodeId, value, name);
      }
    }
  }

  @Override
  public ReadResponse onRead(ServiceRequestContext context, ReadRequest request)
      throws UaException {
    return delegate.onRead(context, request);
  }

  @Override
  public HistoryReadResponse onHistoryRead(
      ServiceRequestContext context, HistoryReadRequest request) throws UaException {
    return delegate.onHistoryRead(context, request);
  }

  @Override
  public HistoryUpdateResponse onHistoryUpdate(
      ServiceRequestContext context, HistoryUpdateRequest request) throws UaException {
    return delegate.onHistoryUpdate(context, request);
  }
}
