package io.plantmesh.opcua.internal;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns DataValues into {@link Reading}s and hands them to the sink, one batch per publish response
 * or poll. All deliveries of a source go through one lock, which gives the SPI's guarantees: one
 * sink call at a time, readings in the order they were received, a strictly increasing sequence,
 * and no call after {@link #close()} returns.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Object lock = new Object();
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

  public Dispatcher(String sourceId, String originNode) {
    this.sourceId = sourceId;
    this.originNode = originNode;
  }

  public void open(ReadingSink sink) {
    synchronized (lock) {
      this.sink = sink;
    }
  }

  /** Stops delivery; waits for a delivery in progress, so no sink call follows the return. */
  public void close() {
    synchronized (lock) {
      closed = true;
      sink = null;
    }
  }

  /** The context structures are decoded with (the Session's, with server-specific types). */
  public void encodingContext(EncodingContext context) {
    this.encodingContext = context;
  }

  /** Forgets which tags were good or bad, when the set of tags is rebuilt. */
  public void resetCounts() {
    synchronized (lock) {
      good.set(0);
      bad.set(0);
    }
  }

  /** Notifications of one publish response: items and values at the same index. */
  public void deliverItems(List<? extends BoundItem> items, List<DataValue> values) {
    int n = items.size();
    if (n == 0) {
      return;
    }
    synchronized (lock) {
      if (closed || sink == null) {
        return;
      }
      Instant now = Instant.now();
      EncodingContext ctx = encodingContext;
      ArrayList<Reading> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(reading(items.get(i).binding, values.get(i), now, ctx));
      }
      hand(batch);
    }
  }

  /** Results of one poll: bindings and values at the same index. */
  public void deliverValues(List<TagBinding> bindings, List<DataValue> values) {
    int n = bindings.size();
    if (n == 0) {
      return;
    }
    synchronized (lock) {
      if (closed || sink == null) {
        return;
      }
      Instant now = Instant.now();
      EncodingContext ctx = encodingContext;
      ArrayList<Reading> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(reading(bindings.get(i), values.get(i), now, ctx));
      }
      hand(batch);
    }
  }

  /** BAD readings without a value for tags that cannot be collected (unknown node, refused). */
  public void deliverStatus(List<TagBinding> bindings, List<StatusCode> statuses) {
    if (bindings.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (closed || sink == null) {
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

  private Reading reading(TagBinding b, DataValue dv, Instant now, EncodingContext ctx) {
    Quality q = Qualities.of(dv.statusCode());
    if (b.lastState != (q.isBad() ? 2 : 1)) {
      track(b, q);
    }
    Value v = Variants.toValue(dv.value(), ctx);
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
