package io.plantmesh.node.api;

import io.plantmesh.node.config.NodeSettings;
import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;

/** The node's identity and mode. */
@Path("/api/node")
@Produces(MediaType.APPLICATION_JSON)
public class NodeResource {
  @Inject NodeRuntime runtime;

  @GET
  public NodeView node() {
    NodeSettings s = runtime.settings();
    return new NodeView(
        s.nodeName(),
        s.site().orElse(null),
        s.area().orElse(null),
        s.mode().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        runtime.sources().size(),
        runtime.store().size(),
        s.writesEnabled(),
        s.readiness().name().toLowerCase(Locale.ROOT).replace('_', '-'));
  }
}
