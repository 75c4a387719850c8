package io.plantmesh.opcua.internal;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.ubyte;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plantmesh.opcua.SecurityModeChoice;
import io.plantmesh.opcua.SecurityPolicyChoice;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.junit.jupiter.api.Test;

class EndpointSelectorTest {
  private static EndpointDescription ep(
      SecurityPolicy p, MessageSecurityMode m, UserTokenType... tokens) {
    List<UserTokenPolicy> t = new ArrayList<>();
    for (UserTokenType type : tokens) {
      t.add(new UserTokenPolicy(type.name(), type, null, null, null));
    }
    return new EndpointDescription(
        "opc.tcp://plc:4840",
        null,
        ByteString.NULL_VALUE,
        m,
        p.getUri(),
        t.toArray(new UserTokenPolicy[0]),
        "http://opcfoundation.org/UA-Profile/Transport/uatcp-uasc-uabinary",
        ubyte(0));
  }

  private static final List<EndpointDescription> OFFERED =
      List.of(
          ep(SecurityPolicy.None, MessageSecurityMode.None, UserTokenType.Anonymous),
          ep(SecurityPolicy.Basic256Sha256, MessageSecurityMode.Sign, UserTokenType.Anonymous),
          ep(
              SecurityPolicy.Basic256Sha256,
              MessageSecurityMode.SignAndEncrypt,
              UserTokenType.Anonymous,
              UserTokenType.UserName),
          ep(
              SecurityPolicy.Aes256_Sha256_RsaPss,
              MessageSecurityMode.Sign,
              UserTokenType.Anonymous,
              UserTokenType.UserName),
          ep(
              SecurityPolicy.Basic128Rsa15,
              MessageSecurityMode.SignAndEncrypt,
              UserTokenType.Anonymous));

  private static String pick(SecurityPolicyChoice p, SecurityModeChoice m, UserTokenType t) {
    return EndpointSelector.describe(EndpointSelector.select(OFFERED, p, m, t));
  }

  @Test
  void bestAvailableRanksThePolicyFirstThenTheMode() {
    assertEquals(
        "Aes256_Sha256_RsaPss/Sign [Anonymous, UserName]",
        pick(
            SecurityPolicyChoice.BEST_AVAILABLE,
            SecurityModeChoice.BEST_AVAILABLE,
            UserTokenType.Anonymous));
    assertEquals(
        "Basic256Sha256/SignAndEncrypt [Anonymous, UserName]",
        pick(
            SecurityPolicyChoice.BEST_AVAILABLE,
            SecurityModeChoice.SIGN_AND_ENCRYPT,
            UserTokenType.UserName));
    assertEquals(
        "Basic256Sha256/SignAndEncrypt [Anonymous, UserName]",
        pick(
            SecurityPolicyChoice.BASIC256SHA256,
            SecurityModeChoice.BEST_AVAILABLE,
            UserTokenType.Anonymous));
    assertEquals(
        "None/None [Anonymous]",
        pick(
            SecurityPolicyChoice.BEST_AVAILABLE, SecurityModeChoice.NONE, UserTokenType.Anonymous));
    assertEquals(
        "None/None [Anonymous]",
        pick(SecurityPolicyChoice.NONE, SecurityModeChoice.NONE, UserTokenType.Anonymous));
  }

  @Test
  void deprecatedPoliciesRankBelowCurrentOnes() {
    assertTrue(
        EndpointSelector.rank(SecurityPolicy.Basic128Rsa15)
            < EndpointSelector.rank(SecurityPolicy.Aes128_Sha256_RsaOaep));
    assertTrue(
        EndpointSelector.rank(SecurityPolicy.Basic256Sha256)
            < EndpointSelector.rank(SecurityPolicy.Aes256_Sha256_RsaPss));
    assertTrue(
        EndpointSelector.rank(MessageSecurityMode.Sign)
            < EndpointSelector.rank(MessageSecurityMode.SignAndEncrypt));
  }

  @Test
  void noMatchListsWhatTheServerOffers() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                EndpointSelector.select(
                    OFFERED,
                    SecurityPolicyChoice.AES128_SHA256_RSAOAEP,
                    SecurityModeChoice.SIGN_AND_ENCRYPT,
                    UserTokenType.Anonymous));
    assertTrue(
        e.getMessage()
            .startsWith(
                "the server offers no opc.tcp endpoint with security policy Aes128_Sha256_RsaOaep,"
                    + " mode SignAndEncrypt and Anonymous user tokens; it offers: None/None"
                    + " [Anonymous], Basic256Sha256/Sign [Anonymous]"),
        e.getMessage());
    IllegalStateException cert =
        assertThrows(
            IllegalStateException.class,
            () ->
                EndpointSelector.select(
                    OFFERED,
                    SecurityPolicyChoice.BEST_AVAILABLE,
                    SecurityModeChoice.BEST_AVAILABLE,
                    UserTokenType.Certificate));
    assertTrue(cert.getMessage().contains("Certificate user tokens"), cert.getMessage());
  }
}
