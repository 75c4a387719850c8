package io.plantmesh.cluster;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private network for partition tests: one namespace per member, each with a veth pair into a
 * bridge that lives in a namespace of its own, addresses in 10.213.47.0/24. Nothing is added to the
 * host's own namespace, so the host's network is untouched. Cutting a member off sets its bridge
 * end down: its packets are dropped, its connections stay open (a pulled cable, not a reset).
 *
 * <p>The namespaces' names are fixed (so that a killed run's leftovers are found and removed), so
 * one test at a time on the machine may use them: a test waits for a file lock, held from {@link
 * #create} to {@link #close}, that another build's partition test holds (the lock goes with the
 * process that held it, killed or not).
 */
final class NetworkNamespaces implements AutoCloseable {
  static final String SUBNET = "10.213.47";
  private static final String BRIDGE_NS = "pm-part-br";

  private static final Path LOCK =
      Path.of(System.getProperty("java.io.tmpdir"), "plantmesh-netns-tests.lock");

  private final int members;
  private final FileChannel lock;

  private NetworkNamespaces(int members, FileChannel lock) {
    this.members = members;
    this.lock = lock;
  }

  static String namespace(int member) {
    return "pm-part-" + member;
  }

  static String address(int member) {
    return SUBNET + "." + member;
  }

  private static String memberEnd(int member) {
    return "pmp" + member;
  }

  private static String bridgeEnd(int member) {
    return "pmp" + member + "b";
  }

  /**
   * Whether this process may create network namespaces (root, with {@code ip netns}): the reason
   * when not, or null.
   */
  static String unavailable() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return "network namespaces need root; running as " + System.getProperty("user.name");
    }
    try {
      // Named after this process: another build's probe must not make this one fail.
      String probe = "pm-part-probe-" + ProcessHandle.current().pid();
      Result r = run(false, "ip", "netns", "add", probe);
      if (r.code != 0) {
        return "'ip netns add' failed: " + r.output;
      }
      run(false, "ip", "netns", "del", probe);
      return null;
    } catch (IOException e) {
      return "the ip command is not available: " + e.getMessage();
    }
  }

  /**
   * Waits until no other test on the machine uses the namespaces, removes what a killed run may
   * have left, then builds the network for members 1..n.
   */
  static NetworkNamespaces create(int members) throws IOException {
    FileChannel lock = FileChannel.open(LOCK, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      lock.lock();
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
    NetworkNamespaces n = new NetworkNamespaces(members, lock);
    try {
      n.build();
    } catch (IOException | RuntimeException e) {
      n.close();
      throw e;
    }
    return n;
  }

  private void build() throws IOException {
    cleanUp(members);
    run(true, "ip", "netns", "add", BRIDGE_NS);
    run(true, "ip", "-n", BRIDGE_NS, "link", "add", "br0", "type", "bridge");
    run(true, "ip", "-n", BRIDGE_NS, "link", "set", "br0", "up");
    for (int i = 1; i <= members; i++) {
      String ns = namespace(i);
      run(true, "ip", "netns", "add", ns);
      run(
          true,
          "ip",
          "-n",
          BRIDGE_NS,
          "link",
          "add",
          bridgeEnd(i),
          "type",
          "veth",
          "peer",
          "name",
          memberEnd(i),
          "netns",
          ns);
      run(true, "ip", "-n", BRIDGE_NS, "link", "set", bridgeEnd(i), "master", "br0");
      run(true, "ip", "-n", BRIDGE_NS, "link", "set", bridgeEnd(i), "up");
      run(true, "ip", "-n", ns, "addr", "add", address(i) + "/24", "dev", memberEnd(i));
      run(true, "ip", "-n", ns, "link", "set", memberEnd(i), "up");
      run(true, "ip", "-n", ns, "link", "set", "lo", "up");
    }
  }

  /** The command prefix that runs a program in member {@code i}'s namespace. */
  List<String> exec(int member) {
    return List.of("ip", "netns", "exec", namespace(member));
  }

  void cut(int member) throws IOException {
    run(true, "ip", "-n", BRIDGE_NS, "link", "set", bridgeEnd(member), "down");
  }

  void heal(int member) throws IOException {
    run(true, "ip", "-n", BRIDGE_NS, "link", "set", bridgeEnd(member), "up");
  }

  /** Removes the network, then lets the next test on the machine have it. */
  @Override
  public void close() throws IOException {
    try {
      cleanUp(members);
    } finally {
      lock.close();
    }
  }

  /**
   * Ends what still runs in this test's namespaces (left by a killed run: they were started by this
   * test, in namespaces only this test creates), then deletes the namespaces; deleting the bridge's
   * namespace deletes the veth pairs with it.
   */
  static void cleanUp(int members) throws IOException {
    List<String> all = new ArrayList<>();
    all.add(BRIDGE_NS);
    for (int i = 1; i <= members; i++) {
      all.add(namespace(i));
    }
    for (String ns : all) {
      Result pids = run(false, "ip", "netns", "pids", ns);
      if (pids.code == 0) {
        for (String pid : pids.output.split("\\s+")) {
          if (pid.matches("\\d+")) {
            ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
      }
      run(false, "ip", "netns", "del", ns);
    }
  }

  private record Result(int code, String output) {}

  private static Result run(boolean check, String... cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(String.join(" ", cmd) + ": no answer in 20 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + String.join(" ", cmd), e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
    }
    return new Result(p.exitValue(), out);
  }
}
