package io.plantmesh.cluster.rules.internal;

import dev.cel.common.CelSource;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr.ExprKind.Kind;
import dev.cel.common.ast.CelMutableExpr;
import dev.cel.common.ast.CelMutableExpr.CelMutableCall;
import dev.cel.common.ast.CelMutableExpr.CelMutableComprehension;
import dev.cel.common.ast.CelMutableExpr.CelMutableIdent;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import io.plantmesh.cluster.rules.TagCatalog;
import io.plantmesh.cluster.rules.UnknownTagPolicy;
import io.plantmesh.core.TagPath;
import io.plantmesh.core.Value;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces each {@code tag("p")}, {@code quality("p")} and {@code age("p")} call of a parsed
 * expression by a variable typed from the catalogue, so that the CEL checker finds type errors per
 * tag. This is why paths must be literals: the engine learns each rule's inputs here, and the
 * checker learns their types.
 */
final class InputRewriter {
  private final TagCatalog catalog;
  private final UnknownTagPolicy policy;
  private final ProblemSink.Scoped problems;
  private final CelSource source;
  private final Map<String, InputSlot> byCall = new HashMap<>();
  private final List<InputSlot> slots = new ArrayList<>();
  private final Set<TagPath> warned = new HashSet<>();

  InputRewriter(
      TagCatalog catalog, UnknownTagPolicy policy, ProblemSink.Scoped problems, CelSource source) {
    this.catalog = catalog;
    this.policy = policy;
    this.problems = problems;
    this.source = source;
  }

  List<InputSlot> slots() {
    return List.copyOf(slots);
  }

  void rewrite(CelMutableExpr e) {
    switch (e.getKind()) {
      case IDENT -> {
        if (e.ident().name().startsWith(CelSetup.VARIABLE_PREFIX)) {
          problems.error("unknown identifier '" + e.ident().name() + "'" + at(e));
        }
      }
      case CALL -> rewriteCall(e);
      case SELECT -> rewrite(e.select().operand());
      case LIST -> e.list().elements().forEach(this::rewrite);
      case MAP ->
          e.map()
              .entries()
              .forEach(
                  en -> {
                    rewrite(en.key());
                    rewrite(en.value());
                  });
      case STRUCT -> e.struct().entries().forEach(en -> rewrite(en.value()));
      case COMPREHENSION -> {
        CelMutableComprehension c = e.comprehension();
        rewrite(c.iterRange());
        rewrite(c.accuInit());
        rewrite(c.loopCondition());
        rewrite(c.loopStep());
        rewrite(c.result());
      }
      default -> {}
    }
  }

  private void rewriteCall(CelMutableExpr e) {
    CelMutableCall call = e.call();
    InputKind kind = InputKind.ofFunction(call.function());
    if (kind == null) {
      if (call.function().equals("duration")) {
        checkDurationLiteral(e, call);
      }
      call.target().ifPresent(this::rewrite);
      call.args().forEach(this::rewrite);
      return;
    }
    String fn = kind.function();
    if (call.target().isPresent()) {
      problems.error(fn + "() is a function, not a method: write " + fn + "(\"path\")" + at(e));
      return;
    }
    if (call.args().size() != 1) {
      problems.error(
          fn + "() takes one argument, a tag path in quotes, not " + call.args().size() + at(e));
      return;
    }
    CelMutableExpr arg = call.args().get(0);
    if (arg.getKind() != Kind.CONSTANT
        || arg.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
      problems.error(
          "the path given to "
              + fn
              + "() must be a string literal, e.g. "
              + fn
              + "(\"plant/l1/oven/temp\"): the engine watches the tags a rule names"
              + at(e));
      return;
    }
    TagPath path;
    try {
      path = TagPath.of(arg.constant().stringValue());
    } catch (IllegalArgumentException ex) {
      problems.error(ex.getMessage() + at(e));
      return;
    }
    String callKey = kind + " " + path;
    InputSlot slot = byCall.get(callKey);
    if (slot == null) {
      CelType type = typeOf(kind, path, e);
      if (type == null) {
        return;
      }
      slot = new InputSlot(kind, path, CelSetup.VARIABLE_PREFIX + slots.size(), type);
      byCall.put(callKey, slot);
      slots.add(slot);
    }
    e.setIdent(CelMutableIdent.create(slot.variable()));
  }

  /** The variable's type, or null after reporting why the call is refused. */
  private CelType typeOf(InputKind kind, TagPath path, CelMutableExpr e) {
    TagCatalog.Entry entry = catalog.lookup(path).orElse(null);
    if (entry == null) {
      if (policy == UnknownTagPolicy.REFUSE) {
        problems.error("unknown tag '" + path + "'" + at(e));
        return null;
      }
      if (warned.add(path)) {
        problems.warning(
            "tag '" + path + "' is not known (yet); its values are type-checked at run time");
      }
    }
    return switch (kind) {
      case QUALITY -> SimpleType.INT;
      case AGE -> SimpleType.DURATION;
      case VALUE -> valueType(path, entry == null ? null : entry.type(), e);
    };
  }

  private CelType valueType(TagPath path, Value.Type type, CelMutableExpr e) {
    if (type == null || type == Value.Type.NULL) {
      return SimpleType.DYN;
    }
    if (type.isNumeric()) {
      return SimpleType.DOUBLE;
    }
    if (type == Value.Type.BOOLEAN) {
      return SimpleType.BOOL;
    }
    if (type == Value.Type.STRING) {
      return SimpleType.STRING;
    }
    problems.error(
        "tag '"
            + path
            + "' is of type "
            + type
            + "; tag() reads numeric, boolean and string tags"
            + at(e));
    return null;
  }

  /** {@code duration("1x")} would fail at every evaluation: refuse it at load. */
  private void checkDurationLiteral(CelMutableExpr e, CelMutableCall call) {
    if (call.target().isPresent() || call.args().size() != 1) {
      return;
    }
    CelMutableExpr arg = call.args().get(0);
    if (arg.getKind() != Kind.CONSTANT
        || arg.constant().getKind() != CelConstant.Kind.STRING_VALUE) {
      return;
    }
    String text = arg.constant().stringValue();
    try {
      Object d =
          CelSetup.RUNTIME
              .createProgram(
                  CelSetup.BASE_COMPILER.compile("duration(" + quote(text) + ")").getAst())
              .eval();
      if (!(d instanceof Duration)) {
        problems.error("duration(\"" + text + "\") is not a duration" + at(e));
      }
    } catch (Exception ex) {
      problems.error(
          "duration(\""
              + text
              + "\") is not a valid duration (CEL durations look like \"10s\", \"1.5m\", \"2h45m\")"
              + at(e));
    }
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private String at(CelMutableExpr e) {
    Integer offset = source.getPositionsMap().get(e.id());
    if (offset == null) {
      return "";
    }
    return source
        .getOffsetLocation(offset)
        .map(l -> " (at " + ExpressionCompiler.position(l.getLine(), l.getColumn()) + ")")
        .orElse("");
  }
}
