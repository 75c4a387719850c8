package io.plantmesh.node.api;

import io.plantmesh.core.Source;
import io.plantmesh.core.TagMetadata;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.ValueConversion;
import io.plantmesh.core.WriteRefusedException;
import io.plantmesh.core.WriteResult;
import io.plantmesh.node.config.NodeSettings;
import io.plantmesh.node.internal.NodeRuntime;
import io.plantmesh.node.internal.TagCatalog;
import io.plantmesh.node.pipeline.StoredTag;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes over REST: the checks in the order a client needs them answered (writes enabled, then the
 * token, then the request), and the device's answer mapped to an HTTP status.
 */
@ApplicationScoped
public class TagWriter {
  private static final Logger LOG = LoggerFactory.getLogger(TagWriter.class);
  private static final long TIMEOUT_SECONDS = 30;

  @Inject NodeRuntime runtime;
  @Inject TagCatalog catalog;
  @Inject RoutedWriter routed;

  public CompletionStage<Response> write(
      String pathText, String authorization, Map<String, Object> body) {
    NodeSettings s = runtime.settings();
    if (!s.writesEnabled()) {
      return done(
          ApiError.response(
              Response.Status.FORBIDDEN,
              "writes over REST are disabled on this node; to enable them set"
                  + " plantmesh.api.writes.enabled: true and plantmesh.api.writes.token:"
                  + " env:NAME (or file:/path) in plantmesh.yaml and restart the node"));
    }
    if (!BearerToken.matches(s.writeToken().orElseThrow(), authorization)) {
      return done(BearerToken.unauthorized());
    }
    TagPath path = TagResource.parsePath("path", pathText);
    if (body == null || !body.containsKey("value")) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST,
          "the body must be a JSON object with the value to write, e.g. {\"value\": 42}");
    }
    Value value;
    try {
      value = ValueConversion.fromJava(body.get("value"));
    } catch (IllegalArgumentException e) {
      throw new ApiError.Failure(Response.Status.BAD_REQUEST, "value: " + e.getMessage());
    }
    if (runtime.mesh().isPresent()) {
      return routed.write(runtime.mesh().get().mesh(), path, value, body);
    }
    Source source = owner(path);
    LOG.info("REST write to {} through source {}", path, source.id());
    CompletableFuture<WriteResult> result;
    try {
      result = source.write(path, value).toCompletableFuture();
    } catch (WriteRefusedException e) {
      return done(refused(e));
    }
    return result
        .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .handle((r, err) -> err == null ? answered(r) : failed(path, err));
  }

  private Source owner(TagPath path) {
    String sourceId =
        runtime
            .store()
            .get(path)
            .map(StoredTag::sourceId)
            .or(() -> catalog.get(path).map(TagMetadata::sourceId))
            .orElseThrow(
                () ->
                    new ApiError.Failure(
                        Response.Status.NOT_FOUND, "no tag '" + path + "' on this node"));
    return runtime
        .source(sourceId)
        .orElseThrow(
            () ->
                new ApiError.Failure(
                    Response.Status.NOT_FOUND,
                    "tag '" + path + "' belongs to source '" + sourceId + "', which is gone"));
  }

  static Response answered(WriteResult r) {
    return answered(r, null);
  }

  static Response answered(WriteResult r, String commandId) {
    WriteResponse body =
        new WriteResponse(
            r.path().toString(),
            TagView.QualityView.of(r.status()),
            r.writtenValue().toJava(),
            r.writtenValue().type().name(),
            commandId);
    if (r.succeeded()) {
      return Response.ok(body).build();
    }
    // The device refused. A communication failure is a bad gateway; anything else is the device
    // disagreeing with the value or the state it is in.
    String name = r.status().symbolicName();
    boolean communication =
        name.contains("Timeout")
            || name.contains("Communication")
            || name.contains("Connection")
            || name.contains("Session")
            || name.contains("SecureChannel")
            || name.contains("ServerNotConnected");
    return Response.status(communication ? Response.Status.BAD_GATEWAY : Response.Status.CONFLICT)
        .entity(body)
        .build();
  }

  static Response failed(TagPath path, Throwable err) {
    Throwable cause =
        err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
    if (cause instanceof WriteRefusedException w) {
      return refused(w);
    }
    if (cause instanceof TimeoutException) {
      return ApiError.response(
          Response.Status.GATEWAY_TIMEOUT,
          "the device did not answer the write to '" + path + "' within " + TIMEOUT_SECONDS + " s");
    }
    LOG.warn("Write to {} failed", path, cause);
    return ApiError.response(
        Response.Status.BAD_GATEWAY, "the write to '" + path + "' failed: " + cause.getMessage());
  }

  static Response refused(WriteRefusedException e) {
    Response.Status status =
        switch (e.reason()) {
          case UNKNOWN_TAG -> Response.Status.NOT_FOUND;
          case TYPE_MISMATCH -> Response.Status.BAD_REQUEST;
          case NOT_WRITABLE -> Response.Status.CONFLICT;
          case NOT_CONNECTED -> Response.Status.SERVICE_UNAVAILABLE;
        };
    return ApiError.response(status, e.getMessage());
  }

  private static CompletionStage<Response> done(Response r) {
    return CompletableFuture.completedFuture(r);
  }
}
