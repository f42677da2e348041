package io.urbanflow.mobility.fleet;

/**
 * A place of a synthetic city where taxis wait for fares and take passengers: a station, an airport, a square.
 * Immutable.
 *
 * @param name      the place's everyday name ("Termini", "Fiumicino Airport")
 * @param latitude  degrees north of the taxi rank
 * @param longitude degrees east of the taxi rank
 * @param kind      what kind of place it is; sets how long taxis wait there and how far its fares go
 * @param weight    relative share of the trips that start or end here
 */
public record Hotspot(String name, double latitude, double longitude, Kind kind, double weight) {

    /** Kinds of places, with how far around them a fare's address may lie. */
    public enum Kind {
        AIRPORT(0),
        STATION(800),
        LANDMARK(800),
        CENTRE(1_200),
        BUSINESS(1_500),
        HOSPITAL(500),
        RESIDENTIAL(2_000);

        private final double addressRadiusMeters;

        Kind(double addressRadiusMeters) {
            this.addressRadiusMeters = addressRadiusMeters;
        }

        /** Fares to this kind of place end at an address up to this far from the rank; 0 means at the rank. */
        public double addressRadiusMeters() {
            return addressRadiusMeters;
        }
    }

    public Hotspot {
        if (name == null || name.isBlank() || kind == null) {
            throw new IllegalArgumentException("Cannot build hotspot: name and kind are required");
        }
        if (!(weight > 0)) {
            throw new IllegalArgumentException("Cannot build hotspot " + name + ": weight " + weight + " is not positive");
        }
    }
}
