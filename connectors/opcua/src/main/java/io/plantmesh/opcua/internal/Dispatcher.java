package io.plantmesh.opcua.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns DataValues into {@link Reading}s and hands them to the sink, a publish response or poll in
 * batches of at most {@link #PIECE}. All deliveries of a source go through one lock, which gives
 * the SPI's guarantees: one sink call at a time, readings in the order they were received, a
 * strictly increasing sequence, and no call after {@link #close()} returns.
 *
 * <p>The sequence starts from a clock-derived base (epoch microseconds when delivery opens), and
 * never below the last sequence any dispatcher of this process delivered: the node orders readings
 * of its own sources by sequence alone (ADR 0007), so a source restarted on the same node must
 * continue above its predecessor even when that one delivered more than a million readings a
 * second.
 *
 * <p>Deliveries carry the epoch of the setup that made their bindings; once a setup is replaced
 * ({@link #newEpoch()}) or its client discarded ({@link #retire()}), late deliveries of the old
 * client are dropped, so they can neither corrupt the good/bad counts nor overwrite newer values.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * Readings handed to the sink at a time. A publish response carries up to 5,000 notifications;
   * handed whole, its last reading waited for all of them to be converted, stored and sent on
   * before anything left the node. In pieces, the node's stages (conversion here, the store, the
   * mesh) work on consecutive pieces at once, and the first readings reach the peers while the rest
   * are still being converted. Every piece carries the response's receive time.
   */
  static final int PIECE = 500;

  /** The highest sequence delivered by any dispatcher of this process, for the next base. */
  private static final AtomicLong HIGH_WATER = new AtomicLong();

  private final Object lock = new Object();
  private final LongSupplier epochMicros;
  private final String sourceId;
  private final String originNode;
  private final AtomicLong readings = new AtomicLong();
  private final AtomicInteger good = new AtomicInteger();
  private final AtomicInteger bad = new AtomicInteger();
  private final InstantCache instants = new InstantCache();
  private volatile EncodingContext encodingContext;
  private ReadingSink sink;
  private boolean closed;
  private long sequence;
  private long sinkFailures;
  private int epoch;
  private long staleDeliveries;

  public Dispatcher(String sourceId, String originNode) {
    this(sourceId, originNode, Dispatcher::nowMicros);
  }

  Dispatcher(String sourceId, String originNode, LongSupplier epochMicros) {
    this.sourceId = sourceId;
    this.originNode = originNode;
    this.epochMicros = epochMicros;
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  public void open(ReadingSink sink) {
    synchronized (lock) {
      this.sink = sink;
      sequence = Math.max(epochMicros.getAsLong(), HIGH_WATER.get());
    }
  }

  /** Stops delivery; waits for a delivery in progress, so no sink call follows the return. */
  public void close() {
    closeWithLoss(List.of(), null);
  }

  /**
   * Delivers {@code status} for {@code bindings} as the last batch (see {@link #deliverLoss}) and
   * stops delivery in the same step, so no reading of the old Session can follow the BAD ones.
   */
  public void closeWithLoss(Collection<TagBinding> bindings, StatusCode status) {
    synchronized (lock) {
      if (!closed && sink != null && status != null) {
        lossBatch(bindings, status);
      }
      closed = true;
      sink = null;
      HIGH_WATER.accumulateAndGet(sequence, Math::max);
    }
  }

  /** The context structures are decoded with (the Session's, with server-specific types). */
  public void encodingContext(EncodingContext context) {
    this.encodingContext = context;
  }

  /**
   * Starts a new set of bindings: forgets which tags were good or bad and ignores deliveries of
   * older epochs from now on.
   *
   * @return the epoch the new setup's deliveries must carry
   */
  public int newEpoch() {
    synchronized (lock) {
      good.set(0);
      bad.set(0);
      return ++epoch;
    }
  }

  /** Ignores deliveries of the current epoch from now on (its client is being discarded). */
  public void retire() {
    synchronized (lock) {
      epoch++;
    }
  }

  /** Whether a delivery of {@code from} may go to the sink; call under the lock. */
  private boolean accepts(int from) {
    if (closed || sink == null) {
      return false;
    }
    if (from != epoch) {
      if (staleDeliveries++ % 1000 == 0) {
        LOG.debug("Source {}: ignored a delivery of a discarded client", sourceId);
      }
      return false;
    }
    return true;
  }

  /** Notifications of one publish response: items and values at the same index. */
  public void deliverItems(int from, List<? extends BoundItem> items, List<DataValue> values) {
    int n = items.size();
    if (n == 0) {
      return;
    }
    synchronized (lock) {
      if (!accepts(from)) {
        return;
      }
      Instant now = Instant.now();
      EncodingContext ctx = encodingContext;
      ArrayList<Reading> batch = new ArrayList<>(Math.min(n, PIECE));
      for (int i = 0; i < n; i++) {
        batch.add(reading(items.get(i).binding, values.get(i), now, ctx));
        if (batch.size() == PIECE && i + 1 < n) {
          hand(batch);
          batch = new ArrayList<>(Math.min(n - i - 1, PIECE));
        }
      }
      hand(batch);
    }
  }

  /** Results of one poll: bindings and values at the same index. */
  public void deliverValues(int from, List<TagBinding> bindings, List<DataValue> values) {
    int n = bindings.size();
    if (n == 0) {
      return;
    }
    synchronized (lock) {
      if (!accepts(from)) {
        return;
      }
      Instant now = Instant.now();
      EncodingContext ctx = encodingContext;
      ArrayList<Reading> batch = new ArrayList<>(Math.min(n, PIECE));
      for (int i = 0; i < n; i++) {
        batch.add(reading(bindings.get(i), values.get(i), now, ctx));
        if (batch.size() == PIECE && i + 1 < n) {
          hand(batch);
          batch = new ArrayList<>(Math.min(n - i - 1, PIECE));
        }
      }
      hand(batch);
    }
  }

  /** BAD readings without a value for tags that cannot be collected (unknown node, refused). */
  public void deliverStatus(int from, List<TagBinding> bindings, List<StatusCode> statuses) {
    if (bindings.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (!accepts(from)) {
        return;
      }
      Instant now = Instant.now();
      ArrayList<Reading> batch = new ArrayList<>(bindings.size());
      for (int i = 0; i < bindings.size(); i++) {
        TagBinding b = bindings.get(i);
        Quality q = Qualities.of(statuses.get(i));
        track(b, q);
        batch.add(
            new Reading(b.path, Value.Null.INSTANCE, q, null, null, now, originNode, ++sequence));
      }
      hand(batch);
    }
  }

  /**
   * One BAD reading with {@code status} per tag that is not BAD already, keeping the tag's last
   * value so a person still sees what it was: the connection is lost, so the value is no longer
   * current. Tags already BAD keep their more specific status.
   */
  public void deliverLoss(Collection<TagBinding> bindings, StatusCode status) {
    synchronized (lock) {
      if (!closed && sink != null) {
        lossBatch(bindings, status);
      }
    }
  }

  private void lossBatch(Collection<TagBinding> bindings, StatusCode status) {
    Instant now = Instant.now();
    Quality q = Qualities.of(status);
    ArrayList<Reading> batch = new ArrayList<>(bindings.size());
    for (TagBinding b : bindings) {
      if (b.lastState == 2) {
        continue;
      }
      track(b, q);
      Value v = b.lastValue == null ? Value.Null.INSTANCE : b.lastValue;
      batch.add(new Reading(b.path, v, q, null, null, now, originNode, ++sequence));
    }
    if (!batch.isEmpty()) {
      hand(batch);
    }
  }

  private Reading reading(TagBinding b, DataValue dv, Instant now, EncodingContext ctx) {
    Quality q = Qualities.of(dv.statusCode());
    if (b.lastState != (q.isBad() ? 2 : 1)) {
      track(b, q);
    }
    Value v = Variants.toValue(dv.value(), ctx);
    b.lastValue = v;
    return new Reading(
        b.path,
        v,
        q,
        instants.toInstantOrNull(dv.sourceTime()),
        instants.toInstantOrNull(dv.serverTime()),
        now,
        originNode,
        ++sequence);
  }

  private void track(TagBinding b, Quality q) {
    byte state = TagBinding.stateOf(q);
    if (b.lastState == state) {
      return;
    }
    if (b.lastState == 1) {
      good.decrementAndGet();
    } else if (b.lastState == 2) {
      bad.decrementAndGet();
    }
    (state == 1 ? good : bad).incrementAndGet();
    b.lastState = state;
  }

  private void hand(ArrayList<Reading> batch) {
    readings.addAndGet(batch.size());
    try {
      sink.accept(batch);
    } catch (RuntimeException e) {
      // A failing sink must not stop Milo's publishing; log the first and then every 1000th.
      if (sinkFailures++ % 1000 == 0) {
        LOG.warn(
            "Source {}: the sink threw on a batch of {} readings ({} failures so far)",
            sourceId,
            batch.size(),
            sinkFailures,
            e);
      }
    }
  }

  public long readingsDelivered() {
    return readings.get();
  }

  public int goodItems() {
    return good.get();
  }

  public int badItems() {
    return bad.get();
  }
}
