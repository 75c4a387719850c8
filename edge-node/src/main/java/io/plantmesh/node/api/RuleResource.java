package io.plantmesh.node.api;

import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.cluster.decisions.RuleHost;
import io.plantmesh.cluster.rules.CompiledRule;
import io.plantmesh.cluster.rules.RuleStatus;
import io.plantmesh.node.internal.Decisions;
import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The rules of this node's rule set: who evaluates each, and the state of those evaluated here. */
@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {
  @Inject NodeRuntime runtime;

  @GET
  public List<RuleView> rules() {
    Decisions d = DecisionsAccess.of(runtime, "rules");
    RuleHost host = d.host().orElse(null);
    Map<String, SourceOwnership> evaluators = host == null ? Map.of() : host.evaluators();
    List<RuleView> out = new ArrayList<>();
    for (CompiledRule r : d.rules().rules()) {
      RuleStatus status = host == null ? null : host.status(r.name()).orElse(null);
      out.add(RuleView.of(r, evaluators.get(r.name()), status, d.mesh().name()));
    }
    return out;
  }
}
