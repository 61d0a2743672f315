export interface BuildReport {
  ms: number;
  codeBytes: number;
  uiBytes: number;
}
export function buildAll(): Promise<BuildReport>;
