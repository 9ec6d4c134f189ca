// Types for scripts/build-renderer-if-changed.mjs (its test imports it).
export declare const INPUT_DIRS: string[];
export declare const INPUT_FILES: string[];
export declare const STAMP_FILE: string;
export declare function rendererInputs(root: string): string[];
export declare function inputsHash(root: string): string;
export declare function isBuildCurrent(root: string): boolean;
export declare function buildRendererIfChanged(options?: {
  root?: string;
  build?: (root: string) => void;
  log?: (line: string) => void;
}): boolean;
