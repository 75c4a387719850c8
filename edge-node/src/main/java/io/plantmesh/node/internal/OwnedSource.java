package io.plantmesh.node.internal;

import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.Source;
import io.plantmesh.core.SourceState;
import io.plantmesh.core.SourceStatus;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source the mesh places on one node at a time: started when this node acquires it, stopped when
 * it releases it. A stopped source cannot start again, so each acquisition collects through a new
 * instance; REST, health and metrics see this wrapper, which answers for the current (or last) one.
 *
 * <p>Readings a source delivers while it is being stopped for a handover are discarded (counted):
 * they are the {@code Bad_NotConnected} readings it reports for a lost connection, and here nothing
 * was lost. Stamped with this node's clock, they would outrank the next owner's readings of values
 * that have not changed since (across origins the newer time wins, ADR 0007).
 */
public final class OwnedSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedSource.class);

  private final String id;
  private final Supplier<Source> factory;
  private final AtomicLong discarded = new AtomicLong();

  /** Guarded by this; the instance collecting now, or the last one (stopped), or a prepared one. */
  private Source current;

  private boolean collecting;
  private long epoch;
  private Instant since = Instant.now();
  private Gate gate;
  private Gate warm;
  private long warmingSince;

  /**
   * @param first an instance already created and prepared (its files and keys checked at start-up)
   * @param factory creates the instances of later acquisitions
   */
  public OwnedSource(Source first, Supplier<Source> factory) {
    this.id = first.id();
    this.current = first;
    this.factory = factory;
  }

  /**
   * This node now owns the source at {@code epoch}: starts a fresh instance collecting into {@code
   * sink}. Returns promptly (the Session is created in the background).
   */
  public synchronized void acquire(long epoch, ReadingSink sink) {
    this.epoch = epoch;
    if (collecting) {
      return;
    }
    Gate g = warm;
    warm = null;
    if (g == null) {
      Source s = fresh();
      g = new Gate(sink, Gate.Mode.PASS);
      s.start(g);
      current = s;
    }
    gate = g;
    collecting = true;
    since = Instant.now();
    // Warmed up while the previous owner still collected: publish what it holds, then pass on.
    int flushed = g.open();
    LOG.info(
        "Source {}: collecting (owner at epoch {}{})",
        id,
        epoch,
        flushed > 0 ? "; warm, " + flushed + " latest readings published" : "");
  }

  /**
   * This node is to own the source next, and the owner keeps collecting until this node is ready:
   * starts an instance that connects and subscribes but publishes nothing, keeping each tag's
   * latest reading for the moment it takes over.
   */
  public synchronized void warmUp(ReadingSink sink) {
    if (collecting || warm != null) {
      return;
    }
    Source s = fresh();
    Gate g = new Gate(sink, Gate.Mode.HOLD);
    s.start(g);
    current = s;
    warm = g;
    warmingSince = System.nanoTime();
    LOG.info("Source {}: warming up to take over (connecting; nothing published yet)", id);
  }

  /**
   * Whether the warm instance is ready to take over: connected, with a first value of every tag it
   * knows (or connected for {@code settle} already, for servers that leave some tags silent).
   */
  public synchronized boolean warmedUp(java.time.Duration settle) {
    if (warm == null) {
      return false;
    }
    SourceStatus st = current.status();
    if (st.state() != SourceState.CONNECTED) {
      return false;
    }
    int known = current.tags().size();
    return (known > 0 && warm.held() >= known)
        || System.nanoTime() - warmingSince > settle.toNanos()
            && Instant.now().isAfter(st.since().plus(settle));
  }

  /** The handover this node warmed up for will not happen: stops the warm instance. */
  public void cancelWarmUp() {
    Source s;
    Gate g;
    synchronized (this) {
      if (warm == null) {
        return;
      }
      s = current;
      g = warm;
      warm = null;
    }
    g.close();
    s.stop();
    LOG.info("Source {}: warm-up cancelled (another node takes it over)", id);
  }

  /** Whether an instance is warming up here. */
  public synchronized boolean warming() {
    return warm != null;
  }

  /** A new instance, or the prepared first one if it never started. */
  private Source fresh() {
    return current.status().state() == SourceState.NEW ? current : factory.get();
  }

  /** This node no longer owns the source: stops it before returning (the next owner waits). */
  public void release() {
    Source s;
    Gate g;
    synchronized (this) {
      if (!collecting) {
        return;
      }
      collecting = false;
      since = Instant.now();
      s = current;
      g = gate;
    }
    g.close();
    s.stop();
    long dropped = g.dropped();
    if (dropped > 0) {
      discarded.addAndGet(dropped);
      LOG.info(
          "Source {}: handed over; {} readings delivered while stopping were not published (the"
              + " next owner reports the values)",
          id,
          dropped);
    } else {
      LOG.info("Source {}: handed over", id);
    }
  }

  /** Whether this node collects the source now. */
  public synchronized boolean collecting() {
    return collecting;
  }

  /** The epoch of this node's current (or last) ownership; 0 if it never owned the source. */
  public synchronized long epoch() {
    return epoch;
  }

  /** The instance collecting now, or the last one. */
  public synchronized Source current() {
    return current;
  }

  /** Readings discarded while stopping for handovers. */
  public long discardedAtHandover() {
    return discarded.get();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public void prepare() {
    current().prepare();
  }

  /**
   * Starts collecting outside any ownership (epoch 0), as a plain source would; in the mesh the
   * node calls {@link #acquire} with the ownership's epoch instead.
   */
  @Override
  public void start(ReadingSink sink) {
    acquire(0, sink);
  }

  @Override
  public void stop() {
    cancelWarmUp();
    release();
  }

  @Override
  public SourceStatus status() {
    Source s;
    boolean on;
    Instant at;
    synchronized (this) {
      s = current;
      on = collecting;
      at = since;
    }
    SourceStatus st = s.status();
    if (on) {
      return st;
    }
    // Not owned here: standing by (another node collects it, or nobody may yet).
    return new SourceStatus(
        id, SourceState.STOPPED, at, null, st.goodItems(), st.badItems(), st.readingsReceived(), 0);
  }

  @Override
  public List<TagMetadata> tags() {
    return current().tags();
  }

  @Override
  public CompletionStage<WriteResult> write(TagPath path, Value value) {
    Source s;
    synchronized (this) {
      if (!collecting) {
        return CompletableFuture.failedFuture(
            new WriteRefusedException(
                WriteRefusedException.Reason.NOT_CONNECTED,
                "source " + id + " is not collected by this node (another node owns it)"));
      }
      s = current;
    }
    return s.write(path, value);
  }

  /**
   * Between a source and the pipeline. PASS hands batches on; HOLD (a warm-up) keeps each tag's
   * latest reading until opened; CLOSED (stopping for a handover) counts and drops. Synchronized:
   * opening flushes on another thread than the source's, and the pipeline wants one call at a time
   * per source.
   */
  private static final class Gate implements ReadingSink {
    enum Mode {
      PASS,
      HOLD,
      CLOSED
    }

    private final ReadingSink sink;
    private Mode mode;
    private final java.util.Map<io.plantmesh.core.TagPath, Reading> latest =
        new java.util.HashMap<>();
    private long dropped;

    Gate(ReadingSink sink, Mode mode) {
      this.sink = sink;
      this.mode = mode;
    }

    @Override
    public synchronized void accept(List<Reading> batch) {
      switch (mode) {
        case PASS -> sink.accept(batch);
        case HOLD -> batch.forEach(r -> latest.put(r.path(), r));
        case CLOSED -> dropped += batch.size();
      }
    }

    /** From HOLD to PASS: publishes the held readings first; returns how many. */
    synchronized int open() {
      List<Reading> held = new java.util.ArrayList<>(latest.values());
      latest.clear();
      mode = Mode.PASS;
      if (!held.isEmpty()) {
        held.sort(java.util.Comparator.comparing(Reading::path));
        sink.accept(held);
      }
      return held.size();
    }

    synchronized void close() {
      mode = Mode.CLOSED;
      latest.clear();
    }

    synchronized int held() {
      return latest.size();
    }

    synchronized long dropped() {
      return dropped;
    }
  }
}
