package io.plantmesh.node.config;

import io.plantmesh.core.Secret;
import io.plantmesh.core.TagPath;
import io.plantmesh.opcua.BrowseConfig;
import io.plantmesh.opcua.CollectionSettings;
import io.plantmesh.opcua.Deadband;
import io.plantmesh.opcua.Identity;
import io.plantmesh.opcua.OpcUaConfigException;
import io.plantmesh.opcua.OpcUaSourceConfig;
import io.plantmesh.opcua.PkiConfig;
import io.plantmesh.opcua.ReconnectPolicy;
import io.plantmesh.opcua.TagConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one place where YAML sections become the OPC UA source's records. The records check their own
 * values and name keys relative to themselves; this class puts the full key ({@code
 * plantmesh.sources[0].tags[2].node-id}) in front.
 */
final class SourceConfigMapper {
  private final Map<String, String> env;

  SourceConfigMapper(Map<String, String> env) {
    this.env = env;
  }

  /** Maps one source; on failure adds the problem to {@code errors} and returns empty. */
  Optional<OpcUaSourceConfig> map(String key, SourceSection s, List<String> errors) {
    int before = errors.size();
    Identity identity = identity(key + ".identity", s.identity(), errors);
    TagPath prefix = tagPath(key + ".path-prefix", s.pathPrefix(), errors);
    CollectionSettings collection =
        attempt(key + ".collection", () -> collection(s.collection()), errors);
    List<TagConfig> tags = new ArrayList<>();
    for (int i = 0; i < s.tags().size(); i++) {
      SourceSection.Tag t = s.tags().get(i);
      String k = key + ".tags[" + i + "]";
      TagPath path = tagPath(k + ".path", t.path(), errors);
      if (collection == null) {
        continue;
      }
      CollectionSettings c =
          attempt(k + ".collection", () -> override(collection, t.collection()), errors);
      TagConfig tag =
          attempt(
              k,
              () -> new TagConfig(t.nodeId().orElse(null), t.browsePath().orElse(null), path, c),
              errors);
      if (tag != null) {
        tags.add(tag);
      }
    }
    List<BrowseConfig> browse = new ArrayList<>();
    for (int i = 0; i < s.browse().size(); i++) {
      SourceSection.Browse b = s.browse().get(i);
      String k = key + ".browse[" + i + "]";
      TagPath bp = tagPath(k + ".path-prefix", b.pathPrefix(), errors);
      if (collection == null) {
        continue;
      }
      CollectionSettings c =
          attempt(k + ".collection", () -> override(collection, b.collection()), errors);
      BrowseConfig entry =
          attempt(
              k,
              () ->
                  new BrowseConfig(
                      b.root(),
                      b.maxDepth(),
                      b.include(),
                      b.exclude().orElse(List.of()),
                      b.maxTags(),
                      bp,
                      c),
              errors);
      if (entry != null) {
        browse.add(entry);
      }
    }
    PkiConfig pki =
        attempt(
            key + ".pki",
            () ->
                new PkiConfig(
                    s.pki().dir().orElse(Path.of("pki", s.id())),
                    s.pki().autoAcceptUntrusted(),
                    s.pki().applicationUri().orElse(null),
                    s.pki().hostnames().orElse(List.of())),
            errors);
    ReconnectPolicy reconnect =
        attempt(
            key + ".reconnect",
            () -> new ReconnectPolicy(s.reconnect().initialDelay(), s.reconnect().maxDelay()),
            errors);
    if (errors.size() > before) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        attempt(
            key,
            () ->
                new OpcUaSourceConfig(
                    s.id(),
                    s.endpointUrl(),
                    s.security().policy(),
                    s.security().mode(),
                    identity,
                    pki,
                    prefix != null ? prefix : defaultPrefix(s.id()),
                    collection,
                    tags,
                    browse,
                    reconnect,
                    s.requestTimeout(),
                    s.sessionTimeout()),
            errors));
  }

  private static TagPath defaultPrefix(String id) {
    return TagPath.isValidSegment(id) ? TagPath.of(id) : null;
  }

  static CollectionSettings collection(CollectionSection c) {
    return new CollectionSettings(
        c.mode(),
        c.samplingInterval(),
        c.publishingInterval(),
        c.queueSize(),
        c.discardOldest(),
        deadband(c.deadband()),
        c.pollInterval());
  }

  private static Deadband deadband(CollectionSection.Deadband d) {
    return OpcUaConfigException.within("deadband", () -> new Deadband(d.type(), d.value()));
  }

  private static CollectionSettings override(
      CollectionSettings base, Optional<CollectionSection.Override> override) {
    if (override.isEmpty()) {
      return base;
    }
    CollectionSection.Override o = override.get();
    return new CollectionSettings(
        o.mode().orElse(base.mode()),
        o.samplingInterval().orElse(base.samplingInterval()),
        o.publishingInterval().orElse(base.publishingInterval()),
        o.queueSize().orElse(base.queueSize()),
        o.discardOldest().orElse(base.discardOldest()),
        o.deadband().map(SourceConfigMapper::deadband).orElse(base.deadband()),
        o.pollInterval().orElse(base.pollInterval()));
  }

  private Identity identity(String key, SourceSection.Identity id, List<String> errors) {
    switch (id.type()) {
      case ANONYMOUS -> {
        for (var extra :
            List.of(
                Map.entry("username", id.username().isPresent()),
                Map.entry("password", id.password().isPresent()),
                Map.entry("certificate", id.certificate().isPresent()),
                Map.entry("private-key", id.privateKey().isPresent()),
                Map.entry("allow-plaintext-password", id.allowPlaintextPassword()))) {
          if (extra.getValue()) {
            errors.add(
                key
                    + "."
                    + extra.getKey()
                    + ": is set but identity.type is anonymous; set type to username or x509,"
                    + " or remove it");
          }
        }
        return Identity.anonymous();
      }
      case USERNAME -> {
        if (id.username().isEmpty() || id.username().get().isBlank()) {
          errors.add(key + ".username: is required when identity.type is username");
        }
        Secret password = secret(key + ".password", id.password(), true, errors);
        if (id.username().isEmpty() || password == null) {
          return null;
        }
        return attempt(
            key,
            () ->
                new Identity.UserPassword(
                    id.username().get(), password, id.allowPlaintextPassword()),
            errors);
      }
      case X509 -> {
        Path cert = readableFile(key + ".certificate", id.certificate(), errors);
        Path keyFile = readableFile(key + ".private-key", id.privateKey(), errors);
        Secret keyPassword = secret(key + ".key-password", id.keyPassword(), false, errors);
        if (cert == null || keyFile == null) {
          return null;
        }
        return attempt(key, () -> new Identity.X509(cert, keyFile, keyPassword), errors);
      }
      default -> throw new IllegalStateException("unhandled identity type " + id.type());
    }
  }

  private Secret secret(String key, Optional<String> ref, boolean required, List<String> errors) {
    if (ref.isEmpty()) {
      if (required) {
        errors.add(key + ": is required (env:NAME or file:/path; inline text is refused)");
      }
      return null;
    }
    try {
      return Secret.resolve(key, ref.get(), env);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
      return null;
    }
  }

  private static Path readableFile(String key, Optional<Path> file, List<String> errors) {
    if (file.isEmpty()) {
      errors.add(key + ": is required when identity.type is x509");
      return null;
    }
    Path p = file.get();
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      errors.add(key + ": '" + p + "' is not a readable file");
      return null;
    }
    return p;
  }

  private static TagPath tagPath(String key, Optional<String> text, List<String> errors) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return TagPath.of(text.get());
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
      return null;
    }
  }

  /** Builds a record, turning its complaint into an error under {@code key}. */
  private static <T> T attempt(
      String key, java.util.function.Supplier<T> build, List<String> errors) {
    try {
      return build.get();
    } catch (OpcUaConfigException e) {
      errors.add(ConfigValidator.describe(key, e));
      return null;
    } catch (IllegalArgumentException e) {
      errors.add(key + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * The record's key relative to {@code key}. {@link OpcUaSourceConfig} names itself {@code
   * sources[<id>]}; that part is replaced by the YAML position.
   */
  static String fullKey(String key, String relative) {
    if (relative.isEmpty()) {
      return key;
    }
    if (relative.startsWith("sources[")) {
      int end = relative.indexOf(']');
      String rest = relative.substring(end + 1);
      // key is plantmesh.sources[i]; rest is .endpoint-url etc.
      return key + rest;
    }
    return relative.startsWith("[") ? key + relative : key + "." + relative;
  }
}
