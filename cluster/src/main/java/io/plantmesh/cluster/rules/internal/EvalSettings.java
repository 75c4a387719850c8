package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.UncertainPolicy;
import java.time.Duration;

/**
 * The rule's settings that decide when a {@code tag()} input is usable.
 *
 * @param staleAfter null: never stale by age
 * @param uncertain what an UNCERTAIN value yields
 */
public record EvalSettings(Duration staleAfter, UncertainPolicy uncertain) {}
