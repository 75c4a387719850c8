package io.plantmesh.node.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
