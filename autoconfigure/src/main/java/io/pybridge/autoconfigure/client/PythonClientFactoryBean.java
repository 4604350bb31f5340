package io.pybridge.autoconfigure.client;

import io.pybridge.core.client.PythonClientFactory;
import io.pybridge.core.exception.PythonClientValidationException;
import java.lang.reflect.Proxy;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.FactoryBean;

/**
 * Creates one Python client bean through the context's {@link PythonClientFactory}; with
 * validation at startup, a method that does not match its Python function fails the context.
 *
 * @param <T> the client interface
 */
public class PythonClientFactoryBean<T> implements FactoryBean<T>, BeanFactoryAware {

    private final Class<T> client;

    private final String name;

    private BeanFactory beanFactory;

    public PythonClientFactoryBean(Class<T> client, String name) {
        this.client = client;
        this.name = name;
    }

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public T getObject() {
        try {
            return beanFactory.getBean(PythonClientFactory.class).create(client, name);
        }
        catch (PythonClientValidationException failure) {
            PythonClientValidations validations = beanFactory.getBeanProvider(PythonClientValidations.class).getIfAvailable();
            if (validations == null || !validations.defer(failure)) {
                throw failure;
            }
            // Reported with every other client's failures once the context's singletons exist;
            // until then (a bean calling it while it starts) each call throws the same failure.
            return client.cast(Proxy.newProxyInstance(client.getClassLoader(), new Class<?>[] { client },
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return switch (method.getName()) {
                                case "equals" -> proxy == args[0];
                                case "hashCode" -> System.identityHashCode(proxy);
                                default -> "invalid Python client " + client.getName();
                            };
                        }
                        throw failure;
                    }));
        }
    }

    @Override
    public Class<?> getObjectType() {
        return client;
    }
}
