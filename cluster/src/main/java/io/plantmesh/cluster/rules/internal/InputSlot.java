package io.plantmesh.cluster.rules.internal;

import dev.cel.common.types.CelType;
import io.plantmesh.core.TagPath;

/**
 * One {@code tag()/quality()/age()} call of an expression, replaced by a variable before type
 * checking so that each path can have its own type.
 *
 * @param kind which function
 * @param path the literal path
 * @param variable the CEL variable that stands for the call
 * @param type the variable's CEL type (for VALUE, from the catalogue; dyn when unknown)
 */
public record InputSlot(InputKind kind, TagPath path, String variable, CelType type) {}
