// Types for scripts/ensure-native.mjs (its test imports it).
export declare const NATIVE_MODULES: string[];
export declare function parseAbiMismatch(message: string | null | undefined): { built: number; wanted: number } | null;
export declare function needsRebuild(loadError: string | null | undefined): boolean;
export declare function loadError(moduleName: string, cwd?: string): string | null;
export declare function ensureNative(options?: {
  modules?: string[];
  load?: (moduleName: string) => string | null;
  rebuild?: (moduleNames: string[]) => void;
  log?: (line: string) => void;
}): string[];
export declare function prebuiltBinary(moduleDir: string, platform?: string, arch?: string): string | null;
export declare function rebuildModule(
  name: string,
  options?: { moduleDir?: string; run?: (npmArgs: string[]) => void },
): void;
