package io.plantmesh.cluster.rules.internal;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelMutableAst;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.ast.CelMutableExpr;
import dev.cel.common.ast.CelMutableExpr.CelMutableCall;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.runtime.CelEvaluationException;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.plantmesh.core.Value;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Parses, rewrites ({@link InputRewriter}), type-checks and plans one CEL expression of a rule.
 * Reports every problem to the sink and returns null when there was one.
 */
public final class ExpressionCompiler {
  /** What an expression must yield. */
  public enum Expect {
    /** A condition or interlock. */
    BOOL,
    /** Anything (a message placeholder). */
    ANY
  }

  private static final Set<String> COMPARISONS = Set.of("_>_", "_>=_", "_<_", "_<=_");
  private static final Pattern BARE_WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> KNOWN_WORDS =
      Set.of("true", "false", "null", "GOOD", "UNCERTAIN", "BAD");

  private final TagCatalog catalog;
  private final UnknownTagPolicy policy;

  public ExpressionCompiler(TagCatalog catalog, UnknownTagPolicy policy) {
    this.catalog = catalog;
    this.policy = policy;
  }

  /** A condition, clear condition or interlock. */
  public CompiledExpression compile(
      String source,
      Expect expect,
      String description,
      EvalSettings settings,
      ProblemSink.Scoped problems) {
    Parsed p = parse(source, description, problems);
    if (p == null) {
      return null;
    }
    return check(p, expect, source, settings, problems);
  }

  /**
   * A write value: a number, bool or string that fits the target's type (any of them when the type
   * is not known).
   */
  public CompiledExpression compileWriteValue(
      String source,
      Value.Type target,
      String description,
      EvalSettings settings,
      ProblemSink.Scoped problems) {
    String word = source.strip();
    if (BARE_WORD.matcher(word).matches() && !KNOWN_WORDS.contains(word)) {
      problems.error(
          "'"
              + word
              + "' is not an expression; a string value needs quotes inside the YAML value, e.g."
              + " value: '\""
              + word
              + "\"'");
      return null;
    }
    CompiledExpression e = compile(source, Expect.ANY, description, settings, problems);
    if (e == null) {
      return null;
    }
    CelKind k = e.resultKind();
    boolean numeric = k == CelKind.INT || k == CelKind.UINT || k == CelKind.DOUBLE;
    boolean ok;
    if (k == CelKind.DYN) {
      ok = true;
    } else if (target == null || target == Value.Type.NULL) {
      ok = numeric || k == CelKind.BOOL || k == CelKind.STRING;
    } else if (target.isNumeric()) {
      ok = numeric;
    } else if (target == Value.Type.BOOLEAN) {
      ok = k == CelKind.BOOL;
    } else {
      ok = target == Value.Type.STRING && k == CelKind.STRING;
    }
    if (!ok) {
      problems.error(
          "the value is of type "
              + k.name().toLowerCase(java.util.Locale.ROOT)
              + (target == null
                  ? "; a write needs a number, bool or string"
                  : ", which does not fit the tag's type " + target));
      return null;
    }
    return e;
  }

  /**
   * The clear condition of a deadband: the condition must be one comparison {@code a OP b}; for
   * {@code >}/{@code >=} the rule clears when {@code double(a) < double(b) - width}, for {@code
   * <}/{@code <=} when {@code double(a) > double(b) + width}.
   */
  public CompiledExpression compileDeadband(
      String condition,
      double width,
      String description,
      EvalSettings settings,
      ProblemSink.Scoped problems) {
    Parsed p = parse(condition, description, problems);
    if (p == null) {
      return null;
    }
    CelMutableExpr root = p.ast.expr();
    if (root.getKind() != Kind.CALL
        || !COMPARISONS.contains(root.call().function())
        || root.call().args().size() != 2) {
      problems.error(
          "a deadband needs a condition that is one comparison (a > b, a >= b, a < b or a <= b);"
              + " use clear: with a condition for anything else");
      return null;
    }
    AtomicLong ids = new AtomicLong(maxId(root));
    String op = root.call().function();
    boolean above = op.startsWith("_>");
    CelMutableExpr a = toDouble(ids, root.call().args().get(0));
    CelMutableExpr b = toDouble(ids, root.call().args().get(1));
    CelMutableExpr limit =
        CelMutableExpr.ofCall(
            ids.incrementAndGet(),
            CelMutableCall.create(
                above ? "_-_" : "_+_",
                b,
                CelMutableExpr.ofConstant(ids.incrementAndGet(), CelConstant.ofValue(width))));
    root.setCall(CelMutableCall.create(above ? "_<_" : "_>_", a, limit));
    return check(p, Expect.BOOL, condition, settings, problems);
  }

  private record Parsed(CelMutableAst ast, List<InputSlot> slots, String description) {}

  private Parsed parse(String source, String description, ProblemSink.Scoped problems) {
    if (source.isBlank()) {
      problems.error("is empty");
      return null;
    }
    CelValidationResult parsed = CelSetup.BASE_COMPILER.parse(source, description);
    if (parsed.hasError()) {
      reportIssues("syntax error", parsed.getErrors(), problems);
      return null;
    }
    CelAbstractSyntaxTree ast;
    try {
      ast = parsed.getAst();
    } catch (CelValidationException e) {
      problems.error("syntax error: " + e.getMessage());
      return null;
    }
    CelMutableAst mutable = CelMutableAst.fromCelAst(ast);
    InputRewriter rewriter = new InputRewriter(catalog, policy, problems, ast.getSource());
    int before = problems.sink().problems().size();
    rewriter.rewrite(mutable.expr());
    boolean failed = problems.sink().problems().stream().skip(before).anyMatch(pr -> pr.isError());
    return failed ? null : new Parsed(mutable, rewriter.slots(), description);
  }

  private CompiledExpression check(
      Parsed p, Expect expect, String source, EvalSettings settings, ProblemSink.Scoped problems) {
    CelCompilerBuilder b = CelSetup.BASE_COMPILER.toCompilerBuilder();
    for (InputSlot s : p.slots) {
      b.addVar(s.variable(), s.type());
    }
    if (expect == Expect.BOOL) {
      b.setResultType(SimpleType.BOOL);
    }
    CelCompiler checker = b.build();
    CelValidationResult checked = checker.check(p.ast.toParsedAst(true));
    if (checked.hasError()) {
      reportIssues("type error", checked.getErrors(), problems);
      return null;
    }
    try {
      CelAbstractSyntaxTree ast = checked.getAst();
      return new CompiledExpression(
          source,
          CelSetup.RUNTIME.createProgram(ast),
          p.slots,
          settings,
          ast.getResultType().kind());
    } catch (CelValidationException | CelEvaluationException e) {
      problems.error("cannot be planned: " + e.getMessage());
      return null;
    }
  }

  private static void reportIssues(
      String what, List<CelIssue> issues, ProblemSink.Scoped problems) {
    for (CelIssue i : issues) {
      String msg = i.getMessage().replace(CelSetup.VARIABLE_PREFIX, "input ");
      problems.error(
          what
              + ": "
              + msg
              + hint(msg)
              + " (at "
              + position(i.getSourceLocation().getLine(), i.getSourceLocation().getColumn())
              + ")");
    }
  }

  private static String hint(String msg) {
    if (msg.contains("(double, int)") || msg.contains("(int, double)")) {
      return " (tag() gives numbers as double: write 250.0, not 250)";
    }
    if (msg.contains("expected type 'bool'")) {
      return " (a condition must be true or false)";
    }
    if (msg.startsWith("undeclared reference to")) {
      return " (rules know tag(), quality(), age(), GOOD, UNCERTAIN, BAD and CEL's standard"
          + " functions)";
    }
    return "";
  }

  /** "column 5" on a one-line expression, "line 2, column 5" otherwise; columns count from 1. */
  static String position(int line, int column) {
    if (line <= 0) {
      return "an unknown position";
    }
    return (line == 1 ? "" : "line " + line + ", ") + "column " + (column + 1);
  }

  private static CelMutableExpr toDouble(AtomicLong ids, CelMutableExpr e) {
    return CelMutableExpr.ofCall(ids.incrementAndGet(), CelMutableCall.create("double", e));
  }

  private static long maxId(CelMutableExpr e) {
    long max = e.id();
    if (e.getKind() == Kind.CALL) {
      CelMutableCall c = e.call();
      if (c.target().isPresent()) {
        max = Math.max(max, maxId(c.target().get()));
      }
      for (CelMutableExpr a : c.args()) {
        max = Math.max(max, maxId(a));
      }
    } else if (e.getKind() == Kind.SELECT) {
      max = Math.max(max, maxId(e.select().operand()));
    } else if (e.getKind() == Kind.LIST) {
      for (CelMutableExpr a : e.list().elements()) {
        max = Math.max(max, maxId(a));
      }
    } else if (e.getKind() == Kind.MAP) {
      for (var en : e.map().entries()) {
        max = Math.max(max, Math.max(en.id(), Math.max(maxId(en.key()), maxId(en.value()))));
      }
    } else if (e.getKind() == Kind.STRUCT) {
      for (var en : e.struct().entries()) {
        max = Math.max(max, Math.max(en.id(), maxId(en.value())));
      }
    } else if (e.getKind() == Kind.COMPREHENSION) {
      var c = e.comprehension();
      for (CelMutableExpr a :
          List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result())) {
        max = Math.max(max, maxId(a));
      }
    }
    return max;
  }
}
