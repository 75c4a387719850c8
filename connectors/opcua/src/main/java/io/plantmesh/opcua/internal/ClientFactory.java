package io.plantmesh.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantmesh.opcua.ConnectionInfo;
import io.plantmesh.opcua.Identity;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.SecurityPolicyChoice;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a Milo client for one connection attempt: GetEndpoints, choose the endpoint, and configure
 * certificates, the identity and timeouts. Endpoints are discovered on every attempt, so a server
 * whose certificate or security settings changed is picked up on reconnect.
 */
final class ClientFactory {
  private static final Logger LOG = LoggerFactory.getLogger(ClientFactory.class);

  private final OpcUaSourceConfig config;
  private final Pki pki;
  private final ServerCertificateValidator validator;
  private final IdentityProvider identity;
  private final String identityText;
  private final String refusalHint;

  ClientFactory(OpcUaSourceConfig config, Pki pki, IdentityProvider identity) {
    this.config = config;
    this.pki = pki;
    this.validator =
        pki == null
            ? null
            : new ServerCertificateValidator(pki, config.pki().autoAcceptUntrusted(), config.id());
    this.identity = identity;
    this.identityText = Identities.describe(config.identity());
    this.refusalHint = Identities.refusalHint(config.identity());
  }

  /** A client, not yet connected, and the endpoint it was built for. */
  record Created(OpcUaClient client, EndpointDescription endpoint) {}

  long timeoutMillis() {
    return config.requestTimeout().toMillis() + 5_000;
  }

  Created create() throws Exception {
    if (validator != null) {
      validator.reset();
    }
    List<EndpointDescription> endpoints =
        DiscoveryClient.getEndpoints(config.endpointUrl())
            .get(timeoutMillis(), TimeUnit.MILLISECONDS);
    EndpointDescription chosen =
        EndpointSelector.select(
            endpoints,
            config.securityPolicy(),
            config.securityMode(),
            Identities.tokenType(config.identity()));
    checkPasswordProtection(chosen);
    // Servers often advertise a host name the node cannot resolve; keep the configured address.
    EndpointDescription endpoint =
        EndpointUtil.updateUrl(
            chosen,
            EndpointUtil.getHost(config.endpointUrl()),
            EndpointUtil.getPort(config.endpointUrl()));
    return new Created(OpcUaClient.create(clientConfig(endpoint, endpoints)), endpoint);
  }

  /**
   * Refuses to send a password in clear text (a None endpoint whose UserName token policy is None
   * too) unless the identity opts in, and warns whenever best-available ends up with no security.
   */
  private void checkPasswordProtection(EndpointDescription e) {
    boolean none = EndpointSelector.policy(e).orElse(null) == SecurityPolicy.None;
    if (none && config.securityPolicy() == SecurityPolicyChoice.BEST_AVAILABLE) {
      LOG.warn(
          "Source {}: security policy best-available chose None on {}: the connection is neither"
              + " signed nor encrypted; configure a security policy to require one",
          config.id(),
          config.endpointUrl());
    }
    if (!none || !(config.identity() instanceof Identity.UserPassword up)) {
      return;
    }
    String tokenPolicy = null;
    if (e.getUserIdentityTokens() != null) {
      for (UserTokenPolicy t : e.getUserIdentityTokens()) {
        if (t.getTokenType() == UserTokenType.UserName) {
          tokenPolicy = t.getSecurityPolicyUri();
          break;
        }
      }
    }
    boolean plaintext =
        tokenPolicy == null
            || tokenPolicy.isEmpty()
            || tokenPolicy.equals(SecurityPolicy.None.getUri());
    if (!plaintext) {
      return;
    }
    if (!up.allowPlaintextPassword()) {
      throw new IllegalStateException(
          "the server offers no encryption for the password on "
              + config.endpointUrl()
              + " ("
              + EndpointSelector.describe(e)
              + "); use security policy basic256sha256 (or another the server offers) or set "
              + config.key()
              + ".identity.allow-plaintext-password: true");
    }
    LOG.warn(
        "Source {}: sending the password of '{}' UNENCRYPTED to {} (allow-plaintext-password is"
            + " set)",
        config.id(),
        up.username(),
        config.endpointUrl());
  }

  private OpcUaClientConfig clientConfig(
      EndpointDescription endpoint, List<EndpointDescription> all) {
    OpcUaClientConfigBuilder b =
        OpcUaClientConfig.builder()
            .setEndpoint(endpoint)
            .setDiscoveryEndpoints(all)
            .setApplicationName(LocalizedText.english("plantmesh " + config.id()))
            .setProductUri("urn:plantmesh:opcua")
            .setSessionName(() -> "plantmesh:" + config.id())
            .setIdentityProvider(identity)
            .setRequestTimeout(uint(config.requestTimeout().toMillis()))
            .setSessionTimeout(uint(config.sessionTimeout().toMillis()));
    if (pki != null) {
      b.setApplicationUri(pki.applicationUri())
          .setKeyPair(pki.keyPair())
          .setCertificate(pki.certificate())
          .setCertificateChain(new X509Certificate[] {pki.certificate()})
          .setCertificateValidator(validator);
    } else {
      b.setApplicationUri("urn:plantmesh:" + config.id());
    }
    return b.build();
  }

  static ConnectionInfo info(EndpointDescription e, NodeId sessionId) {
    SecurityPolicy p = EndpointSelector.policy(e).orElse(null);
    return new ConnectionInfo(
        e.getEndpointUrl(),
        p == null ? null : EndpointSelector.choiceOf(p),
        EndpointSelector.choiceOf(e.getSecurityMode()),
        e.getSecurityPolicyUri(),
        sessionId == null ? null : sessionId.toParseableString());
  }

  static NodeId sessionId(OpcUaClient c) throws UaException {
    return c.getSession().getSessionId();
  }

  /** Why an attempt failed, for the log and {@code lastError}; never contains a secret. */
  String describe(Exception e) {
    String rejection = validator == null ? null : validator.lastRejection();
    if (rejection != null) {
      return rejection;
    }
    Throwable t = Errors.unwrap(e);
    if (t instanceof SetupException || t instanceof IllegalStateException) {
      return t.getMessage();
    }
    return Errors.describe(e, config.endpointUrl(), identityText, refusalHint);
  }
}
