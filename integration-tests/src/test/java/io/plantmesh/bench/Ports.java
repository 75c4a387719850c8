package io.plantmesh.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ports for the processes that tests and benchmarks start. */
public final class Ports {
  private Ports() {}

  /**
   * A free port below the kernel's ephemeral range: a port from {@code ServerSocket(0)} lies inside
   * it, and an outgoing connection (a Hazelcast member's, say) can take it before the node binds
   * it; that happened. Ports handed out once in this run are not handed out again.
   */
  public static synchronized int free() throws IOException {
    int low = 32768;
    try {
      low =
          Integer.parseInt(
              // readAllLines: Files.readString trusts the size procfs reports and reads too little
              Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                  .get(0)
                  .trim()
                  .split("\\s+")[0]);
    } catch (IOException | RuntimeException e) {
      // not Linux: keep the usual bound
    }
    low = Math.max(low, 4_096);
    int from = Math.max(1024, Math.min(10_000, low - 2_000));
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = from + RANDOM.nextInt(low - from);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (java.net.ServerSocket s = new java.net.ServerSocket()) {
        s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new IOException("no free port between " + from + " and " + low);
  }

  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();
  private static final java.util.Random RANDOM = new java.util.Random();
}
