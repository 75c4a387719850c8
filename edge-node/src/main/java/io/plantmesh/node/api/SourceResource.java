package io.plantmesh.node.api;

import io.plantmesh.cluster.SourceOwnership;
import io.plantmesh.core.Source;
import io.plantmesh.core.SourceStatus;
import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Locale;

/** The node's sources and where each stands with its device. */
@Path("/api/sources")
@Produces(MediaType.APPLICATION_JSON)
public class SourceResource {
  @Inject NodeRuntime runtime;

  @GET
  public List<SourceView> list() {
    return runtime.sources().stream().map(this::view).toList();
  }

  private SourceView view(Source s) {
    SourceStatus st = s.status();
    SourceOwnership o = runtime.mesh().map(m -> m.mesh().ownership().get(s.id())).orElse(null);
    boolean owned = o != null && o.state() == SourceOwnership.State.ACTIVE;
    return new SourceView(
        s.id(),
        "opcua",
        runtime.endpointOf(s.id()),
        st.state().name().toLowerCase(Locale.ROOT),
        st.since().toString(),
        st.lastError(),
        st.goodItems(),
        st.badItems(),
        st.readingsReceived(),
        st.reconnects(),
        owned ? o.owner() : null,
        o == null ? null : o.epoch());
  }
}
