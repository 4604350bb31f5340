package io.pybridge.autoconfigure.client;

import java.util.List;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/** Registers the client interfaces of some packages; subclasses say which packages. */
abstract class AbstractPythonClientsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware,
        ResourceLoaderAware {

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

    Environment environment() {
        return environment;
    }

    void register(BeanDefinitionRegistry registry, List<String> packages) {
        new PythonClientScanner(registry, environment, resourceLoader).register(packages);
    }
}
