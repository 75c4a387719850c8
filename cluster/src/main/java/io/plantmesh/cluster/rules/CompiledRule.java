package io.plantmesh.cluster.rules;

import io.plantmesh.cluster.rules.internal.CompiledAction;
import io.plantmesh.cluster.rules.internal.CompiledExpression;
import io.plantmesh.core.TagPath;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A rule that passed every check at load: its expressions compiled, its inputs known. */
public final class CompiledRule {
  private final RuleSpec spec;
  private final CompiledExpression condition;
  private final CompiledExpression clear;
  private final List<CompiledAction> actions;
  private final Set<TagPath> triggers;
  private final Set<TagPath> reads;

  CompiledRule(
      RuleSpec spec,
      CompiledExpression condition,
      CompiledExpression clear,
      List<CompiledAction> actions) {
    this.spec = spec;
    this.condition = condition;
    this.clear = clear;
    this.actions = List.copyOf(actions);
    Set<TagPath> t = new LinkedHashSet<>(condition.inputs());
    if (clear != null) {
      t.addAll(clear.inputs());
    }
    this.triggers = Set.copyOf(t);
    Set<TagPath> r = new LinkedHashSet<>(t);
    for (CompiledAction a : actions) {
      if (a instanceof CompiledAction.Write w) {
        r.addAll(w.value().inputs());
        if (w.interlock() != null) {
          r.addAll(w.interlock().inputs());
        }
      } else if (a instanceof CompiledAction.Alarm al) {
        r.addAll(al.message().inputs());
      } else if (a instanceof CompiledAction.Event ev) {
        r.addAll(ev.message().inputs());
      }
    }
    this.reads = Set.copyOf(r);
  }

  public RuleSpec spec() {
    return spec;
  }

  public String name() {
    return spec.name();
  }

  /** The tags whose changes re-evaluate the rule: those of its condition and clear condition. */
  public Set<TagPath> triggers() {
    return triggers;
  }

  /** Every tag the rule reads, including its actions' values, interlocks and messages. */
  public Set<TagPath> reads() {
    return reads;
  }

  CompiledExpression condition() {
    return condition;
  }

  /** Null when the rule clears as its condition turns false. */
  CompiledExpression clear() {
    return clear;
  }

  List<CompiledAction> actions() {
    return actions;
  }
}
