package io.fraudstream.runtime.topics;

/** Topics could not be listed, described or created (broker unreachable, not authorized, invalid request...). */
public class TopicProvisioningException extends RuntimeException {

    /** With a message naming what failed. */
    public TopicProvisioningException(String message, Throwable cause) {
        super(message, cause);
    }

    /** With a message and no cause. */
    protected TopicProvisioningException(String message) {
        super(message);
    }
}
