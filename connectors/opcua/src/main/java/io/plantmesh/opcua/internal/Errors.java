package io.plantmesh.opcua.internal;

import java.net.ConnectException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;

/** Short, secret-free descriptions of connection failures for {@code SourceStatus.lastError}. */
final class Errors {
  private Errors() {}

  static Throwable unwrap(Throwable t) {
    while ((t instanceof ExecutionException || t instanceof CompletionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Describes {@code failure}; {@code identity} and {@code refusalHint} (see {@link
   * Identities#describe}, {@link Identities#refusalHint}) explain a refused Session activation.
   */
  static String describe(
      Throwable failure, String endpointUrl, String identity, String refusalHint) {
    Throwable t = unwrap(failure);
    UaException ua = findUa(t);
    if (ua != null) {
      long code = ua.getStatusCode().value();
      String status = Qualities.describe(code);
      if (code == StatusCodes.Bad_UserAccessDenied
          || code == StatusCodes.Bad_IdentityTokenInvalid
          || code == StatusCodes.Bad_IdentityTokenRejected) {
        return "the server refused to activate a Session for "
            + identity
            + ": "
            + status
            + " ("
            + refusalHint
            + ")";
      }
      if (code == StatusCodes.Bad_Timeout || code == StatusCodes.Bad_ConnectionRejected) {
        return "cannot reach " + endpointUrl + ": " + status;
      }
      String msg = ua.getMessage();
      if (msg == null || msg.isBlank() || msg.startsWith("status=") || msg.equals(status)) {
        return endpointUrl + ": " + status;
      }
      return endpointUrl + ": " + status + ": " + msg;
    }
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      if (root instanceof ConnectException) {
        break;
      }
      root = root.getCause();
    }
    if (root instanceof ConnectException || root instanceof UnresolvedAddressException) {
      return "cannot reach " + endpointUrl + ": " + message(root);
    }
    if (t instanceof TimeoutException) {
      return "no answer from " + endpointUrl + " in time";
    }
    return endpointUrl + ": " + message(t);
  }

  private static UaException findUa(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof UaException u) {
        return u;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return null;
  }

  private static String message(Throwable t) {
    String m = t.getMessage();
    return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
  }
}
