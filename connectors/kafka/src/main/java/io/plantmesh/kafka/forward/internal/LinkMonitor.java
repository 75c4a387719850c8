package io.plantmesh.kafka.forward.internal;

import io.plantmesh.kafka.forward.LinkState;
import io.plantmesh.kafka.forward.LinkStatus;
import io.plantmesh.kafka.forward.UplinkConfig;
import io.plantmesh.kafka.forward.UplinkException.Kind;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one route's delivery results and probes into its {@link LinkState}. Not thread-safe: the
 * forwarder's pump thread owns it (probe results are handed to that thread).
 */
public final class LinkMonitor {
  private static final Logger LOG = LoggerFactory.getLogger(LinkMonitor.class);

  private final String route;
  private final UplinkConfig.Link config;
  private LinkState state = LinkState.DOWN;
  private Instant since;
  private String reason = "not connected yet";
  private Instant lastSuccess;
  private Instant lastFailure;
  private String lastError;
  private Instant waitingSince;
  private Duration backoff;
  private Instant nextProbe;
  private boolean probing;

  public LinkMonitor(String route, UplinkConfig.Link config, Instant now) {
    this.route = route;
    this.config = config;
    this.since = now;
    this.backoff = Duration.ZERO;
    this.nextProbe = now;
  }

  public synchronized LinkState state() {
    return state;
  }

  public synchronized LinkStatus status() {
    return new LinkStatus(
        route, state, since, reason, lastSuccess, state == LinkState.DOWN ? nextProbe : null);
  }

  /** A record was handed to the route while {@code inFlight} (after it) are unacknowledged. */
  public synchronized void sent(Instant now) {
    if (waitingSince == null) {
      waitingSince = now;
    }
  }

  /** Kafka acknowledged a record; {@code inFlight} remain. */
  public synchronized void acknowledged(Instant now, int inFlight) {
    lastSuccess = now;
    waitingSince = inFlight > 0 ? now : null;
    if (state == LinkState.DOWN) {
      to(LinkState.UP, now, "delivering");
      backoff = Duration.ZERO;
    }
  }

  /** A send failed with {@code kind}; {@code inFlight} remain. */
  public synchronized void failed(Instant now, Kind kind, String message, int inFlight) {
    lastFailure = now;
    lastError = message;
    if (inFlight == 0) {
      waitingSince = null;
    }
    boolean fatal = kind != Kind.UNREACHABLE && kind != Kind.REJECTED;
    boolean noRecentSuccess =
        lastSuccess == null || Duration.between(lastSuccess, now).compareTo(config.downAfter()) > 0;
    if (kind != Kind.REJECTED && (fatal || noRecentSuccess) && state != LinkState.DOWN) {
      down(now, message);
    }
  }

  /** Re-evaluates UP/DEGRADED/DOWN from the time acknowledgements have been awaited. */
  public synchronized LinkState evaluate(Instant now, int inFlight) {
    if (state == LinkState.DOWN) {
      return state;
    }
    if (inFlight == 0) {
      waitingSince = null;
    }
    Duration stall = waitingSince == null ? Duration.ZERO : Duration.between(waitingSince, now);
    if (stall.compareTo(config.downAfter()) > 0) {
      down(
          now,
          "no acknowledgement from Kafka for "
              + stall.toMillis()
              + " ms while "
              + inFlight
              + " records wait");
    } else if (stall.compareTo(config.degradedAfter()) > 0) {
      to(LinkState.DEGRADED, now, "acknowledgements late: " + stall.toMillis() + " ms");
    } else if (lastFailure != null
        && Duration.between(lastFailure, now).compareTo(config.degradedAfter()) < 0) {
      to(LinkState.DEGRADED, now, "a send failed recently: " + lastError);
    } else if (state != LinkState.UP) {
      to(LinkState.UP, now, "delivering");
    }
    return state;
  }

  /** Whether a probe is due (DOWN, backoff elapsed, none running). */
  public synchronized boolean probeDue(Instant now) {
    return state == LinkState.DOWN && !probing && !now.isBefore(nextProbe);
  }

  public synchronized void probeStarted() {
    probing = true;
  }

  public synchronized void probeSucceeded(Instant now) {
    probing = false;
    if (state == LinkState.DOWN) {
      backoff = Duration.ZERO;
      waitingSince = null;
      lastFailure = null;
      to(LinkState.UP, now, "probe succeeded");
    }
  }

  public synchronized void probeFailed(Instant now, String message) {
    probing = false;
    backoff =
        backoff.isZero()
            ? config.backoffInitial()
            : min(backoff.multipliedBy(2), config.backoffMax());
    nextProbe = now.plus(backoff);
    boolean changed = !message.equals(reason);
    reason = message;
    if (changed) {
      LOG.warn("uplink {}: DOWN: {} (next probe in {} ms)", route, message, backoff.toMillis());
    } else {
      LOG.debug("uplink {}: still DOWN: {}", route, message);
    }
  }

  private void down(Instant now, String why) {
    to(LinkState.DOWN, now, why);
    backoff = config.backoffInitial();
    nextProbe = now.plus(backoff);
  }

  private void to(LinkState next, Instant now, String why) {
    reason = why;
    if (next == state) {
      return;
    }
    LinkState prev = state;
    state = next;
    since = now;
    if (next == LinkState.UP) {
      LOG.info("uplink {}: UP ({}; was {})", route, why, prev);
    } else {
      LOG.warn("uplink {}: {}: {}", route, next, why);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
