package dev.aigov.approval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentitiesTest {

    @Test
    void nameAndEmailFormsAreTheSamePersonAsTheBareEmailOrName() {
        assertThat(Identities.samePerson("Alice Dev <alice@example.com>", "alice@example.com")).isTrue();
        assertThat(Identities.samePerson("Alice Dev <alice@example.com>", "alice dev")).isTrue();
        assertThat(Identities.samePerson("Alice Dev <alice@example.com>", "bob@example.com")).isFalse();
    }

    @Test
    void githubNoreplyFormsOfABotAreTheBotAccount() {
        assertThat(Identities.samePerson("claude[bot]@users.noreply.github.com", "claude[bot]")).isTrue();
        assertThat(Identities.samePerson("209825114+claude[bot]@users.noreply.github.com", "Claude[bot]")).isTrue();
        assertThat(Identities.samePerson("Claude <209825114+claude[bot]@users.noreply.github.com>",
                "claude[bot]@users.noreply.github.com")).isTrue();
        assertThat(Identities.isBot("209825114+claude[bot]@users.noreply.github.com")).isTrue();
        assertThat(Identities.isBot("alice@example.com")).isFalse();
    }

    @Test
    void caseWhitespaceInvisibleCharactersAndCompatibilityFormsDoNotMakeANewPerson() {
        assertThat(Identities.samePerson("ALICE@Example.COM", "alice@example.com")).isTrue();
        assertThat(Identities.samePerson("alice@example.com\u200b", "alice@example.com")).as("zero-width space").isTrue();
        assertThat(Identities.samePerson("\ufeffal\u200dice@example.com\u2060", "alice@example.com")).isTrue();
        assertThat(Identities.samePerson("dave\u200b", "dave")).isTrue();
        assertThat(Identities.samePerson("Alice\u00a0\u00a0 Dev", "alice dev")).as("non-breaking and repeated spaces").isTrue();
        assertThat(Identities.samePerson("ａｌｉｃｅ@example.com", "alice@example.com")).as("full-width (NFKC)").isTrue();
        assertThat(Identities.samePerson("STRASSE", "straße")).as("case folding").isTrue();
        assertThat(Identities.normalize("  Alice \t Dev  ")).isEqualTo("alice dev");
    }

    @Test
    void aMixedScriptLookAlikeIsNotTheSamePersonButIsFlaggedAsALookAlike() {
        String cyrillic = "\u0430lice@example.com"; // Cyrillic a
        assertThat(Identities.samePerson(cyrillic, "alice@example.com")).isFalse();
        assertThat(Identities.lookAlike(cyrillic, "alice@example.com")).isTrue();
        assertThat(Identities.lookAlike("Alice <" + cyrillic + ">", "alice@example.com")).isTrue();
        assertThat(Identities.lookAlike("alice@example.com", "alice@example.com")).as("the same person is no look-alike").isFalse();
        assertThat(Identities.lookAlike("bob@example.com", "alice@example.com")).isFalse();
        assertThat(Identities.lookAlike("\u0441laude[bot]", "claude[bot]")).as("Cyrillic es").isTrue();
    }
}
