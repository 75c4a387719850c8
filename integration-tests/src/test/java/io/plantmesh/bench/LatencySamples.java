package io.plantmesh.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Every latency a bare listener saw in a window, exactly (microseconds): the baseline's exact
 * percentiles, and the same samples counted into the node's histogram buckets for a fair ratio.
 * Filled from Hazelcast's event threads, hence synchronised; a window beyond {@link #CAP} samples
 * is refused loudly rather than truncated.
 */
final class LatencySamples {
  static final int CAP = 8_000_000;

  private int[] peer = new int[1 << 16];
  private int[] source = new int[1 << 16];
  private int n;
  private long overflow;
  private boolean on;

  synchronized void start() {
    n = 0;
    overflow = 0;
    on = true;
  }

  synchronized void add(long peerMicros, long sourceMicros) {
    if (!on) {
      return;
    }
    if (n == CAP) {
      overflow++;
      return;
    }
    if (n == peer.length) {
      peer = Arrays.copyOf(peer, Math.min(CAP, n * 2));
      source = Arrays.copyOf(source, Math.min(CAP, n * 2));
    }
    peer[n] = (int) Math.min(Integer.MAX_VALUE, peerMicros);
    source[n] = (int) Math.min(Integer.MAX_VALUE, sourceMicros);
    n++;
  }

  /** Ends the window and writes {@code n, peer[n], source[n]}; returns n. */
  synchronized int stopAndWrite(Path file) throws IOException {
    on = false;
    if (overflow > 0) {
      throw new IllegalStateException(overflow + " samples beyond the cap of " + CAP);
    }
    try (DataOutputStream out =
        new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeInt(peer[i]);
      }
      for (int i = 0; i < n; i++) {
        out.writeInt(source[i]);
      }
    }
    return n;
  }

  /** Samples of one or more listeners, read back by the harness. */
  record Window(long[] peerMicros, long[] sourceMicros) {
    static Window read(Path... files) throws IOException {
      long[] peer = new long[0];
      long[] source = new long[0];
      for (Path f : files) {
        try (DataInputStream in =
            new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(f)))) {
          int n = in.readInt();
          int from = peer.length;
          peer = Arrays.copyOf(peer, from + n);
          source = Arrays.copyOf(source, from + n);
          for (int i = 0; i < n; i++) {
            peer[from + i] = in.readInt();
          }
          for (int i = 0; i < n; i++) {
            source[from + i] = in.readInt();
          }
        }
      }
      Arrays.sort(peer);
      Arrays.sort(source);
      return new Window(peer, source);
    }
  }
}
