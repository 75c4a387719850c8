package io.plantmesh.outbox;

import java.io.IOException;

/**
 * A failure of the storage device. From {@link Outbox#append} (e.g. {@code ENOSPC}: the file system
 * is full, or an I/O error on write or fsync): the batch was rolled back, none of its records is in
 * the log and the log is consistent, so the next append works once the cause is gone. From {@link
 * Outbox#readBacklog}: the segment could not be read; nothing was marked in flight by the failed
 * read of that segment, so it can be retried.
 */
public class OutboxStorageException extends OutboxException {
  public OutboxStorageException(String message, IOException cause) {
    super(message, cause);
  }
}
