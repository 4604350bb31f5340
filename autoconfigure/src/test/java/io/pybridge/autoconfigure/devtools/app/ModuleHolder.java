package io.pybridge.autoconfigure.devtools.app;

import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonTemplate;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/** Holds a handle for the life of its context, as an application holding a loaded model does. */
@Component
public class ModuleHolder implements DisposableBean {

    private final PythonObject module;

    public ModuleHolder(PythonTemplate template) {
        this.module = template.importModule("devtools_app");
    }

    public PythonObject module() {
        return module;
    }

    @Override
    public void destroy() {
        module.close();
    }
}
