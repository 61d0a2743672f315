// `npm run fake-bfl -- --port N [--key K] [--latency MS] [--cors permissive] [--retry-after S] [--render-ahead MS]`
// Starts the strict fake BFL server (docs/bfl-api.md, The strict fake) and prints its URL.
import { parseArgs } from 'node:util';
import { startFakeBflAsync } from './fake-bfl-server';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8788' },
    host: { type: 'string', default: '127.0.0.1' },
    key: { type: 'string', default: 'test-key' },
    latency: { type: 'string' },
    cors: { type: 'string', default: 'none' },
    'retry-after': { type: 'string' },
    'extra-fields': { type: 'string', default: 'forbid' },
    'render-ahead': { type: 'string' },
  },
});

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a number from 0 to 65535, got "${values.port}"`);
if (values.cors !== 'none' && values.cors !== 'permissive') fail('--cors must be "none" or "permissive"');
if (values['extra-fields'] !== 'forbid' && values['extra-fields'] !== 'ignore')
  fail('--extra-fields must be "forbid" or "ignore"');
const latency = values.latency === undefined ? undefined : Number(values.latency);
if (latency !== undefined && !(latency >= 0)) fail('--latency must be a number of milliseconds ≥ 0');
const retryAfter = values['retry-after'] === undefined ? null : Number(values['retry-after']);
const renderAhead = values['render-ahead'] === undefined ? undefined : Number(values['render-ahead']);
if (renderAhead !== undefined && !(renderAhead >= 0)) fail('--render-ahead must be a number of milliseconds ≥ 0');

const fake = await startFakeBflAsync({
  port,
  host: values.host,
  keys: [values.key],
  cors: values.cors,
  extraFields: values['extra-fields'],
  retryAfterSeconds: retryAfter,
  ...(latency === undefined ? {} : { latencyMs: latency }),
  ...(renderAhead === undefined ? {} : { renderAheadMs: renderAhead }),
});
console.log(`Fake BFL listening on ${fake.url} (key: ${values.key}, cors: ${values.cors})`);

const stop = (): void => {
  void fake.closeAsync().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
