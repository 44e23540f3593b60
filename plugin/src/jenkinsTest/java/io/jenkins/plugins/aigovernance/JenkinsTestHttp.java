package io.jenkins.plugins.aigovernance;

import java.net.URL;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebRequest;
import org.htmlunit.WebResponse;
import org.jvnet.hudson.test.JenkinsRule;

/** A POST with the caller's crumb, as a browser form sends it; the response whatever its status. */
final class JenkinsTestHttp {
    private JenkinsTestHttp() {
    }

    static WebResponse post(JenkinsRule j, JenkinsRule.WebClient client, String relative) throws Exception {
        WebRequest request = new WebRequest(new URL(j.getURL(), relative), HttpMethod.POST);
        client.withThrowExceptionOnFailingStatusCode(false);
        client.addCrumb(request);
        Page page = client.getPage(request);
        return page.getWebResponse();
    }
}
