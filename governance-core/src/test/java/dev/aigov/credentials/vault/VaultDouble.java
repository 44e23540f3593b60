package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Vault double: a real HTTP server on 127.0.0.1 that implements the part of Vault's HTTP API the broker uses,
 * written from Vault's public API documentation (token auth method, AppRole, JWT auth, sys/leases, ACL
 * policies, a database-style dynamic-secrets engine). State lives in memory and tests inspect it directly
 * ({@link #token}, {@link #liveAccessors}, {@link #liveLeaseIds}), so revocation is proven in the server's own
 * state, not only through the client. Its clock is injectable ({@link #advanceClock}) for TTL expiry.
 *
 * <p>Deliberate simplifications: ACL paths support exact paths and a trailing {@code *} only; namespaces are
 * separate token spaces (a root-namespace token works everywhere); no renewal, no wrapping, no identity store.
 */
public final class VaultDouble implements AutoCloseable {

    /** What a test may print: never a token, a secret id or a body. */
    public record LoggedRequest(String method, String path, String namespace, int status, String callerAccessor) {
    }

    /** A token as the server holds it (the id is there so tests can compare; never print it). */
    public record TokenView(String accessor, String parentAccessor, List<String> policies, Map<String, String> meta,
                            String displayName, String type, String path, long creationTtlSeconds,
                            long explicitMaxTtlSeconds, int numUses, boolean orphan, String namespace,
                            Instant expireTime) {
    }

    public record LeaseView(String leaseId, String path, String creatorAccessor, Instant expireTime) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern POLICY_PATH = Pattern.compile(
            "path\\s+\"([^\"]+)\"\\s*\\{[^}]*?capabilities\\s*=\\s*\\[([^\\]]*)\\][^}]*}", Pattern.DOTALL);
    private static final Map<String, Set<String>> DEFAULT_POLICY = Map.of(
            "auth/token/lookup-self", Set.of("read"),
            "auth/token/renew-self", Set.of("update"),
            "auth/token/revoke-self", Set.of("update"),
            "sys/leases/lookup", Set.of("update"),
            "sys/capabilities-self", Set.of("update"));

    private final HttpServer server;
    private final ExecutorService executor;
    private final Object lock = new Object();
    private final String rootToken;
    private Duration clockOffset = Duration.ZERO;

    private final Map<String, Token> tokens = new HashMap<>();          // id -> token
    private final Map<String, String> accessors = new HashMap<>();      // accessor -> id
    private final Map<String, Lease> leases = new LinkedHashMap<>();
    private final Map<String, Map<String, Set<String>>> policies = new HashMap<>();
    private final Map<String, String> authMounts = new HashMap<>();     // path -> type
    private final Map<String, Map<String, String>> kv2 = new HashMap<>();    // "team/kv/data/deploy" -> fields
    private final Map<String, DbRole> dbRoles = new HashMap<>();        // "database/creds/app" -> role
    private final Map<String, AppRole> appRoles = new HashMap<>();      // mount + "/" + name
    private final Map<String, List<PublicKey>> jwtKeys = new HashMap<>(); // mount -> keys
    private final Map<String, JwtRole> jwtRoles = new HashMap<>();      // mount + "/" + name
    private final List<LoggedRequest> log = new ArrayList<>();
    private final StringBuilder received = new StringBuilder();
    private final Map<String, Integer> hits = new HashMap<>();
    private BiPredicate<String, Integer> failWhen = (path, n) -> false;

    private static final class Token {
        String id, accessor, parentId, displayName, type, path, namespace;
        List<String> policies;
        Map<String, String> meta;
        long creationTtl, explicitMaxTtl;
        int numUses;
        boolean orphan;
        Instant created, expire;       // expire null: never (root)
    }

    private record Lease(String id, String path, String creatorId, Instant expire) {
    }

    private record DbRole(Duration ttl) {
    }

    private record AppRole(String roleId, Set<String> secretIds, List<String> policies, long ttl) {
    }

    private record JwtRole(List<String> boundAudiences, Map<String, List<String>> boundClaims, String userClaim,
                           List<String> policies, long ttl) {
    }

    private VaultDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/v1/", this::handle);
        Token root = newToken(null, List.of("root"), Map.of(), "root", "service", "auth/token/root", 0, 0, 0,
                true, "");
        rootToken = root.id;
        authMounts.put("token", "token");
        server.start();
    }

    /** Starts a double on a free loopback port. */
    public static VaultDouble start() {
        try {
            return new VaultDouble();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Vault double", e);
        }
    }

    public String address() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String rootToken() {
        return rootToken;
    }

    /** Moves the server's clock forward; tokens and leases past their expiry are then revoked. */
    public void advanceClock(Duration by) {
        synchronized (lock) {
            clockOffset = clockOffset.plus(by);
            expire();
        }
    }

    /**
     * Makes requests fail with 503 ("Vault is sealed") while the predicate holds; it gets the path and how
     * many requests that path has had, this one included.
     */
    public void failWhen(BiPredicate<String, Integer> pathAndCount) {
        synchronized (lock) {
            failWhen = pathAndCount;
        }
    }

    public void heal() {
        failWhen((path, n) -> false);
    }

    /** A KV version 2 secret: {@code GET <mount>/data/<name>} answers its fields under {@code data.data}. */
    public void addKv2Secret(String mount, String name, Map<String, String> fields) {
        synchronized (lock) {
            kv2.put(mount + "/data/" + name, Map.copyOf(fields));
        }
    }

    /** A dynamic-secrets role: {@code GET <mount>/creds/<role>} issues a lease with a username and password. */
    public void addDatabaseRole(String mount, String role, Duration ttl) {
        synchronized (lock) {
            dbRoles.put(mount + "/creds/" + role, new DbRole(ttl));
        }
    }

    public Optional<TokenView> token(String accessor) {
        synchronized (lock) {
            expire();
            String id = accessors.get(accessor);
            return id == null ? Optional.empty() : Optional.of(view(tokens.get(id)));
        }
    }

    /** Accessors of every live token except the root token. */
    public Set<String> liveAccessors() {
        synchronized (lock) {
            expire();
            Set<String> live = new TreeSet<>();
            tokens.values().stream().filter(t -> !t.id.equals(rootToken) && t.accessor != null)
                    .forEach(t -> live.add(t.accessor));
            return live;
        }
    }

    public List<TokenView> liveTokens() {
        synchronized (lock) {
            expire();
            return tokens.values().stream().filter(t -> !t.id.equals(rootToken)).map(this::view).toList();
        }
    }

    public Set<String> liveLeaseIds() {
        synchronized (lock) {
            expire();
            return new TreeSet<>(leases.keySet());
        }
    }

    public Optional<LeaseView> lease(String leaseId) {
        synchronized (lock) {
            expire();
            Lease l = leases.get(leaseId);
            return l == null ? Optional.empty() : Optional.of(new LeaseView(l.id, l.path,
                    tokens.containsKey(l.creatorId) ? tokens.get(l.creatorId).accessor : "", l.expire));
        }
    }

    /** The request log: method, path, namespace, status and the caller's accessor, never a token or a body. */
    public List<LoggedRequest> requests() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /** Whether any request line, header or body this server received contained the text (for leak tests). */
    public boolean received(String text) {
        synchronized (lock) {
            return received.indexOf(text) >= 0;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------- HTTP

    private record Reply(int status, JsonNode body) {
    }

    private static final class VaultError extends RuntimeException {
        final int status;

        VaultError(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readAllBytes();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath().substring("/v1/".length());
        String query = exchange.getRequestURI().getRawQuery();
        if ("GET".equals(method) && query != null && query.contains("list=true")) {
            method = "LIST";
        }
        String token = exchange.getRequestHeaders().getFirst("X-Vault-Token");
        String namespace = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Vault-Namespace"))
                .orElse("").replaceAll("^/|/$", "");
        Reply reply;
        String callerAccessor = "";
        synchronized (lock) {
            received.append(method).append(' ').append(exchange.getRequestURI()).append('\n');
            exchange.getRequestHeaders().forEach((k, v) -> received.append(k).append(": ").append(v).append('\n'));
            received.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            int n = hits.merge(path, 1, Integer::sum);
            expire();
            Token caller = token == null ? null : tokens.get(token);
            if (caller != null && !(caller.namespace.isEmpty() || caller.namespace.equals(namespace))) {
                caller = null;
            }
            callerAccessor = caller == null || caller.accessor == null ? "" : caller.accessor;
            try {
                if (failWhen.test(path, n)) {
                    throw new VaultError(503, "Vault is sealed");
                }
                JsonNode body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
                reply = route(method, path, body, caller, namespace);
                if (caller != null && caller.numUses > 0) {
                    useOnce(caller);
                }
            } catch (VaultError e) {
                reply = new Reply(e.status, errors(e.getMessage()));
            } catch (IOException e) {
                reply = new Reply(400, errors("failed to parse JSON input: " + e.getClass().getSimpleName()));
            }
            log.add(new LoggedRequest(method, path, namespace, reply.status, callerAccessor));
        }
        byte[] out = reply.body == null ? new byte[0] : JSON.writeValueAsBytes(reply.body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status, out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            exchange.getResponseBody().write(out);
        }
        exchange.close();
    }

    private static ObjectNode errors(String... messages) {
        ObjectNode node = JSON.createObjectNode();
        ArrayNode list = node.putArray("errors");
        Arrays.stream(messages).forEach(list::add);
        return node;
    }

    private Reply route(String method, String path, JsonNode body, Token caller, String namespace) {
        boolean write = method.equals("POST") || method.equals("PUT");
        // Unauthenticated login endpoints.
        if (write && path.startsWith("auth/") && path.endsWith("/login")) {
            String mount = path.substring(5, path.length() - "/login".length());
            String type = authMounts.get(mount);
            if ("approle".equals(type)) {
                return appRoleLogin(mount, body, namespace);
            }
            if ("jwt".equals(type)) {
                return jwtLogin(mount, body, namespace);
            }
            throw new VaultError(404, "no handler for route \"" + path + "\". route entry not found.");
        }
        if (caller == null) {
            throw new VaultError(403, "permission denied");
        }
        String capability = switch (method) {
            case "GET" -> "read";
            case "DELETE" -> "delete";
            case "LIST" -> "list";
            default -> "update";
        };
        if (!allowed(caller, path, capability)) {
            throw new VaultError(403, "permission denied");
        }
        if (write && path.equals("auth/token/create")) {
            return ok(createToken(caller, body, namespace));
        }
        if (method.equals("GET") && path.equals("auth/token/lookup-self")) {
            return data(lookup(caller, true));
        }
        if (write && path.equals("auth/token/lookup")) {
            Token t = tokens.get(text(body, "token"));
            if (t == null) {
                throw new VaultError(403, "bad token");
            }
            return data(lookup(t, true));
        }
        if (write && path.equals("auth/token/lookup-accessor")) {
            Token t = byAccessor(text(body, "accessor"));
            if (t == null) {
                throw new VaultError(400, "invalid accessor");
            }
            return data(lookup(t, false));
        }
        if (write && path.equals("auth/token/revoke-accessor")) {
            // Idempotent since Vault 1.10: revoking an unknown accessor succeeds.
            Token t = byAccessor(text(body, "accessor"));
            if (t != null) {
                revokeTree(t);
            }
            return new Reply(204, null);
        }
        if (write && path.equals("auth/token/revoke-self")) {
            revokeTree(caller);
            return new Reply(204, null);
        }
        if (write && path.equals("auth/token/revoke")) {
            Token t = tokens.get(text(body, "token"));
            if (t != null) {
                revokeTree(t);
            }
            return new Reply(204, null);
        }
        if (write && path.equals("sys/leases/lookup")) {
            Lease l = leases.get(text(body, "lease_id"));
            if (l == null) {
                throw new VaultError(400, "invalid lease");
            }
            ObjectNode d = JSON.createObjectNode();
            d.put("id", l.id);
            d.put("issue_time", l.expire.toString());
            d.put("expire_time", l.expire.toString());
            d.put("ttl", Math.max(0, Duration.between(now(), l.expire).toSeconds()));
            d.put("renewable", true);
            return data(d);
        }
        if (write && path.equals("sys/leases/revoke")) {
            leases.remove(text(body, "lease_id"));
            return new Reply(204, null);
        }
        if (write && path.startsWith("sys/policies/acl/")) {
            policies.put(path.substring("sys/policies/acl/".length()), parsePolicy(text(body, "policy")));
            return new Reply(204, null);
        }
        if (write && path.startsWith("sys/auth/")) {
            authMounts.put(path.substring("sys/auth/".length()), text(body, "type"));
            return new Reply(204, null);
        }
        if (method.equals("GET") && dbRoles.containsKey(path)) {
            return dynamicSecret(caller, path);
        }
        if (method.equals("GET") && kv2.containsKey(path)) {
            ObjectNode answer = JSON.createObjectNode();
            ObjectNode data = answer.putObject("data");
            data.set("data", JSON.valueToTree(kv2.get(path)));
            data.putObject("metadata").put("version", 1);
            answer.put("lease_id", "").put("lease_duration", 0);
            return new Reply(200, answer);
        }
        if (path.startsWith("auth/")) {
            return authConfig(method, path, body);
        }
        throw new VaultError(404, "no handler for route \"" + path + "\". route entry not found.");
    }

    private Reply authConfig(String method, String path, JsonNode body) {
        String[] parts = path.split("/");
        String mount = parts.length > 1 ? parts[1] : "";
        String type = authMounts.get(mount);
        boolean write = method.equals("POST") || method.equals("PUT");
        if ("approle".equals(type) && parts.length >= 4 && parts[2].equals("role")) {
            String key = mount + "/" + parts[3];
            if (parts.length == 4 && write) {
                AppRole old = appRoles.get(key);
                appRoles.put(key, new AppRole(old == null ? UUID.randomUUID().toString() : old.roleId,
                        old == null ? new LinkedHashSet<>() : old.secretIds, strings(body, "token_policies"),
                        seconds(body.path("token_ttl"), 2_764_800)));
                return new Reply(204, null);
            }
            AppRole role = appRoles.get(key);
            if (role == null) {
                throw new VaultError(400, "role \"" + parts[3] + "\" does not exist");
            }
            if (parts.length == 5 && parts[4].equals("role-id") && method.equals("GET")) {
                ObjectNode d = JSON.createObjectNode();
                d.put("role_id", role.roleId);
                return data(d);
            }
            if (parts.length == 5 && parts[4].equals("secret-id") && write) {
                String secretId = UUID.randomUUID().toString();
                role.secretIds.add(secretId);
                ObjectNode d = JSON.createObjectNode();
                d.put("secret_id", secretId);
                d.put("secret_id_accessor", UUID.randomUUID().toString());
                return data(d);
            }
        }
        if ("jwt".equals(type) && parts.length == 3 && parts[2].equals("config") && write) {
            if (body.hasNonNull("jwks_url")) {
                throw new VaultError(400, "the Vault double supports jwt_validation_pubkeys only");
            }
            List<PublicKey> keys = new ArrayList<>();
            for (String pem : strings(body, "jwt_validation_pubkeys")) {
                keys.add(parsePem(pem));
            }
            jwtKeys.put(mount, keys);
            return new Reply(204, null);
        }
        if ("jwt".equals(type) && parts.length == 4 && parts[2].equals("role") && write) {
            Map<String, List<String>> bound = new LinkedHashMap<>();
            body.path("bound_claims").properties().forEach(e -> bound.put(e.getKey(),
                    e.getValue().isArray() ? strings(e.getValue()) : List.of(e.getValue().asText())));
            List<String> audiences = strings(body, "bound_audiences");
            if (audiences.isEmpty() && bound.isEmpty() && !body.hasNonNull("bound_subject")) {
                throw new VaultError(400, "must have at least one bound constraint when creating/updating a role");
            }
            String userClaim = text(body, "user_claim");
            if (userClaim.isEmpty()) {
                throw new VaultError(400, "a user claim must be defined on the role");
            }
            jwtRoles.put(mount + "/" + parts[3], new JwtRole(audiences, bound, userClaim,
                    strings(body, "token_policies"), seconds(body.path("token_ttl"), 2_764_800)));
            return new Reply(204, null);
        }
        throw new VaultError(404, "no handler for route \"" + path + "\". route entry not found.");
    }

    // ---------------------------------------------------------------- token store

    private ObjectNode createToken(Token parent, JsonNode body, String namespace) {
        boolean parentIsRoot = parent.policies.contains("root");
        String type = body.path("type").asText("service");
        if (!type.equals("service") && !type.equals("batch")) {
            throw new VaultError(400, "invalid 'type' value");
        }
        if ("batch".equals(parent.type)) {
            throw new VaultError(400, "batch tokens cannot create more tokens");
        }
        boolean orphan = body.path("no_parent").asBoolean(false);
        if (orphan && !parentIsRoot) {
            throw new VaultError(400, "root or sudo privileges required to create orphan token");
        }
        List<String> requested = body.has("policies") ? strings(body, "policies") : List.of();
        List<String> policies;
        if (requested.isEmpty()) {
            policies = new ArrayList<>(parent.policies);   // inherits the parent's policies
        } else {
            Set<String> set = new TreeSet<>(requested);
            if (!body.path("no_default_policy").asBoolean(false) && !set.contains("root")) {
                set.add("default");
            }
            policies = new ArrayList<>(set);
            if (!parentIsRoot) {
                Set<String> allowed = new TreeSet<>(parent.policies);
                allowed.add("default");
                if (!allowed.containsAll(policies)) {
                    throw new VaultError(400, "child policies must be subset of parent");
                }
            }
        }
        long ttl = seconds(body.path("ttl"), 2_764_800);            // system default max TTL, 768h
        long explicitMax = seconds(body.path("explicit_max_ttl"), 0);
        if (explicitMax > 0 && ttl > explicitMax) {
            ttl = explicitMax;
        }
        int numUses = body.path("num_uses").asInt(0);
        if (numUses < 0) {
            throw new VaultError(400, "number of uses cannot be negative");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        body.path("meta").properties().forEach(e -> meta.put(e.getKey(), e.getValue().asText()));
        String display = body.path("display_name").asText("");
        display = "token" + (display.isEmpty() ? "" : "-" + display.replaceAll("[^a-zA-Z0-9-]", "-"));
        Token t = newToken(orphan ? null : parent.id, policies, meta, display, type, "auth/token/create", ttl,
                explicitMax, numUses, orphan, namespace.isEmpty() ? parent.namespace : namespace);
        t.explicitMaxTtl = explicitMax;
        return authBlock(t);
    }

    private Token newToken(String parentId, List<String> policies, Map<String, String> meta, String display,
                           String type, String path, long ttl, long explicitMax, int numUses, boolean orphan,
                           String namespace) {
        Token t = new Token();
        t.type = type;
        t.id = (type.equals("batch") ? "hvb." : "hvs.") + random(24);
        t.accessor = type.equals("batch") ? null : random(24);
        t.parentId = parentId;
        t.policies = List.copyOf(policies);
        t.meta = Map.copyOf(meta);
        t.displayName = display;
        t.path = path;
        t.creationTtl = ttl;
        t.explicitMaxTtl = explicitMax;
        t.numUses = numUses;
        t.orphan = orphan;
        t.namespace = namespace;
        t.created = now();
        t.expire = ttl == 0 ? null : t.created.plusSeconds(ttl);
        tokens.put(t.id, t);
        if (t.accessor != null) {
            accessors.put(t.accessor, t.id);
        }
        return t;
    }

    private ObjectNode authBlock(Token t) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("request_id", UUID.randomUUID().toString());
        reply.put("lease_id", "");
        reply.put("renewable", false);
        reply.put("lease_duration", 0);
        reply.putNull("data");
        ObjectNode auth = reply.putObject("auth");
        auth.put("client_token", t.id);
        auth.put("accessor", t.accessor == null ? "" : t.accessor);
        ArrayNode p = auth.putArray("policies");
        t.policies.forEach(p::add);
        ArrayNode tp = auth.putArray("token_policies");
        t.policies.forEach(tp::add);
        ObjectNode meta = auth.putObject("metadata");
        t.meta.forEach(meta::put);
        auth.put("lease_duration", t.creationTtl);
        auth.put("renewable", t.type.equals("service"));
        auth.put("entity_id", "");
        auth.put("token_type", t.type);
        auth.put("orphan", t.orphan);
        auth.put("num_uses", t.numUses);
        return reply;
    }

    private ObjectNode lookup(Token t, boolean withId) {
        ObjectNode d = JSON.createObjectNode();
        d.put("accessor", t.accessor == null ? "" : t.accessor);
        d.put("creation_time", t.created.getEpochSecond());
        d.put("creation_ttl", t.creationTtl);
        d.put("display_name", t.displayName);
        d.put("entity_id", "");
        if (t.expire == null) {
            d.putNull("expire_time");
        } else {
            d.put("expire_time", t.expire.toString());
        }
        d.put("explicit_max_ttl", t.explicitMaxTtl);
        d.put("id", withId ? t.id : "");
        ObjectNode meta = d.putObject("meta");
        t.meta.forEach(meta::put);
        d.put("num_uses", t.numUses);
        d.put("orphan", t.orphan);
        d.put("path", t.path);
        ArrayNode p = d.putArray("policies");
        t.policies.forEach(p::add);
        d.put("renewable", t.type.equals("service"));
        d.put("ttl", t.expire == null ? 0 : Math.max(0, Duration.between(now(), t.expire).toSeconds()));
        d.put("type", t.type);
        return d;
    }

    private Token byAccessor(String accessor) {
        String id = accessors.get(accessor);
        return id == null ? null : tokens.get(id);
    }

    /** Revokes the token, its children (recursively) and every lease created with any of them. */
    private void revokeTree(Token t) {
        for (Token child : tokens.values().stream().filter(c -> t.id.equals(c.parentId)).toList()) {
            revokeTree(child);
        }
        leases.values().removeIf(l -> l.creatorId.equals(t.id));
        tokens.remove(t.id);
        if (t.accessor != null) {
            accessors.remove(t.accessor);
        }
    }

    private void useOnce(Token t) {
        if (!tokens.containsKey(t.id)) {
            return;
        }
        t.numUses--;
        if (t.numUses == 0) {
            revokeTree(t);     // the last permitted use revokes the token
        }
    }

    private void expire() {
        Instant now = now();
        for (Token t : List.copyOf(tokens.values())) {
            if (t.expire != null && !t.expire.isAfter(now) && tokens.containsKey(t.id)) {
                revokeTree(t);
            }
        }
        leases.values().removeIf(l -> !l.expire.isAfter(now));
    }

    private Instant now() {
        return Instant.now().plus(clockOffset);
    }

    private TokenView view(Token t) {
        Token parent = t.parentId == null ? null : tokens.get(t.parentId);
        return new TokenView(t.accessor, parent == null ? "" : parent.accessor, t.policies, t.meta, t.displayName,
                t.type, t.path, t.creationTtl, t.explicitMaxTtl, t.numUses, t.orphan, t.namespace, t.expire);
    }

    // ---------------------------------------------------------------- ACL

    private static Map<String, Set<String>> parsePolicy(String hcl) {
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        Matcher m = POLICY_PATH.matcher(hcl);
        while (m.find()) {
            Set<String> caps = new TreeSet<>();
            for (String c : m.group(2).split(",")) {
                caps.add(c.trim().replace("\"", ""));
            }
            rules.put(m.group(1), caps);
        }
        if (rules.isEmpty()) {
            throw new VaultError(400, "failed to parse policy: no path stanza");
        }
        return rules;
    }

    private boolean allowed(Token t, String path, String capability) {
        if (t.policies.contains("root")) {
            return true;
        }
        for (String name : t.policies) {
            Map<String, Set<String>> rules = name.equals("default") ? DEFAULT_POLICY : policies.get(name);
            if (rules == null) {
                continue;
            }
            for (Map.Entry<String, Set<String>> rule : rules.entrySet()) {
                String p = rule.getKey();
                boolean matches = p.endsWith("*") ? path.startsWith(p.substring(0, p.length() - 1)) : path.equals(p);
                Set<String> caps = rule.getValue();
                if (matches && !caps.contains("deny") && (caps.contains(capability)
                        || (capability.equals("update") && caps.contains("create")))) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- secrets engine and logins

    private Reply dynamicSecret(Token caller, String path) {
        DbRole role = dbRoles.get(path);
        String leaseId = path + "/" + random(24);
        Instant expire = now().plus(role.ttl);
        if (caller.expire != null && caller.expire.isBefore(expire)) {
            expire = caller.expire;    // a lease never outlives the token that created it
        }
        leases.put(leaseId, new Lease(leaseId, path, caller.id, expire));
        ObjectNode reply = JSON.createObjectNode();
        reply.put("request_id", UUID.randomUUID().toString());
        reply.put("lease_id", leaseId);
        reply.put("renewable", true);
        reply.put("lease_duration", Duration.between(now(), expire).toSeconds());
        ObjectNode d = reply.putObject("data");
        d.put("username", "v-token-" + path.substring(path.lastIndexOf('/') + 1) + "-" + random(20));
        d.put("password", random(20));
        return new Reply(200, reply);
    }

    private Reply appRoleLogin(String mount, JsonNode body, String namespace) {
        String roleId = text(body, "role_id");
        AppRole role = appRoles.entrySet().stream().filter(e -> e.getKey().startsWith(mount + "/"))
                .map(Map.Entry::getValue).filter(r -> r.roleId.equals(roleId)).findFirst()
                .orElseThrow(() -> new VaultError(400, "invalid role ID"));
        if (!role.secretIds.contains(text(body, "secret_id"))) {
            throw new VaultError(400, "invalid secret id");
        }
        Set<String> policies = new TreeSet<>(role.policies);
        policies.add("default");
        Token t = newToken(null, List.copyOf(policies), Map.of("role_name", roleId), "approle", "service",
                "auth/" + mount + "/login", role.ttl, 0, 0, true, namespace);
        return ok(authBlock(t));
    }

    private Reply jwtLogin(String mount, JsonNode body, String namespace) {
        String roleName = text(body, "role");
        JwtRole role = jwtRoles.get(mount + "/" + roleName);
        if (role == null) {
            throw new VaultError(400, "role \"" + roleName + "\" could not be found");
        }
        JWTClaimsSet claims;
        try {
            SignedJWT jwt = SignedJWT.parse(text(body, "jwt"));
            boolean verified = false;
            for (PublicKey key : jwtKeys.getOrDefault(mount, List.of())) {
                JWSVerifier verifier = key instanceof RSAPublicKey rsa ? new RSASSAVerifier(rsa)
                        : new Ed25519Verifier(new OctetKeyPair.Builder(Curve.Ed25519,
                        Base64URL.encode(Arrays.copyOfRange(key.getEncoded(), 12, 44))).build());
                if (verifier.supportedJWSAlgorithms().contains(jwt.getHeader().getAlgorithm()) && jwt.verify(verifier)) {
                    verified = true;
                    break;
                }
            }
            if (!verified) {
                throw new VaultError(400, "error validating token: error verifying token signature: "
                        + "no known key successfully validated the token signature");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (java.text.ParseException | com.nimbusds.jose.JOSEException e) {
            throw new VaultError(400, "error validating token: malformed JWT");
        }
        Instant now = now();
        Date exp = claims.getExpirationTime();
        if (exp != null && exp.toInstant().plusSeconds(150).isBefore(now)) {       // expiration_leeway 150s
            throw new VaultError(400, "error validating token: invalid expiration time (exp) claim: token is expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().minusSeconds(150).isAfter(now)) {
            throw new VaultError(400, "error validating token: invalid not before (nbf) claim: token not yet valid");
        }
        List<String> aud = claims.getAudience() == null ? List.of() : claims.getAudience();
        if (role.boundAudiences.isEmpty() && !aud.isEmpty()) {
            throw new VaultError(400, "audience claim found in JWT but no audiences bound to the role");
        }
        if (!role.boundAudiences.isEmpty() && aud.stream().noneMatch(role.boundAudiences::contains)) {
            throw new VaultError(400, "error validating token: invalid audience (aud) claim: "
                    + "audience claim does not match any expected audience");
        }
        for (Map.Entry<String, List<String>> bound : role.boundClaims.entrySet()) {
            Object value = claims.getClaim(bound.getKey());
            if (value == null) {
                throw new VaultError(400, "error validating claims: claim \"" + bound.getKey() + "\" is missing");
            }
            Collection<?> values = value instanceof Collection<?> c ? c : List.of(value);
            if (values.stream().map(String::valueOf).noneMatch(bound.getValue()::contains)) {
                throw new VaultError(400, "error validating claims: claim \"" + bound.getKey()
                        + "\" does not match any associated bound claim values");
            }
        }
        Object user = claims.getClaim(role.userClaim);
        if (user == null) {
            throw new VaultError(400, "claim \"" + role.userClaim + "\" not found in token");
        }
        Set<String> policies = new TreeSet<>(role.policies);
        policies.add("default");
        Map<String, String> meta = Map.of("role", roleName);
        Token t = newToken(null, List.copyOf(policies), meta, "jwt-" + user, "service", "auth/" + mount + "/login",
                role.ttl, 0, 0, true, namespace);
        return ok(authBlock(t));
    }

    // ---------------------------------------------------------------- helpers

    private static Reply ok(JsonNode body) {
        return new Reply(200, body);
    }

    private static Reply data(ObjectNode data) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("request_id", UUID.randomUUID().toString());
        reply.put("lease_id", "");
        reply.put("renewable", false);
        reply.put("lease_duration", 0);
        reply.set("data", data);
        return new Reply(200, reply);
    }

    private static String text(JsonNode body, String field) {
        return body.path(field).asText("");
    }

    /** Vault accepts a list either as a JSON array or as a comma-separated string. */
    private static List<String> strings(JsonNode body, String field) {
        return strings(body.path(field));
    }

    private static List<String> strings(JsonNode node) {
        if (node.isArray()) {
            List<String> out = new ArrayList<>();
            node.forEach(n -> out.add(n.asText()));
            return out;
        }
        if (node.isTextual() && !node.asText().isBlank()) {
            return Arrays.stream(node.asText().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return List.of();
    }

    /** Vault durations: an integer of seconds, or a Go duration such as {@code 15m}, {@code 1h30m}, {@code 90s}. */
    static long seconds(JsonNode node, long defaultSeconds) {
        if (node.isMissingNode() || node.isNull() || node.asText().isEmpty()) {
            return defaultSeconds;
        }
        if (node.isNumber()) {
            return node.asLong();
        }
        String s = node.asText().trim();
        if (s.matches("\\d+")) {
            return Long.parseLong(s);
        }
        Matcher m = Pattern.compile("(\\d+)(h|m|s)").matcher(s);
        long total = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                break;
            }
            long n = Long.parseLong(m.group(1));
            total += switch (m.group(2)) {
                case "h" -> n * 3600;
                case "m" -> n * 60;
                default -> n;
            };
            end = m.end();
        }
        if (end != s.length()) {
            throw new VaultError(400, "error parsing duration: invalid duration \"" + s + "\"");
        }
        return total;
    }

    private static PublicKey parsePem(String pem) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new VaultError(400, "error parsing public key: invalid PEM");
        }
        for (String algorithm : List.of("RSA", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (java.security.GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new VaultError(400, "error parsing public key: unsupported key type");
    }

    private static String random(int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHANUM.charAt(RANDOM.nextInt(ALPHANUM.length())));
        }
        return b.toString();
    }
}
