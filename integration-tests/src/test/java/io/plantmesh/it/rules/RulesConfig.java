package io.plantmesh.it.rules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The plantmesh.yaml every node of {@link RulesPlant} runs (only the node's name and mesh port
 * differ): both PLCs with explicit, typed tags so that the rules are type-checked at start-up
 * ({@code unknown-tags: refuse}), and two rules.
 *
 * <ul>
 *   <li>{@value #CROSS}: A's and B's inputs both above 50 write A's input to A's output (interlock:
 *       A's lock false, which holds) and raise a HIGH alarm; preferred on n3, then n1.
 *   <li>{@value #LOCKED}: B's go flag writes A's auxiliary setpoint, interlocked on A's lock being
 *       true (it is false: nothing may be written); preferred on n2.
 * </ul>
 */
final class RulesConfig {
  static final String CROSS = "cross-plc";
  static final String LOCKED = "locked-out";

  /** Tag paths: inputs and outputs on PLC A (n1) and PLC B (n2). */
  static final String A_IN = "plant1/a/in";

  static final String A_OUT = "plant1/a/out";
  static final String A_LOCK = "plant1/a/lock";
  static final String A_AUX = "plant1/a/aux";
  static final String B_IN = "plant1/b/in";
  static final String B_GO = "plant1/b/go";

  /** The simulator's identifiers behind A_OUT and A_AUX, as its write log names them. */
  static final String A_OUT_NODE = "Plant/Static/LimitedSetpoint";

  static final String A_AUX_NODE = "Plant/Line01/Cell01/Device001/Setpoint";

  private static final String NS = "nsu=urn:plantmesh:plc-simulator;s=";

  private RulesConfig() {}

  static String yaml(RulesPlant plant, String node) {
    return """
        plantmesh:
          node: { name: {node}, site: plant1 }
          sources:
            - id: plc-a
              endpoint-url: opc.tcp://127.0.0.1:{portA}/plantmesh
              placement: [n1, n2]
              security: { policy: none, mode: none }
              pki: { dir: {dir}/pki-{node}-a }
              collection: { sampling-interval: 50ms, publishing-interval: 50ms }
              reconnect: { initial-delay: 200ms, max-delay: 2s }
              tags:
                - { node-id: "{ns}Plant/Static/DoubleSetpoint", path: {aIn}, data-type: Double }
                - { node-id: "{ns}{aOutNode}", path: {aOut}, data-type: Double }
                - { node-id: "{ns}Plant/Static/BoolSetpoint", path: {aLock}, data-type: Boolean }
                - { node-id: "{ns}{aAuxNode}", path: {aAux}, data-type: Double }
            - id: plc-b
              endpoint-url: opc.tcp://127.0.0.1:{portB}/plantmesh
              placement: [n2, n1]
              security: { policy: none, mode: none }
              pki: { dir: {dir}/pki-{node}-b }
              collection: { sampling-interval: 50ms, publishing-interval: 50ms }
              reconnect: { initial-delay: 200ms, max-delay: 2s }
              tags:
                - { node-id: "{ns}Plant/Static/DoubleSetpoint", path: {bIn}, data-type: Double }
                - { node-id: "{ns}Plant/Static/BoolSetpoint", path: {bGo}, data-type: Boolean }
          api:
            writes: { enabled: true, token: "file:{dir}/write.token" }
            alarms: { token: "file:{dir}/alarm.token" }
          mesh:
            enabled: true
            cluster-name: it-rules
            cluster-key: "file:{dir}/cluster.key"
            discovery: { mode: tcp, members: "{members}" }
            network: { interfaces: 127.0.0.1, port: {meshPort} }
            expected-members: 3
          rule-settings:
            unknown-tags: refuse
          rules:
            - name: {cross}
              description: both lines above 50 - A follows its input, alarm
              condition: 'tag("{aIn}") > 50.0 && tag("{bIn}") > 50.0'
              placement: [n3, n1, n2]
              actions:
                - write:
                    target: {aOut}
                    value: 'tag("{aIn}")'
                    interlock: 'tag("{aLock}") == false'
                - alarm: { severity: high, message: 'A at ${tag("{aIn}")}, B at ${tag("{bIn}")}' }
            - name: {locked}
              condition: 'tag("{bGo}") == true'
              placement: [n2, n1, n3]
              actions:
                - write:
                    target: {aAux}
                    value: 5.0
                    interlock: 'tag("{aLock}") == true'
                    "on": fire
        """
        .transform(t -> fill(t, plant, node));
  }

  private static String fill(String template, RulesPlant plant, String node) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("node", node);
    values.put("portA", plant.plcPorts.get("a"));
    values.put("portB", plant.plcPorts.get("b"));
    values.put("dir", plant.dir.toAbsolutePath());
    values.put("members", plant.membersList());
    values.put("meshPort", plant.meshPorts.get(node));
    values.put("ns", NS);
    values.put("aIn", A_IN);
    values.put("aOut", A_OUT);
    values.put("aOutNode", A_OUT_NODE);
    values.put("aLock", A_LOCK);
    values.put("aAux", A_AUX);
    values.put("aAuxNode", A_AUX_NODE);
    values.put("bIn", B_IN);
    values.put("bGo", B_GO);
    values.put("cross", CROSS);
    values.put("locked", LOCKED);
    String text = template;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      text = text.replace("{" + e.getKey() + "}", String.valueOf(e.getValue()));
    }
    return text;
  }
}
