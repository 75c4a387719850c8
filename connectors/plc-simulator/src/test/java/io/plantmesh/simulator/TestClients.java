package io.plantmesh.simulator;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/** Plain Milo clients for the tests: what a real OPC UA client would do, over TCP on loopback. */
final class TestClients {
  static final String CLIENT_URI = "urn:plantmesh:test-client";

  private TestClients() {}

  /** An unsecured, anonymous client, connected. */
  static OpcUaClient anonymous(PlcSimulator sim) throws UaException {
    return connect(
        sim, SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider(), null);
  }

  /**
   * A client on the endpoint with {@code policy} and {@code mode}, with its own certificate, that
   * trusts exactly the simulator's certificate.
   */
  static OpcUaClient connect(
      PlcSimulator sim,
      SecurityPolicy policy,
      MessageSecurityMode mode,
      IdentityProvider identity,
      ClientIdentity clientIdentity)
      throws UaException {
    ClientIdentity id =
        clientIdentity != null || policy == SecurityPolicy.None
            ? clientIdentity
            : ClientIdentity.create();
    X509Certificate trusted = sim.serverCertificate();
    OpcUaClient client =
        OpcUaClient.create(
            sim.endpointUrl(),
            endpoints ->
                endpoints.stream()
                    .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()))
                    .filter(e -> e.getSecurityMode() == mode)
                    .filter(
                        e ->
                            identity instanceof AnonymousProvider
                                ? Arrays.stream(e.getUserIdentityTokens())
                                    .anyMatch(t -> t.getTokenType() == UserTokenType.Anonymous)
                                : true)
                    .findFirst(),
            transport -> {},
            config -> {
              config
                  .setApplicationName(LocalizedText.english("plantmesh test client"))
                  .setApplicationUri(CLIENT_URI)
                  .setIdentityProvider(identity)
                  .setRequestTimeout(
                      org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger.valueOf(
                          10_000))
                  .setCertificateValidator(
                      (chain, uri, hostnames) -> {
                        if (!chain.get(0).equals(trusted)) {
                          throw new UaException(StatusCodes.Bad_CertificateUntrusted);
                        }
                      });
              if (id != null) {
                config.setKeyPair(id.keyPair()).setCertificate(id.certificate());
                config.setCertificateChain(new X509Certificate[] {id.certificate()});
              }
            });
    client.connect();
    return client;
  }

  static NodeId nodeId(PlcSimulator sim, String identifier) {
    return new NodeId(sim.namespaceIndex(), identifier);
  }

  /** A client's key pair and self-signed certificate. */
  record ClientIdentity(KeyPair keyPair, X509Certificate certificate) {
    static ClientIdentity create() {
      try {
        KeyPair kp = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        X509Certificate cert =
            new SelfSignedCertificateBuilder(kp)
                .setCommonName("plantmesh test client")
                .setApplicationUri(CLIENT_URI)
                .addDnsName("localhost")
                .build();
        return new ClientIdentity(kp, cert);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
