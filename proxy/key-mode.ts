// Whose BFL key goes upstream (proxy/README.md, Key modes).
export type KeyMode =
  /** The plugin sends the user's own BFL key as x-key; the proxy forwards it to BFL's API hosts only. */
  | { kind: 'pass-through' }
  /** The plugin sends a team token as x-key; the proxy checks it and sends its own key instead. */
  | { kind: 'team'; teamToken: string; serverKey: string };
