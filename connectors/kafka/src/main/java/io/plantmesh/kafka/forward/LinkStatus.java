package io.plantmesh.kafka.forward;

import java.time.Instant;

/**
 * A route's state, for people (REST, health) and metrics.
 *
 * @param route the route's name ({@code kafka}, {@code peer:<node>})
 * @param state its state
 * @param since when it entered that state
 * @param reason why, for people (never a secret)
 * @param lastAcknowledged when Kafka last acknowledged a record sent this way, or null
 * @param nextProbe when a DOWN route is probed next, or null
 */
public record LinkStatus(
    String route,
    LinkState state,
    Instant since,
    String reason,
    Instant lastAcknowledged,
    Instant nextProbe) {}
