package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.plantmesh.cluster.Registration;
import io.plantmesh.cluster.WriteAudit;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriteAudit} over an IMap keyed by {@code <epoch millis, 13 digits>-<random id>}, so
 * that sorting the keys sorts the records by time. Each member appends its own attempts; after
 * every tenth of the capacity appended here, it removes the oldest records beyond the capacity (on
 * a thread of its own: an append never waits for that). After a split brain heals, both sides'
 * records are kept (put-if-absent merge), and the next pruning trims them to the capacity.
 *
 * <p>Appending is off the caller's path: a rule's lane or a REST request only queues the record
 * (bounded, {@link #QUEUE} records); one thread of its own writes them to the map in the order they
 * were queued. Reading through this member ({@link #recent}, {@link #ofCommand}) first waits
 * (bounded) for what it queued so far, so a caller reads its own attempts; other members read a
 * record once it is stored (normally within milliseconds). A record that cannot be written (the
 * queue stays full for {@link #OFFER_WAIT}, the map refuses it, or the member closes before it is
 * written) is counted ({@link #lost()}) and logged, never dropped silently.
 */
public final class AuditLog implements WriteAudit, AutoCloseable {
  public static final String MAP = "plantmesh.writes.audit";
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int FORMAT = 1;

  /** Records queued at most; beyond, an append waits up to {@link #OFFER_WAIT}. */
  static final int QUEUE = 10_000;

  static final Duration OFFER_WAIT = Duration.ofSeconds(2);

  /** How long a read waits for this member's queued records, and closing for the rest. */
  private static final Duration FLUSH_WAIT = Duration.ofSeconds(5);

  private record Pending(long seq, WriteAuditRecord record) {}

  private final IMap<String, byte[]> map;
  private final UUID self;
  private final Sealer sealer;
  private final int capacity;
  private final int pruneEvery;
  private final AtomicInteger sincePrune = new AtomicInteger();
  private final AtomicBoolean pruning = new AtomicBoolean();
  private final ExecutorService pruner;
  private final RateLimitedLog problems = new RateLimitedLog(LOG, 100);
  private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE);
  private final Thread writer;
  private final Object progress = new Object();
  private final AtomicLong lost = new AtomicLong();
  private final List<Consumer<WriteAuditRecord>> storedListeners = new CopyOnWriteArrayList<>();

  /** Sequence of the last record queued; guarded by {@link #enqueue}'s lock. */
  private long queued;

  /** Sequence of the last record the writer is done with (written or lost). */
  private volatile long done;

  private volatile boolean closed;

  public AuditLog(HazelcastInstance hz, UUID self, String selfName, Sealer sealer, int capacity) {
    this.map = hz.getMap(MAP);
    this.self = self;
    this.sealer = sealer;
    this.capacity = capacity;
    this.pruneEvery = Math.max(1, capacity / 10);
    this.pruner =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-audit-" + selfName);
              t.setDaemon(true);
              return t;
            });
    this.writer = new Thread(this::writeLoop, "plantmesh-audit-writer-" + selfName);
    writer.setDaemon(true);
    writer.start();
  }

  /** Queues {@code a} for the writer thread; see the class comment for when it is lost. */
  @Override
  public void record(WriteAuditRecord a) {
    Objects.requireNonNull(a, "attempt");
    if (closed) {
      lose(a, "the member is closing");
      return;
    }
    try {
      Pending p = enqueue(a);
      if (p == null) {
        lose(a, "the audit queue stayed full (" + QUEUE + " records) for " + OFFER_WAIT);
      } else if (closed && queue.remove(p)) {
        lose(a, "the member closed before it was written"); // queued while close() drained
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lose(a, "interrupted while queueing it");
    }
  }

  /** Attempts not audited (counted and logged) since this member started. */
  public long lost() {
    return lost.get();
  }

  /** The queued record, or null when the queue stayed full. */
  private Pending enqueue(WriteAuditRecord a) throws InterruptedException {
    synchronized (queue) {
      // Under the lock, so sequence numbers are queued in order; the wait is the rare full case.
      Pending p = new Pending(queued + 1, a);
      if (queue.offer(p) || queue.offer(p, OFFER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        queued = p.seq();
        return p;
      }
      return null;
    }
  }

  private void writeLoop() {
    while (true) {
      Pending p;
      try {
        p = queue.poll(100, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (p == null) {
        if (closed) {
          return;
        }
        continue;
      }
      write(p.record());
      synchronized (progress) {
        done = p.seq();
        progress.notifyAll();
      }
    }
  }

  private void write(WriteAuditRecord a) {
    String key = key(a.at().toEpochMilli(), UUID.randomUUID());
    try {
      map.set(key, sealer.seal(structure(key), self, encode(a)));
    } catch (RuntimeException e) {
      lose(a, e.toString());
      return;
    }
    sincePrune.incrementAndGet();
    schedulePrune();
    for (Consumer<WriteAuditRecord> l : storedListeners) {
      try {
        l.accept(a);
      } catch (RuntimeException e) {
        problems.warn("A listener of stored audit records failed: {}", e.toString());
      }
    }
  }

  @Override
  public Registration onStored(Consumer<WriteAuditRecord> listener) {
    Objects.requireNonNull(listener, "listener");
    storedListeners.add(listener);
    return () -> storedListeners.remove(listener);
  }

  private void lose(WriteAuditRecord a, String why) {
    long n = lost.incrementAndGet();
    problems.warn(
        "Could not audit the write attempt of command {} ({} to {} on {}, by {}): {} ({} lost so"
            + " far)",
        a.commandId(),
        a.result(),
        a.path(),
        a.sourceId(),
        a.requestedBy(),
        why,
        n);
  }

  /** Waits until what this member queued before now is written (or lost); false on timeout. */
  boolean flush(Duration timeout) {
    long target;
    synchronized (queue) {
      target = queued;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (done < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || !writer.isAlive()) {
          return false;
        }
        try {
          progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Schedules a pruning when enough records were appended and none is running. A pruning checks
   * again when it ends, so that appends made while it ran are not left beyond the capacity until
   * the next append (which may never come).
   */
  private void schedulePrune() {
    if (sincePrune.get() >= pruneEvery && pruning.compareAndSet(false, true)) {
      sincePrune.set(0);
      try {
        pruner.execute(this::prune);
      } catch (RejectedExecutionException e) {
        pruning.set(false);
      }
    }
  }

  @Override
  public List<WriteAuditRecord> recent(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit: '" + limit + "' must be at least 1");
    }
    flush(FLUSH_WAIT);
    List<String> keys = new ArrayList<>(keys());
    keys.sort(Comparator.reverseOrder());
    List<String> wanted = keys.subList(0, Math.min(limit, keys.size()));
    List<WriteAuditRecord> out = new ArrayList<>(open(map.getAll(Set.copyOf(wanted))));
    out.sort(Comparator.comparing(WriteAuditRecord::at).reversed());
    return out;
  }

  @Override
  public List<WriteAuditRecord> ofCommand(UUID commandId) {
    flush(FLUSH_WAIT);
    List<WriteAuditRecord> out = new ArrayList<>();
    for (WriteAuditRecord r : open(Map.copyOf(map))) {
      if (r.commandId().equals(commandId)) {
        out.add(r);
      }
    }
    out.sort(Comparator.comparing(WriteAuditRecord::at));
    return out;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  private Set<String> keys() {
    try {
      return map.keySet();
    } catch (RuntimeException e) {
      problems.warn("Cannot read the write audit: {}", e.toString());
      return Set.of();
    }
  }

  private List<WriteAuditRecord> open(Map<String, byte[]> entries) {
    List<WriteAuditRecord> out = new ArrayList<>(entries.size());
    entries.forEach(
        (k, v) -> {
          try {
            out.add(decode(sealer.open(structure(k), v).plaintext()));
          } catch (SealException | IllegalArgumentException e) {
            problems.warn("An audit record was refused ({}): {}", k, e.getMessage());
          }
        });
    return out;
  }

  private void prune() {
    try {
      TreeSet<String> keys = new TreeSet<>(keys());
      int excess = keys.size() - capacity;
      for (int i = 0; i < excess; i++) {
        map.delete(keys.pollFirst());
      }
    } catch (RuntimeException e) {
      problems.warn("Pruning the write audit failed: {}", e.toString());
    } finally {
      pruning.set(false);
    }
    schedulePrune();
  }

  /**
   * {@code <epoch millis, 13 digits>-<id>}, as {@code %013d-%s} formats it, without a Formatter.
   */
  static String key(long millis, UUID id) {
    if (millis < 0) {
      return String.format("%013d-%s", millis, id);
    }
    String ms = Long.toString(millis);
    StringBuilder b = new StringBuilder(50);
    for (int i = ms.length(); i < 13; i++) {
      b.append('0');
    }
    return b.append(ms).append('-').append(id).toString();
  }

  private static String structure(String key) {
    return MAP + "/" + key;
  }

  static byte[] encode(WriteAuditRecord a) {
    Bytes.Writer w = new Bytes.Writer(160);
    w.u8(FORMAT).zigzag(a.at().getEpochSecond()).varLong(a.at().getNano());
    w.string(a.requestedBy()).string(a.routedBy());
    w.fixed64(a.commandId().getMostSignificantBits());
    w.fixed64(a.commandId().getLeastSignificantBits());
    w.string(a.sourceId()).string(a.path().toString());
    ReadingCodec.writeValue(w, a.value());
    if (a.status() != null) {
      w.u8(1).varLong(a.status().statusCode()).string(a.status().symbolicName());
    } else {
      w.u8(2).u8(a.refusal().ordinal()).string(a.message());
    }
    return w.toByteArray();
  }

  static WriteAuditRecord decode(byte[] bytes) {
    Bytes.Reader in = new Bytes.Reader(bytes);
    try {
      if (in.u8() != FORMAT) {
        throw new IllegalArgumentException("unknown audit record format");
      }
      Instant at = Instant.ofEpochSecond(in.zigzag(), in.varLong());
      String by = in.string();
      String routedBy = in.string();
      UUID id = new UUID(in.fixed64(), in.fixed64());
      String source = in.string();
      TagPath path = TagPath.of(in.string());
      var value = ReadingCodec.readValue(in, 0);
      Quality status = null;
      WriteRejectedException.Reason refusal = null;
      String message = "";
      int kind = in.u8();
      if (kind == 1) {
        status = Quality.of(in.varLong(), in.string());
      } else if (kind == 2) {
        WriteRejectedException.Reason[] reasons = WriteRejectedException.Reason.values();
        int r = in.u8();
        if (r >= reasons.length) {
          throw new IllegalArgumentException("unknown refusal " + r);
        }
        refusal = reasons[r];
        message = in.string();
      } else {
        throw new IllegalArgumentException("unknown audit result kind " + kind);
      }
      if (in.remaining() != 0) {
        throw new IllegalArgumentException(in.remaining() + " bytes left after the record");
      }
      return new WriteAuditRecord(
          at, by, routedBy, id, source, path, value, status, refusal, message);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Writes what is queued (bounded by a few seconds; the rest is counted lost), then stops. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    flush(FLUSH_WAIT);
    closed = true;
    writer.interrupt(); // out of its wait for the next record, at once
    try {
      writer.join(FLUSH_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Pending p; (p = queue.poll()) != null; ) {
      lose(p.record(), "the member closed before it was written");
    }
    pruner.shutdownNow();
  }
}
