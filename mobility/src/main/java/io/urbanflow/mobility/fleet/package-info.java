/**
 * The synthetic taxi fleet: UrbanFlow's built-in data set.
 *
 * <p>How the synthetic city works. Each city ({@code rome}, {@code san-francisco}, {@code porto}) is a sketch map:
 * taxi ranks at real hotspots (stations, airports, squares, hospitals) and junctions, joined by roads of three kinds
 * (urban, arterial, motorway) drawn as polylines with waypoints: meandering streets in Rome and Porto, a block grid in
 * San Francisco; side streets lead from a rank to the addresses around it. A taxi waits at a rank, takes a fare
 * (occupancy 1) along the fastest path to another hotspot or an address near one, drops the passenger off, then is
 * hailed again or drives back to a rank free (occupancy 0). Its speed between two reports is drawn from the road
 * kind and the hour's traffic (slowest at 8-9 h and 17-19 h local time), or zero at a red light. Each taxi works the
 * hours when the city's on-duty share (12 % at 3-4 h, 90 % at 8-9 h, 100 % at 18 h) exceeds its own threshold,
 * so the fleet follows the daily rhythm. Devices report every 5-60 s (less often while standing) with about 6 m of
 * GPS error, fall silent for 2 minutes to 3 hours once or twice a day, and a configurable fraction of points is
 * displaced by 5-25 km.
 *
 * <p>{@link io.urbanflow.mobility.fleet.SyntheticFleet} runs the taxis as an event simulation on a priority queue of
 * next reports, so points come out in timestamp order with memory proportional to the number of taxis.
 */
package io.urbanflow.mobility.fleet;
