/** Upstream to the MES: windowed summaries of readings, forwarded to Kafka through the Outbox. */
package io.plantmesh.kafka;
