package org.kohsuke.stapler;

public class HttpResponses {
    private HttpResponses() {
    }

    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException();
    }
}
