package io.plantmesh.node.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.source.yaml.YamlConfigSource;
import java.time.Duration;

/**
 * Maps YAML text onto {@link PlantmeshConfig} the way the running node does (same mapping, same
 * duration syntax, same expression handling), without starting Quarkus: fast enough to check every
 * rule in isolation.
 */
final class ConfigFixtures {
  private ConfigFixtures() {}

  static PlantmeshConfig load(String yaml) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            // As in the node: expressions expanded, except in the rules.
            .addDefaultInterceptors()
            .withInterceptors(new RuleValuesVerbatim())
            .withMapping(PlantmeshConfig.class)
            .withConverter(Duration.class, 200, new DurationConverter())
            .withSources(new YamlConfigSource("test.yaml", yaml, 270))
            .build();
    return config.getConfigMapping(PlantmeshConfig.class);
  }
}
