package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.aigov.credentials.Secret;
import io.github.jopenlibs.vault.rest.Rest;
import io.github.jopenlibs.vault.rest.RestException;
import io.github.jopenlibs.vault.rest.RestResponse;

import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vault's HTTP API through the driver's {@link Rest} helper, for every endpoint alike. The driver's
 * higher-level {@code Vault}/{@code VaultConfig} are not used: {@code VaultConfig.build()} falls back to the
 * process's {@code VAULT_TOKEN} when no token is set (a JWT login must send no token at all), its logical
 * reads rewrite paths for KV v2, its exceptions carry whole response bodies, and it lacks revoke-accessor,
 * lookup-accessor and lease lookup anyway. One HTTP style, one shared {@link HttpClient}.
 */
final class VaultHttp {

    /** Vault answered with an error status; {@code errors} is Vault's own list (never contains our secrets). */
    static final class Refused extends Exception {
        final int status;
        final List<String> errors;

        Refused(int status, List<String> errors) {
            super("HTTP " + status + ": " + String.join("; ", errors), null, false, false);
            this.status = status;
            this.errors = List.copyOf(errors);
        }

        boolean says(String text) {
            return errors.stream().anyMatch(e -> e.contains(text));
        }
    }

    /** Vault could not be reached or answered something that is not Vault's JSON. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String address;
    private final String namespace;
    private final HttpClient client;

    VaultHttp(String address, String namespace) {
        this.address = address.replaceAll("/+$", "");
        this.namespace = namespace == null ? "" : namespace;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    String address() {
        return address;
    }

    String namespace() {
        return namespace;
    }

    JsonNode get(String path, Secret token) throws Refused, Unreachable {
        return send("GET", path, token, null);
    }

    JsonNode post(String path, Secret token, Map<String, ?> body) throws Refused, Unreachable {
        return send("POST", path, token, body);
    }

    private JsonNode send(String method, String path, Secret token, Map<String, ?> body) throws Refused, Unreachable {
        Rest rest = new Rest(client).url(address + "/v1/" + path).connectTimeoutSeconds(5).readTimeoutSeconds(30)
                .header("X-Vault-Request", "true");
        if (token != null) {
            rest.header("X-Vault-Token", token.reveal());
        }
        if (!namespace.isEmpty()) {
            rest.header("X-Vault-Namespace", namespace);
        }
        RestResponse response;
        try {
            if (body != null) {
                rest.body(JSON.writeValueAsBytes(body));
            }
            response = method.equals("GET") ? rest.get() : rest.post();
        } catch (RestException | IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new Unreachable("Vault at " + address + " is unreachable (" + root.getClass().getSimpleName() + ")");
        }
        JsonNode json = parse(response.getBody());
        if (response.getStatus() >= 200 && response.getStatus() < 300) {
            return json == null ? MissingNode.getInstance() : json;
        }
        List<String> errors = new ArrayList<>();
        if (json != null) {
            json.path("errors").forEach(e -> errors.add(e.asText()));
        }
        if (json == null && response.getStatus() >= 500) {
            throw new Unreachable("Vault at " + address + " answered HTTP " + response.getStatus());
        }
        throw new Refused(response.getStatus(), errors);
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
