package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.FsyncPolicy;
import io.plantmesh.outbox.OutboxConfig;
import io.plantmesh.outbox.OutboxException;
import io.plantmesh.outbox.OutboxFullException;
import io.plantmesh.outbox.OutboxRecord;
import io.plantmesh.outbox.OutboxStorageException;
import io.plantmesh.outbox.Position;
import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Outbox's machinery. Two locks: the append lock serialises appends (write and fsync happen
 * under it, so readers and acknowledgements are not held up by the disk); the state lock ({@code
 * this}) guards the indexes, acknowledgements and in-flight sets, and is held only briefly.
 */
public final class LogEngine {
  private static final Logger LOG = LoggerFactory.getLogger(LogEngine.class);
  private static final Priority[] EVICTION_ORDER = {
    Priority.SUMMARY, Priority.EVENT, Priority.ALARM
  };

  final OutboxConfig config;

  public OutboxConfig config() {
    return config;
  }

  private final Clock clock;
  private final DirLock lock;
  final Map<Priority, ClassLog> logs = new EnumMap<>(Priority.class);
  private final ReentrantLock appendLock = new ReentrantLock();
  private final Object checkpointLock = new Object();
  private final List<Consumer<List<StoredRecord>>> listeners = new CopyOnWriteArrayList<>();
  private final Set<Segment> unsynced = new LinkedHashSet<>();
  private final Set<Path> unsyncedDirs = new LinkedHashSet<>();
  private final ScheduledExecutorService flusher;
  final RateWindow appendRate = new RateWindow();
  final RateWindow ackRate = new RateWindow();
  final RateWindow replayRate = new RateWindow();
  long refused;
  long liveOverflows;
  private boolean checkpointDirty;
  private volatile boolean closed;

  private LogEngine(OutboxConfig config, Clock clock, DirLock lock) {
    this.config = config;
    this.clock = clock;
    this.lock = lock;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "outbox-flusher");
              t.setDaemon(true);
              return t;
            });
  }

  /** Opens (recovers) the log in {@code config.dir()}. */
  public static LogEngine open(OutboxConfig config, Clock clock) {
    DirLock lock = DirLock.acquire(config.dir());
    LogEngine e = new LogEngine(config, clock, lock);
    try {
      Map<Priority, Checkpoint.ClassState> saved = Checkpoint.read(config.dir());
      for (Priority p : Priority.values()) {
        e.logs.put(p, ClassLog.open(config.dir().resolve(p.directoryName()), p, saved.get(p)));
      }
    } catch (IOException | RuntimeException ex) {
      e.logs.values().forEach(ClassLog::closeQuietly);
      lock.release();
      throw new OutboxException("outbox: cannot open " + config.dir() + ": " + ex, ex);
    }
    long ckpt = config.checkpointInterval().toMillis();
    e.flusher.scheduleWithFixedDelay(e::writeCheckpointQuietly, ckpt, ckpt, TimeUnit.MILLISECONDS);
    if (config.fsyncPolicy() == FsyncPolicy.INTERVAL) {
      long f = config.fsyncInterval().toMillis();
      e.flusher.scheduleWithFixedDelay(e::flushUnsynced, f, f, TimeUnit.MILLISECONDS);
    }
    LOG.info("outbox: opened {}: {}", config.dir(), e.summary());
    return e;
  }

  private synchronized String summary() {
    StringBuilder b = new StringBuilder();
    for (ClassLog l : logs.values()) {
      b.append(l.priority.directoryName())
          .append(' ')
          .append(l.pendingRecords)
          .append(" pending in ")
          .append(l.segments.size())
          .append(" segment(s); ");
    }
    return b.append(diskBytes()).append(" bytes on disk").toString();
  }

  public void addListener(Consumer<List<StoredRecord>> l) {
    listeners.add(l);
  }

  public void removeListener(Consumer<List<StoredRecord>> l) {
    listeners.remove(l);
  }

  /** Appends a batch; see {@code Outbox.append}. */
  public List<Position> append(List<OutboxRecord> records) {
    if (records.isEmpty()) {
      return List.of();
    }
    Map<Priority, List<OutboxRecord>> byClass = new EnumMap<>(Priority.class);
    Map<Priority, int[]> sizes = new EnumMap<>(Priority.class);
    long total = 0;
    Priority top = Priority.SUMMARY;
    for (OutboxRecord r : records) {
      byClass.computeIfAbsent(r.priority(), p -> new ArrayList<>()).add(r);
      if (r.priority().isAbove(top)) {
        top = r.priority();
      }
    }
    for (Map.Entry<Priority, List<OutboxRecord>> e : byClass.entrySet()) {
      int[] s = new int[e.getValue().size()];
      for (int i = 0; i < s.length; i++) {
        OutboxRecord r = e.getValue().get(i);
        s[i] = FrameCodec.frameSize(r);
        if (s[i] > config.segmentBytes()) {
          throw new IllegalArgumentException(
              "record id="
                  + r.id()
                  + " is "
                  + s[i]
                  + " bytes framed, more than outbox.segment-bytes ("
                  + config.segmentBytes()
                  + ")");
        }
        total += s[i];
      }
      sizes.put(e.getKey(), s);
    }
    appendLock.lock();
    try {
      synchronized (this) {
        ensureOpen();
        makeRoom(total, top, records.size());
      }
      BatchWriter batch = new BatchWriter(config.segmentBytes(), clock.millis());
      try {
        for (Map.Entry<Priority, List<OutboxRecord>> e : byClass.entrySet()) {
          batch.write(logs.get(e.getKey()), e.getValue(), sizes.get(e.getKey()));
        }
        if (config.fsyncPolicy() == FsyncPolicy.EVERY_BATCH) {
          batch.force();
        }
      } catch (IOException e) {
        batch.rollback();
        throw new OutboxStorageException(
            "outbox: appending "
                + records.size()
                + " record(s) ("
                + total
                + " bytes) to "
                + config.dir()
                + " failed and was rolled back: "
                + e,
            e);
      }
      synchronized (this) {
        batch.commit();
        if (config.fsyncPolicy() == FsyncPolicy.INTERVAL) {
          unsynced.addAll(batch.touched());
          unsyncedDirs.addAll(batch.newEntries());
        }
      }
      appendRate.record(records.size(), System.nanoTime());
      if (!listeners.isEmpty()) {
        List<StoredRecord> stored = batch.stored();
        for (Consumer<List<StoredRecord>> l : listeners) {
          l.accept(stored);
        }
      }
      return positionsInInputOrder(records, batch);
    } finally {
      appendLock.unlock();
    }
  }

  private static List<Position> positionsInInputOrder(
      List<OutboxRecord> records, BatchWriter batch) {
    Map<Priority, Integer> next = new EnumMap<>(Priority.class);
    Map<Priority, List<Long>> seqs = new EnumMap<>(Priority.class);
    for (BatchWriter.Slot s : batch.slots) {
      seqs.computeIfAbsent(s.log().priority, p -> new ArrayList<>()).add(s.seq());
    }
    List<Position> out = new ArrayList<>(records.size());
    for (OutboxRecord r : records) {
      int i = next.merge(r.priority(), 1, Integer::sum) - 1;
      out.add(new Position(r.priority(), seqs.get(r.priority()).get(i)));
    }
    return out;
  }

  /**
   * Frees room for {@code bytes}: first segments entirely acknowledged, then whole oldest segments
   * of the evictable classes, lowest class first, never of a class above the batch's highest. If
   * that cannot free enough, nothing is evicted and the append is refused.
   */
  private void makeRoom(long bytes, Priority top, int count) {
    long max = config.maxBytes();
    long disk = diskBytes();
    if (disk + bytes <= max) {
      return;
    }
    try {
      for (ClassLog l : logs.values()) {
        disk -= l.deleteDoneSegments();
      }
      if (disk + bytes <= max) {
        return;
      }
      List<Segment> plan = new ArrayList<>();
      long freed = 0;
      for (Priority p : EVICTION_ORDER) {
        if (!config.evictable().contains(p) || p.isAbove(top)) {
          continue;
        }
        for (Segment s : logs.get(p).evictionOrder()) {
          if (disk - freed + bytes <= max) {
            break;
          }
          plan.add(s);
          freed += s.size();
        }
      }
      if (disk - freed + bytes > max) {
        refused += count;
        throw new OutboxFullException(
            "outbox full: "
                + count
                + " record(s) of "
                + bytes
                + " bytes (highest class "
                + top
                + ") do not fit in outbox.max-bytes ("
                + max
                + ", "
                + disk
                + " used) and the classes outbox.evictable-classes allows for them ("
                + config.evictable()
                + ", at or below "
                + top
                + ") hold only "
                + freed
                + " bytes",
            disk - freed + bytes - max);
      }
      for (Segment s : plan) {
        logs.get(s.priority).evict(s);
      }
    } catch (IOException e) {
      throw new OutboxStorageException("outbox: cannot free room in " + config.dir() + ": " + e, e);
    }
  }

  long diskBytes() {
    long n = 0;
    for (ClassLog l : logs.values()) {
      n += l.diskBytes();
    }
    return n;
  }

  /** Marks live records in flight; returns those that were not handed out or acknowledged yet. */
  public synchronized List<StoredRecord> takeLive(List<StoredRecord> candidates) {
    List<StoredRecord> out = new ArrayList<>(candidates.size());
    if (closed) {
      return out;
    }
    for (StoredRecord r : candidates) {
      if (logs.get(r.priority()).takeLive(r.sequence())) {
        out.add(r);
      }
    }
    return out;
  }

  public synchronized void countLiveOverflow(long n) {
    liveOverflows += n;
  }

  public List<StoredRecord> readBacklog(Priority p, int max) {
    if (max <= 0) {
      throw new IllegalArgumentException("maxRecords must be positive, was " + max);
    }
    List<StoredRecord> out;
    synchronized (this) {
      ensureOpen();
      try {
        out = logs.get(p).readBacklog(max);
      } catch (IOException e) {
        throw new OutboxStorageException("outbox: cannot read the " + p + " backlog: " + e, e);
      }
    }
    replayRate.record(out.size(), System.nanoTime());
    return out;
  }

  public int acknowledge(Collection<Position> positions) {
    int n = 0;
    synchronized (this) {
      ensureOpen();
      for (Position pos : positions) {
        if (logs.get(pos.priority()).acknowledge(pos.sequence())) {
          n++;
        }
      }
      checkpointDirty |= n > 0;
    }
    ackRate.record(n, System.nanoTime());
    return n;
  }

  public synchronized void release(Collection<Position> positions) {
    ensureOpen();
    for (Position pos : positions) {
      logs.get(pos.priority()).release(pos.sequence());
    }
  }

  public synchronized void releaseAll() {
    ensureOpen();
    logs.values().forEach(ClassLog::releaseAll);
  }

  public synchronized Set<Long> inFlight(Priority p) {
    return logs.get(p).inFlightView();
  }

  /** Writes the checkpoint now if acknowledgements changed since the last one. */
  public void writeCheckpoint() throws IOException {
    synchronized (checkpointLock) {
      byte[] bytes;
      synchronized (this) {
        if (!checkpointDirty) {
          return;
        }
        bytes = Checkpoint.encode(logs);
        checkpointDirty = false;
      }
      try {
        Checkpoint.write(config.dir(), bytes);
      } catch (IOException e) {
        synchronized (this) {
          checkpointDirty = true;
        }
        throw e;
      }
    }
  }

  private void writeCheckpointQuietly() {
    try {
      writeCheckpoint();
    } catch (IOException | RuntimeException e) {
      LOG.warn("outbox: checkpoint not written (retried): {}", e.toString());
    }
  }

  /** The {@code interval} policy's fsync of what was appended since the last one. */
  void flushUnsynced() {
    List<Segment> segs;
    List<Path> dirs;
    synchronized (this) {
      segs = new ArrayList<>(unsynced);
      dirs = new ArrayList<>(unsyncedDirs);
      unsynced.clear();
      unsyncedDirs.clear();
    }
    for (Segment s : segs) {
      try {
        s.force();
      } catch (ClosedChannelException e) {
        // Deleted since: acknowledged or evicted, nothing to keep.
      } catch (IOException e) {
        LOG.error("outbox: fsync of {} failed: {}", s.path, e.toString());
      }
    }
    for (Path d : dirs) {
      try {
        Checkpoint.forceDirectory(d);
      } catch (IOException e) {
        LOG.error("outbox: fsync of directory {} failed: {}", d, e.toString());
      }
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("outbox " + config.dir() + " is closed");
    }
  }

  public Clock clock() {
    return clock;
  }

  /** Forces everything, writes the checkpoint and releases the files. */
  public void close() {
    appendLock.lock();
    try {
      if (closed) {
        return;
      }
      // Not shutdownNow: interrupting a thread in FileChannel I/O closes the channel.
      flusher.shutdown();
      try {
        flusher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (this) {
        unsynced.clear();
        for (ClassLog l : logs.values()) {
          unsynced.addAll(l.segments.values());
        }
      }
      flushUnsynced();
      writeCheckpointQuietly();
      synchronized (this) {
        closed = true;
        logs.values().forEach(ClassLog::closeQuietly);
      }
      lock.release();
    } finally {
      appendLock.unlock();
    }
  }
}
