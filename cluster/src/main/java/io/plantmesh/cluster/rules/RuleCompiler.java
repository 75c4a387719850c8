package io.plantmesh.cluster.rules;

import io.plantmesh.cluster.rules.internal.CompiledAction;
import io.plantmesh.cluster.rules.internal.CompiledExpression;
import io.plantmesh.cluster.rules.internal.CompiledInterlock;
import io.plantmesh.cluster.rules.internal.EvalSettings;
import io.plantmesh.cluster.rules.internal.ExpressionCompiler;
import io.plantmesh.cluster.rules.internal.ExpressionCompiler.Expect;
import io.plantmesh.cluster.rules.internal.MessageTemplate;
import io.plantmesh.cluster.rules.internal.ProblemSink;
import io.plantmesh.core.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles and checks a rule set against the tag catalogue: syntax, literal paths, unknown tags (by
 * policy), types (a condition must be a bool, {@code tag()} of a numeric tag is a double, a write
 * value must fit its target), writable targets, message placeholders, unique names. Every problem
 * of every rule is collected; the set loads only when there is no error (all or nothing).
 *
 * <p>Thread-safe; compiling costs milliseconds per rule, so do it once per configuration.
 */
public final class RuleCompiler {
  /** The default configuration key of the rule list, used in problem keys. */
  public static final String DEFAULT_KEY = "plantmesh.rules";

  private final TagCatalog catalog;
  private final UnknownTagPolicy policy;
  private final ExpressionCompiler expressions;

  public RuleCompiler(TagCatalog catalog, UnknownTagPolicy policy) {
    this.catalog = catalog;
    this.policy = policy;
    this.expressions = new ExpressionCompiler(catalog, policy);
  }

  /** Compiles rules configured under {@value #DEFAULT_KEY}. */
  public CompiledRuleSet compile(List<RuleSpec> rules) throws RuleSetException {
    return compile(rules, DEFAULT_KEY);
  }

  /**
   * @param key the configuration key of the list, so that problems read {@code key[2].condition}
   * @throws RuleSetException with every problem, when any is an error
   */
  public CompiledRuleSet compile(List<RuleSpec> rules, String key) throws RuleSetException {
    Map<Integer, RuleSpec> indexed = new LinkedHashMap<>();
    for (int i = 0; i < rules.size(); i++) {
      indexed.put(i, rules.get(i));
    }
    ProblemSink sink = new ProblemSink();
    CompiledRuleSet set = compile(indexed, key, sink);
    if (sink.hasErrors()) {
      throw new RuleSetException(sink.problems());
    }
    return set;
  }

  /**
   * Compiles a write's interlock on its own, as the tag's owner does with the condition a routed
   * write carries (the rule's evaluator checked it already; the owner compiles it again to evaluate
   * it with its own readings).
   *
   * @param staleAfter the rule's {@code stale-after}, or null
   * @throws RuleSetException when it does not compile or is not a bool
   */
  public Interlock compileInterlock(
      String condition, java.time.Duration staleAfter, UncertainPolicy uncertain)
      throws RuleSetException {
    ProblemSink sink = new ProblemSink();
    CompiledExpression c =
        expressions.compile(
            condition,
            Expect.BOOL,
            "interlock",
            new EvalSettings(staleAfter, uncertain),
            sink.scoped(null, "interlock"));
    if (c == null || sink.hasErrors()) {
      throw new RuleSetException(sink.problems());
    }
    return new CompiledInterlock(c);
  }

  /** Compiles what the loader could read; the indices are the rules' places in the list. */
  CompiledRuleSet compile(Map<Integer, RuleSpec> rules, String key, ProblemSink sink) {
    Map<String, Integer> names = new HashMap<>();
    List<CompiledRule> out = new ArrayList<>();
    for (Map.Entry<Integer, RuleSpec> e : rules.entrySet()) {
      String ruleKey = key + "[" + e.getKey() + "]";
      RuleSpec spec = e.getValue();
      Integer first = names.putIfAbsent(spec.name(), e.getKey());
      if (first != null) {
        sink.error(
            spec.name(),
            ruleKey + ".name",
            "the name is already used by " + key + "[" + first + "]; rule names must be unique");
      }
      CompiledRule r = compileRule(spec, ruleKey, sink);
      if (r != null) {
        out.add(r);
      }
    }
    return new CompiledRuleSet(out, sink.problems().stream().filter(p -> !p.isError()).toList());
  }

  private CompiledRule compileRule(RuleSpec spec, String key, ProblemSink sink) {
    String name = spec.name();
    EvalSettings settings = new EvalSettings(spec.staleAfter(), spec.uncertain());
    ProblemSink.Scoped condProblems = sink.scoped(name, key + ".condition");
    CompiledExpression condition =
        expressions.compile(
            spec.condition(), Expect.BOOL, name + ".condition", settings, condProblems);
    if (condition != null && condition.inputs().isEmpty()) {
      condProblems.error(
          "reads no tag: a rule is evaluated when its tags change, so it would never run"
              + " (use tag(\"path\"), quality(\"path\") or age(\"path\"))");
      condition = null;
    }
    CompiledExpression clear = null;
    boolean clearFailed = false;
    if (spec.clear() instanceof Clear.When w) {
      clear =
          expressions.compile(
              w.condition(),
              Expect.BOOL,
              name + ".clear",
              settings,
              sink.scoped(name, key + ".clear"));
      clearFailed = clear == null;
    } else if (spec.clear() instanceof Clear.Deadband d) {
      clear =
          expressions.compileDeadband(
              spec.condition(),
              d.width(),
              name + ".deadband",
              settings,
              sink.scoped(name, key + ".deadband"));
      clearFailed = clear == null;
    }
    List<CompiledAction> actions = new ArrayList<>();
    boolean actionsFailed = false;
    for (int i = 0; i < spec.actions().size(); i++) {
      CompiledAction a =
          compileAction(spec.actions().get(i), name, key + ".actions[" + i + "]", settings, sink);
      if (a == null) {
        actionsFailed = true;
      } else {
        actions.add(a);
      }
    }
    if (spec.actions().isEmpty()) {
      sink.warning(name, key + ".actions", "the rule has no actions: it only shows its state");
    }
    if (condition == null || clearFailed || actionsFailed) {
      return null;
    }
    return new CompiledRule(spec, condition, clear, actions);
  }

  private CompiledAction compileAction(
      RuleAction action, String rule, String key, EvalSettings settings, ProblemSink sink) {
    if (action instanceof WriteAction w) {
      String k = key + ".write";
      Value.Type type = null;
      TagCatalog.Entry entry = catalog.lookup(w.target()).orElse(null);
      boolean ok = true;
      if (entry == null) {
        if (policy == UnknownTagPolicy.REFUSE) {
          sink.error(rule, k + ".target", "unknown tag '" + w.target() + "'");
          ok = false;
        } else {
          sink.warning(
              rule,
              k + ".target",
              "tag '" + w.target() + "' is not known (yet); the write is checked by its owner");
        }
      } else {
        type = entry.type();
        if (!entry.writable()) {
          sink.error(rule, k + ".target", "tag '" + w.target() + "' is not writable");
          ok = false;
        } else if (type != null && !writableType(type)) {
          sink.error(
              rule,
              k + ".target",
              "tag '"
                  + w.target()
                  + "' is of type "
                  + type
                  + "; rules write numbers, bools and strings");
          ok = false;
        }
      }
      CompiledExpression value =
          expressions.compileWriteValue(
              w.value(), type, rule + ".write.value", settings, sink.scoped(rule, k + ".value"));
      CompiledExpression interlock = null;
      if (w.interlock() != null) {
        interlock =
            expressions.compile(
                w.interlock(),
                Expect.BOOL,
                rule + ".write.interlock",
                settings,
                sink.scoped(rule, k + ".interlock"));
        ok &= interlock != null;
      }
      if (!ok || value == null) {
        return null;
      }
      return new CompiledAction.Write(
          w, value, interlock == null ? null : new CompiledInterlock(interlock));
    }
    if (action instanceof AlarmAction a) {
      MessageTemplate m =
          MessageTemplate.compile(
              a.message(),
              expressions,
              rule + ".alarm.message",
              settings,
              sink.scoped(rule, key + ".alarm.message"));
      return m == null ? null : new CompiledAction.Alarm(a, m);
    }
    EventAction ev = (EventAction) action;
    MessageTemplate m =
        MessageTemplate.compile(
            ev.message(),
            expressions,
            rule + ".event.message",
            settings,
            sink.scoped(rule, key + ".event.message"));
    return m == null ? null : new CompiledAction.Event(ev, m);
  }

  private static boolean writableType(Value.Type t) {
    return t.isNumeric()
        || t == Value.Type.BOOLEAN
        || t == Value.Type.STRING
        || t == Value.Type.NULL;
  }
}
