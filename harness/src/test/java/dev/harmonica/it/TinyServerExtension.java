package dev.harmonica.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Resolves a {@link Launch} parameter to the server named by the test class's {@link ServedBy}, started lazily the
 * first time a test asks for it and shared by every test of the JVM: it lives in the root context's store, which
 * closes it (stopping the server) when the test plan ends. A start that skipped or failed is remembered and
 * reported again, as is, by {@link Launch#server()} in the test's own code (a parameter resolver would wrap a skip
 * into a failure).
 */
final class TinyServerExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TinyServerExtension.class);

    /** The server a test class talks to. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @interface ServedBy {
        TinyServer.Kind value();
    }

    /** A started server, or why it is not there (a skip or a failure, thrown again by {@link #server()}). */
    record Launch(TinyServer started, RuntimeException skipped, Error failed) implements AutoCloseable {
        TinyServer server() {
            if (skipped != null) throw skipped;
            if (failed != null) throw failed;
            return started;
        }

        @Override
        public void close() throws IOException {
            if (started != null) started.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Launch.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        ServedBy servedBy = c.getRequiredTestClass().getAnnotation(ServedBy.class);
        if (servedBy == null) throw new ParameterResolutionException(c.getRequiredTestClass() + " has no @ServedBy");
        return c.getRoot().getStore(NAMESPACE).computeIfAbsent(servedBy.value(), TinyServerExtension::launch,
                Launch.class);
    }

    private static Launch launch(TinyServer.Kind kind) {
        try {
            return new Launch(TinyServer.start(kind), null, null);
        } catch (RuntimeException e) { // a skip (TestAbortedException) or a bug
            return new Launch(null, e, null);
        } catch (Error e) { // a failure: the env is required or the server did not start
            return new Launch(null, null, e);
        } catch (IOException e) {
            return new Launch(null, null, new AssertionError("could not start " + kind.description + ": " + e, e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Launch(null, null, new AssertionError("interrupted while starting " + kind.description, e));
        }
    }
}
