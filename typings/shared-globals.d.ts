/**
 * The globals shared/ may use beyond the language: those that Node and browsers both have, typed as
 * far as shared/ uses them. Only tsconfig.shared.json reads this file (the other configurations
 * have the full types from @types/node or the DOM library).
 */
declare class URL {
  constructor(url: string, base?: string | URL);
  readonly href: string;
  readonly origin: string;
  readonly protocol: string;
  readonly host: string;
  readonly hostname: string;
  readonly port: string;
  readonly username: string;
  readonly password: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
  toString(): string;
}
