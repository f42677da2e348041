package io.urbanflow.mobility.analytics;

import io.urbanflow.model.UrbanFlowException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A named set of zones, such as the districts of a city. Zones may overlap; where they do, a position belongs to
 * the first zone in this order. Immutable.
 */
public record ZoneSet(String name, List<Zone> zones) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    public ZoneSet {
        checkName(name);
        zones = List.copyOf(zones);
        Set<String> ids = new HashSet<>();
        for (Zone zone : zones) {
            if (!zone.zoneSet().equals(name)) {
                throw new IllegalArgumentException("Cannot build zone set " + name + ": zone " + zone.zoneId() + " belongs to " + zone.zoneSet());
            }
            if (!ids.add(zone.zoneId())) {
                throw new UrbanFlowException("Cannot build zone set " + name + ": zone id '" + zone.zoneId() + "' appears twice");
            }
        }
    }

    /**
     * @throws UrbanFlowException unless the name is 1-64 letters, digits, '_', '.', '-', starting with a letter or digit
     */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UrbanFlowException("Cannot use zone set name '" + name
                    + "': use 1-64 letters, digits, '_', '.' or '-', starting with a letter or digit");
        }
        return name;
    }
}
