package io.urbanflow.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.urbanflow.ingest.FieldMapping;
import io.urbanflow.ingest.IngestTables;
import io.urbanflow.ingest.JsonRecordDecoder;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.lake.RawTable;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.pipeline.BuildMode;
import io.urbanflow.pipeline.Model;
import io.urbanflow.pipeline.ModelContext;
import io.urbanflow.pipeline.ModelResult;
import java.util.List;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

class DomainsTest {
    private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "id", Types.StringType.get()));

    /** A domain of one topic ({@code NAME.events} → {@code raw.TABLE}) and the given models. */
    private record Plain(String name, String table, List<Model> models) implements Domain {
        Plain(String name) {
            this(name, name + "_events", List.of());
        }

        @Override
        public String description() {
            return "a test domain";
        }

        @Override
        public List<TopicBinding> topics() {
            return List.of(new TopicBinding(name + ".events", RawTable.of("raw." + table, SCHEMA, PartitionSpec.unpartitioned()),
                    IngestTables.rejected("raw." + name + "_rejected"), new JsonRecordDecoder(FieldMapping.identity())));
        }
    }

    private record Named(String name, List<String> inputs) implements Model {
        @Override
        public Schema schema() {
            return SCHEMA;
        }

        @Override
        public PartitionSpec partitionSpec() {
            return PartitionSpec.unpartitioned();
        }

        @Override
        public ModelResult build(ModelContext context, BuildMode mode) {
            throw new UnsupportedOperationException("never built here");
        }
    }

    @Test
    void domainsAreKeptInOrderAndSelectedByNameOrAll() {
        Domains domains = Domains.of(List.of(new Plain("alpha"), new Plain("beta")));

        assertThat(domains.names()).containsExactly("alpha", "beta");
        assertThat(domains.select("all")).hasSize(2);
        assertThat(domains.select(null)).hasSize(2);
        assertThat(domains.select("Beta")).extracting(Domain::name).containsExactly("beta");
        assertThat(domains.ofTopic("beta.events")).map(Domain::name).contains("beta");
        assertThat(domains.binding("alpha.events")).map(binding -> binding.table().name()).contains("raw.alpha_events");
        assertThatThrownBy(() -> domains.select("gamma")).isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot find domain 'gamma': known domains are alpha, beta");
    }

    @Test
    void aSecondDomainOfTheSameNameIsRefused() {
        assertThatThrownBy(() -> Domains.of(List.of(new Plain("alpha"), new Plain("alpha", "other", List.of()))))
                .isInstanceOf(UrbanFlowException.class).hasMessageStartingWith("Cannot register domain alpha twice");
    }

    @Test
    void twoDomainsWritingOneTableAreRefused() {
        assertThatThrownBy(() -> Domains.of(List.of(new Plain("alpha", "shared", List.of()), new Plain("beta", "shared", List.of()))))
                .isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot register domain beta: table raw.shared is already written by domain alpha");
    }

    @Test
    void aModelReadingAnUnknownTableIsRefusedBeforeAnythingRuns() {
        Plain domain = new Plain("alpha", "alpha_events", List.of(new Named("mart.alpha_daily", List.of("stage.alpha_typo"))));

        assertThatThrownBy(() -> Domains.of(List.of(domain))).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("Cannot register model mart.alpha_daily of domain alpha: its input stage.alpha_typo is"
                        + " neither a topic's raw table nor a model");
    }

    @Test
    void modelsMayReadOtherDomainsModelsAndRawTablesButNotShareANameWithThem() {
        Plain alpha = new Plain("alpha", "alpha_events", List.of(new Named("stage.alpha", List.of("raw.alpha_events"))));
        Plain beta = new Plain("beta", "beta_events", List.of(new Named("mart.both", List.of("stage.alpha", "raw.beta_events"))));
        assertThat(Domains.of(List.of(alpha, beta)).models()).extracting(Model::name).containsExactly("stage.alpha", "mart.both");

        Plain clash = new Plain("gamma", "gamma_events", List.of(new Named("stage.alpha", List.of("raw.gamma_events"))));
        assertThatThrownBy(() -> Domains.of(List.of(alpha, clash))).isInstanceOf(UrbanFlowException.class)
                .hasMessage("Cannot register model stage.alpha of domain gamma: domain alpha already has one of that name");
    }

    @Test
    void aNameThatIsNotLowerCaseLettersDigitsAndDashesIsRefused() {
        assertThatThrownBy(() -> Domains.of(List.of(new Plain("Web Shop")))).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("a name is lower-case letters, digits and dashes");
    }

    @Test
    void loadingFromALoaderWithoutDomainsFailsLoudly() {
        ClassLoader empty = new ClassLoader(null) {
        };
        assertThatThrownBy(() -> Domains.load(empty)).isInstanceOf(UrbanFlowException.class)
                .hasMessageContaining("no domain found on the class path");
    }
}
