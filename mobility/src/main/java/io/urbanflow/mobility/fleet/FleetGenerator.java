package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.City;
import io.urbanflow.mobility.MobilityTables;
import io.urbanflow.mobility.sources.GpsRecordSource;
import io.urbanflow.model.UrbanFlowException;
import io.urbanflow.sources.RecordSource;
import io.urbanflow.sources.SourceGenerator;
import java.util.Optional;

/**
 * The synthetic fleet as a platform generator: {@code synthetic}, or {@code synthetic:} followed by a city or
 * {@code key=value} pairs ({@link FleetOptions#parseSpec}). Stateless and thread-safe.
 */
public final class FleetGenerator implements SourceGenerator {
    @Override
    public String domain() {
        return MobilityTables.DOMAIN;
    }

    @Override
    public boolean accepts(String specification) {
        if (!SyntheticFleet.isSpec(specification)) {
            return false;
        }
        String trimmed = specification.trim();
        String body = trimmed.length() > FleetOptions.SPEC_PREFIX.length() ? trimmed.substring(FleetOptions.SPEC_PREFIX.length() + 1) : "";
        String first = body.split(",", -1)[0].trim();
        if (first.isEmpty() || first.contains("=")) {
            return true;
        }
        try {
            City.byName(first);
            return true;
        } catch (UrbanFlowException e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "synthetic taxi fleet: " + FleetOptions.EXAMPLE_SPEC;
    }

    @Override
    public RecordSource open(String specification) {
        FleetOptions options = SyntheticFleet.parseSpec(specification);
        return new GpsRecordSource(SyntheticFleet.of(options), MobilityTables.TOPIC, Optional.of(options.city()));
    }
}
