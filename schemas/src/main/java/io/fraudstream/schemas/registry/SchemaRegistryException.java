package io.fraudstream.schemas.registry;

/**
 * A schema registry call that failed: the registry answered with an error, or could not be reached.
 *
 * <p>The message names the URL, the HTTP status and the registry's own {@code error_code} and message, for
 * example {@code POST http://127.0.0.1:8081/subjects/t-value/versions: HTTP 409, error_code 409: Schema being
 * registered is incompatible with an earlier schema}.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Value of {@link #httpStatus()} and {@link #errorCode()} when there was no HTTP response or no error code. */
    public static final int NONE = -1;

    private final int httpStatus;
    private final int errorCode;
    private final String url;

    public SchemaRegistryException(String message, String url, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.url = url;
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** HTTP status of the registry's answer, or {@link #NONE} if it could not be reached. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code} (for example 40401 subject not found), or {@link #NONE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The URL of the failed request. */
    public String url() {
        return url;
    }

    /** True when the registry answered 404 (subject, version or schema not found). */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
