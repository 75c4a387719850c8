package io.plantmesh.node.config;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.Expressions;
import io.smallrye.config.Priorities;
import jakarta.annotation.Priority;

/**
 * Takes the values under {@code plantmesh.rules} as written. A rule's alarm and event messages put
 * tag values into the text with {@code ${tag("plant/l1/oven/temp")}}, which the configuration would
 * otherwise try to expand as a property expression (and fail: there is no such property).
 * Registered through {@code META-INF/services}; runs before the expression interceptor.
 */
@Priority(Priorities.LIBRARY + 1000)
public final class RuleValuesVerbatim implements ConfigSourceInterceptor {
  private static final String RULES = "plantmesh.rules[";

  @Override
  public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
    if (name.startsWith(RULES)) {
      return Expressions.withoutExpansion(() -> context.proceed(name));
    }
    return context.proceed(name);
  }
}
