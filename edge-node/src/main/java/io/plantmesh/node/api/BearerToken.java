package io.plantmesh.node.api;

import io.plantmesh.core.Secret;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;

/** The bearer token check of the endpoints that change something (writes, acknowledgements). */
final class BearerToken {
  private static final String BEARER = "Bearer ";

  private BearerToken() {}

  /** Whether {@code header} is {@code Bearer <token>} with the configured token (constant time). */
  static boolean matches(Secret token, String header) {
    if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return false;
    }
    char[] candidate = header.substring(BEARER.length()).strip().toCharArray();
    try {
      return token.matches(candidate);
    } finally {
      Arrays.fill(candidate, '\0');
    }
  }

  /** 401 with the challenge a client expects. */
  static Response unauthorized() {
    return Response.fromResponse(
            ApiError.response(
                Response.Status.UNAUTHORIZED,
                "a valid bearer token is required: Authorization: Bearer <token>"))
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"plantmesh\"")
        .build();
  }
}
