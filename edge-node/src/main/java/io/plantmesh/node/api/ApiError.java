package io.plantmesh.node.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The body of every error response: the HTTP status and a message saying what was wrong and, where
 * it helps, what to do.
 */
public record ApiError(int status, String error, String message) {

  /** A JSON error response. */
  public static Response response(Response.Status status, String message) {
    return response(status.getStatusCode(), status.getReasonPhrase(), message);
  }

  public static Response response(int status, String reason, String message) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError(status, reason, message))
        .build();
  }

  /** An error a resource throws to answer with {@code status} and {@code message}. */
  public static final class Failure extends RuntimeException {
    private final Response response;

    public Failure(Response.Status status, String message) {
      super(message, null, false, false);
      this.response = ApiError.response(status, message);
    }

    public Response response() {
      return response;
    }
  }
}
