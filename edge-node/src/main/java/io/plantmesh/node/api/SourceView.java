package io.plantmesh.node.api;

/**
 * A source as {@code GET /api/sources} shows it.
 *
 * @param state new, connecting, connected, down or stopped
 * @param since when the source entered that state
 * @param lastError the last connection or subscription error, or null
 * @param owner with the mesh on: the node that owns the source (this one or another), null when
 *     nobody does; null without mesh
 * @param epoch with the mesh on: the ownership's fencing epoch; null without mesh
 */
public record SourceView(
    String id,
    String type,
    String endpoint,
    String state,
    String since,
    String lastError,
    int goodItems,
    int badItems,
    long readingsReceived,
    long reconnects,
    String owner,
    Long epoch) {}
