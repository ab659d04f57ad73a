package dev.switchyard.core.answer;

import dev.switchyard.core.error.UpstreamFailure;
import java.util.List;
import java.util.Objects;

/**
 * A {@link DeltaStream} of deltas already in hand: an answer replayed from a cache, or a test's. It honours pause and
 * cancel between deltas.
 */
public final class ReplayStream implements DeltaStream {

    private final List<Delta> deltas;
    private final Ending ending;
    private DeltaSink sink;
    private int next;
    private boolean paused;
    private boolean ended;

    /**
     * @param deltas delivered in order
     * @param ending delivered after them
     */
    public ReplayStream(List<Delta> deltas, Ending ending) {
        this.deltas = List.copyOf(deltas);
        this.ending = Objects.requireNonNull(ending, "ending");
    }

    @Override
    public void start(DeltaSink sink) {
        if (this.sink != null) {
            throw new IllegalStateException("a replayed answer was started twice");
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        pump();
    }

    private void pump() {
        while (!paused && !ended && next < deltas.size()) {
            sink.onDelta(deltas.get(next++));
        }
        if (!paused && !ended && next == deltas.size()) {
            ended = true;
            sink.onEnd(ending);
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        paused = false;
        if (sink != null) {
            pump();
        }
    }

    @Override
    public void cancel(UpstreamFailure reason) {
        if (ended) {
            return;
        }
        ended = true;
        if (sink != null) {
            sink.onEnd(Ending.failed(ending.usage(), ending.finishReason(), reason));
        }
    }
}
