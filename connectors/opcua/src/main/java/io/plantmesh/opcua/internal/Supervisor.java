package io.plantmesh.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantmesh.core.SourceState;
import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.CollectionMode;
import io.plantmesh.opcua.ConnectionInfo;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.internal.SubscriptionSet.Refused;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one source connected: discovers endpoints, connects, sets up collection, and recovers.
 * Everything that changes the connection runs on the source's single scheduler thread, so no two of
 * these steps ever overlap; Milo's callbacks only post events to that thread.
 *
 * <p>Recovery: when the Session goes inactive, Milo first tries to reactivate the same Session on a
 * new secure channel (after 1 s). If it manages within {@link #MILO_GRACE} (or the first backoff
 * step, if longer), the Subscriptions survived and nothing is recreated. Otherwise the client is
 * discarded and the source reconnects from scratch under its reconnect policy, re-resolving {@code
 * nsu=} NodeIds against the new NamespaceArray and recreating every Subscription. A Session that
 * Milo re-creates by itself is checked the same way: if the Subscriptions were transferred and the
 * namespaces did not move, they are kept; else collection is set up again.
 */
public final class Supervisor {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);
  static final Duration MILO_GRACE = Duration.ofSeconds(2);

  private final OpcUaSourceConfig config;
  private final Pki pki;
  private final ServerCertificateValidator validator;
  private final IdentityProvider identityProvider;
  private final String identityText;
  private final Dispatcher dispatcher;
  private final StateTracker state;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final AtomicInteger generation = new AtomicInteger();

  // Touched on the scheduler thread only.
  private OpcUaClient client;
  private SubscriptionSet subscriptions;
  private Poller poller;
  private NodeId sessionId;
  private String[] namespaces;
  private boolean established;
  private boolean lost;
  private boolean everConnected;
  private ScheduledFuture<?> pending;

  /** What writes and {@code tags()} see; replaced whole, never changed in place. */
  private volatile Snapshot snapshot = Snapshot.EMPTY;

  private volatile OpcUaClient clientForStop;
  private volatile List<String> warnings = List.of();
  private volatile boolean stopped;

  /** The bindings of the current (or last) Session and whether it is up. */
  public record Snapshot(
      OpcUaClient client, Map<TagPath, TagBinding> byPath, boolean connected, ConnectionInfo info) {
    static final Snapshot EMPTY = new Snapshot(null, Map.of(), false, null);

    Snapshot disconnected() {
      return new Snapshot(client, byPath, false, info);
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
    this.pki = pki;
    this.validator =
        pki == null
            ? null
            : new ServerCertificateValidator(pki, config.pki().autoAcceptUntrusted(), config.id());
    this.identityProvider = identityProvider;
    this.identityText = Identities.describe(config.identity());
    this.dispatcher = dispatcher;
    this.state = state;
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
    if (validator != null) {
      validator.reset();
    }
    int gen = generation.incrementAndGet();
    OpcUaClient c = null;
    try {
      long timeoutMs = config.requestTimeout().toMillis() + 5_000;
      List<EndpointDescription> endpoints =
          DiscoveryClient.getEndpoints(config.endpointUrl()).get(timeoutMs, TimeUnit.MILLISECONDS);
      EndpointDescription chosen =
          EndpointSelector.select(
              endpoints,
              config.securityPolicy(),
              config.securityMode(),
              Identities.tokenType(config.identity()));
      EndpointDescription endpoint =
          EndpointUtil.updateUrl(
              chosen,
              EndpointUtil.getHost(config.endpointUrl()),
              EndpointUtil.getPort(config.endpointUrl()));
      c = OpcUaClient.create(clientConfig(endpoint, endpoints));
      client = c;
      clientForStop = c;
      c.addSessionActivityListener(new Listener(gen));
      c.connectAsync().get(timeoutMs, TimeUnit.MILLISECONDS);
      sessionId = c.getSession().getSessionId();
      setUp(c, gen, info(endpoint));
      established = true;
      lost = false;
      backoff.reset();
      connected(everConnected);
      LOG.info(
          "Source {}: connected to {} ({}/{}), collecting {} tags",
          config.id(),
          config.endpointUrl(),
          endpoint
              .getSecurityPolicyUri()
              .substring(endpoint.getSecurityPolicyUri().indexOf('#') + 1),
          endpoint.getSecurityMode(),
          snapshot.byPath().size());
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (stopped) {
        return;
      }
      String why = describe(e);
      failed(why);
    }
  }

  private void failed(String why) {
    state.error(why);
    state.set(SourceState.DOWN);
    snapshot = snapshot.disconnected();
    Duration delay = backoff.next();
    LOG.warn(
        "Source {}: {}; retrying in {}",
        config.id(),
        why,
        Durations.format(delay.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
    discard();
    pending = scheduler.schedule(this::attempt, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void connected(boolean afterLoss) {
    if (afterLoss) {
      state.reconnected();
    }
    everConnected = true;
    List<String> w = warnings;
    state.error(w.isEmpty() ? null : String.join("; ", w));
    state.set(SourceState.CONNECTED);
  }

  private String describe(Exception e) {
    String rejection = validator == null ? null : validator.lastRejection();
    if (rejection != null) {
      return rejection;
    }
    Throwable t = Errors.unwrap(e);
    if (t instanceof SetupException || t instanceof IllegalStateException) {
      return t.getMessage();
    }
    return Errors.describe(e, config.endpointUrl(), identityText);
  }

  private org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig clientConfig(
      EndpointDescription endpoint, List<EndpointDescription> all) {
    OpcUaClientConfigBuilder b =
        org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig.builder()
            .setEndpoint(endpoint)
            .setDiscoveryEndpoints(all)
            .setApplicationName(LocalizedText.english("plantmesh " + config.id()))
            .setProductUri("urn:plantmesh:opcua")
            .setSessionName(() -> "plantmesh:" + config.id())
            .setIdentityProvider(identityProvider)
            .setRequestTimeout(uint(config.requestTimeout().toMillis()))
            .setSessionTimeout(uint(config.sessionTimeout().toMillis()));
    if (pki != null) {
      b.setApplicationUri(pki.applicationUri())
          .setKeyPair(pki.keyPair())
          .setCertificate(pki.certificate())
          .setCertificateChain(new X509Certificate[] {pki.certificate()})
          .setCertificateValidator(validator);
    } else {
      b.setApplicationUri("urn:plantmesh:" + config.id());
    }
    return b.build();
  }

  private ConnectionInfo info(EndpointDescription e) {
    SecurityPolicy p = EndpointSelector.policy(e).orElse(null);
    return new ConnectionInfo(
        e.getEndpointUrl(),
        p == null ? null : EndpointSelector.choiceOf(p),
        EndpointSelector.choiceOf(e.getSecurityMode()),
        e.getSecurityPolicyUri());
  }

  // --- collection ----------------------------------------------------------------------------

  private void setUp(OpcUaClient c, int gen, ConnectionInfo info) throws Exception {
    Limits limits = Limits.read(c);
    Services services = new Services(c, limits);
    namespaces = c.getNamespaceTable().toArray();
    AddressResolver resolver = new AddressResolver(services, config);
    List<TagBinding> bindings = resolver.resolve();
    MetadataReader.read(services, bindings, c::getStaticEncodingContext);
    dispatcher.encodingContext(encodingContext(c, bindings));

    List<TagBinding> subscribed = new ArrayList<>();
    List<TagBinding> polled = new ArrayList<>();
    List<TagBinding> bad = new ArrayList<>();
    List<StatusCode> badStatus = new ArrayList<>();
    for (TagBinding b : bindings) {
      if (!b.resolved()) {
        bad.add(b);
        badStatus.add(b.unresolved);
      } else if (b.collection.mode() == CollectionMode.POLL) {
        polled.add(b);
      } else {
        subscribed.add(b);
      }
    }
    dispatcher.resetCounts();
    SubscriptionSet subs =
        new SubscriptionSet(c, dispatcher, config.id(), why -> subscriptionLost(gen, why));
    subscriptions = subs;
    for (Refused r : subs.create(subscribed, limits.maxMonitoredItemsPerCall())) {
      bad.add(r.binding());
      badStatus.add(r.status());
    }
    Poller p = new Poller(c, dispatcher, limits.maxNodesPerRead(), this::pollFailed);
    poller = p;
    Map<TagPath, TagBinding> byPath = new LinkedHashMap<>();
    bindings.forEach(b -> byPath.put(b.path, b));
    snapshot = new Snapshot(c, Map.copyOf(byPath), true, info);
    List<String> w = new ArrayList<>(resolver.warnings());
    if (!bad.isEmpty()) {
      w.add(
          bad.size()
              + " of "
              + bindings.size()
              + " tags cannot be collected: "
              + sample(bad, badStatus));
    }
    warnings = List.copyOf(w);
    for (String s : w) {
      LOG.warn("Source {}: {}", config.id(), s);
    }
    dispatcher.deliverStatus(bad, badStatus);
    p.start(polled, scheduler);
  }

  private static String sample(List<TagBinding> bad, List<StatusCode> status) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(5, bad.size()); i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(bad.get(i).path)
          .append(" (")
          .append(bad.get(i).address)
          .append(": ")
          .append(Qualities.describe(status.get(i)))
          .append(')');
    }
    return bad.size() > 5 ? sb + ", …" : sb.toString();
  }

  /**
   * Server-specific structures need Milo's dynamic codecs, which cost a read of the server's type
   * definitions; that is done only when a tag has a DataType outside namespace 0.
   */
  private EncodingContext encodingContext(OpcUaClient c, List<TagBinding> bindings) {
    boolean custom =
        bindings.stream()
            .anyMatch(
                b -> b.dataTypeId != null && b.dataTypeId.getNamespaceIndex().intValue() != 0);
    if (custom) {
      try {
        return c.getDynamicEncodingContext();
      } catch (Exception e) {
        LOG.debug("Source {}: no dynamic codecs: {}", config.id(), e.toString());
      }
    }
    return c.getStaticEncodingContext();
  }

  private void tearDown() {
    if (poller != null) {
      poller.stop();
      poller = null;
    }
    if (subscriptions != null) {
      subscriptions.delete();
      subscriptions = null;
    }
  }

  /** Drops the client without waiting; its late callbacks are ignored (new generation). */
  private void discard() {
    OpcUaClient c = client;
    generation.incrementAndGet();
    if (poller != null) {
      poller.stop();
      poller = null;
    }
    subscriptions = null;
    established = false;
    client = null;
    if (c != null) {
      c.disconnectAsync()
          .whenComplete((ok, ex) -> LOG.debug("Source {}: old client disconnected", config.id()));
    }
  }

  private void pollFailed(Throwable t) {
    if (!stopped && state.state() == SourceState.CONNECTED) {
      LOG.debug("Source {}: poll failed: {}", config.id(), t.toString());
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
    } catch (java.util.concurrent.RejectedExecutionException e) {
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
    boolean sameNamespaces = Arrays.equals(namespaces, client.getNamespaceTable().toArray());
    boolean sameSession = session.getSessionId().equals(sessionId);
    sessionId = session.getSessionId();
    if (sameNamespaces && subscriptions != null && subscriptions.intact()) {
      LOG.info(
          "Source {}: {} restored; Subscriptions kept",
          config.id(),
          sameSession ? "Session" : "new Session with transferred Subscriptions");
      snapshot = new Snapshot(client, snapshot.byPath(), true, snapshot.info());
      backoff.reset();
      connected(true);
      return;
    }
    LOG.info("Source {}: new Session; setting up collection again", config.id());
    resetUp(gen, true);
  }

  private void subscriptionLost(int gen, String why) {
    post(
        () -> {
          if (current(gen) && !lost) {
            LOG.warn("Source {}: {}; setting up collection again", config.id(), why);
            resetUp(gen, false);
          }
        });
  }

  private void resetUp(int gen, boolean afterLoss) {
    try {
      tearDown();
      client.resetOperationLimits();
      setUp(client, gen, snapshot.info());
      backoff.reset();
      connected(afterLoss);
    } catch (Exception e) {
      failed(describe(e));
    }
  }

  // --- stopping ------------------------------------------------------------------------------

  /** Disconnects; called once, after delivery was closed. */
  public void stop(Duration timeout) {
    stopped = true;
    OpcUaClient c = clientForStop;
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("Source {}: the connection thread did not stop in {}", config.id(), timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
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
