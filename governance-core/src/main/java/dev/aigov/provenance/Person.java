package dev.aigov.provenance;

import java.util.Locale;

/** A git identity as recorded in a commit: name and e-mail, either may be empty. */
public record Person(String name, String email) {
    public Person {
        name = name == null ? "" : name;
        email = email == null ? "" : email;
    }

    /** E-mail in lower case, for case-insensitive identity matching. */
    public String normalizedEmail() {
        return email.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return email.isEmpty() ? name : name + " <" + email + ">";
    }
}
