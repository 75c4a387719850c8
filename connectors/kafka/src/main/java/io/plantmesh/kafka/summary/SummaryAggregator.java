package io.plantmesh.kafka.summary;

import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.kafka.summary.internal.WindowEngine;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Summarises the readings of the tags a node collects, per tag over tumbling windows aligned to the
 * clock ({@link SummaryConfig}).
 *
 * <p>One aggregator covers one ownership episode: create it when the node acquires a source (or
 * starts collecting), with the acquisition time as {@code start}; call {@link #stop} when it
 * releases the source. The window around {@code start} and the one around the stop time are
 * {@linkplain Summary#partial() partial}, with the interval this node covered, so that a window
 * split by a failover is never reported as if whole.
 *
 * <p>Nothing here reads a clock or sleeps: the caller feeds readings with {@link #accept} and moves
 * time with {@link #advanceTo} (typically from a timer, with the node's clock), which returns the
 * windows that closed. A window {@code [s, e)} closes when the clock reaches {@code e +
 * allowed-lateness}; until then it takes readings for it, after that they are counted as late and
 * dropped ({@link SummaryMetrics#late()}).
 *
 * <p>Thread-safe: calls are serialised on this object; {@code accept} takes a whole batch under one
 * lock, so a source thread and a timer thread can share an aggregator.
 */
public final class SummaryAggregator implements ReadingSink {
  private final SummaryConfig config;
  private final Instant start;
  private final WindowEngine engine;

  /**
   * @param config the windows and the lateness
   * @param start when this node began collecting the tags (acquisition); also the initial clock
   */
  public SummaryAggregator(SummaryConfig config, Instant start) {
    this.config = Objects.requireNonNull(config, "config");
    this.start = Objects.requireNonNull(start, "start");
    this.engine = new WindowEngine(config, start);
  }

  public SummaryConfig config() {
    return config;
  }

  public Instant start() {
    return start;
  }

  /**
   * Takes a batch of readings, of any tags, in the order the source delivered them. Windows go by
   * each reading's {@link Reading#effectiveTime()}.
   *
   * @throws IllegalStateException after {@link #stop}
   */
  @Override
  public synchronized void accept(List<Reading> batch) {
    engine.accept(batch);
  }

  /**
   * Moves the clock to {@code now} and returns the summaries of the windows that closed (each tag's
   * oldest first). A clock that goes back is ignored: closed windows stay closed.
   */
  public synchronized List<Summary> advanceTo(Instant now) {
    return engine.advanceTo(Objects.requireNonNull(now, "now"));
  }

  /**
   * Stops at {@code at} (release): returns every open window that began before {@code at}; the one
   * containing {@code at} is partial, covered up to {@code at}. Later calls return nothing and
   * {@link #accept} refuses readings.
   */
  public synchronized List<Summary> stop(Instant at) {
    return engine.stop(Objects.requireNonNull(at, "at"));
  }

  public synchronized boolean isStopped() {
    return engine.isStopped();
  }

  public synchronized SummaryMetrics metrics() {
    return engine.metrics();
  }
}
