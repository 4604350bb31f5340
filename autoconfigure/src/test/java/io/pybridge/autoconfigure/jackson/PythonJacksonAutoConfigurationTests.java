package io.pybridge.autoconfigure.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.PythonTemplate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Boot's JsonMapper writes handles through the natural mapping and closes them; never {"closed":false}. */
class PythonJacksonAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(PythonAutoConfiguration.class, PythonJacksonAutoConfiguration.class,
                    JacksonAutoConfiguration.class));

    @Test
    void aHandleIsWrittenThroughTheNaturalMappingAndClosed() {
        contextRunner.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            PythonTemplate python = context.getBean(PythonTemplate.class);
            PythonObject scores = python.eval("{'model': 'm1', 'scores': [0.5, 1.5], 'ok': True, 'none': None}", PythonObject.class);
            assertThat(json.writeValueAsString(Map.of("result", scores)))
                    .isEqualTo("{\"result\":{\"model\":\"m1\",\"scores\":[0.5,1.5],\"ok\":true,\"none\":null}}");
            assertThat(scores.isClosed()).as("the response consumed it").isTrue();
        });
    }

    @Test
    void anObjectWithoutAJsonFormFailsWithItsRepr() {
        contextRunner.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            PythonObject pattern = context.getBean(PythonTemplate.class).eval("__import__('re').compile('a+b')", PythonObject.class);
            assertThatThrownBy(() -> json.writeValueAsString(pattern)).isInstanceOf(JacksonException.class)
                    .hasMessageContaining("has no JSON form").hasMessageContaining("re.compile('a+b')")
                    .hasMessageNotContaining("closed");
            assertThat(pattern.isClosed()).isTrue();
        });
    }

    @Test
    void anNdArrayIsWrittenAsNestedListsFollowingItsShape() {
        contextRunner.run(context -> {
            JsonMapper json = context.getBean(JsonMapper.class);
            assertThat(json.writeValueAsString(NdArray.of(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3)))
                    .isEqualTo("[[1.0,2.0,3.0],[4.0,5.0,6.0]]");
            assertThat(json.writeValueAsString(NdArray.ofUnsigned(new byte[] { (byte) 255, 1 }, 2))).isEqualTo("[255,1]");
        });
    }

    @Test
    void aModuleOfTheUsersOwnWins() {
        contextRunner.withBean("pythonJacksonModule", PythonJacksonModule.class, PythonJacksonModule::new)
                .run(context -> assertThat(context).hasSingleBean(PythonJacksonModule.class));
    }
}
