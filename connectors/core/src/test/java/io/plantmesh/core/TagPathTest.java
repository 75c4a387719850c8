package io.plantmesh.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagPathTest {

  @Test
  void parsesIsa95Path() {
    TagPath p = TagPath.of("plant1/packaging/line1/cell2/filler/temperature");
    assertEquals(6, p.depth());
    assertEquals("temperature", p.name());
    assertEquals(
        List.of("plant1", "packaging", "line1", "cell2", "filler", "temperature"), p.segments());
    assertEquals("plant1/packaging/line1/cell2/filler/temperature", p.toString());
  }

  @Test
  void acceptsUnicodeLettersAndAllowedPunctuation() {
    assertEquals("Werk-Süd/Öfen_1/T.ist~2:a", TagPath.of("Werk-Süd/Öfen_1/T.ist~2:a").toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/a", "a/", "a//b", "-a/b", "a/b c", "a/b#", "a/_x"})
  void refusesMalformedPaths(String bad) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TagPath.of(bad));
    assertTrue(e.getMessage().startsWith("tag path"), e.getMessage());
  }

  @Test
  void messageNamesTheSegmentAndTheRule() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TagPath.of("plant/line 1/x"));
    assertEquals(
        "tag path 'plant/line 1/x': segment 'line 1' must start with a letter or digit and contain"
            + " only letters, digits and _ - . ~ :",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> TagPath.of("a//b"));
    assertTrue(e.getMessage().contains("empty segment at position 2"), e.getMessage());
  }

  @Test
  void enforcesDepthAndLengthLimits() {
    String deep = String.join("/", java.util.Collections.nCopies(TagPath.MAX_DEPTH, "a"));
    assertEquals(TagPath.MAX_DEPTH, TagPath.of(deep).depth());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TagPath.of(deep + "/a"));
    assertTrue(e.getMessage().contains("17 segments; at most 16"), e.getMessage());

    String longSegment = "a".repeat(TagPath.MAX_SEGMENT_LENGTH + 1);
    e = assertThrows(IllegalArgumentException.class, () -> TagPath.of("x/" + longSegment));
    assertTrue(e.getMessage().contains("segment 2 is 65 characters long"), e.getMessage());

    String tooLong = String.join("/", java.util.Collections.nCopies(9, "b".repeat(60)));
    e = assertThrows(IllegalArgumentException.class, () -> TagPath.of(tooLong));
    assertTrue(e.getMessage().contains("at most 512 are allowed"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TagPath.of((String) null));
  }

  @Test
  void prefixMatchingIsBySegmentNotByCharacter() {
    TagPath p = TagPath.of("plant/line1/temp");
    assertTrue(p.startsWith(TagPath.of("plant")));
    assertTrue(p.startsWith(TagPath.of("plant/line1")));
    assertTrue(p.startsWith(p));
    assertFalse(p.startsWith(TagPath.of("plant/line")));
    assertFalse(TagPath.of("plant/line10/temp").startsWith(TagPath.of("plant/line1")));
  }

  @Test
  void equalityOrderingAndChildren() {
    assertEquals(TagPath.of("a/b"), TagPath.of("a", "b"));
    assertEquals(TagPath.of("a/b").hashCode(), TagPath.of("a/b").hashCode());
    assertTrue(TagPath.of("a/b").compareTo(TagPath.of("a/c")) < 0);
    assertEquals(TagPath.of("a/b/c"), TagPath.of("a/b").child("c"));
    assertThrows(IllegalArgumentException.class, () -> TagPath.of("a").child("bad name"));
  }

  @Test
  void sanitizesBrowseNamesIntoValidSegments() {
    assertEquals("Temp_1_", TagPath.sanitizeSegment("Temp 1!"));
    assertEquals("Oven_Zone", TagPath.sanitizeSegment("_Oven Zone"));
    assertEquals("x", TagPath.sanitizeSegment("##"));
    assertEquals(TagPath.MAX_SEGMENT_LENGTH, TagPath.sanitizeSegment("y".repeat(200)).length());
    for (String raw : List.of("a b", "ä/ö", "-lead", "...", "2:Temperature")) {
      assertTrue(TagPath.isValidSegment(TagPath.sanitizeSegment(raw)), raw);
    }
  }
}
