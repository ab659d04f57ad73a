package dev.switchyard.bench.harness;

import java.util.Map;
import java.util.Optional;

/**
 * One system under test, as the load client sees it: where to send, with which headers, and (when it is a process of
 * its own) the process to measure.
 *
 * @param name a short name used in reports
 * @param port its loopback port
 * @param path the chat completions path
 * @param headers sent with every request (Portkey's routing headers, for instance)
 * @param model the model name to send
 * @param process the process to measure, absent for "direct" (the simulator itself is not the system under test)
 */
record Target(String name, int port, String path, Map<String, String> headers, String model,
              Optional<Proc> process) {
}
