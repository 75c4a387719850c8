package io.plantmesh.node.config;

import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Adds the user's {@code plantmesh.yaml} to the configuration. Which file: {@code --config <path>}
 * (turned into the system property by {@link io.plantmesh.node.PlantmeshMain}), else {@code
 * -Dplantmesh.config=<path>}, else the environment variable {@code PLANTMESH_CONFIG}, else {@code
 * ./plantmesh.yaml} if it exists. A file named explicitly that cannot be read is an error; no file
 * at all means the embedded default.
 *
 * <p>The file's ordinal ({@value #ORDINAL}) is above the packaged {@code application.properties}
 * and below environment variables and system properties, so that a single key can still be
 * overridden for one run ({@code PLANTMESH_API_WRITES_ENABLED=false}).
 */
public final class ConfigFileSourceFactory implements ConfigSourceFactory {
  /** The property that names the file. */
  public static final String PROPERTY = "plantmesh.config";

  /** The file read when none is named. */
  public static final Path DEFAULT_FILE = Path.of("plantmesh.yaml");

  static final int ORDINAL = 270;

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    ConfigValue named = context.getValue(PROPERTY);
    Path file;
    if (named != null && named.getValue() != null && !named.getValue().isBlank()) {
      file = Path.of(named.getValue().strip());
      if (!Files.isRegularFile(file)) {
        throw new ConfigurationException(
            PROPERTY
                + ": '"
                + file
                + "' does not exist or is not a file (named by "
                + describe(named)
                + ")");
      }
    } else if (Files.isRegularFile(DEFAULT_FILE)) {
      file = DEFAULT_FILE;
    } else {
      return List.of();
    }
    try {
      String yaml = Files.readString(file, StandardCharsets.UTF_8);
      return List.of(
          new YamlConfigSource("plantmesh.yaml " + file.toAbsolutePath(), yaml, ORDINAL));
    } catch (IOException e) {
      throw new ConfigurationException(
          PROPERTY + ": cannot read '" + file + "': " + e.getClass().getSimpleName(), e);
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          PROPERTY + ": '" + file + "' is not valid YAML: " + e.getMessage(), e);
    }
  }

  private static String describe(ConfigValue v) {
    String source = v.getConfigSourceName();
    if (source == null) {
      return "configuration";
    }
    if (source.contains("EnvConfigSource")) {
      return "environment variable PLANTMESH_CONFIG";
    }
    if (source.contains("SysPropConfigSource")) {
      return "--config or -Dplantmesh.config";
    }
    return source;
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(ORDINAL);
  }
}
