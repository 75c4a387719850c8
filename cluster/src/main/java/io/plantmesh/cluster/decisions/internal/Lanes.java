package io.plantmesh.cluster.decisions.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ordered lane of work per rule over a small shared pool: a rule's actions run one after the
 * other in the order it decided them (a fire's write before the clear's write), while a rule
 * waiting for a slow PLC does not hold up the others.
 */
public final class Lanes implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);

  private final ExecutorService pool;
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

  public Lanes(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, name + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Runs {@code task} after everything submitted to {@code lane} before it. */
  public synchronized void submit(String lane, Runnable task) {
    CompletableFuture<Void> tail =
        tails.getOrDefault(lane, CompletableFuture.completedFuture(null));
    try {
      tails.put(lane, tail.thenRunAsync(() -> run(lane, task), pool));
    } catch (RejectedExecutionException e) {
      LOG.debug("Lane {} is closed; dropped a task", lane);
    }
  }

  /** Waits until what was submitted to {@code lane} so far has run; false after {@code timeout}. */
  public boolean drain(String lane, Duration timeout) {
    CompletableFuture<Void> tail;
    synchronized (this) {
      tail = tails.get(lane);
    }
    if (tail == null) {
      return true;
    }
    try {
      tail.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
  }

  private static void run(String lane, Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.warn("An action of rule '{}' failed: {}", lane, e.toString(), e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
