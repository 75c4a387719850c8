package io.plantmesh.node.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.SourceState;
import io.plantmesh.core.SourceStatus;
import io.plantmesh.node.config.ReadinessPolicy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private static SourceStatus status(String id, SourceState state) {
    return new SourceStatus(id, state, Instant.EPOCH, null, 0, 0, 0, 0);
  }

  private static final List<SourceStatus> PARTLY =
      List.of(status("a", SourceState.CONNECTED), status("b", SourceState.DOWN));
  private static final List<SourceStatus> NONE_UP =
      List.of(status("a", SourceState.CONNECTING), status("b", SourceState.DOWN));

  @Test
  void policies() {
    assertFalse(Readiness.isReady(ReadinessPolicy.ALL_CONNECTED, PARTLY));
    assertTrue(Readiness.isReady(ReadinessPolicy.ANY_CONNECTED, PARTLY));
    assertFalse(Readiness.isReady(ReadinessPolicy.ANY_CONNECTED, NONE_UP));
    assertTrue(Readiness.isReady(ReadinessPolicy.ALWAYS, NONE_UP));
    assertTrue(
        Readiness.isReady(
            ReadinessPolicy.ALL_CONNECTED,
            List.of(status("a", SourceState.CONNECTED), status("b", SourceState.CONNECTED))));
  }

  @Test
  void aNodeWithoutSourcesIsReady() {
    for (ReadinessPolicy p : ReadinessPolicy.values()) {
      assertTrue(Readiness.isReady(p, List.of()));
    }
  }
}
