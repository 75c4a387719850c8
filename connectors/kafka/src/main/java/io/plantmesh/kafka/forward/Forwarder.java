package io.plantmesh.kafka.forward;

import io.plantmesh.kafka.forward.UplinkException.Kind;
import io.plantmesh.kafka.forward.internal.Failures;
import io.plantmesh.kafka.forward.internal.LinkMonitor;
import io.plantmesh.kafka.forward.internal.RouteSlot;
import io.plantmesh.kafka.forward.internal.SendHeaders;
import io.plantmesh.kafka.forward.internal.TokenBucket;
import io.plantmesh.outbox.LiveTail;
import io.plantmesh.outbox.Outbox;
import io.plantmesh.outbox.Position;
import io.plantmesh.outbox.Priority;
import io.plantmesh.outbox.StoredRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the Outbox's records upstream, live first: records appended while a route is up go out at
 * once from memory; records stored while no route was up (the backlog) drain beside them, alarms
 * and events first, summaries at {@code uplink.replay.rate}, never taking more than {@code
 * uplink.replay.share} of the in-flight window while live records flow. A record leaves the Outbox
 * only when Kafka acknowledged it (acks=all); a failed send goes back and is sent again, marked
 * replayed.
 *
 * <p>Routes are tried in order: this node's own {@link KafkaRoute} first, then (if given) a way
 * through a peer. Each route's {@link LinkState} comes from delivery results; a DOWN route is
 * probed with backoff on a thread of its own, so probing never holds live records back.
 *
 * <p>One thread ({@code plantmesh-uplink}) does all the work; results come back from the routes'
 * threads through a queue.
 */
public final class Forwarder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  private static final Duration IDLE_POLL = Duration.ofMillis(50);
  private static final Duration SWEEP = Duration.ofMillis(250);
  private static final Duration LIVE_QUIET = Duration.ofSeconds(1);

  /**
   * Records the live tail holds in memory (~14 MB of summaries); more go through the backlog read,
   * unpaced since they are live.
   */
  private static final int LIVE_TAIL = 10_000;

  /**
   * How the forwarder paces itself.
   *
   * @param node this node's name (the {@code plantmesh-node} header of its records)
   * @param maxInFlightRecords records sent and not yet acknowledged, at most
   * @param replay the backlog's pace
   * @param link how delivery results become the link state
   * @param probeTimeout how long a probe of a DOWN route may take
   */
  public record Settings(
      String node,
      int maxInFlightRecords,
      UplinkConfig.Replay replay,
      UplinkConfig.Link link,
      Duration probeTimeout) {
    public Settings {
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(replay, "replay");
      Objects.requireNonNull(link, "link");
      Objects.requireNonNull(probeTimeout, "probeTimeout");
      if (maxInFlightRecords < 1) {
        throw new IllegalArgumentException("maxInFlightRecords must be positive");
      }
    }

    /** The settings of an uplink configuration. */
    public static Settings of(UplinkConfig c) {
      return new Settings(
          c.node(),
          c.tuning().maxInFlightRecords(),
          c.replay(),
          c.link(),
          c.tuning().requestTimeout());
    }

    /** Defaults, for a node that forwards only through peers. */
    public static Settings defaults(String node) {
      return new Settings(
          node,
          UplinkConfig.Tuning.defaults().maxInFlightRecords(),
          UplinkConfig.Replay.defaults(),
          UplinkConfig.Link.defaults(),
          Duration.ofSeconds(10));
    }
  }

  private record Completion(
      RouteSlot slot,
      Position position,
      String id,
      boolean backlog,
      boolean replayed,
      Exception error) {}

  private record ProbeResult(RouteSlot slot, Exception error) {}

  private final Outbox outbox;
  private final Settings settings;
  private final Clock clock;
  private final List<RouteSlot> slots = new ArrayList<>();
  private final boolean ownsRoutes;
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<ProbeResult> probes = new ConcurrentLinkedQueue<>();
  private final Semaphore wake = new Semaphore(0);
  private final ExecutorService prober;
  private final TokenBucket bucket;
  private final Thread pump;
  private final AtomicLong sentLive = new AtomicLong();
  private final AtomicLong sentReplayed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final int backlogWindow;
  private final int chunk;
  private volatile boolean running = true;
  private volatile boolean waiting;

  /** Completions queued since the last drain. */
  private final AtomicInteger unseen = new AtomicInteger();

  /**
   * How many completions wake a waiting pump: 1, except while the window is full, when waking for
   * each acknowledgement would trade one record for one context switch with the producer's I/O
   * thread; then a chunk's worth (the wait is short either way).
   */
  private volatile int wakeAfter = 1;

  private final int fullWindowWake;

  /** The headers of the records sent: used by the pump thread only. */
  private final SendHeaders.Maker sendHeaders;

  private volatile RouteSlot active;
  private LiveTail live;
  private Instant liveSince;
  private boolean needBacklog = true;
  private Instant lastSweep = Instant.MIN;
  private Instant lastLive;

  private Forwarder(
      Outbox outbox, Settings settings, List<Route> routes, Clock clock, boolean ownsRoutes) {
    if (routes.isEmpty()) {
      throw new IllegalArgumentException("a forwarder needs at least one route");
    }
    this.outbox = outbox;
    this.settings = settings;
    this.clock = clock;
    this.ownsRoutes = ownsRoutes;
    Instant now = clock.instant();
    for (Route r : routes) {
      slots.add(new RouteSlot(r, new LinkMonitor(r.name(), settings.link(), now)));
    }
    this.liveSince = now;
    this.bucket = new TokenBucket(settings.replay().rate(), System.nanoTime());
    this.backlogWindow =
        Math.max(1, (int) (settings.maxInFlightRecords() * settings.replay().share()));
    long rate = settings.replay().rate();
    this.chunk =
        (int)
            (rate == 0
                ? settings.replay().batch()
                : Math.min(settings.replay().batch(), Math.max(1, rate / 20)));
    this.prober =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-uplink-probe");
              t.setDaemon(true);
              return t;
            });
    this.fullWindowWake = Math.max(1, Math.min(chunk, settings.maxInFlightRecords() / 10));
    this.sendHeaders = new SendHeaders.Maker(settings.node());
    this.pump = new Thread(this::run, "plantmesh-uplink");
    this.pump.setDaemon(true);
  }

  /**
   * Starts forwarding {@code outbox} on {@code routes} (in preference order). Never fails because a
   * route is down: records wait in the Outbox.
   */
  public static Forwarder start(Outbox outbox, Settings settings, List<Route> routes, Clock clock) {
    Forwarder f = new Forwarder(outbox, settings, List.copyOf(routes), clock, false);
    f.pump.start();
    return f;
  }

  /** Starts forwarding to Kafka as {@code config} says; the forwarder owns (closes) the route. */
  public static Forwarder toKafka(Outbox outbox, UplinkConfig config) {
    Forwarder f =
        new Forwarder(
            outbox, Settings.of(config), List.of(new KafkaRoute(config)), Clock.systemUTC(), true);
    f.pump.start();
    return f;
  }

  /** Each route's status, in preference order. */
  public List<LinkStatus> links() {
    return slots.stream().map(s -> s.monitor.status()).toList();
  }

  public ForwarderStats stats() {
    RouteSlot a = active;
    int inFlight = slots.stream().mapToInt(s -> s.inFlight.get()).sum();
    return new ForwarderStats(
        links(),
        a == null ? null : a.route.name(),
        sentLive.get(),
        sentReplayed.get(),
        failed.get(),
        rejected.get(),
        inFlight);
  }

  private void run() {
    try {
      while (running) {
        step();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException | Error e) {
      LOG.error("uplink: the forwarder stopped on an unexpected error", e);
      throw e;
    } finally {
      closeLive();
    }
  }

  private void step() throws InterruptedException {
    Instant now = clock.instant();
    drainCompletions(now);
    drainProbes(now);
    RouteSlot next = null;
    for (RouteSlot s : slots) {
      if (s.monitor.evaluate(now, s.inFlight.get()) != LinkState.DOWN) {
        if (next == null) {
          next = s;
        }
      } else if (s.monitor.probeDue(now)) {
        startProbe(s);
      }
    }
    if (next == null) {
      if (active != null) {
        LOG.warn("uplink: no route up; records stay in the Outbox");
        active = null;
      }
      closeLive();
      pause(100, 1);
      return;
    }
    if (next != active) {
      if (active == null) {
        // Whatever was stored before now is backlog: it goes out marked replayed.
        liveSince = now;
      }
      LOG.info("uplink: sending via {}", next.route.name());
      active = next;
      needBacklog = true;
    }
    if (live == null) {
      live = outbox.openLiveTail(LIVE_TAIL);
    }
    int room = settings.maxInFlightRecords() - next.inFlight.get();
    int sent = 0;
    boolean sweep = needBacklog || Duration.between(lastSweep, now).compareTo(SWEEP) > 0;
    if (room > 0) {
      Duration wait = sweep ? Duration.ZERO : IDLE_POLL;
      List<StoredRecord> got = live.poll(Math.min(room, settings.replay().batch()), wait);
      for (StoredRecord r : got) {
        send(next, r, false, now);
      }
      if (!got.isEmpty()) {
        lastLive = now;
      }
      sent += got.size();
    }
    if (sweep) {
      lastSweep = now;
      sent += backlog(next, now);
    }
    if (sent == 0 && (room <= 0 || sweep)) {
      pause(10, room <= 0 ? fullWindowWake : 1);
    }
  }

  /**
   * Waits for {@code completionsToWake} completions, a probe result or close, at most {@code ms}.
   */
  private void pause(long ms, int completionsToWake) throws InterruptedException {
    wakeAfter = completionsToWake;
    waiting = true;
    try {
      if (unseen.get() < completionsToWake && probes.isEmpty()) {
        wake.tryAcquire(ms, TimeUnit.MILLISECONDS);
      }
    } finally {
      waiting = false;
      wakeAfter = 1;
      wake.drainPermits();
    }
  }

  /**
   * Whether live records went out within the last second: only then does the backlog keep to its
   * share of the window (with no live traffic there is no one to make room for).
   */
  private boolean liveRecently(Instant now) {
    return lastLive != null && Duration.between(lastLive, now).compareTo(LIVE_QUIET) < 0;
  }

  /** Sends from the backlog, alarms and events first; returns how many. */
  private int backlog(RouteSlot slot, Instant now) {
    int room =
        Math.min(
            (liveRecently(now) ? backlogWindow : settings.maxInFlightRecords())
                - slot.backlogInFlight.get(),
            settings.maxInFlightRecords() - slot.inFlight.get());
    boolean more = false;
    int sent = 0;
    for (Priority p : Priority.values()) {
      int want = Math.min(room - sent, p == Priority.SUMMARY ? chunk : settings.replay().batch());
      if (want <= 0) {
        more = true;
        break;
      }
      if (p == Priority.SUMMARY && !bucket.tryTake(want, System.nanoTime())) {
        more = true;
        continue;
      }
      List<StoredRecord> got = outbox.readBacklog(p, want);
      if (p == Priority.SUMMARY) {
        // Only replayed records are paced: live ones that overflowed the live tail are not.
        int replayed = 0;
        for (StoredRecord r : got) {
          replayed += r.appendedAt().isBefore(liveSince) ? 1 : 0;
        }
        bucket.giveBack(want - replayed);
      }
      more |= got.size() == want;
      for (StoredRecord r : got) {
        send(slot, r, true, now);
      }
      sent += got.size();
    }
    needBacklog = more;
    return sent;
  }

  private void send(RouteSlot slot, StoredRecord r, boolean fromBacklog, Instant now) {
    boolean replayed = r.appendedAt().isBefore(liveSince);
    Map<String, String> headers = sendHeaders.of(r.headers(), r.id(), replayed);
    UplinkRecord u =
        new UplinkRecord(r.priority(), r.key(), r.id(), headers, r.payload(), replayed);
    slot.inFlight.incrementAndGet();
    if (fromBacklog) {
      slot.backlogInFlight.incrementAndGet();
    }
    slot.monitor.sent(now);
    Position pos = r.position();
    String id = r.id();
    slot.route.send(
        u,
        e -> {
          completions.add(new Completion(slot, pos, id, fromBacklog, replayed, e));
          if (unseen.incrementAndGet() >= wakeAfter && waiting) {
            wake.release();
          }
        });
  }

  private void drainCompletions(Instant now) {
    List<Position> acks = new ArrayList<>();
    List<Position> back = new ArrayList<>();
    boolean resetDone = false;
    java.util.Set<RouteSlot> ackedOn = new java.util.HashSet<>(2);
    int drained = 0;
    Completion c;
    while ((c = completions.poll()) != null) {
      drained++;
      int left = c.slot.inFlight.decrementAndGet();
      if (c.backlog) {
        c.slot.backlogInFlight.decrementAndGet();
      }
      if (c.error == null) {
        acks.add(c.position);
        (c.replayed ? sentReplayed : sentLive).incrementAndGet();
        ackedOn.add(c.slot);
        continue;
      }
      Kind kind = Failures.classify(c.error);
      String why = Failures.describe(c.error);
      if (kind == Kind.REJECTED) {
        // Kafka will never take it: keeping it would block nothing but would be resent forever.
        LOG.error("uplink: Kafka refused record {} for good, dropped: {}", c.id, why);
        rejected.incrementAndGet();
        acks.add(c.position);
        continue;
      }
      failed.incrementAndGet();
      back.add(c.position);
      c.slot.monitor.failed(now, kind, why, left);
      if (kind == Kind.PRODUCER_STATE && !resetDone && c.slot.route instanceof KafkaRoute k) {
        LOG.warn("uplink: replacing the Kafka producer after: {}", why);
        k.reset();
        resetDone = true;
      }
    }
    unseen.addAndGet(-drained);
    for (RouteSlot s : ackedOn) {
      s.monitor.acknowledged(now, s.inFlight.get());
    }
    if (!acks.isEmpty()) {
      outbox.acknowledge(acks);
    }
    if (!back.isEmpty()) {
      outbox.release(back);
      needBacklog = true;
    }
  }

  private void startProbe(RouteSlot s) {
    s.monitor.probeStarted();
    prober.execute(
        () -> {
          Exception error = null;
          try {
            s.route.probe(settings.probeTimeout());
          } catch (RuntimeException e) {
            error = e;
          }
          probes.add(new ProbeResult(s, error));
          wake.release();
        });
  }

  private void drainProbes(Instant now) {
    ProbeResult p;
    while ((p = probes.poll()) != null) {
      if (p.error == null) {
        p.slot.monitor.probeSucceeded(now);
      } else {
        p.slot.monitor.probeFailed(now, Failures.describe(p.error));
      }
    }
  }

  private void closeLive() {
    if (live != null) {
      live.close();
      live = null;
    }
  }

  /**
   * Stops sending, waits up to {@code grace} for records in flight to be acknowledged (so that they
   * are not sent twice after a restart), then stops.
   */
  public void close(Duration grace) {
    if (!running) {
      return;
    }
    running = false;
    wake.release();
    try {
      pump.join();
      Instant end = clock.instant().plus(grace);
      while (stats().inFlight() > 0 && clock.instant().isBefore(end)) {
        wake.tryAcquire(20, TimeUnit.MILLISECONDS);
        drainCompletions(clock.instant());
      }
      drainCompletions(clock.instant());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    prober.shutdownNow();
    if (ownsRoutes) {
      slots.forEach(s -> s.route.close());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(5));
  }
}
