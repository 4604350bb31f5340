package io.pybridge.core.internal.process;

/** Placeholder until the conversion layer lands: the sentinel of a record component not found. */
final class WireTree {

    /** A record component the worker found under neither of its names. */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    private WireTree() {
    }
}
