package dev.switchyard.core.answer;

import dev.switchyard.core.catalog.EndpointSpec;
import dev.switchyard.core.catalog.WireProtocol;
import dev.switchyard.core.error.UpstreamFailure;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The answer to one exchange: who served it, the headers it adds, and its {@link DeltaStream}. Produced by a
 * provider adapter once content begins, handed up through the attempt ring, the router and the request ring, and
 * written to the client by the edge. See the package documentation for the rules.
 */
public final class Answer {

    private final EndpointSpec servedBy;
    private final WireProtocol protocol;
    private final boolean streamed;
    private final boolean inIr;
    private final Map<String, String> headers;
    private final DeltaStream deltas;

    /**
     * @param servedBy the endpoint whose answer this is
     * @param protocol the provider's wire protocol (what IR deltas were decoded from; bytes deltas are already in the
     *     client's)
     * @param streamed whether the deltas are a stream (else one whole delta)
     * @param inIr whether the deltas are IR events for the edge to encode (else the client's own bytes)
     * @param headers response headers to add, in order
     * @param deltas the deltas and ending
     */
    public Answer(EndpointSpec servedBy, WireProtocol protocol, boolean streamed, boolean inIr,
                  Map<String, String> headers, DeltaStream deltas) {
        this(servedBy, protocol, streamed, inIr, Collections.unmodifiableMap(new LinkedHashMap<>(headers)), deltas,
                true);
    }

    /** Shares an already copied header map: every stage wraps the answer, and copying per stage is waste. */
    private Answer(EndpointSpec servedBy, WireProtocol protocol, boolean streamed, boolean inIr,
                   Map<String, String> headers, DeltaStream deltas, boolean copied) {
        this.servedBy = Objects.requireNonNull(servedBy, "servedBy");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.streamed = streamed;
        this.inIr = inIr;
        this.headers = headers;
        this.deltas = Objects.requireNonNull(deltas, "deltas");
    }

    public EndpointSpec servedBy() {
        return servedBy;
    }

    /** The protocol of the provider that answered. */
    public WireProtocol protocol() {
        return protocol;
    }

    public boolean streamed() {
        return streamed;
    }

    /** Whether the deltas are IR events, which the edge encodes for the client. */
    public boolean inIr() {
        return inIr;
    }

    /** Headers for the client's response, in order. */
    public Map<String, String> headers() {
        return headers;
    }

    /** This answer with one more header. */
    public Answer header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Answer(servedBy, protocol, streamed, inIr, h, deltas);
    }

    public DeltaStream deltas() {
        return deltas;
    }

    /** This answer with its deltas passing through {@code tap} on their way up. */
    public Answer through(Tap tap) {
        DeltaStream above = deltas;
        DeltaStream tapped = new DeltaStream() {
            @Override
            public void start(DeltaSink sink) {
                above.start(tap.wrap(sink, above));
            }

            @Override
            public void pause() {
                above.pause();
            }

            @Override
            public void resume() {
                above.resume();
            }

            @Override
            public void cancel(UpstreamFailure reason) {
                above.cancel(reason);
            }
        };
        return new Answer(servedBy, protocol, streamed, inIr, headers, tapped, true);
    }

    /** This answer, calling {@code action} with its ending before passing the ending on. */
    public Answer onEnd(Consumer<Ending> action) {
        return through((down, up) -> new DeltaSink() {
            @Override
            public void onDelta(Delta delta) {
                down.onDelta(delta);
            }

            @Override
            public void onEnd(Ending ending) {
                action.accept(ending);
                down.onEnd(ending);
            }
        });
    }
}
