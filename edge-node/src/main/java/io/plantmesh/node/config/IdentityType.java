package io.plantmesh.node.config;

/** How a source authenticates its Session: the OPC UA user identity token type. */
public enum IdentityType {
  ANONYMOUS,
  /** User name and password; the password is a secret reference. */
  USERNAME,
  /** An X.509 certificate and its private key. */
  X509
}
