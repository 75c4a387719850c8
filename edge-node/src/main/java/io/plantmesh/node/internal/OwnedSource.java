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
    if (collecting) {
      this.epoch = epoch;
      return;
    }
    Source s = current.status().state() == SourceState.NEW ? current : factory.get();
    Gate g = new Gate(sink);
    s.start(g);
    current = s;
    gate = g;
    collecting = true;
    this.epoch = epoch;
    since = Instant.now();
    LOG.info("Source {}: collecting (owner at epoch {})", id, epoch);
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

  /** Not used: the mesh starts the source through {@link #acquire}. */
  @Override
  public void start(ReadingSink sink) {
    throw new UnsupportedOperationException(
        "source " + id + " is started by the mesh when this node acquires it");
  }

  @Override
  public void stop() {
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

  /** Passes batches on until closed; afterwards counts and drops them. */
  private static final class Gate implements ReadingSink {
    private final ReadingSink sink;
    private volatile boolean open = true;
    private final AtomicLong dropped = new AtomicLong();

    Gate(ReadingSink sink) {
      this.sink = sink;
    }

    @Override
    public void accept(List<Reading> batch) {
      if (open) {
        sink.accept(batch);
      } else {
        dropped.addAndGet(batch.size());
      }
    }

    void close() {
      open = false;
    }

    long dropped() {
      return dropped.get();
    }
  }
}
