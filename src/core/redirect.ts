/**
 * Which redirects the client follows, and what it sends after one. The client asks `fetch` not
 * to follow redirects, so that credentials and bodies never travel to another origin:
 *
 * - the same origin: followed, with everything as it was;
 * - another origin: not followed, unless the client opts in (`crossOriginRedirects`): a client
 *   on a server can otherwise be sent to fetch internal addresses. Opted in, it is followed with
 *   `Accept` and `Content-Type` alone (no credential, and none of the caller's own headers,
 *   whatever their names), and only when there is no body to carry (a token request's body
 *   holds the password);
 * - a 301, 302 or 303 would turn anything but GET or HEAD into a GET, and is not followed;
 * - at most {@link MAX_REDIRECTS} in a row.
 *
 * @module
 */

/** Statuses that redirect. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Redirects followed in a row before giving up. */
export const MAX_REDIRECTS = 5;

/** How redirects to another origin are treated. */
export interface RedirectPolicy {
  /** Follow redirects to another origin (without credentials or a body). */
  crossOrigin: boolean;
}

/** The only headers that travel to another origin. */
const CROSS_ORIGIN_HEADERS = ["accept", "content-type"];

/** A request as the client sends it. */
export interface Hop {
  /** Absolute URL. */
  url: string;
  /** HTTP method. */
  method: string;
  /** Headers, lower-case names. */
  headers: Record<string, string>;
  /** JSON body, if any. */
  body?: string;
}

/**
 * The request to send after `response` redirected `hop`, or why it is not followed. `redirects`
 * counts the redirects already followed.
 */
export function nextHop(
  hop: Hop,
  response: Response,
  redirects: number,
  policy: RedirectPolicy,
): { next: Hop } | { refusal: string } {
  if (redirects >= MAX_REDIRECTS) return { refusal: `more than ${MAX_REDIRECTS} redirects` };
  const location = response.headers.get("location");
  if (!location) return { refusal: "the redirect has no Location" };
  let target: URL;
  try {
    target = new URL(location, hop.url);
  } catch {
    return { refusal: "the redirect's Location is not a URL" };
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    return { refusal: `the redirect goes to a ${target.protocol} URL` };
  }
  if (response.status < 307 && hop.method !== "GET" && hop.method !== "HEAD") {
    return { refusal: `a ${response.status} would turn ${hop.method} into GET` };
  }
  target.hash = "";
  if (target.origin === new URL(hop.url).origin) return { next: { ...hop, url: target.href } };
  if (!policy.crossOrigin) {
    return {
      refusal: `the redirect goes to another origin (${target.origin}); ` +
        "set crossOriginRedirects: true to follow such redirects, without credentials",
    };
  }
  if (hop.body !== undefined) {
    return { refusal: `the request body is not sent on to another origin (${target.origin})` };
  }
  const headers: Record<string, string> = {};
  for (const name of CROSS_ORIGIN_HEADERS) if (hop.headers[name]) headers[name] = hop.headers[name];
  return { next: { ...hop, url: target.href, headers } };
}

/** Where a chain of redirects ended: the last answer, the request it answered, and a refusal. */
export interface RedirectEnd {
  /** The answer that was not followed further. */
  response: Response;
  /** The request it answered. */
  hop: Hop;
  /** Why a redirect in `response` was not followed, if it is one. */
  refusal?: string;
}

/** Sends `first` and follows the redirects it gets, by the rules above. */
export async function followRedirects(
  first: Hop,
  send: (hop: Hop) => Promise<Response>,
  policy: RedirectPolicy,
): Promise<RedirectEnd> {
  let hop = first;
  for (let redirects = 0;; redirects++) {
    const response = await send(hop);
    if (!REDIRECT_STATUSES.has(response.status)) return { response, hop };
    await response.body?.cancel();
    const step = nextHop(hop, response, redirects, policy);
    if ("refusal" in step) return { response, hop, refusal: step.refusal };
    hop = step.next;
  }
}
