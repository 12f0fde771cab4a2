package io.fraudstream.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * An XGBoost {@code gbtree} classifier ({@code multi:softprob}, numerical splits) evaluated in plain Java from the
 * booster's JSON model: no native matrix per call, no lock, nothing to dispose. Same walk as XGBoost's predictor:
 * at each split, a missing value (NaN) goes the node's default way, otherwise {@code value < condition} goes left
 * (both as float); a class's margin is the base score plus the float sum of its trees' leaves; probabilities are the
 * softmax of the margins.
 *
 * <p>{@link #parse} returns empty for anything else (DART, categorical splits, other objectives); the caller then
 * keeps XGBoost's own predictor.
 */
final class TreeEnsemble {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int DEFAULT_LEFT = 1 << 30; // flag on a split's column: a missing value goes left
    private static final int COLUMN = DEFAULT_LEFT - 1;

    /**
     * Every tree's nodes, four ints each, in one array (a node is one cache line at most, the walk follows no
     * pointers): column (with {@link #DEFAULT_LEFT}); left child's offset; right child's offset; split condition or
     * leaf value as float bits. A leaf points to itself both ways, so a walk of a fixed number of steps (the tree's
     * depth) stays on it: the walk has no data-dependent branch, and four trees walk side by side.
     */
    private final int[] nodes;

    private final int[] roots;
    private final int[] depths;
    private final int[] treeClass;
    private final int classes;
    private final float baseScore;

    private TreeEnsemble(int[] nodes, int[] roots, int[] depths, int[] treeClass, int classes, float baseScore) {
        this.nodes = nodes;
        this.roots = roots;
        this.depths = depths;
        this.treeClass = treeClass;
        this.classes = classes;
        this.baseScore = baseScore;
    }

    /** The ensemble in {@code modelJson} (XGBoost's {@code toByteArray("json")}), or empty if it is not one we evaluate. */
    static Optional<TreeEnsemble> parse(byte[] modelJson) {
        JsonNode learner;
        try {
            learner = JSON.readTree(modelJson).path("learner");
        } catch (IOException e) {
            return Optional.empty();
        }
        JsonNode booster = learner.path("gradient_booster");
        if (!"gbtree".equals(booster.path("name").asText())
                || !"multi:softprob"
                        .equals(learner.path("objective").path("name").asText())) {
            return Optional.empty();
        }
        JsonNode params = learner.path("learner_model_param");
        int classes = Integer.parseInt(params.path("num_class").asText("0"));
        float baseScore = Float.parseFloat(params.path("base_score").asText("0.5"));
        JsonNode model = booster.path("model");
        JsonNode trees = model.path("trees");
        JsonNode info = model.path("tree_info");
        if (classes < 2 || !trees.isArray() || trees.isEmpty() || trees.size() != info.size()) {
            return Optional.empty();
        }
        int total = 0;
        for (JsonNode t : trees) {
            total += t.path("left_children").size();
        }
        int[] nodes = new int[4 * total];
        int[] roots = new int[trees.size()];
        int[] depths = new int[trees.size()];
        int[] treeClass = new int[trees.size()];
        int base = 0;
        for (int t = 0; t < trees.size(); t++) {
            treeClass[t] = info.get(t).asInt();
            roots[t] = 4 * base;
            int n = copyTree(trees.get(t), nodes, base);
            if (n <= 0 || treeClass[t] < 0 || treeClass[t] >= classes) {
                return Optional.empty();
            }
            depths[t] = depth(nodes, roots[t], n);
            if (depths[t] < 0) {
                return Optional.empty();
            }
            base += n;
        }
        return Optional.of(new TreeEnsemble(nodes, roots, depths, treeClass, classes, baseScore));
    }

    /** Copies a tree (XGBoost's arrays: a leaf has no left child and keeps its value as split condition) from node {@code base}; returns its size, 0 if unreadable. */
    private static int copyTree(JsonNode t, int[] nodes, int base) {
        JsonNode left = t.path("left_children");
        JsonNode right = t.path("right_children");
        JsonNode column = t.path("split_indices");
        JsonNode condition = t.path("split_conditions");
        JsonNode defaultLeft = t.path("default_left");
        int n = left.size();
        for (JsonNode type : t.path("split_type")) {
            if (type.asInt() != 0) {
                return 0; // categorical split
            }
        }
        if (n == 0 || right.size() != n || column.size() != n || condition.size() != n || defaultLeft.size() != n) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            int at = 4 * (base + i);
            int l = left.get(i).asInt();
            int r = right.get(i).asInt();
            int c = column.get(i).asInt();
            if (l == -1) {
                nodes[at] = 0; // read and ignored: both ways lead back here
                nodes[at + 1] = at;
                nodes[at + 2] = at;
            } else if (l <= 0 || l >= n || r <= 0 || r >= n || c < 0 || c >= COLUMN) {
                return 0;
            } else {
                JsonNode d = defaultLeft.get(i);
                boolean missingLeft = d.isBoolean() ? d.asBoolean() : d.asInt() != 0;
                nodes[at] = c | (missingLeft ? DEFAULT_LEFT : 0);
                nodes[at + 1] = 4 * (base + l);
                nodes[at + 2] = 4 * (base + r);
            }
            nodes[at + 3] = Float.floatToRawIntBits((float) condition.get(i).asDouble());
        }
        return n;
    }

    /** The longest path from {@code root} to a leaf, or -1 if the tree has a cycle or is deeper than its size. */
    private static int depth(int[] nodes, int root, int size) {
        int deepest = 0;
        java.util.ArrayDeque<int[]> todo = new java.util.ArrayDeque<>();
        todo.push(new int[] {root, 0});
        while (!todo.isEmpty()) {
            int[] n = todo.pop();
            int at = n[0];
            if (n[1] > size) {
                return -1;
            }
            if (nodes[at + 1] == at) {
                deepest = Math.max(deepest, n[1]);
            } else {
                todo.push(new int[] {nodes[at + 1], n[1] + 1});
                todo.push(new int[] {nodes[at + 2], n[1] + 1});
            }
        }
        return deepest;
    }

    /** Whether every split reads a column below {@code columns}. */
    boolean fits(int columns) {
        for (int at = 0; at < nodes.length; at += 4) {
            if ((nodes[at] & COLUMN) >= columns) {
                return false;
            }
        }
        return true;
    }

    /** The classes' probabilities for a dense row (columns as in the DMatrix the model was trained on, NaN = missing). */
    double[] probabilities(float[] row) {
        float[] margin = new float[classes];
        java.util.Arrays.fill(margin, baseScore);
        int t = 0;
        for (; t + 4 <= roots.length; t += 4) { // four independent walks interleaved: the CPU overlaps their loads
            int a = roots[t];
            int b = roots[t + 1];
            int c = roots[t + 2];
            int d = roots[t + 3];
            int steps = Math.max(Math.max(depths[t], depths[t + 1]), Math.max(depths[t + 2], depths[t + 3]));
            for (int i = 0; i < steps; i++) {
                a = step(row, a);
                b = step(row, b);
                c = step(row, c);
                d = step(row, d);
            }
            margin[treeClass[t]] += value(a);
            margin[treeClass[t + 1]] += value(b);
            margin[treeClass[t + 2]] += value(c);
            margin[treeClass[t + 3]] += value(d);
        }
        for (; t < roots.length; t++) {
            int a = roots[t];
            for (int i = 0; i < depths[t]; i++) {
                a = step(row, a);
            }
            margin[treeClass[t]] += value(a);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float m : margin) {
            max = Math.max(max, m);
        }
        double sum = 0;
        double[] p = new double[classes];
        for (int k = 0; k < classes; k++) {
            p[k] = Math.exp(margin[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < classes; k++) {
            p[k] /= sum;
        }
        return p;
    }

    /** The child {@code row} goes to from the node at {@code at} (a leaf: itself): NaN takes the default way, else {@code value < condition} goes left. */
    private int step(float[] row, int at) {
        int split = nodes[at];
        float v = row[split & COLUMN];
        // non-short-circuit operators: no branch to mispredict, the JIT selects the child without one
        boolean left = v < Float.intBitsToFloat(nodes[at + 3]) | (v != v & (split & DEFAULT_LEFT) != 0);
        return nodes[at + (left ? 1 : 2)];
    }

    private float value(int leaf) {
        return Float.intBitsToFloat(nodes[leaf + 3]);
    }
}
