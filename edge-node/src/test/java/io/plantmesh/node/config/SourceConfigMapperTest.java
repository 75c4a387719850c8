package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plantmesh.opcua.OpcUaConfigException;
import org.junit.jupiter.api.Test;

class SourceConfigMapperTest {
  @Test
  void recordKeysArePutUnderTheYamlPosition() {
    String at = "plantmesh.sources[2]";
    assertEquals(at, SourceConfigMapper.fullKey(at, ""));
    assertEquals(
        at + ".request-timeout", SourceConfigMapper.fullKey(at, "sources[plc].request-timeout"));
    assertEquals(at + ".tags[1].node-id", SourceConfigMapper.fullKey(at, "tags[1].node-id"));
    assertEquals(at + "[0]", SourceConfigMapper.fullKey(at, "[0]"));
    assertEquals(
        at + ".deadband.value: must be a number >= 0, was -1.0",
        ConfigValidator.describe(
            at, new OpcUaConfigException("deadband.value", "must be a number >= 0, was -1.0")));
  }
}
