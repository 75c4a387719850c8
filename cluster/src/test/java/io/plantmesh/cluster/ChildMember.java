package io.plantmesh.cluster;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link MeshProcessMain} in a JVM of its own, launched with this JVM's classpath, talking over
 * stdin/stdout. Its stderr goes to {@code target/mesh-child-*.log}.
 */
final class ChildMember implements AutoCloseable {
  static final String KEY_ENV = "PLANTMESH_TEST_CLUSTER_KEY";

  final Process process;
  private final PrintWriter stdin;
  private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

  /** Lines the child prints unasked ({@code EVENT …}), in order. */
  final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

  final File log;

  private ChildMember(Process process, File log) {
    this.process = process;
    this.log = log;
    this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                  (l.startsWith("EVENT ") ? events : lines).add(l);
                }
              } catch (IOException e) {
                // The child died; callers notice when an answer does not come.
              }
            },
            "child-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts member {@code index} of the fixture's port list and waits until it is in sync. */
  static ChildMember start(MeshFixture f, int index, String name, String... extraProperties)
      throws IOException, InterruptedException {
    List<String> props = new ArrayList<>();
    props.add("mesh.cluster-name=" + f.clusterName);
    props.add("mesh.member.name=" + name);
    props.add("mesh.member.sources=plc-proc");
    props.add("mesh.discovery.mode=tcp");
    props.add("mesh.discovery.members=" + String.join(",", f.memberList()));
    props.add("mesh.network.interfaces=127.0.0.1");
    props.add("mesh.network.port=" + f.ports.get(index));
    props.add("mesh.failure-detection.max-no-heartbeat=4s");
    props.addAll(List.of(extraProperties));
    return launch(List.of(), name, props);
  }

  /**
   * Starts a {@link MeshProcessMain} with {@code properties} (the cluster key is added), behind
   * {@code prefix} (e.g. {@code ip netns exec ns1}), and waits until it is in sync.
   */
  static ChildMember launch(List<String> prefix, String name, List<String> properties)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(prefix);
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(s -> s.startsWith("--add-") || s.startsWith("-Dorg.slf4j"))
            .toList());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MeshProcessMain.class.getName());
    cmd.add("mesh.cluster-key=env:" + KEY_ENV);
    cmd.addAll(properties);
    File log =
        Files.createTempFile(
                Files.createDirectories(Path.of("target")), "mesh-child-" + name + "-", ".log")
            .toFile();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(log);
    pb.environment().put(KEY_ENV, MeshFixture.KEY.reveal());
    ChildMember c = new ChildMember(pb.start(), log);
    String ready = c.lines.poll(60, TimeUnit.SECONDS);
    if (ready == null || !ready.startsWith("READY")) {
      c.process.destroyForcibly();
      throw new AssertionError(
          "child "
              + name
              + " did not get ready ("
              + ready
              + "); its log: "
              + Files.readString(log.toPath()));
    }
    return c;
  }

  void send(String line) {
    stdin.println(line);
  }

  /** The next line the child prints, or null after {@code seconds}. */
  String next(int seconds) throws InterruptedException {
    return lines.poll(seconds, TimeUnit.SECONDS);
  }

  /** Sends a command and returns its answer, failing when none comes in time. */
  String ask(String command) throws InterruptedException {
    send(command);
    String answer = next(30);
    if (answer == null) {
      throw new AssertionError("no answer to '" + command + "' from the child (log: " + log + ")");
    }
    return answer;
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
