package io.fraudstream.scoring.model;

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

    private final Tree[] trees;
    private final int[] treeClass;
    private final int classes;
    private final float baseScore;

    private TreeEnsemble(Tree[] trees, int[] treeClass, int classes, float baseScore) {
        this.trees = trees;
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
        if (!"gbtree".equals(booster.path("name").asText()) || !"multi:softprob".equals(learner.path("objective").path("name").asText())) {
            return Optional.empty();
        }
        JsonNode params = learner.path("learner_model_param");
        int classes = Integer.parseInt(params.path("num_class").asText("0"));
        float baseScore = Float.parseFloat(params.path("base_score").asText("0.5"));
        JsonNode model = booster.path("model");
        JsonNode treesJson = model.path("trees");
        JsonNode info = model.path("tree_info");
        if (classes < 2 || !treesJson.isArray() || treesJson.size() != info.size()) {
            return Optional.empty();
        }
        Tree[] trees = new Tree[treesJson.size()];
        int[] treeClass = new int[trees.length];
        for (int t = 0; t < trees.length; t++) {
            treeClass[t] = info.get(t).asInt();
            Optional<Tree> tree = Tree.parse(treesJson.get(t));
            if (tree.isEmpty() || treeClass[t] < 0 || treeClass[t] >= classes) {
                return Optional.empty();
            }
            trees[t] = tree.get();
        }
        return Optional.of(new TreeEnsemble(trees, treeClass, classes, baseScore));
    }

    /** Whether every split reads a column below {@code columns}. */
    boolean fits(int columns) {
        for (Tree t : trees) {
            for (int i = 0; i < t.feature().length; i++) {
                if (t.left()[i] != -1 && (t.feature()[i] < 0 || t.feature()[i] >= columns)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The classes' probabilities for a dense row (columns as in the DMatrix the model was trained on, NaN = missing). */
    double[] probabilities(float[] row) {
        float[] margin = new float[classes];
        java.util.Arrays.fill(margin, baseScore);
        for (int t = 0; t < trees.length; t++) {
            margin[treeClass[t]] += trees[t].leaf(row);
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

    /** One tree in XGBoost's array layout: a leaf has no left child and keeps its value in {@code condition}. */
    private record Tree(int[] left, int[] right, int[] feature, float[] condition, boolean[] defaultLeft) {

        static Optional<Tree> parse(JsonNode t) {
            int n = t.path("left_children").size();
            for (JsonNode type : t.path("split_type")) {
                if (type.asInt() != 0) {
                    return Optional.empty(); // categorical split
                }
            }
            if (n == 0 || t.path("right_children").size() != n || t.path("split_indices").size() != n
                    || t.path("split_conditions").size() != n || t.path("default_left").size() != n) {
                return Optional.empty();
            }
            int[] left = new int[n];
            int[] right = new int[n];
            int[] feature = new int[n];
            float[] condition = new float[n];
            boolean[] defaultLeft = new boolean[n];
            for (int i = 0; i < n; i++) {
                left[i] = t.path("left_children").get(i).asInt();
                right[i] = t.path("right_children").get(i).asInt();
                feature[i] = t.path("split_indices").get(i).asInt();
                condition[i] = (float) t.path("split_conditions").get(i).asDouble();
                JsonNode d = t.path("default_left").get(i);
                defaultLeft[i] = d.isBoolean() ? d.asBoolean() : d.asInt() != 0;
            }
            return Optional.of(new Tree(left, right, feature, condition, defaultLeft));
        }

        float leaf(float[] row) {
            int node = 0;
            while (left[node] != -1) {
                float v = row[feature[node]];
                if (Float.isNaN(v)) {
                    node = defaultLeft[node] ? left[node] : right[node];
                } else {
                    node = v < condition[node] ? left[node] : right[node];
                }
            }
            return condition[node];
        }
    }
}
