package io.plantmesh.node.api;

import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The mesh: members, trust, quorum and who owns each source, as this node sees them. */
@Path("/api/cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
  @Inject NodeRuntime runtime;

  @GET
  public ClusterView cluster() {
    return runtime
        .mesh()
        .map(m -> ClusterView.of(m.mesh()))
        .orElseThrow(
            () ->
                new ApiError.Failure(
                    Response.Status.NOT_FOUND,
                    "this node runs without a mesh; set plantmesh.mesh.enabled: true (see"
                        + " docs/configuration.md) to join one"));
  }
}
