package io.fraudstream.schemas.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.fraudstream.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

/**
 * What the serdes send to the registry is what parsing the repo's {@code .avsc} file gives, so a client in another
 * language that sends the file's text finds the schema the services registered (and registering it adds nothing).
 */
class RegistryFormTest {

    @Test
    void shouldSendEveryGeneratedSchemaAsItsAvscFileParses() throws Exception {
        // Given every .avsc file of the repo, parsed as the Avro compiler parses them
        Map<String, Schema> files = SchemaFiles.parseAll(SchemaFiles.CURRENT);
        assertThat(files).isNotEmpty();
        for (Map.Entry<String, Schema> file : files.entrySet()) {
            // When the client renders the generated class's schema for the registry
            Schema generated = SpecificData.get().getSchema(Class.forName(SchemaFiles.NAMESPACE + "." + file.getKey()));
            String sent = SchemaRegistryClient.registryForm(generated);
            // Then it is the file's schema in Avro's compact form, without the Java-only string property
            assertThat(generated.toString()).as("the generated class's schema").contains("avro.java.string");
            assertThat(sent)
                    .as(file.getKey())
                    .isEqualTo(file.getValue().toString())
                    .doesNotContain("avro.java.string");
        }
    }

    @Test
    void shouldLeaveASchemaWithoutTheJavaPropertyAsItIs() {
        Schema plain = new Schema.Parser()
                .parse("{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"s\",\"type\":\"string\"}]}");
        assertThat(SchemaRegistryClient.registryForm(plain)).isEqualTo(plain.toString());
    }
}
