package io.urbanflow.mobility.fleet;

import static io.urbanflow.mobility.fleet.Hotspot.Kind.AIRPORT;
import static io.urbanflow.mobility.fleet.Hotspot.Kind.BUSINESS;
import static io.urbanflow.mobility.fleet.Hotspot.Kind.CENTRE;
import static io.urbanflow.mobility.fleet.Hotspot.Kind.HOSPITAL;
import static io.urbanflow.mobility.fleet.Hotspot.Kind.LANDMARK;
import static io.urbanflow.mobility.fleet.Hotspot.Kind.RESIDENTIAL;
import static io.urbanflow.mobility.fleet.Hotspot.Kind.STATION;
import static io.urbanflow.mobility.fleet.RoadKind.ARTERIAL;
import static io.urbanflow.mobility.fleet.RoadKind.MOTORWAY;
import static io.urbanflow.mobility.fleet.RoadKind.URBAN;

import io.urbanflow.mobility.City;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The synthetic cities: real places (coordinates of their taxi ranks, to about 50 m) joined by roads that follow the
 * main real routes between them. A sketch of each city's taxi geography, not a street map. Maps are built once
 * and shared; they are immutable.
 */
final class CityMaps {
    private static final Map<City, CityMap> MAPS = new EnumMap<>(City.class);

    private CityMaps() {
    }

    static boolean supports(City city) {
        return city == City.ROME || city == City.SAN_FRANCISCO || city == City.PORTO;
    }

    static String supportedNames() {
        return java.util.Arrays.stream(City.values()).filter(CityMaps::supports).map(City::key)
                .collect(Collectors.joining(", "));
    }

    static synchronized CityMap of(City city) {
        return MAPS.computeIfAbsent(city, CityMaps::build);
    }

    private static CityMap build(City city) {
        switch (city) {
            case ROME:
                return rome();
            case SAN_FRANCISCO:
                return sanFrancisco();
            case PORTO:
                return porto();
            default:
                throw new IllegalArgumentException("Cannot build map: no synthetic map for " + city.key());
        }
    }

    private static CityMap rome() {
        return new CityMap.Builder(City.ROME, CityMap.StreetStyle.WINDING)
                .rank("Termini", 41.9010, 12.5016, STATION, 10)
                .rank("Tiburtina", 41.9107, 12.5306, STATION, 4)
                .rank("Ostiense", 41.8722, 12.4839, STATION, 2)
                .rank("Fiumicino Airport", 41.7943, 12.2531, AIRPORT, 5)
                .rank("Ciampino Airport", 41.7994, 12.5949, AIRPORT, 2)
                .rank("St Peter's", 41.9021, 12.4576, LANDMARK, 5)
                .rank("Colosseum", 41.8902, 12.4922, LANDMARK, 4)
                .rank("Piazza Venezia", 41.8960, 12.4823, CENTRE, 5)
                .rank("Trastevere", 41.8894, 12.4700, CENTRE, 4)
                .rank("Piazza Navona", 41.8992, 12.4731, CENTRE, 3)
                .rank("Piazza di Spagna", 41.9058, 12.4823, CENTRE, 4)
                .rank("Piazza del Popolo", 41.9109, 12.4763, CENTRE, 2)
                .rank("Prati", 41.9050, 12.4700, CENTRE, 3)
                .rank("Villa Borghese", 41.9142, 12.4921, LANDMARK, 2)
                .rank("San Giovanni", 41.8859, 12.5057, CENTRE, 3)
                .rank("Piazza Bologna", 41.9131, 12.5191, RESIDENTIAL, 2)
                .rank("EUR", 41.8335, 12.4710, BUSINESS, 4)
                .rank("Monteverde", 41.8770, 12.4530, RESIDENTIAL, 2)
                .rank("Cinecittà", 41.8499, 12.5683, RESIDENTIAL, 2)
                .rank("Policlinico Gemelli", 41.9310, 12.4290, HOSPITAL, 2)
                .rank("Stadio Olimpico", 41.9339, 12.4547, LANDMARK, 1)
                .junction("Magliana", 41.8411, 12.4269)
                .junction("Parco de' Medici", 41.8349, 12.3950)
                .junction("Ponte Galeria", 41.8125, 12.3300)
                .junction("Arco di Travertino", 41.8640, 12.5320)
                .junction("Capannelle", 41.8265, 12.5700)
                .junction("GRA Ardeatina", 41.8100, 12.5200)
                .road("Termini", "Piazza Venezia", URBAN)          // Via Nazionale
                .road("Termini", "Piazza di Spagna", URBAN)        // Via del Tritone
                .road("Termini", "San Giovanni", URBAN)            // Via Merulana
                .road("Termini", "Tiburtina", ARTERIAL)            // Scalo San Lorenzo
                .road("Termini", "Piazza Bologna", URBAN)          // Via Nomentana
                .road("Piazza Bologna", "Tiburtina", URBAN)
                .road("Piazza Bologna", "Villa Borghese", URBAN)
                .road("Tiburtina", "San Giovanni", ARTERIAL)       // Tangenziale Est
                .road("Piazza Venezia", "Colosseum", URBAN)        // Via dei Fori Imperiali
                .road("Piazza Venezia", "Piazza Navona", URBAN)    // Corso Vittorio Emanuele II
                .road("Piazza Venezia", "Piazza di Spagna", URBAN) // Via del Corso
                .road("Piazza Venezia", "Trastevere", URBAN)       // Ponte Garibaldi
                .road("Piazza di Spagna", "Piazza del Popolo", URBAN)
                .road("Piazza di Spagna", "Villa Borghese", URBAN) // Via Veneto
                .road("Piazza del Popolo", "Prati", URBAN)
                .road("Piazza del Popolo", "Stadio Olimpico", ARTERIAL) // Via Flaminia
                .road("Prati", "Piazza Navona", URBAN)
                .road("Prati", "St Peter's", URBAN)
                .road("Prati", "Stadio Olimpico", ARTERIAL)        // Lungotevere
                .road("Piazza Navona", "St Peter's", URBAN)        // Via della Conciliazione
                .road("St Peter's", "Trastevere", ARTERIAL)        // Lungotevere
                .road("St Peter's", "Policlinico Gemelli", ARTERIAL)
                .road("Policlinico Gemelli", "Stadio Olimpico", ARTERIAL) // Via Trionfale, Monte Mario
                .road("Trastevere", "Monteverde", URBAN)
                .road("Trastevere", "Ostiense", URBAN)
                .road("Colosseum", "Ostiense", URBAN)              // Viale Aventino
                .road("Colosseum", "San Giovanni", URBAN)
                .road("Ostiense", "EUR", ARTERIAL)                 // Via Cristoforo Colombo
                .road("EUR", "Magliana", ARTERIAL)
                .road("Monteverde", "Magliana", ARTERIAL)          // Via Portuense
                .road("Magliana", "Parco de' Medici", MOTORWAY)    // A91 Roma-Fiumicino
                .road("Parco de' Medici", "Ponte Galeria", MOTORWAY)
                .road("Ponte Galeria", "Fiumicino Airport", MOTORWAY)
                .road("San Giovanni", "Arco di Travertino", ARTERIAL) // Via Appia Nuova
                .road("Arco di Travertino", "Cinecittà", ARTERIAL)    // Via Tuscolana
                .road("Arco di Travertino", "Capannelle", ARTERIAL)
                .road("Cinecittà", "Capannelle", URBAN)
                .road("Capannelle", "Ciampino Airport", ARTERIAL)
                .road("EUR", "GRA Ardeatina", MOTORWAY)            // Grande Raccordo Anulare
                .road("GRA Ardeatina", "Capannelle", MOTORWAY)
                .build();
    }

    private static CityMap sanFrancisco() {
        return new CityMap.Builder(City.SAN_FRANCISCO, CityMap.StreetStyle.GRID)
                .rank("Union Square", 37.7880, -122.4075, CENTRE, 8)
                .rank("Financial District", 37.7946, -122.4000, BUSINESS, 6)
                .rank("Ferry Building", 37.7955, -122.3937, LANDMARK, 4)
                .rank("Moscone Center", 37.7842, -122.4016, BUSINESS, 4)
                .rank("Caltrain 4th & King", 37.7766, -122.3947, STATION, 5)
                .rank("Civic Center", 37.7793, -122.4193, CENTRE, 4)
                .rank("Fisherman's Wharf", 37.8080, -122.4177, LANDMARK, 4)
                .rank("Nob Hill", 37.7930, -122.4161, RESIDENTIAL, 2)
                .rank("Marina", 37.8030, -122.4360, RESIDENTIAL, 2)
                .rank("Mission 16th St", 37.7650, -122.4194, RESIDENTIAL, 3)
                .rank("Castro", 37.7609, -122.4350, RESIDENTIAL, 2)
                .rank("Haight-Ashbury", 37.7692, -122.4481, RESIDENTIAL, 2)
                .rank("UCSF Parnassus", 37.7631, -122.4586, HOSPITAL, 2)
                .rank("Richmond", 37.7805, -122.4846, RESIDENTIAL, 1)
                .rank("Sunset", 37.7636, -122.4775, RESIDENTIAL, 1)
                .rank("Mission Bay", 37.7680, -122.3877, BUSINESS, 2)
                .rank("SFO Airport", 37.6163, -122.3925, AIRPORT, 5)
                .junction("US 101 / I-280", 37.7480, -122.4050)
                .junction("Candlestick", 37.7120, -122.3930)
                .junction("Sierra Point", 37.6760, -122.3890)
                .road("Union Square", "Financial District", URBAN)
                .road("Union Square", "Moscone Center", URBAN)
                .road("Union Square", "Civic Center", URBAN)
                .road("Union Square", "Nob Hill", URBAN)
                .road("Financial District", "Ferry Building", URBAN)
                .road("Ferry Building", "Fisherman's Wharf", ARTERIAL) // The Embarcadero
                .road("Ferry Building", "Caltrain 4th & King", ARTERIAL)
                .road("Nob Hill", "Fisherman's Wharf", URBAN)
                .road("Fisherman's Wharf", "Marina", URBAN)
                .road("Marina", "Civic Center", ARTERIAL)                // Van Ness Avenue
                .road("Moscone Center", "Caltrain 4th & King", URBAN)
                .road("Moscone Center", "Civic Center", URBAN)           // Mission Street
                .road("Caltrain 4th & King", "Mission Bay", URBAN)
                .road("Financial District", "Moscone Center", URBAN)     // 2nd and 3rd Streets
                .road("Mission Bay", "Mission 16th St", URBAN)          // 16th Street
                .road("Civic Center", "Mission 16th St", URBAN)
                .road("Civic Center", "Haight-Ashbury", ARTERIAL)        // Oak and Fell
                .road("Civic Center", "Richmond", ARTERIAL)              // Geary Boulevard
                .road("Mission 16th St", "Castro", URBAN)
                .road("Castro", "Haight-Ashbury", URBAN)
                .road("Haight-Ashbury", "UCSF Parnassus", URBAN)
                .road("Haight-Ashbury", "Richmond", URBAN)
                .road("UCSF Parnassus", "Sunset", URBAN)
                .road("Richmond", "Sunset", ARTERIAL)                    // Park Presidio, 19th Avenue
                .road("Mission Bay", "US 101 / I-280", MOTORWAY)
                .road("Mission 16th St", "US 101 / I-280", ARTERIAL)
                .road("US 101 / I-280", "Candlestick", MOTORWAY)         // US 101 south
                .road("Candlestick", "Sierra Point", MOTORWAY)
                .road("Sierra Point", "SFO Airport", MOTORWAY)
                .build();
    }

    private static CityMap porto() {
        return new CityMap.Builder(City.PORTO, CityMap.StreetStyle.WINDING)
                .rank("Aliados", 41.1488, -8.6110, CENTRE, 6)
                .rank("São Bento", 41.1456, -8.6106, STATION, 5)
                .rank("Campanhã", 41.1486, -8.5856, STATION, 5)
                .rank("Ribeira", 41.1407, -8.6132, LANDMARK, 3)
                .rank("Trindade", 41.1520, -8.6093, CENTRE, 3)
                .rank("Bolhão", 41.1497, -8.6057, CENTRE, 2)
                .rank("Casa da Música", 41.1588, -8.6308, CENTRE, 4)
                .rank("Hospital de São João", 41.1820, -8.6010, HOSPITAL, 4)
                .rank("Estádio do Dragão", 41.1617, -8.5837, LANDMARK, 2)
                .rank("Foz do Douro", 41.1530, -8.6760, RESIDENTIAL, 2)
                .rank("Matosinhos", 41.1830, -8.6900, RESIDENTIAL, 2)
                .rank("Cais de Gaia", 41.1373, -8.6121, LANDMARK, 2)
                .rank("Porto Airport", 41.2370, -8.6700, AIRPORT, 4)
                .junction("A28 Matosinhos Norte", 41.2050, -8.6820)
                .junction("Via Norte", 41.2000, -8.6300)
                .road("Aliados", "São Bento", URBAN)
                .road("Aliados", "Trindade", URBAN)
                .road("Aliados", "Bolhão", URBAN)
                .road("Bolhão", "Trindade", URBAN)
                .road("Bolhão", "Campanhã", URBAN)
                .road("São Bento", "Ribeira", URBAN)
                .road("São Bento", "Campanhã", ARTERIAL)
                .road("Ribeira", "Cais de Gaia", URBAN)                   // Ponte Luís I
                .road("Ribeira", "Foz do Douro", ARTERIAL)                // along the Douro
                .road("Trindade", "Casa da Música", URBAN)
                .road("Casa da Música", "Foz do Douro", ARTERIAL)         // Avenida da Boavista
                .road("Casa da Música", "Matosinhos", ARTERIAL)
                .road("Foz do Douro", "Matosinhos", ARTERIAL)
                .road("Trindade", "Hospital de São João", ARTERIAL)
                .road("Campanhã", "Estádio do Dragão", URBAN)
                .road("Estádio do Dragão", "Hospital de São João", ARTERIAL) // VCI
                .road("Casa da Música", "Hospital de São João", ARTERIAL)    // VCI
                .road("Matosinhos", "A28 Matosinhos Norte", MOTORWAY)
                .road("A28 Matosinhos Norte", "Porto Airport", MOTORWAY)
                .road("Hospital de São João", "Via Norte", MOTORWAY)
                .road("Via Norte", "Porto Airport", MOTORWAY)
                .build();
    }
}
