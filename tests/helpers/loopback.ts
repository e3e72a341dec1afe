/**
 * A loopback HTTP server (Deno.serve) that records what it receives and how many requests it has
 * in flight, for tests that need a real network hop but no byte-level faults.
 *
 * @module
 */

/** A request as the server received it. */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

/** A running recording server. */
export interface LoopbackServer {
  /** Its origin, such as `http://127.0.0.1:4312`. */
  url: string;
  /** Every request received, in order. */
  requests: ReceivedRequest[];
  /** The most requests it was handling at once since the last {@link LoopbackServer.reset}. */
  readonly maxInFlight: number;
  /** Forgets the requests and the in-flight peak. */
  reset(): void;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Serves `handler` on a free loopback port; `handler` sees each request after it is recorded. */
export function serveLoopback(
  handler: (request: ReceivedRequest, index: number) => Response | Promise<Response>,
): LoopbackServer {
  const requests: ReceivedRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        const received = {
          method: request.method,
          url: new URL(request.url),
          headers: request.headers,
          body: await request.text(),
        };
        requests.push(received);
        return await handler(received, requests.length - 1);
      } finally {
        inFlight--;
      }
    },
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    reset() {
      requests.length = 0;
      maxInFlight = 0;
    },
    close: () => server.shutdown(),
  };
}
