package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} in sync with the {@code @ConfigMapping} interfaces: every key
 * the node reads is documented, nothing documented is unknown, and every default agrees.
 */
class ConfigReferenceTest {
  static final Path DOC = Path.of("..", "docs", "configuration.md");
  private static final String NONE = "—";

  /** Sections the node hands whole to a module (a {@code Map} in the mapping). */
  private static final Map<String, ModuleKeys.Module> MODULES =
      Map.of(
          "plantmesh.uplink.", ModuleKeys.UPLINK,
          "plantmesh.summaries.", ModuleKeys.SUMMARIES,
          "plantmesh.outbox.", ModuleKeys.OUTBOX);

  @Test
  void everyKeyIsDocumentedWithItsDefault() throws IOException {
    Map<String, String> code = new TreeMap<>();
    walk("plantmesh", PlantmeshConfig.class, code);
    Map<String, String> doc = documented();
    // Module keys are checked against the modules below, rule keys against the rule loader.
    doc.keySet().removeIf(k -> moduleOf(k) != null && !code.containsKey(k));
    doc.keySet().removeIf(k -> k.startsWith(RuleKeys.PREFIX));

    TreeSet<String> missing = new TreeSet<>(code.keySet());
    missing.removeAll(doc.keySet());
    TreeSet<String> unknown = new TreeSet<>(doc.keySet());
    unknown.removeAll(code.keySet());
    assertTrue(missing.isEmpty(), "keys missing from docs/configuration.md: " + missing);
    assertTrue(unknown.isEmpty(), "docs/configuration.md documents unknown keys: " + unknown);
    List<String> wrong = new ArrayList<>();
    code.forEach(
        (k, v) -> {
          if (!v.equals(doc.get(k))) {
            wrong.add(k + ": code says " + v + ", docs say " + doc.get(k));
          }
        });
    assertTrue(wrong.isEmpty(), "defaults differ: " + wrong);
    assertTrue(code.size() > 60, "the walk found too few keys: " + code.size());
  }

  /**
   * The keys of the sections read by the upstream modules: the reference lists exactly the keys
   * each module knows (learnt from the module, see {@link ModuleKeys}), and each documented default
   * is the module's (the section parsed with the key set to it equals the section parsed without).
   */
  @Test
  void upstreamKeysAreTheModulesKeysWithTheirDefaults() throws IOException {
    Map<String, String> doc = documented();
    TreeSet<String> code = new TreeSet<>();
    for (Map.Entry<String, ModuleKeys.Module> m : MODULES.entrySet()) {
      if (m.getValue() == ModuleKeys.OUTBOX) {
        UpstreamConfigMapper.OUTBOX_KEYS.forEach(k -> code.add(m.getKey() + k));
      } else {
        ModuleKeys.discover(m.getValue()).forEach(k -> code.add(m.getKey() + k));
      }
    }
    TreeSet<String> documented = new TreeSet<>(doc.keySet());
    documented.removeIf(k -> moduleOf(k) == null || k.equals("plantmesh.uplink.enabled"));
    TreeSet<String> missing = new TreeSet<>(code);
    missing.removeAll(documented);
    TreeSet<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(code);
    assertTrue(missing.isEmpty(), "module keys missing from docs/configuration.md: " + missing);
    assertTrue(
        unknown.isEmpty(), "docs/configuration.md documents keys no module reads: " + unknown);
    assertTrue(code.size() > 40, "too few module keys found: " + code);

    List<String> wrong = new ArrayList<>();
    for (String key : documented) {
      String dflt = doc.get(key);
      if (dflt.equals(NONE) || key.contains("*")) {
        continue;
      }
      ModuleKeys.Module m = MODULES.get(moduleOf(key));
      String relative = key.substring(moduleOf(key).length());
      try {
        if (!m.with(relative, dflt).equals(m.defaults())) {
          wrong.add(key + ": the module's default is not " + dflt);
        }
      } catch (IllegalArgumentException e) {
        wrong.add(key + ": " + e.getMessage());
      }
    }
    assertTrue(wrong.isEmpty(), "documented defaults differ from the modules': " + wrong);
  }

  /** The keys of a rule: exactly those the cluster's rule loader reads. */
  @Test
  void ruleKeysAreTheLoadersKeys() throws IOException {
    TreeSet<String> code = RuleKeys.discover();
    TreeSet<String> documented = new TreeSet<>(documented().keySet());
    documented.removeIf(k -> !k.startsWith(RuleKeys.PREFIX));
    assertEquals(code, documented);
    assertTrue(code.size() > 15, "too few rule keys found: " + code);
  }

  /**
   * The Outbox ignores keys it does not know, so the node keeps the list: each key must change the
   * configuration, and together they must cover every setting of {@code OutboxConfig}.
   */
  @Test
  void theNodesOutboxKeysAreTheOutboxSettings() {
    Map<String, String> other =
        Map.of(
            "dir", "/srv/other",
            "max-bytes", "2g",
            "segment-bytes", "16m",
            "fsync", "interval",
            "fsync-interval", "2s",
            "checkpoint-interval", "3s",
            "evictable-classes", "none");
    assertEquals(new TreeSet<>(other.keySet()), new TreeSet<>(UpstreamConfigMapper.OUTBOX_KEYS));
    assertEquals(io.plantmesh.outbox.OutboxConfig.class.getRecordComponents().length, other.size());
    Object defaults = ModuleKeys.OUTBOX.defaults();
    for (Map.Entry<String, String> e : other.entrySet()) {
      assertNotEquals(
          defaults,
          ModuleKeys.OUTBOX.with(e.getKey(), e.getValue()),
          e.getKey() + " had no effect");
    }
  }

  private static String moduleOf(String key) {
    for (String prefix : MODULES.keySet()) {
      if (key.startsWith(prefix)) {
        return prefix;
      }
    }
    return null;
  }

  /** Key to default ({@code —} for none) from the reference table. */
  static Map<String, String> documented() throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (String line : Files.readAllLines(DOC)) {
      if (!line.startsWith("| `plantmesh.")) {
        continue;
      }
      String[] cells = line.split("\\|");
      String key = unquote(cells[1]);
      String dflt = unquote(cells[3]);
      out.put(key, dflt);
    }
    return out;
  }

  private static String unquote(String cell) {
    String s = cell.strip();
    return s.startsWith("`") && s.endsWith("`") ? s.substring(1, s.length() - 1) : s;
  }

  private static void walk(String prefix, Class<?> group, Map<String, String> out) {
    for (Method m : group.getMethods()) {
      if (m.isDefault() || m.getParameterCount() > 0) {
        continue;
      }
      String key = prefix + "." + kebab(m.getName());
      Type t = m.getGenericReturnType();
      Class<?> raw = m.getReturnType();
      if (raw == Map.class) {
        continue; // a section read by a module: see upstreamKeysAreTheModulesKeysWithTheirDefaults
      }
      if (raw == Optional.class || raw == List.class) {
        Type arg = ((ParameterizedType) t).getActualTypeArguments()[0];
        if (arg instanceof Class<?> c && isGroup(c)) {
          walk(raw == List.class ? key + "[*]" : key, c, out);
          continue;
        }
      } else if (isGroup(raw)) {
        walk(key, raw, out);
        continue;
      }
      WithDefault d = m.getAnnotation(WithDefault.class);
      out.put(key, d == null ? NONE : d.value());
    }
  }

  private static boolean isGroup(Class<?> c) {
    return c.isInterface() && c.getPackageName().equals(PlantmeshConfig.class.getPackageName());
  }

  static String kebab(String name) {
    StringBuilder sb = new StringBuilder();
    for (char ch : name.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('-').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  @Test
  void kebabCaseMatchesSmallRye() {
    assertEquals("sampling-interval", kebab("samplingInterval"));
    assertEquals("auto-accept-untrusted", kebab("autoAcceptUntrusted"));
  }
}
