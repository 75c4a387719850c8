package io.plantmesh.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private static Reading r(String path) {
    return new Reading(TagPath.of(path), Value.Bool.TRUE, Quality.GOOD, T0, null, T0, "n", 1);
  }

  private static Reading r(String path, Instant sourceTime, long seq) {
    return new Reading(
        TagPath.of(path), new Value.Float64(seq), Quality.GOOD, sourceTime, null, T0, "n", seq);
  }

  private static List<String> paths(TagStore.Page page) {
    return page.tags().stream().map(t -> t.reading().path().toString()).toList();
  }

  @Test
  void listsSortedByPathWithSegmentWisePrefixAndPaging() {
    TagStore store = new TagStore();
    for (String p :
        List.of("p1/l1/b", "p1/l1/a", "p1/l10/a", "p1/l1-x/a", "p1/l1", "p2/a", "p1/l0/z")) {
      store.apply("s", r(p));
    }
    TagStore.Page all = store.list(null, 0, 100);
    assertEquals(7, all.total());
    assertEquals(
        List.of("p1/l0/z", "p1/l1", "p1/l1-x/a", "p1/l1/a", "p1/l1/b", "p1/l10/a", "p2/a"),
        paths(all));

    // "p1/l1" must not match "p1/l10" or "p1/l1-x": prefixes are whole segments.
    TagStore.Page l1 = store.list(TagPath.of("p1/l1"), 0, 100);
    assertEquals(List.of("p1/l1", "p1/l1/a", "p1/l1/b"), paths(l1));
    assertEquals(3, l1.total());

    TagStore.Page window = store.list(TagPath.of("p1"), 2, 2);
    assertEquals(6, window.total());
    assertEquals(List.of("p1/l1-x/a", "p1/l1/a"), paths(window));

    assertEquals(0, store.list(TagPath.of("nope"), 0, 10).total());
    assertThrows(IllegalArgumentException.class, () -> store.list(null, -1, 10));
  }

  @Test
  void listingsSeeTagsAddedAfterAnEarlierListing() {
    TagStore store = new TagStore();
    store.apply("s", r("a/2"));
    assertEquals(List.of("a/2"), paths(store.list(null, 0, 10)));
    store.apply("s", r("a/3"));
    store.apply("s", r("a/1"));
    store.apply("s", r("b/1"));
    assertEquals(List.of("a/1", "a/2", "a/3", "b/1"), paths(store.list(null, 0, 10)));
    assertEquals(List.of("a/1", "a/2", "a/3"), paths(store.list(TagPath.of("a"), 0, 10)));
    assertEquals(4, store.size());
  }

  @Test
  void newerReadingsReplaceOlderOnesAndKeepTheirSource() {
    TagStore store = new TagStore();
    TagPath p = TagPath.of("a/t");
    assertTrue(store.apply("s1", r("a/t", T0, 1)));
    assertTrue(store.apply("s1", r("a/t", T0.plusSeconds(1), 2)));
    assertFalse(store.apply("s1", r("a/t", T0, 1)), "an older reading never wins");
    assertEquals(2, store.get(p).orElseThrow().reading().sequence());
    assertEquals("s1", store.get(p).orElseThrow().sourceId());

    // Another source delivers the tag: reading and source change together.
    assertTrue(store.apply("s2", r("a/t", T0.plusSeconds(2), 4)));
    StoredTag latest = store.get(p).orElseThrow();
    assertEquals("s2", latest.sourceId());
    assertEquals(4, latest.reading().sequence());
    assertEquals(List.of(latest), store.list(null, 0, 10).tags());
    assertTrue(store.get(TagPath.of("a/none")).isEmpty());
  }
}
