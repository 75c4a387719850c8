package io.plantmesh.cluster;

import io.plantmesh.cluster.internal.Checks;
import java.time.Duration;
import java.util.List;

/** How members find each other. */
public sealed interface Discovery permits Discovery.Multicast, Discovery.Tcp, Discovery.Kubernetes {

  /**
   * Multicast on the LAN: zero configuration, the demo default. Many plant networks filter
   * multicast between VLANs; use {@link Tcp} there.
   *
   * @param group the multicast group (a literal multicast address)
   * @param port the UDP port
   */
  record Multicast(String group, int port) implements Discovery {
    public static final String DEFAULT_GROUP = "224.2.2.3";
    public static final int DEFAULT_PORT = 54327;

    public Multicast {
      if (group == null || group.isBlank()) {
        throw new IllegalArgumentException("mesh.discovery.group: is required");
      }
      if (!Checks.isIpLiteral(group) || !isMulticast(group)) {
        throw Checks.invalid("mesh.discovery.group", group, "is not a multicast IP address");
      }
      Checks.port("mesh.discovery.port", port);
    }

    public static Multicast defaults() {
      return new Multicast(DEFAULT_GROUP, DEFAULT_PORT);
    }

    private static boolean isMulticast(String literal) {
      try {
        // A literal: no name lookup happens.
        return java.net.InetAddress.getByName(literal).isMulticastAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
  }

  /**
   * A static list of members ({@code host} or {@code host:port}; the port defaults to {@value
   * MeshConfig#DEFAULT_PORT}). The list need not be complete: one live member suffices to join.
   */
  record Tcp(List<String> members) implements Discovery {
    public Tcp {
      if (members == null || members.isEmpty()) {
        throw new IllegalArgumentException(
            "mesh.discovery.members: at least one host:port is required for tcp discovery");
      }
      members = List.copyOf(members);
      for (int i = 0; i < members.size(); i++) {
        checkHostPort("mesh.discovery.members[" + i + "]", members.get(i));
      }
    }

    public static Tcp of(String... members) {
      return new Tcp(List.of(members));
    }

    private static void checkHostPort(String key, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(key + ": must not be empty");
      }
      String host = value;
      int colon = value.lastIndexOf(':');
      boolean bracketed = value.startsWith("[");
      if (colon > 0 && (!bracketed || colon > value.indexOf(']'))) {
        host = value.substring(0, colon);
        String port = value.substring(colon + 1);
        int p;
        try {
          p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
          p = -1;
        }
        if (p < 1 || p > 65535) {
          throw Checks.invalid(key, value, "is not a valid host:port (port must be 1-65535)");
        }
      }
      if (!Checks.isHost(host)) {
        throw Checks.invalid(
            key, value, "is not a valid host:port (host must be a name, an IPv4 or an [IPv6])");
      }
    }
  }

  /**
   * Kubernetes: members are the addresses a headless service's DNS name resolves to. Needs no API
   * access (no RBAC), only DNS.
   *
   * @param serviceDns the headless service's DNS name, e.g. {@code
   *     plantmesh.plant.svc.cluster.local}
   * @param servicePort the members' port, or 0 for the mesh port
   * @param dnsTimeout how long one DNS lookup may take
   */
  record Kubernetes(String serviceDns, int servicePort, Duration dnsTimeout) implements Discovery {
    public Kubernetes {
      if (serviceDns == null || serviceDns.isBlank()) {
        throw new IllegalArgumentException("mesh.discovery.service-dns: is required");
      }
      if (!Checks.isHost(serviceDns) || Checks.isIpLiteral(serviceDns)) {
        throw Checks.invalid("mesh.discovery.service-dns", serviceDns, "is not a DNS name");
      }
      if (servicePort != 0) {
        Checks.port("mesh.discovery.service-port", servicePort);
      }
      Checks.wholeSeconds("mesh.discovery.dns-timeout", dnsTimeout);
    }

    public static Kubernetes of(String serviceDns) {
      return new Kubernetes(serviceDns, 0, Duration.ofSeconds(5));
    }
  }
}
