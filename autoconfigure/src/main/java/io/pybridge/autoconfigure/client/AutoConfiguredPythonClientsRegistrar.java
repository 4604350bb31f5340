package io.pybridge.autoconfigure.client;

import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers the clients in the application's packages (those of {@code @SpringBootApplication},
 * as for Spring Data repositories) and in {@code pybridge.clients.packages}, with no setup.
 */
class AutoConfiguredPythonClientsRegistrar extends AbstractPythonClientsRegistrar implements BeanFactoryAware {

    private BeanFactory beanFactory;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        List<String> packages = new ArrayList<>();
        if (AutoConfigurationPackages.has(beanFactory)) {
            packages.addAll(AutoConfigurationPackages.get(beanFactory));
        }
        packages.addAll(Binder.get(environment()).bind("pybridge.clients.packages", String[].class)
                .map(List::of).orElse(List.of()));
        register(registry, packages);
    }
}
