package io.urbanflow.mobility;

import io.urbanflow.domain.DashboardPages;
import io.urbanflow.domain.DemoSource;
import io.urbanflow.domain.Domain;
import io.urbanflow.domain.PageContext;
import io.urbanflow.ingest.TopicBinding;
import io.urbanflow.mobility.analytics.AnalyticsModel;
import io.urbanflow.mobility.demo.MobilityDemo;
import io.urbanflow.mobility.fleet.FleetGenerator;
import io.urbanflow.mobility.forecast.ForecastPredictionModel;
import io.urbanflow.mobility.forecast.ForecastTrainingModel;
import io.urbanflow.mobility.ingest.GpsPointDecoder;
import io.urbanflow.mobility.models.CellTraffic10MinModel;
import io.urbanflow.mobility.models.StageGpsPointsModel;
import io.urbanflow.mobility.models.Traffic10MinModel;
import io.urbanflow.mobility.sources.GpsFormats;
import io.urbanflow.mobility.web.MobilityPages;
import io.urbanflow.pipeline.Model;
import io.urbanflow.sources.SourceFormat;
import io.urbanflow.sources.SourceGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Urban mobility: GPS points of taxis from six file formats and a synthetic fleet, on topic {@value MobilityTables#TOPIC}
 * into {@code raw.gps_points}; the stage with speeds and H3 cells, 10-minute traffic marts, the trajectory analytics
 * (trips, stops, OD, clusters, zones), scheduled forecast training and prediction; the live map and the Traffic page.
 * Registered through {@code META-INF/services/io.urbanflow.domain.Domain}. Stateless.
 */
public final class MobilityDomain implements Domain {
    @Override
    public String name() {
        return MobilityTables.DOMAIN;
    }

    @Override
    public String description() {
        return "GPS points of vehicles: taxi traces, traffic per H3 cell and 10 minutes, trips, stops, zones";
    }

    @Override
    public List<TopicBinding> topics() {
        return List.of(GpsPointDecoder.binding(MobilityTables.TOPIC));
    }

    @Override
    public List<SourceFormat> formats() {
        return new ArrayList<>(GpsFormats.all());
    }

    @Override
    public List<SourceGenerator> generators() {
        return List.of(new FleetGenerator());
    }

    @Override
    public List<Model> models() {
        return List.of(new StageGpsPointsModel(), new Traffic10MinModel(), new CellTraffic10MinModel(), new AnalyticsModel(),
                ForecastTrainingModel.scheduled(), ForecastPredictionModel.scheduled());
    }

    @Override
    public Optional<DashboardPages> pages(PageContext context) {
        return Optional.of(MobilityPages.start(context));
    }

    @Override
    public Optional<DemoSource> demo() {
        return Optional.of(new MobilityDemo());
    }
}
