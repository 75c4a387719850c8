package io.plantmesh.outbox;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process {@link CrashTest} kills: appends batches (1 alarm + 49 summaries) as fast as it can
 * and acknowledges the alarms out of order (one in four some batches later). It prints on stdout,
 * flushed:
 *
 * <ul>
 *   <li>{@code READY} once the Outbox is open;
 *   <li>{@code D <class> <firstSeq> <firstIndex> <count>} after an append returned (durable);
 *   <li>{@code K <seq>} before acknowledging alarm {@code seq} (it may then be gone).
 * </ul>
 *
 * Arguments: dir, max bytes, segment bytes, first record index.
 */
public final class CrashChild {
  private CrashChild() {}

  private static void acknowledge(PrintStream out, Outbox outbox, Position p) {
    out.println("K " + p.sequence());
    out.flush();
    outbox.acknowledge(p);
  }

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out));
    OutboxConfig c =
        OutboxConfig.of(Path.of(args[0]))
            .withSizes(Long.parseLong(args[1]), Long.parseLong(args[2]))
            .withCheckpointInterval(java.time.Duration.ofMillis(50));
    long index = Long.parseLong(args[3]);
    Outbox outbox = Outbox.open(c);
    out.println("READY");
    out.flush();
    java.util.ArrayDeque<Position> held = new java.util.ArrayDeque<>();
    while (true) {
      List<OutboxRecord> batch = new ArrayList<>(50);
      batch.add(Records.of(Priority.ALARM, index));
      for (int i = 0; i < 49; i++) {
        batch.add(Records.of(Priority.SUMMARY, index + i));
      }
      List<Position> pos = outbox.append(batch);
      out.println("D ALARM " + pos.get(0).sequence() + " " + index + " 1");
      out.println("D SUMMARY " + pos.get(1).sequence() + " " + index + " 49");
      out.flush();
      index += 49;
      for (StoredRecord a : outbox.readBacklog(Priority.ALARM, 16)) {
        if (a.sequence() % 4 == 1) {
          held.add(a.position());
        } else {
          acknowledge(out, outbox, a.position());
        }
      }
      while (held.size() > 8) {
        acknowledge(out, outbox, held.poll());
      }
    }
  }
}
