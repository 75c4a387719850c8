package io.plantmesh.node.internal;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.MeshConfig;
import io.plantmesh.cluster.OwnershipListener;
import io.plantmesh.cluster.SourceSpec;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.node.config.DecisionSettings;
import io.plantmesh.node.pipeline.Pipeline;
import io.plantmesh.node.pipeline.ReadingListener;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's member of the mesh: publishes every batch the pipeline delivers to the plant-wide tag
 * table, starts and stops its sources as the mesh hands them to it, applies the writes routed to
 * the sources it owns, and takes part in the mesh's decisions (alarms, and the rules it is handed).
 */
public final class MeshNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MeshNode.class);

  private final Mesh mesh;
  private final Pipeline pipeline;
  private final ReadingListener publisher;
  private final AtomicLong unpublished = new AtomicLong();
  private volatile Decisions decisions;

  /** A warm instance that has not heard every tag after this long is ready all the same. */
  private static final Duration WARM_SETTLE = Duration.ofSeconds(5);

  private final ScheduledExecutorService warmChecks =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "plantmesh-warmup");
            t.setDaemon(true);
            return t;
          });

  private MeshNode(Mesh mesh, Pipeline pipeline) {
    this.mesh = mesh;
    this.pipeline = pipeline;
    this.publisher = this::publish;
  }

  /**
   * Joins the mesh and declares the node's sources; the mesh starts the ones this node is to own
   * (on its ownership thread, shortly after this returns).
   *
   * @param sources the node's sources by id, in configuration order
   * @param placements every source's placement, as each node that lists it declares it
   * @param collection told when a source starts and stops delivering here (the upstream's windows)
   * @param rules the rules and alarm settings; the rule host starts before the sources do
   * @param records where alarm steps and rule events go
   * @throws IllegalStateException when the Hazelcast member cannot start (the port is taken, say)
   * @throws IllegalArgumentException when the rule host refuses its settings
   */
  public static MeshNode start(
      MeshConfig config,
      Map<String, OwnedSource> sources,
      List<SourceSpec> placements,
      Pipeline pipeline,
      CollectionListener collection,
      DecisionSettings rules,
      DecisionRecords records) {
    Mesh mesh = Mesh.start(config);
    MeshNode node = new MeshNode(mesh, pipeline);
    try {
      pipeline.addListener(node.publisher);
      mesh.setWriteHandler(
          (sourceId, path, value) -> {
            OwnedSource s = sources.get(sourceId);
            if (s == null) {
              return CompletableFuture.failedFuture(
                  new WriteRefusedException(
                      WriteRefusedException.Reason.UNKNOWN_TAG,
                      "source " + sourceId + " is not configured on node " + mesh.name()));
            }
            return s.write(path, value);
          });
      // Before the sources: a rule acquired now sees the first readings.
      node.decisions = Decisions.start(mesh, rules, records);
      mesh.declareSources(
          placements,
          new OwnershipListener() {
            @Override
            public void onAcquired(String sourceId, long epoch) {
              OwnedSource s = sources.get(sourceId);
              if (!s.collecting()) {
                // Before the gate opens: a warm instance flushes its held readings at once.
                collection.collecting(sourceId);
              }
              s.acquire(epoch, pipeline.sinkFor(sourceId));
            }

            @Override
            public void onReleased(String sourceId, long epoch) {
              OwnedSource s = sources.get(sourceId);
              boolean was = s.collecting();
              s.release();
              if (was) {
                collection.stopped(sourceId);
              }
            }

            @Override
            public void onStandby(String sourceId, Runnable ready) {
              OwnedSource s = sources.get(sourceId);
              s.warmUp(pipeline.sinkFor(sourceId));
              node.awaitWarm(s, ready);
            }

            @Override
            public void onStandbyCancelled(String sourceId) {
              sources.get(sourceId).cancelWarmUp();
            }
          });
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  /** Tells the mesh the warm instance is ready once it is (checked every 100 ms). */
  private void awaitWarm(OwnedSource s, Runnable ready) {
    warmChecks.schedule(
        () -> {
          if (!s.warming()) {
            return; // acquired (the owner left) or cancelled meanwhile
          }
          if (s.warmedUp(WARM_SETTLE)) {
            LOG.info("Source {}: warm, ready to take over", s.id());
            ready.run();
          } else {
            awaitWarm(s, ready);
          }
        },
        100,
        TimeUnit.MILLISECONDS);
  }

  private void publish(String sourceId, List<io.plantmesh.core.Reading> readings) {
    try {
      mesh.tagTable().publish(sourceId, readings);
    } catch (IllegalStateException e) {
      // Only while shutting down: the sources stopped with the mesh, the queue still held these.
      unpublished.addAndGet(readings.size());
      LOG.debug("{} readings of {} not published: {}", readings.size(), sourceId, e.getMessage());
    }
  }

  public Mesh mesh() {
    return mesh;
  }

  /** Alarms, the rule host and the audit's reading. */
  public Decisions decisions() {
    return decisions;
  }

  /** Readings the pipeline delivered after the mesh closed (at shutdown). */
  public long unpublished() {
    return unpublished.get();
  }

  /**
   * Leaves the mesh: stops the sources this node owns (so that their next owners start at once) and
   * releases its rules, then the member; then the rule host finishes what its rules decided.
   */
  @Override
  public void close() {
    Decisions d = decisions;
    if (d != null) {
      d.stopAudit();
    }
    mesh.close();
    if (d != null) {
      d.close();
    }
    warmChecks.shutdownNow();
    pipeline.removeListener(publisher);
  }
}
