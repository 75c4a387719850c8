package io.plantmesh.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SeqBitsTest {
  @Test
  void matchesASetUnderRandomChangesAndAMovingFloor() {
    Random random = new Random(7);
    for (int round = 0; round < 300; round++) {
      SeqBits bits = new SeqBits();
      TreeSet<Long> set = new TreeSet<>();
      long floor = random.nextInt(1000);
      for (int op = 0; op < 300; op++) {
        long s = floor + random.nextInt(3000);
        switch (random.nextInt(6)) {
          case 0, 1 -> assertEquals(set.add(s), bits.add(s), "add " + s);
          case 2 -> assertEquals(set.remove(s), bits.remove(s), "remove " + s);
          case 3 -> {
            long end = s + random.nextInt(200);
            bits.addRange(s, end);
            for (long x = s; x <= end; x++) {
              set.add(x);
            }
          }
          case 4 -> {
            floor += random.nextInt(300);
            bits.removeBelow(floor);
            set.headSet(floor).clear();
          }
          default -> {
            long end = s + random.nextInt(200);
            bits.removeRange(s, end);
            set.subSet(s, end).clear();
          }
        }
        long probe = floor + random.nextInt(3200) - 100;
        if (probe >= 0) {
          assertEquals(set.contains(probe), bits.contains(probe), "contains " + probe);
          Long next = set.ceiling(probe);
          assertEquals(next == null ? -1 : next, bits.nextPresent(probe), "next of " + probe);
          long absent = probe;
          while (set.contains(absent)) {
            absent++;
          }
          assertEquals(absent, bits.nextAbsent(probe), "next absent from " + probe);
        }
        assertEquals(set.size(), bits.size());
        assertEquals(set.isEmpty() ? -1 : set.last(), bits.max());
      }
    }
  }

  @Test
  void aNegativeSequenceIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SeqBits().add(-1));
  }
}
