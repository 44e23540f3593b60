package io.jenkins.plugins.aigovernance;

import hudson.model.User;
import hudson.tasks.Mailer;

/** The user's e-mail from the Mailer plugin's user property; empty without it (the plugin is an optional dependency). */
final class MailerAddress {
    private MailerAddress() {
    }

    static String of(User user) {
        try {
            Mailer.UserProperty property = user.getProperty(Mailer.UserProperty.class);
            String address = property == null ? null : property.getAddress();
            return address == null ? "" : address;
        } catch (LinkageError mailerNotInstalled) {
            return "";
        }
    }
}
