package io.plantmesh.node.internal;

import io.plantmesh.cluster.WriteAudit;
import io.plantmesh.cluster.WriteAuditRecord;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells listeners of each write attempt this node routed (REST or rule), as the mesh's audit
 * records it, for the metrics. The audit offers no change feed, so it is read every {@link
 * #PERIOD}: the newest records, more of them when none of them was read before, up to the audit's
 * capacity; a record is new when no earlier read held it (the records read lately are remembered,
 * four times the capacity). Only when more attempts than the capacity happen within one period (the
 * audit itself then forgot some) can one be missed: that is logged.
 */
final class AuditTally implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTally.class);

  static final Duration PERIOD = Duration.ofSeconds(1);
  private static final int FIRST_LIMIT = 64;

  private final WriteAudit audit;
  private final String self;
  private final int maxLimit;
  private final List<Consumer<WriteAuditRecord>> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread;

  /** Records read lately, oldest read first; empty before the first read. */
  private final Set<WriteAuditRecord> seen = new LinkedHashSet<>();

  private boolean started;
  private boolean gapLogged;

  AuditTally(WriteAudit audit, String self) {
    this.audit = audit;
    this.self = self;
    this.maxLimit = Math.min(audit.capacity(), 10_000);
    this.thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-audit-tally");
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts reading; attempts recorded before now (an earlier run's) are not told. */
  void start() {
    thread.scheduleWithFixedDelay(this::poll, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
  }

  void addListener(Consumer<WriteAuditRecord> listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** One read; the scheduled task, called directly by tests. */
  void poll() {
    try {
      List<WriteAuditRecord> recent = read();
      boolean tell = started;
      started = true;
      // Oldest first, so that listeners hear them in order; the first read is what was there
      // before this node started.
      for (int i = recent.size() - 1; i >= 0; i--) {
        WriteAuditRecord r = recent.get(i);
        if (seen.add(r) && tell && r.routedBy().equals(self)) {
          for (Consumer<WriteAuditRecord> l : listeners) {
            l.accept(r);
          }
        }
      }
      Iterator<WriteAuditRecord> oldest = seen.iterator();
      while (seen.size() > 4 * maxLimit && oldest.hasNext()) {
        oldest.next();
        oldest.remove();
      }
    } catch (RuntimeException e) {
      LOG.debug("Reading the write audit failed: {}", e.toString());
    }
  }

  /** The newest records, enough of them to overlap the previous read (or the most there are). */
  private List<WriteAuditRecord> read() {
    // The first read takes all: a later, longer read must not find old records it never saw.
    int limit = started ? Math.min(FIRST_LIMIT, maxLimit) : maxLimit;
    while (true) {
      List<WriteAuditRecord> recent = audit.recent(limit);
      if (!started || recent.size() < limit || overlaps(recent)) {
        return recent;
      }
      if (limit >= maxLimit) {
        if (!gapLogged) {
          LOG.warn(
              "More than {} write attempts were audited within {}: some may be missing from"
                  + " plantmesh_writes_audited_total",
              maxLimit,
              PERIOD);
          gapLogged = true;
        }
        return recent;
      }
      limit = Math.min(limit * 4, maxLimit);
    }
  }

  private boolean overlaps(List<WriteAuditRecord> recent) {
    for (WriteAuditRecord r : recent) {
      if (seen.contains(r)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
