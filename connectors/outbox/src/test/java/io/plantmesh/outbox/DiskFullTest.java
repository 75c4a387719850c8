package io.plantmesh.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file system that is really full ({@code ENOSPC}): a 256 KiB tmpfs. Skipped where mounting is
 * not permitted (not root, or in a container without {@code CAP_SYS_ADMIN}).
 */
class DiskFullTest {
  @TempDir Path tmp;
  private Path mount;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    mount = tmp.resolve("fs");
    Files.createDirectories(mount);
    int rc = run("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString());
    Assumptions.assumeTrue(rc == 0, "cannot mount a tmpfs here (exit " + rc + "): skipped");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mount != null) {
      run("umount", "-l", mount.toString());
    }
  }

  @Test
  void aFullDiskFailsTheAppendCleanlyAndTheNextOneWorksOnceThereIsRoom() throws IOException {
    Path dir = mount.resolve("outbox");
    OutboxConfig c = OutboxConfig.of(dir).withSegmentBytes(32 * 1024).withMaxBytes(4L << 20);
    long appended = 0;
    OutboxStorageException full = null;
    try (Outbox outbox = Outbox.open(c)) {
      for (int b = 0; b < 1000 && full == null; b++) {
        try {
          outbox.append(Records.batch(Priority.SUMMARY, appended, 10));
          appended += 10;
        } catch (OutboxStorageException e) {
          full = e;
        }
      }
      assertNotNull(full, "a 256 KiB file system fills up");
      assertTrue(String.valueOf(full.getCause()).contains("No space left"), full.toString());
      assertTrue(full.getMessage().contains("rolled back"), full.getMessage());
      assertEquals(appended, outbox.stats().backlogRecords(), "the failed batch is not in the log");
      assertEquals(appended, outbox.stats().appendedRecords());
      assertTrue(appended > 500, "most of the space was used: " + appended);

      List<StoredRecord> all = EvictionTest.drain(outbox, Priority.SUMMARY);
      assertEquals(appended, all.size());
      for (int i = 0; i < all.size(); i++) {
        assertEquals(i, Records.index(all.get(i)));
        assertTrue(Records.intact(all.get(i), 200));
      }
      // Still full: fails again, still cleanly.
      assertFailsFull(outbox, appended);

      // The upstream takes the backlog: acknowledged segments are deleted, room is back.
      outbox.acknowledge(Records.positions(all));
      List<Position> more = outbox.append(Records.batch(Priority.SUMMARY, appended, 10));
      assertEquals(appended, more.get(0).sequence());
      appended += 10;
    }
    try (Outbox outbox = Outbox.open(c)) {
      List<StoredRecord> left = EvictionTest.drain(outbox, Priority.SUMMARY);
      assertEquals(10, left.size(), "the records appended after the disk was freed");
      assertEquals(appended - 10, Records.index(left.get(0)));
      left.forEach(r -> assertTrue(Records.intact(r, 200)));
      assertEquals(0, outbox.stats().corruptRecords());
    }
  }

  private static void assertFailsFull(Outbox outbox, long appended) {
    try {
      outbox.append(Records.batch(Priority.SUMMARY, appended, 10));
    } catch (OutboxStorageException e) {
      assertEquals(appended, outbox.stats().backlogRecords());
      return;
    }
    throw new AssertionError("the append should have failed on a full disk");
  }

  private static int run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
