package io.plantmesh.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileSourceFactoryTest {
  @TempDir Path dir;

  /** A context in which only {@code plantmesh.config} has a value, from {@code sourceName}. */
  private static ConfigSourceContext named(String path, String sourceName) {
    return new ConfigSourceContext() {
      @Override
      public ConfigValue getValue(String name) {
        if (!name.equals(ConfigFileSourceFactory.PROPERTY) || path == null) {
          return null;
        }
        return ConfigValue.builder()
            .withName(name)
            .withValue(path)
            .withConfigSourceName(sourceName)
            .build();
      }

      @Override
      public Iterator<String> iterateNames() {
        return List.<String>of().iterator();
      }
    };
  }

  @Test
  void readsTheNamedFileAboveApplicationPropertiesAndBelowEnvironment() throws IOException {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "plantmesh:\n  node:\n    name: gw-x\n");
    List<ConfigSource> sources =
        list(
            new ConfigFileSourceFactory()
                .getConfigSources(named(f.toString(), "SysPropConfigSource")));
    assertEquals(1, sources.size());
    assertEquals("gw-x", sources.get(0).getValue("plantmesh.node.name"));
    assertTrue(sources.get(0).getOrdinal() > 250 && sources.get(0).getOrdinal() < 300);
  }

  @Test
  void aNamedFileThatIsMissingIsAnErrorSayingWhoNamedIt() {
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigFileSourceFactory()
                    .getConfigSources(named(dir.resolve("x.yaml").toString(), "EnvConfigSource")));
    assertTrue(e.getMessage().contains("x.yaml' does not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("PLANTMESH_CONFIG"), e.getMessage());
  }

  @Test
  void invalidYamlIsAnError() throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "plantmesh:\n  node: [unclosed\n");
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                new ConfigFileSourceFactory()
                    .getConfigSources(named(f.toString(), "SysPropConfigSource")));
    assertTrue(e.getMessage().contains("is not valid YAML"), e.getMessage());
  }

  @Test
  void noFileNamedAndNoneInTheWorkingDirectoryMeansNoSource() {
    // The module directory has no plantmesh.yaml: the node would run the embedded default.
    assertTrue(!Files.exists(ConfigFileSourceFactory.DEFAULT_FILE));
    assertEquals(0, list(new ConfigFileSourceFactory().getConfigSources(named(null, null))).size());
  }

  private static List<ConfigSource> list(Iterable<ConfigSource> it) {
    List<ConfigSource> out = new java.util.ArrayList<>();
    it.forEach(out::add);
    return out;
  }
}
