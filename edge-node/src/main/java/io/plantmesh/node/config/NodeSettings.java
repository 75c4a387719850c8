package io.plantmesh.node.config;

import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.core.Secret;
import io.plantmesh.opcua.OpcUaSourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The node's configuration after validation: every value parsed, every secret resolved, every
 * cross-key rule checked. Built by {@link ConfigValidator}; nothing starts from anything else.
 *
 * @param mode embedded default or configured
 * @param nodeName the node's name in the plant
 * @param site the ISA-95 site, if given
 * @param area the ISA-95 area, if given
 * @param sources the OPC UA sources; empty in embedded mode (its source is built once the
 *     simulator's endpoint is known)
 * @param writesEnabled whether writes over REST are allowed
 * @param writeToken the bearer token writers present; present when writes are enabled
 * @param readiness the readiness policy
 * @param queueCapacity the pipeline's queue capacity in batches
 * @param embedded the embedded default's simulator settings
 * @param mesh the mesh this node joins; empty when the mesh is off
 * @param placements each source's placement, in the order of {@code sources} (used with the mesh)
 * @param upstream summaries, the Outbox and the uplink
 * @param decisions rules, alarms and their settings (rules only with the mesh)
 */
public record NodeSettings(
    Mode mode,
    String nodeName,
    Optional<String> site,
    Optional<String> area,
    List<OpcUaSourceConfig> sources,
    boolean writesEnabled,
    Optional<Secret> writeToken,
    ReadinessPolicy readiness,
    int queueCapacity,
    EmbeddedSettings embedded,
    Optional<MeshConfig> mesh,
    List<SourceSpec> placements,
    UpstreamSettings upstream,
    DecisionSettings decisions) {

  /** How the node was configured. */
  public enum Mode {
    /** No sources configured: an in-process PLC simulator and a source reading it. */
    EMBEDDED_DEFAULT,
    /** Sources from the configuration, collected by this node alone. */
    CONFIGURED,
    /** A member of a mesh: sources are collected by whichever node owns them. */
    MESH
  }

  /** The embedded simulator's settings. */
  public record EmbeddedSettings(int tagCount, Duration updateRate, String bindAddress, int port) {}

  public NodeSettings {
    sources = List.copyOf(sources);
    placements = List.copyOf(placements);
  }
}
