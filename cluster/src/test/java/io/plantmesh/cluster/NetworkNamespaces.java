package io.plantmesh.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private network for partition tests: one namespace per member, each with a veth pair into a
 * bridge that lives in a namespace of its own, addresses in 10.213.47.0/24. Nothing is added to the
 * host's own namespace, so the host's network is untouched. Cutting a member off sets its bridge
 * end down: its packets are dropped, its connections stay open (a pulled cable, not a reset).
 */
final class NetworkNamespaces implements AutoCloseable {
  static final String SUBNET = "10.213.47";
  private static final String BRIDGE_NS = "pm-part-br";

  private final int members;

  private NetworkNamespaces(int members) {
    this.members = members;
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
      Result r = run(false, "ip", "netns", "add", "pm-part-probe");
      if (r.code != 0) {
        return "'ip netns add' failed: " + r.output;
      }
      run(false, "ip", "netns", "del", "pm-part-probe");
      return null;
    } catch (IOException e) {
      return "the ip command is not available: " + e.getMessage();
    }
  }

  /** Removes what a killed run may have left, then builds the network for members 1..n. */
  static NetworkNamespaces create(int members) throws IOException {
    cleanUp(members);
    NetworkNamespaces n = new NetworkNamespaces(members);
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
    return n;
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

  @Override
  public void close() throws IOException {
    cleanUp(members);
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
