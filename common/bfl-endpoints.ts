// Black Forest Labs' API: the default host and the three paths Outpaint calls, named once for the UI client and
// the proxy (docs/bfl-api.md, Hosts and regions / Submit, poll, download / Credits). The submit path is the one in
// https://docs.bfl.ai/flux_tools/flux_outpainting; polling goes to the returned polling_url, which is
// GET /v1/get_result on a regional host (https://docs.bfl.ai/api_integration/integration_guidelines).

/** The global entry point; regional hosts are api.<region>.bfl.ai (api.eu.bfl.ai, api.us.bfl.ai, api.eu2.bfl.ai…). */
export const BFL_API_ORIGIN = 'https://api.bfl.ai';
export const OUTPAINT_PATH = '/v1/flux-tools/outpainting-v1';
export const GET_RESULT_PATH = '/v1/get_result';
export const CREDITS_PATH = '/v1/credits';
