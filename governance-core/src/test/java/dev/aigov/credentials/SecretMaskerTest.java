package dev.aigov.credentials;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskerTest {

    private static String mask(List<String> secrets, String input, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = SecretMasker.of(secrets.stream().map(Secret::of).toList()).wrap(sink)) {
            byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i += chunk) {
                out.write(bytes, i, Math.min(chunk, bytes.length - i));
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void masksEverySecretOccurrence() throws IOException {
        assertThat(mask(List.of("s3cr3t-value"), "a s3cr3t-value b s3cr3t-value", 1024))
                .isEqualTo("a **** b ****");
    }

    @Test
    void masksSecretsSplitAcrossEveryPossibleChunkBoundary() throws IOException {
        String input = "token=eyJhbGciOi.payload.sig end; again eyJhbGciOi.payload.sig";
        for (int chunk = 1; chunk <= input.length(); chunk++) {
            assertThat(mask(List.of("eyJhbGciOi.payload.sig"), input, chunk)).as("chunk %d", chunk)
                    .isEqualTo("token=**** end; again ****");
        }
    }

    @Test
    void masksInMultiLineOutputAndSecretsThatSpanLines() throws IOException {
        String input = "line1 abc123\nline2\nabc123 line3\r\nBEGIN\nkey\nEND\n";
        assertThat(mask(List.of("abc123", "BEGIN\nkey\nEND"), input, 3))
                .isEqualTo("line1 ****\nline2\n**** line3\r\n****\n");
    }

    @Test
    void longestSecretWinsWhenOneIsAPrefixOfAnother() throws IOException {
        for (int chunk = 1; chunk <= 8; chunk++) {
            assertThat(mask(List.of("abc", "abcdef"), "x abcdef y abc z abcde", chunk)).as("chunk %d", chunk)
                    .isEqualTo("x **** y **** z ****de");
        }
    }

    @Test
    void overlappingSecretsLeaveNoPartOfEitherVisible() throws IOException {
        // "1234" and "3456" overlap in "123456": the first match consumes 1234, then "56" is not a secret.
        assertThat(mask(List.of("1234", "3456"), "123456 3456", 2)).isEqualTo("****56 ****");
        assertThat(mask(List.of("aaa"), "aaaaaaa", 1)).isEqualTo("********a");
    }

    @Test
    void aHeldBackPrefixIsReleasedWhenTheStreamEndsWithoutTheSecret() throws IOException {
        assertThat(mask(List.of("secret"), "my secr", 1)).isEqualTo("my secr");
    }

    @Test
    void bytesThatCannotStartASecretAreWrittenAtOnce() throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = SecretMasker.of(List.of(Secret.of("secret"))).wrap(sink);
        out.write("progress 50%\nsec".getBytes(StandardCharsets.UTF_8));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("progress 50%\n");
        out.write("ret!".getBytes(StandardCharsets.UTF_8));
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("progress 50%\n****!");
    }

    @Test
    void nonAsciiAndBinaryPassThroughUnchanged() throws IOException {
        String input = "héllo wörld ✓ \u0000\u00ff";
        assertThat(mask(List.of("zzz"), input, 1)).isEqualTo(input);
        assertThat(mask(List.of("wörld"), input, 1)).isEqualTo("héllo **** ✓ \u0000\u00ff");
    }

    @Test
    void closingReleasesTheTailButLeavesTheTargetOpen() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        OutputStream out = SecretMasker.of(List.of(Secret.of("xyz"))).wrap(sink);
        out.write("a x".getBytes(StandardCharsets.UTF_8));
        out.close();
        assertThat(sink.toString(StandardCharsets.UTF_8)).isEqualTo("a x");
        assertThat(closed[0]).isFalse();
    }

    private static final String TOKEN = "s3cr3t-Token/value+with=odd&chars?~";

    @Test
    void aSecretSplitAcrossLinesIsMaskedAndTheLinesStay() throws IOException {
        String wrapped = "token: " + TOKEN.substring(0, 10) + "\n" + TOKEN.substring(10, 20) + "\r\n" + TOKEN.substring(20) + " end\n";
        for (int chunk = 1; chunk <= 7; chunk++) {
            assertThat(mask(List.of(TOKEN), wrapped, chunk)).as("chunk " + chunk).isEqualTo("token: ****\n\r\n end\n");
        }
    }

    @Test
    void base64AndBase64UrlAreMaskedAlsoInsideALongerEncodedText() throws IOException {
        java.util.Base64.Encoder std = java.util.Base64.getEncoder();
        java.util.Base64.Encoder url = java.util.Base64.getUrlEncoder();
        byte[] secret = TOKEN.getBytes(StandardCharsets.UTF_8);
        for (java.util.Base64.Encoder encoder : List.of(std, url, std.withoutPadding(), url.withoutPadding())) {
            assertThat(mask(List.of(TOKEN), "x " + encoder.encodeToString(secret) + " y", 3)).doesNotContain(
                    encoder.encodeToString(secret).substring(2, 30));
            for (String prefix : List.of("user:", "ab", "a", "")) {
                // e.g. an HTTP basic header: base64("user:" + secret), the secret at another byte alignment
                String encoded = encoder.encodeToString((prefix + TOKEN + "!").getBytes(StandardCharsets.UTF_8));
                String masked = mask(List.of(TOKEN), "Authorization: Basic " + encoded + "\n", 4);
                assertThat(masked).as(prefix).contains("****");
                assertThat(masked.replace("****", "")).as(prefix).doesNotContain(encoded.substring(8, 32));
            }
        }
    }

    @Test
    void urlEncodedFormsAreMasked() throws IOException {
        String form = java.net.URLEncoder.encode(TOKEN, StandardCharsets.UTF_8);
        assertThat(form).isNotEqualTo(TOKEN);
        assertThat(mask(List.of(TOKEN), "GET /cb?t=" + form + "&x=1", 5)).isEqualTo("GET /cb?t=****&x=1");
        String lowerHex = java.util.regex.Pattern.compile("%[0-9A-F]{2}").matcher(form).replaceAll(m -> m.group().toLowerCase());
        assertThat(mask(List.of(TOKEN), "t=" + lowerHex, 5)).isEqualTo("t=****");
    }

    @Test
    void aJwtsPartsAreMaskedWithoutTheirSeparators() throws IOException {
        String jwt = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJhcHAjNyIsImp0aSI6IjEyMyJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmUtMDEyMzQ1Njc4OQ";
        String[] parts = jwt.split("\\.");
        assertThat(mask(List.of(jwt), "joined: " + parts[0] + parts[1] + parts[2] + "\n", 3)).isEqualTo("joined: ************\n");
        assertThat(mask(List.of(jwt), "sig=" + parts[2], 3)).isEqualTo("sig=****");
    }
}
