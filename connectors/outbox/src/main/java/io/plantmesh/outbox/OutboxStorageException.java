package io.plantmesh.outbox;

import java.io.IOException;

/**
 * An append that failed on the storage device (e.g. {@code ENOSPC}: the file system is full, or an
 * I/O error on write or fsync). The batch was rolled back: none of its records is in the log and
 * the log is consistent, so the next append works once the cause is gone.
 */
public class OutboxStorageException extends OutboxException {
  public OutboxStorageException(String message, IOException cause) {
    super(message, cause);
  }
}
