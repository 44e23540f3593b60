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

    // Written out: the record's generated equals is linked through an invokedynamic bootstrap on first use, a few
    // milliseconds of every short CLI run, and the detector compares author and committer on the first commit.
    @Override
    public boolean equals(Object other) {
        return other instanceof Person person && name.equals(person.name) && email.equals(person.email);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + email.hashCode();
    }

    @Override
    public String toString() {
        return email.isEmpty() ? name : name + " <" + email + ">";
    }
}
