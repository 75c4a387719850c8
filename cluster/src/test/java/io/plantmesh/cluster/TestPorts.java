package io.plantmesh.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for members that start later than their port is chosen. Taken below the kernel's ephemeral
 * range (32768-60999 on Linux): a port {@code ServerSocket(0)} hands out is one an outgoing
 * connection (a member dialling another) may take before the member binds it.
 */
public final class TestPorts {
  private static final int FROM = 20_000;
  private static final int TO = 32_000;
  private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

  private TestPorts() {}

  /** A port free now on loopback, never given before in this JVM. */
  public static int free() {
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(FROM, TO);
      if (!GIVEN.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // Someone else's: try another.
      }
    }
    throw new IllegalStateException("no free port in " + FROM + ".." + TO + " after 1,000 tries");
  }
}
