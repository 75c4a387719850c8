package io.plantmesh.opcua.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * POLL mode: the tags of each distinct poll interval are read at that interval, in Read calls of at
 * most MaxNodesPerRead, and each poll's results go to the sink as one batch. A poll still running
 * when the next is due is not overlapped; that tick is skipped.
 */
final class Poller {
  private final OpcUaClient client;
  private final Dispatcher dispatcher;
  private final int maxNodesPerRead;
  private final Consumer<Throwable> onFailure;
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

  Poller(
      OpcUaClient client,
      Dispatcher dispatcher,
      int maxNodesPerRead,
      Consumer<Throwable> onFailure) {
    this.client = client;
    this.dispatcher = dispatcher;
    this.maxNodesPerRead = maxNodesPerRead;
    this.onFailure = onFailure;
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
                .thenApply(r -> List.of(r.getResults())));
      }
      CompletableFuture.allOf(reads.toArray(new CompletableFuture<?>[0]))
          .whenComplete(
              (v, ex) -> {
                try {
                  if (ex != null) {
                    onFailure.accept(ex);
                    return;
                  }
                  List<DataValue> values = new ArrayList<>(bindings.size());
                  for (CompletableFuture<List<DataValue>> r : reads) {
                    values.addAll(r.join());
                  }
                  if (values.size() == bindings.size()) {
                    dispatcher.deliverValues(bindings, values);
                  }
                } finally {
                  inFlight.set(false);
                }
              });
    }
  }
}
