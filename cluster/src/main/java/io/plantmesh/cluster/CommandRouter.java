package io.plantmesh.cluster;

import io.plantmesh.core.WriteResult;
import java.util.concurrent.CompletableFuture;

/**
 * Sends writes to the member that owns the target source, from any member. The owner checks that
 * the sender is trusted, that the mesh has quorum, that the command has not expired and that it
 * still owns the source at the epoch the router saw, and applies each command id at most once.
 */
public interface CommandRouter {
  /**
   * Routes {@code command} to its source's owner and waits for the answer.
   *
   * @return the device's answer: its status says whether the PLC accepted the value
   * @throws WriteRejectedException when the write was refused or its outcome is unknown, with the
   *     reason and a message naming the command, the source and what to do
   * @throws IllegalArgumentException when the command expires further ahead than the owner
   *     remembers results ({@code mesh.writes.result-ttl})
   */
  WriteResult write(WriteCommand command);

  /** {@link #write} on a thread of the mesh; completes exceptionally as {@code write} throws. */
  CompletableFuture<WriteResult> writeAsync(WriteCommand command);
}
