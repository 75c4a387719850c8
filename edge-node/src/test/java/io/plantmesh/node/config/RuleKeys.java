package io.plantmesh.node.config;

import io.plantmesh.cluster.rules.RuleLoader;
import io.plantmesh.cluster.rules.RuleProblem;
import io.plantmesh.cluster.rules.RuleSetException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys of a rule, learnt from the cluster's rule loader (as {@link ModuleKeys} does for the
 * upstream modules): a rule with an unknown key is refused with the known ones listed, and so is an
 * action of an unknown kind, and each kind's body with an unknown key.
 */
final class RuleKeys {
  static final String PREFIX = "plantmesh.rules[*].";
  private static final String PROBE = "zz-probe";
  private static final Pattern KNOWN = Pattern.compile("\\(known: ([^)]*)\\)$");

  private RuleKeys() {}

  /** Every key of a rule, as the reference writes them ({@code plantmesh.rules[*].for}...). */
  static TreeSet<String> discover() {
    TreeSet<String> out = new TreeSet<>();
    for (String k : known(Map.of("name", "r", "condition", "x", PROBE, "1"))) {
      if (!k.equals("actions")) {
        out.add(PREFIX + k);
      }
    }
    for (String kind : known(Map.of("name", "r", "actions", List.of(Map.of(PROBE, Map.of()))))) {
      Map<String, Object> action = Map.of(kind, Map.of(PROBE, "1"));
      for (String k : known(Map.of("name", "r", "actions", List.of(action)))) {
        out.add(PREFIX + "actions[*]." + kind + "." + k);
      }
    }
    return out;
  }

  private static List<String> known(Map<String, Object> rule) {
    try {
      RuleLoader.read(List.of(rule), "plantmesh.rules");
    } catch (RuleSetException e) {
      for (RuleProblem p : e.errors()) {
        Matcher m = KNOWN.matcher(p.message());
        if ((p.key().endsWith(PROBE) || p.message().contains(PROBE)) && m.find()) {
          return List.of(m.group(1).split(", "));
        }
      }
      throw new AssertionError("no list of known keys in " + e.getMessage());
    }
    throw new AssertionError("the loader took " + rule);
  }
}
