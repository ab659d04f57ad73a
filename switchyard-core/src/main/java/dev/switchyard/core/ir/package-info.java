/**
 * The intermediate representation every wire format translates to and from: one request shape ({@link
 * dev.switchyard.core.ir.ChatRequest}), one response shape ({@link dev.switchyard.core.ir.ChatResponse}) and one
 * vocabulary of stream events ({@link dev.switchyard.core.ir.StreamEvent}).
 *
 * <p>Front doors decode the client's format into it ({@link dev.switchyard.core.ir.FrontDoorCodec}); provider codecs
 * encode it into the provider's format and decode the answer back ({@link dev.switchyard.core.ir.ProviderCodec}). A
 * request whose client and provider speak the same format does not come here at all: it takes the byte-forwarding
 * fast path. The IR is lossless for what any supported protocol can express and carries the rest as opaque parts
 * tagged with the protocol they came from, so a provider of that same protocol receives them unchanged.
 */
package dev.switchyard.core.ir;
