package dev.aigov.credentials.vault;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aigov.credentials.CredentialException;

/**
 * The KV secrets engine a role's {@code secret} may live in: its mount ({@code prefix}, which may have several
 * segments) and version. Version 2 serves a secret {@code <mount>/<name>} at {@code <mount>/data/<name>} and nests
 * its fields under {@code data.data}; paths outside the mount (dynamic secrets engines) are read as given.
 */
record KvEngine(String prefix, int version) {
    static final KvEngine NONE = new KvEngine("", 1);

    static KvEngine of(String prefix, String version) throws CredentialException {
        int v;
        if (version == null || version.isBlank()) {
            v = 1;
        } else if ("1".equals(version.trim()) || "2".equals(version.trim())) {
            v = Integer.parseInt(version.trim());
        } else {
            throw new CredentialException("VAULT_KV_VERSION must be 1 or 2, got '" + version + "'");
        }
        return new KvEngine(prefix == null ? "" : prefix.trim().replaceAll("^/+|/+$", ""), v);
    }

    private boolean versioned(String path) {
        return version == 2 && !prefix.isEmpty() && path.startsWith(prefix + "/")
                && !path.startsWith(prefix + "/data/");
    }

    /** The API path that reads {@code path}. */
    String readPath(String path) {
        String p = path.replaceAll("^/+", "");
        return versioned(p) ? prefix + "/data/" + p.substring(prefix.length() + 1) : path;
    }

    /** The secret's fields in Vault's answer for {@code path}. */
    JsonNode fields(String path, JsonNode answer) {
        JsonNode data = answer.path("data");
        String p = path.replaceAll("^/+", "");
        return version == 2 && !prefix.isEmpty() && p.startsWith(prefix + "/") ? data.path("data") : data;
    }
}
