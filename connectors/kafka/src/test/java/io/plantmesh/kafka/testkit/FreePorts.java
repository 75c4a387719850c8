package io.plantmesh.kafka.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * Free TCP ports on loopback for brokers and proxies that must come back on the same port.
 *
 * <p>The ports lie below the kernel's ephemeral range: a port from {@code ServerSocket(0)} lies
 * inside it, and an outgoing connection (a producer's, say) can take it while a broker is stopped,
 * so that the broker cannot bind it again on restart. A port handed out once in this JVM is not
 * handed out again.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = new HashSet<>();
  private static final Random RANDOM = new Random();

  private FreePorts() {}

  /** A port that was free on 127.0.0.1 a moment ago. */
  public static synchronized int pick() {
    int low = ephemeralLow();
    int from = Math.max(1024, Math.min(10_000, low - 2_000));
    for (int attempt = 0; attempt < 1_000; attempt++) {
      int port = from + RANDOM.nextInt(low - from);
      if (!HANDED_OUT.add(port)) {
        continue;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress("127.0.0.1", port));
        return port;
      } catch (IOException taken) {
        // in use: try another
      }
    }
    throw new UncheckedIOException(
        new IOException("no free port between " + from + " and " + low + " on 127.0.0.1"));
  }

  private static int ephemeralLow() {
    int low = 32768;
    try {
      // readAllLines: Files.readString trusts the size procfs reports and reads too little
      low =
          Integer.parseInt(
              Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                  .get(0)
                  .trim()
                  .split("\\s+")[0]);
    } catch (IOException | RuntimeException notLinux) {
      // keep the usual bound
    }
    return Math.max(low, 4_096);
  }
}
