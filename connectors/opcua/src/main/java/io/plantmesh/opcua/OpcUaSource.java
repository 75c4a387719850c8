package io.plantmesh.opcua;

import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.Source;
import io.plantmesh.core.SourceState;
import io.plantmesh.core.SourceStatus;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import io.plantmesh.opcua.internal.Dispatcher;
import io.plantmesh.opcua.internal.Identities;
import io.plantmesh.opcua.internal.Pki;
import io.plantmesh.opcua.internal.StateTracker;
import io.plantmesh.opcua.internal.Supervisor;
import io.plantmesh.opcua.internal.TagWriter;
import java.io.IOException;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;

/**
 * A {@link Source} that collects from one OPC UA server with the Eclipse Milo client: Session and
 * Subscriptions (or polling), endpoint security, PKI, recovery and writes. See the module README
 * for the configuration and the recovery behaviour.
 *
 * <p>{@link #start} returns at once; the source connects on its own thread, retries a server that
 * is down under its {@link ReconnectPolicy}, and reports its state through {@link #status()}.
 */
public final class OpcUaSource implements Source {
  static {
    // Aes256_Sha256_RsaPss needs RSASSA-PSS from Bouncy Castle, which Milo depends on.
    if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
      Security.addProvider(new BouncyCastleProvider());
    }
  }

  private final OpcUaSourceConfig config;
  private final StateTracker state;
  private final Dispatcher dispatcher;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile Supervisor supervisor;
  private Prepared prepared;

  /** What {@link #prepare()} loaded: the client's PKI (null with policy none) and the identity. */
  private record Prepared(Pki pki, IdentityProvider identity) {}

  /**
   * @param config the source's configuration
   * @param originNode the name of the node collecting, stamped on every reading
   */
  public OpcUaSource(OpcUaSourceConfig config, String originNode) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(originNode, "originNode");
    this.state = new StateTracker(config.id());
    this.dispatcher = new Dispatcher(config.id(), originNode);
  }

  @Override
  public String id() {
    return config.id();
  }

  public OpcUaSourceConfig config() {
    return config;
  }

  /**
   * Reads (or generates) the client certificate and reads the X.509 user identity, so that an
   * unusable PKI directory or key file is refused before anything connects. Idempotent.
   *
   * @throws OpcUaConfigException naming the key ({@code sources[<id>].pki.dir}, {@code
   *     sources[<id>].identity.private-key}, ...) and the reason
   */
  @Override
  public synchronized void prepare() {
    if (prepared != null) {
      return;
    }
    Pki pki = null;
    if (config.securityPolicy() != SecurityPolicyChoice.NONE) {
      try {
        pki = Pki.open(config.pki(), config.id());
      } catch (IOException e) {
        throw new OpcUaConfigException(
            config.key() + ".pki.dir", "cannot use " + config.pki().dir() + ": " + e.getMessage());
      }
    }
    prepared = new Prepared(pki, Identities.provider(config.identity(), config.key()));
  }

  /**
   * Starts collecting, after {@link #prepare()} (called here if it was not).
   *
   * @throws OpcUaConfigException if the PKI or identity files cannot be used
   * @throws IllegalStateException if called twice
   */
  @Override
  public void start(ReadingSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (stopping.get() || !started.compareAndSet(false, true)) {
      throw new IllegalStateException("source " + config.id() + " was already started");
    }
    prepare();
    Pki pki;
    IdentityProvider identity;
    synchronized (this) {
      pki = prepared.pki();
      identity = prepared.identity();
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "plantmesh-opcua-" + config.id());
              t.setDaemon(true);
              return t;
            });
    dispatcher.open(sink);
    Supervisor s = new Supervisor(config, pki, identity, dispatcher, state, scheduler);
    supervisor = s;
    s.start();
  }

  /** Stops collecting; blocks until the connection is released. Idempotent. */
  @Override
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    try {
      Supervisor s = supervisor;
      if (s != null) {
        // The tags were GOOD from a connection that now ends: say so, then deliver nothing more.
        dispatcher.closeWithLoss(s.tagsToReportLost(), Supervisor.NOT_CONNECTED);
      } else {
        dispatcher.close();
      }
      if (s != null) {
        s.stop(config.requestTimeout().plus(Duration.ofSeconds(5)));
      }
      state.set(SourceState.STOPPED);
    } finally {
      stopped.countDown();
    }
  }

  @Override
  public SourceStatus status() {
    return state.snapshot(
        dispatcher.goodItems(), dispatcher.badItems(), dispatcher.readingsDelivered());
  }

  /** Polls (POLL mode) that failed since start; each also gave its tags BAD readings. */
  public long pollFailures() {
    Supervisor s = supervisor;
    return s == null ? 0 : s.pollFailures();
  }

  @Override
  public List<TagMetadata> tags() {
    Supervisor s = supervisor;
    return s == null ? List.of() : TagWriter.metadata(s.snapshot(), config.id());
  }

  /**
   * One tag's metadata, built on request from what the source holds for the tag anyway. Prefer this
   * over searching {@link #tags()} when one tag is wanted: with 100,000 tags that list is 100,000
   * new records.
   */
  public Optional<TagMetadata> tag(TagPath path) {
    Objects.requireNonNull(path, "path");
    Supervisor s = supervisor;
    return s == null ? Optional.empty() : TagWriter.metadata(s.snapshot(), config.id(), path);
  }

  /** The endpoint of the current Session, once connected. */
  public Optional<ConnectionInfo> connectionInfo() {
    Supervisor s = supervisor;
    if (s == null || !s.snapshot().connected()) {
      return Optional.empty();
    }
    return Optional.ofNullable(s.snapshot().info());
  }

  /**
   * What the last setup could not do as configured: tags the server refused, browse entries cut at
   * max-tags, browse roots not found. Empty when everything was collected.
   */
  public List<String> warnings() {
    Supervisor s = supervisor;
    return s == null ? List.of() : s.warnings();
  }

  @Override
  public CompletionStage<WriteResult> write(TagPath path, Value value) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    Supervisor s = supervisor;
    if (s == null || stopping.get()) {
      return CompletableFuture.failedFuture(
          new WriteRefusedException(
              WriteRefusedException.Reason.NOT_CONNECTED,
              path + ": source " + config.id() + " is not running"));
    }
    return TagWriter.write(s.snapshot(), config.id(), path, value);
  }
}
