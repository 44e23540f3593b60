package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.aigov.credentials.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Vault's HTTP API through Java's own {@link HttpClient}, for every endpoint alike. No Vault client library: the
 * engine runs wherever Java does (the Jenkins plugin's {@code vaultAddress} needs no HashiCorp Vault plugin, whose
 * vault-java-driver it would otherwise borrow), no fallback to the process's {@code VAULT_TOKEN} (a JWT login must
 * send no token at all), no path rewriting, and no exception that carries a whole response body.
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
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NORMAL).build();
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
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(address + "/v1/" + path)).timeout(Duration.ofSeconds(30))
                    .header("X-Vault-Request", "true");
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            } else {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            }
        } catch (IllegalArgumentException | IOException e) {
            throw new Unreachable("Vault address " + address + " is not usable (" + e.getClass().getSimpleName() + ")");
        }
        if (token != null) {
            request.header("X-Vault-Token", token.reveal());
        }
        if (!namespace.isEmpty()) {
            request.header("X-Vault-Namespace", namespace);
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new Unreachable("Vault at " + address + " is unreachable (" + root.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling Vault at " + address);
        }
        int status = response.statusCode();
        JsonNode json = parse(response.body());
        if (status >= 200 && status < 300) {
            return json == null ? MissingNode.getInstance() : json;
        }
        List<String> errors = new ArrayList<>();
        if (json != null) {
            json.path("errors").forEach(e -> errors.add(e.asText()));
        }
        if (json == null && status >= 500) {
            throw new Unreachable("Vault at " + address + " answered HTTP " + status);
        }
        throw new Refused(status, errors);
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
