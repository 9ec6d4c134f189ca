/**
 * Light or dark: the Settings choice (kept by the core with the other settings), or the OS's when
 * the choice is "system". Applied as <html data-theme="light|dark">; styles.css holds the palettes.
 */
import { create } from 'zustand';
import type { ThemeChoice } from '../../../shared/domain';
import { call } from '../api';

export type Theme = 'light' | 'dark';

const OS_DARK = '(prefers-color-scheme: dark)';

function osTheme(): Theme {
  return typeof window !== 'undefined' && window.matchMedia?.(OS_DARK).matches ? 'dark' : 'light';
}

interface ThemeState {
  choice: ThemeChoice;
  /** What the window shows now. */
  theme: Theme;
  /** Reads the choice from the settings and follows the OS from then on; returns the unsubscribe. */
  start(): () => void;
  /** Keeps the person's choice in the settings and shows it. */
  choose(choice: ThemeChoice): Promise<void>;
  /** The palette's "Toggle theme": the other one of light and dark, kept as the choice. */
  toggle(): Promise<void>;
}

const resolve = (choice: ThemeChoice): Theme => (choice === 'system' ? osTheme() : choice);

function showTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}

export const useTheme = create<ThemeState>((set, get) => ({
  choice: 'system',
  theme: 'light',
  start() {
    const apply = () => {
      const theme = resolve(get().choice);
      showTheme(theme);
      set({ theme });
    };
    apply();
    call('settings.get', {}).then(
      (settings) => {
        set({ choice: settings.theme });
        apply();
      },
      // Unreadable settings: the OS's theme is a fine default, and the screen says what failed.
      () => undefined,
    );
    const media = window.matchMedia?.(OS_DARK);
    media?.addEventListener('change', apply);
    return () => media?.removeEventListener('change', apply);
  },
  async choose(choice) {
    // Shown at once; if it cannot be kept, the window goes back to what is kept and the caller says why.
    const before = get().choice;
    const show = (next: ThemeChoice) => {
      const theme = resolve(next);
      showTheme(theme);
      set({ choice: next, theme });
    };
    show(choice);
    try {
      show((await call('settings.update', { theme: choice })).theme);
    } catch (error) {
      show(before);
      throw error;
    }
  },
  toggle: () => get().choose(get().theme === 'dark' ? 'light' : 'dark'),
}));
