package io.plantmesh.node.api;

import io.plantmesh.node.internal.Decisions;
import io.plantmesh.node.internal.NodeRuntime;
import jakarta.ws.rs.core.Response;

/** The node's decisions for the REST resources, or 404 when the node runs without a mesh. */
final class DecisionsAccess {
  private DecisionsAccess() {}

  static Decisions of(NodeRuntime runtime, String what) {
    return runtime
        .decisions()
        .orElseThrow(
            () ->
                new ApiError.Failure(
                    Response.Status.NOT_FOUND,
                    what
                        + " live in the mesh, and this node runs without one; set"
                        + " plantmesh.mesh.enabled: true (a mesh of one node is fine; see"
                        + " docs/configuration.md)"));
  }
}
