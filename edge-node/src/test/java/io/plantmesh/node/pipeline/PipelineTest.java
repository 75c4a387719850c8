package io.plantmesh.node.pipeline;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.ReadingSink;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Pipeline pipeline;

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static Reading reading(String path, double value, Instant sourceTime, long seq) {
    return reading(path, value, sourceTime, seq, "test-node");
  }

  private static Reading reading(
      String path, double value, Instant sourceTime, long seq, String origin) {
    return new Reading(
        TagPath.of(path),
        new Value.Float64(value),
        Quality.GOOD,
        sourceTime,
        null,
        sourceTime.plusMillis(5),
        origin,
        seq);
  }

  @Test
  void newerReadingWinsAndOlderNeverOverwrites() {
    pipeline = new Pipeline(new TagStore(), 16, registry);
    pipeline.start();
    ReadingSink sink = pipeline.sinkFor("s1");

    sink.accept(List.of(reading("a/b", 2.0, T0.plusSeconds(2), 2)));
    // From another node with an older source time, delivered later: must not roll the value back.
    sink.accept(List.of(reading("a/b", 1.0, T0.plusSeconds(1), 3, "other-node")));
    // From this node with a lower sequence: older too, whatever its time.
    sink.accept(List.of(reading("a/b", 1.5, T0.plusSeconds(9), 1)));
    sink.accept(List.of(reading("a/c", 9.0, T0, 4)));

    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.store().size() == 2);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                pipeline.queueDepth() == 0 && pipeline.store().get(TagPath.of("a/c")).isPresent());
    StoredTag ab = pipeline.store().get(TagPath.of("a/b")).orElseThrow();
    assertEquals(new Value.Float64(2.0), ab.reading().value());
    assertEquals("s1", ab.sourceId());

    // Same source time, higher sequence: newer.
    sink.accept(List.of(reading("a/b", 3.0, T0.plusSeconds(2), 7)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                pipeline
                    .store()
                    .get(TagPath.of("a/b"))
                    .orElseThrow()
                    .reading()
                    .value()
                    .equals(new Value.Float64(3.0)));
    assertEquals(
        5.0, registry.get("plantmesh.readings.received").tag("source", "s1").counter().count());
  }

  @Test
  void listenersSeeOnlyTheReadingsTheStoreAccepted() {
    pipeline = new Pipeline(new TagStore(), 16, registry);
    List<Reading> seen = new CopyOnWriteArrayList<>();
    pipeline.addListener((source, readings) -> seen.addAll(readings));
    pipeline.start();
    ReadingSink sink = pipeline.sinkFor("s1");
    Reading first = reading("x/a", 1.0, T0, 10);
    Reading stale = reading("x/a", 0.5, T0, 9);
    Reading other = reading("x/b", 2.0, T0, 11);
    sink.accept(List.of(first));
    sink.accept(List.of(stale, other));
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() >= 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.queueDepth() == 0);
    assertEquals(List.of(first, other), seen);
    assertEquals(3.0, registry.get("plantmesh.readings.ingested").counter().count());
  }

  @Test
  void listenersSeeEveryBatchInOrderAndAFailingListenerDoesNotStopOthers() {
    pipeline = new Pipeline(new TagStore(), 16, registry);
    List<String> seen = new CopyOnWriteArrayList<>();
    pipeline.addListener(
        (source, readings) -> {
          throw new IllegalStateException("listener bug");
        });
    pipeline.addListener(
        (source, readings) -> readings.forEach(r -> seen.add(source + ":" + r.sequence())));
    pipeline.start();
    ReadingSink s1 = pipeline.sinkFor("s1");
    for (int i = 0; i < 100; i++) {
      s1.accept(List.of(reading("x/t" + (i % 7), i, T0.plusMillis(i), i)));
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 100);
    for (int i = 0; i < 100; i++) {
      assertEquals("s1:" + i, seen.get(i));
    }
    assertEquals(100.0, registry.get("plantmesh.pipeline.listener.errors").counter().count());
  }

  @Test
  void fullQueueMakesTheSourceWaitAndCountsIt() throws Exception {
    pipeline = new Pipeline(new TagStore(), 2, registry);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger delivered = new AtomicInteger();
    // A listener that holds the dispatcher until released, so the queue fills up.
    pipeline.addListener(
        (source, readings) -> {
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          delivered.incrementAndGet();
        });
    pipeline.start();
    ReadingSink sink = pipeline.sinkFor("s1");
    CountDownLatch producerDone = new CountDownLatch(1);
    Thread producer =
        new Thread(
            () -> {
              for (int i = 0; i < 6; i++) {
                sink.accept(List.of(reading("p/t", i, T0.plusMillis(i), i)));
              }
              producerDone.countDown();
            });
    producer.start();

    // One batch held by the dispatcher, two in the queue: the producer must be blocked.
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.backpressureWaits() >= 1);
    assertEquals(2, pipeline.queueDepth());
    assertFalse(producerDone.await(200, TimeUnit.MILLISECONDS), "producer should be waiting");

    release.countDown();
    assertTrue(producerDone.await(5, TimeUnit.SECONDS));
    await().atMost(Duration.ofSeconds(5)).until(() -> delivered.get() == 6);
    assertEquals(0, pipeline.droppedReadings());
    assertEquals(
        5.0,
        ((io.plantmesh.core.Value.Float64)
                pipeline.store().get(TagPath.of("p/t")).orElseThrow().reading().value())
            .value());
    assertTrue(registry.get("plantmesh.pipeline.backpressure.waits").counter().count() >= 1);
  }

  @Test
  void lagIsRecordedPerSource() {
    pipeline = new Pipeline(new TagStore(), 4, registry);
    pipeline.start();
    pipeline.sinkFor("s2").accept(List.of(reading("l/a", 1, T0, 1), reading("l/b", 1, T0, 2)));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                registry.get("plantmesh.notification.lag").tag("source", "s2").timer().count()
                    == 2);
    assertEquals(
        5.0,
        registry
            .get("plantmesh.notification.lag")
            .tag("source", "s2")
            .timer()
            .max(TimeUnit.MILLISECONDS),
        0.001);
  }

  @Test
  void closeDeliversWhatIsQueuedAndLaterDeliveriesAreCountedAsDropped() {
    pipeline = new Pipeline(new TagStore(), 1000, registry);
    pipeline.start();
    ReadingSink sink = pipeline.sinkFor("s1");
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      batch.add(reading("c/t" + i, i, T0, i));
    }
    for (int i = 0; i < 50; i++) {
      sink.accept(batch);
    }
    pipeline.close();
    assertEquals(500, pipeline.store().size());
    assertEquals(0, pipeline.queueDepth());
    sink.accept(List.of(reading("c/late", 1, T0, 1)));
    assertEquals(1, pipeline.droppedReadings());
    assertTrue(pipeline.store().get(TagPath.of("c/late")).isEmpty());
  }
}
