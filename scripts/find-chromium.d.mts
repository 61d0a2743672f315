export const INSTALL_HINT: string;
export const NON_SECURE_HOST: string;
export const CHROMIUM_FLAGS: string[];
export function findChromium(): string | null;
export function ensureChromium(): string;
