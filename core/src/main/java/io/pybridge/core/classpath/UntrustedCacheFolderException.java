package io.pybridge.core.classpath;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;

/**
 * A folder of the cache that someone other than this JVM's user (or root) could write (it, a file
 * in it, or a folder on the way to it from the cache root), so it is not used, nor unpacked:
 * Python would run whatever was put there, now or after any check. The message names the
 * folder, why it is not trusted and the fix ({@link #fix()}); nothing is deleted.
 *
 * <p>An {@link UncheckedIOException}, as every other failure to put a classpath folder on disk,
 * so existing handlers still catch it.
 */
public final class UntrustedCacheFolderException extends UncheckedIOException {

    private static final long serialVersionUID = 1L;

    private final transient Path folder;

    private final String fix;

    UntrustedCacheFolderException(Path folder, String reason, String fix) {
        super("Refusing to use " + folder + ": " + reason + ". " + fix,
                new AccessDeniedException(folder.toString(), null, reason));
        this.folder = folder;
        this.fix = fix;
    }

    /** The unpacked folder that was refused. */
    public Path folder() {
        return folder;
    }

    /** What to do about it, e.g. which cache folder to use instead. */
    public String fix() {
        return fix;
    }
}
