package io.plantmesh.node.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.plantmesh.core.Source;
import io.plantmesh.node.config.ConfigValidator;
import io.plantmesh.node.config.InvalidConfigException;
import io.plantmesh.node.config.NodeSettings;
import io.plantmesh.node.config.PlantmeshConfig;
import io.plantmesh.node.metrics.DecisionMetrics;
import io.plantmesh.node.metrics.MeshMetrics;
import io.plantmesh.node.metrics.SourceMetrics;
import io.plantmesh.node.metrics.UpstreamMetrics;
import io.plantmesh.node.pipeline.Pipeline;
import io.plantmesh.node.pipeline.ReadingListener;
import io.plantmesh.node.pipeline.TagStore;
import io.plantmesh.opcua.OpcUaConfigException;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.outbox.OutboxException;
import io.plantmesh.simulator.PlcSimulator;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the node: validates the configuration, starts the embedded simulator if there
 * are no sources, then the pipeline and the sources. Runs on Quarkus' StartupEvent, which comes
 * before the HTTP server opens its port, so a bad configuration stops the process with nothing
 * started and no port opened.
 */
@ApplicationScoped
public class NodeRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(NodeRuntime.class);

  @Inject PlantmeshConfig config;
  @Inject MeterRegistry registry;
  @Inject SourceFactory sourceFactory;

  /** Listener beans (the mesh's, say) are attached to the pipeline at start. */
  @Inject @Any Instance<ReadingListener> listenerBeans;

  @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
  int httpPort;

  private NodeSettings settings;
  private final TagStore store = new TagStore();
  private Pipeline pipeline;
  private final Map<String, Source> sources = Collections.synchronizedMap(new LinkedHashMap<>());
  private PlcSimulator simulator;
  private volatile MeshNode meshNode;
  private Path embeddedPki;
  private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, String> endpoints = new ConcurrentHashMap<>();
  private volatile Upstream upstream;
  private volatile MeshUplink meshUplink;

  void onStart(@Observes @Priority(10) StartupEvent event) {
    settings = ConfigValidator.forProcess().validate(config);
    List<OpcUaSourceConfig> configs = new ArrayList<>(settings.sources());
    if (settings.mode() == NodeSettings.Mode.EMBEDDED_DEFAULT) {
      try {
        simulator = EmbeddedDefault.startSimulator(settings.embedded());
      } catch (RuntimeException e) {
        throw new InvalidConfigException(
            List.of(
                "plantmesh.embedded: the embedded PLC simulator cannot start on "
                    + settings.embedded().bindAddress()
                    + ":"
                    + settings.embedded().port()
                    + ": "
                    + e.getMessage()));
      }
      embeddedPki = EmbeddedDefault.createPkiDir();
      configs.add(
          EmbeddedDefault.sourceConfig(simulator, settings.embedded().tagCount(), embeddedPki));
    }
    List<Source> created = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      endpoints.put(configs.get(i).id(), configs.get(i).endpointUrl());
      try {
        created.add(sourceFactory.create(configs.get(i), settings.nodeName()));
      } catch (OpcUaConfigException e) {
        errors.add(ConfigValidator.describe("plantmesh.sources[" + i + "]", e));
      }
    }
    // Fail closed: every source checks its files and keys before any of them connects.
    for (Source s : created) {
      int i = 0;
      while (!configs.get(i).id().equals(s.id())) {
        i++;
      }
      try {
        s.prepare();
      } catch (OpcUaConfigException e) {
        errors.add(ConfigValidator.describe("plantmesh.sources[" + i + "]", e));
      } catch (IllegalArgumentException e) {
        errors.add("plantmesh.sources[" + i + "] (" + s.id() + "): " + e.getMessage());
      }
    }
    if (errors.isEmpty() && settings.upstream().enabled()) {
      openUpstream(errors);
    }
    if (!errors.isEmpty()) {
      onStop(null);
      throw new InvalidConfigException(errors);
    }
    pipeline = new Pipeline(store, settings.queueCapacity(), registry);
    listenerBeans.forEach(listeners::add);
    synchronized (listeners) {
      listeners.forEach(pipeline::addListener);
    }
    pipeline.start();
    if (upstream != null) {
      upstream.startSummaries(pipeline);
    }
    if (settings.mode() == NodeSettings.Mode.MESH) {
      startMesh(created, configs);
    } else {
      startForwarding(List.of());
      startSources(created);
    }
    logStart();
  }

  /** Opens the Outbox before anything connects: a directory the node cannot use stops it. */
  private void openUpstream(List<String> errors) {
    try {
      upstream = Upstream.open(settings.upstream(), settings.nodeName());
    } catch (OutboxException | IllegalArgumentException e) {
      errors.add(
          "plantmesh.outbox.dir: cannot open the Outbox at '"
              + settings.upstream().outbox().dir()
              + "': "
              + e.getMessage());
    }
  }

  /** Forwarding on this node's own link (without the mesh), before the sources start. */
  private void startForwarding(List<io.plantmesh.kafka.forward.Route> peerRoutes) {
    if (upstream == null) {
      return;
    }
    try {
      upstream.startForwarding(peerRoutes);
    } catch (IllegalStateException e) {
      onStop(null);
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
    UpstreamMetrics.register(registry, upstream);
  }

  /**
   * In the mesh: forwarding on this node's own link first and through peers second, this node's
   * link published to its peers, and (with a link of its own) relaying for them.
   */
  private void startMeshUplink() {
    if (upstream == null) {
      return;
    }
    try {
      meshUplink = MeshUplink.start(meshNode.mesh(), upstream);
    } catch (RuntimeException e) {
      onStop(null);
      throw new InvalidConfigException(List.of("plantmesh.uplink: " + e.getMessage()));
    }
    UpstreamMetrics.register(registry, upstream);
  }

  private CollectionListener collection() {
    Upstream u = upstream;
    return u == null ? CollectionListener.NONE : u;
  }

  private void startSources(List<Source> created) {
    for (int i = 0; i < created.size(); i++) {
      Source s = created.get(i);
      sources.put(s.id(), s);
      SourceMetrics.register(registry, s);
      collection().collecting(s.id());
      try {
        s.start(pipeline.sinkFor(s.id()));
      } catch (RuntimeException e) {
        // Only a configuration the source cannot use at all gets here (see Source#start).
        onStop(null);
        throw new InvalidConfigException(
            List.of("plantmesh.sources[" + i + "] (" + s.id() + "): " + e.getMessage()));
      }
    }
  }

  /** Joins the mesh, which starts each source on the node that is to own it. */
  private void startMesh(List<Source> created, List<OpcUaSourceConfig> configs) {
    Map<String, OwnedSource> owned = new LinkedHashMap<>();
    for (int i = 0; i < created.size(); i++) {
      OpcUaSourceConfig c = configs.get(i);
      OwnedSource s =
          new OwnedSource(
              created.get(i),
              () -> {
                Source next = sourceFactory.create(c, settings.nodeName());
                next.prepare();
                return next;
              });
      owned.put(s.id(), s);
      sources.put(s.id(), s);
      SourceMetrics.register(registry, s);
    }
    try {
      meshNode =
          MeshNode.start(
              settings.mesh().orElseThrow(),
              owned,
              settings.placements(),
              pipeline,
              collection(),
              settings.decisions(),
              new DecisionRecords(settings.nodeName(), upstream));
    } catch (IllegalStateException | IllegalArgumentException e) {
      onStop(null);
      throw new InvalidConfigException(List.of(e.getMessage()));
    }
    MeshMetrics.register(registry, meshNode, owned.values());
    DecisionMetrics.register(registry, meshNode.decisions());
    startMeshUplink();
  }

  /** The REST URL, once the HTTP server listens (its port may have been chosen at bind time). */
  void onHttpStart(@ObservesAsync HttpServerStart event) {
    // With port 0 the options say 0; Quarkus publishes the bound port in its config afterwards.
    String key =
        LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
    int port =
        event.options().getPort() > 0
            ? event.options().getPort()
            : ConfigProvider.getConfig().getOptionalValue(key, Integer.class).orElse(httpPort);
    LOG.info(
        "plantmesh node '{}' ({}) serves live tags at http://localhost:{}/api/tags",
        settings.nodeName(),
        settings.mode().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
        port);
  }

  private void logStart() {
    if (settings.mode() == NodeSettings.Mode.EMBEDDED_DEFAULT) {
      LOG.info(
          "plantmesh node '{}' runs the EMBEDDED DEFAULT: no sources are configured, so an"
              + " in-process PLC simulator ({} tags at {}) is read by source '{}'. Configure"
              + " sources in plantmesh.yaml and start with --config to read real devices.",
          settings.nodeName(),
          settings.embedded().tagCount(),
          simulator.endpointUrl(),
          EmbeddedDefault.SOURCE_ID);
    } else if (settings.mode() == NodeSettings.Mode.MESH) {
      LOG.info(
          "plantmesh node '{}' runs in MESH '{}' with {} member(s); it may own {} source(s): {}",
          settings.nodeName(),
          settings.mesh().orElseThrow().clusterName(),
          meshNode.mesh().members().size(),
          sources.size(),
          sources.keySet());
    } else {
      LOG.info(
          "plantmesh node '{}' runs CONFIGURED with {} source(s): {}",
          settings.nodeName(),
          sources.size(),
          sources.keySet());
    }
  }

  void onStop(@Observes ShutdownEvent event) {
    MeshUplink mu = meshUplink;
    if (mu != null) {
      // Peers stop sending through this node while the mesh can still answer their batches.
      mu.closeRelay();
    }
    if (meshNode != null) {
      // Stops the sources this node owns and lets their next owners start at once.
      try {
        meshNode.close();
      } catch (RuntimeException e) {
        LOG.warn("The mesh did not close cleanly", e);
      }
      meshNode = null;
    }
    List<Source> toStop;
    synchronized (sources) {
      toStop = new ArrayList<>(sources.values());
    }
    for (Source s : toStop) {
      try {
        s.stop();
      } catch (RuntimeException e) {
        LOG.warn("Source {} did not stop cleanly", s.id(), e);
      }
    }
    Upstream u = upstream;
    if (u != null) {
      // Before the pipeline: the last batches close the windows, which go to the Outbox.
      try {
        u.close();
      } catch (RuntimeException e) {
        LOG.warn("The upstream did not close cleanly", e);
      }
    }
    if (mu != null) {
      mu.close();
      meshUplink = null;
    }
    if (pipeline != null) {
      pipeline.close();
    }
    closeSimulator();
    if (embeddedPki != null) {
      EmbeddedDefault.deletePkiDir(embeddedPki);
      embeddedPki = null;
    }
  }

  /**
   * Registers a listener for every batch the pipeline delivers from now on (see {@link
   * ReadingListener}); may be called before or after start. Beans implementing {@link
   * ReadingListener} are registered automatically.
   */
  public void addReadingListener(ReadingListener listener) {
    synchronized (listeners) {
      listeners.add(listener);
      if (pipeline != null) {
        pipeline.addListener(listener);
      }
    }
  }

  private void closeSimulator() {
    if (simulator != null) {
      simulator.close();
      simulator = null;
    }
  }

  public NodeSettings settings() {
    return settings;
  }

  public TagStore store() {
    return store;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  /** The sources in configuration order. */
  public List<Source> sources() {
    synchronized (sources) {
      return List.copyOf(sources.values());
    }
  }

  public Optional<Source> source(String id) {
    return Optional.ofNullable(sources.get(id));
  }

  /** The endpoint URL a source connects to. */
  public String endpointOf(String sourceId) {
    return endpoints.get(sourceId);
  }

  /** The upstream (summaries, Outbox, forwarder), when {@code plantmesh.uplink.enabled}. */
  public Optional<Upstream> upstream() {
    return Optional.ofNullable(upstream);
  }

  /** The upstream's part in the mesh (peers' links, the route through them, the relay). */
  public Optional<MeshUplink> meshUplink() {
    return Optional.ofNullable(meshUplink);
  }

  /** The node's member of the mesh, when the mesh is on. */
  public Optional<MeshNode> mesh() {
    return Optional.ofNullable(meshNode);
  }

  /** Alarms, rules and the write audit: with the mesh on. */
  public Optional<Decisions> decisions() {
    return Optional.ofNullable(meshNode).map(MeshNode::decisions);
  }

  /** The embedded simulator, in embedded-default mode. */
  public Optional<PlcSimulator> simulator() {
    return Optional.ofNullable(simulator);
  }
}
