package io.plantmesh.opcua;

import java.nio.file.Path;
import java.util.List;

/**
 * Where the source keeps its certificates, in OPC UA's folder layout below {@code dir}: {@code
 * own/} (this client's application instance certificate and key, generated on first start), {@code
 * trusted/certs/} and {@code trusted/crl/} (server certificates and CAs the client trusts), {@code
 * issuers/certs/} and {@code issuers/crl/} (intermediate CAs) and {@code rejected/} (server
 * certificates that were refused; move one to {@code trusted/certs/} to trust it).
 *
 * @param dir the PKI directory; created if missing. Default {@code pki}.
 * @param autoAcceptUntrusted accept any server certificate (logs a WARN every time); for
 *     commissioning only, default false
 * @param applicationUri this client's ApplicationUri, written into its certificate; null derives
 *     {@code urn:plantmesh:<hostname>:<source id>}
 * @param hostnames host names and IP addresses for the certificate's SubjectAltName; empty uses the
 *     local host's names
 */
public record PkiConfig(
    Path dir, boolean autoAcceptUntrusted, String applicationUri, List<String> hostnames) {

  public static final PkiConfig DEFAULTS = new PkiConfig(Path.of("pki"), false, null, List.of());

  public PkiConfig {
    dir = dir == null ? Path.of("pki") : dir;
    hostnames = hostnames == null ? List.of() : List.copyOf(hostnames);
    if (applicationUri != null && applicationUri.isBlank()) {
      throw new OpcUaConfigException(
          "application-uri", "must not be blank; leave it out to derive one");
    }
    if (applicationUri != null && !applicationUri.contains(":")) {
      throw new OpcUaConfigException(
          "application-uri", "must be a URI such as urn:acme:edge1, was '" + applicationUri + "'");
    }
    for (int i = 0; i < hostnames.size(); i++) {
      String h = hostnames.get(i);
      if (h == null || h.isBlank() || h.chars().anyMatch(Character::isWhitespace)) {
        throw new OpcUaConfigException(
            "hostnames[" + i + "]", "must be a host name or IP address, was '" + h + "'");
      }
    }
  }

  public static PkiConfig of(Path dir) {
    return new PkiConfig(dir, false, null, List.of());
  }

  public PkiConfig withAutoAcceptUntrusted(boolean accept) {
    return new PkiConfig(dir, accept, applicationUri, hostnames);
  }
}
