package io.plantmesh.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AckRangesTest {
  @Test
  void outOfOrderAcknowledgementsMergeIntoRanges() {
    AckRanges r = new AckRanges();
    assertTrue(r.add(5));
    assertTrue(r.add(3));
    assertTrue(r.add(4));
    assertFalse(r.add(4));
    assertEquals(1, r.rangeCount());
    assertTrue(r.add(10));
    assertEquals(2, r.rangeCount());
    assertEquals(6, r.nextAbsent(3));
    assertEquals(2, r.nextAbsent(2));
    assertEquals(4, r.countIn(0, 10));
    r.removeBelow(5);
    assertFalse(r.contains(4));
    assertTrue(r.contains(5));
    assertEquals(10, r.max());
  }

  @Test
  void matchesASetUnderRandomAcknowledgements() {
    Random random = new Random(1);
    List<Long> seqs = new ArrayList<>();
    for (long i = 0; i < 2000; i++) {
      seqs.add(i);
    }
    Collections.shuffle(seqs, random);
    AckRanges r = new AckRanges();
    TreeSet<Long> set = new TreeSet<>();
    for (long s : seqs.subList(0, 1500)) {
      assertEquals(set.add(s), r.add(s));
    }
    for (long i = 0; i < 2000; i++) {
      assertEquals(set.contains(i), r.contains(i), "seq " + i);
    }
    assertEquals(set.subSet(100L, true, 900L, true).size(), r.countIn(100, 900));
    AckRanges copy = new AckRanges();
    r.forEach(copy::appendRange);
    assertEquals(r.rangeCount(), copy.rangeCount());
    assertEquals(set.last(), copy.max());
    for (long i = 0; i < 2000; i++) {
      assertEquals(
          set.contains(i), copy.contains(i), "seq " + i + " after a checkpoint round trip");
    }
  }

  @Test
  void rangesAreMaximalAndSurviveForgettingTheOldest() {
    AckRanges r = new AckRanges();
    for (long s : new long[] {100, 101, 102, 200, 63, 64, 65, 1_000_000}) {
      r.add(s);
    }
    List<long[]> ranges = new ArrayList<>();
    r.forEach((s, e) -> ranges.add(new long[] {s, e}));
    assertEquals(4, ranges.size());
    assertEquals(List.of("63..65", "100..102", "200..200", "1000000..1000000"), text(ranges));
    r.removeBelow(101);
    List<long[]> after = new ArrayList<>();
    r.forEach((s, e) -> after.add(new long[] {s, e}));
    assertEquals(List.of("101..102", "200..200", "1000000..1000000"), text(after));
    assertEquals(100, r.nextAbsent(100));
    assertEquals(103, r.nextAbsent(101));
  }

  private static List<String> text(List<long[]> ranges) {
    return ranges.stream().map(x -> x[0] + ".." + x[1]).toList();
  }
}
