package io.plantmesh.node.api;

import io.plantmesh.cluster.Mesh;
import io.plantmesh.cluster.WriteCommand;
import io.plantmesh.cluster.WriteRejectedException;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.node.internal.NodeRuntime;
import io.plantmesh.node.internal.TagCatalog;
import io.plantmesh.node.pipeline.StoredTag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes over REST with the mesh on: sent as a command to the node that owns the tag's source,
 * wherever it is, and applied there once per command id. The request may carry its own {@code
 * commandId} (so that a retry after a lost answer does not write twice) and {@code expiresAt}.
 */
@ApplicationScoped
public class RoutedWriter {
  private static final Logger LOG = LoggerFactory.getLogger(RoutedWriter.class);

  /** How long a command stays valid when the request does not say. */
  static final Duration DEFAULT_EXPIRY = Duration.ofSeconds(10);

  @Inject NodeRuntime runtime;
  @Inject TagCatalog catalog;

  CompletionStage<Response> write(Mesh mesh, TagPath path, Value value, Map<String, Object> body) {
    String sourceId = sourceOf(mesh, path);
    UUID commandId = commandId(body.get("commandId"));
    Instant expiresAt = expiresAt(body.get("expiresAt"));
    WriteCommand command;
    try {
      command =
          new WriteCommand(
              commandId, sourceId, path, value, expiresAt, "rest@" + runtime.settings().nodeName());
    } catch (IllegalArgumentException e) {
      throw new ApiError.Failure(Response.Status.BAD_REQUEST, e.getMessage());
    }
    LOG.info("REST write to {} (source {}) as command {}", path, sourceId, commandId);
    CompletableFuture<io.plantmesh.core.WriteResult> result;
    try {
      result = mesh.commandRouter().writeAsync(command);
    } catch (IllegalArgumentException e) {
      throw new ApiError.Failure(Response.Status.BAD_REQUEST, "expiresAt: " + e.getMessage());
    }
    String id = commandId.toString();
    return result.handle((r, err) -> err == null ? TagWriter.answered(r, id) : rejected(path, err));
  }

  /** The tag's source: known here if this node collects it, else from the plant-wide table. */
  private String sourceOf(Mesh mesh, TagPath path) {
    return runtime
        .store()
        .get(path)
        .map(StoredTag::sourceId)
        .or(() -> catalog.get(path).map(TagMetadata::sourceId))
        .or(() -> mesh.tagTable().sourceOf(path))
        .orElseThrow(
            () ->
                new ApiError.Failure(
                    Response.Status.NOT_FOUND,
                    "no tag '" + path + "' in the mesh (no node has delivered a reading of it)"));
  }

  private static UUID commandId(Object raw) {
    if (raw == null) {
      return UUID.randomUUID();
    }
    try {
      return UUID.fromString(String.valueOf(raw));
    } catch (IllegalArgumentException e) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST,
          "commandId: '" + raw + "' is not a UUID (e.g. 3f2c1a9e-8b7d-4c6e-9f10-2a3b4c5d6e7f)");
    }
  }

  private static Instant expiresAt(Object raw) {
    if (raw == null) {
      return Instant.now().plus(DEFAULT_EXPIRY);
    }
    try {
      return Instant.parse(String.valueOf(raw));
    } catch (DateTimeParseException e) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST,
          "expiresAt: '" + raw + "' is not an ISO-8601 instant (e.g. 2026-11-25T10:15:30Z)");
    }
  }

  /** A refused or unknown outcome, mapped to the status a client can act on. */
  static Response rejected(TagPath path, Throwable err) {
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (!(cause instanceof WriteRejectedException w)) {
      return TagWriter.failed(path, cause);
    }
    if (w.reason() == WriteRejectedException.Reason.DEVICE_ERROR && w.sourceRefusal().isPresent()) {
      Response.Status status =
          switch (w.sourceRefusal().get()) {
            case UNKNOWN_TAG -> Response.Status.NOT_FOUND;
            case TYPE_MISMATCH -> Response.Status.BAD_REQUEST;
            case NOT_WRITABLE -> Response.Status.CONFLICT;
            case NOT_CONNECTED -> Response.Status.SERVICE_UNAVAILABLE;
          };
      return ApiError.response(status, w.getMessage());
    }
    Response.Status status =
        switch (w.reason()) {
          case NO_OWNER, NO_QUORUM -> Response.Status.SERVICE_UNAVAILABLE;
          // INTERLOCK: the owner's check of the command's condition failed; nothing was written.
          case STALE, EXPIRED, INTERLOCK -> Response.Status.CONFLICT;
          case UNTRUSTED -> Response.Status.FORBIDDEN;
          case DEVICE_ERROR -> Response.Status.BAD_GATEWAY;
          case TIMEOUT -> Response.Status.GATEWAY_TIMEOUT;
        };
    return ApiError.response(status, w.reason().name() + ": " + w.getMessage());
  }
}
