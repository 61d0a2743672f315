/** What the playground server tells its page: which engine the simulated user's settings start with. */
export interface PlaygroundConfig {
  engine: 'offline' | 'flux';
  endpoint: string;
  apiKey: string;
  label: string;
}
