package io.plantmesh.cluster.rules.internal;

import dev.cel.common.CelOptions;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The CEL environment of rules: the standard library and macros (all of them terminate: CEL has no
 * loops, recursion or user functions), heterogeneous numeric comparisons (so {@code tag(p) > 250}
 * works on a double), the quality constants, and limits that bound the cost of one evaluation.
 */
final class CelSetup {
  /** Longer expressions belong in several rules. */
  static final int MAX_EXPRESSION_LENGTH = 4096;

  /** Bounds comprehension macros ({@code exists}, {@code all}, {@code map}) per evaluation. */
  static final int MAX_COMPREHENSION_ITERATIONS = 1000;

  static final CelOptions OPTIONS =
      CelOptions.current()
          .enableHeterogeneousNumericComparisons(true)
          .maxExpressionCodePointSize(MAX_EXPRESSION_LENGTH)
          .comprehensionMaxIterations(MAX_COMPREHENSION_ITERATIONS)
          .build();

  static final CelCompiler BASE_COMPILER =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setOptions(OPTIONS)
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("GOOD", SimpleType.INT)
          .addVar("UNCERTAIN", SimpleType.INT)
          .addVar("BAD", SimpleType.INT)
          .build();

  /** The planner runtime: plans once per expression, evaluates without re-planning. */
  static final CelRuntime RUNTIME =
      CelRuntimeFactory.plannerRuntimeBuilder().setOptions(OPTIONS).build();

  /** Prefix of the variables that stand for {@code tag()/quality()/age()} calls. */
  static final String VARIABLE_PREFIX = "_pm_in";

  private CelSetup() {}
}
