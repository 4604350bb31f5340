package io.pybridge.autoconfigure.client;

import io.pybridge.core.client.PythonClientFactory;
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
        return beanFactory.getBean(PythonClientFactory.class).create(client, name);
    }

    @Override
    public Class<?> getObjectType() {
        return client;
    }
}
