/**
 * The {@code falco-grpc} event source (legacy: Falco 0.44 removed gRPC output): a client of Falco's
 * {@code falco.outputs.service/sub} stream with mTLS and reconnect.
 */
package io.tfdrift.falco.grpc;
