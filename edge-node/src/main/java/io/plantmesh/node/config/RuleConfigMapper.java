package io.plantmesh.node.config;

import io.plantmesh.cluster.decisions.RuleHost;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.RuleCompiler;
import io.plantmesh.cluster.rules.RuleLoader;
import io.plantmesh.cluster.rules.RuleProblem;
import io.plantmesh.cluster.rules.RuleSetException;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code plantmesh.rules}, {@code plantmesh.rule-settings} and {@code
 * plantmesh.api.alarms.token} into {@link DecisionSettings}: each rule's keys go to the cluster's
 * {@link RuleLoader} (which names {@code plantmesh.rules[i]...} in its problems), and the set is
 * compiled here, at start-up, against what the node knows of its tags then: the tags its sources
 * name with an explicit {@code path}, typed where they declare a {@code data-type}. Tags found by
 * browsing, and tags of peers' sources, are not known before connecting: the unknown-tag policy
 * decides.
 */
final class RuleConfigMapper {
  private static final String ALARMS_TOKEN = "plantmesh.api.alarms.token";
  private static final String SETTINGS = "plantmesh.rule-settings.";

  private final Map<String, String> env;

  RuleConfigMapper(Map<String, String> env) {
    this.env = env;
  }

  /**
   * @param meshOn whether the node joins a mesh (rules run only there)
   * @param resultTtl the mesh's {@code writes.result-ttl}: a rule's write may not outlive it
   */
  DecisionSettings map(
      PlantmeshConfig config, boolean meshOn, Duration resultTtl, List<String> errors) {
    TagCatalog catalog = catalog(config.sources(), errors);
    Optional<Secret> token = token(config.api().alarms(), errors);
    RuleSettings s = config.ruleSettings();
    RuleHost.Settings host = null;
    try {
      host = new RuleHost.Settings(s.writeExpiry(), s.writeFailureSeverity(), s.actionThreads());
    } catch (IllegalArgumentException e) {
      errors.add(settingsKey(e.getMessage()));
    }
    if (host != null && s.writeExpiry().compareTo(resultTtl) > 0) {
      errors.add(
          SETTINGS
              + "write-expiry: '"
              + s.writeExpiry()
              + "' is longer than plantmesh.mesh.writes.result-ttl ("
              + resultTtl
              + "): an owner would forget a write's outcome before the write expires");
    }
    if (s.alarmRetention().compareTo(Duration.ofMinutes(1)) < 0) {
      errors.add(
          SETTINGS + "alarm-retention: '" + s.alarmRetention() + "' is shorter than a minute");
    }
    List<Object> tree = new ArrayList<>();
    for (RuleSection r : config.rules()) {
      tree.add(typed(ConfigTree.of(r.fields())));
    }
    CompiledRuleSet rules = new CompiledRuleSet(List.of(), List.of());
    if (!tree.isEmpty()) {
      if (!meshOn) {
        errors.add(
            RuleCompiler.DEFAULT_KEY
                + ": rules run in the mesh, which decides which node evaluates each rule and"
                + " routes its writes to the PLC's owner; set plantmesh.mesh.enabled: true (a"
                + " mesh of one node is fine)");
      }
      try {
        rules =
            RuleLoader.load(
                tree, RuleCompiler.DEFAULT_KEY, new RuleCompiler(catalog, s.unknownTags()));
      } catch (RuleSetException e) {
        e.errors().forEach(p -> errors.add(describe(p)));
      }
    }
    if (host == null) {
      host = RuleHost.Settings.defaults();
    }
    return new DecisionSettings(rules, host, s.alarmRetention(), token, catalog.size());
  }

  /** A problem as the node's other errors read: {@code key (rule 'name'): what}. */
  static String describe(RuleProblem p) {
    return p.toString();
  }

  /**
   * The tags this node's sources name with an explicit path. Keys a source refuses anyway (a bad
   * path) are left to the source's own checks; an unknown data type is reported here.
   */
  private static TagCatalog catalog(List<SourceSection> sources, List<String> errors) {
    TagCatalog catalog = TagCatalog.empty();
    for (int i = 0; i < sources.size(); i++) {
      List<SourceSection.Tag> tags = sources.get(i).tags();
      for (int t = 0; t < tags.size(); t++) {
        SourceSection.Tag tag = tags.get(t);
        Value.Type type = null;
        if (tag.dataType().isPresent()) {
          type = TagCatalog.typeOf(tag.dataType().get());
          if (type == null) {
            errors.add(
                "plantmesh.sources["
                    + i
                    + "].tags["
                    + t
                    + "].data-type: '"
                    + tag.dataType().get()
                    + "' is not an OPC UA built-in scalar type (Boolean, SByte, Byte, Int16,"
                    + " UInt16, Int32, UInt32, Int64, UInt64, Float, Double, String, ByteString,"
                    + " DateTime)");
            continue;
          }
        }
        if (tag.path().isEmpty()) {
          continue;
        }
        try {
          // Writable as far as the node knows: the owner's source refuses what the PLC does.
          catalog = catalog.with(TagPath.of(tag.path().get().strip()), type, true);
        } catch (IllegalArgumentException e) {
          // The source's mapper reports the bad path with its key.
        }
      }
    }
    return catalog;
  }

  /**
   * What the YAML parser changed back to what the rule said: the configuration gives every value as
   * text, and the loader wants a {@code deadband} as a number (other values it reads from text);
   * and YAML 1.1 reads the key {@code on} (of a write or event) as the boolean {@code true}.
   */
  private static Map<String, Object> typed(Map<String, Object> rule) {
    if (rule.get("deadband") instanceof String s) {
      try {
        rule.put("deadband", Double.parseDouble(s.strip()));
      } catch (NumberFormatException e) {
        // Left as text: the loader says it must be a positive number.
      }
    }
    if (rule.get("actions") instanceof List<?> actions) {
      for (Object a : actions) {
        if (a instanceof Map<?, ?> action) {
          for (Object body : action.values()) {
            if (body instanceof Map<?, ?> m && m.containsKey("true") && !m.containsKey("on")) {
              @SuppressWarnings("unchecked")
              Map<String, Object> fields = (Map<String, Object>) m;
              fields.put("on", fields.remove("true"));
            }
          }
        }
      }
    }
    return rule;
  }

  private Optional<Secret> token(PlantmeshConfig.Alarms alarms, List<String> errors) {
    if (alarms.token().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Secret.resolve(ALARMS_TOKEN, alarms.token().get(), env));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return Optional.empty();
    }
  }

  /** The host's messages ({@code rule write expiry: ...}) under the node's keys. */
  private static String settingsKey(String message) {
    if (message.startsWith("rule write expiry")) {
      return SETTINGS + "write-expiry" + message.substring("rule write expiry".length());
    }
    if (message.startsWith("rule action threads")) {
      return SETTINGS + "action-threads" + message.substring("rule action threads".length());
    }
    return SETTINGS.substring(0, SETTINGS.length() - 1) + ": " + message;
  }
}
