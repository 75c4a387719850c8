package io.plantmesh.outbox.internal;

import io.plantmesh.outbox.OutboxException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on {@code <dir>/lock}: two Outboxes (two nodes, or two in one JVM) on one
 * directory would overwrite each other's records. The OS releases it when the process dies.
 */
final class DirLock {
  private final FileChannel channel;
  private final FileLock lock;

  private DirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static DirLock acquire(Path dir) {
    Path file = dir.resolve("lock");
    FileChannel ch = null;
    try {
      Files.createDirectories(dir);
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l = ch.tryLock();
      if (l == null) {
        throw new OverlappingFileLockException();
      }
      return new DirLock(ch, l);
    } catch (OverlappingFileLockException e) {
      closeQuietly(ch);
      throw new OutboxException(
          "outbox.dir " + dir + " is in use by another Outbox (" + file + " is locked)");
    } catch (IOException e) {
      closeQuietly(ch);
      throw new OutboxException("outbox.dir " + dir + " cannot be opened: " + e, e);
    }
  }

  void release() {
    try {
      lock.release();
    } catch (IOException e) {
      // Closing the channel below releases it too.
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // Nothing left to release.
      }
    }
  }
}
