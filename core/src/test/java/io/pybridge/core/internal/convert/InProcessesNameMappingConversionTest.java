package io.pybridge.core.internal.convert;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;

/** {@link NameMappingConversionTest}'s cases through the worker processes: the same conversions out of process. */
@CPythonTest
class InProcessesNameMappingConversionTest extends NameMappingConversionTest {

    @Override
    PythonTemplate template() {
        return SharedRuntime.template().inProcesses();
    }
}
