package io.plantmesh.cluster.rules.internal;

import io.plantmesh.cluster.rules.Outcome;
import io.plantmesh.core.TagPath;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A message with {@code ${expr}} placeholders, each a CEL expression compiled at load and rendered
 * when the action runs. An unknown value renders as {@code ?}, so an alarm is raised even when the
 * value it would quote is BAD; an evaluation error also renders as {@code ?} and is reported.
 */
public final class MessageTemplate {
  /** The text of a placeholder that could not be evaluated. */
  public static final String UNKNOWN = "?";

  private final String template;
  private final List<Object> parts; // String or CompiledExpression

  private MessageTemplate(String template, List<Object> parts) {
    this.template = template;
    this.parts = List.copyOf(parts);
  }

  /** A rendered message and the errors met on the way (empty when none). */
  public record Rendered(String text, List<String> errors) {}

  /** Compiles, or returns null after reporting every problem. */
  public static MessageTemplate compile(
      String template,
      ExpressionCompiler compiler,
      String description,
      EvalSettings settings,
      ProblemSink.Scoped problems) {
    if (template.isBlank()) {
      problems.error("is empty");
      return null;
    }
    List<Object> parts = new ArrayList<>();
    boolean failed = false;
    int i = 0;
    while (i < template.length()) {
      int start = template.indexOf("${", i);
      if (start < 0) {
        parts.add(template.substring(i));
        break;
      }
      if (start > i) {
        parts.add(template.substring(i, start));
      }
      int end = endOf(template, start + 2);
      if (end < 0) {
        problems.error("the placeholder at character " + (start + 1) + " is not closed with '}'");
        return null;
      }
      String expr = template.substring(start + 2, end);
      if (expr.isBlank()) {
        problems.error("the placeholder at character " + (start + 1) + " is empty");
        failed = true;
      } else {
        CompiledExpression e =
            compiler.compile(expr, ExpressionCompiler.Expect.ANY, description, settings, problems);
        if (e == null) {
          failed = true;
        } else {
          parts.add(e);
        }
      }
      i = end + 1;
    }
    return failed ? null : new MessageTemplate(template, parts);
  }

  /** The index of the '}' that closes a placeholder whose expression starts at {@code from}. */
  private static int endOf(String s, int from) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
    }
    return -1;
  }

  public String template() {
    return template;
  }

  /** The tags the placeholders read. */
  public Set<TagPath> inputs() {
    Set<TagPath> out = new LinkedHashSet<>();
    for (Object p : parts) {
      if (p instanceof CompiledExpression e) {
        out.addAll(e.inputs());
      }
    }
    return out;
  }

  public Rendered render(InputSource in) {
    StringBuilder sb = new StringBuilder();
    List<String> errors = new ArrayList<>();
    for (Object p : parts) {
      if (p instanceof CompiledExpression e) {
        ExprResult r = e.evaluate(in);
        if (r.hasValue()) {
          sb.append(ValueMapping.format(r.value()));
        } else {
          sb.append(UNKNOWN);
          if (r.outcome() == Outcome.ERROR) {
            errors.add("${" + e.source() + "}: " + r.detail());
          }
        }
      } else {
        sb.append((String) p);
      }
    }
    return new Rendered(sb.toString(), errors);
  }
}
