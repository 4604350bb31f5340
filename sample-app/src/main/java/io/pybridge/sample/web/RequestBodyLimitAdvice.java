package io.pybridge.sample.web;

import io.pybridge.sample.SampleProperties;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Caps {@code @RequestBody} payloads at {@code sample.max-request-size} before JSON parsing
 * builds them in memory: a declared {@code Content-Length} over the limit is refused unread,
 * and a body without one (chunked) is cut off once it passes the limit. Both become 413.
 */
@ControllerAdvice
public class RequestBodyLimitAdvice extends RequestBodyAdviceAdapter {

    private final long maxBytes;

    public RequestBodyLimitAdvice(SampleProperties properties) {
        this.maxBytes = properties.getMaxRequestSize().toBytes();
    }

    @Override
    public boolean supports(MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
        long declared = input.getHeaders().getContentLength();
        if (declared > maxBytes) {
            throw new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body has " + declared + " bytes; at most " + maxBytes + " are accepted");
        }
        return new LimitedInputMessage(input, maxBytes);
    }

    private static final class LimitedInputMessage implements HttpInputMessage {

        private final HttpInputMessage delegate;

        private final long maxBytes;

        LimitedInputMessage(HttpInputMessage delegate, long maxBytes) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
        }

        @Override
        public InputStream getBody() throws IOException {
            return new LimitedInputStream(delegate.getBody(), maxBytes);
        }

        @Override
        public HttpHeaders getHeaders() {
            return delegate.getHeaders();
        }
    }

    private static final class LimitedInputStream extends FilterInputStream {

        private final long maxBytes;

        private long count;

        LimitedInputStream(InputStream in, long maxBytes) {
            super(in);
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            counted(skipped);
            return skipped;
        }

        private void counted(long n) throws BodyTooLargeException {
            count += n;
            if (count > maxBytes) {
                throw new BodyTooLargeException(maxBytes);
            }
        }
    }
}
