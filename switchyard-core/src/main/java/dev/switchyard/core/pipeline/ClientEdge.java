package dev.switchyard.core.pipeline;

import dev.switchyard.core.answer.Answer;
import dev.switchyard.core.answer.Delta;
import dev.switchyard.core.answer.DeltaSink;
import dev.switchyard.core.answer.DeltaStream;
import dev.switchyard.core.answer.Ending;
import dev.switchyard.core.error.ErrorKind;
import dev.switchyard.core.error.GatewayError;
import dev.switchyard.core.error.UpstreamFailure;
import dev.switchyard.core.ir.FrontDoorCodec;
import dev.switchyard.core.ir.ResponseMeta;
import dev.switchyard.core.ir.StreamEncoder;
import dev.switchyard.core.ir.StreamEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge: the one place an answer is written to the client. It adds the answer's headers, encodes IR deltas in the
 * client's wire format (bytes deltas are already in it), pauses the answer while the client's socket buffer is full,
 * and ends the response as the answer's ending says: cleanly, or with an in-band error event in the client's format.
 */
final class ClientEdge {

    private static final Logger LOG = LoggerFactory.getLogger(ClientEdge.class);

    private ClientEdge() {
    }

    /**
     * Writes the answer; the future completes with its ending once the client has it all (or is gone).
     * {@code beforeLastBytes} runs with the ending just before the response's last bytes go out: what must be
     * recorded about an answer (the ledger's write-ahead entry) is then recorded before the client can have it, so a
     * crash can never leave an answered request without its record.
     */
    static Future<Ending> deliver(Exchange exchange, Answer answer, Consumer<Ending> beforeLastBytes) {
        ClientChannel client = exchange.client();
        Promise<Ending> done = Promise.promise();
        DeltaSink writer;
        try {
            for (Map.Entry<String, String> h : answer.headers().entrySet()) {
                client.header(h.getKey(), h.getValue());
            }
            writer = answer.streamed() ? new StreamWriter(exchange, answer, done, beforeLastBytes)
                    : new WholeWriter(exchange, answer, done, beforeLastBytes);
        } catch (RuntimeException e) {
            // never leave the client waiting: the answer still runs to its end through every ring (so budgets and
            // limits settle and the ledger counts what the provider did), and the client gets an internal error
            LOG.error("the answer to {} could not be written to its client", exchange.id(), e);
            UpstreamFailure internal = internalFailure(exchange);
            answer.deltas().start(new Undeliverable(exchange, done, beforeLastBytes, internal));
            answer.deltas().cancel(internal);
            return done.future();
        }
        answer.deltas().start(writer);
        return done.future();
    }

    private static UpstreamFailure internalFailure(Exchange exchange) {
        return new UpstreamFailure(GatewayError.builder(ErrorKind.SERVER, "internal error in the gateway (generation "
                + exchange.id() + ")").build(), "internal", false, 0);
    }

    /** Takes an answer that cannot be written to its client to its end, and tells the client the gateway failed. */
    private static final class Undeliverable implements DeltaSink {
        private final Exchange exchange;
        private final Promise<Ending> done;
        private final Consumer<Ending> beforeLastBytes;
        private final UpstreamFailure failure;

        Undeliverable(Exchange exchange, Promise<Ending> done, Consumer<Ending> beforeLastBytes,
                      UpstreamFailure failure) {
            this.exchange = exchange;
            this.done = done;
            this.beforeLastBytes = beforeLastBytes;
            this.failure = failure;
        }

        @Override
        public void onDelta(Delta delta) {
        }

        @Override
        public void onEnd(Ending ending) {
            Ending failed = Ending.failed(ending.usage(), ending.finishReason(), failure);
            recordFirst(beforeLastBytes, failed, exchange);
            if (!exchange.client().closed()) {
                exchange.client().fail(failure.error());
            }
            done.complete(failed);
        }
    }

    /**
     * Runs the record step before the last bytes; a failure there is logged and never keeps the client from its
     * answer (an exception here would otherwise leave the response unfinished).
     */
    private static void recordFirst(Consumer<Ending> beforeLastBytes, Ending ending, Exchange exchange) {
        try {
            beforeLastBytes.accept(ending);
        } catch (RuntimeException e) {
            LOG.error("recording the answer to {} failed; the client still gets it", exchange.id(), e);
        }
    }

    private static ResponseMeta meta(Exchange exchange, Answer answer) {
        InboundRequest request = exchange.request();
        return new ResponseMeta(exchange.id(), request.model(), exchange.createdAtMillis() / 1000,
                request.clientWantsUsage(), answer.protocol());
    }

    /** A streamed answer: one write per delta, as it arrives. */
    private static final class StreamWriter implements DeltaSink {
        private final Exchange exchange;
        private final Answer answer;
        private final ClientChannel client;
        private final DeltaStream deltas;
        private final Promise<Ending> done;
        private final Consumer<Ending> beforeLastBytes;
        private StreamEncoder encoder;

        StreamWriter(Exchange exchange, Answer answer, Promise<Ending> done, Consumer<Ending> beforeLastBytes) {
            this.exchange = exchange;
            this.answer = answer;
            this.client = exchange.client();
            this.deltas = answer.deltas();
            this.done = done;
            this.beforeLastBytes = beforeLastBytes;
            client.beginStream();
        }

        @Override
        public void onDelta(Delta delta) {
            Buffer out = switch (delta) {
                case Delta.StreamBytes b -> b.bytes();
                case Delta.StreamEvents e -> encode(e);
                default -> throw new IllegalStateException("a whole answer in a stream: " + delta);
            };
            if (out.length() == 0) {
                return;
            }
            client.write(out);
            if (client.writeQueueFull()) {
                deltas.pause();
                client.drainHandler(deltas::resume);
            }
        }

        private Buffer encode(Delta.StreamEvents delta) {
            Buffer out = Buffer.buffer();
            StreamEncoder enc = encoder();
            for (StreamEvent event : delta.events()) {
                enc.encode(event, out);
            }
            return out;
        }

        private StreamEncoder encoder() {
            if (encoder == null) {
                FrontDoorCodec codec = exchange.request().frontDoor();
                encoder = codec.streamEncoder(meta(exchange, answer));
            }
            return encoder;
        }

        @Override
        public void onEnd(Ending ending) {
            recordFirst(beforeLastBytes, ending, exchange);
            if (ending.failure().isPresent()) {
                client.fail(ending.failure().get().error()); // in-band: the status line is gone
            } else {
                if (answer.inIr()) {
                    Buffer tail = Buffer.buffer();
                    encoder().end(tail);
                    if (tail.length() > 0) {
                        client.write(tail);
                    }
                }
                client.endStream();
            }
            done.complete(ending);
        }
    }

    /** A non-streamed answer: one response with the whole body. */
    private static final class WholeWriter implements DeltaSink {
        private final Exchange exchange;
        private final Answer answer;
        private final Promise<Ending> done;
        private final Consumer<Ending> beforeLastBytes;
        private Buffer body;

        WholeWriter(Exchange exchange, Answer answer, Promise<Ending> done, Consumer<Ending> beforeLastBytes) {
            this.exchange = exchange;
            this.answer = answer;
            this.done = done;
            this.beforeLastBytes = beforeLastBytes;
        }

        @Override
        public void onDelta(Delta delta) {
            body = switch (delta) {
                case Delta.WholeBytes b -> b.bytes();
                case Delta.WholeResponse r -> exchange.request().frontDoor().encodeResponse(r.response(),
                        meta(exchange, answer));
                default -> throw new IllegalStateException("a stream delta in a whole answer: " + delta);
            };
        }

        @Override
        public void onEnd(Ending ending) {
            ClientChannel client = exchange.client();
            if (ending.failure().isEmpty() && body == null) {
                LOG.error("the answer to {} ended without its body", exchange.id());
                ending = Ending.failed(ending.usage(), ending.finishReason(), internalFailure(exchange));
            }
            recordFirst(beforeLastBytes, ending, exchange);
            if (ending.failure().isPresent()) {
                client.fail(ending.failure().get().error());
            } else {
                client.respond(200, "application/json", body);
            }
            done.complete(ending);
        }
    }
}
