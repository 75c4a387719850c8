package io.plantmesh.node.api;

import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The mesh's write audit, newest first: every write attempt routed by any node (REST and rules),
 * with its result. The mesh keeps the last {@code plantmesh.mesh.writes.audit-capacity}.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  @Inject NodeRuntime runtime;

  @GET
  public List<AuditView> audit(@QueryParam("limit") String limit) {
    int lim = TagResource.parseInt("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    List<WriteAuditRecord> records =
        DecisionsAccess.of(runtime, "the write audit").mesh().writeAudit().recent(lim);
    return records.stream().map(AuditView::of).toList();
  }
}
