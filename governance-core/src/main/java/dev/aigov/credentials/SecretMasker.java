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
 * secret is split across writes or lines. Where secrets overlap, the longest match wins. At most one byte less than
 * the longest secret is held back, and only while it could still be the start of a secret.
 */
public final class SecretMasker {
    static final byte[] MASK = "****".getBytes(StandardCharsets.US_ASCII);

    private final byte[][] secrets; // longest first, so the first full match is the longest

    private SecretMasker(byte[][] secrets) {
        this.secrets = secrets;
    }

    public static SecretMasker of(Collection<Secret> secrets) {
        return new SecretMasker(secrets.stream()
                .map(s -> s.reveal().getBytes(StandardCharsets.UTF_8))
                .filter(b -> b.length > 0)
                .sorted(Comparator.comparingInt((byte[] b) -> b.length).reversed())
                .toArray(byte[][]::new));
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
                boolean undecided = false;
                for (byte[] secret : secrets) {
                    int n = matchAt(i, secret);
                    if (n == secret.length) {
                        match = n;
                        break; // longest first: nothing longer can still match here
                    }
                    if (n == length - i && !end) {
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

        /** How many bytes of {@code secret} match at {@code i}, stopping at the first difference or the buffer's end. */
        private int matchAt(int i, byte[] secret) {
            int n = 0;
            while (n < secret.length && i + n < length && pending[i + n] == secret[n]) {
                n++;
            }
            return n;
        }
    }
}
