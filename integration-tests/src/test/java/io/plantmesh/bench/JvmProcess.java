package io.plantmesh.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A JVM started as a separate process for benchmarks and crash tests: its output is kept (and
 * copied to a log file) so that callers can wait for a line, and its resident memory and CPU time
 * are read from {@code /proc}, the way an operator would see them.
 */
public final class JvmProcess implements AutoCloseable {
  /** Clock ticks per second for /proc/<pid>/stat times; 100 on every Linux we run on. */
  private static final double CLK_TCK = 100.0;

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final String name;

  private JvmProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    Thread pump =
        new Thread(
            () -> {
              try (BufferedReader r =
                      new BufferedReader(
                          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                  var w = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                  w.write(line);
                  w.newLine();
                  w.flush();
                }
              } catch (IOException e) {
                lines.add("<<output pump ended: " + e + ">>");
              }
            },
            name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /** Starts {@code java <jvmArgs> <args>} with the JDK running this test. */
  public static JvmProcess start(
      String name, List<String> jvmArgs, List<String> args, Map<String, String> env, Path logDir)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Files.createDirectories(logDir);
    return new JvmProcess(name, pb.start(), logDir.resolve(name + ".log"));
  }

  /** Waits until a line of output matches, failing with the recent output if the process died. */
  public String awaitLine(Predicate<String> match, Duration timeout) {
    Awaitility.await(name + " output")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              if (!process.isAlive() && lines.stream().noneMatch(match)) {
                throw new IllegalStateException(name + " exited early; last output:\n" + tail(40));
              }
              return lines.stream().anyMatch(match);
            });
    return lines.stream().filter(match).reduce((a, b) -> b).orElseThrow();
  }

  /** The last line that matches, or null. */
  public String lastLine(Predicate<String> match) {
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (match.test(lines.get(i))) {
        return lines.get(i);
      }
    }
    return null;
  }

  public String tail(int n) {
    int from = Math.max(0, lines.size() - n);
    return String.join("\n", lines.subList(from, lines.size()));
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Resident set size in bytes (VmRSS), what the gateway's memory actually pays. */
  public long rssBytes() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new IOException("no VmRSS for pid " + pid());
  }

  /**
   * Live heap in bytes: {@code jcmd GC.class_histogram} forces a full GC first, so its total is
   * what survives one (objects reachable now), the figure a heap size has to hold.
   */
  public long liveHeapBytes() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    List<String> out = text.lines().toList();
    for (int i = out.size() - 1; i >= 0; i--) {
      String t = out.get(i).trim();
      if (t.startsWith("Total")) {
        String[] f = t.split("\\s+");
        return Long.parseLong(f[2]);
      }
    }
    throw new IOException("no Total in jcmd's class histogram of " + name + ": " + text);
  }

  /** User plus system CPU time consumed so far, in seconds. */
  public double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
    // Fields after the command name (which may contain spaces) start after the last ')'.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(f[11]);
    long stime = Long.parseLong(f[12]);
    return (utime + stime) / CLK_TCK;
  }

  /** Writes a line to the process's standard input: a command to a benchmark child. */
  public synchronized void send(String line) throws IOException {
    var in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  /** The lines printed so far that match, oldest first. */
  public List<String> linesMatching(Predicate<String> match) {
    return lines.stream().filter(match).toList();
  }

  /** SIGKILL, as a power cut or the OOM killer would. */
  public void kill() {
    process.destroyForcibly();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
