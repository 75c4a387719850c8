package io.plantmesh.node.api;

/**
 * The node as {@code GET /api/node} shows it.
 *
 * @param mode {@code embedded-default} (no sources configured; a PLC simulator runs in-process) or
 *     {@code configured}
 */
public record NodeView(
    String name,
    String site,
    String area,
    String mode,
    int sources,
    int tags,
    boolean writesEnabled,
    String readinessPolicy) {}
