package io.plantmesh.opcua;

import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.internal.Durations;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Everything an {@link OpcUaSource} needs. Immutable; validated on construction, with messages that
 * name the key as the edge node's YAML spells it ({@code sources[<id>].request-timeout: …}). Null
 * arguments take their defaults (see {@link #builder(String, String)}).
 *
 * @param id the source id, unique in the node; used in messages, metrics and the client's
 *     ApplicationUri
 * @param endpointUrl {@code opc.tcp://host:port/path}
 * @param securityPolicy the SecurityPolicy; default BEST_AVAILABLE
 * @param securityMode the MessageSecurityMode; default BEST_AVAILABLE
 * @param identity the user identity; default anonymous
 * @param pki where certificates are kept; default {@code ./pki}
 * @param pathPrefix the prefix for derived tag paths; null for none
 * @param collection the defaults for every tag
 * @param tags explicitly configured tags
 * @param browse folders whose variables are collected
 * @param reconnect the retry backoff; default 1s doubling to 30s
 * @param requestTimeout the timeout of each service call; default 10s
 * @param sessionTimeout the Session timeout requested from the server; default 60s
 */
public record OpcUaSourceConfig(
    String id,
    String endpointUrl,
    SecurityPolicyChoice securityPolicy,
    SecurityModeChoice securityMode,
    Identity identity,
    PkiConfig pki,
    TagPath pathPrefix,
    CollectionSettings collection,
    List<TagConfig> tags,
    List<BrowseConfig> browse,
    ReconnectPolicy reconnect,
    Duration requestTimeout,
    Duration sessionTimeout) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(60);

  /**
   * The longest request and session timeout: they go to the server as UInt32 milliseconds, and a
   * longer one only hides a dead server.
   */
  public static final Duration MAX_TIMEOUT = Duration.ofHours(1);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");

  public OpcUaSourceConfig {
    if (id == null || id.isBlank()) {
      throw new OpcUaConfigException("sources[?].id", "is required");
    }
    String at = "sources[" + id + "]";
    if (!ID.matcher(id).matches()) {
      throw new OpcUaConfigException(
          at + ".id",
          "must start with a letter or digit and contain only letters, digits, '_', '.' and '-'"
              + " (at most 64), was '"
              + id
              + "'");
    }
    endpointUrl = checkEndpointUrl(at, endpointUrl);
    securityPolicy = securityPolicy == null ? SecurityPolicyChoice.BEST_AVAILABLE : securityPolicy;
    securityMode = securityMode == null ? SecurityModeChoice.BEST_AVAILABLE : securityMode;
    checkSecurity(at, securityPolicy, securityMode);
    identity = identity == null ? Identity.anonymous() : identity;
    pki = pki == null ? PkiConfig.DEFAULTS : pki;
    collection = collection == null ? CollectionSettings.DEFAULTS : collection;
    tags = tags == null ? List.of() : List.copyOf(tags);
    browse = browse == null ? List.of() : List.copyOf(browse);
    if (tags.isEmpty() && browse.isEmpty()) {
      throw new OpcUaConfigException(at, "configure at least one entry under tags or browse");
    }
    checkExplicitPaths(at, tags);
    reconnect = reconnect == null ? ReconnectPolicy.DEFAULTS : reconnect;
    requestTimeout =
        positive(at + ".request-timeout", requestTimeout, DEFAULT_REQUEST_TIMEOUT, MAX_TIMEOUT);
    sessionTimeout =
        positive(at + ".session-timeout", sessionTimeout, DEFAULT_SESSION_TIMEOUT, MAX_TIMEOUT);
  }

  /** A builder with every default, for tests and embedded configurations. */
  public static Builder builder(String id, String endpointUrl) {
    return new Builder(id, endpointUrl);
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder(id, endpointUrl);
    b.securityPolicy = securityPolicy;
    b.securityMode = securityMode;
    b.identity = identity;
    b.pki = pki;
    b.pathPrefix = pathPrefix;
    b.collection = collection;
    b.tags.addAll(tags);
    b.browse.addAll(browse);
    b.reconnect = reconnect;
    b.requestTimeout = requestTimeout;
    b.sessionTimeout = sessionTimeout;
    return b;
  }

  /** The key prefix for messages about this source: {@code sources[<id>]}. */
  public String key() {
    return "sources[" + id + "]";
  }

  private static String checkEndpointUrl(String at, String url) {
    String key = at + ".endpoint-url";
    if (url == null || url.isBlank()) {
      throw new OpcUaConfigException(key, "is required, e.g. opc.tcp://10.0.0.5:4840/plc");
    }
    url = url.strip();
    int start = url.indexOf("://") + 3;
    int slash = url.indexOf('/', Math.max(start, 3));
    String authority = url.substring(Math.max(start, 3), slash < 0 ? url.length() : slash);
    if (authority.contains("@")) {
      // Never echo it: it may hold a password, and this message is logged and shown over REST.
      throw new OpcUaConfigException(
          key,
          "must not contain a user name or password (user@ or user:password@ before the host);"
              + " configure them under identity, with the password as a secret reference");
    }
    String hint = "must be an opc.tcp:// URL such as opc.tcp://host:4840/path, was '" + url + "'";
    if (!url.toLowerCase(Locale.ROOT).startsWith("opc.tcp://")) {
      throw new OpcUaConfigException(key, hint);
    }
    try {
      URI uri = new URI(url);
      if (uri.getHost() == null || uri.getHost().isEmpty()) {
        throw new OpcUaConfigException(key, hint + " (no host)");
      }
      if (uri.getPort() > 65535) {
        throw new OpcUaConfigException(key, hint + " (port out of range)");
      }
    } catch (URISyntaxException e) {
      throw new OpcUaConfigException(key, hint + " (" + e.getReason() + ")");
    }
    return url;
  }

  private static void checkSecurity(
      String at, SecurityPolicyChoice policy, SecurityModeChoice mode) {
    if (policy == SecurityPolicyChoice.NONE
        && mode != SecurityModeChoice.NONE
        && mode != SecurityModeChoice.BEST_AVAILABLE) {
      throw new OpcUaConfigException(
          at + ".security.mode",
          "must be none with security policy none, was " + kebab(mode.name()));
    }
    if (mode == SecurityModeChoice.NONE
        && policy != SecurityPolicyChoice.NONE
        && policy != SecurityPolicyChoice.BEST_AVAILABLE) {
      throw new OpcUaConfigException(
          at + ".security.policy",
          "must be none with security mode none, was " + kebab(policy.name()));
    }
  }

  private static void checkExplicitPaths(String at, List<TagConfig> tags) {
    Map<TagPath, Integer> seen = new HashMap<>();
    for (int i = 0; i < tags.size(); i++) {
      TagConfig t = tags.get(i);
      if (t == null) {
        throw new OpcUaConfigException(at + ".tags[" + i + "]", "must not be empty");
      }
      if (t.path() != null) {
        Integer before = seen.putIfAbsent(t.path(), i);
        if (before != null) {
          throw new OpcUaConfigException(
              at + ".tags[" + i + "].path",
              "'" + t.path() + "' is already used by tags[" + before + "]");
        }
      }
    }
  }

  private static Duration positive(String key, Duration d, Duration dflt, Duration max) {
    if (d == null) {
      return dflt;
    }
    if (d.isNegative() || d.isZero()) {
      throw new OpcUaConfigException(key, "must be > 0, was " + Durations.format(d));
    }
    if (d.compareTo(max) > 0) {
      throw new OpcUaConfigException(
          key, "must be at most " + Durations.format(max) + ", was " + Durations.format(d));
    }
    return d;
  }

  private static String kebab(String enumName) {
    return enumName.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Builds an {@link OpcUaSourceConfig}; unset values keep their defaults. */
  public static final class Builder {
    private final String id;
    private final String endpointUrl;
    private SecurityPolicyChoice securityPolicy = SecurityPolicyChoice.BEST_AVAILABLE;
    private SecurityModeChoice securityMode = SecurityModeChoice.BEST_AVAILABLE;
    private Identity identity = Identity.anonymous();
    private PkiConfig pki = PkiConfig.DEFAULTS;
    private TagPath pathPrefix;
    private CollectionSettings collection = CollectionSettings.DEFAULTS;
    private final List<TagConfig> tags = new ArrayList<>();
    private final List<BrowseConfig> browse = new ArrayList<>();
    private ReconnectPolicy reconnect = ReconnectPolicy.DEFAULTS;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Duration sessionTimeout = DEFAULT_SESSION_TIMEOUT;

    private Builder(String id, String endpointUrl) {
      this.id = id;
      this.endpointUrl = endpointUrl;
    }

    public Builder security(SecurityPolicyChoice policy, SecurityModeChoice mode) {
      this.securityPolicy = policy;
      this.securityMode = mode;
      return this;
    }

    /** No security: SecurityPolicy None, MessageSecurityMode None. */
    public Builder noSecurity() {
      return security(SecurityPolicyChoice.NONE, SecurityModeChoice.NONE);
    }

    public Builder identity(Identity identity) {
      this.identity = identity;
      return this;
    }

    public Builder pki(PkiConfig pki) {
      this.pki = pki;
      return this;
    }

    public Builder pathPrefix(String prefix) {
      this.pathPrefix = prefix == null ? null : TagPath.of(prefix);
      return this;
    }

    public Builder collection(CollectionSettings collection) {
      this.collection = collection;
      return this;
    }

    public Builder tag(TagConfig tag) {
      this.tags.add(tag);
      return this;
    }

    public Builder tags(List<TagConfig> more) {
      this.tags.addAll(more);
      return this;
    }

    public Builder browse(BrowseConfig b) {
      this.browse.add(b);
      return this;
    }

    public Builder reconnect(ReconnectPolicy reconnect) {
      this.reconnect = reconnect;
      return this;
    }

    public Builder reconnect(Duration initialDelay, Duration maxDelay) {
      return reconnect(new ReconnectPolicy(initialDelay, maxDelay));
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder sessionTimeout(Duration timeout) {
      this.sessionTimeout = timeout;
      return this;
    }

    public OpcUaSourceConfig build() {
      return new OpcUaSourceConfig(
          id,
          endpointUrl,
          securityPolicy,
          securityMode,
          identity,
          pki,
          pathPrefix,
          collection,
          tags,
          browse,
          reconnect,
          requestTimeout,
          sessionTimeout);
    }
  }
}
