// Types for scripts/dist.mjs (its test imports it).
export type DistPlatform = 'mac' | 'win' | 'linux';
export declare function targetPlatforms(args: string[], platform?: NodeJS.Platform): DistPlatform[];
export declare function missingSigningSecrets(
  platforms: DistPlatform[],
  env?: Record<string, string | undefined>,
): Partial<Record<DistPlatform, string[]>>;
export declare function refusalMessage(missing: Partial<Record<DistPlatform, string[]>>): string;
export declare function distPlan(
  args: string[],
  env?: Record<string, string | undefined>,
  platform?: NodeJS.Platform,
): { ok: true; unsigned: boolean; builderArgs: string[]; env: Record<string, string> } | { ok: false; message: string };
