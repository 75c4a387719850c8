package io.plantmesh.opcua;

/**
 * The endpoint an {@link OpcUaSource} is connected to, as chosen from the server's endpoints.
 *
 * @param endpointUrl the endpoint URL connected to (the configured host and port)
 * @param securityPolicy the SecurityPolicy in use; null for a deprecated policy the configuration
 *     cannot name (then see {@code securityPolicyUri})
 * @param securityMode the MessageSecurityMode in use
 * @param securityPolicyUri the SecurityPolicy's URI
 * @param sessionId the Session's NodeId; it stays the same when a Session survives a lost
 *     connection
 */
public record ConnectionInfo(
    String endpointUrl,
    SecurityPolicyChoice securityPolicy,
    SecurityModeChoice securityMode,
    String securityPolicyUri,
    String sessionId) {}
