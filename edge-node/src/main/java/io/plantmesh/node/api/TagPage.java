package io.plantmesh.node.api;

import java.util.List;

/**
 * One page of {@code GET /api/tags}.
 *
 * @param total tags matching the prefix, over all pages
 * @param offset the first tag's index in the sorted listing
 * @param limit the most tags a page holds
 * @param tags the page, sorted by path
 */
public record TagPage(int total, int offset, int limit, List<TagView> tags) {}
