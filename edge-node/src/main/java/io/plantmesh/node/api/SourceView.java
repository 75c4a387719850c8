package io.plantmesh.node.api;

/**
 * A source as {@code GET /api/sources} shows it.
 *
 * @param state new, connecting, connected, down or stopped
 * @param since when the source entered that state
 * @param lastError the last connection or subscription error, or null
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
    long reconnects) {}
