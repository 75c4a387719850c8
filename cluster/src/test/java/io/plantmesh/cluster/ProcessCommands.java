package io.plantmesh.cluster;

import io.plantmesh.cluster.decisions.AlarmStore;
import io.plantmesh.cluster.decisions.RuleHost;
import io.plantmesh.cluster.rules.CompiledRuleSet;
import io.plantmesh.cluster.rules.RuleCompiler;
import io.plantmesh.cluster.rules.RuleSetException;
import io.plantmesh.cluster.rules.RuleSpec;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.plantmesh.cluster.rules.WriteAction;
import io.plantmesh.core.Quality;
import io.plantmesh.core.Reading;
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
 *   <li>{@code rules <placement>} starts an alarm store and a rule host with one rule, {@code
 *       guard}: when {@code part/tank/level > 10} it writes 1 to {@code part/tank/valve}
 *       (placement: node names separated by commas); answers {@code RULES}
 *   <li>{@code set <source> <path> <number>} publishes one reading as collected from the source
 *       here; answers {@code SET}
 *   <li>{@code rule <name>} answers {@code RULE <state> <epoch>} if this member evaluates it, else
 *       {@code RULE - 0}
 *   <li>{@code audit <requested by>} answers {@code AUDIT <n> <result>,…} (newest first)
 *   <li>{@code alarms <rule>} answers {@code ALARMS <active alarms of the rule>}
 * </ul>
 */
final class ProcessCommands {
  private static final AtomicLong HANDLED = new AtomicLong();
  private static final AtomicLong SEQUENCE = new AtomicLong();
  private static RuleHost host;
  private static AlarmStore alarms;

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
      case "rules" -> {
        return startRules(mesh, List.of(cmd[1].split(",")));
      }
      case "set" -> {
        Instant now = Instant.now();
        mesh.tagTable()
            .publish(
                cmd[1],
                List.of(
                    new Reading(
                        TagPath.of(cmd[2]),
                        new Value.Float64(Double.parseDouble(cmd[3])),
                        Quality.GOOD,
                        now,
                        now,
                        now,
                        mesh.name(),
                        SEQUENCE.incrementAndGet())));
        return "SET";
      }
      case "rule" -> {
        Long epoch = mesh.ownedRules().get(cmd[1]);
        return host.status(cmd[1])
            .map(s -> "RULE " + s.state() + " " + (epoch == null ? 0 : epoch))
            .orElse("RULE - 0");
      }
      case "audit" -> {
        List<String> results =
            mesh.writeAudit().recent(100).stream()
                .filter(r -> r.requestedBy().equals(cmd[1]))
                .map(WriteAuditRecord::result)
                .toList();
        return "AUDIT " + results.size() + " " + String.join(",", results);
      }
      case "alarms" -> {
        return "ALARMS " + alarms.active().stream().filter(a -> a.rule().equals(cmd[1])).count();
      }
      default -> {
        return "UNKNOWN " + line;
      }
    }
  }

  private static String startRules(Mesh mesh, List<String> placement) {
    try {
      CompiledRuleSet rules =
          new RuleCompiler(TagCatalog.empty(), UnknownTagPolicy.WARN)
              .compile(
                  List.of(
                      RuleSpec.of(
                              "guard",
                              "tag(\"part/tank/level\") > 10.0",
                              WriteAction.of(TagPath.of("part/tank/valve"), "1.0"))
                          .withPlacement(placement)));
      alarms = AlarmStore.start(mesh);
      host =
          RuleHost.start(
              mesh,
              rules,
              alarms,
              e -> event("RULE-EVENT " + e.name()),
              RuleHost.Settings.defaults());
      return "RULES";
    } catch (RuleSetException e) {
      return "RULES-REFUSED " + e.getMessage();
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
