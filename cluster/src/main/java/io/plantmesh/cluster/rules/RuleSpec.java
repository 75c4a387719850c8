package io.plantmesh.cluster.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One rule as declared in {@code plantmesh.yaml}: typed and immutable, but not yet checked against
 * the plant's tags ({@link RuleCompiler} does that).
 *
 * <p>Expressions are CEL (ADR 0009) over {@code tag(path)}, {@code quality(path)} and {@code
 * age(path)}, whose paths must be string literals.
 *
 * @param name unique within the rule set: letters, digits, {@code _ - .}, at most 100 characters;
 *     it names the rule in errors, logs, alarms and command ids
 * @param description free text for people, or null
 * @param condition the CEL condition (a bool) that fires the rule
 * @param forDuration how long the condition must hold before the rule fires; {@link Duration#ZERO}
 *     fires at once. The rule is PENDING meanwhile, and back to ARMED when the condition stops
 *     holding (or becomes unknown)
 * @param clear how a firing rule clears: when the condition is false, when a separate condition is
 *     true, or past a deadband
 * @param staleAfter a {@code tag()} input whose value is older than this (source time, else server
 *     time, else received time) is stale and makes the expression unknown; null: never stale by age
 *     (a lost connection still turns tags BAD)
 * @param uncertain what {@code tag()} of an UNCERTAIN input yields
 * @param recheckEvery how often a rule that calls {@code age()} is re-evaluated although none of
 *     its inputs changed (ages grow with time alone); ignored by rules without {@code age()}
 * @param actions what to do when the rule fires or clears, in order
 * @param placement in the mesh, the node names that should evaluate the rule, first preferred;
 *     empty: any member that runs the rule set (rendezvous hashing spreads rules over them)
 */
public record RuleSpec(
    String name,
    String description,
    String condition,
    Duration forDuration,
    Clear clear,
    Duration staleAfter,
    UncertainPolicy uncertain,
    Duration recheckEvery,
    List<RuleAction> actions,
    List<String> placement) {

  /** What a rule name may look like. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,99}");

  /** The default for {@link #recheckEvery}. */
  public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(1);

  public RuleSpec {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "rule name '"
              + name
              + "' must start with a letter or digit and contain only letters, digits and _ . -"
              + " (at most 100 characters)");
    }
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(forDuration, "forDuration");
    Objects.requireNonNull(clear, "clear");
    Objects.requireNonNull(uncertain, "uncertain");
    Objects.requireNonNull(recheckEvery, "recheckEvery");
    if (forDuration.isNegative()) {
      throw new IllegalArgumentException("rule '" + name + "': for must not be negative");
    }
    if (staleAfter != null && (staleAfter.isNegative() || staleAfter.isZero())) {
      throw new IllegalArgumentException("rule '" + name + "': stale-after must be positive");
    }
    if (recheckEvery.compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException("rule '" + name + "': recheck must be at least 10ms");
    }
    actions = List.copyOf(actions);
    placement = List.copyOf(placement == null ? List.of() : placement);
    for (int i = 0; i < placement.size(); i++) {
      try {
        io.plantmesh.cluster.internal.Checks.name("placement[" + i + "]", placement.get(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("rule '" + name + "': " + e.getMessage(), e);
      }
      if (placement.indexOf(placement.get(i)) != i) {
        throw new IllegalArgumentException(
            "rule '" + name + "': placement names " + placement.get(i) + " twice");
      }
    }
  }

  /** A rule placed on any member (placement {@code any}). */
  public RuleSpec(
      String name,
      String description,
      String condition,
      Duration forDuration,
      Clear clear,
      Duration staleAfter,
      UncertainPolicy uncertain,
      Duration recheckEvery,
      List<RuleAction> actions) {
    this(
        name,
        description,
        condition,
        forDuration,
        clear,
        staleAfter,
        uncertain,
        recheckEvery,
        actions,
        List.of());
  }

  /** A rule that fires at once when {@code condition} holds and clears when it no longer does. */
  public static RuleSpec of(String name, String condition, RuleAction... actions) {
    return new RuleSpec(
        name,
        null,
        condition,
        Duration.ZERO,
        Clear.WHEN_FALSE,
        null,
        UncertainPolicy.ACCEPT,
        DEFAULT_RECHECK,
        List.of(actions));
  }

  public RuleSpec withFor(Duration d) {
    return new RuleSpec(
        name,
        description,
        condition,
        d,
        clear,
        staleAfter,
        uncertain,
        recheckEvery,
        actions,
        placement);
  }

  public RuleSpec withClear(Clear c) {
    return new RuleSpec(
        name,
        description,
        condition,
        forDuration,
        c,
        staleAfter,
        uncertain,
        recheckEvery,
        actions,
        placement);
  }

  public RuleSpec withStaleAfter(Duration d) {
    return new RuleSpec(
        name,
        description,
        condition,
        forDuration,
        clear,
        d,
        uncertain,
        recheckEvery,
        actions,
        placement);
  }

  public RuleSpec withUncertain(UncertainPolicy p) {
    return new RuleSpec(
        name,
        description,
        condition,
        forDuration,
        clear,
        staleAfter,
        p,
        recheckEvery,
        actions,
        placement);
  }

  public RuleSpec withRecheckEvery(Duration d) {
    return new RuleSpec(
        name,
        description,
        condition,
        forDuration,
        clear,
        staleAfter,
        uncertain,
        d,
        actions,
        placement);
  }

  /** The same rule, evaluated preferably by these nodes, in order (empty: any member). */
  public RuleSpec withPlacement(List<String> nodes) {
    return new RuleSpec(
        name,
        description,
        condition,
        forDuration,
        clear,
        staleAfter,
        uncertain,
        recheckEvery,
        actions,
        nodes);
  }
}
