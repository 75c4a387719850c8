package io.plantmesh.cluster.internal;

import io.plantmesh.cluster.TagTable;
import io.plantmesh.cluster.WriteInterlock;
import io.plantmesh.cluster.rules.Evaluation;
import io.plantmesh.cluster.rules.Interlock;
import io.plantmesh.cluster.rules.Outcome;
import io.plantmesh.cluster.rules.RuleCompiler;
import io.plantmesh.cluster.rules.RuleSetException;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.cluster.rules.UncertainPolicy;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The owner's check of a routed write's interlock: compiled with the rules' compiler (cached: a
 * rule sends the same condition every time), evaluated with this member's own latest readings from
 * the tag table, just before the device is written.
 *
 * <p>The compiler knows no catalogue here: tags are typed {@code dyn} and checked when evaluated.
 * The rule's evaluator type-checked the condition against its catalogue when the rule set loaded;
 * the owner's job is only to evaluate it with fresher readings.
 */
public final class Interlocks {
  private static final int MAX_CACHED = 1024;

  /** A compiled interlock, or why it does not compile. */
  private record Compiled(Interlock interlock, String problem) {}

  private final RuleCompiler compiler = new RuleCompiler(TagCatalog.empty(), UnknownTagPolicy.WARN);
  private final Map<WriteInterlock, Compiled> cache = new ConcurrentHashMap<>();
  private final TagTable table;
  private final String member;

  public Interlocks(TagTable table, String member) {
    this.table = table;
    this.member = member;
  }

  /**
   * Checks {@code interlock} now.
   *
   * @return null when it is TRUE; otherwise why the write is refused: the condition, its outcome
   *     and the value, quality and age of each input as this member holds it
   */
  public String refusal(WriteInterlock interlock) {
    Compiled c = cache.get(interlock);
    if (c == null) {
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      c = compile(interlock);
      cache.put(interlock, c);
    }
    if (c.problem() != null) {
      return "interlock '"
          + interlock.condition()
          + "' does not compile on "
          + member
          + ": "
          + c.problem();
    }
    Instant now = Instant.now();
    Map<TagPath, Reading> seen = new java.util.LinkedHashMap<>();
    for (TagPath p : c.interlock().inputs()) {
      seen.put(p, table.get(p).orElse(null));
    }
    Evaluation e = c.interlock().check(seen::get, now);
    if (e.outcome() == Outcome.TRUE) {
      return null;
    }
    return "interlock '"
        + interlock.condition()
        + "' is "
        + e.outcome()
        + " on "
        + member
        + (e.detail() == null ? "" : " (" + e.detail() + ")")
        + "; inputs: "
        + describe(seen, now);
  }

  private Compiled compile(WriteInterlock il) {
    try {
      return new Compiled(
          compiler.compileInterlock(
              il.condition(),
              il.staleAfter(),
              il.uncertainAsUnknown() ? UncertainPolicy.UNKNOWN : UncertainPolicy.ACCEPT),
          null);
    } catch (RuleSetException e) {
      List<String> errors = new ArrayList<>();
      e.errors().forEach(p -> errors.add(p.message()));
      return new Compiled(null, String.join("; ", errors));
    }
  }

  /** {@code path = value (quality, age old)} for each input; "no reading" when there is none. */
  static String describe(Map<TagPath, Reading> inputs, Instant now) {
    List<String> parts = new ArrayList<>();
    inputs.forEach(
        (p, r) -> {
          if (r == null) {
            parts.add(p + ": no reading");
          } else {
            Duration age = Duration.between(r.effectiveTime(), now);
            parts.add(
                p
                    + " = "
                    + r.value().toJava()
                    + " ("
                    + r.quality().symbolicName()
                    + ", "
                    + (age.isNegative() ? 0 : age.toMillis())
                    + " ms old)");
          }
        });
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
