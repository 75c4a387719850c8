package io.plantmesh.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void readsATag() throws Exception {
    try (PlcSimulator sim = PlcSimulator.start(SimulatorConfig.builder().tags(16).build())) {
      OpcUaClient client = TestClients.anonymous(sim);
      try {
        DataValue v =
            client.readValue(
                0,
                TimestampsToReturn.Both,
                TestClients.nodeId(sim, "Plant/Line01/Cell01/Device002/State"));
        System.out.println(v);
        assertEquals(16, sim.tagNodeIds().size());
      } finally {
        client.disconnect();
      }
    }
  }
}
