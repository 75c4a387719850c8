package io.plantmesh.cluster;

import io.plantmesh.core.Quality;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import io.plantmesh.core.WriteResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Ownership and write commands of a {@link MeshProcessMain}. Unasked lines start with {@code
 * EVENT}: {@code EVENT ACQUIRED|RELEASED <source> <epoch> <epoch micros>} and {@code EVENT WRITE
 * <source> <path> <value>}.
 *
 * <ul>
 *   <li>{@code declare <id>=<placement>…} declares sources (placement {@code any} or {@code a,b})
 *       with a listener printing events and a write handler that accepts every write; answers
 *       {@code DECLARED}
 *   <li>{@code owned} answers {@code OWNED <id>:<epoch>,…} (or {@code OWNED -})
 *   <li>{@code owner <id>} answers {@code OWNER <id> <owner or -> <epoch> <state>}
 *   <li>{@code quorum} answers {@code QUORUM <has quorum> <trusted members> <members>}
 *   <li>{@code write <command id> <source> <path> <number> <ttl ms>} answers {@code WRITE OK
 *       <status>} or {@code WRITE REJECTED <reason> <message>}
 *   <li>{@code handled} answers {@code HANDLED <writes applied here>}
 *   <li>{@code count <prefix>} answers {@code COUNT <readings under the prefix>}
 *   <li>{@code members} answers {@code MEMBERS <n>}
 * </ul>
 */
final class ProcessCommands {
  private static final AtomicLong HANDLED = new AtomicLong();

  private ProcessCommands() {}

  static String run(Mesh mesh, String[] cmd, String line) {
    switch (cmd[0]) {
      case "declare" -> {
        List<SourceSpec> specs = new ArrayList<>();
        for (int i = 1; i < cmd.length; i++) {
          String[] kv = cmd[i].split("=", 2);
          specs.add(SourceSpec.parse("declare", kv[0], kv[1]));
        }
        mesh.setWriteHandler(
            (source, path, value) -> {
              HANDLED.incrementAndGet();
              event("WRITE " + source + " " + path + " " + value.toJava());
              return CompletableFuture.completedFuture(new WriteResult(path, Quality.GOOD, value));
            });
        mesh.declareSources(specs, new Events());
        return "DECLARED";
      }
      case "owned" -> {
        String owned =
            mesh.ownedSources().entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
        return "OWNED " + (owned.isEmpty() ? "-" : owned);
      }
      case "owner" -> {
        SourceOwnership o = mesh.ownership().get(cmd[1]);
        return o == null
            ? "OWNER " + cmd[1] + " - 0 UNKNOWN"
            : "OWNER "
                + cmd[1]
                + " "
                + (o.owner().isEmpty() ? "-" : o.owner())
                + " "
                + o.epoch()
                + " "
                + o.state();
      }
      case "quorum" -> {
        QuorumState q = mesh.quorum();
        return "QUORUM " + q.hasQuorum() + " " + q.trustedMembers() + " " + q.members();
      }
      case "write" -> {
        WriteCommand c =
            new WriteCommand(
                UUID.fromString(cmd[1]),
                cmd[2],
                TagPath.of(cmd[3]),
                new Value.Float64(Double.parseDouble(cmd[4])),
                Instant.now().plusMillis(Long.parseLong(cmd[5])),
                "test");
        try {
          return "WRITE OK " + mesh.commandRouter().write(c).status().symbolicName();
        } catch (WriteRejectedException e) {
          return "WRITE REJECTED " + e.reason() + " " + e.getMessage();
        }
      }
      case "handled" -> {
        return "HANDLED " + HANDLED.get();
      }
      case "count" -> {
        return "COUNT " + mesh.tagTable().readings(TagPath.of(cmd[1])).size();
      }
      case "members" -> {
        return "MEMBERS " + mesh.members().size();
      }
      default -> {
        return "UNKNOWN " + line;
      }
    }
  }

  private static void event(String e) {
    System.out.println("EVENT " + e);
    System.out.flush();
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }

  /** Prints ownership changes; a release is printed when the (pretend) source has stopped. */
  private static final class Events implements OwnershipListener {
    @Override
    public void onAcquired(String sourceId, long epoch) {
      event("ACQUIRED " + sourceId + " " + epoch + " " + micros(Instant.now()));
    }

    @Override
    public void onReleased(String sourceId, long epoch) {
      event("RELEASED " + sourceId + " " + epoch + " " + micros(Instant.now()));
    }
  }
}
