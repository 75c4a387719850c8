package io.plantmesh.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.core.TagPath;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Multicast discovery, the LAN default. Runs only where this host can hear its own multicast on a
 * non-loopback interface (many sandboxes and CI runners cannot); skipped otherwise.
 */
class MulticastDiscoveryTest {

  @Test
  void membersFindEachOtherByMulticast() throws Exception {
    Optional<Inet4Address> ifAddress = multicastInterface();
    Assumptions.assumeTrue(
        ifAddress.isPresent(), "no up, multicast-capable, non-loopback IPv4 interface");
    String group =
        "239.255."
            + ThreadLocalRandom.current().nextInt(1, 255)
            + "."
            + ThreadLocalRandom.current().nextInt(1, 255);
    int port = 40000 + ThreadLocalRandom.current().nextInt(20000);
    Assumptions.assumeTrue(
        hearsItself(ifAddress.get(), group, port), "multicast does not loop back here");

    try (MeshFixture f = new MeshFixture(2)) {
      List<Mesh> meshes = new java.util.ArrayList<>();
      for (int i = 0; i < 2; i++) {
        meshes.add(
            f.start(
                f.config(i, "mc-" + i, MeshFixture.KEY)
                    .discovery(new Discovery.Multicast(group, port))
                    .network(
                        new MeshConfig.Network(
                            List.of(ifAddress.get().getHostAddress()), f.ports.get(i), false))
                    .build()));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> meshes.get(1).members().size() == 2);
      meshes
          .get(0)
          .tagTable()
          .publish("plc-0", List.of(MeshFixture.reading("mc/tag", 1, "mc-0", 1)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> meshes.get(1).tagTable().get(TagPath.of("mc/tag")).isPresent());
      assertEquals(
          List.of(true, true), meshes.get(1).members().stream().map(MeshMember::trusted).toList());
    }
  }

  private static Optional<Inet4Address> multicastInterface() throws SocketException {
    return NetworkInterface.networkInterfaces()
        .filter(
            n -> {
              try {
                return n.isUp() && n.supportsMulticast() && !n.isLoopback();
              } catch (SocketException e) {
                return false;
              }
            })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(a -> a instanceof Inet4Address)
        .map(a -> (Inet4Address) a)
        .findFirst();
  }

  private static boolean hearsItself(Inet4Address ifAddress, String group, int port) {
    try (MulticastSocket s = new MulticastSocket(port)) {
      NetworkInterface ni = NetworkInterface.getByInetAddress(ifAddress);
      InetAddress g = InetAddress.getByName(group);
      s.setNetworkInterface(ni);
      s.joinGroup(new InetSocketAddress(g, port), ni);
      s.setSoTimeout(2000);
      byte[] m = "plantmesh-probe".getBytes(StandardCharsets.UTF_8);
      s.send(new DatagramPacket(m, m.length, g, port));
      DatagramPacket p = new DatagramPacket(new byte[64], 64);
      s.receive(p);
      s.leaveGroup(new InetSocketAddress(g, port), ni);
      return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)
          .equals("plantmesh-probe");
    } catch (IOException e) {
      return false;
    }
  }
}
