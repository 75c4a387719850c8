package io.plantmesh.node.health;

import io.plantmesh.core.SourceState;
import io.plantmesh.core.SourceStatus;
import io.plantmesh.node.config.ReadinessPolicy;
import java.util.List;

/** Applies the readiness policy to the sources' states. */
public final class Readiness {
  private Readiness() {}

  /** Whether a node with these sources is ready under {@code policy}; no sources is ready. */
  public static boolean isReady(ReadinessPolicy policy, List<SourceStatus> sources) {
    if (sources.isEmpty()) {
      return true;
    }
    return switch (policy) {
      case ALWAYS -> true;
      case ANY_CONNECTED -> sources.stream().anyMatch(s -> s.state() == SourceState.CONNECTED);
      case ALL_CONNECTED -> sources.stream().allMatch(s -> s.state() == SourceState.CONNECTED);
    };
  }
}
