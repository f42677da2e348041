package io.urbanflow.mobility.fleet;

import io.urbanflow.mobility.City;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The road network of a synthetic city: taxi ranks at real hotspots, junctions, and roads between them drawn as
 * polylines with waypoints, plus the fastest path between every two nodes. Geometry lives in a plane of metres
 * east ({@code x}) and north ({@code y}) of the centre of the city's bounds (equirectangular; the error is well under
 * 1 % across a city). The map depends only on its definition, never on a run's seed. Immutable and thread-safe
 * once built.
 */
final class CityMap {
    /** How a city's urban streets are drawn: medieval meanders (Rome, Porto) or a rectangular block grid (San Francisco). */
    enum StreetStyle { WINDING, GRID }

    static final double EARTH_RADIUS_METERS = 6_371_008.8;
    private static final double METERS_PER_DEGREE_LATITUDE = EARTH_RADIUS_METERS * Math.PI / 180;
    private static final int NEARBY_RANKS = 4;

    /** A rank (where {@link #hotspot} is set) or a junction. */
    static final class Node {
        final int index;
        final String name;
        final double x;
        final double y;
        final Hotspot hotspot;
        /** Orientation of the neighbourhood's side streets, radians anticlockwise from east. */
        final double gridAngle;

        Node(int index, String name, double x, double y, Hotspot hotspot, double gridAngle) {
            this.index = index;
            this.name = name;
            this.x = x;
            this.y = y;
            this.hotspot = hotspot;
            this.gridAngle = gridAngle;
        }

        boolean isRank() {
            return hotspot != null;
        }
    }

    /** A road between two nodes; its polyline runs from {@code from} to {@code to} and is driven both ways. */
    static final class Road {
        final int from;
        final int to;
        final RoadKind kind;
        final double[] x;
        final double[] y;
        final double lengthMeters;

        Road(int from, int to, RoadKind kind, double[] x, double[] y) {
            this.from = from;
            this.to = to;
            this.kind = kind;
            this.x = x;
            this.y = y;
            double length = 0;
            for (int i = 1; i < x.length; i++) {
                length += Math.hypot(x[i] - x[i - 1], y[i] - y[i - 1]);
            }
            this.lengthMeters = length;
        }

        int other(int node) {
            return node == from ? to : from;
        }
    }

    final City city;
    final StreetStyle streetStyle;
    private final double originLatitude;
    private final double originLongitude;
    private final double metersPerDegreeLongitude;
    private final Node[] nodes;
    private final Road[] roads;
    /** firstRoad[from][to] = the road to take first on the fastest path from node {@code from} to node {@code to}. */
    private final int[][] firstRoad;
    private final int[] ranks;
    private final double[] rankCumulativeWeights;
    /** nearbyRanks[node] = the ranks nearest to {@code node} (itself excluded), nearest first. */
    private final int[][] nearbyRanks;

    private CityMap(City city, StreetStyle streetStyle, double originLatitude, double originLongitude,
            Node[] nodes, Road[] roads) {
        this.city = city;
        this.streetStyle = streetStyle;
        this.originLatitude = originLatitude;
        this.originLongitude = originLongitude;
        this.metersPerDegreeLongitude = METERS_PER_DEGREE_LATITUDE * Math.cos(Math.toRadians(originLatitude));
        this.nodes = nodes;
        this.roads = roads;
        this.firstRoad = fastestFirstRoads(nodes, roads);
        this.ranks = Arrays.stream(nodes).filter(Node::isRank).mapToInt(node -> node.index).toArray();
        this.rankCumulativeWeights = new double[ranks.length];
        double total = 0;
        for (int i = 0; i < ranks.length; i++) {
            total += nodes[ranks[i]].hotspot.weight();
            rankCumulativeWeights[i] = total;
        }
        this.nearbyRanks = new int[nodes.length][];
        for (Node node : nodes) {
            nearbyRanks[node.index] = Arrays.stream(ranks).boxed()
                    .filter(rank -> rank != node.index)
                    .sorted((a, b) -> Double.compare(distance(node, nodes[a]), distance(node, nodes[b])))
                    .limit(NEARBY_RANKS).mapToInt(Integer::intValue).toArray();
        }
    }

    List<Hotspot> hotspots() {
        List<Hotspot> hotspots = new ArrayList<>();
        for (int rank : ranks) {
            hotspots.add(nodes[rank].hotspot);
        }
        return List.copyOf(hotspots);
    }

    Node node(int index) {
        return nodes[index];
    }

    int nodeCount() {
        return nodes.length;
    }

    Road road(int index) {
        return roads[index];
    }

    int roadCount() {
        return roads.length;
    }

    double x(double longitude) {
        return (longitude - originLongitude) * metersPerDegreeLongitude;
    }

    double y(double latitude) {
        return (latitude - originLatitude) * METERS_PER_DEGREE_LATITUDE;
    }

    double latitude(double y) {
        return originLatitude + y / METERS_PER_DEGREE_LATITUDE;
    }

    double longitude(double x) {
        return originLongitude + x / metersPerDegreeLongitude;
    }

    /** The node of the {@code hotspot}-th rank, in {@link #hotspots()} order. */
    int rankNode(int hotspot) {
        return ranks[hotspot];
    }

    /** A rank drawn by weight: where trips start and end. */
    int randomRank(SplittableRandom random) {
        double draw = random.nextDouble() * rankCumulativeWeights[rankCumulativeWeights.length - 1];
        int found = Arrays.binarySearch(rankCumulativeWeights, draw);
        int position = found >= 0 ? found + 1 : -found - 1;
        return ranks[Math.min(position, ranks.length - 1)];
    }

    /** One of the ranks nearest to {@code node}, drawn by weight: where a free taxi goes to wait. */
    int nearbyRank(int node, SplittableRandom random) {
        int[] candidates = nearbyRanks[node];
        double total = 0;
        for (int candidate : candidates) {
            total += nodes[candidate].hotspot.weight();
        }
        double draw = random.nextDouble() * total;
        for (int candidate : candidates) {
            draw -= nodes[candidate].hotspot.weight();
            if (draw < 0) {
                return candidate;
            }
        }
        return candidates[candidates.length - 1];
    }

    /** Appends the fastest path's polylines from node {@code from} (the builder's last point) to node {@code to}. */
    void appendPath(Route.Builder route, int from, int to) {
        int at = from;
        int guard = 0;
        while (at != to) {
            Road road = roads[firstRoad[at][to]];
            if (road.from == at) {
                for (int i = 1; i < road.x.length; i++) {
                    route.to(road.x[i], road.y[i], road.kind);
                }
            } else {
                for (int i = road.x.length - 2; i >= 0; i--) {
                    route.to(road.x[i], road.y[i], road.kind);
                }
            }
            at = road.other(at);
            if (++guard > nodes.length) {
                throw new IllegalStateException("Cannot route from " + nodes[from].name + " to " + nodes[to].name);
            }
        }
    }

    /**
     * Appends side streets from the builder's last point to ({@code toX}, {@code toY}): alternating legs along the
     * two axes of a street grid turned by {@code gridAngle}, one block (90-200 m) at a time.
     */
    static void appendStaircase(Route.Builder route, double toX, double toY, double gridAngle, RoadKind kind,
            SplittableRandom random) {
        double cos = Math.cos(gridAngle);
        double sin = Math.sin(gridAngle);
        double originX = route.lastX();
        double originY = route.lastY();
        // Walks in the grid's frame: u along the grid's first axis, v along the second.
        double targetU = (toX - originX) * cos + (toY - originY) * sin;
        double targetV = -(toX - originX) * sin + (toY - originY) * cos;
        double u = 0;
        double v = 0;
        boolean alongU = random.nextBoolean();
        while (u != targetU || v != targetV) {
            double block = 90 + random.nextDouble() * 110;
            if ((alongU && u != targetU) || v == targetV) {
                u = Math.abs(targetU - u) <= block ? targetU : u + Math.signum(targetU - u) * block;
            } else {
                v = Math.abs(targetV - v) <= block ? targetV : v + Math.signum(targetV - v) * block;
            }
            if (u == targetU && v == targetV) {
                route.to(toX, toY, kind); // exactly, whatever the rounding of the rotation
            } else {
                route.to(originX + u * cos - v * sin, originY + u * sin + v * cos, kind);
            }
            alongU = !alongU;
        }
    }

    private static double distance(Node a, Node b) {
        return Math.hypot(a.x - b.x, a.y - b.y);
    }

    /** All-pairs fastest paths by Dijkstra from every node; the graph has tens of nodes, so this is instant. */
    private static int[][] fastestFirstRoads(Node[] nodes, Road[] roads) {
        List<List<Integer>> roadsAt = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            roadsAt.add(new ArrayList<>());
        }
        for (int r = 0; r < roads.length; r++) {
            roadsAt.get(roads[r].from).add(r);
            roadsAt.get(roads[r].to).add(r);
        }
        int[][] first = new int[nodes.length][nodes.length];
        for (int destination = 0; destination < nodes.length; destination++) {
            // Dijkstra from the destination: the road by which a node is reached is the first road from it.
            double[] seconds = new double[nodes.length];
            Arrays.fill(seconds, Double.POSITIVE_INFINITY);
            int[] via = new int[nodes.length];
            Arrays.fill(via, -1);
            seconds[destination] = 0;
            PriorityQueue<double[]> queue = new PriorityQueue<>((a, b) -> Double.compare(a[0], b[0]));
            queue.add(new double[] {0, destination});
            while (!queue.isEmpty()) {
                double[] head = queue.poll();
                int node = (int) head[1];
                if (head[0] > seconds[node]) {
                    continue;
                }
                for (int r : roadsAt.get(node)) {
                    Road road = roads[r];
                    int next = road.other(node);
                    double candidate = seconds[node] + road.lengthMeters / road.kind.typicalMetersPerSecond;
                    if (candidate < seconds[next]) {
                        seconds[next] = candidate;
                        via[next] = r;
                        queue.add(new double[] {candidate, next});
                    }
                }
            }
            for (int node = 0; node < nodes.length; node++) {
                if (node != destination && via[node] < 0) {
                    throw new IllegalStateException("Cannot build map: " + nodes[node].name + " has no road to "
                            + nodes[destination].name);
                }
                first[node][destination] = via[node];
            }
        }
        return first;
    }

    /** Declares a map by its places and roads; draws each road's waypoints from a generator seeded by the road alone. */
    static final class Builder {
        private final City city;
        private final StreetStyle streetStyle;
        private final double originLatitude;
        private final double originLongitude;
        private final double metersPerDegreeLongitude;
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, Node> byName = new HashMap<>();
        private final List<Road> roads = new ArrayList<>();

        Builder(City city, StreetStyle streetStyle) {
            this.city = city;
            this.streetStyle = streetStyle;
            this.originLatitude = city.bounds().centerLatitude();
            this.originLongitude = city.bounds().centerLongitude();
            this.metersPerDegreeLongitude = METERS_PER_DEGREE_LATITUDE * Math.cos(Math.toRadians(originLatitude));
        }

        Builder rank(String name, double latitude, double longitude, Hotspot.Kind kind, double weight) {
            return add(name, latitude, longitude, new Hotspot(name, latitude, longitude, kind, weight));
        }

        Builder junction(String name, double latitude, double longitude) {
            return add(name, latitude, longitude, null);
        }

        Builder road(String from, String to, RoadKind kind) {
            Node a = find(from);
            Node b = find(to);
            // Seeded by the road's position in the declaration: the same map every run, whatever the fleet's seed.
            SplittableRandom random = new SplittableRandom(0x5eed_0000L + 7_919L * roads.size() + 104_729L * city.ordinal());
            Route.Builder polyline = new Route.Builder().start(a.x, a.y);
            if (kind == RoadKind.URBAN && streetStyle == StreetStyle.GRID) {
                appendStaircase(polyline, b.x, b.y, 0, kind, random);
            } else {
                appendMeander(polyline, a, b, kind, random);
            }
            Route route = polyline.build();
            double[] x = new double[route.pointCount()];
            double[] y = new double[route.pointCount()];
            for (int i = 0; i < x.length; i++) {
                x[i] = route.x(i);
                y[i] = route.y(i);
            }
            roads.add(new Road(a.index, b.index, kind, x, y));
            return this;
        }

        CityMap build() {
            for (Node node : nodes) {
                if (!city.bounds().contains(originLatitude + node.y / METERS_PER_DEGREE_LATITUDE,
                        originLongitude + node.x / metersPerDegreeLongitude)) {
                    throw new IllegalStateException("Cannot build map: " + node.name + " lies outside " + city.key());
                }
            }
            return new CityMap(city, streetStyle, originLatitude, originLongitude,
                    nodes.toArray(new Node[0]), roads.toArray(new Road[0]));
        }

        /**
         * A road that bends to either side of the straight line: two sine waves that vanish at both ends, so the
         * road leaves and reaches its nodes exactly; urban streets also get a few metres of jitter per waypoint.
         */
        private static void appendMeander(Route.Builder polyline, Node a, Node b, RoadKind kind, SplittableRandom random) {
            double length = Math.hypot(b.x - a.x, b.y - a.y);
            double spacing;
            double amplitude;
            double jitter;
            switch (kind) {
                case URBAN:
                    spacing = 100;
                    amplitude = Math.min(0.10 * length, 300);
                    jitter = 8;
                    break;
                case ARTERIAL:
                    spacing = 200;
                    amplitude = Math.min(0.05 * length, 300);
                    jitter = 3;
                    break;
                default:
                    spacing = 400;
                    amplitude = Math.min(0.03 * length, 400);
                    jitter = 0;
                    break;
            }
            amplitude *= random.nextBoolean() ? 1 : -1;
            int lowWaves = 1 + random.nextInt(2);
            int highWaves = 3 + random.nextInt(3);
            double highShare = kind == RoadKind.MOTORWAY ? 0 : 0.3;
            int steps = Math.max(2, (int) Math.ceil(length / spacing));
            double normalX = length == 0 ? 0 : -(b.y - a.y) / length;
            double normalY = length == 0 ? 0 : (b.x - a.x) / length;
            for (int step = 1; step <= steps; step++) {
                double s = (double) step / steps;
                if (step == steps) {
                    polyline.to(b.x, b.y, kind);
                    break;
                }
                double lateral = amplitude * ((1 - highShare) * Math.sin(Math.PI * lowWaves * s)
                        + highShare * Math.sin(Math.PI * highWaves * s));
                double pointX = a.x + s * (b.x - a.x) + lateral * normalX + jitter * (2 * random.nextDouble() - 1);
                double pointY = a.y + s * (b.y - a.y) + lateral * normalY + jitter * (2 * random.nextDouble() - 1);
                polyline.to(pointX, pointY, kind);
            }
        }

        private Builder add(String name, double latitude, double longitude, Hotspot hotspot) {
            if (byName.containsKey(name)) {
                throw new IllegalStateException("Cannot build map: " + name + " is declared twice");
            }
            // A grid city's blocks share one orientation; elsewhere each neighbourhood has its own.
            double gridAngle = streetStyle == StreetStyle.GRID ? 0
                    : new SplittableRandom(0x9_1d_a9_91eL + 31L * nodes.size() + 104_729L * city.ordinal()).nextDouble() * Math.PI / 2;
            Node node = new Node(nodes.size(), name, (longitude - originLongitude) * metersPerDegreeLongitude,
                    (latitude - originLatitude) * METERS_PER_DEGREE_LATITUDE, hotspot, gridAngle);
            nodes.add(node);
            byName.put(name, node);
            return this;
        }

        private Node find(String name) {
            Node node = byName.get(name);
            if (node == null) {
                throw new IllegalStateException("Cannot build map: no place named " + name);
            }
            return node;
        }
    }
}
