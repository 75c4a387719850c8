package io.plantmesh.node.config;

import io.plantmesh.opcua.SecurityModeChoice;
import io.plantmesh.opcua.SecurityPolicyChoice;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** One entry of {@code plantmesh.sources}: a device (an OPC UA server) the node collects from. */
public interface SourceSection {

  /** The source's id, unique within the node: lower-case letters, digits and {@code -}. */
  String id();

  /** The kind of source; {@code opcua} is the only one. */
  @WithDefault("opcua")
  String type();

  /**
   * With the mesh on: which nodes may collect this source. {@code any} (rendezvous hashing over the
   * nodes that list this source spreads sources evenly), or node names, first preferred: the first
   * live one collects, and the source moves back when a preferred node returns. Every node that
   * lists the source must give it the same placement.
   */
  @WithDefault("any")
  List<String> placement();

  /**
   * With the mesh on: {@code cold} (a survivor connects when the owner dies) or {@code hot} (the
   * owner's successor stays connected, holding back its readings, and takes over at once; costs a
   * second Session on the PLC). Every node that lists the source must give the same value.
   */
  @WithDefault("cold")
  StandbyMode standby();

  /** The server's endpoint URL, e.g. {@code opc.tcp://10.0.0.5:4840/plc}. */
  String endpointUrl();

  /** The SecureChannel's security policy and mode. */
  Security security();

  /** The Session's user identity. */
  Identity identity();

  /** Where the client keeps its application certificate and trusted server certificates. */
  Pki pki();

  /**
   * The tag path prefix for tags found by browsing, e.g. {@code plant1/line1}; default: the
   * source's id.
   */
  Optional<String> pathPrefix();

  /** How values are collected, unless a tag or browse entry says otherwise. */
  CollectionSection collection();

  /** Tags named one by one, by NodeId or by BrowsePath. */
  List<Tag> tags();

  /** Parts of the server's address space to browse for Variables to collect. */
  List<Browse> browse();

  /** How lost Sessions are re-established. */
  Reconnect reconnect();

  /** Timeout of each OPC UA request. */
  @WithDefault("10s")
  Duration requestTimeout();

  /** The Session timeout requested from the server. */
  @WithDefault("60s")
  Duration sessionTimeout();

  /** Security of the SecureChannel. */
  interface Security {
    /** The security policy; {@code none} requires mode {@code none}. */
    @WithDefault("best-available")
    SecurityPolicyChoice policy();

    /** The message security mode. */
    @WithDefault("best-available")
    SecurityModeChoice mode();
  }

  /** The Session's user identity. */
  interface Identity {
    /** anonymous, username or x509. */
    @WithDefault("anonymous")
    IdentityType type();

    /** The user name; required for type username. */
    Optional<String> username();

    /** The password as a secret reference ({@code env:NAME} or {@code file:/path}). */
    Optional<String> password();

    /** The user certificate (PEM or DER); required for type x509. */
    Optional<Path> certificate();

    /** The user certificate's private key (PEM); required for type x509. */
    Optional<Path> privateKey();

    /** The private key's password, as a secret reference, if the key is encrypted. */
    Optional<String> keyPassword();

    /**
     * Whether the password may be sent unencrypted (a None endpoint whose UserName token policy is
     * None too); refused by default.
     */
    @WithDefault("false")
    boolean allowPlaintextPassword();
  }

  /** The client's PKI directory and trust decisions. */
  interface Pki {
    /** The PKI directory; default: {@code ./pki/<source id>}. */
    Optional<Path> dir();

    /**
     * Whether unknown server certificates are trusted automatically. Convenient for a first
     * connection, unsafe in production: copy the server certificate into {@code trusted/} instead.
     */
    @WithDefault("false")
    boolean autoAcceptUntrusted();

    /** The client's application URI; default: {@code urn:plantmesh:<node name>:<source id>}. */
    Optional<String> applicationUri();

    /** Host names put into the client certificate; default: this machine's host name. */
    Optional<List<String>> hostnames();
  }

  /** One tag named by NodeId or BrowsePath (exactly one of the two). */
  interface Tag {
    /** The Variable's NodeId, e.g. {@code nsu=urn:plc;s=Line1/Speed} or {@code ns=2;i=17}. */
    Optional<String> nodeId();

    /** The Variable's BrowsePath from Objects, e.g. {@code /Objects/2:Plant/2:Speed}. */
    Optional<String> browsePath();

    /** The tag's path; default: the path prefix plus the browse names. */
    Optional<String> path();

    /**
     * The Variable's OPC UA data type ({@code Double}, {@code Int32}, {@code Boolean}...), declared
     * for the rules: with {@code path}, a rule's use of the tag is type-checked at start-up. The
     * source does not read it.
     */
    Optional<String> dataType();

    /** Collection settings for this tag only; unset fields are taken from the source. */
    Optional<CollectionSection.Override> collection();
  }

  /** A browse of the server's address space: every Variable found becomes a tag. */
  interface Browse {
    /** Where to browse from: a NodeId, or a BrowsePath such as {@code /Objects/2:Plant}. */
    String root();

    /** How many levels below the root to descend, 1 to 64. */
    @WithDefault("10")
    int maxDepth();

    /**
     * Glob patterns over the relative path of browse names ({@code *} one level, {@code **} any).
     */
    @WithDefault("**")
    List<String> include();

    /** Glob patterns of relative paths to leave out; they win over include. */
    Optional<List<String>> exclude();

    /**
     * The most tags this browse may produce; further Variables are left out with a WARN and a note
     * in the source's status.
     */
    @WithDefault("10000")
    int maxTags();

    /** The path prefix for the tags found; default: the source's path prefix. */
    Optional<String> pathPrefix();

    /** Collection settings for the tags found; unset fields are taken from the source. */
    Optional<CollectionSection.Override> collection();
  }

  /** Reconnection after a lost Session: exponential back-off between the two delays. */
  interface Reconnect {
    /** The first retry's delay. */
    @WithDefault("1s")
    Duration initialDelay();

    /** The longest delay between retries. */
    @WithDefault("30s")
    Duration maxDelay();
  }
}
