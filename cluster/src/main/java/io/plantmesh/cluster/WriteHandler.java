package io.plantmesh.cluster;

import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteResult;
import java.util.concurrent.CompletionStage;

/**
 * Applies a routed write on the member that owns the source: the node passes it to its {@link
 * io.plantmesh.core.Source#write}. Called on a Hazelcast executor thread, only while this member
 * owns the source at the command's epoch (a handover waits for it).
 *
 * <p>Complete exceptionally with {@link io.plantmesh.core.WriteRefusedException} when the write was
 * not attempted (unknown tag, wrong type, not writable, not connected): the command id is then not
 * spent and a retry may write. Any other failure counts as an attempt whose outcome is unknown, and
 * a retry returns that failure rather than risk writing twice.
 */
@FunctionalInterface
public interface WriteHandler {
  CompletionStage<WriteResult> write(String sourceId, TagPath path, Value value);
}
