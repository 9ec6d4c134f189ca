import { execSync } from 'node:child_process';

/** The end-to-end tests run against the built renderer, as a user's browser mode does. */
export default function globalSetup(): void {
  execSync('npx vite build --logLevel warn', { stdio: 'inherit' });
}
