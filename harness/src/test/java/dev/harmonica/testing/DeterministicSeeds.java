package dev.harmonica.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyAttributes;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Makes every jqwik property deterministic: a property without an explicit {@code @Property(seed = ...)} runs with
 * a seed derived from its class and method name (the first 8 bytes of SHA-256 of {@code Class#method}), so each
 * build generates the same inputs, and a failure reproduces by running the test again. jqwik prints the seed of a
 * failing property ({@code seed = ...} in its report).
 *
 * <p>{@code -Dharmonica.jqwik.seeds=random} (or {@code HARMONICA_JQWIK_SEEDS=random}) restores jqwik's random seeds
 * for exploratory runs; the seed of each property is then printed, so a find can be pinned with
 * {@code @Property(seed = ...)}. Registered for every property through
 * {@code META-INF/services/net.jqwik.api.lifecycle.LifecycleHook} (jqwik's global hook registration).
 */
public final class DeterministicSeeds implements AroundPropertyHook {
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        PropertyAttributes attributes = context.attributes();
        if (attributes.seed().filter(s -> !s.isEmpty()).isEmpty()) {
            if (randomSeeds()) {
                PropertyExecutionResult result = property.execute();
                System.out.println(context.label() + ": random seed " + result.seed().orElse("?"));
                return result;
            }
            attributes.setSeed(Long.toString(seedOf(context.containerClass().getName() + "#" + context.targetMethod().getName())));
        }
        return property.execute();
    }

    private static boolean randomSeeds() {
        String v = System.getProperty("harmonica.jqwik.seeds");
        if (v == null) v = System.getenv("HARMONICA_JQWIK_SEEDS");
        return "random".equals(v);
    }

    /** The fixed seed of a property: stable across builds, machines and JDKs. */
    static long seedOf(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (d[i] & 0xFF);
            return v & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
