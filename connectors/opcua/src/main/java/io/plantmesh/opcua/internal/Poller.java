package io.plantmesh.opcua.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * POLL mode: the tags of each distinct poll interval are read at that interval, in Read calls of at
 * most MaxNodesPerRead, and each poll's results go to the sink as one batch. A poll still running
 * when the next is due is not overlapped; that tick is skipped.
 *
 * <p>A poll that fails (the Read service fails, or returns a different number of results than it
 * was asked for) is never dropped silently: it is reported to {@link Failures} with the tags it
 * covered and the status they get, which the Supervisor counts, records as the last error and
 * delivers as BAD readings.
 */
final class Poller {
  /** Where failed polls go; called on a Milo thread. */
  interface Failures {
    void pollFailed(int epoch, List<TagBinding> bindings, StatusCode status, String why);

    void pollSucceeded();
  }

  private final OpcUaClient client;
  private final Dispatcher dispatcher;
  private final int epoch;
  private final int maxNodesPerRead;
  private final Failures failures;
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

  Poller(
      OpcUaClient client,
      Dispatcher dispatcher,
      int epoch,
      int maxNodesPerRead,
      Failures failures) {
    this.client = client;
    this.dispatcher = dispatcher;
    this.epoch = epoch;
    this.maxNodesPerRead = maxNodesPerRead;
    this.failures = failures;
  }

  void start(List<TagBinding> bindings, ScheduledExecutorService scheduler) {
    Map<Duration, List<TagBinding>> byInterval = new TreeMap<>();
    for (TagBinding b : bindings) {
      byInterval.computeIfAbsent(b.collection.pollInterval(), k -> new ArrayList<>()).add(b);
    }
    for (Map.Entry<Duration, List<TagBinding>> e : byInterval.entrySet()) {
      Group g = new Group(List.copyOf(e.getValue()));
      long period = e.getKey().toNanos();
      tasks.add(scheduler.scheduleAtFixedRate(g::poll, 0, period, TimeUnit.NANOSECONDS));
    }
  }

  void stop() {
    tasks.forEach(t -> t.cancel(false));
    tasks.clear();
  }

  /** The status a failed Read gives its tags: the service result, else Bad_CommunicationError. */
  static StatusCode statusOf(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof UaException u && u.getStatusCode().isBad()) {
      return u.getStatusCode();
    }
    return new StatusCode(StatusCodes.Bad_CommunicationError);
  }

  private final class Group {
    private final List<TagBinding> bindings;
    private final List<List<ReadValueId>> batches = new ArrayList<>();
    private final AtomicBoolean inFlight = new AtomicBoolean();

    Group(List<TagBinding> bindings) {
      this.bindings = bindings;
      List<ReadValueId> ids = new ArrayList<>(bindings.size());
      for (TagBinding b : bindings) {
        ids.add(Services.readId(b.nodeId, AttributeId.Value));
      }
      batches.addAll(Chunks.of(ids, maxNodesPerRead));
    }

    void poll() {
      if (!inFlight.compareAndSet(false, true)) {
        return;
      }
      List<CompletableFuture<List<DataValue>>> reads = new ArrayList<>(batches.size());
      for (List<ReadValueId> batch : batches) {
        reads.add(
            client
                .readAsync(0.0, TimestampsToReturn.Both, batch)
                .thenApply(r -> r.getResults() == null ? List.of() : List.of(r.getResults())));
      }
      CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
          .whenComplete(
              (v, ex) -> {
                try {
                  if (ex != null) {
                    StatusCode status = statusOf(ex);
                    failures.pollFailed(
                        epoch,
                        bindings,
                        status,
                        "polling "
                            + bindings.size()
                            + " tags failed: "
                            + Qualities.describe(status));
                    return;
                  }
                  List<DataValue> values = new ArrayList<>(bindings.size());
                  for (CompletableFuture<List<DataValue>> r : reads) {
                    values.addAll(r.join());
                  }
                  if (values.size() == bindings.size()) {
                    dispatcher.deliverValues(epoch, bindings, values);
                    failures.pollSucceeded();
                  } else {
                    failures.pollFailed(
                        epoch,
                        bindings,
                        new StatusCode(StatusCodes.Bad_CommunicationError),
                        "polling "
                            + bindings.size()
                            + " tags failed: the server returned "
                            + values.size()
                            + " results");
                  }
                } finally {
                  inFlight.set(false);
                }
              });
    }
  }
}
