/**
 * The Outbox: a durable, bounded log on local disk that keeps upstream records until acknowledged.
 */
package io.plantmesh.outbox;
