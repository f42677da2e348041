package io.urbanflow.mobility.analytics;

/**
 * A small zone file made for the tests: rough shapes around a few Rome districts (not their real borders). It
 * holds a rectangle, a pentagon, a polygon with a hole and a MultiPolygon, and two zones overlap.
 */
final class RomeDistricts {
    private RomeDistricts() {
    }

    static String geoJson() {
        return """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "id": "centro", "properties": {"name": "Centro Storico"},
               "geometry": {"type": "Polygon", "coordinates": [[[12.465, 41.890], [12.500, 41.890], [12.500, 41.910], [12.465, 41.910], [12.465, 41.890]]]}},
              {"type": "Feature", "properties": {"id": "termini", "name": "Esquilino-Termini"},
               "geometry": {"type": "Polygon", "coordinates": [[[12.495, 41.892], [12.515, 41.890], [12.520, 41.905], [12.505, 41.912], [12.495, 41.905], [12.495, 41.892]]]}},
              {"type": "Feature", "properties": {"name": "Trastevere"},
               "geometry": {"type": "Polygon", "coordinates": [
                 [[12.455, 41.875], [12.480, 41.875], [12.480, 41.892], [12.455, 41.892], [12.455, 41.875]],
                 [[12.465, 41.880], [12.470, 41.880], [12.470, 41.884], [12.465, 41.884], [12.465, 41.880]]]}},
              {"type": "Feature", "properties": {"name": "Vaticano e Prati"},
               "geometry": {"type": "MultiPolygon", "coordinates": [
                 [[[12.445, 41.898], [12.460, 41.898], [12.460, 41.908], [12.445, 41.908], [12.445, 41.898]]],
                 [[[12.455, 41.912], [12.475, 41.912], [12.475, 41.925], [12.455, 41.925], [12.455, 41.912]]]]}}
            ]}
            """;
    }
}
