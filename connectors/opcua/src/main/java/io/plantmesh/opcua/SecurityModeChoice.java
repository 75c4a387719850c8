package io.plantmesh.opcua;

/**
 * Which OPC UA MessageSecurityMode the source asks for. {@link #BEST_AVAILABLE} prefers
 * SignAndEncrypt over Sign. {@link #NONE} goes only with {@link SecurityPolicyChoice#NONE}.
 */
public enum SecurityModeChoice {
  NONE,
  SIGN,
  SIGN_AND_ENCRYPT,
  BEST_AVAILABLE
}
