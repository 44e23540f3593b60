package org.kohsuke.stapler;

public class HttpResponses {
    private HttpResponses() {
    }

    public abstract static class HttpResponseException extends RuntimeException implements HttpResponse {
        public HttpResponseException() {
        }
    }

    public static HttpResponseException forbidden() {
        throw new UnsupportedOperationException();
    }

    public static HttpResponse redirectToDot() {
        throw new UnsupportedOperationException();
    }
}
