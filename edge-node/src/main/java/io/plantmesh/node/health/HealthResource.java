package io.plantmesh.node.health;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.core.Source;
import io.plantmesh.core.SourceStatus;
import io.plantmesh.kafka.forward.ForwarderStats;
import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.node.internal.NodeRuntime;
import io.plantmesh.node.internal.OwnedSource;
import io.plantmesh.node.internal.Upstream;
import io.plantmesh.outbox.OutboxStats;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Liveness and readiness in the MicroProfile Health JSON format ({@code status}, {@code checks}
 * with {@code name}, {@code status} and {@code data}): 200 when UP, 503 when DOWN. Written here
 * because the Quarkus SmallRye Health extension is not available for the pinned platform version;
 * the format is the same, so probes and dashboards need not know.
 */
@Path("/q/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
  @Inject NodeRuntime runtime;

  /** A check's result in the MicroProfile Health format. */
  public record Check(String name, String status, Map<String, Object> data) {}

  /** The overall result. */
  public record HealthReport(String status, List<Check> checks) {}

  @GET
  @Path("/live")
  public Response live() {
    return respond(List.of(pipelineCheck()));
  }

  @GET
  @Path("/ready")
  public Response ready() {
    return respond(readinessChecks());
  }

  @GET
  public Response all() {
    List<Check> checks = new ArrayList<>(List.of(pipelineCheck()));
    checks.addAll(readinessChecks());
    return respond(checks);
  }

  private List<Check> readinessChecks() {
    List<Check> checks = new ArrayList<>();
    runtime.mesh().ifPresent(m -> checks.add(meshCheck()));
    checks.add(sourcesCheck());
    runtime.upstream().ifPresent(u -> checks.add(uplinkCheck(u)));
    return checks;
  }

  /**
   * The uplink, for people and probes to see; always UP. A node whose link to Kafka is DOWN keeps
   * collecting, serving and storing summaries in the Outbox, so it is neither dead nor unready;
   * {@code link} (the best route's state), each route's state and reason, and the backlog say how
   * it stands. Alert on {@code plantmesh_uplink_link_state} or {@code
   * plantmesh_outbox_oldest_record_age_seconds} instead.
   */
  private static Check uplinkCheck(Upstream u) {
    Map<String, Object> data = new LinkedHashMap<>();
    ForwarderStats f = u.forwarder().orElse(null);
    LinkState best = LinkState.DOWN;
    if (f != null) {
      for (LinkStatus l : f.links()) {
        if (l.state().compareTo(best) < 0) {
          best = l.state();
        }
        data.put(
            "route:" + l.route(),
            l.state()
                + (l.reason() == null || l.reason().isEmpty() ? "" : " (" + l.reason() + ")"));
      }
      data.put("active-route", f.activeRoute() == null ? "none" : f.activeRoute());
    }
    data.put("link", best.name());
    OutboxStats o = u.outbox();
    data.put("backlog-records", o.backlogRecords());
    data.put("oldest-record-age-seconds", o.oldestRecordAge().toSeconds());
    String appendError = u.appends().lastError();
    data.put("outbox", appendError == null ? "ok" : "appends failing: " + appendError);
    return new Check("plantmesh-uplink", "UP", data);
  }

  /**
   * Ready in the mesh once the member runs and holds the plant-wide table. A partitioned node stays
   * ready: it still serves what it collects, and {@code partitioned} says why writes are refused.
   */
  private Check meshCheck() {
    Mesh mesh = runtime.mesh().orElseThrow().mesh();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("members", mesh.members().size());
    data.put("partitioned", mesh.isPartitioned());
    data.put("table-synced", mesh.tagTable().isSynced());
    data.put("owned-sources", mesh.ownedSources().size());
    boolean up = mesh.isRunning() && mesh.tagTable().isSynced();
    return new Check("plantmesh-mesh", up ? "UP" : "DOWN", data);
  }

  private Check pipelineCheck() {
    boolean up = runtime.pipeline() != null && runtime.pipeline().isRunning();
    Map<String, Object> data = new LinkedHashMap<>();
    if (runtime.pipeline() != null) {
      data.put("queue-depth", runtime.pipeline().queueDepth());
      data.put("tags", runtime.store().size());
    }
    return new Check("plantmesh-pipeline", up ? "UP" : "DOWN", data);
  }

  private Check sourcesCheck() {
    List<SourceStatus> statuses = new ArrayList<>();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put(
        "policy", runtime.settings().readiness().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    for (Source s : runtime.sources()) {
      SourceStatus st = s.status();
      boolean standby = s instanceof OwnedSource o && !o.collecting();
      if (!standby) {
        // With the mesh, only the sources this node collects count; the others stand by.
        statuses.add(st);
      }
      data.put(s.id(), standby ? "standby" : st.state().name().toLowerCase(Locale.ROOT));
    }
    boolean up = Readiness.isReady(runtime.settings().readiness(), statuses);
    return new Check("plantmesh-sources", up ? "UP" : "DOWN", data);
  }

  private static Response respond(List<Check> checks) {
    boolean up = checks.stream().allMatch(c -> c.status().equals("UP"));
    return Response.status(up ? 200 : 503)
        .entity(new HealthReport(up ? "UP" : "DOWN", checks))
        .build();
  }
}
