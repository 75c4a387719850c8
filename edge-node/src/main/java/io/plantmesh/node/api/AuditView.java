package io.plantmesh.node.api;

import io.plantmesh.cluster.WriteAuditRecord;

/**
 * One write attempt as {@code GET /api/audit} shows it.
 *
 * @param requestedBy who asked: {@code rest@<node>} or {@code rule:<name>}
 * @param routedBy the node that routed it
 * @param result the device's status name ({@code Good}, {@code Bad_OutOfRange}...) or the refusal
 *     ({@code INTERLOCK}, {@code EXPIRED}, {@code NO_QUORUM}...)
 * @param written whether the device applied the value
 * @param status the device's answer; null when the write was refused before it
 * @param refusal why it was refused; null when the device answered
 * @param message the refusal's message (an interlock's names its condition and inputs); "" when the
 *     device answered
 */
public record AuditView(
    String at,
    String requestedBy,
    String routedBy,
    String commandId,
    String sourceId,
    String path,
    Object value,
    String valueType,
    String result,
    boolean written,
    TagView.QualityView status,
    String refusal,
    String message) {

  static AuditView of(WriteAuditRecord r) {
    return new AuditView(
        r.at().toString(),
        r.requestedBy(),
        r.routedBy(),
        r.commandId().toString(),
        r.sourceId(),
        r.path().toString(),
        r.value().toJava(),
        r.value().type().name(),
        r.result(),
        r.written(),
        r.status() == null ? null : TagView.QualityView.of(r.status()),
        r.refusal() == null ? null : r.refusal().name(),
        r.message());
  }
}
