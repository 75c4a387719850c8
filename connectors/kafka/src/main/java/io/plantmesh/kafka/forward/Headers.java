package io.plantmesh.kafka.forward;

/**
 * The Kafka headers of every record plantmesh sends: the consumer's contract (see the module
 * README, "The contract with MES"). Values are UTF-8 text.
 */
public final class Headers {
  /** The record's stable id (also in the body): deduplicate on it. */
  public static final String ID = "plantmesh-id";

  /** {@code true} when the record was stored during an outage and is sent from the backlog. */
  public static final String REPLAYED = "plantmesh-replayed";

  /** The node that produced the record (collected the tag, raised the alarm). */
  public static final String NODE = "plantmesh-node";

  /** The peer that sent it to Kafka, when the producing node's own uplink was down. */
  public static final String VIA = "plantmesh-via";

  /** What the body is: {@code summary}, {@code alarm} or {@code event}. */
  public static final String KIND = "plantmesh-kind";

  /** The body's JSON Schema id. */
  public static final String SCHEMA = "plantmesh-schema";

  private Headers() {}
}
