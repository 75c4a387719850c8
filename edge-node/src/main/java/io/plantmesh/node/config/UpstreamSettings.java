package io.plantmesh.node.config;

import io.plantmesh.kafka.forward.Forwarder;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.summary.SummaryConfig;
import io.plantmesh.outbox.OutboxConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * The upstream after validation: summaries of the readings this node collects, the Outbox they wait
 * in, and the ways to Kafka.
 *
 * @param enabled {@code plantmesh.uplink.enabled}; when false nothing below is used
 * @param summaries the windows ({@code plantmesh.summaries.*})
 * @param outbox the Outbox ({@code plantmesh.outbox.*}); null when upstream is off
 * @param ownLink this node's own link to Kafka; empty when it forwards through peers only (no
 *     {@code plantmesh.uplink.bootstrap-servers}, mesh on) or upstream is off
 * @param forwarder how the forwarder paces itself (in-flight window, replay, link thresholds)
 */
public record UpstreamSettings(
    boolean enabled,
    SummaryConfig summaries,
    OutboxConfig outbox,
    Optional<UplinkConfig> ownLink,
    Forwarder.Settings forwarder) {

  public UpstreamSettings {
    Objects.requireNonNull(summaries, "summaries");
    Objects.requireNonNull(ownLink, "ownLink");
    if (enabled) {
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(forwarder, "forwarder");
    }
  }

  /** Upstream off. */
  public static UpstreamSettings off() {
    return new UpstreamSettings(false, SummaryConfig.defaults(), null, Optional.empty(), null);
  }

  /** Whether this node forwards only through its peers' links. */
  public boolean peersOnly() {
    return enabled && ownLink.isEmpty();
  }
}
