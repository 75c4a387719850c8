package io.plantmesh.node.api;

import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The upstream: links to Kafka, records sent, the Outbox's backlog and the summaries. Answers 200
 * with {@code enabled: false} when upstream is off, so that a dashboard need not special-case it.
 */
@Path("/api/upstream")
@Produces(MediaType.APPLICATION_JSON)
public class UpstreamResource {
  @Inject NodeRuntime runtime;

  @GET
  public UpstreamView upstream() {
    return runtime
        .upstream()
        .map(u -> UpstreamView.of(runtime.settings().nodeName(), u, runtime.meshUplink()))
        .orElseGet(UpstreamView::off);
  }
}
