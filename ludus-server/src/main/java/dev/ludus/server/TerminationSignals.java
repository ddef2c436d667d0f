package dev.ludus.server;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.List;

/**
 * Turns SIGTERM and SIGINT into a callback, so that a requested stop is a normal end of
 * {@code serve}: it closes connections, returns, and the process exits 0 with every shutdown hook
 * run (a JVM killed through its default handler exits 143).
 *
 * <p>Uses {@code sun.misc.Signal} from the {@code jdk.unsupported} module, which the JDK keeps for
 * exactly this purpose (JEP 260); it is reached reflectively so the build's {@code -Werror} does not
 * trip on its "internal proprietary API" warning. Where it is missing, {@link #install} returns
 * false and the caller falls back to a shutdown hook.
 */
final class TerminationSignals {
    private static final List<String> SIGNALS = List.of("TERM", "INT");

    private TerminationSignals() {
    }

    /**
     * @param onSignal run once per signal, on the JVM's signal thread; must return quickly
     * @return whether the handlers were installed
     */
    static boolean install(Runnable onSignal) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            InvocationHandler invocation = (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    onSignal.run();
                    return null;
                }
                return switch (method.getName()) {
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "TerminationSignals.handler";
                };
            };
            Object handler = Proxy.newProxyInstance(TerminationSignals.class.getClassLoader(),
                new Class<?>[] {handlerClass}, invocation);
            for (String name : SIGNALS) {
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
            }
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
