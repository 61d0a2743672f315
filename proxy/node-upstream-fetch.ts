// The fetch the proxy uses on Node (Node only; node-main.ts passes it to createApp). Under the Fetch standard's
// HTTP-network-or-cache fetch, a request whose redirect mode is not "error" is cloned, and cloning a request with a
// stream body tees the stream (https://fetch.spec.whatwg.org/#http-network-or-cache-fetch, step 8). Node's fetch
// (undici) does just that, and the unread branch keeps every chunk of a streamed submit body until the request ends,
// which is the whole body again: ten 20 MB uploads held 190 MB. With redirect "error" there is no clone; a redirect
// then fails the request, which the app answers with 502 as it answers any redirect. Workers do not implement
// "error" (they reject it), so the app itself keeps "manual" and this stays a Node-only choice.
export const nodeUpstreamFetch: typeof fetch = (input, init) =>
  fetch(input, init?.body instanceof ReadableStream ? { ...init, redirect: 'error' } : init);
