package io.plantmesh.cluster.internal;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.plantmesh.cluster.WriteAudit;
import io.plantmesh.cluster.WriteAuditRecord;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link WriteAudit} over an IMap keyed by {@code <epoch millis, 13 digits>-<random id>}, so
 * that sorting the keys sorts the records by time. Each member appends its own attempts; after
 * every tenth of the capacity appended here, it removes the oldest records beyond the capacity (on
 * a thread of its own: an append never waits for that). After a split brain heals, both sides'
 * records are kept (put-if-absent merge), and the next pruning trims them to the capacity.
 */
public final class AuditLog implements WriteAudit, AutoCloseable {
  public static final String MAP = "plantmesh.writes.audit";
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final int FORMAT = 1;

  private final IMap<String, byte[]> map;
  private final UUID self;
  private final Sealer sealer;
  private final int capacity;
  private final int pruneEvery;
  private final AtomicInteger sincePrune = new AtomicInteger();
  private final AtomicBoolean pruning = new AtomicBoolean();
  private final ExecutorService pruner;
  private final RateLimitedLog problems = new RateLimitedLog(LOG, 100);

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
  }

  @Override
  public void record(WriteAuditRecord a) {
    Objects.requireNonNull(a, "attempt");
    String key = String.format("%013d-%s", a.at().toEpochMilli(), UUID.randomUUID());
    try {
      map.set(key, sealer.seal(structure(key), self, encode(a)));
    } catch (RuntimeException e) {
      problems.warn(
          "Could not audit the write attempt of command {} ({}): {}",
          a.commandId(),
          a.result(),
          e.toString());
      return;
    }
    sincePrune.incrementAndGet();
    schedulePrune();
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
    List<String> keys = new ArrayList<>(keys());
    keys.sort(Comparator.reverseOrder());
    List<String> wanted = keys.subList(0, Math.min(limit, keys.size()));
    List<WriteAuditRecord> out = new ArrayList<>(open(map.getAll(Set.copyOf(wanted))));
    out.sort(Comparator.comparing(WriteAuditRecord::at).reversed());
    return out;
  }

  @Override
  public List<WriteAuditRecord> ofCommand(UUID commandId) {
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

  @Override
  public void close() {
    pruner.shutdownNow();
  }
}
