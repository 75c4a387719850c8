package io.plantmesh.opcua.internal;

import io.plantmesh.core.SourceState;
import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.ConnectionInfo;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.internal.CollectionSetup.Collecting;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one source connected: connects, sets up collection, and recovers. Everything that changes
 * the connection runs on the source's single scheduler thread, so no two of these steps overlap;
 * Milo's callbacks only post events to that thread.
 *
 * <p>Recovery: when the Session goes inactive, Milo first tries to reactivate the same Session on a
 * new secure channel (after 1 s). If that succeeds within {@link #MILO_GRACE} (or the first backoff
 * step, if longer), the Subscriptions survived and nothing is recreated. Otherwise the client is
 * discarded and the source reconnects from scratch under its reconnect policy, re-resolving {@code
 * nsu=} NodeIds against the new NamespaceArray and recreating every Subscription. A new Session
 * that Milo creates by itself is checked the same way: Subscriptions it transferred are kept if the
 * namespaces did not move; otherwise collection is set up again.
 */
public final class Supervisor {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  /** How long Milo may try to reactivate a lost Session before the source starts over. */
  static final Duration MILO_GRACE = Duration.ofSeconds(3);

  private final OpcUaSourceConfig config;
  private final ClientFactory factory;
  private final CollectionSetup setup;
  private final StateTracker state;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final AtomicInteger generation = new AtomicInteger();
  private final Dispatcher dispatcher;
  private final AtomicLong pollFailures = new AtomicLong();

  // Touched on the scheduler thread only.
  private OpcUaClient client;
  private EndpointDescription endpoint;
  private Collecting collecting;
  private NodeId sessionId;
  private boolean established;
  private boolean lost;
  private boolean everConnected;
  private volatile boolean lossReported;
  private String pollError;
  private ScheduledFuture<?> pending;

  /** What writes and {@code tags()} see; replaced whole, never changed in place. */
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  private volatile OpcUaClient clientForStop;
  private volatile List<String> warnings = List.of();
  private volatile boolean stopped;

  /**
   * The tags of the current (or last) Session, the namespace table they were resolved with, and
   * whether the Session is up.
   */
  public record Snapshot(
      OpcUaClient client,
      Map<TagPath, TagBinding> byPath,
      NamespaceTable namespaces,
      boolean connected,
      ConnectionInfo info) {
    static final Snapshot EMPTY = new Snapshot(null, Map.of(), new NamespaceTable(), false, null);

    Snapshot disconnected() {
      return new Snapshot(client, byPath, namespaces, false, info);
    }
  }

  public Supervisor(
      OpcUaSourceConfig config,
      Pki pki,
      IdentityProvider identityProvider,
      Dispatcher dispatcher,
      StateTracker state,
      ScheduledExecutorService scheduler) {
    this.config = config;
    this.factory = new ClientFactory(config, pki, identityProvider);
    this.setup = new CollectionSetup(config, dispatcher, scheduler);
    this.state = state;
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
    this.backoff = new Backoff(config.reconnect(), () -> ThreadLocalRandom.current().nextDouble());
  }

  public void start() {
    state.set(SourceState.CONNECTING);
    scheduler.execute(this::attempt);
  }

  public Snapshot snapshot() {
    return snapshot;
  }

  public List<String> warnings() {
    return warnings;
  }

  // --- connecting ----------------------------------------------------------------------------

  private void attempt() {
    if (stopped) {
      return;
    }
    pending = null;
    discard();
    state.set(SourceState.CONNECTING);
    int gen = generation.incrementAndGet();
    try {
      ClientFactory.Created created = factory.create();
      OpcUaClient c = created.client();
      client = c;
      clientForStop = c;
      endpoint = created.endpoint();
      c.addSessionActivityListener(new Listener(gen));
      long t0 = System.nanoTime();
      c.connectAsync().get(factory.timeoutMillis(), TimeUnit.MILLISECONDS);
      sessionId = ClientFactory.sessionId(c);
      long sessionMs = (System.nanoTime() - t0) / 1_000_000;
      setUp(gen);
      established = true;
      lost = false;
      backoff.reset();
      connected(everConnected);
      // The phases' times say where a slow start goes (a failover waits for all of them).
      LOG.info(
          "Source {}: connected to {} ({}), collecting {} tags (Session {} ms, {})",
          config.id(),
          config.endpointUrl(),
          EndpointSelector.describe(endpoint),
          snapshot.byPath().size(),
          sessionMs,
          collecting.timings);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!stopped) {
        failed(factory.describe(e));
      }
    }
  }

  private void setUp(int gen) throws Exception {
    Collecting c = new Collecting();
    collecting = c;
    setup.setUp(client, c, why -> subscriptionLost(gen, why), new PollFailures(gen));
    warnings = c.warnings;
    snapshot =
        new Snapshot(
            client, c.byPath, c.namespaceTable, true, ClientFactory.info(endpoint, sessionId));
  }

  private void failed(String why) {
    reportLoss();
    state.error(why);
    state.set(SourceState.DOWN);
    snapshot = snapshot.disconnected();
    Duration delay = backoff.next();
    LOG.warn(
        "Source {}: {}; retrying in {}",
        config.id(),
        why,
        Durations.format(delay.truncatedTo(ChronoUnit.MILLIS)));
    discard();
    pending = scheduler.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void connected(boolean afterLoss) {
    if (afterLoss) {
      state.reconnected();
    }
    everConnected = true;
    lossReported = false;
    pollError = null;
    List<String> w = warnings;
    state.error(w.isEmpty() ? null : String.join("; ", w));
    state.set(SourceState.CONNECTED);
  }

  /** Drops the client without waiting; its late callbacks are ignored (new generation). */
  private void discard() {
    OpcUaClient c = client;
    generation.incrementAndGet();
    // Late publish responses and poll results of the old client must not reach the sink.
    dispatcher.retire();
    if (collecting != null && collecting.poller != null) {
      collecting.poller.stop();
    }
    // The Subscriptions go with the Session when the client disconnects.
    collecting = null;
    established = false;
    client = null;
    if (c != null) {
      c.disconnectAsync()
          .whenComplete((ok, ex) -> LOG.debug("Source {}: old client closed", config.id()));
    }
  }

  /**
   * Once per loss of the Session (or a failed recovery), every tag that is not BAD already gets a
   * BAD {@code Bad_NotConnected} reading with its last value: the node must not keep showing the
   * last GOOD values of a device it no longer hears from.
   */
  private void reportLoss() {
    if (lossReported) {
      return;
    }
    Map<TagPath, TagBinding> tags = snapshot.byPath();
    if (!tags.isEmpty()) {
      lossReported = true;
      dispatcher.deliverLoss(tags.values(), NOT_CONNECTED);
    }
  }

  /** Bad_NotConnected (0x808A0000): the source has no connection to the server. */
  public static final StatusCode NOT_CONNECTED = new StatusCode(StatusCodes.Bad_NotConnected);

  /** Polls that failed since the source started. */
  public long pollFailures() {
    return pollFailures.get();
  }

  private final class PollFailures implements Poller.Failures {
    private final int gen;

    PollFailures(int gen) {
      this.gen = gen;
    }

    @Override
    public void pollFailed(int epoch, List<TagBinding> bindings, StatusCode status, String why) {
      pollFailures.incrementAndGet();
      post(
          () -> {
            if (!current(gen) || lost) {
              return; // The loss of the Session was reported already (Bad_NotConnected).
            }
            if (pollError == null) {
              LOG.warn("Source {}: {}", config.id(), why);
            }
            pollError = why;
            state.error(why);
            dispatcher.deliverStatus(
                epoch, bindings, java.util.Collections.nCopies(bindings.size(), status));
          });
    }

    @Override
    public void pollSucceeded() {
      if (pollError == null) {
        return;
      }
      post(
          () -> {
            if (current(gen) && !lost && pollError != null) {
              pollError = null;
              List<String> w = warnings;
              state.error(w.isEmpty() ? null : String.join("; ", w));
            }
          });
    }
  }

  // --- recovery ------------------------------------------------------------------------------

  private final class Listener implements SessionActivityListener {
    private final int gen;

    Listener(int gen) {
      this.gen = gen;
    }

    @Override
    public void onSessionActive(UaSession session) {
      post(() -> sessionActive(gen, session));
    }

    @Override
    public void onSessionInactive(UaSession session) {
      post(() -> sessionInactive(gen));
    }
  }

  private void post(Runnable r) {
    if (stopped) {
      return;
    }
    try {
      scheduler.execute(r);
    } catch (RejectedExecutionException e) {
      // Stopping: nothing left to do.
    }
  }

  private boolean current(int gen) {
    return !stopped && gen == generation.get() && established;
  }

  private void sessionInactive(int gen) {
    if (!current(gen) || lost) {
      return;
    }
    lost = true;
    reportLoss();
    snapshot = snapshot.disconnected();
    String why = "the connection to " + config.endpointUrl() + " was lost; reconnecting";
    state.error(why);
    state.set(SourceState.DOWN);
    Duration delay = backoff.next();
    if (delay.compareTo(MILO_GRACE) < 0) {
      delay = MILO_GRACE;
    }
    LOG.warn("Source {}: {}", config.id(), why);
    pending = scheduler.schedule(() -> recoveryDue(gen), delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void recoveryDue(int gen) {
    if (current(gen) && lost) {
      attempt();
    }
  }

  private void sessionActive(int gen, UaSession session) {
    if (!current(gen) || !lost) {
      return;
    }
    lost = false;
    if (pending != null) {
      pending.cancel(false);
      pending = null;
    }
    boolean sameNamespaces =
        Arrays.equals(collecting.namespaces, client.getNamespaceTable().toArray());
    boolean sameSession = session.getSessionId().equals(sessionId);
    sessionId = session.getSessionId();
    boolean kept =
        sameNamespaces
            && collecting.subscriptions != null
            && collecting.subscriptions.intact()
            && (!lossReported || collecting.subscriptions.resendData());
    if (kept) {
      LOG.info(
          "Source {}: {}; Subscriptions kept",
          config.id(),
          sameSession ? "Session reactivated" : "new Session with transferred Subscriptions");
      snapshot =
          new Snapshot(
              client,
              snapshot.byPath(),
              snapshot.namespaces(),
              true,
              ClientFactory.info(endpoint, sessionId));
      backoff.reset();
      connected(true);
      return;
    }
    LOG.info("Source {}: new Session; setting up collection again", config.id());
    setUpAgain(gen, true);
  }

  private void subscriptionLost(int gen, String why) {
    post(
        () -> {
          if (current(gen) && !lost) {
            LOG.warn("Source {}: {}; setting up collection again", config.id(), why);
            setUpAgain(gen, false);
          }
        });
  }

  private void setUpAgain(int gen, boolean afterLoss) {
    try {
      collecting.stop();
      client.resetOperationLimits();
      setUp(gen);
      backoff.reset();
      connected(afterLoss);
    } catch (Exception e) {
      failed(factory.describe(e));
    }
  }

  // --- stopping ------------------------------------------------------------------------------

  /**
   * The tags of the current Session, for the BAD readings that a stop delivers; empty when the loss
   * was reported already.
   */
  public java.util.Collection<TagBinding> tagsToReportLost() {
    return lossReported ? List.of() : snapshot.byPath().values();
  }

  /** Disconnects; called once, after delivery was closed. */
  public void stop(Duration timeout) {
    stopped = true;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Source {}: the connection thread did not stop in {}", config.id(), timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Read only now: an attempt that was running may have created a client until it stopped.
    OpcUaClient c = clientForStop;
    if (c != null) {
      try {
        c.disconnectAsync().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.debug("Source {}: disconnect: {}", config.id(), e.toString());
      }
    }
    snapshot = snapshot.disconnected();
  }
}
