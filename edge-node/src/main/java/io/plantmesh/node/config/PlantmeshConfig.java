package io.plantmesh.node.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The node's configuration: the {@code plantmesh:} tree of {@code plantmesh.yaml}. Every key is
 * documented in {@code docs/configuration.md}; a test keeps that file in sync with these
 * interfaces. Values are only parsed here; cross-key rules are checked by {@link ConfigValidator}
 * before anything starts.
 */
@ConfigMapping(prefix = "plantmesh")
public interface PlantmeshConfig {

  /**
   * The plantmesh.yaml file to read. Set it with {@code --config <path>}, {@code
   * -Dplantmesh.config=<path>} or the environment variable {@code PLANTMESH_CONFIG}, in that order
   * of precedence; without any, {@code ./plantmesh.yaml} is read if it exists.
   */
  Optional<Path> config();

  /** This node's identity in the plant. */
  Node node();

  /**
   * The devices this node collects from. With none, the node runs the embedded default: an
   * in-process PLC simulator and a source that reads it.
   */
  List<SourceSection> sources();

  /** The REST API. */
  Api api();

  /** Health checks. */
  Health health();

  /** The in-node data path between sources and the tag store. */
  Pipeline pipeline();

  /** The embedded default (used only when no sources are configured and the mesh is off). */
  Embedded embedded();

  /**
   * The mesh: nodes that share the plant-wide tag table, own sources together and fail over. Off by
   * default; see {@link MeshSection}.
   */
  MeshSection mesh();

  /**
   * Summaries of the readings this node collects: the keys of {@code
   * io.plantmesh.kafka.summary.SummaryConfig}, read and checked by that module (so they are not
   * declared here; {@code docs/configuration.md} lists them and a test keeps it in sync).
   */
  Map<String, String> summaries();

  /**
   * The Outbox where summaries wait until Kafka has them: the keys of {@code
   * io.plantmesh.outbox.OutboxConfig}, read by that module.
   */
  Map<String, String> outbox();

  /** The link to Kafka. Off by default. */
  Uplink uplink();

  /**
   * Rules evaluated in the mesh: each entry is read and checked by the cluster's {@code
   * io.plantmesh.cluster.rules.RuleLoader} (so its keys are not declared here; {@code
   * docs/configuration.md} lists them and a test keeps it in sync).
   */
  List<RuleSection> rules();

  /** How the rules are compiled and their actions run. */
  RuleSettings ruleSettings();

  /** The node's identity; ISA-95 site and area are informational. */
  interface Node {
    /**
     * The node's name, unique in the plant: lower-case letters, digits and {@code -}. Required when
     * sources are configured; the embedded default uses {@code plantmesh-demo}.
     */
    Optional<String> name();

    /** The ISA-95 site the node belongs to, shown over REST. */
    Optional<String> site();

    /** The ISA-95 area the node belongs to, shown over REST. */
    Optional<String> area();
  }

  /** The REST API. */
  interface Api {
    /** Writes over REST ({@code PUT /api/tags/{path}/value}). */
    Writes writes();

    /** Acknowledging alarms over REST ({@code POST /api/alarms/{id}/acknowledge}). */
    Alarms alarms();
  }

  /** Acknowledging alarms over REST: refused unless a token is configured. */
  interface Alarms {
    /**
     * The bearer token an operator must present to acknowledge an alarm, as a secret reference
     * ({@code env:NAME} or {@code file:/path}); without it acknowledging is refused (403).
     */
    Optional<String> token();
  }

  /** Writes over REST: off by default, and then guarded by a bearer token. */
  interface Writes {
    /** Whether {@code PUT /api/tags/{path}/value} is allowed. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The bearer token a writer must present, as a secret reference ({@code env:NAME} or {@code
     * file:/path}; inline text is refused). Required when writes are enabled.
     */
    Optional<String> token();
  }

  /** Health checks. */
  interface Health {
    /** When the node reports ready while some sources are not connected. */
    @WithDefault("any-connected")
    ReadinessPolicy readiness();
  }

  /** The in-node data path. */
  interface Pipeline {
    /**
     * Batches that may wait between the sources and the tag store. When the queue is full the
     * delivering source's thread waits (back-pressure), counted in {@code
     * plantmesh_pipeline_backpressure_waits_total}.
     */
    @WithDefault("10000")
    int queueCapacity();
  }

  /**
   * Upstream: on, the node summarises what it collects, keeps the summaries in the Outbox and sends
   * them to Kafka (its own link, or a peer's in the mesh).
   */
  interface Uplink {
    /** Whether the node sends summaries upstream. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The other keys: those of {@code io.plantmesh.kafka.forward.UplinkConfig}, read and checked by
     * that module.
     */
    @WithParentName
    Map<String, String> settings();
  }

  /** The embedded default: a PLC simulator in-process and an OPC UA source browsing it. */
  interface Embedded {
    /** Tags the simulator serves. */
    @WithDefault("1000")
    int tagCount();

    /** How often the simulator changes its values. */
    @WithDefault("1s")
    Duration updateRate();

    /** The address the simulator's OPC UA endpoint binds to. */
    @WithDefault("127.0.0.1")
    String bindAddress();

    /** The simulator's TCP port; 0 picks a free one. */
    @WithDefault("0")
    int port();
  }
}
