package io.plantmesh.opcua;

/**
 * Which OPC UA SecurityPolicy the source asks for. {@link #BEST_AVAILABLE} picks the strongest
 * policy the server offers (Aes256_Sha256_RsaPss, then Basic256Sha256, then Aes128_Sha256_RsaOaep;
 * deprecated policies last, None only if nothing else is offered).
 */
public enum SecurityPolicyChoice {
  NONE,
  BASIC256SHA256,
  AES128_SHA256_RSAOAEP,
  AES256_SHA256_RSAPSS,
  BEST_AVAILABLE
}
