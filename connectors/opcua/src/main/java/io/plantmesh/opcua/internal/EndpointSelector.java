package io.plantmesh.opcua.internal;

import io.plantmesh.opcua.SecurityModeChoice;
import io.plantmesh.opcua.SecurityPolicyChoice;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;

/**
 * Chooses the endpoint to connect to from what GetEndpoints returned: the configured policy and
 * mode, or with BEST_AVAILABLE the strongest the server offers, among endpoints that accept the
 * configured identity's token type.
 */
public final class EndpointSelector {
  private EndpointSelector() {}

  /** Strength of a policy; higher is stronger. Deprecated policies rank below the current ones. */
  public static int rank(SecurityPolicy p) {
    return switch (p) {
      case Aes256_Sha256_RsaPss -> 60;
      case Basic256Sha256 -> 50;
      case Aes128_Sha256_RsaOaep -> 40;
      case Basic256 -> 20;
      case Basic128Rsa15 -> 10;
      case None -> 0;
      default -> 5;
    };
  }

  public static int rank(MessageSecurityMode m) {
    return switch (m) {
      case SignAndEncrypt -> 3;
      case Sign -> 2;
      case None -> 1;
      default -> 0;
    };
  }

  static SecurityPolicy policyOf(SecurityPolicyChoice c) {
    return switch (c) {
      case NONE -> SecurityPolicy.None;
      case BASIC256SHA256 -> SecurityPolicy.Basic256Sha256;
      case AES128_SHA256_RSAOAEP -> SecurityPolicy.Aes128_Sha256_RsaOaep;
      case AES256_SHA256_RSAPSS -> SecurityPolicy.Aes256_Sha256_RsaPss;
      case BEST_AVAILABLE -> null;
    };
  }

  static MessageSecurityMode modeOf(SecurityModeChoice c) {
    return switch (c) {
      case NONE -> MessageSecurityMode.None;
      case SIGN -> MessageSecurityMode.Sign;
      case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
      case BEST_AVAILABLE -> null;
    };
  }

  /** The choice for a Milo policy, or null for one the configuration cannot name. */
  public static SecurityPolicyChoice choiceOf(SecurityPolicy p) {
    return switch (p) {
      case None -> SecurityPolicyChoice.NONE;
      case Basic256Sha256 -> SecurityPolicyChoice.BASIC256SHA256;
      case Aes128_Sha256_RsaOaep -> SecurityPolicyChoice.AES128_SHA256_RSAOAEP;
      case Aes256_Sha256_RsaPss -> SecurityPolicyChoice.AES256_SHA256_RSAPSS;
      default -> null;
    };
  }

  public static SecurityModeChoice choiceOf(MessageSecurityMode m) {
    return switch (m) {
      case Sign -> SecurityModeChoice.SIGN;
      case SignAndEncrypt -> SecurityModeChoice.SIGN_AND_ENCRYPT;
      default -> SecurityModeChoice.NONE;
    };
  }

  /**
   * Selects an endpoint.
   *
   * @throws IllegalStateException with a message listing what the server offers
   */
  public static EndpointDescription select(
      List<EndpointDescription> endpoints,
      SecurityPolicyChoice policyChoice,
      SecurityModeChoice modeChoice,
      UserTokenType tokenType) {
    SecurityPolicy wantPolicy = policyOf(policyChoice);
    MessageSecurityMode wantMode = modeOf(modeChoice);
    if (policyChoice == SecurityPolicyChoice.BEST_AVAILABLE
        && wantMode == MessageSecurityMode.None) {
      wantPolicy = SecurityPolicy.None;
    }
    if (wantPolicy == SecurityPolicy.None && wantMode == null) {
      wantMode = MessageSecurityMode.None;
    }
    final SecurityPolicy p = wantPolicy;
    final MessageSecurityMode m = wantMode;
    Optional<EndpointDescription> best =
        endpoints.stream()
            .filter(e -> e.getEndpointUrl() != null && e.getEndpointUrl().startsWith("opc.tcp"))
            .filter(e -> policy(e).isPresent())
            .filter(e -> p == null || policy(e).get() == p)
            .filter(e -> m == null || e.getSecurityMode() == m)
            .filter(e -> e.getSecurityMode() != MessageSecurityMode.Invalid)
            .filter(e -> acceptsToken(e, tokenType))
            .max(
                Comparator.<EndpointDescription>comparingInt(e -> rank(policy(e).get()))
                    .thenComparingInt(e -> rank(e.getSecurityMode()))
                    .thenComparingInt(e -> e.getSecurityLevel().intValue()));
    return best.orElseThrow(
        () ->
            new IllegalStateException(
                "the server offers no opc.tcp endpoint with security policy "
                    + (p == null ? "(best available)" : p.name())
                    + ", mode "
                    + (m == null ? "(best available)" : m.name())
                    + " and "
                    + tokenType
                    + " user tokens; it offers: "
                    + describe(endpoints)));
  }

  static Optional<SecurityPolicy> policy(EndpointDescription e) {
    try {
      return Optional.of(SecurityPolicy.fromUri(e.getSecurityPolicyUri()));
    } catch (Exception ex) {
      return Optional.empty();
    }
  }

  private static boolean acceptsToken(EndpointDescription e, UserTokenType type) {
    UserTokenPolicy[] policies = e.getUserIdentityTokens();
    if (policies == null) {
      return false;
    }
    for (UserTokenPolicy t : policies) {
      if (t.getTokenType() == type) {
        return true;
      }
    }
    return false;
  }

  /** {@code Basic256Sha256/SignAndEncrypt [Anonymous, UserName]} for each endpoint. */
  public static String describe(List<EndpointDescription> endpoints) {
    return endpoints.stream().map(EndpointSelector::describe).collect(Collectors.joining(", "));
  }

  public static String describe(EndpointDescription e) {
    String policy = policy(e).map(Enum::name).orElse(e.getSecurityPolicyUri());
    String tokens =
        e.getUserIdentityTokens() == null
            ? "[]"
            : java.util.Arrays.stream(e.getUserIdentityTokens())
                .map(t -> String.valueOf(t.getTokenType()))
                .distinct()
                .collect(Collectors.joining(", ", "[", "]"));
    return policy + "/" + e.getSecurityMode() + " " + tokens;
  }
}
