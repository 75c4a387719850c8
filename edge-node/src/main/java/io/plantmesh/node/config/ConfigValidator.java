package io.plantmesh.node.config;

import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.core.Secret;
import io.plantmesh.opcua.OpcUaConfigException;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the whole configuration at start-up, before anything starts, and turns it into {@link
 * NodeSettings}. Every problem found is reported at once, each naming the key, the value and the
 * reason, so that a plant engineer fixes the file in one pass.
 */
public final class ConfigValidator {
  /** The embedded default's node name. */
  public static final String EMBEDDED_NODE_NAME = "plantmesh-demo";

  private static final Pattern NODE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
  private static final String WRITES_TOKEN = "plantmesh.api.writes.token";

  private final Map<String, String> env;

  /**
   * @param env the environment that {@code env:NAME} secrets resolve against
   */
  public ConfigValidator(Map<String, String> env) {
    this.env = env;
  }

  /** A validator resolving secrets against the process environment. */
  public static ConfigValidator forProcess() {
    return new ConfigValidator(System.getenv());
  }

  /**
   * Validates {@code config}.
   *
   * @throws InvalidConfigException listing every problem found
   */
  public NodeSettings validate(PlantmeshConfig config) {
    List<String> errors = new ArrayList<>();
    boolean meshOn = config.mesh().enabled();
    boolean embedded = config.sources().isEmpty() && !meshOn;

    String nodeName = config.node().name().orElse(null);
    if (nodeName == null) {
      if (!embedded) {
        errors.add(
            "plantmesh.node.name: is required when sources are configured or the mesh is on"
                + " (lower-case letters, digits and '-', unique in the plant)");
      }
      nodeName = EMBEDDED_NODE_NAME;
    } else if (!NODE_NAME.matcher(nodeName).matches()) {
      errors.add(
          "plantmesh.node.name: '"
              + nodeName
              + "' must be 1 to 63 lower-case letters, digits and '-', not starting or ending"
              + " with '-'");
    }

    List<OpcUaSourceConfig> sources = new ArrayList<>();
    Map<String, Integer> ids = new HashMap<>();
    List<Integer> indexes = new ArrayList<>();
    SourceConfigMapper mapper = new SourceConfigMapper(env);
    for (int i = 0; i < config.sources().size(); i++) {
      SourceSection s = config.sources().get(i);
      String key = "plantmesh.sources[" + i + "]";
      Integer before = ids.putIfAbsent(s.id(), i);
      if (before != null) {
        errors.add(
            key
                + ".id: '"
                + s.id()
                + "' is already the id of plantmesh.sources["
                + before
                + "]; source ids must be unique");
        continue;
      }
      if (!"opcua".equals(s.type())) {
        errors.add(key + ".type: '" + s.type() + "' is not a known source type; known: opcua");
        continue;
      }
      int index = i;
      mapper
          .map(key, s, errors)
          .ifPresent(
              c -> {
                sources.add(c);
                indexes.add(index);
              });
    }
    checkOverlaps(sources, indexes, errors);

    boolean writes = config.api().writes().enabled();
    Optional<Secret> token = writeToken(config.api().writes(), errors);

    int capacity = config.pipeline().queueCapacity();
    if (capacity < 1) {
      errors.add("plantmesh.pipeline.queue-capacity: '" + capacity + "' must be at least 1");
    }

    PlantmeshConfig.Embedded e = config.embedded();
    if (embedded) {
      checkEmbedded(e, errors);
    }

    UpstreamSettings upstream = new UpstreamConfigMapper(env).map(config, nodeName, meshOn, errors);

    List<SourceSpec> placements = MeshConfigMapper.placements(config.sources(), errors);
    Optional<MeshConfig> mesh =
        new MeshConfigMapper(env)
            .map(
                config.mesh(),
                nodeName,
                config.node(),
                ids.keySet(),
                upstream.ownLink().isPresent(),
                errors);

    DecisionSettings decisions =
        new RuleConfigMapper(env).map(config, meshOn, config.mesh().writes().resultTtl(), errors);

    if (!errors.isEmpty()) {
      throw new InvalidConfigException(errors);
    }
    return new NodeSettings(
        embedded
            ? NodeSettings.Mode.EMBEDDED_DEFAULT
            : meshOn ? NodeSettings.Mode.MESH : NodeSettings.Mode.CONFIGURED,
        nodeName,
        config.node().site(),
        config.node().area(),
        sources,
        writes,
        token,
        config.health().readiness(),
        capacity,
        new NodeSettings.EmbeddedSettings(e.tagCount(), e.updateRate(), e.bindAddress(), e.port()),
        mesh,
        placements,
        upstream,
        decisions);
  }

  /**
   * Two sources of one node must not deliver the same tag path: the node orders a tag's readings by
   * sequence, which is per source (ADR 0007), and one would overwrite the other. Refuses equal path
   * prefixes (a source without one uses its id) and equal explicit tag paths.
   */
  private static void checkOverlaps(
      List<OpcUaSourceConfig> sources, List<Integer> indexes, List<String> errors) {
    Map<String, String> prefixes = new HashMap<>();
    Map<String, String> paths = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      OpcUaSourceConfig c = sources.get(i);
      String key = "plantmesh.sources[" + indexes.get(i) + "]";
      String prefix = c.pathPrefix() != null ? c.pathPrefix().toString() : c.id();
      String other = prefixes.putIfAbsent(prefix, c.id());
      if (other != null) {
        errors.add(
            key
                + ".path-prefix: '"
                + prefix
                + "' is also the path prefix (or id) of source '"
                + other
                + "' ('"
                + c.id()
                + "' would deliver the same tag paths)");
      }
      for (int t = 0; t < c.tags().size(); t++) {
        if (c.tags().get(t).path() == null) {
          continue;
        }
        String path = c.tags().get(t).path().toString();
        String owner = paths.putIfAbsent(path, c.id());
        if (owner != null) {
          errors.add(
              key
                  + ".tags["
                  + t
                  + "].path: '"
                  + path
                  + "' is also a tag path of source '"
                  + owner
                  + "' (a tag path belongs to one source; this is '"
                  + c.id()
                  + "')");
        }
      }
    }
  }

  /**
   * An OPC UA record's complaint as {@code key: reason}, with its relative key put under {@code
   * key} (e.g. {@code plantmesh.sources[0]}).
   */
  public static String describe(String key, OpcUaConfigException e) {
    return SourceConfigMapper.fullKey(key, e.key()) + ": " + e.reason();
  }

  private Optional<Secret> writeToken(PlantmeshConfig.Writes writes, List<String> errors) {
    Optional<String> ref = writes.token();
    if (writes.enabled() && ref.isEmpty()) {
      errors.add(
          WRITES_TOKEN
              + ": is required when plantmesh.api.writes.enabled is true"
              + " (env:NAME or file:/path holding the bearer token)");
      return Optional.empty();
    }
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    String r = ref.get();
    boolean isReference = r.startsWith("env:") || r.startsWith("file:");
    if (!writes.enabled() && isReference) {
      // Not used while writes are off; resolving it would demand a variable nobody needs.
      return Optional.empty();
    }
    try {
      return Optional.of(Secret.resolve(WRITES_TOKEN, r, env));
    } catch (IllegalArgumentException ex) {
      errors.add(ex.getMessage());
      return Optional.empty();
    }
  }

  private static void checkEmbedded(PlantmeshConfig.Embedded e, List<String> errors) {
    if (e.tagCount() < 1) {
      errors.add("plantmesh.embedded.tag-count: '" + e.tagCount() + "' must be at least 1");
      return;
    }
    try {
      SimulatorConfig.builder()
          .tags(e.tagCount())
          .rate(e.updateRate())
          .bindAddress(e.bindAddress())
          .port(e.port())
          .build();
    } catch (IllegalArgumentException ex) {
      // The simulator names its own setting; map it onto ours.
      String msg = ex.getMessage();
      String key =
          msg.startsWith("rate")
              ? "update-rate"
              : msg.startsWith("port")
                  ? "port"
                  : msg.startsWith("bindAddress") ? "bind-address" : "tag-count";
      errors.add("plantmesh.embedded." + key + ": " + msg);
    }
  }
}
