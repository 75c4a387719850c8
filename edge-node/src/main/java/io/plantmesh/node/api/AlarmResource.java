package io.plantmesh.node.api;

import io.plantmesh.cluster.decisions.AlarmStore;
import io.plantmesh.cluster.rules.Alarm;
import io.plantmesh.cluster.rules.IllegalAlarmTransitionException;
import io.plantmesh.core.Secret;
import io.plantmesh.node.internal.NodeRuntime;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's alarms (any node lists every alarm) and their acknowledgement by an operator, which
 * needs the bearer token {@code plantmesh.api.alarms.token} (refused when none is configured).
 */
@Path("/api/alarms")
@Produces(MediaType.APPLICATION_JSON)
public class AlarmResource {
  private static final Logger LOG = LoggerFactory.getLogger(AlarmResource.class);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;

  @Inject NodeRuntime runtime;

  /**
   * @param state {@code active} (default: not cleared, oldest raised first) or {@code all} (every
   *     alarm kept, most recently changed first)
   */
  @GET
  public List<AlarmView> alarms(
      @QueryParam("state") String state, @QueryParam("limit") String limit) {
    int lim = TagResource.parseInt("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    String s = state == null || state.isBlank() ? "active" : state.strip();
    if (!s.equals("active") && !s.equals("all")) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST, "state: '" + state + "' must be active or all");
    }
    AlarmStore alarms = DecisionsAccess.of(runtime, "alarms").alarms();
    List<Alarm> list = s.equals("all") ? alarms.history(lim) : alarms.active();
    return list.stream().limit(lim).map(AlarmView::of).toList();
  }

  /** Acknowledges an alarm: body {@code {"who": "...", "why": "..."}}, both required. */
  @POST
  @Path("{id}/acknowledge")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response acknowledge(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      Map<String, Object> body) {
    Optional<Secret> token = runtime.settings().decisions().alarmsToken();
    if (token.isEmpty()) {
      return ApiError.response(
          Response.Status.FORBIDDEN,
          "acknowledging alarms over REST is off on this node: set plantmesh.api.alarms.token:"
              + " env:NAME (or file:/path) in plantmesh.yaml and restart the node");
    }
    if (!BearerToken.matches(token.get(), authorization)) {
      return BearerToken.unauthorized();
    }
    AlarmStore alarms = DecisionsAccess.of(runtime, "alarms").alarms();
    UUID alarmId;
    try {
      alarmId = UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST, "id: '" + id + "' is not an alarm id (a UUID)");
    }
    String who = text(body, "who", 200);
    String why = text(body, "why", 1000);
    try {
      Alarm a = alarms.acknowledge(alarmId, who, why);
      LOG.info("Alarm {} of rule '{}' acknowledged over REST by {}", a.id(), a.rule(), who);
      return Response.ok(AlarmView.of(a)).build();
    } catch (NoSuchElementException e) {
      return ApiError.response(Response.Status.NOT_FOUND, e.getMessage());
    } catch (IllegalAlarmTransitionException e) {
      return ApiError.response(Response.Status.CONFLICT, e.getMessage());
    }
  }

  private static String text(Map<String, Object> body, String field, int max) {
    Object v = body == null ? null : body.get(field);
    if (!(v instanceof String s) || s.isBlank()) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST,
          field
              + " is required: the body must be a JSON object with who acknowledges and why,"
              + " e.g. {\"who\": \"op-7\", \"why\": \"fan checked\"}");
    }
    if (s.strip().length() > max) {
      throw new ApiError.Failure(
          Response.Status.BAD_REQUEST, field + " is longer than " + max + " characters");
    }
    return s.strip();
  }
}
