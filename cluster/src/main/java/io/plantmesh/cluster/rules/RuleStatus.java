package io.plantmesh.cluster.rules;

import java.time.Instant;

/**
 * A snapshot of one rule's state, for people and the API.
 *
 * @param name the rule
 * @param state armed, pending, firing or errored
 * @param since when the rule entered {@code state}; null before its first evaluation
 * @param lastEvaluation null before the first
 * @param lastOutcome the outcome of the expression last evaluated: the condition, or while firing
 *     with a clear condition or deadband, the clear condition; null before the first
 * @param detail why the last outcome was UNKNOWN or ERROR; null otherwise
 * @param pendingUntil when a PENDING rule fires if its condition keeps holding; null otherwise
 * @param lastFiring null if it never fired
 * @param lastClearing null if it never cleared
 * @param lastActionProblem the last action that was skipped or failed (interlock, rate limit,
 *     unknown value), with why; kept until another one replaces it (compare with lastFiring and
 *     lastClearing to see whether it is recent); null if none ever
 */
public record RuleStatus(
    String name,
    RuleState state,
    Instant since,
    Instant lastEvaluation,
    Outcome lastOutcome,
    String detail,
    Instant pendingUntil,
    Instant lastFiring,
    Instant lastClearing,
    String lastActionProblem) {}
