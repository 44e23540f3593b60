package dev.aigov.credentials;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;

/**
 * Replaces every issued secret value with {@code ****} in a byte stream (a child's stdout or stderr), also when a
 * secret is split across writes, or across lines (line breaks inside it are skipped, and kept in the output after
 * the mask). Besides the value itself it masks the forms a leaked value commonly takes on its way to a log: base64
 * and base64url (also inside a longer encoded text, at each of the three byte alignments), URL-encoded, and each
 * part of a JWT on its own (so the parts printed without their dots are masked too). Where secrets overlap, the
 * longest match wins. Only what could still be the start of a secret is held back.
 */
public final class SecretMasker {
    static final byte[] MASK = "****".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] secrets; // longest first, so the first full match is the longest

    private SecretMasker(byte[][] secrets) {
        this.secrets = secrets;
    }

    /** Encoded fragments shorter than this are not masked: too likely to occur by chance. */
    static final int MIN_VARIANT = 8;
    /** A match may skip at most this many line-break bytes. */
    private static final int MAX_LINE_BREAKS = 64;

    public static SecretMasker of(Collection<Secret> secrets) {
        java.util.Set<String> forms = new java.util.LinkedHashSet<>();
        for (Secret secret : secrets) {
            String value = secret.reveal();
            if (value.isEmpty()) {
                continue;
            }
            forms.add(value);
            forms.addAll(variants(value));
        }
        return new SecretMasker(forms.stream()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed())
                .toArray(byte[][]::new));
    }

    /** The encoded forms of a value that are masked too. */
    static java.util.Set<String> variants(String value) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        for (java.util.Base64.Encoder encoder : java.util.List.of(java.util.Base64.getEncoder(), java.util.Base64.getUrlEncoder())) {
            out.add(encoder.encodeToString(bytes));
            for (int offset = 0; offset < 3; offset++) {
                out.add(aligned(encoder, bytes, offset));
            }
        }
        String form = java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
        out.add(form);
        out.add(form.replace("+", "%20"));
        out.add(lowerHex(form));
        String[] parts = value.split("\\.", -1);
        if (parts.length == 3 && value.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*")) {
            for (String part : parts) {
                out.add(part); // each part alone: the parts printed without their separators are masked too
            }
        }
        out.remove(value);
        out.removeIf(v -> v.length() < MIN_VARIANT);
        return out;
    }

    /**
     * The base64 characters that encode only the value's bytes when it follows {@code offset} other bytes in a longer
     * encoded text: those characters are the same whatever surrounds it.
     */
    private static String aligned(java.util.Base64.Encoder encoder, byte[] value, int offset) {
        byte[] shifted = new byte[offset + value.length];
        System.arraycopy(value, 0, shifted, offset, value.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int first = (offset * 8 + 5) / 6; // the first character wholly inside the value
        int last = (offset + value.length) * 8 / 6; // characters before this end inside the value
        return first < last ? encoded.substring(first, last) : "";
    }

    private static String lowerHex(String urlEncoded) {
        StringBuilder s = new StringBuilder(urlEncoded.length());
        for (int i = 0; i < urlEncoded.length(); i++) {
            char c = urlEncoded.charAt(i);
            s.append(i >= 1 && urlEncoded.charAt(i - 1) == '%' || i >= 2 && urlEncoded.charAt(i - 2) == '%' ? Character.toLowerCase(c) : c);
        }
        return s.toString();
    }

    /**
     * A stream that writes to {@code out} what is written to it, masked. Closing it releases what it held back and
     * flushes {@code out} but leaves it open (it is usually {@code System.out}).
     */
    public OutputStream wrap(OutputStream out) {
        return new Masking(Objects.requireNonNull(out));
    }

    private final class Masking extends OutputStream {
        private final OutputStream out;
        private byte[] pending = new byte[256];
        private int length;

        Masking(OutputStream out) {
            this.out = out;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int count) throws IOException {
            Objects.checkFromIndexSize(offset, count, bytes.length);
            if (length + count > pending.length) {
                pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + count));
            }
            System.arraycopy(bytes, offset, pending, length, count);
            length += count;
            drain(false);
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            drain(true);
        }

        /** Emits everything that is decided; keeps a tail that might still become a secret unless at the end. */
        private void drain(boolean end) throws IOException {
            int start = 0; // first byte not yet emitted
            int i = 0;
            while (i < length) {
                int match = 0;
                byte[] matched = null;
                boolean undecided = false;
                for (byte[] secret : secrets) {
                    int n = matchAt(i, secret, end);
                    if (n > 0) {
                        match = n;
                        matched = secret;
                        break; // longest first: nothing longer can still match here
                    }
                    if (n < 0) {
                        undecided = true; // the buffer ends inside this (longer) secret: wait for more
                        break;
                    }
                }
                if (undecided) {
                    break;
                }
                if (match > 0) {
                    out.write(pending, start, i - start);
                    out.write(MASK);
                    for (int k = i, n = 0; k < i + match; k++) {
                        if (n < matched.length && pending[k] == matched[n]) {
                            n++;
                        } else {
                            out.write(pending[k]); // a line break the secret was split across: the lines stay lines
                        }
                    }
                    i += match;
                    start = i;
                } else {
                    i++;
                }
            }
            out.write(pending, start, i - start);
            System.arraycopy(pending, i, pending, 0, length - i);
            length -= i;
            out.flush();
        }

        /**
         * How many buffered bytes the secret spans at {@code i} (line breaks inside it skipped), 0 when it does not
         * match there, -1 when the buffer ends first and more could still make it match.
         */
        private int matchAt(int i, byte[] secret, boolean end) {
            int p = i;
            int n = 0;
            int breaks = 0;
            while (n < secret.length) {
                if (p >= length) {
                    return end ? 0 : -1;
                }
                byte b = pending[p];
                if (b == secret[n]) {
                    p++;
                    n++;
                } else if (n > 0 && (b == '\n' || b == '\r') && ++breaks <= MAX_LINE_BREAKS) {
                    p++;
                } else {
                    return 0;
                }
            }
            return p - i;
        }
    }
}
