package io.plantmesh.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.plantmesh.opcua.ConnectionInfo;
import io.plantmesh.opcua.OpcUaSourceConfig;
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
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

/**
 * Builds a Milo client for one connection attempt: GetEndpoints, choose the endpoint, and configure
 * certificates, the identity and timeouts. Endpoints are discovered on every attempt, so a server
 * whose certificate or security settings changed is picked up on reconnect.
 */
final class ClientFactory {
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
    // Servers often advertise a host name the node cannot resolve; keep the configured address.
    EndpointDescription endpoint =
        EndpointUtil.updateUrl(
            chosen,
            EndpointUtil.getHost(config.endpointUrl()),
            EndpointUtil.getPort(config.endpointUrl()));
    return new Created(OpcUaClient.create(clientConfig(endpoint, endpoints)), endpoint);
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
