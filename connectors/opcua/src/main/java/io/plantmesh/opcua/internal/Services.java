package io.plantmesh.opcua.internal;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePath;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowsePathResult;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;

/**
 * Synchronous Read, Browse and TranslateBrowsePaths calls, split into requests that respect the
 * server's OperationLimits. Used while setting up a Session, on the source's own thread.
 */
final class Services {
  private final OpcUaClient client;
  private final Limits limits;

  Services(OpcUaClient client, Limits limits) {
    this.client = client;
    this.limits = limits;
  }

  OpcUaClient client() {
    return client;
  }

  Limits limits() {
    return limits;
  }

  static ReadValueId readId(NodeId node, AttributeId attribute) {
    return new ReadValueId(node, attribute.uid(), null, QualifiedName.NULL_VALUE);
  }

  /** Reads in batches of MaxNodesPerRead; results in the order of {@code ids}. */
  List<DataValue> read(List<ReadValueId> ids, TimestampsToReturn timestamps) throws UaException {
    List<DataValue> out = new ArrayList<>(ids.size());
    for (List<ReadValueId> batch : Chunks.of(ids, limits.maxNodesPerRead())) {
      DataValue[] r = client.read(0.0, timestamps, batch).getResults();
      if (r == null || r.length != batch.size()) {
        throw new UaException(StatusCode.BAD, "Read returned a wrong number of results");
      }
      out.addAll(List.of(r));
    }
    return out;
  }

  /** Translates in batches; results in the order of {@code paths}. */
  List<BrowsePathResult> translate(List<BrowsePath> paths) throws UaException {
    List<BrowsePathResult> out = new ArrayList<>(paths.size());
    for (List<BrowsePath> batch : Chunks.of(paths, limits.maxNodesPerTranslate())) {
      BrowsePathResult[] r = client.translateBrowsePaths(batch).getResults();
      if (r == null || r.length != batch.size()) {
        throw new UaException(
            StatusCode.BAD, "TranslateBrowsePathsToNodeIds returned a wrong number of results");
      }
      out.addAll(List.of(r));
    }
    return out;
  }

  /**
   * Browses, following continuation points, so each result holds every reference. A node that
   * cannot be browsed gets a result with its bad status and no references.
   */
  List<Browsed> browse(List<BrowseDescription> nodes) throws UaException {
    List<Browsed> out = new ArrayList<>(nodes.size());
    for (List<BrowseDescription> batch : Chunks.of(nodes, limits.maxNodesPerBrowse())) {
      List<BrowseResult> results = client.browse(batch);
      for (BrowseResult r : results) {
        List<ReferenceDescription> refs = new ArrayList<>();
        addAll(refs, r.getReferences());
        ByteString cp = r.getContinuationPoint();
        StatusCode status = r.getStatusCode();
        while (status.isGood() && cp != null && cp.isNotNull() && cp.length() > 0) {
          BrowseResult[] next = client.browseNext(false, List.of(cp)).getResults();
          if (next == null || next.length == 0) {
            break;
          }
          addAll(refs, next[0].getReferences());
          cp = next[0].getContinuationPoint();
          status = next[0].getStatusCode();
        }
        out.add(new Browsed(status, refs));
      }
    }
    return out;
  }

  private static void addAll(List<ReferenceDescription> to, ReferenceDescription[] refs) {
    if (refs != null) {
      to.addAll(List.of(refs));
    }
  }

  /** A node's references, or the status that prevented browsing it. */
  record Browsed(StatusCode status, List<ReferenceDescription> references) {}
}
