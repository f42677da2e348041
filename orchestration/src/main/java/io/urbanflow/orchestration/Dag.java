package io.urbanflow.orchestration;

import io.urbanflow.model.UrbanFlowException;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tasks and the edges their tables imply: a task runs after every task writing a table it reads, and a blocking data
 * test runs before every task (other than a test) that reads its model's tables. Tasks are kept in dependency order,
 * ties in the order given. Immutable and thread-safe.
 */
public final class Dag {
    private final List<Task> tasks;
    private final Map<String, Task> byName;
    private final Map<String, List<String>> upstream;
    private final Map<String, List<String>> downstream;

    private Dag(List<Task> tasks, Map<String, List<String>> upstream) {
        this.upstream = upstream;
        this.tasks = ordered(tasks, upstream);
        this.byName = new LinkedHashMap<>();
        this.tasks.forEach(task -> byName.put(task.name(), task));
        Map<String, List<String>> down = new LinkedHashMap<>();
        this.tasks.forEach(task -> down.put(task.name(), new ArrayList<>()));
        for (Task task : this.tasks) {
            for (String before : upstream.get(task.name())) {
                down.get(before).add(task.name());
            }
        }
        down.replaceAll((name, list) -> List.copyOf(list));
        this.downstream = down;
    }

    /**
     * The DAG of {@code tasks}, edges derived from their tables.
     *
     * @throws UrbanFlowException when two tasks share a name, two tasks write one table, or the edges form a cycle
     */
    public static Dag of(List<Task> tasks) {
        Map<String, Task> byName = new LinkedHashMap<>();
        Map<String, String> writers = new HashMap<>();
        for (Task task : tasks) {
            if (byName.put(task.name(), task) != null) {
                throw new UrbanFlowException("Cannot build the DAG: two tasks are named " + task.name());
            }
            for (String table : task.writes()) {
                String other = writers.putIfAbsent(table, task.name());
                if (other != null) {
                    throw new UrbanFlowException("Cannot build the DAG: tasks " + other + " and " + task.name() + " both write " + table);
                }
            }
        }
        Map<String, List<String>> upstream = new LinkedHashMap<>();
        for (Task task : tasks) {
            Set<String> before = new LinkedHashSet<>();
            for (String table : task.reads()) {
                String writer = writers.get(table);
                if (writer != null && !writer.equals(task.name())) {
                    before.add(writer);
                }
            }
            upstream.put(task.name(), new ArrayList<>(before));
        }
        for (Task test : tasks) {
            if (test.blocks().isEmpty()) {
                continue;
            }
            for (Task task : tasks) {
                if (task.kind() != TaskKind.TEST && !task.name().equals(test.name())
                        && task.reads().stream().anyMatch(test.blocks()::contains)) {
                    List<String> before = upstream.get(task.name());
                    if (!before.contains(test.name())) {
                        before.add(test.name());
                    }
                }
            }
        }
        upstream.replaceAll((name, list) -> List.copyOf(list));
        return new Dag(tasks, upstream);
    }

    /** Every task, in dependency order. */
    public List<Task> tasks() {
        return tasks;
    }

    public boolean isEmpty() {
        return tasks.isEmpty();
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }

    /**
     * @throws UrbanFlowException naming the known tasks when there is none of that name
     */
    public Task task(String name) {
        Task task = byName.get(name);
        if (task == null) {
            throw new UrbanFlowException("Cannot find task " + name + " in the DAG: known tasks are " + String.join(", ", byName.keySet()));
        }
        return task;
    }

    /** The tasks {@code name} runs after, directly. */
    public List<String> upstream(String name) {
        return upstream.getOrDefault(name, List.of());
    }

    /** The tasks that run after {@code name}, directly. */
    public List<String> downstream(String name) {
        return downstream.getOrDefault(name, List.of());
    }

    /**
     * The tasks a selection takes, with the edges between them: where the full DAG runs a selected task after another
     * through tasks left out, the selected one still runs after the other.
     *
     * @throws UrbanFlowException when a term matches no task
     */
    public Dag select(Selection selection, Selection.Tests tests) {
        Set<String> chosen = new LinkedHashSet<>();
        if (selection.isAll()) {
            byName.keySet().forEach(chosen::add);
        }
        for (Selection.Term term : selection.terms()) {
            List<String> matched = new ArrayList<>();
            for (Task task : tasks) {
                if (term.matches(task)) {
                    matched.add(task.name());
                }
            }
            if (matched.isEmpty()) {
                if (term.pattern().startsWith("kind:") || term.pattern().contains("*")) {
                    continue; // a kind or glob with no task (no load tasks, say) selects nothing
                }
                throw new UrbanFlowException("Cannot select '" + term.pattern() + "': no task of that name (tasks: "
                        + String.join(", ", byName.keySet()) + ")");
            }
            for (String name : matched) {
                chosen.add(name);
                if (term.graph().upstream()) {
                    chosen.addAll(closure(name, this.upstream));
                }
                if (term.graph().downstream()) {
                    chosen.addAll(closure(name, this.downstream));
                }
            }
        }
        if (tests == Selection.Tests.ATTACHED) {
            for (Task task : tasks) {
                if (task.kind() == TaskKind.TEST && !chosen.contains(task.name())
                        && upstream(task.name()).stream().anyMatch(before -> chosen.contains(before) && byName.get(before).kind() != TaskKind.TEST)) {
                    chosen.add(task.name());
                }
            }
        }
        Map<String, List<String>> edges = new LinkedHashMap<>();
        List<Task> selected = new ArrayList<>();
        for (Task task : tasks) {
            if (!chosen.contains(task.name())) {
                continue;
            }
            selected.add(task);
            Set<String> before = new LinkedHashSet<>();
            Deque<String> open = new ArrayDeque<>(upstream(task.name()));
            Set<String> seen = new HashSet<>();
            while (!open.isEmpty()) {
                String next = open.pop();
                if (!seen.add(next)) {
                    continue;
                }
                if (chosen.contains(next)) {
                    before.add(next);
                } else {
                    open.addAll(upstream(next));
                }
            }
            edges.put(task.name(), List.copyOf(before));
        }
        return new Dag(selected, edges);
    }

    /** The tasks by level: level 0 has no upstream task, level n runs after some task of level n - 1. */
    public List<List<Task>> levels() {
        Map<String, Integer> level = new HashMap<>();
        List<List<Task>> levels = new ArrayList<>();
        for (Task task : tasks) {
            int depth = 0;
            for (String before : upstream(task.name())) {
                depth = Math.max(depth, level.get(before) + 1);
            }
            level.put(task.name(), depth);
            while (levels.size() <= depth) {
                levels.add(new ArrayList<>());
            }
            levels.get(depth).add(task);
        }
        return levels.stream().map(List::copyOf).toList();
    }

    /** What {@code urbanflow pipeline list} prints: the tasks by level, each with its kind, what it is, and its upstream. */
    public List<String> listing() {
        List<String> lines = new ArrayList<>();
        int width = 4;
        for (Task task : tasks) {
            width = Math.max(width, task.name().length());
        }
        List<List<Task>> levels = levels();
        for (int index = 0; index < levels.size(); index++) {
            lines.add("level " + index);
            for (Task task : levels.get(index)) {
                List<String> before = upstream(task.name());
                String after = before.isEmpty() ? "" : "  after " + String.join(", ", before);
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %-11s %s%s", task.name(), task.kind().label(),
                        task.description(), after).stripTrailing());
            }
        }
        long models = tasks.stream().filter(task -> task.kind() == TaskKind.MODEL).count();
        long tests = tasks.stream().filter(task -> task.kind() == TaskKind.TEST).count();
        long loads = tasks.stream().filter(task -> task.kind() == TaskKind.LOAD).count();
        lines.add(tasks.size() + " tasks: " + loads + " loads, " + models + " models, " + tests + " data tests, "
                + (tasks.size() - loads - models - tests) + " maintenance; " + levels.size() + " levels");
        return lines;
    }

    private static Set<String> closure(String start, Map<String, List<String>> edges) {
        Set<String> found = new TreeSet<>();
        Deque<String> open = new ArrayDeque<>(edges.getOrDefault(start, List.of()));
        while (!open.isEmpty()) {
            String next = open.pop();
            if (found.add(next)) {
                open.addAll(edges.getOrDefault(next, List.of()));
            }
        }
        return found;
    }

    /** Kahn's algorithm; ties keep the given order. */
    private static List<Task> ordered(Collection<Task> tasks, Map<String, List<String>> upstream) {
        List<Task> pending = new ArrayList<>(tasks);
        List<Task> ordered = new ArrayList<>();
        Set<String> done = new HashSet<>();
        while (!pending.isEmpty()) {
            Task next = null;
            for (Task task : pending) {
                if (done.containsAll(upstream.getOrDefault(task.name(), List.of()))) {
                    next = task;
                    break;
                }
            }
            if (next == null) {
                throw new UrbanFlowException("Cannot build the DAG: the tasks' tables form a cycle among "
                        + pending.stream().map(Task::name).toList());
            }
            pending.remove(next);
            ordered.add(next);
            done.add(next.name());
        }
        return List.copyOf(ordered);
    }
}
