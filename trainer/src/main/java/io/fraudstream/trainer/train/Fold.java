package io.fraudstream.trainer.train;

import io.fraudstream.trainer.data.TimeWindow;

/**
 * One rolling validation fold: train on {@code train}, validate on {@code validation}, which starts a gap after
 * {@code train} ends.
 *
 * @param index      0 for the earliest fold
 * @param train      the training window
 * @param validation the validation window
 */
public record Fold(int index, TimeWindow train, TimeWindow validation) {}
