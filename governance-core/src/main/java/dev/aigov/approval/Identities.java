package dev.aigov.approval;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares identities as people, not strings: {@code Name <email>} forms, the GitHub noreply forms of an account
 * ({@code claude[bot]@users.noreply.github.com}, {@code 209825114+claude[bot]@users.noreply.github.com}), case,
 * repeated or non-breaking whitespace, invisible (format) characters and Unicode compatibility forms (NFKC and case
 * folding). A different identity that looks the same as another (a mixed-script look-alike such as Cyrillic
 * {@code аlice}) is {@linkplain #lookAlike ambiguous}: separation-of-duties checks refuse it.
 */
public final class Identities {
    private static final Pattern NAME_EMAIL = Pattern.compile("^(.*?)\\s*<([^<>]*)>$");
    private static final Pattern NOREPLY = Pattern.compile("^(?:\\d+\\+)?([^@]+)@users\\.noreply\\.github\\.com$");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    /** Confusable letters of other scripts and their Latin look-alike (Unicode TR39 prototypes, the common ones). */
    private static final Map<Character, Character> CONFUSABLE = Map.ofEntries(
            Map.entry('а', 'a'), Map.entry('в', 'b'), Map.entry('е', 'e'), Map.entry('ё', 'e'), Map.entry('һ', 'h'),
            Map.entry('і', 'i'), Map.entry('ї', 'i'), Map.entry('ј', 'j'), Map.entry('к', 'k'), Map.entry('м', 'm'),
            Map.entry('н', 'h'), Map.entry('о', 'o'), Map.entry('р', 'p'), Map.entry('с', 'c'), Map.entry('ѕ', 's'),
            Map.entry('т', 't'), Map.entry('у', 'y'), Map.entry('х', 'x'), Map.entry('ԁ', 'd'), Map.entry('ԛ', 'q'),
            Map.entry('ԝ', 'w'), Map.entry('ӏ', 'l'), Map.entry('ɡ', 'g'), Map.entry('α', 'a'), Map.entry('β', 'b'),
            Map.entry('ε', 'e'), Map.entry('η', 'n'), Map.entry('ι', 'i'), Map.entry('κ', 'k'), Map.entry('ν', 'v'),
            Map.entry('ο', 'o'), Map.entry('ρ', 'p'), Map.entry('τ', 't'), Map.entry('υ', 'u'), Map.entry('χ', 'x'),
            Map.entry('ω', 'w'), Map.entry('ı', 'i'), Map.entry('ℓ', 'l'), Map.entry('0', 'o'), Map.entry('1', 'l'));

    private Identities() {
    }

    /**
     * The canonical form of one identity string: invisible characters removed, NFKC, whitespace collapsed to one
     * space and trimmed, case folded.
     */
    public static String normalize(String identity) {
        if (identity == null) {
            return "";
        }
        StringBuilder visible = new StringBuilder(identity.length());
        identity.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type != Character.FORMAT && type != Character.CONTROL && type != Character.UNASSIGNED
                    && cp != 0x034F && !(cp >= 0xFE00 && cp <= 0xFE0F) && cp != 0x115F && cp != 0x1160 && cp != 0x3164) {
                visible.appendCodePoint(cp);
            } else if (cp == '\t' || cp == '\n' || cp == '\r') {
                visible.append(' ');
            }
        });
        String nfkc = Normalizer.normalize(visible, Normalizer.Form.NFKC);
        String spaced = WHITESPACE.matcher(nfkc.replace('\u00A0', ' ')).replaceAll(" ").strip();
        // Full case folding as far as the JDK offers it: upper then lower maps ß to ss, ﬁ to fi, final sigma to sigma.
        return Normalizer.normalize(spaced.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
    }

    /**
     * Every form under which this identity may appear, normalised: the whole string, and for {@code Name <email>} the
     * name and the e-mail; for a GitHub noreply address the account login too ({@code claude[bot]}).
     */
    public static Set<String> keys(String identity) {
        String n = normalize(identity);
        Set<String> keys = new LinkedHashSet<>();
        if (n.isEmpty()) {
            return keys;
        }
        keys.add(n);
        Matcher m = NAME_EMAIL.matcher(n);
        String email = n;
        if (m.matches()) {
            String name = m.group(1).strip();
            email = m.group(2).strip();
            if (!name.isEmpty()) {
                keys.add(name);
            }
            if (!email.isEmpty()) {
                keys.add(email);
            }
        }
        Matcher noreply = NOREPLY.matcher(email);
        if (noreply.matches()) {
            keys.add(noreply.group(1));
        }
        return keys;
    }

    /** Whether two identities name the same person (some form of one equals some form of the other). */
    public static boolean samePerson(String a, String b) {
        Set<String> ka = keys(a);
        return keys(b).stream().anyMatch(ka::contains);
    }

    /** True for an account name ending in {@code [bot]}, in any of its forms. */
    public static boolean isBot(String identity) {
        return keys(identity).stream().anyMatch(k -> k.endsWith("[bot]"));
    }

    /**
     * Whether {@code candidate} is not {@code identity} but looks like it: some form of each has the same
     * skeleton (other scripts' confusable letters mapped to Latin) while the forms differ.
     */
    public static boolean lookAlike(String candidate, String identity) {
        if (samePerson(candidate, identity)) {
            return false;
        }
        Set<String> skeletons = new LinkedHashSet<>();
        keys(identity).forEach(k -> skeletons.add(skeleton(k)));
        return keys(candidate).stream().filter(Identities::hasConfusable).map(Identities::skeleton)
                .anyMatch(skeletons::contains);
    }

    private static boolean hasConfusable(String s) {
        return s.chars().anyMatch(c -> c > 0x7F && CONFUSABLE.containsKey((char) c));
    }

    /** The Latin skeleton of a normalised identity. */
    static String skeleton(String normalized) {
        StringBuilder out = new StringBuilder(normalized.length());
        for (char c : normalized.toCharArray()) {
            out.append(CONFUSABLE.getOrDefault(c, c));
        }
        return out.toString();
    }
}
