package io.jenkins.plugins.aigovernance;

import java.net.URL;
import org.htmlunit.FailingHttpStatusCodeException;
import org.htmlunit.HttpMethod;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jvnet.hudson.test.JenkinsRule;

/** A POST with the caller's crumb, as a browser form sends it. */
final class JenkinsTestHttp {
    private JenkinsTestHttp() {
    }

    /**
     * The response to the POST whatever its status: for a failing status the response that failed (not a page
     * its refresh or redirect led to, as an anonymous 403 leads to the login page).
     */
    static WebResponse post(JenkinsRule j, JenkinsRule.WebClient client, String relative) throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(), relative), HttpMethod.POST);
        client.withThrowExceptionOnFailingStatusCode(true);
        client.addCrumb(request);
        try {
            return client.getPage(request).getWebResponse();
        } catch (FailingHttpStatusCodeException failed) {
            return failed.getResponse();
        }
    }
}
