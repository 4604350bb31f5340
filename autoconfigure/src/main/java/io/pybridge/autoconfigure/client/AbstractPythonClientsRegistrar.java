package io.pybridge.autoconfigure.client;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/** Registers the client interfaces of some packages; subclasses say which packages. */
abstract class AbstractPythonClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
        ResourceLoaderAware, BeanClassLoaderAware {

    /**
     * The class loader of the context's beans, which loads the application's classes: under
     * DevTools its restart class loader, not the one that loaded pybridge.
     */
    private @Nullable ClassLoader beanClassLoader;

    private Environment environment;

    private ResourceLoader resourceLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.beanClassLoader = classLoader;
    }

    Environment environment() {
        return environment;
    }

    void register(BeanDefinitionRegistry registry, List<String> packages) {
        ClassLoader classLoader = beanClassLoader != null ? beanClassLoader : resourceLoader.getClassLoader();
        new PythonClientScanner(registry, environment, resourceLoader, classLoader).register(packages);
    }
}
