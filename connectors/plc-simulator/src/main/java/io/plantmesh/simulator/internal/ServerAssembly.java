package io.plantmesh.simulator.internal;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_X509;

import io.plantmesh.core.Secret;
import io.plantmesh.simulator.EndpointSecurity;
import io.plantmesh.simulator.SimulatorConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.X509IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.util.HostnameUtil;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/** Turns a {@link SimulatorConfig} into a Milo {@link OpcUaServer}: endpoints, users, limits. */
public final class ServerAssembly {
  public static final String PRODUCT_URI = "urn:plantmesh:plc-simulator";

  /** Clients may not sample faster than the fastest tick. */
  static final double MIN_SAMPLE_RATE_MS = 10.0;

  private ServerAssembly() {}

  /** The host names the endpoints announce; the first one is {@code PlcSimulator.endpointUrl}. */
  public static List<String> hostnames(String bindAddress) {
    Set<String> names = new LinkedHashSet<>();
    if ("0.0.0.0".equals(bindAddress) || "::".equals(bindAddress)) {
      names.add(HostnameUtil.getHostname());
      names.add("127.0.0.1");
    } else {
      names.add(bindAddress);
    }
    return List.copyOf(names);
  }

  public static OpcUaServer create(SimulatorConfig config, ServerPki pki, int port) {
    OpcUaServerConfig serverConfig =
        OpcUaServerConfig.builder()
            .setApplicationUri(pki.applicationUri())
            .setApplicationName(LocalizedText.english("plantmesh PLC simulator"))
            .setProductUri(PRODUCT_URI)
            .setBuildInfo(
                new BuildInfo(
                    PRODUCT_URI,
                    "plantmesh",
                    "plantmesh PLC simulator",
                    OpcUaServer.SDK_VERSION,
                    "",
                    DateTime.now()))
            .setEndpoints(endpoints(config, pki, port))
            .setCertificateManager(pki.certificateManager())
            .setIdentityValidator(identityValidator(config))
            .setLimits(limits(config))
            .build();
    OpcUaServer server =
        new OpcUaServer(
            serverConfig,
            profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
    SessionDiagnosticsTypes.prime(server);
    return server;
  }

  private static Set<EndpointConfig> endpoints(SimulatorConfig config, ServerPki pki, int port) {
    List<UserTokenPolicy> tokens = new ArrayList<>();
    if (config.allowAnonymous()) {
      tokens.add(USER_TOKEN_POLICY_ANONYMOUS);
    }
    if (!config.users().isEmpty()) {
      tokens.add(
          config.plaintextPasswords()
              ? new UserTokenPolicy(
                  "username-plaintext",
                  UserTokenType.UserName,
                  null,
                  null,
                  SecurityPolicy.None.getUri())
              : USER_TOKEN_POLICY_USERNAME);
    }
    if (config.trustedUserCertificates() != null) {
      // Its SecurityPolicy (Basic256Sha256) says how the client signs the token, on any endpoint.
      tokens.add(USER_TOKEN_POLICY_X509);
    }
    Set<EndpointConfig> endpoints = new LinkedHashSet<>();
    for (String host : hostnames(config.bindAddress())) {
      EndpointConfig.Builder base =
          EndpointConfig.newBuilder()
              .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
              .setBindAddress(config.bindAddress())
              .setBindPort(port)
              .setHostname(host)
              .setPath(config.path())
              .setCertificate(pki.certificate())
              .addTokenPolicies(tokens.toArray(new UserTokenPolicy[0]));
      for (EndpointSecurity security : config.orderedSecurityPolicies()) {
        endpoints.add(
            base.copy()
                .setSecurityPolicy(policy(security))
                .setSecurityMode(mode(security))
                .build());
      }
      if (!config.securityPolicies().contains(EndpointSecurity.NONE)) {
        // Part 6: with only secure endpoints a client still needs an unsecured one to discover
        // them; "/discovery" below the base address is where it looks.
        endpoints.add(
            base.copy()
                .setPath(config.path() + "/discovery")
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .build());
      }
    }
    return endpoints;
  }

  private static SecurityPolicy policy(EndpointSecurity security) {
    return switch (security.policy()) {
      case "None" -> SecurityPolicy.None;
      case "Basic256Sha256" -> SecurityPolicy.Basic256Sha256;
      case "Aes128_Sha256_RsaOaep" -> SecurityPolicy.Aes128_Sha256_RsaOaep;
      case "Aes256_Sha256_RsaPss" -> SecurityPolicy.Aes256_Sha256_RsaPss;
      default -> throw new IllegalArgumentException("security policy " + security.policy());
    };
  }

  private static MessageSecurityMode mode(EndpointSecurity security) {
    return switch (security.mode()) {
      case NONE -> MessageSecurityMode.None;
      case SIGN -> MessageSecurityMode.Sign;
      case SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
    };
  }

  private static IdentityValidator identityValidator(SimulatorConfig config) {
    List<IdentityValidator> validators = new ArrayList<>();
    if (config.allowAnonymous()) {
      validators.add(AnonymousIdentityValidator.INSTANCE);
    }
    if (!config.users().isEmpty()) {
      Map<String, Secret> users = config.users();
      validators.add(
          new UsernameIdentityValidator(
              challenge -> {
                Secret expected = users.get(challenge.getUsername());
                String password = challenge.getPassword();
                // A wrong user or password is refused by Milo with Bad_UserAccessDenied.
                return expected != null
                    && password != null
                    && expected.matches(password.toCharArray());
              }));
    }
    if (config.trustedUserCertificates() != null) {
      TrustedUserCertificates trusted =
          new TrustedUserCertificates(config.trustedUserCertificates());
      // A certificate not trusted is refused by Milo with Bad_IdentityTokenRejected.
      validators.add(new X509IdentityValidator(trusted::trusts));
    }
    return new CompositeValidator(validators);
  }

  private static OpcUaServerConfigLimits limits(SimulatorConfig config) {
    UInteger perRead = UInteger.valueOf(config.maxNodesPerRead());
    UInteger perCall = UInteger.valueOf(config.maxMonitoredItemsPerCall());
    return new OpcUaServerConfigLimits() {
      @Override
      public UInteger getMaxNodesPerRead() {
        return perRead;
      }

      @Override
      public UInteger getMaxNodesPerWrite() {
        return perRead;
      }

      @Override
      public UInteger getMaxMonitoredItemsPerCall() {
        return perCall;
      }

      @Override
      public Double getMinSupportedSampleRate() {
        return MIN_SAMPLE_RATE_MS;
      }
    };
  }
}
