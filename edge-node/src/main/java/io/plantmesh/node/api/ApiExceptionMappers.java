package io.plantmesh.node.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns failures into {@link ApiError} bodies, so that clients always get JSON with a message. */
public class ApiExceptionMappers {
  private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionMappers.class);

  @ServerExceptionMapper
  public Response failure(ApiError.Failure f) {
    return f.response();
  }

  @ServerExceptionMapper
  public Response webApplication(WebApplicationException e) {
    Response r = e.getResponse();
    String message = e.getMessage() == null ? r.getStatusInfo().getReasonPhrase() : e.getMessage();
    return ApiError.response(r.getStatus(), r.getStatusInfo().getReasonPhrase(), message);
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("Unexpected error serving a request", e);
    return ApiError.response(
        Response.Status.INTERNAL_SERVER_ERROR,
        "unexpected error: " + e.getClass().getSimpleName() + " (see the node's log)");
  }
}
