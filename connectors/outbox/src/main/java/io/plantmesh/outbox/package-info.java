/**
 * The Outbox: a durable, bounded log on local disk that keeps upstream records (alarms, events,
 * summaries) until the forwarder has them acknowledged by Kafka. Entry point: {@link
 * io.plantmesh.outbox.Outbox}; the forwarder reads with {@link io.plantmesh.outbox.LiveTail} and
 * {@link io.plantmesh.outbox.Outbox#readBacklog}. Internals in {@code internal}.
 */
package io.plantmesh.outbox;
