/**
 * The answer to one exchange, as it travels back up through the pipeline.
 *
 * <h2>Why the answer is a value</h2>
 * A provider call used to write its bytes straight to the client, so nothing above it could see what came back:
 * budgets could not settle a real cost or stop a stream at the caller's credit, and a cache or an output guardrail
 * had nowhere to stand. Now every stage returns a {@code Future<Answer>}, as OkHttp's interceptors return a
 * {@code Response} and Gravitee's LLM proxy an {@code LlmResponse}: the provider adapter produces the answer, each
 * ring hands it up, and only the edge ({@code ClientEdge}) writes to the client, encoding for its wire format there.
 *
 * <h2>Shape</h2>
 * An {@link dev.switchyard.core.answer.Answer} is a head (who served it, the headers to add) and a
 * {@link dev.switchyard.core.answer.DeltaStream}: the {@link dev.switchyard.core.answer.Delta}s, one per upstream
 * network read, then one {@link dev.switchyard.core.answer.Ending}, the aggregate (usage, finish reason, and the
 * failure if the answer broke off after it began). A non-streamed answer is the same stream with a single delta
 * holding the whole response, so stages treat both alike.
 *
 * <ul>
 *   <li><b>Commit.</b> The adapter's future completes only when content begins (or the whole body arrived): until
 *       then the router may still fall back. After it, failures are part of the answer, reported in its ending.</li>
 *   <li><b>Fast path.</b> When the client speaks the provider's protocol, deltas carry the provider's bytes
 *       untouched ({@link dev.switchyard.core.answer.Delta.StreamBytes}) with the few counts accounting needs;
 *       otherwise they carry IR events, which the edge encodes for the client.</li>
 *   <li><b>Stages.</b> A stage that must see or change the answer wraps its sink with
 *       {@link dev.switchyard.core.answer.Answer#through}: it sees every delta and the ending on their way up, may
 *       withhold or replace them, and may cancel the source (a budget cut). Back-pressure (pause, resume) and
 *       cancellation travel down through the same wrappers to the upstream socket.</li>
 *   <li><b>Exactly once.</b> The edge starts every answer's stream exactly once, and every stream ends exactly once,
 *       whether it completes, fails, is cut or the client leaves: that is what makes settling exact.</li>
 * </ul>
 */
package dev.switchyard.core.answer;
