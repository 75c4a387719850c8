package io.plantmesh.node.pipeline;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-node data path: sources hand batches to a bounded queue; one dispatcher thread applies
 * them to the {@link TagStore} and then tells the {@link ReadingListener}s.
 *
 * <p><b>Back-pressure.</b> When the queue is full, {@link ReadingSink#accept} blocks the source's
 * thread until there is room. For an OPC UA source that is the client's publish loop, so the
 * server's queues absorb the burst (and drop by its MonitoredItems' queue policy) instead of this
 * node's heap. Every such wait is counted ({@code plantmesh_pipeline_backpressure_waits_total}).
 *
 * <p><b>Ordering.</b> One queue and one dispatcher keep each source's batches in delivery order;
 * the store's newer-wins rule covers readings that arrive out of order anyway.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final Batch STOP = new Batch(null, List.of(), null, null);

  /** Buckets of the notification-lag distribution: what an operator compares alarms against. */
  private static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  /** Readings of a source, or (with {@code action}) work to run in queue order. */
  private record Batch(
      String sourceId, List<Reading> readings, Timer lag, CompletableFuture<Void> action) {}

  private final TagStore store;
  private final BlockingQueue<Batch> queue;
  private final MeterRegistry registry;
  private final List<ReadingListener> listeners = new CopyOnWriteArrayList<>();
  private final Map<String, ReadingSink> sinks = new ConcurrentHashMap<>();
  private final Counter backpressureWaits;
  private final Counter ingested;
  private final Counter listenerErrors;
  private final AtomicLong dropped = new AtomicLong();
  private final Thread dispatcher;
  private volatile boolean closed;

  /**
   * @param store the store the dispatcher updates
   * @param queueCapacity batches that may wait; at least 1
   * @param registry where the pipeline's meters go
   */
  public Pipeline(TagStore store, int queueCapacity, MeterRegistry registry) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "pipeline queue capacity must be at least 1, was " + queueCapacity);
    }
    this.store = store;
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.registry = registry;
    this.ingested =
        Counter.builder("plantmesh.readings.ingested")
            .description("Readings applied to the tag store: the end of the node's ingest path")
            .register(registry);
    this.backpressureWaits =
        Counter.builder("plantmesh.pipeline.backpressure.waits")
            .description("Deliveries that waited because the pipeline queue was full")
            .register(registry);
    this.listenerErrors =
        Counter.builder("plantmesh.pipeline.listener.errors")
            .description("Exceptions thrown by reading listeners")
            .register(registry);
    Gauge.builder("plantmesh.pipeline.queue.depth", queue, BlockingQueue::size)
        .description("Batches waiting between the sources and the tag store")
        .register(registry);
    Gauge.builder("plantmesh.pipeline.queue.capacity", queue, q -> queueCapacity)
        .description("Batches the pipeline queue holds before sources wait")
        .register(registry);
    Gauge.builder("plantmesh.store.tags", store, TagStore::size)
        .description("Tags in the node's tag store")
        .register(registry);
    this.dispatcher = new Thread(this::dispatch, "plantmesh-pipeline-dispatcher");
    this.dispatcher.setDaemon(true);
  }

  /** Starts the dispatcher thread. */
  public void start() {
    dispatcher.start();
  }

  /**
   * The sink a source delivers to. Each source gets its own, which counts its readings ({@code
   * plantmesh_readings_received_total{source}}) and tags its batches with its id.
   */
  public ReadingSink sinkFor(String sourceId) {
    return sinks.computeIfAbsent(sourceId, this::newSink);
  }

  private ReadingSink newSink(String sourceId) {
    Counter received =
        Counter.builder("plantmesh.readings.received")
            .description("Readings delivered by the source to the pipeline")
            .tag("source", sourceId)
            .register(registry);
    Timer lag =
        Timer.builder("plantmesh.notification.lag")
            .description("Received time minus source time of each reading")
            .tag("source", sourceId)
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(registry);
    return batch -> {
      if (batch.isEmpty()) {
        return;
      }
      received.increment(batch.size());
      enqueue(new Batch(sourceId, batch, lag, null));
    };
  }

  private void enqueue(Batch batch) {
    if (closed) {
      drop(batch, "the pipeline is closed");
      return;
    }
    if (queue.offer(batch)) {
      return;
    }
    backpressureWaits.increment();
    try {
      queue.put(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      drop(batch, "the delivering thread was interrupted while the queue was full");
    }
  }

  private void drop(Batch batch, String why) {
    long total = dropped.addAndGet(batch.readings().size());
    LOG.warn(
        "Dropped {} readings from source {} because {} ({} dropped in all)",
        batch.readings().size(),
        batch.sourceId(),
        why,
        total);
  }

  /**
   * Runs {@code action} on the dispatcher thread once every batch queued before it has been
   * delivered to the listeners: for work that must come after a source's last batches (closing its
   * summary windows when it stops), in order with them. Waits for room in the queue like a source.
   * When the pipeline is not running, runs {@code action} at once on the caller's thread.
   *
   * @return completes when {@code action} has run (exceptionally if it threw)
   */
  public CompletableFuture<Void> afterQueued(Runnable action) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    CompletableFuture<Void> marker = done.thenRun(action);
    if (closed || !dispatcher.isAlive()) {
      done.complete(null);
      return marker;
    }
    try {
      queue.put(new Batch(null, List.of(), null, done));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      done.complete(null);
    }
    return marker;
  }

  /** Registers a listener for every later batch. */
  public void addListener(ReadingListener listener) {
    listeners.add(listener);
  }

  public void removeListener(ReadingListener listener) {
    listeners.remove(listener);
  }

  /** The store this pipeline writes. */
  public TagStore store() {
    return store;
  }

  /** Whether the dispatcher is running: the node's liveness. */
  public boolean isRunning() {
    return dispatcher.isAlive() && !closed;
  }

  /** Batches waiting now. */
  public int queueDepth() {
    return queue.size();
  }

  /** Deliveries that had to wait for room in the queue, since start. */
  public long backpressureWaits() {
    return (long) backpressureWaits.count();
  }

  /** Readings lost because the pipeline was closed or a waiting source was interrupted. */
  public long droppedReadings() {
    return dropped.get();
  }

  private void dispatch() {
    List<Batch> drained = new ArrayList<>();
    try {
      while (true) {
        drained.add(queue.take());
        queue.drainTo(drained);
        for (Batch b : drained) {
          if (b == STOP) {
            runActionsLeft(drained);
            return;
          }
          if (b.action() != null) {
            // Completing runs the action here, on the dispatcher; its failure is in the future.
            b.action().complete(null);
            continue;
          }
          try {
            deliver(b);
          } catch (RuntimeException e) {
            // The dispatcher must outlive any one bad batch: if it died, every source would block
            // on the full queue for good. The batch is counted as dropped and logged.
            drop(b, "applying it failed: " + e);
          }
        }
        drained.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Actions queued behind the stop still run (their callers wait for them); batches do not. */
  private void runActionsLeft(List<Batch> drained) {
    queue.drainTo(drained);
    for (Batch b : drained) {
      if (b.action() != null) {
        b.action().complete(null);
      }
    }
  }

  private void deliver(Batch b) {
    List<Reading> readings = b.readings();
    // Listeners see only what the store accepted: a reading older than the stored one is not news,
    // and the mesh must not spread it. The list is copied only when something was refused.
    List<Reading> accepted = readings;
    for (int i = 0, n = readings.size(); i < n; i++) {
      Reading r = readings.get(i);
      if (!store.apply(b.sourceId(), r)) {
        if (accepted == readings) {
          accepted = new ArrayList<>(readings.subList(0, i));
        }
        continue;
      }
      if (accepted != readings) {
        accepted.add(r);
      }
    }
    ingested.increment(readings.size());
    if (!accepted.isEmpty()) {
      tell(b.sourceId(), accepted);
    }
    // After the listeners: the mesh's peers should not wait for this node's metrics.
    for (int i = 0, n = accepted.size(); i < n; i++) {
      Reading r = accepted.get(i);
      Instant st = r.sourceTime();
      if (st != null) {
        Instant rt = r.receivedTime();
        long lagNanos =
            (rt.getEpochSecond() - st.getEpochSecond()) * 1_000_000_000L
                + (rt.getNano() - st.getNano());
        // A negative lag is clock skew between device and node; the timer ignores it.
        b.lag().record(lagNanos, TimeUnit.NANOSECONDS);
      }
    }
  }

  private void tell(String sourceId, List<Reading> accepted) {
    for (ReadingListener l : listeners) {
      try {
        l.onReadings(sourceId, accepted);
      } catch (RuntimeException e) {
        listenerErrors.increment();
        double n = listenerErrors.count();
        // The first error and then one in a thousand: enough to see it, not a log flood.
        if (n == 1 || n % 1000 == 0) {
          LOG.warn("Reading listener {} failed ({} failures so far)", l, (long) n, e);
        }
      }
    }
  }

  /**
   * Delivers what is queued, then stops the dispatcher. Call after the sources have stopped; later
   * deliveries are dropped and counted.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (dispatcher.isAlive()) {
      try {
        queue.put(STOP);
        dispatcher.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
