package io.urbanflow.domain;

import java.util.Map;

/** Writes the Prometheus text exposition format (version 0.0.4), for {@code /metrics}. Stateless. */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static void counter(StringBuilder out, String name, String help, double value) {
        header(out, name, help, "counter");
        sample(out, name, value);
    }

    public static void gauge(StringBuilder out, String name, String help, double value) {
        header(out, name, help, "gauge");
        sample(out, name, value);
    }

    public static void labelled(StringBuilder out, String name, String help, String label, Map<?, ? extends Number> values) {
        header(out, name, help, "gauge");
        values.forEach((key, value) -> sample(out, name + "{" + label + "=\"" + key + "\"}", value.doubleValue()));
    }

    public static void header(StringBuilder out, String name, String help, String type) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    public static void sample(StringBuilder out, String name, double value) {
        out.append(name).append(' ');
        if (Double.isNaN(value)) {
            out.append("NaN");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append((long) value);
        } else {
            out.append(value);
        }
        out.append('\n');
    }
}
