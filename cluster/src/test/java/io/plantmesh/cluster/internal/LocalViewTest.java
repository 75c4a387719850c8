package io.plantmesh.cluster.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.cluster.Registration;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalViewTest {
  private final Counters counters = new Counters();
  private LocalView view;

  @AfterEach
  void close() {
    view.close();
  }

  private static Reading r(String path, long seq) {
    Instant t = Instant.parse("2026-11-25T10:00:00Z").plusMillis(seq);
    return new Reading(
        TagPath.of(path), Value.of((double) seq), Quality.GOOD, t, null, t, "n", seq);
  }

  @Test
  void aFailingListenerIsCountedAndTheOthersStillHearEveryChange() {
    view = new LocalView("t", 16, counters);
    List<Reading> heard = new CopyOnWriteArrayList<>();
    view.subscribe(
        null,
        false,
        c -> {
          throw new IllegalStateException("boom");
        });
    view.subscribe(TagPath.of("a"), false, heard::addAll);
    view.enqueue("plc", List.of(r("a/x", 1), r("b/y", 2)));
    view.enqueue("plc", List.of(r("a/x", 3)));
    await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() == 2);
    assertEquals(List.of(1L, 3L), heard.stream().map(Reading::sequence).toList());
    assertEquals(2, counters.listenerFailures.sum());
  }

  @Test
  void aListenerMaySubscribeFromItsCallback() {
    view = new LocalView("t", 1, counters);
    List<Reading> inner = new CopyOnWriteArrayList<>();
    Registration[] outer = new Registration[1];
    outer[0] =
        view.subscribe(
            TagPath.of("a"),
            false,
            c -> {
              view.subscribe(TagPath.of("b"), true, inner::addAll);
              outer[0].close();
            });
    view.enqueue("plc", List.of(r("b/1", 1)));
    view.enqueue("plc", List.of(r("a/trigger", 2)));
    view.enqueue("plc", List.of(r("b/2", 3)));
    await().atMost(Duration.ofSeconds(5)).until(() -> inner.size() == 2);
    assertEquals(List.of("b/1", "b/2"), inner.stream().map(x -> x.path().toString()).toList());
  }

  @Test
  void eachHeldReadingKnowsItsSourceAndANewerReadingReplacesIt() {
    view = new LocalView("t", 16, counters);
    // What a listener sees through sourceOf while a change is delivered.
    Map<String, String> sourceSeenByListener = new ConcurrentHashMap<>();
    view.subscribe(
        null,
        false,
        changes -> {
          for (Reading c : changes) {
            sourceSeenByListener.put(
                c.path() + "@" + c.sequence(), view.sourceOf(c.path()).orElse("none"));
          }
        });
    // Distinct String instances, as decoded from separate messages.
    String first = new String("plc-1".toCharArray());
    String second = new String("plc-1".toCharArray());
    view.enqueue(first, List.of(r("a/x", 1)));
    view.enqueue(second, List.of(r("a/y", 2)));
    view.enqueue(
        List.of(
            new SourceBatch("plc-2", List.of(r("a/x", 3), r("b/z", 4))),
            new SourceBatch("plc-3", List.of(r("a/y", 1)))));
    await().atMost(Duration.ofSeconds(5)).until(() -> view.size() == 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> sourceSeenByListener.size() == 4);
    assertEquals(Optional.of("plc-2"), view.sourceOf(TagPath.of("a/x")), "newer replaced it");
    assertEquals(Optional.of("plc-1"), view.sourceOf(TagPath.of("a/y")), "older did not");
    assertEquals(Optional.of("plc-2"), view.sourceOf(TagPath.of("b/z")));
    assertEquals(Optional.empty(), view.sourceOf(TagPath.of("a/unknown")));
    assertSame(
        view.sourceOf(TagPath.of("a/x")).orElseThrow(),
        view.sourceOf(TagPath.of("b/z")).orElseThrow(),
        "one instance per source id");
    assertSame(first, view.sourceOf(TagPath.of("a/y")).orElseThrow(), "interned");
    assertEquals(
        Map.of("a/x@1", "plc-1", "a/y@2", "plc-1", "a/x@3", "plc-2", "b/z@4", "plc-2"),
        sourceSeenByListener);
    assertEquals(1, counters.readingsStale.sum());
  }

  @Test
  void anEmptySourceIdIsRefused() {
    view = new LocalView("t", 16, counters);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> view.enqueue("", List.of(r("a", 1))));
    assertTrue(e.getMessage().contains("sourceId of 1 readings is empty"), e.getMessage());
  }

  @Test
  void aFullQueueMakesPublishersWaitAndLosesNothing() throws Exception {
    view = new LocalView("t", 1, counters);
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    view.subscribe(
        TagPath.of("slow"),
        false,
        c -> {
          inListener.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    view.enqueue("plc", List.of(r("slow/1", 1))); // taken by the apply thread, which then blocks
    assertTrue(inListener.await(5, TimeUnit.SECONDS));
    view.enqueue("plc", List.of(r("slow/2", 2))); // fills the one place in the queue
    Thread third = new Thread(() -> view.enqueue("plc", List.of(r("slow/3", 3))));
    third.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> counters.applyQueueWaits.sum() == 1);
    assertTrue(third.isAlive(), "the third publisher waits for room");
    release.countDown();
    third.join(5000);
    await().atMost(Duration.ofSeconds(5)).until(() -> view.size() == 3);
    assertEquals(3, counters.readingsApplied.sum());
  }
}
