package io.plantmesh.opcua.internal;

import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.CollectionMode;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.internal.SubscriptionSet.Refused;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.encoding.EncodingContext;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up collection in a fresh Session: resolve the tags, read their metadata, create the
 * Subscriptions (or start polling), and report the tags that cannot be collected as BAD readings.
 */
final class CollectionSetup {
  private static final Logger LOG = LoggerFactory.getLogger(CollectionSetup.class);

  private final OpcUaSourceConfig config;
  private final Dispatcher dispatcher;
  private final ScheduledExecutorService scheduler;

  CollectionSetup(
      OpcUaSourceConfig config, Dispatcher dispatcher, ScheduledExecutorService scheduler) {
    this.config = config;
    this.dispatcher = dispatcher;
    this.scheduler = scheduler;
  }

  /** What a setup made; the Supervisor tears it down again. */
  static final class Collecting {
    SubscriptionSet subscriptions;
    Poller poller;
    Map<TagPath, TagBinding> byPath = Map.of();
    List<String> warnings = List.of();
    String[] namespaces;

    /** How long each phase of the set-up took, for the log. */
    String timings = "";

    /** A copy of the Session's namespace table as the tags were resolved, for their addresses. */
    NamespaceTable namespaceTable = new NamespaceTable();

    void stop() {
      if (poller != null) {
        poller.stop();
        poller = null;
      }
      if (subscriptions != null) {
        subscriptions.delete();
        subscriptions = null;
      }
    }
  }

  /**
   * Sets up collection; {@code out} is filled as far as it got, so that a failure halfway can be
   * torn down.
   */
  void setUp(
      OpcUaClient c, Collecting out, SubscriptionSet.Lost onLost, Poller.Failures onPollFailure)
      throws Exception {
    Limits limits = Limits.read(c);
    Services services = new Services(c, limits);
    out.namespaces = c.getNamespaceTable().toArray();
    out.namespaceTable = copyOf(out.namespaces);
    long t0 = System.nanoTime();
    AddressResolver resolver = new AddressResolver(services, config);
    List<TagBinding> bindings = resolver.resolve();
    long t1 = System.nanoTime();
    MetadataReader.read(services, bindings, c::getStaticEncodingContext);
    dispatcher.encodingContext(encodingContext(c, bindings));
    long t2 = System.nanoTime();

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
    int epoch = dispatcher.newEpoch();
    out.subscriptions = new SubscriptionSet(c, dispatcher, config.id(), onLost, epoch);
    for (Refused r : out.subscriptions.create(subscribed, limits.maxMonitoredItemsPerCall())) {
      bad.add(r.binding());
      badStatus.add(r.status());
    }
    long t3 = System.nanoTime();
    out.timings =
        "resolve "
            + (t1 - t0) / 1_000_000
            + " ms, metadata "
            + (t2 - t1) / 1_000_000
            + " ms, subscribe "
            + (t3 - t2) / 1_000_000
            + " ms";
    Map<TagPath, TagBinding> byPath = new LinkedHashMap<>();
    bindings.forEach(b -> byPath.put(b.path, b));
    out.byPath = Map.copyOf(byPath);
    List<String> w = new ArrayList<>(resolver.warnings());
    if (!bad.isEmpty()) {
      w.add(
          bad.size()
              + " of "
              + bindings.size()
              + " tags cannot be collected: "
              + sample(bad, badStatus, out.namespaceTable));
    }
    out.warnings = List.copyOf(w);
    for (String s : w) {
      LOG.warn("Source {}: {}", config.id(), s);
    }
    dispatcher.deliverStatus(epoch, bad, badStatus);
    out.poller = new Poller(c, dispatcher, epoch, limits.maxNodesPerRead(), onPollFailure);
    out.poller.start(polled, scheduler);
  }

  private static NamespaceTable copyOf(String[] uris) {
    NamespaceTable t = new NamespaceTable();
    for (int i = 0; i < uris.length; i++) {
      t.set(i, uris[i]);
    }
    return t;
  }

  private static String sample(
      List<TagBinding> bad, List<StatusCode> status, NamespaceTable namespaces) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < Math.min(5, bad.size()); i++) {
      sb.append(i == 0 ? "" : ", ")
          .append(bad.get(i).path)
          .append(" (")
          .append(bad.get(i).address(namespaces))
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
                b -> b.dataTypeId() != null && b.dataTypeId().getNamespaceIndex().intValue() != 0);
    if (custom) {
      try {
        return c.getDynamicEncodingContext();
      } catch (Exception e) {
        LOG.debug("Source {}: no dynamic codecs: {}", config.id(), e.toString());
      }
    }
    return c.getStaticEncodingContext();
  }
}
