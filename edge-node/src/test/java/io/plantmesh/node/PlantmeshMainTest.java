package io.plantmesh.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plantmesh.node.config.ConfigFileSourceFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PlantmeshMainTest {
  @AfterEach
  void clear() {
    System.clearProperty(ConfigFileSourceFactory.PROPERTY);
  }

  @Test
  void configOptionBecomesTheSystemPropertyAndIsRemovedFromTheArguments() {
    String[] rest = PlantmeshMain.takeConfigOption("-x", "--config", "/etc/p.yaml", "y");
    assertArrayEquals(new String[] {"-x", "y"}, rest);
    assertEquals("/etc/p.yaml", System.getProperty(ConfigFileSourceFactory.PROPERTY));
    PlantmeshMain.takeConfigOption("--config=/opt/q.yaml");
    assertEquals("/opt/q.yaml", System.getProperty(ConfigFileSourceFactory.PROPERTY));
  }

  @Test
  void configOptionWithoutAPathIsRefused() {
    assertThrows(PlantmeshMain.UsageError.class, () -> PlantmeshMain.takeConfigOption("--config"));
    assertThrows(
        PlantmeshMain.UsageError.class, () -> PlantmeshMain.takeConfigOption("--config", "--x"));
    assertThrows(PlantmeshMain.UsageError.class, () -> PlantmeshMain.takeConfigOption("--config="));
  }
}
