package io.plantmesh.opcua.internal;

import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteRefusedException.Reason;
import io.plantmesh.core.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;

/** Writes and metadata over the current Session's {@link Supervisor.Snapshot}. */
public final class TagWriter {
  private TagWriter() {}

  public static List<TagMetadata> metadata(Supervisor.Snapshot s, String sourceId) {
    List<TagMetadata> out = new ArrayList<>(s.byPath().size());
    for (TagBinding b : s.byPath().values()) {
      out.add(b.metadata(sourceId, s.namespaces()));
    }
    return out;
  }

  /** One tag's metadata, built when asked for: nothing per tag is kept for it. */
  public static Optional<TagMetadata> metadata(
      Supervisor.Snapshot s, String sourceId, TagPath path) {
    TagBinding b = s.byPath().get(path);
    return b == null ? Optional.empty() : Optional.of(b.metadata(sourceId, s.namespaces()));
  }

  /**
   * Converts and writes. The stage fails with {@link WriteRefusedException} when the write is not
   * sent, and completes with the server's status otherwise.
   */
  public static CompletionStage<WriteResult> write(
      Supervisor.Snapshot s, String sourceId, TagPath path, Value value) {
    TagBinding b = s.byPath().get(path);
    if (b == null) {
      Reason r = s.client() == null ? Reason.NOT_CONNECTED : Reason.UNKNOWN_TAG;
      String why =
          s.client() == null
              ? path + ": source " + sourceId + " has not connected yet"
              : path + ": no such tag in source " + sourceId;
      return CompletableFuture.failedFuture(new WriteRefusedException(r, why));
    }
    if (!s.connected()) {
      return CompletableFuture.failedFuture(
          new WriteRefusedException(
              Reason.NOT_CONNECTED, path + ": source " + sourceId + " is not connected"));
    }
    if (!b.resolved()) {
      return CompletableFuture.failedFuture(
          new WriteRefusedException(
              Reason.UNKNOWN_TAG,
              path
                  + ": "
                  + b.address(s.namespaces())
                  + " does not exist on the server ("
                  + Qualities.describe(b.unresolved)
                  + ")"));
    }
    String notWritable = b.notWritableReason();
    if (notWritable != null) {
      return CompletableFuture.failedFuture(
          new WriteRefusedException(Reason.NOT_WRITABLE, notWritable));
    }
    OpcUaClient client = s.client();
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return Writes.prepare(path.toString(), Writes.writeType(b, client), value);
              } catch (UaException e) {
                throw new WriteRefusedException(
                    Reason.TYPE_MISMATCH,
                    path
                        + ": the DataType "
                        + b.dataTypeName()
                        + " could not be resolved: "
                        + Qualities.describe(e.getStatusCode()));
              }
            },
            client.getTransport().getConfig().getExecutor())
        .thenCompose(
            prepared ->
                client
                    .writeAsync(
                        List.of(
                            new WriteValue(
                                b.nodeId,
                                AttributeId.Value.uid(),
                                null,
                                DataValue.valueOnly(prepared.variant()))))
                    .handle(
                        (response, ex) -> {
                          StatusCode status;
                          if (ex != null) {
                            status =
                                UaException.extract(ex)
                                    .map(UaException::getStatusCode)
                                    .orElse(StatusCode.BAD);
                          } else {
                            StatusCode[] results = response.getResults();
                            status =
                                results == null || results.length == 0
                                    ? StatusCode.BAD
                                    : results[0];
                          }
                          return new WriteResult(path, Qualities.of(status), prepared.value());
                        }))
        .exceptionallyCompose(
            ex -> {
              Throwable t = Errors.unwrap(ex);
              return CompletableFuture.failedFuture(t);
            });
  }
}
